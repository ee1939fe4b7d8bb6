/**
 * Trigger metadata that KEDA v2.21.0 accepts, which the catalog used to
 * refuse (issue 20, item 1), and what KEDA refuses. Each case names the KEDA
 * source that decides it.
 */
import { validateManifests } from './manifests';

const LABELS = { 'backstage.io/kubernetes-id': 'web' };

function scaledObject(
  type: string,
  metadata: Record<string, string>,
  authName?: string,
) {
  return {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledObject',
    metadata: { name: 'web', namespace: 'shop', labels: LABELS },
    spec: {
      scaleTargetRef: { name: 'web' },
      triggers: [
        {
          type,
          metadata,
          ...(authName ? { authenticationRef: { name: authName } } : {}),
        },
      ],
    },
  };
}

function triggerAuthentication(name: string, parameters: string[]) {
  return {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'TriggerAuthentication',
    metadata: { name, namespace: 'shop', labels: LABELS },
    spec: {
      secretTargetRef: parameters.map(parameter => ({
        parameter,
        name: 'creds',
        key: parameter,
      })),
    },
  };
}

const messagesOf = (objects: unknown[]) =>
  validateManifests(objects).map(p => p.message);

describe('what KEDA v2.21.0 reads', () => {
  it('accepts prometheus with AWS SigV4 (aws/aws_common.go, GetAwsAuthorization)', () => {
    expect(
      messagesOf([
        scaledObject(
          'prometheus',
          {
            serverAddress: 'https://aps-workspaces.eu-west-1.amazonaws.com',
            query: 'sum(up)',
            threshold: '5',
            awsRegion: 'eu-west-1',
            identityOwner: 'pod',
          },
          'aws',
        ),
        triggerAuthentication('aws', [
          'awsRoleArn',
          'awsAccessKeyID',
          'awsSecretAccessKey',
          'awsSessionToken',
        ]),
      ]),
    ).toEqual([]);
  });

  it('accepts a rabbitmq host in the metadata (rabbitmq_scaler.go: metadata, auth, env)', () => {
    expect(
      messagesOf([
        scaledObject(
          'rabbitmq',
          {
            host: 'https://rabbit.shop.svc:15671/vhost',
            protocol: 'http',
            queueName: 'orders',
            mode: 'QueueLength',
            value: '20',
            authModes: 'oauth',
          },
          'oauth',
        ),
        triggerAuthentication('oauth', [
          'oauthTokenURI',
          'clientID',
          'clientSecret',
        ]),
      ]),
    ).toEqual([]);
  });

  it('refuses a host URL with a password in it (policy: nothing secret goes to Git)', () => {
    expect(
      messagesOf([
        scaledObject('rabbitmq', {
          host: 'amqp://user:hunter2@rabbit.shop.svc',
          queueName: 'orders',
        }),
      ]),
    ).toEqual([
      expect.stringMatching(
        /metadata\.host: host holds a password in its URL \(user:password@\)/,
      ),
    ]);
  });

  it('accepts forgejo-runner without name (forgejo_runner_scaler.go never reads it)', () => {
    expect(
      messagesOf([
        scaledObject(
          'forgejo-runner',
          { address: 'https://code.example', labels: 'docker', global: 'true' },
          'forgejo',
        ),
        triggerAuthentication('forgejo', ['token']),
      ]),
    ).toEqual([]);
  });

  it('accepts predictkube with the shared authentication (authentication.Config)', () => {
    expect(
      messagesOf([
        scaledObject(
          'predictkube',
          {
            prometheusAddress: 'https://prometheus:9090',
            query: 'sum(up)',
            predictHorizon: '2h',
            queryStep: '2m',
            historyTimeWindow: '7d',
            threshold: '10',
            authModes: 'bearer,tls',
          },
          'pk',
        ),
        triggerAuthentication('pk', [
          'apiKey',
          'bearerToken',
          'ca',
          'cert',
          'key',
        ]),
      ]),
    ).toEqual([]);
  });

  it('tolerates an empty …FromEnv (typed_config.go: an empty value is not given)', () => {
    expect(
      messagesOf([
        scaledObject('rabbitmq', {
          host: 'amqp://rabbit.shop.svc',
          hostFromEnv: '',
          queueName: 'orders',
        }),
      ]),
    ).toEqual([]);
    // Then the value must come from somewhere else.
    expect(
      messagesOf([
        scaledObject('rabbitmq', { hostFromEnv: '', queueName: 'orders' }),
      ]),
    ).toEqual([
      expect.stringMatching(/metadata\.host: the rabbitmq trigger needs host/),
    ]);
  });

  it('accepts another name KEDA knows for a parameter (ibmmq queueNames)', () => {
    expect(
      messagesOf([
        scaledObject(
          'ibmmq',
          { host: 'https://mq:9443/ibmmq/rest/v2', queueNames: 'A,B' },
          'mq',
        ),
        triggerAuthentication('mq', ['username', 'password']),
      ]),
    ).toEqual([]);
  });

  it('accepts clickhouse and gcp-spanner, which KEDA 2.21.0 registers (scalers_builder.go)', () => {
    expect(
      messagesOf([
        scaledObject('clickhouse', {
          host: 'clickhouse.db',
          port: '9000',
          database: 'events',
          query: 'SELECT count() FROM queue',
          targetQueryValue: '100',
        }),
      ]),
    ).toEqual([]);
    expect(
      messagesOf([
        scaledObject('gcp-spanner', {
          projectId: 'p',
          instanceId: 'i',
          databaseId: 'd',
          query: 'SELECT COUNT(*) FROM jobs',
          credentialsFromEnv: 'GOOGLE_CREDENTIALS',
        }),
      ]),
    ).toEqual([]);
  });

  it('needs a target unless the ScaledObject uses scalingModifiers (metrics_api_scaler.go, AsMetricSource)', () => {
    const metricsApi = scaledObject('metrics-api', {
      url: 'http://stats.shop.svc/queue',
      valueLocation: 'depth',
    });
    expect(messagesOf([metricsApi])).toEqual([
      expect.stringMatching(
        /metadata\.targetValue: the metrics-api trigger needs targetValue/,
      ),
    ]);
    const withModifiers = {
      ...metricsApi,
      spec: {
        ...metricsApi.spec,
        triggers: [{ ...metricsApi.spec.triggers[0], name: 'depth' }],
        advanced: {
          scalingModifiers: { formula: 'depth * 2', target: '10' },
        },
      },
    };
    expect(messagesOf([withModifiers])).toEqual([]);
  });

  it('refuses a parameter KEDA refuses (temporal buildId, deprecated= in its tag)', () => {
    expect(
      messagesOf([
        scaledObject('temporal', {
          endpoint: 'temporal:7233',
          taskQueue: 'q',
          buildId: '1.0',
        }),
      ]),
    ).toEqual([
      expect.stringMatching(
        /metadata\.buildId: buildId was removed from KEDA; KEDA refuses the trigger while it is set/,
      ),
    ]);
  });
});
