import type { ScalerDefinition, ScalerParameter } from '../types';
import {
  AE,
  AM,
  AME,
  AZURE_CLOUDS,
  EA,
  MEA,
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

const AZURE_CLOUDS_WITH_GERMANY = [
  'AzurePublicCloud',
  'AzureUSGovernmentCloud',
  'AzureChinaCloud',
  'AzureGermanCloud',
  'Private',
];

function cloud(values: string[] = AZURE_CLOUDS): ScalerParameter {
  return oneOf(
    'cloud',
    values,
    'Azure cloud of the resource; Private needs the endpoint settings.',
    { default: 'AzurePublicCloud' },
  );
}

function activeDirectoryEndpoint(): ScalerParameter {
  return opt(
    'activeDirectoryEndpoint',
    'url',
    'Entra ID (Active Directory) endpoint; needed when cloud is Private.',
  );
}

function endpointSuffix(what: string): ScalerParameter {
  return opt(
    'endpointSuffix',
    'string',
    `${what} endpoint suffix; needed when cloud is Private.`,
  );
}

const appInsights = scaler({
  type: 'azure-app-insights',
  page: 'azure-app-insights',
  title: 'Azure Application Insights',
  category: 'Metrics',
  maintainer: 'Microsoft',
  availability: 'v2.6+',
  description: 'A metric of an Application Insights resource.',
  podIdentityProviders: ['azure-workload'],
  parameters: [
    req('tenantId', 'string', 'Entra ID tenant of the resource.', {
      sources: MEA,
    }),
    req(
      'applicationInsightsId',
      'string',
      'Application ID (GUID) of the Application Insights resource.',
      {
        sources: MEA,
      },
    ),
    req('metricId', 'string', 'Metric to query, e.g. customMetrics/my-metric.'),
    req('targetValue', 'number', 'Target metric value per replica.'),
    activation('activationTargetValue'),
    req(
      'metricAggregationType',
      'string',
      'Aggregation of the metric, e.g. avg, count, sum, min or max.',
    ),
    req(
      'metricAggregationTimespan',
      'string',
      'Time span the metric is aggregated over, as hh:mm.',
    ),
    opt(
      'metricFilter',
      'string',
      "Filter on the metric, e.g. cloud/roleName eq 'api'.",
    ),
    opt(
      'activeDirectoryClientId',
      'string',
      'Client ID of an Entra ID app with Monitoring Reader (unless pod identity is used).',
      { sources: MEA },
    ),
    secret(
      'activeDirectoryClientPassword',
      'Client secret of that Entra ID app.',
      {
        sources: AE,
      },
    ),
    cloud(),
    opt(
      'appInsightsResourceURL',
      'url',
      'Application Insights API URL; needed when cloud is Private.',
    ),
    activeDirectoryEndpoint(),
    flag(
      'ignoreNullValues',
      'Treat an empty query result as zero instead of an error.',
      'false',
    ),
  ],
});

const dataExplorer = scaler({
  type: 'azure-data-explorer',
  page: 'azure-data-explorer',
  title: 'Azure Data Explorer',
  category: 'Data & Storage',
  maintainer: 'Microsoft',
  availability: 'v2.7+',
  description:
    'Result of a Kusto query against an Azure Data Explorer database.',
  podIdentityProviders: ['azure-workload'],
  parameters: [
    req(
      'endpoint',
      'url',
      'Cluster URL, e.g. https://name.region.kusto.windows.net.',
    ),
    req('databaseName', 'string', 'Database to query.'),
    req('query', 'string', 'Kusto query that returns the metric value.'),
    req('threshold', 'number', 'Target value per replica.'),
    activation('activationThreshold'),
    opt('tenantId', 'string', 'Entra ID tenant (with client credentials).', {
      sources: MEA,
    }),
    opt(
      'clientId',
      'string',
      'Client ID of the Entra ID app (with client credentials).',
      {
        sources: MEA,
      },
    ),
    secret('clientSecret', 'Client secret of the Entra ID app.', {
      sources: AE,
    }),
    cloud(),
    activeDirectoryEndpoint(),
  ],
});

const eventHub = scaler({
  type: 'azure-eventhub',
  page: 'azure-event-hub',
  title: 'Azure Event Hubs',
  category: 'Messaging',
  maintainer: 'Microsoft',
  availability: 'v1.0+',
  description:
    'Unprocessed events of an Event Hub, from the consumers’ checkpoints.',
  podIdentityProviders: ['azure-workload'],
  parameters: [
    secret(
      'connection',
      'Event Hubs namespace connection string (with EntityPath, or set eventHubName).',
      { sources: EA },
    ),
    secret(
      'storageConnection',
      'Storage account connection string of the checkpoint store (unless pod identity is used).',
      { sources: EA },
    ),
    opt('consumerGroup', 'string', 'Consumer group of the consumers.', {
      default: '$default',
    }),
    param(
      'unprocessedEventThreshold',
      'integer',
      'Target unprocessed events per replica.',
      { default: '64' },
    ),
    activation(
      'activationUnprocessedEventThreshold',
      'integer',
      'the unprocessed events',
    ),
    opt(
      'blobContainer',
      'string',
      'Blob container of the checkpoints (all strategies except azureFunction).',
    ),
    opt(
      'eventHubNamespace',
      'string',
      'Event Hubs namespace (needed with pod identity).',
      { sources: ME },
    ),
    opt(
      'eventHubName',
      'string',
      'Event Hub name (needed with pod identity or without EntityPath).',
      { sources: ME },
    ),
    opt(
      'storageAccountName',
      'string',
      'Storage account of the checkpoints, when read with pod identity.',
    ),
    oneOf(
      'checkpointStrategy',
      ['azureFunction', 'blobMetadata', 'goSdk', 'dapr'],
      'How the consumer SDK stores checkpoints; empty means legacy checkpoints.',
    ),
    cloud(AZURE_CLOUDS_WITH_GERMANY),
    endpointSuffix('Event Hubs (Service Bus)'),
    opt(
      'storageEndpointSuffix',
      'string',
      'Blob storage endpoint suffix (without "blob."); needed when cloud is Private.',
    ),
    param(
      'stalePartitionInfoThreshold',
      'integer',
      'Lag above which a partition whose checkpoint did not move counts as stale.',
      { default: '10000' },
    ),
  ],
});

const logAnalytics = scaler({
  type: 'azure-log-analytics',
  page: 'azure-log-analytics',
  title: 'Azure Log Analytics',
  category: 'Data & Storage',
  maintainer: 'Microsoft',
  availability: 'v2.0+',
  description: 'Result of a Kusto query against a Log Analytics workspace.',
  podIdentityProviders: ['azure-workload'],
  parameters: [
    req('workspaceId', 'string', 'Workspace ID (the workspace customerId).', {
      sources: AME,
    }),
    req(
      'query',
      'string',
      'Kusto query that returns the metric (and optionally a threshold).',
    ),
    req('threshold', 'number', 'Target value per replica.'),
    activation('activationThreshold'),
    opt('tenantId', 'string', 'Entra ID tenant of the service principal.', {
      sources: AME,
    }),
    opt('clientId', 'string', 'Client ID of the service principal.', {
      sources: AME,
    }),
    secret('clientSecret', 'Client secret of the service principal.', {
      sources: AE,
    }),
    cloud(),
    opt(
      'logAnalyticsResourceURL',
      'url',
      'Log Analytics API URL; needed when cloud is Private.',
    ),
    unsafeSsl(),
    opt('timeout', 'integer', 'HTTP timeout in milliseconds for this trigger.'),
  ],
});

const monitor = scaler({
  type: 'azure-monitor',
  page: 'azure-monitor',
  title: 'Azure Monitor',
  category: 'Metrics',
  maintainer: 'Microsoft',
  availability: 'v1.3+',
  description:
    'An Azure Monitor platform or custom metric of an Azure resource.',
  podIdentityProviders: ['azure-workload'],
  parameters: [
    req(
      'resourceURI',
      'string',
      'Short resource path: provider namespace/resource type/resource name.',
    ),
    req('tenantId', 'string', 'Entra ID tenant of the resource.'),
    req('subscriptionId', 'string', 'Subscription that holds the resource.'),
    req('resourceGroupName', 'string', 'Resource group of the resource.'),
    req('metricName', 'string', 'Metric to query (platform or custom).'),
    opt(
      'metricNamespace',
      'string',
      'Metric namespace; needed for custom metrics.',
    ),
    req('targetValue', 'number', 'Target metric value per replica.'),
    activation('activationTargetValue'),
    req(
      'metricAggregationType',
      'string',
      'Aggregation, e.g. Average, Total or Maximum.',
    ),
    opt(
      'metricFilter',
      'string',
      "Dimension filter, e.g. namespace eq 'default'.",
    ),
    opt(
      'metricAggregationInterval',
      'string',
      'Aggregation window as h:mm:ss.',
      { default: '0:5:0' },
    ),
    opt(
      'activeDirectoryClientId',
      'string',
      'Client ID of an Entra ID app with Monitoring Reader (unless pod identity is used).',
      { sources: MEA },
    ),
    secret(
      'activeDirectoryClientPassword',
      'Client secret of that Entra ID app.',
      {
        sources: EA,
      },
    ),
    cloud([
      'AzurePublicCloud',
      'AzureUSGovernmentCloud',
      'AzureGermanCloud',
      'AzureChinaCloud',
      'Private',
    ]),
    opt(
      'azureResourceManagerEndpoint',
      'url',
      'Azure Resource Manager URL; needed when cloud is Private.',
    ),
    opt(
      'metricInterval',
      'string',
      'Older name of metricAggregationInterval, read when that is not set.',
    ),
  ],
});

const pipelines = scaler({
  type: 'azure-pipelines',
  page: 'azure-pipelines',
  title: 'Azure Pipelines',
  category: 'CI/CD',
  maintainer: 'Microsoft',
  availability: 'v2.3+',
  description: 'Pending jobs of an Azure Pipelines agent pool.',
  podIdentityProviders: ['azure-workload'],
  parameters: [
    opt('poolName', 'string', 'Agent pool name (wins over poolID).', {
      oneOfGroup: 'pool',
    }),
    opt('poolID', 'integer', 'Agent pool ID.', { oneOfGroup: 'pool' }),
    req('organizationURL', 'url', 'URL of the Azure DevOps organization.', {
      sources: ['env', 'authentication', 'metadata'],
    }),
    secret(
      'personalAccessToken',
      'Azure DevOps personal access token (unless pod identity is used).',
      { sources: EA },
    ),
    param(
      'targetPipelinesQueueLength',
      'integer',
      'Target pending jobs per replica.',
      { default: '1' },
    ),
    activation(
      'activationTargetPipelinesQueueLength',
      'integer',
      'the pending jobs',
    ),
    opt(
      'parent',
      'string',
      'Name of the template agent whose capabilities jobs must match (not with jobsToFetch).',
    ),
    opt(
      'demands',
      'list',
      'Comma-separated capabilities the agents offer; jobs are matched against them.',
    ),
    flag(
      'requireAllDemands',
      'Only count jobs whose demands equal the given demands exactly.',
      'false',
    ),
    flag(
      'requireAllDemandsAndIgnoreOthers',
      'Only count jobs that include all given demands, ignoring extra ones.',
      'false',
    ),
    param(
      'jobsToFetch',
      'integer',
      'How many jobs to read from the API (not with parent).',
      {
        default: '250',
      },
    ),
    flag(
      'fetchUnfinishedJobsOnly',
      'Read only running and pending jobs from the API.',
      'false',
    ),
    flag(
      'caseInsensitiveDemandsProcessing',
      'Compare demands case-insensitively.',
      'false',
    ),
    flag(
      'scaleOnInFlight',
      'Count jobs already running as well as queued ones.',
      'true',
    ),
    flag(
      'azureServicePrincipal',
      'Authenticate as an Entra ID service principal (the azureServicePrincipal… parameters).',
      undefined,
      { sources: ['authentication'] },
    ),
    auth(
      'azureServicePrincipalTenantId',
      'string',
      'Tenant of the service principal.',
    ),
    auth(
      'azureServicePrincipalClientId',
      'string',
      'Client ID of the service principal.',
    ),
    auth(
      'azureServicePrincipalCloud',
      'string',
      'Azure cloud of the service principal (or Private).',
    ),
    auth(
      'azureServicePrincipalActiveDirectoryEndpoint',
      'url',
      'Entra ID endpoint, with cloud Private.',
    ),
    secret(
      'azureServicePrincipalClientSecret',
      'Client secret of the service principal.',
    ),
    secret(
      'azureServicePrincipalClientCertificate',
      'Client certificate (PEM) of the service principal, instead of a secret.',
    ),
    secret(
      'azureServicePrincipalClientCertificatePassword',
      'Password of that client certificate.',
    ),
  ],
});

const serviceBus = scaler({
  type: 'azure-servicebus',
  page: 'azure-service-bus',
  title: 'Azure Service Bus',
  category: 'Messaging',
  maintainer: 'Microsoft',
  availability: 'v1.0+',
  description: 'Active messages in a Service Bus queue or topic subscription.',
  podIdentityProviders: ['azure-workload'],
  parameters: [
    opt('queueName', 'string', 'Queue to measure (instead of a topic).', {
      oneOfGroup: 'entity',
    }),
    opt('topicName', 'string', 'Topic to measure; needs subscriptionName.', {
      oneOfGroup: 'entity',
    }),
    opt('subscriptionName', 'string', 'Subscription of the topic.', {
      oneOfGroup: 'entity',
    }),
    opt(
      'namespace',
      'string',
      'Service Bus namespace (needed with pod identity).',
    ),
    secret(
      'connection',
      'Namespace connection string with a Manage policy (key or SAS).',
      { sources: EA },
    ),
    param('messageCount', 'integer', 'Target active messages per replica.', {
      default: '5',
    }),
    activation('activationMessageCount', 'integer', 'the message count'),
    flag(
      'useRegex',
      'Treat queueName or subscriptionName as a regular expression.',
      'false',
    ),
    oneOf(
      'operation',
      ['sum', 'max', 'avg'],
      'How entities matched by useRegex are combined.',
      { default: 'sum' },
    ),
    cloud(AZURE_CLOUDS_WITH_GERMANY),
    endpointSuffix('Service Bus'),
  ],
});

const blob = scaler({
  type: 'azure-blob',
  page: 'azure-storage-blob',
  title: 'Azure Blob Storage',
  category: 'Data & Storage',
  maintainer: 'Microsoft',
  availability: 'v1.1+',
  description: 'Number of blobs in a Blob Storage container.',
  podIdentityProviders: ['azure-workload'],
  parameters: [
    req('blobContainerName', 'string', 'Container to count blobs in.'),
    param('blobCount', 'integer', 'Target blobs per replica.', {
      default: '5',
    }),
    activation('activationBlobCount', 'integer', 'the blob count'),
    secret('connection', 'Storage account connection string.', {
      sources: EA,
      oneOfGroup: 'account',
    }),
    opt(
      'accountName',
      'string',
      'Storage account name (needed with pod identity).',
      {
        oneOfGroup: 'account',
      },
    ),
    opt('blobPrefix', 'string', 'Only count blobs under this prefix.', {
      default: '',
    }),
    opt('blobDelimiter', 'string', 'Delimiter of virtual folders.', {
      default: '/',
    }),
    flag(
      'recursive',
      'Count blobs in all virtual folders below the prefix.',
      'false',
    ),
    opt(
      'globPattern',
      'string',
      'Glob matched against blob names; overrides prefix, delimiter and recursive.',
      { default: '' },
    ),
    cloud(AZURE_CLOUDS_WITH_GERMANY),
    endpointSuffix('Blob storage'),
  ],
});

const queue = scaler({
  type: 'azure-queue',
  page: 'azure-storage-queue',
  title: 'Azure Storage Queue',
  category: 'Messaging',
  maintainer: 'Microsoft',
  availability: 'v1.0+',
  description: 'Messages in an Azure Storage queue.',
  podIdentityProviders: ['azure-workload'],
  parameters: [
    req('queueName', 'string', 'Queue to measure.'),
    param('queueLength', 'integer', 'Target messages per replica.', {
      default: '5',
    }),
    oneOf(
      'queueLengthStrategy',
      ['all', 'visibleonly'],
      'Count all messages, or only visible ones (falls back to all at 32 or more).',
      { default: 'all' },
    ),
    activation('activationQueueLength', 'integer', 'the message count'),
    secret('connection', 'Storage account connection string.', {
      sources: EA,
      oneOfGroup: 'account',
    }),
    opt(
      'accountName',
      'string',
      'Storage account name (needed with pod identity).',
      {
        oneOfGroup: 'account',
      },
    ),
    cloud(AZURE_CLOUDS_WITH_GERMANY),
    endpointSuffix('Queue storage'),
  ],
});

/** Microsoft Azure. */
/** In KEDA 2.21's code, without a docs page yet. */
const cosmosDb = scaler({
  type: 'azure-cosmosdb',
  page: 'https://github.com/kedacore/keda/blob/v2.21.0/pkg/scalers/azure_cosmosdb_scaler.go',
  title: 'Azure Cosmos DB',
  category: 'Data & Storage',
  maintainer: 'Microsoft',
  description:
    'Change feed lag of an Azure Cosmos DB container (change feed processor).',
  podIdentityProviders: ['azure-workload'],
  parameters: [
    req('databaseId', 'string', 'Database of the monitored container.'),
    req('containerId', 'string', 'The monitored container.'),
    req('leaseDatabaseId', 'string', 'Database of the lease container.'),
    req('leaseContainerId', 'string', 'The lease container of the processor.'),
    req('processorName', 'string', 'Name of the change feed processor.'),
    opt(
      'endpoint',
      'url',
      'Cosmos DB account endpoint (with pod identity or a key).',
      {
        sources: AM,
      },
    ),
    secret('connection', 'Cosmos DB connection string.', { sources: AE }),
    opt(
      'leaseEndpoint',
      'url',
      'Endpoint of the lease account, when it differs.',
      {
        sources: AM,
      },
    ),
    secret('leaseConnection', 'Connection string of the lease account.', {
      sources: AE,
    }),
    secret('cosmosDBKey', 'Account key, used with endpoint.', { sources: AE }),
    secret('leaseCosmosDBKey', 'Account key of the lease account.', {
      sources: AE,
    }),
    auth('tenantId', 'string', 'Tenant of a service principal.'),
    auth('clientId', 'string', 'Client ID of a service principal.'),
    secret('clientSecret', 'Client secret of that service principal.'),
    opt(
      'changeFeedLagThreshold',
      'integer',
      'Target change feed lag per replica.',
      {
        default: '100',
      },
    ),
    activation(
      'activationChangeFeedLagThreshold',
      'integer',
      'the change feed lag',
    ),
    oneOf('cloud', AZURE_CLOUDS, 'Azure cloud of the account.', {
      default: 'AzurePublicCloud',
    }),
    opt(
      'cosmosDBResourceURL',
      'url',
      'Cosmos DB resource URL (cloud Private).',
    ),
    opt(
      'activeDirectoryEndpoint',
      'url',
      'Microsoft Entra endpoint (cloud Private).',
    ),
  ],
});

export const azureScalers: ScalerDefinition[] = [
  cosmosDb,
  appInsights,
  dataExplorer,
  eventHub,
  logAnalytics,
  monitor,
  pipelines,
  serviceBus,
  blob,
  queue,
];
