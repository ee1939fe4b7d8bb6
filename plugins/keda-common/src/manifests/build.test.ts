import { buildManifests } from './build';
import type { ScalingIntent } from './types';
import { validateIntent } from './validate';
import { parseManifestsYaml, renderManifestsYaml } from './yaml';

const intent: ScalingIntent = {
  name: 'orders-worker',
  namespace: 'orders',
  kubernetesId: 'orders-worker',
  scaleTarget: { name: 'orders-worker' },
  minReplicaCount: 0,
  maxReplicaCount: 30,
  pollingInterval: 15,
  triggers: [
    {
      type: 'kafka',
      name: 'lag',
      metadata: {
        bootstrapServers: 'kafka.orders:9092',
        consumerGroup: 'orders',
        topic: 'orders',
        lagThreshold: 50,
        sasl: 'plaintext',
      },
      authentication: {
        secretRefs: [
          {
            parameter: 'username',
            secretName: 'kafka-credentials',
            key: 'user',
          },
          {
            parameter: 'password',
            secretName: 'kafka-credentials',
            key: 'password',
          },
        ],
      },
    },
  ],
  pause: { paused: true },
};

describe('buildManifests', () => {
  it('renders a ScaledObject and its TriggerAuthentication, keys in review order', () => {
    const [so, ta] = buildManifests(intent);
    expect(Object.keys(so)).toEqual(['apiVersion', 'kind', 'metadata', 'spec']);
    expect(Object.keys(so.metadata)).toEqual([
      'name',
      'namespace',
      'labels',
      'annotations',
    ]);
    expect(Object.keys(so.spec)).toEqual([
      'scaleTargetRef',
      'pollingInterval',
      'minReplicaCount',
      'maxReplicaCount',
      'triggers',
    ]);
    expect(so.metadata.labels).toEqual({
      'backstage.io/kubernetes-id': 'orders-worker',
    });
    expect(so.metadata.annotations).toEqual({
      'autoscaling.keda.sh/paused': 'true',
    });
    expect((so.spec.triggers as any)[0]).toEqual({
      type: 'kafka',
      name: 'lag',
      metadata: {
        bootstrapServers: 'kafka.orders:9092',
        consumerGroup: 'orders',
        topic: 'orders',
        lagThreshold: '50',
        sasl: 'plaintext',
      },
      authenticationRef: { name: 'orders-worker-lag-auth' },
    });
    expect(ta).toEqual({
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'TriggerAuthentication',
      metadata: {
        name: 'orders-worker-lag-auth',
        namespace: 'orders',
        labels: { 'backstage.io/kubernetes-id': 'orders-worker' },
      },
      spec: {
        secretTargetRef: [
          { parameter: 'username', name: 'kafka-credentials', key: 'user' },
          { parameter: 'password', name: 'kafka-credentials', key: 'password' },
        ],
      },
    });
    expect(validateIntent(intent)).toEqual([]);
  });

  it('references an existing ClusterTriggerAuthentication without creating one', () => {
    const manifests = buildManifests({
      ...intent,
      triggers: [
        {
          ...intent.triggers[0],
          authentication: {
            name: 'kafka',
            kind: 'ClusterTriggerAuthentication',
          },
        },
      ],
    });
    expect(manifests).toHaveLength(1);
    expect((manifests[0].spec.triggers as any)[0].authenticationRef).toEqual({
      name: 'kafka',
      kind: 'ClusterTriggerAuthentication',
    });
  });

  it('renders a ScaledJob with a job template and strategy', () => {
    const [sj] = buildManifests({
      kind: 'ScaledJob',
      name: 'thumbnails',
      namespace: 'media',
      kubernetesId: 'thumbnails',
      jobTemplate: {
        containers: [{ name: 'worker', image: 'ghcr.io/acme/thumbs:1.2' }],
        backoffLimit: 2,
      },
      maxReplicaCount: 20,
      successfulJobsHistoryLimit: 3,
      scalingStrategy: { strategy: 'accurate' },
      pause: { paused: true, replicas: 3 },
      triggers: [
        {
          type: 'rabbitmq',
          metadata: {
            queueName: 'thumbs',
            mode: 'QueueLength',
            value: '5',
            hostFromEnv: 'RABBITMQ_URL',
          },
        },
      ],
    });
    expect(sj.kind).toBe('ScaledJob');
    expect(Object.keys(sj.spec)).toEqual([
      'jobTargetRef',
      'successfulJobsHistoryLimit',
      'maxReplicaCount',
      'scalingStrategy',
      'triggers',
    ]);
    expect(sj.spec.jobTargetRef).toEqual({
      backoffLimit: 2,
      template: {
        spec: {
          containers: [{ name: 'worker', image: 'ghcr.io/acme/thumbs:1.2' }],
          restartPolicy: 'Never',
        },
      },
    });
    // paused-replicas is a ScaledObject annotation only
    expect(sj.metadata.annotations).toEqual({
      'autoscaling.keda.sh/paused': 'true',
    });
  });

  it('never throws on a half-filled intent', () => {
    expect(() => buildManifests({} as ScalingIntent)).not.toThrow();
    expect(() =>
      buildManifests({ triggers: [null, { authentication: {} }] } as any),
    ).not.toThrow();
  });
});

describe('renderManifestsYaml', () => {
  it('writes multi-document YAML that reads well and parses back', () => {
    const manifests = buildManifests(intent);
    const text = renderManifestsYaml(manifests);
    expect(text).toContain("lagThreshold: '50'");
    expect(text).toContain('topic: orders\n');
    expect(text).toContain("autoscaling.keda.sh/paused: 'true'");
    expect(text).toContain(
      '\n---\napiVersion: keda.sh/v1alpha1\nkind: TriggerAuthentication',
    );
    expect(text).not.toMatch(/[&*]\w/);
    expect(
      text.startsWith(
        'apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata:\n  name: orders-worker\n',
      ),
    ).toBe(true);
    expect(parseManifestsYaml(text)).toEqual(manifests);
  });

  it('quotes what a YAML 1.1 reader would take for a boolean or number', () => {
    const text = renderManifestsYaml([
      { a: 'on', b: 'yes', c: '0x1F', d: '1_000', e: 'plain text', f: '08' },
    ]);
    expect(text).toBe(
      "a: 'on'\nb: 'yes'\nc: '0x1F'\nd: '1_000'\ne: plain text\nf: '08'\n",
    );
  });

  it('does not use anchors for repeated objects', () => {
    const shared = { name: 'x' };
    expect(renderManifestsYaml([{ a: shared, b: shared }])).toBe(
      'a:\n  name: x\nb:\n  name: x\n',
    );
  });
});
