import type { ScalerDefinition, ScalerParameter } from '../types';
import {
  ME,
  activation,
  oneOf,
  opt,
  param,
  req,
  scaler,
  secret,
} from './helpers';

/** The three ways to hand a GCP service account key to a GCP scaler. */
function gcpCredentials(): ScalerParameter[] {
  return [
    secret(
      'credentials',
      'Service account key (JSON), read from the env variable named by credentialsFromEnv.',
      { sources: ['env'], oneOfGroup: 'credentials' },
    ),
    opt(
      'credentialsFromEnvFile',
      'string',
      'Env variable that holds the path of a service account key file.',
      { oneOfGroup: 'credentials' },
    ),
    secret(
      'GoogleApplicationCredentials',
      'Service account key (JSON) from a TriggerAuthentication.',
      { oneOfGroup: 'credentials' },
    ),
  ];
}

function valueIfNull(): ScalerParameter {
  return opt(
    'valueIfNull',
    'number',
    'Value used when the query returns no time series; empty makes that an error.',
    { default: '' },
  );
}

function filterDuration(): ScalerParameter {
  return param(
    'filterDuration',
    'integer',
    'How many minutes of metric data to look at.',
    { default: '2' },
  );
}

const cloudTasks = scaler({
  type: 'gcp-cloudtasks',
  page: 'gcp-cloud-tasks',
  title: 'Google Cloud Platform Cloud Tasks',
  category: 'Messaging',
  maintainer: 'Community',
  availability: 'v2.12+',
  deprecated: true,
  description: 'Tasks waiting in a Cloud Tasks queue (deprecated upstream).',
  podIdentityProviders: ['gcp'],
  parameters: [
    req('queueName', 'string', 'Cloud Tasks queue to measure.'),
    req('projectID', 'string', 'Project that holds the queue.'),
    param('value', 'number', 'Target tasks per replica.', { default: '100' }),
    activation('activationValue', 'number', 'the task count'),
    filterDuration(),
    ...gcpCredentials(),
  ],
});

const pubsub = scaler({
  type: 'gcp-pubsub',
  page: 'gcp-pub-sub',
  title: 'Google Cloud Platform Pub/Sub',
  category: 'Messaging',
  maintainer: 'Community',
  availability: 'v1.0+',
  deprecated: true,
  description:
    'A Pub/Sub subscription or topic metric, e.g. undelivered messages (deprecated upstream).',
  podIdentityProviders: ['gcp'],
  parameters: [
    opt(
      'subscriptionName',
      'string',
      'Subscription to measure: a name, or projects/<p>/subscriptions/<s>.',
      { sources: ME, oneOfGroup: 'resource' },
    ),
    opt(
      'topicName',
      'string',
      'Topic to measure: a name, or projects/<p>/topics/<t>.',
      { sources: ME, oneOfGroup: 'resource' },
    ),
    param(
      'mode',
      'string',
      'Metric to use, the PascalCase form of a subscription/ or topic/ metric name.',
      { default: 'SubscriptionSize' },
    ),
    param('value', 'number', 'Target metric value per replica.', {
      default: '10',
    }),
    activation('activationValue'),
    opt(
      'aggregation',
      'string',
      'Aggregation for distribution metrics: mean, median, variance, stddev, sum, count or percentileX.',
    ),
    param(
      'timeHorizon',
      'duration',
      'Time range of metric data to read (5m by default when aggregation is set).',
      { default: '2m' },
    ),
    valueIfNull(),
    opt(
      'subscriptionSize',
      'integer',
      'Old target for the undelivered messages; use mode and value.',
      { deprecated: true },
    ),
    ...gcpCredentials(),
  ],
});

const stackdriver = scaler({
  type: 'gcp-stackdriver',
  page: 'gcp-stackdriver',
  title: 'Google Cloud Platform Stackdriver',
  category: 'Metrics',
  maintainer: 'Community',
  availability: '2.7+',
  deprecated: true,
  description:
    'Any Cloud Monitoring (Stackdriver) metric selected by a filter (deprecated upstream).',
  podIdentityProviders: ['gcp'],
  parameters: [
    req('projectId', 'string', 'Project that holds the metric.'),
    req('filter', 'string', 'Monitoring filter that selects the time series.'),
    param('targetValue', 'number', 'Target metric value per replica.', {
      default: '5',
    }),
    activation('activationTargetValue'),
    valueIfNull(),
    filterDuration(),
    opt(
      'alignmentPeriodSeconds',
      'integer',
      'Alignment period in seconds (60 or more) for aggregating the series.',
    ),
    oneOf(
      'alignmentAligner',
      [
        'none',
        'delta',
        'rate',
        'interpolate',
        'next_older',
        'min',
        'max',
        'mean',
        'count',
        'sum',
        'stddev',
        'count_true',
        'count_false',
        'fraction_true',
        'percentile_99',
        'percentile_95',
        'percentile_50',
        'percentile_05',
        'percent_change',
      ],
      'Per-series alignment applied over the alignment period.',
    ),
    oneOf(
      'alignmentReducer',
      [
        'none',
        'mean',
        'min',
        'max',
        'sum',
        'stddev',
        'count',
        'count_true',
        'count_false',
        'fraction_true',
        'percentile_99',
        'percentile_95',
        'percentile_50',
        'percentile_05',
      ],
      'Reducer that combines the aligned series into one.',
    ),
    ...gcpCredentials(),
  ],
});

const storage = scaler({
  type: 'gcp-storage',
  page: 'gcp-storage',
  title: 'Google Cloud Platform Storage',
  category: 'Data & Storage',
  maintainer: 'Community',
  availability: '2.7+',
  description: 'Number of objects in a Cloud Storage bucket.',
  podIdentityProviders: ['gcp'],
  parameters: [
    req('bucketName', 'string', 'Bucket to count objects in.'),
    param('targetObjectCount', 'integer', 'Target objects per replica.', {
      default: '100',
    }),
    activation('activationTargetObjectCount', 'integer', 'the object count'),
    param(
      'maxBucketItemsToScan',
      'integer',
      'Stop counting after this many objects (about target × maxReplicaCount).',
      { default: '1000' },
    ),
    opt('blobPrefix', 'string', 'Only count objects under this prefix.', {
      default: '',
    }),
    opt('blobDelimiter', 'string', 'Delimiter of virtual folders.', {
      default: '',
    }),
    ...gcpCredentials(),
  ],
});

/** In KEDA 2.21's code, without a docs page yet. */
const spanner = scaler({
  type: 'gcp-spanner',
  page: 'https://github.com/kedacore/keda/blob/v2.21.0/pkg/scalers/gcp_spanner_scaler.go',
  title: 'Google Cloud Spanner',
  category: 'Data & Storage',
  maintainer: 'Community',
  availability: 'v2.21+',
  description: 'Result of a SQL query against a Cloud Spanner database.',
  podIdentityProviders: ['gcp'],
  parameters: [
    req('projectId', 'string', 'GCP project of the Spanner instance.'),
    req('instanceId', 'string', 'Spanner instance ID.'),
    req('databaseId', 'string', 'Spanner database ID.'),
    req('query', 'string', 'SQL query returning a single number.'),
    opt('targetValue', 'number', 'Target query result per replica.', {
      default: '5',
    }),
    activation('activationValue', 'number', 'the query result'),
    ...gcpCredentials(),
  ],
});

/** Google Cloud Platform. */
export const gcpScalers: ScalerDefinition[] = [
  cloudTasks,
  pubsub,
  spanner,
  stackdriver,
  storage,
];
