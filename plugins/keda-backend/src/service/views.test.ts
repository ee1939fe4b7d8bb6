import { workloadView } from './views';

describe('workloadView', () => {
  const scaledObject = {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledObject',
    metadata: { name: 'orders', namespace: 'shop', uid: 'u1' },
    spec: {
      scaleTargetRef: { name: 'orders' },
      minReplicaCount: 1,
      maxReplicaCount: 10,
      triggers: [
        {
          type: 'kafka',
          metadata: {
            bootstrapServers: 'kafka:9092',
            consumerGroup: 'orders',
            topic: 'orders',
            password: 'hunter2',
          },
          authenticationRef: { name: 'kafka-auth' },
        },
        {
          type: 'rabbitmq',
          metadata: {
            host: 'amqp://user:s3cret@rabbitmq.shop:5672/vhost',
            queueName: 'orders',
          },
        },
      ],
    },
    status: {
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          reason: 'ScaledObjectReady',
          message: 'ok',
        },
      ],
    },
  };

  it('keeps trigger metadata but never a secret value', () => {
    const view = workloadView(
      { cluster: 'demo', scaledObject: scaledObject as any, events: [] },
      new Date('2026-11-28T10:00:00Z'),
    );
    expect(view.triggers[0].metadata).toEqual({
      bootstrapServers: 'kafka:9092',
      consumerGroup: 'orders',
      topic: 'orders',
      password: '<redacted>',
    });
    expect(JSON.stringify(view)).not.toContain('hunter2');
    // rabbitmq host is no secret (KEDA reads it from the metadata first), but
    // a password in its URL is.
    expect(view.triggers[1].metadata).toEqual({
      host: 'amqp://user:<redacted>@rabbitmq.shop:5672/vhost',
      queueName: 'orders',
    });
    expect(JSON.stringify(view)).not.toContain('s3cret');
    expect(view.triggers[0].authenticationRef).toEqual({ name: 'kafka-auth' });
    expect(view.scaleTarget).toEqual({ kind: 'Deployment', name: 'orders' });
    expect(view.status.replicas).toMatchObject({ min: 1, max: 10 });
  });
});
