import type { ScalerDefinition, ScalerParameter } from '../types';
import {
  AE,
  MA,
  ME,
  activation,
  auth,
  flag,
  oneOf,
  opt,
  param,
  req,
  scaler,
  secret,
  unsafeSsl,
} from './helpers';

function resourceScaler(
  type: 'cpu' | 'memory',
  title: string,
): ScalerDefinition {
  return scaler({
    type,
    page: type,
    title,
    category: 'Apps',
    maintainer: 'Community',
    availability: 'v2.0+',
    description: `${title} use of the pods (or one container), through the Kubernetes resource metrics.`,
    parameters: [
      req(
        'value',
        'quantity',
        'Target: a percentage of the requests with metricType Utilization, a quantity with AverageValue.',
      ),
      opt(
        'containerName',
        'string',
        'Only measure this container instead of the whole pod.',
        { default: '' },
      ),
      oneOf(
        'type',
        ['Utilization', 'AverageValue'],
        'Old place for the metric type, removed in KEDA 2.18; set the trigger metricType instead.',
        { deprecated: true },
      ),
    ],
  });
}

const cron = scaler({
  type: 'cron',
  page: 'cron',
  title: 'Cron',
  category: 'Scheduling',
  maintainer: 'Community',
  availability: 'v1.5+',
  description: 'A fixed replica count inside a recurring time window.',
  parameters: [
    req(
      'timezone',
      'timezone',
      'IANA time zone of the schedule, e.g. Europe/Berlin.',
    ),
    req('start', 'cron', 'Cron expression (5 fields) where the window opens.'),
    req(
      'end',
      'cron',
      'Cron expression (5 fields) where the window closes; not equal to start.',
    ),
    req('desiredReplicas', 'integer', 'Replicas to run inside the window.'),
  ],
});

const kubernetesWorkload = scaler({
  type: 'kubernetes-workload',
  page: 'kubernetes-workload',
  title: 'Kubernetes Workload',
  category: 'Apps',
  maintainer: 'Community',
  availability: 'v2.4+',
  description:
    'Number of running pods (or their nodes) matching a label selector in the namespace.',
  parameters: [
    req(
      'podSelector',
      'string',
      'Label selector of the pods to count (equality or set-based).',
    ),
    req(
      'value',
      'number',
      'Target ratio of counted pods to replicas of the workload.',
    ),
    activation('activationValue', 'number', 'the pod count'),
    flag(
      'groupByNode',
      'Count distinct nodes of the matching pods instead of pods.',
      'false',
    ),
  ],
});

const kubernetesResource = scaler({
  type: 'kubernetes-resource',
  page: 'kubernetes-resource',
  title: 'Kubernetes Resource',
  category: 'Kubernetes',
  maintainer: 'Community',
  availability: 'v2.19+',
  description: 'A number stored in a ConfigMap or Secret of the namespace.',
  parameters: [
    req('resourceKind', 'enum', 'Kind of object to read.', {
      values: ['ConfigMap', 'Secret'],
    }),
    req('resourceName', 'string', 'Name of that object.'),
    req('key', 'string', 'Data key that holds the value.'),
    oneOf('format', ['number', 'json', 'yaml'], 'Format of the stored value.', {
      default: 'number',
    }),
    opt(
      'valueLocation',
      'string',
      'Path of the value inside json (GJSON) or yaml (dotted) data.',
    ),
    oneOf(
      'valueType',
      ['float64', 'int64', 'quantity'],
      'How the value is parsed.',
      {
        default: 'float64',
      },
    ),
    req('targetValue', 'number', 'Target value per replica.'),
    activation('activationTargetValue'),
  ],
});

function externalTls(): ScalerParameter[] {
  return [
    auth('caCert', 'string', 'CA certificate (PEM) for the gRPC connection.'),
    auth(
      'tlsClientCert',
      'string',
      'Client certificate (PEM) for the gRPC connection.',
    ),
    secret('tlsClientKey', 'Client private key (PEM) for the gRPC connection.'),
  ];
}

const external = scaler({
  type: 'external',
  page: 'external',
  title: 'External',
  category: 'Extensibility',
  maintainer: 'Microsoft',
  availability: 'v1.0+',
  description: 'Metrics from your own gRPC external scaler service (polled).',
  additionalMetadata: true,
  parameters: [
    req('scalerAddress', 'url', 'gRPC address of the scaler as host:port.'),
    flag(
      'enableTLS',
      'Use TLS with the CAs the operator already trusts.',
      'false',
    ),
    unsafeSsl(),
    ...externalTls(),
  ],
});

const externalPush = scaler({
  type: 'external-push',
  page: 'external-push',
  title: 'External Push',
  category: 'Extensibility',
  maintainer: 'Microsoft',
  availability: 'v2.0+',
  description:
    'Activation pushed by your own gRPC external scaler service (streamed).',
  additionalMetadata: true,
  parameters: [
    req(
      'scalerAddress',
      'url',
      'gRPC address of the push scaler as host:port.',
    ),
    unsafeSsl(),
    ...externalTls(),
    flag('enableTLS', 'Connect to the scaler service with TLS.', 'false'),
  ],
});

