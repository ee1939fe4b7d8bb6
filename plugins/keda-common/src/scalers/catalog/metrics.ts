import type { ScalerDefinition, ScalerParameter } from '../types';
import {
  AZURE_CLOUDS,
  MA,
  activation,
  awsCredentials,
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

const prometheus = scaler({
  type: 'prometheus',
  page: 'prometheus',
  title: 'Prometheus',
  category: 'Metrics',
  maintainer: 'Community',
  availability: 'v1.0+',
  description:
    'Result of a PromQL query (also Thanos, VictoriaMetrics and managed Prometheus).',
  podIdentityProviders: ['azure-workload', 'aws', 'gcp'],
  parameters: [
    req('serverAddress', 'url', 'Base URL of the Prometheus query API.'),
    req(
      'query',
      'string',
      'PromQL query returning a single-element vector or scalar.',
    ),
    req('threshold', 'number', 'Target query result per replica.'),
    activation('activationThreshold', 'number', 'the query result'),
    opt(
      'namespace',
      'string',
      'Namespace for namespaced queries (e.g. Thanos).',
    ),
    opt(
      'customHeaders',
      'map',
      'Extra request headers as name=value pairs, comma-separated (not for auth).',
    ),
    flag(
      'ignoreNullValues',
      'Treat an empty result as zero; false makes it an error.',
      'true',
    ),
    opt(
      'queryParameters',
      'map',
      'Extra query parameters as key=value pairs, comma-separated.',
    ),
    unsafeSsl(),
    opt(
      'timeout',
      'duration',
      'HTTP timeout for this trigger, in milliseconds or as a duration like 30s.',
    ),
    opt(
      'awsRegion',
      'string',
      'Region of the Amazon Managed Service for Prometheus workspace.',
      { sources: MA },
    ),
    ...awsCredentials(),
    secret(
      'GoogleApplicationCredentials',
      'GCP service account key (JSON) for Google Managed Prometheus.',
    ),
    secret(
      'credentials',
      'GCP service account key (JSON), read from the env variable named by credentialsFromEnv.',
      { sources: ['env'] },
    ),
    opt(
      'credentialsFromEnvFile',
      'string',
      'Env variable that holds the path of a GCP service account key file.',
    ),
    oneOf(
      'cloud',
      AZURE_CLOUDS,
      'Azure cloud of Azure Monitor managed Prometheus (with azure-workload identity).',
    ),
    opt(
      'azureManagedPrometheusResourceURL',
      'url',
      'Resource URL of Azure Monitor managed Prometheus (cloud Private).',
    ),
  ],
  // authModes with bearer, basic, tls, custom, oauth or apiKey.
  sharedAuth: true,
});

const datadog = scaler({
  type: 'datadog',
  page: 'datadog',
  title: 'Datadog',
  category: 'Metrics',
  maintainer: 'Community',
  availability: 'v2.6+',
  description:
    'A Datadog metric, via the REST API or a DatadogMetric through the Cluster Agent.',
  parameters: [
    flag(
      'useClusterAgentProxy',
      'Read a DatadogMetric through the Datadog Cluster Agent instead of the REST API.',
      'false',
    ),
    opt(
      'datadogMetricName',
      'string',
      'DatadogMetric object to read (Cluster Agent mode).',
      { oneOfGroup: 'source' },
    ),
    opt(
      'datadogMetricNamespace',
      'string',
      'Namespace of that DatadogMetric (Cluster Agent mode).',
    ),
    opt(
      'targetValue',
      'number',
      'Target metric value per replica (queryValue is an older name for it).',
    ),
    activation('activationTargetValue', 'number', 'the DatadogMetric'),
    opt(
      'query',
      'string',
      'Datadog query; several may be comma-separated (REST API mode).',
      {
        oneOfGroup: 'source',
      },
    ),
    activation('activationQueryValue'),
    oneOf(
      'queryAggregator',
      ['max', 'average'],
      'How the results of several queries are combined (needed for several queries).',
    ),
    oneOf(
      'type',
      ['average', 'global'],
      'Old way to choose value vs. average; use the trigger metricType.',
      { default: 'average', deprecated: true },
    ),
    param('age', 'integer', 'Window in seconds to read metric points from.', {
      default: '90',
    }),
    param(
      'timeWindowOffset',
      'integer',
      'Seconds to shift the window back, for late metrics.',
      { default: '0' },
    ),
    param(
      'lastAvailablePointOffset',
      'integer',
      'Use the n-th last data point (1 avoids a partial last rollup).',
      { default: '0' },
    ),
    opt(
      'metricUnavailableValue',
      'number',
      'Value used when Datadog has no data; unset makes that an error.',
    ),
    opt('timeout', 'duration', 'HTTP timeout for this trigger, e.g. 10s.'),
    opt(
      'hpaMetricName',
      'string',
      'Metric name the HPA shows for this trigger (Cluster Agent mode).',
    ),
    auth(
      'datadogNamespace',
      'string',
      'Namespace of the Datadog Cluster Agent.',
    ),
    auth(
      'datadogMetricsService',
      'string',
      'Service of the Cluster Agent metrics server (…-cluster-agent-metrics…).',
    ),
    auth('datadogMetricsServicePort', 'integer', 'Port of that service.', {
      default: '8443',
    }),
    auth(
      'unsafeSsl',
      'boolean',
      'Skip verification of the Cluster Agent TLS certificate.',
      {
        default: 'false',
      },
    ),
    secret('apiKey', 'Datadog API key (REST API mode).'),
    secret('appKey', 'Datadog application key (REST API mode).'),
    auth(
      'datadogSite',
      'string',
      'Datadog site (DD_SITE), e.g. datadoghq.eu.',
      {
        default: 'datadoghq.com',
      },
    ),
  ],
  // The Cluster Agent is reached with authModes bearer (bearerToken or token).
  sharedAuth: true,
});

const dynatrace = scaler({
  type: 'dynatrace',
  page: 'dynatrace',
  title: 'Dynatrace',
  category: 'Metrics',
  maintainer: 'Community',
  availability: '2.15+',
  description: 'A Dynatrace metric selector or DQL query result.',
  parameters: [
    req('host', 'url', 'URL of the Dynatrace environment.', { sources: MA }),
    secret('token', 'API token (metrics.read) or platform token (for query).', {
      required: true,
    }),
    opt('metricSelector', 'string', 'Metric selector to read (or set query).', {
      oneOfGroup: 'query',
    }),
    param(
      'from',
      'string',
      'Start of the range for metricSelector, e.g. now-2h.',
      {
        default: 'now-2h',
      },
    ),
    opt(
      'query',
      'string',
      'DQL query returning a scalar named r (or set metricSelector).',
      {
        oneOfGroup: 'query',
      },
    ),
    param(
      'queryTimeoutSeconds',
      'integer',
      'Server-side timeout of a DQL query.',
      {
        default: '10',
      },
    ),
    param(
      'queryPollingWait',
      'duration',
      'Wait between polls of a DQL result.',
      {
        default: '1s',
      },
    ),
    param('queryPollingTries', 'integer', 'How often a DQL result is polled.', {
      default: '5',
    }),
    req('threshold', 'number', 'Target metric value per replica.'),
    activation('activationThreshold'),
  ],
});

const graphite = scaler({
  type: 'graphite',
  page: 'graphite',
  title: 'Graphite',
  category: 'Metrics',
  maintainer: 'Community',
  availability: 'v2.5+',
  description: 'Result of a Graphite render query.',
  parameters: [
    req('serverAddress', 'url', 'URL of Graphite.'),
    req('query', 'string', 'Graphite target returning a single series.'),
    param('threshold', 'number', 'Target value per replica.', {
      default: '100',
    }),
    activation('activationThreshold'),
    req('queryTime', 'string', 'Relative start of the range, e.g. -10Minutes.'),
  ],
  sharedAuth: true,
});

const loki = scaler({
  type: 'loki',
  page: 'loki',
  title: 'Loki',
  category: 'Metrics',
  maintainer: 'Community',
  availability: 'v2.9+',
  description: 'Result of a LogQL metric query.',
  parameters: [
    req('serverAddress', 'url', 'URL of Loki.'),
    req(
      'query',
      'string',
      'LogQL query returning a single-element vector or scalar.',
    ),
    req('threshold', 'number', 'Target query result per replica.'),
    activation('activationThreshold'),
    opt('tenantName', 'string', 'Tenant sent as X-Scope-OrgID.'),
    flag(
      'ignoreNullValues',
      'Treat an empty result as zero; false makes it an error.',
      'true',
    ),
    unsafeSsl(),
  ],
  sharedAuth: true,
});

const newRelic = scaler({
  type: 'new-relic',
  page: 'new-relic',
  title: 'New Relic',
  category: 'Metrics',
  maintainer: 'Community',
  availability: '2.6+',
  description: 'Result of a New Relic NRQL query.',
  parameters: [
    req('account', 'string', 'New Relic account ID to query.', { sources: MA }),
    secret('queryKey', 'New Relic API key.', { required: true }),
    oneOf('region', ['LOCAL', 'EU', 'STAGING', 'US'], 'New Relic API region.', {
      default: 'US',
      sources: MA,
    }),
    flag(
      'noDataError',
      'Make an empty result an error instead of zero.',
      'false',
    ),
    req(
      'nrql',
      'string',
      'NRQL query (add SINCE 1 MINUTE AGO for recent data).',
    ),
    req('threshold', 'number', 'Target query result per replica.'),
    activation('activationThreshold'),
  ],
});

const metricsApi = scaler({
  type: 'metrics-api',
  page: 'metrics-api',
  title: 'Metrics API',
  category: 'Metrics',
  maintainer: 'Community',
  availability: 'v2.0+',
  description:
    'A number read from any HTTP endpoint (JSON, XML, YAML or Prometheus text).',
  parameters: [
    req('url', 'url', 'URL that returns the metric.'),
    oneOf(
      'format',
      ['json', 'xml', 'yaml', 'prometheus'],
      'Format of the response.',
      {
        default: 'json',
      },
    ),
    req(
      'valueLocation',
      'string',
      'Where the value is: a GJSON path for json, a dotted path otherwise.',
    ),
    req('targetValue', 'number', 'Target metric value per replica.'),
    activation('activationTargetValue'),
    unsafeSsl(),
    opt(
      'timeout',
      'duration',
      'HTTP timeout for this trigger, in milliseconds or as a duration like 30s.',
    ),
    flag(
      'aggregateFromKubeServiceEndpoints',
      'Treat url as a Service and query every endpoint behind it.',
      'false',
    ),
    oneOf(
      'aggregationType',
      ['average', 'sum', 'max', 'min'],
      'How endpoint values are combined (with aggregateFromKubeServiceEndpoints).',
      { default: 'average' },
    ),
    oneOf('method', ['header', 'query'], 'Where the API key is sent.', {
      default: 'header',
      sources: MA,
    }),
    opt(
      'keyParamName',
      'string',
      'Header or query parameter for the API key (X-API-KEY / api_key by default).',
      { sources: MA },
    ),
  ],
  sharedAuth: true,
});

const predictkube = scaler({
  type: 'predictkube',
  page: 'predictkube',
  title: 'Predictkube',
  category: 'Metrics',
  maintainer: 'Dysnix',
  availability: 'v2.6+',
  description:
    'Predicted value of a Prometheus query, from the PredictKube service.',
  parameters: [
    req('predictHorizon', 'duration', 'How far ahead to predict, e.g. 2h.'),
    req('historyTimeWindow', 'duration', 'History to learn from, e.g. 7d.'),
    req('prometheusAddress', 'url', 'URL of Prometheus.'),
    req(
      'query',
      'string',
      'PromQL query returning a single-element vector or scalar.',
    ),
    req('queryStep', 'duration', 'Step of the range query, e.g. 2m.'),
    req('threshold', 'number', 'Target predicted value per replica.'),
    activation('activationThreshold'),
    secret('apiKey', 'PredictKube API key.', { required: true }),
  ],
  // Prometheus behind predictkube: authModes and what each mode reads.
  sharedAuth: true,
});

const solarwinds = scaler({
  type: 'solarwinds',
  page: 'solarwinds',
  title: 'SolarWinds',
  category: 'Metrics',
  maintainer: 'Community',
  availability: 'v2.18+',
  description: 'A SolarWinds Observability metric.',
  parameters: [
    req('host', 'url', 'SolarWinds API endpoint.'),
    req('targetValue', 'number', 'Target metric value per replica.'),
    opt(
      'activationValue',
      'number',
      'Value above which the scaler becomes active.',
    ),
    req('metricName', 'string', 'Metric to read.'),
    req('aggregation', 'enum', 'Aggregation of the metric.', {
      values: ['COUNT', 'MIN', 'MAX', 'AVG', 'SUM', 'LAST'],
    }),
    req('intervalS', 'integer', 'Interval of the metric data in seconds.'),
    opt(
      'filter',
      'string',
      'Filter on the metric data, e.g. k8s.deployment.name:app.',
    ),
    secret('apiToken', 'SolarWinds Observability API token.', {
      required: true,
    }),
  ],
});

const splunk = scaler({
  type: 'splunk',
  page: 'splunk',
  title: 'Splunk',
  category: 'Data & Storage',
  maintainer: 'Community',
  availability: 'v2.15+',
  description: 'A field of the result of a Splunk saved search.',
  parameters: [
    req('host', 'url', 'Splunk search API, e.g. https://splunk:8089.'),
    unsafeSsl(),
    req('targetValue', 'number', 'Target value per replica.'),
    req(
      'activationValue',
      'number',
      'Value above which the scaler becomes active.',
    ),
    req('savedSearchName', 'string', 'Saved search to run.'),
    req('valueField', 'string', 'Field of the result that holds the value.'),
    auth('username', 'string', 'Splunk user that may run the saved search.', {
      required: true,
    }),
    secret('apiToken', 'API token of that user (instead of password).', {
      oneOfGroup: 'credential',
    }),
    secret('password', 'Password of that user (instead of apiToken).', {
      oneOfGroup: 'credential',
    }),
  ],
});

const splunkObservability = scaler({
  type: 'splunk-observability',
  page: 'splunk-observability',
  title: 'Splunk Observability',
  category: 'Data & Storage',
  maintainer: 'Community',
  availability: 'v2.18+',
  description:
    'A Splunk Observability Cloud metric series from a SignalFlow query.',
  parameters: [
    req('query', 'string', 'SignalFlow program that publishes the series.'),
    req('duration', 'integer', 'Seconds to stream the series for.'),
    req('targetValue', 'number', 'Target value per replica.'),
    req(
      'activationTargetValue',
      'number',
      'Value above which the scaler becomes active.',
    ),
    req('queryAggregator', 'enum', 'How the streamed points are rolled up.', {
      values: ['avg', 'min', 'max'],
    }),
    secret('accessToken', 'Splunk Observability Cloud access token.', {
      required: true,
    }),
    auth('realm', 'string', 'Splunk Observability Cloud realm, e.g. us1.', {
      required: true,
    }),
  ],
});

const sumologic = scaler({
  type: 'sumologic',
  page: 'sumologic',
  title: 'Sumo Logic',
  category: 'Monitoring & Analytics',
  maintainer: 'Community',
  availability: 'v2.18+',
  description: 'Result of a Sumo Logic logs search or metrics query.',
  parameters: [
    req('host', 'url', 'Sumo Logic API endpoint of your region.'),
    req('queryType', 'enum', 'Kind of query.', { values: ['logs', 'metrics'] }),
    opt('query', 'string', 'The query (single logs or metrics query).', {
      oneOfGroup: 'query',
    }),
    opt(
      'query.*',
      'string',
      'Steps of a multi-metrics query (query.A, query.B, …); later ones may use #A.',
      { oneOfGroup: 'query' },
    ),
    opt(
      'resultQueryRowID',
      'string',
      'Which step (A, B, …) of a multi-metrics query gives the value.',
    ),
    req('timerange', 'duration', 'Lookback window, e.g. 15m.'),
    param('timezone', 'timezone', 'Time zone the query runs in.', {
      default: 'UTC',
    }),
    oneOf(
      'queryAggregator',
      ['Latest', 'Avg', 'Sum', 'Count', 'Min', 'Max'],
      'How the returned points are reduced to one value.',
      { default: 'Avg' },
    ),
    req('threshold', 'number', 'Target value per replica.'),
    activation('activationThreshold'),
    param('maxRetries', 'integer', 'Retries for API requests.', {
      default: '3',
    }),
    opt(
      'resultField',
      'string',
      'Result field holding the value (needed for logs).',
    ),
    param(
      'logsPollingInterval',
      'duration',
      'Poll interval of the logs search job.',
      {
        default: '1s',
      },
    ),
    opt(
      'quantization',
      'duration',
      'Granularity of data points (needed for metrics).',
    ),
    oneOf(
      'rollup',
      ['Avg', 'Sum', 'Min', 'Max', 'Count'],
      'Rollup of metrics data.',
      {
        default: 'Avg',
      },
    ),
    secret('accessID', 'Sumo Logic access ID.', { required: true }),
    secret('accessKey', 'Sumo Logic access key.', { required: true }),
    unsafeSsl(),
    flag(
      'ignoreNullValues',
      'Treat an empty result as zero instead of an error.',
      'false',
    ),
  ],
});

const huaweiCloudeye = scaler({
  type: 'huawei-cloudeye',
  page: 'huawei-cloudeye',
  title: 'Huawei Cloudeye',
  category: 'Metrics',
  maintainer: 'Community',
  availability: 'v1.1+',
  description: 'A Huawei Cloud Cloud Eye metric.',
  parameters: [
    req(
      'namespace',
      'string',
      'Metric namespace as service.item, e.g. SYS.ELB.',
    ),
    req('metricName', 'string', 'Metric name.'),
    req('dimensionName', 'string', 'Dimension name.'),
    req('dimensionValue', 'string', 'Dimension value.'),
    req('targetMetricValue', 'number', 'Target metric value per replica.'),
    activation('activationTargetMetricValue'),
    opt(
      'minMetricValue',
      'number',
      'Old activation floor; use activationTargetMetricValue.',
      { deprecated: true },
    ),
    param(
      'metricCollectionTime',
      'integer',
      'How far back to read, in seconds.',
      {
        default: '300',
      },
    ),
    oneOf(
      'metricFilter',
      ['average', 'max', 'min', 'sum'],
      'Aggregation of the metric.',
      {
        default: 'average',
      },
    ),
    param('metricPeriod', 'integer', 'Granularity in seconds.', {
      default: '300',
    }),
  ],
});

/**
 * Keystone credentials. openstack-swift reads them with struct tags;
 * openstack-metric reads authURL, userID, password and appCredentialSecret
 * by hand (openstack_metrics_scaler.go) and knows no projectID or
 * appCredentialID.
 */
function keystoneAuth(swift: boolean): ScalerParameter[] {
  const list = [
    auth('authURL', 'url', 'Keystone URL used to get tokens.', {
      required: true,
    }),
    auth('userID', 'string', 'User ID (password method).', {
      oneOfGroup: 'credential',
    }),
    secret('password', 'Password of that user (password method).'),
  ];
  if (swift) {
    list.push(
      auth('projectID', 'string', 'Project ID (password method).'),
      auth('appCredentialID', 'string', 'Application credential ID.', {
        oneOfGroup: 'credential',
      }),
      secret('appCredentialSecret', 'Application credential secret.'),
      auth(
        'regionName',
        'string',
        'Region used to find the Swift URL when swiftURL is not set.',
      ),
    );
  } else {
    list.push(
      secret(
        'appCredentialSecret',
        'Application credential secret (instead of userID and password).',
        { oneOfGroup: 'credential' },
      ),
    );
  }
  return list;
}

const openstackMetric = scaler({
  type: 'openstack-metric',
  page: 'openstack-metric',
  title: 'OpenStack Metric',
  category: 'Metrics',
  maintainer: 'Community',
  availability: 'v2.3+',
  description: 'An aggregated measure from the OpenStack (Gnocchi) metric API.',
  parameters: [
    req('metricsURL', 'url', 'Metric API URL of the resource.'),
    req('metricID', 'string', 'ID of the metric.'),
    req(
      'aggregationMethod',
      'string',
      'Aggregation, e.g. mean, min, max, std, sum or count.',
    ),
    req(
      'granularity',
      'integer',
      'Granularity of the metric in seconds, as configured.',
    ),
    req('threshold', 'number', 'Target value per replica.'),
    activation('activationThreshold'),
    param('timeout', 'integer', 'HTTP timeout in seconds.', { default: '30' }),
    ...keystoneAuth(false),
  ],
});

const openstackSwift = scaler({
  type: 'openstack-swift',
  page: 'openstack-swift',
  title: 'OpenStack Swift',
  category: 'Metrics',
  maintainer: 'Community',
  availability: 'v2.1+',
  description: 'Number of objects in an OpenStack Swift container.',
  parameters: [
    opt('swiftURL', 'url', 'Swift API URL; found in the catalog when empty.'),
    req('containerName', 'string', 'Container to count objects in.'),
    param('objectCount', 'integer', 'Target objects per replica.', {
      default: '2',
    }),
    activation('activationObjectCount', 'integer', 'the object count'),
    opt('objectPrefix', 'string', 'Only count objects with this prefix.', {
      default: '',
    }),
    opt('objectDelimiter', 'string', 'Delimiter of virtual folders.', {
      default: '',
    }),
    opt('objectLimit', 'integer', 'Maximum objects the API returns.', {
      default: '',
    }),
    flag('onlyFiles', 'Count files only, not folders.', 'false'),
    param('timeout', 'integer', 'HTTP timeout in seconds.', { default: '30' }),
    ...keystoneAuth(true),
  ],
});

/** Metrics, observability and analytics back ends. */
export const metricsScalers: ScalerDefinition[] = [
  prometheus,
  datadog,
  dynatrace,
  graphite,
  loki,
  newRelic,
  metricsApi,
  predictkube,
  solarwinds,
  splunk,
  splunkObservability,
  sumologic,
  huaweiCloudeye,
  openstackMetric,
  openstackSwift,
];
