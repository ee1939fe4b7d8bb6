import type { PodIdentityProvider, ScalerDefinition } from '../types';
import {
  ME,
  activation,
  awsCredentials,
  awsLocation,
  flag,
  opt,
  param,
  req,
  scaler,
} from './helpers';

const AWS_IDENTITIES: PodIdentityProvider[] = ['aws', 'aws-eks'];

const awsAuth = awsCredentials;

const cloudwatch = scaler({
  type: 'aws-cloudwatch',
  page: 'aws-cloudwatch',
  title: 'AWS CloudWatch',
  category: 'Metrics',
  maintainer: 'Community',
  availability: 'v1.0+',
  description:
    'Any AWS CloudWatch metric, by name and dimensions or by a Metrics Insights query.',
  podIdentityProviders: AWS_IDENTITIES,
  parameters: [
    ...awsLocation(),
    opt(
      'awsAccountId',
      'string',
      'Account that owns the metric, for cross-account observability.',
    ),
    opt(
      'namespace',
      'string',
      'CloudWatch namespace, e.g. AWS/SQS (needed without expression).',
      {
        oneOfGroup: 'metric',
      },
    ),
    opt('metricName', 'string', 'Metric name (needed without expression).', {
      oneOfGroup: 'metric',
    }),
    opt(
      'dimensionName',
      'list',
      'Dimension name(s), separated by ";" (needed without expression).',
      { oneOfGroup: 'metric' },
    ),
    opt(
      'dimensionValue',
      'list',
      'Dimension value(s), separated by ";" (needed without expression).',
      { oneOfGroup: 'metric' },
    ),
    opt(
      'expression',
      'string',
      'CloudWatch Metrics Insights query; replaces namespace, name and dimensions.',
      { oneOfGroup: 'metric' },
    ),
    param('targetMetricValue', 'number', 'Target metric value per replica.', {
      default: '0',
    }),
    activation('activationTargetMetricValue'),
    param(
      'minMetricValue',
      'number',
      'Value used when CloudWatch returns no data points.',
      { default: '0' },
    ),
    flag(
      'ignoreNullValues',
      'On empty results use minMetricValue; false makes an empty result an error.',
      'true',
    ),
    param(
      'metricCollectionTime',
      'integer',
      'How far back to query, in seconds; keep it above metricStatPeriod.',
      { default: '300' },
    ),
    param(
      'metricStat',
      'string',
      'Statistic, e.g. Average, Sum, Maximum, p95 or tm99.',
      { default: 'Average' },
    ),
    param(
      'metricStatPeriod',
      'integer',
      'Period in seconds (1, 5, 10, 30 or a multiple of 60).',
      { default: '300' },
    ),
    param('metricUnit', 'string', 'CloudWatch unit to request, e.g. Count.', {
      default: 'none',
    }),
    param(
      'metricEndTimeOffset',
      'integer',
      'Seconds to shift the query end back, skipping not-yet-settled data.',
      { default: '0' },
    ),
    ...awsAuth(),
  ],
});

const dynamodb = scaler({
  type: 'aws-dynamodb',
  page: 'aws-dynamodb',
  title: 'AWS DynamoDB',
  category: 'Data & Storage',
  maintainer: 'Community',
  availability: 'v2.7+',
  description: 'Number of items a DynamoDB query returns.',
  podIdentityProviders: AWS_IDENTITIES,
  parameters: [
    ...awsLocation(),
    req('tableName', 'string', 'Table to query.'),
    opt('indexName', 'string', 'Secondary index to query.'),
    req('targetValue', 'integer', 'Target item count per replica.'),
    activation('activationTargetValue', 'integer', 'the item count'),
    req(
      'expressionAttributeNames',
      'json',
      'JSON map of name placeholders used in the expressions.',
    ),
    req(
      'keyConditionExpression',
      'string',
      'Key condition of the query, e.g. "#k = :key".',
    ),
    req(
      'expressionAttributeValues',
      'json',
      'JSON map of value placeholders used in the expressions.',
    ),
    opt('filterExpression', 'string', 'Filter applied to the query results.'),
    ...awsAuth(),
  ],
});

const dynamodbStreams = scaler({
  type: 'aws-dynamodb-streams',
  page: 'aws-dynamodb-streams',
  title: 'AWS DynamoDB Streams',
  category: 'Data & Storage',
  maintainer: 'Community',
  availability: 'v2.8+',
  description: 'Shard count of the stream of a DynamoDB table.',
  podIdentityProviders: AWS_IDENTITIES,
  parameters: [
    ...awsLocation(),
    req('tableName', 'string', 'Table whose stream is measured.'),
    param('shardCount', 'integer', 'Target shards per replica.', {
      default: '2',
    }),
    activation('activationShardCount', 'integer', 'the shard count'),
    ...awsAuth(),
  ],
});

const kinesis = scaler({
  type: 'aws-kinesis-stream',
  page: 'aws-kinesis',
  title: 'AWS Kinesis Stream',
  category: 'Messaging',
  maintainer: 'Community',
  availability: 'v1.1+',
  description: 'Shard count of a Kinesis data stream.',
  podIdentityProviders: AWS_IDENTITIES,
  parameters: [
    req('streamName', 'string', 'Kinesis stream name.'),
    param('shardCount', 'integer', 'Target shards per replica.', {
      default: '2',
    }),
    activation('activationShardCount', 'integer', 'the shard count'),
    ...awsLocation(),
    ...awsAuth(),
  ],
});

const sqs = scaler({
  type: 'aws-sqs-queue',
  page: 'aws-sqs',
  title: 'AWS SQS Queue',
  category: 'Messaging',
  maintainer: 'Community',
  availability: 'v1.0+',
  description: 'Approximate number of messages in an SQS queue.',
  podIdentityProviders: AWS_IDENTITIES,
  parameters: [
    req(
      'queueURL',
      'url',
      'Queue URL (or its short name when unambiguous); a literal value wins over the env one.',
      { sources: ME },
    ),
    param('queueLength', 'integer', 'Target messages per replica.', {
      default: '5',
    }),
    activation('activationQueueLength', 'integer', 'the message count'),
    flag(
      'scaleOnInFlight',
      'Count in-flight (not visible) messages too.',
      'true',
    ),
    flag('scaleOnDelayed', 'Count delayed messages too.', 'false'),
    ...awsLocation(),
    ...awsAuth(),
  ],
});

/** Amazon Web Services. */
export const awsScalers: ScalerDefinition[] = [
  cloudwatch,
  dynamodb,
  dynamodbStreams,
  kinesis,
  sqs,
];