const seleniumGrid = scaler({
  type: 'selenium-grid',
  page: 'selenium-grid-scaler',
  title: 'Selenium Grid Scaler',
  category: 'Testing',
  maintainer: 'Volvo Cars, SeleniumHQ',
  availability: 'v2.4+',
  description:
    'Pending session requests in a Selenium Grid for one browser type.',
  parameters: [
    req('url', 'url', 'GraphQL URL of the Grid.', { sources: MA }),
    opt(
      'browserName',
      'string',
      'Browser name the queued requests and nodes must match.',
    ),
    opt(
      'sessionBrowserName',
      'string',
      'Browser name of active sessions, when it differs from browserName (e.g. Edge).',
    ),
    opt('browserVersion', 'string', 'Browser version to match.'),
    opt('platformName', 'string', 'Platform to match.'),
    unsafeSsl(),
    activation('activationThreshold', 'integer', 'the pending sessions'),
    param(
      'nodeMaxSessions',
      'integer',
      'Parallel sessions per node (SE_NODE_MAX_SESSIONS).',
      {
        default: '1',
      },
    ),
    flag(
      'enableManagedDownloads',
      'Nodes manage downloaded files; requests asking for it only match such nodes.',
      'true',
    ),
    opt(
      'capabilities',
      'json',
      'Extra capabilities (JSON) to match specific nodes.',
    ),
    opt('username', 'string', 'User for basic auth on the GraphQL endpoint.', {
      sources: AE,
    }),
    secret('password', 'Password for basic auth on the GraphQL endpoint.', {
      sources: AE,
    }),
    auth(
      'authType',
      'enum',
      'Auth scheme for accessToken, for Grids behind a proxy.',
      {
        values: ['Bearer', 'OAuth2'],
        sources: AE,
      },
    ),
    secret('accessToken', 'Access token; needed when authType is set.', {
      sources: AE,
    }),
    flag(
      'includeOngoingSessions',
      'Count running sessions as well as queued requests.',
      'true',
    ),
  ],
});

const githubRunner = scaler({
  type: 'github-runner',
  page: 'github-runner',
  title: 'Github Runner Scaler',
  category: 'CI/CD',
  maintainer: 'GitHub',
  availability: 'v2.10+',
  description: 'Queued GitHub Actions jobs for self-hosted runners.',
  parameters: [
    param(
      'githubApiURL',
      'url',
      'GitHub API URL (change for GitHub Enterprise Server).',
      {
        default: 'https://api.github.com',
        sources: ME,
      },
    ),
    req('owner', 'string', 'User or organization that owns the repositories.', {
      sources: ME,
    }),
    req('runnerScope', 'enum', 'Where the runners are registered.', {
      values: ['org', 'ent', 'repo'],
      sources: ME,
    }),
    opt('repos', 'list', 'Comma-separated repositories to watch.', {
      sources: ME,
    }),
    opt('labels', 'list', 'Comma-separated runner labels jobs must ask for.', {
      sources: ME,
    }),
    flag(
      'noDefaultLabels',
      'Do not add the default labels (self-hosted, linux, x64).',
      'false',
      { sources: ME },
    ),
    flag(
      'matchUnlabeledJobsWithUnlabeledRunners',
      'When true, jobs without labels are not matched to runners without labels.',
      'false',
      { sources: ME },
    ),
    flag(
      'enableEtags',
      'Send conditional requests (ETag) to save API rate limit.',
      'false',
      { sources: ME },
    ),
    param(
      'targetWorkflowQueueLength',
      'integer',
      'Target queued jobs per replica.',
      {
        default: '1',
        sources: ME,
      },
    ),
    opt(
      'applicationID',
      'string',
      'GitHub App ID (with installationID and appKey).',
      {
        sources: ME,
      },
    ),
    opt(
      'installationID',
      'string',
      'GitHub App installation ID (with applicationID).',
      {
        sources: ME,
      },
    ),
    secret(
      'personalAccessToken',
      'Personal access token (when no GitHub App is used).',
      {
        oneOfGroup: 'credential',
      },
    ),
    secret('appKey', 'Private key (PEM) of the GitHub App.', {
      oneOfGroup: 'credential',
    }),
  ],
  // personalAccessToken is bridged to bearerToken with authModes bearer.
  sharedAuth: true,
});

const forgejoRunner = scaler({
  type: 'forgejo-runner',
  page: 'forgejo',
  title: 'Forgejo',
  category: 'CI/CD',
  maintainer: 'Community',
  availability: 'v2.18+',
  description: 'Pending Forgejo Actions jobs for runner labels.',
  parameters: [
    req('address', 'url', 'URL of the Forgejo instance.'),
    flag(
      'global',
      'Count jobs of the whole instance (not with owner or repo).',
      'true',
    ),
    opt(
      'owner',
      'string',
      'Only count jobs of this user (not with global or repo).',
    ),
    opt(
      'repo',
      'string',
      'Only count jobs of this repository (not with global or owner).',
    ),
    req('labels', 'list', 'Runner labels the jobs must match.'),
    secret('token', 'Forgejo access token.', { required: true, sources: AE }),
    opt('org', 'string', 'Organization whose runner jobs are counted.'),
  ],
});

/** Workload, schedule, Kubernetes, extensibility, CI and test scalers. */
export const appScalers: ScalerDefinition[] = [
  resourceScaler('cpu', 'CPU'),
  resourceScaler('memory', 'Memory'),
  cron,
  kubernetesWorkload,
  kubernetesResource,
  external,
  externalPush,
  seleniumGrid,
  githubRunner,
  forgejoRunner,
];
