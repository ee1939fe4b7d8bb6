import type { ScalerDefinition } from '../types';
import {
  AE,
  AEM,
  AME,
  MA,
  MAE,
  ME,
  activation,
  auth,
  awsCredentials,
  flag,
  oneOf,
  opt,
  param,
  req,
  scaler,
  secret,
  tlsClientAuth,
  unsafeSsl,
} from './helpers';

const kafkaCommon = () => [
  req(
    'bootstrapServers',
    'list',
    'Comma-separated Kafka brokers (host:port).',
    {
      sources: ME,
    },
  ),
  req('consumerGroup', 'string', 'Consumer group whose lag is measured.', {
    sources: ME,
  }),
  opt(
    'topic',
    'string',
    'Topic to measure; when empty, all topics the group has committed offsets for.',
    { sources: ME },
  ),
  param(
    'lagThreshold',
    'integer',
    'Target lag per replica that drives scaling.',
    { default: '10' },
  ),
  activation('activationLagThreshold', 'integer', 'the total lag'),
  oneOf(
    'offsetResetPolicy',
    ['latest', 'earliest'],
    'Where a group without committed offsets starts; decides how its lag is counted.',
    { default: 'latest' },
  ),
  flag(
    'allowIdleConsumers',
    'Allow more replicas than partitions (extra consumers sit idle).',
    'false',
  ),
  flag(
    'scaleToZeroOnInvalidOffset',
    'Scale a partition without a valid offset to zero instead of keeping one consumer.',
    'false',
  ),
  flag(
    'excludePersistentLag',
    'Ignore the lag of partitions whose offset did not move since the last poll.',
    'false',
  ),
  flag(
    'limitToPartitionsWithLag',
    'Cap replicas at the number of partitions that have lag (needs topic).',
    'false',
  ),
  flag(
    'ensureEvenDistributionOfPartitions',
    'Only pick replica counts that divide the partitions evenly.',
    'false',
  ),
  opt(
    'partitionLimitation',
    'list',
    'Partition ids or ranges (e.g. 1,2,10-20) to count; all partitions when empty.',
  ),
];

const kafka = scaler({
  type: 'kafka',
  page: 'apache-kafka',
  title: 'Apache Kafka',
  category: 'Messaging',
  maintainer: 'Microsoft',
  availability: 'v1.0+',
  description: 'Consumer-group lag on a Kafka topic (Sarama client).',
  podIdentityProviders: ['aws', 'aws-eks'],
  parameters: [
    ...kafkaCommon(),
    opt('version', 'string', 'Kafka protocol version of the brokers.', {
      default: '1.0.0',
    }),
    flag(
      'fullMetadata',
      'Fetch metadata for the whole cluster; false limits it to the topic.',
      'true',
    ),
    oneOf(
      'sasl',
      [
        'none',
        'plaintext',
        'scram_sha256',
        'scram_sha512',
        'gssapi',
        'oauthbearer',
      ],
      'SASL mechanism; a value in the trigger wins over the TriggerAuthentication.',
      { default: 'none', sources: MA },
    ),
    oneOf(
      'saslTokenProvider',
      ['bearer', 'aws_msk_iam'],
      'Token source when sasl is oauthbearer.',
      { default: 'bearer', sources: MA },
    ),
    oneOf('tls', ['enable', 'disable'], 'Use TLS towards the brokers.', {
      default: 'disable',
      sources: MA,
    }),
    unsafeSsl(),
    opt(
      'awsRegion',
      'string',
      'Region of the AWS MSK cluster; needed for MSK IAM authentication.',
    ),
    auth('username', 'string', 'SASL user name.'),
    secret('password', 'SASL password.'),
    secret('keytab', 'Kerberos keytab (gssapi; alternative to password).'),
    auth('realm', 'string', 'Kerberos realm (needed for gssapi).'),
    auth(
      'kerberosConfig',
      'string',
      'Contents of krb5.conf (needed for gssapi).',
    ),
    auth('kerberosServiceName', 'string', 'Kerberos service name.', {
      default: 'kafka',
    }),
    auth(
      'kerberosDisableFAST',
      'boolean',
      'Turn off Kerberos FAST negotiation.',
      {
        default: 'false',
      },
    ),
    auth(
      'oauthTokenEndpointUri',
      'url',
      'OAuth token endpoint (needed for oauthbearer).',
    ),
    auth('scopes', 'list', 'Comma-separated OAuth scopes for oauthbearer.'),
    auth(
      'oauthExtensions',
      'map',
      'SASL OAuth extensions as comma-separated key=value pairs.',
    ),
    ...tlsClientAuth({ keyPassword: true }),
    ...awsCredentials(),
    auth(
      'ccacheName',
      'string',
      'Kerberos credential cache (sasl gssapi), instead of a keytab or password.',
    ),
  ],
});

const apacheKafka = scaler({
  type: 'apache-kafka',
  page: 'apache-kafka-go',
  title: 'Apache Kafka (Experimental)',
  category: 'Messaging',
  maintainer: 'Community',
  availability: 'v2.12+',
  experimental: true,
  description:
    'Consumer-group lag on a Kafka topic (experimental kafka-go client).',
  podIdentityProviders: ['aws', 'aws-eks'],
  parameters: [
    ...kafkaCommon(),
    oneOf(
      'sasl',
      [
        'none',
        'plaintext',
        'scram_sha256',
        'scram_sha512',
        'gssapi',
        'aws_msk_iam',
      ],
      'SASL mechanism; may also come from the TriggerAuthentication.',
      { default: 'none', sources: MA },
    ),
    oneOf('tls', ['enable', 'disable'], 'Use TLS towards the brokers.', {
      default: 'disable',
      sources: MA,
    }),
    opt(
      'awsRegion',
      'string',
      'Region of the AWS MSK cluster; needed for MSK IAM authentication.',
    ),
    auth(
      'username',
      'string',
      'SASL user name (needed unless sasl is none or aws_msk_iam).',
    ),
    secret(
      'password',
      'SASL password (needed unless sasl is none or aws_msk_iam).',
    ),
    ...tlsClientAuth({ keyPassword: true }),
    ...awsCredentials(),
  ],
});

const activemq = scaler({
  type: 'activemq',
  page: 'activemq',
  title: 'ActiveMQ',
  category: 'Messaging',
  maintainer: 'Community',
  availability: 'v2.6+',
  description: 'Message count of an ActiveMQ queue, read over Jolokia REST.',
  parameters: [
    opt(
      'managementEndpoint',
      'url',
      'Management endpoint as host:port (needed unless restAPITemplate is set).',
      { oneOfGroup: 'endpoint' },
    ),
    opt(
      'destinationName',
      'string',
      'Queue to measure (needed unless restAPITemplate is set).',
      { oneOfGroup: 'endpoint' },
    ),
    opt(
      'brokerName',
      'string',
      'Broker name as configured in ActiveMQ (needed unless restAPITemplate is set).',
      { oneOfGroup: 'endpoint' },
    ),
    param('targetQueueSize', 'integer', 'Target queue size per replica.', {
      default: '10',
    }),
    activation('activationTargetQueueSize', 'integer', 'the queue size'),
    opt(
      'restAPITemplate',
      'string',
      'Go template of the REST URL that returns the queue size; replaces the three fields above.',
      {
        oneOfGroup: 'endpoint',
        default:
          'http://{{.ManagementEndpoint}}/api/jolokia/read/org.apache.activemq:type=Broker,brokerName={{.BrokerName}},destinationType=Queue,destinationName={{.DestinationName}}/QueueSize',
      },
    ),
    opt('corsHeader', 'string', 'Origin header sent for CORS filtering.', {
      default: 'http://<<managmentEndpoint>>',
    }),
    req('username', 'string', 'User for the management endpoint.', {
      sources: AEM,
    }),
    secret('password', 'Password for the management endpoint.', {
      required: true,
      sources: AE,
    }),
  ],
});

const artemis = scaler({
  type: 'artemis-queue',
  page: 'artemis',
  title: 'ActiveMQ Artemis',
  category: 'Messaging',
  maintainer: 'Community',
  availability: 'v1.5+',
  description: 'Message count of an ActiveMQ Artemis queue, read over Jolokia.',
  parameters: [
    req('managementEndpoint', 'url', 'Management endpoint as host:port.'),
    req('queueName', 'string', 'Queue to measure.'),
    req('brokerName', 'string', 'Broker name as configured in Artemis.'),
    req('brokerAddress', 'string', 'Address the queue is bound to.'),
    param('queueLength', 'integer', 'Target message count per replica.', {
      default: '10',
    }),
    activation('activationQueueLength', 'integer', 'the message count'),
    opt(
      'restApiTemplate',
      'string',
      'Template of the REST URL that returns the message count.',
      {
        default:
          'http://<<managementEndpoint>>/console/jolokia/read/org.apache.activemq.artemis:broker="<<brokerName>>",component=addresses,address="<<brokerAddress>>",subcomponent=queues,routing-type="anycast",queue="<<queueName>>"/MessageCount',
      },
    ),
    opt('corsHeader', 'string', 'Origin header sent for CORS filtering.', {
      default: 'http://<<managmentEndpoint>>',
    }),
    unsafeSsl(),
    req('username', 'string', 'User for the management endpoint.', {
      sources: AME,
    }),
    secret('password', 'Password for the management endpoint.', {
      required: true,
      sources: AE,
    }),
    ...tlsClientAuth({ keyPassword: true }),
  ],
});

const rabbitmq = scaler({
  type: 'rabbitmq',
  page: 'rabbitmq-queue',
  title: 'RabbitMQ Queue',
  category: 'Messaging',
  maintainer: 'Microsoft',
  availability: 'v1.0+',
  description:
    'Length or message rates of a RabbitMQ queue (AMQP or management API).',
  podIdentityProviders: ['azure-workload'],
  parameters: [
    // Not a secret: KEDA reads host from the metadata first (then the
    // TriggerAuthentication, then hostFromEnv); a host without credentials
    // goes with workload identity or OAuth2 (rabbitmq_scaler.go, Host).
    req(
      'host',
      'url',
      'Broker URI (amqp://, amqps:// or http(s)://, with vhost); put credentials in username/password or a TriggerAuthentication, not here.',
      { sources: MAE },
    ),
    req(
      'queueName',
      'string',
      'Queue to measure (a regex when useRegex is true).',
    ),
    req(
      'mode',
      'enum',
      'What to scale on; every mode except QueueLength needs the http protocol.',
      {
        values: [
          'QueueLength',
          'MessageRate',
          'DeliverGetRate',
          'PublishedToDeliveredRatio',
          'ExpectedQueueConsumptionTime',
        ],
      },
    ),
    req('value', 'number', 'Target value of the chosen mode per replica.'),
    activation('activationValue', 'number', 'the chosen mode'),
    oneOf(
      'protocol',
      ['auto', 'http', 'amqp'],
      'Protocol to talk to the broker; auto picks it from the host scheme.',
      { default: 'auto', sources: MA },
    ),
    opt(
      'vhostName',
      'string',
      'Virtual host, overriding the one in host (needed with workload identity).',
      { sources: MA },
    ),
    opt(
      'queueLength',
      'integer',
      'Old way to set a queue-length target; use mode QueueLength with value.',
      { default: '20', deprecated: true },
    ),
    flag(
      'useRegex',
      'Treat queueName as a regular expression (http protocol only).',
      'false',
    ),
    opt('pageSize', 'integer', 'Page size when listing queues for useRegex.', {
      default: '100',
    }),
    oneOf(
      'operation',
      ['sum', 'max', 'avg'],
      'How queues matched by useRegex are combined.',
      { default: 'sum' },
    ),
    opt(
      'timeout',
      'integer',
      'HTTP timeout in milliseconds for this trigger (http protocol only).',
    ),
    flag(
      'excludeUnacknowledged',
      'Count only ready messages in QueueLength mode (http protocol only).',
      'false',
    ),
    unsafeSsl(),
    auth(
      'username',
      'string',
      'User for the broker; overrides the one in host.',
      {
        sources: AE,
      },
    ),
    secret('password', 'Password for the broker; overrides the one in host.', {
      sources: AE,
    }),
    auth('tls', 'enum', 'Use TLS with a client certificate.', {
      values: ['enable', 'disable'],
      default: 'disable',
    }),
    ...tlsClientAuth({ keyPassword: true }),
    auth(
      'workloadIdentityResource',
      'string',
      'Application ID of the Entra ID app registration used with azure-workload identity.',
    ),
  ],
  // authModes oauth (and the others) as KEDA's shared authentication reads them.
  sharedAuth: true,
});

const natsJetstream = scaler({
  type: 'nats-jetstream',
  page: 'nats-jetstream',
  title: 'NATS JetStream',
  category: 'Messaging',
  maintainer: 'Community',
  availability: 'v2.8+',
  description: 'Pending messages of a NATS JetStream consumer.',
  parameters: [
    req(
      'natsServerMonitoringEndpoint',
      'url',
      'NATS server monitoring endpoint (host:port).',
      { sources: MA },
    ),
    opt('account', 'string', 'NATS account that holds the stream.', {
      default: '$G',
      sources: MA,
    }),
    req('stream', 'string', 'JetStream stream name.'),
    req('consumer', 'string', 'Consumer of that stream.'),
    req('lagThreshold', 'integer', 'Target pending messages per replica.'),
    activation('activationLagThreshold', 'integer', 'the pending messages'),
    flag('useHttps', 'The monitoring endpoint speaks HTTPS.', 'false'),
    opt('accountID', 'string', 'NATS account whose JetStream is read.'),
  ],
});

const stan = scaler({
  type: 'stan',
  page: 'nats-streaming',
  title: 'NATS Streaming',
  category: 'Messaging',
  maintainer: 'Community',
  availability: 'v1.0+',
  removed: true,
  description:
    'Pending messages of a NATS Streaming channel (removed from KEDA).',
  parameters: [
    req(
      'natsServerMonitoringEndpoint',
      'url',
      'NATS Streaming monitoring endpoint (host:port).',
      { sources: MA },
    ),
    req('queueGroup', 'string', 'Queue group of the subscribers.'),
    req('durableName', 'string', 'Durable name of the subscription.'),
    req('subject', 'string', 'Channel to measure.'),
    req('lagThreshold', 'integer', 'Target pending messages per replica.'),
    activation('activationLagThreshold', 'integer', 'the pending messages'),
    flag('useHttps', 'The monitoring endpoint speaks HTTPS.', 'false'),
    auth('tls', 'enum', 'Use TLS with a client certificate.', {
      values: ['enable', 'disable'],
      default: 'disable',
    }),
    ...tlsClientAuth(),
  ],
});

const nsq = scaler({
  type: 'nsq',
  page: 'nsq',
  title: 'NSQ',
  category: 'Messaging',
  maintainer: 'Community',
  availability: 'v2.17+',
  description: 'Depth of an NSQ topic channel.',
  parameters: [
    req(
      'nsqLookupdHTTPAddresses',
      'list',
      'Comma-separated nsqlookupd HTTP addresses (host:port).',
      {
        sources: ME,
      },
    ),
    req('topic', 'string', 'Topic the channel belongs to.', { sources: ME }),
    req('channel', 'string', 'Channel whose depth is measured.', {
      sources: ME,
    }),
    param('depthThreshold', 'integer', 'Target depth per replica.', {
      default: '10',
      sources: ME,
    }),
    param(
      'activationDepthThreshold',
      'integer',
      'Depth above which the scaler becomes active.',
      { default: '0', sources: ME },
    ),
    flag('useHttps', 'Talk HTTPS to NSQ.', 'false', { sources: ME }),
    flag(
      'unsafeSsl',
      'Skip verification of the server TLS certificate.',
      'false',
      {
        sources: ME,
      },
    ),
  ],
});

const pulsar = scaler({
  type: 'pulsar',
  page: 'pulsar',
  title: 'Apache Pulsar',
  category: 'Messaging',
  maintainer: 'Community',
  availability: 'v2.8',
  description: 'Backlog of a Pulsar topic subscription.',
  parameters: [
    req('adminURL', 'url', 'Base URL of the Pulsar admin API.', {
      sources: ME,
    }),
    req('topic', 'string', 'Topic as persistent://tenant/namespace/topic.', {
      sources: ME,
    }),
    flag(
      'isPartitionedTopic',
      'The topic is partitioned; the backlog is summed over partitions.',
      'false',
    ),
    req('subscription', 'string', 'Subscription whose backlog is measured.', {
      sources: ME,
    }),
    param('msgBacklogThreshold', 'integer', 'Target backlog per replica.', {
      default: '10',
    }),
    activation('activationMsgBacklogThreshold', 'integer', 'the backlog'),
    param(
      'authModes',
      'list',
      'Comma-separated auth modes; tls combines with bearer or basic.',
      { values: ['bearer', 'tls', 'basic', 'oauth'], default: '' },
    ),
    opt('oauthTokenURI', 'url', 'OAuth token endpoint (authModes oauth).', {
      sources: MA,
    }),
    opt('scope', 'list', 'Comma-separated OAuth scopes (authModes oauth).', {
      sources: MA,
    }),
    opt('clientID', 'string', 'OAuth client ID (authModes oauth).', {
      sources: MA,
    }),
    opt(
      'endpointParams',
      'string',
      'Extra URL-encoded parameters for the token request (authModes oauth).',
      { sources: MA },
    ),
    secret('clientSecret', 'OAuth client secret (authModes oauth).'),
    secret(
      'bearerToken',
      'Token sent as Authorization: Bearer (authModes bearer).',
    ),
    auth('username', 'string', 'User for basic auth (authModes basic).'),
    secret('password', 'Password for basic auth (authModes basic).'),
    ...tlsClientAuth(),
    oneOf(
      'tls',
      ['enable', 'disable'],
      'Older way to turn on TLS client authentication (authModes tls is the newer one).',
    ),
    opt(
      'EndpointParams',
      'string',
      'Older spelling of endpointParams in the metadata.',
    ),
  ],
  sharedAuth: true,
});

const ibmmq = scaler({
  type: 'ibmmq',
  page: 'ibm-mq',
  title: 'IBM MQ',
  category: 'Messaging',
  maintainer: 'Community',
  availability: 'v2.0+',
  description:
    'Depth of one or more IBM MQ queues, read over the admin REST API.',
  parameters: [
    req('host', 'url', 'Admin REST (mqsc) endpoint of the queue manager.'),
    opt('queueName', 'list', 'Queue, or comma-separated queues, to measure.', {
      oneOfGroup: 'queue',
    }),
    oneOf(
      'operation',
      ['max', 'sum', 'avg'],
      'How the depths of several queues are combined.',
      { default: 'max' },
    ),
    param('queueDepth', 'integer', 'Target queue depth per replica.', {
      default: '20',
    }),
    activation('activationQueueDepth', 'integer', 'the queue depth'),
    unsafeSsl(),
    req('username', 'string', 'Admin REST user of the queue manager.', {
      sources: AEM,
    }),
    secret('password', 'Admin REST password or API key of the queue manager.', {
      required: true,
      sources: AE,
    }),
    ...tlsClientAuth({ keyPassword: true }),
  ],
});

const liiklus = scaler({
  type: 'liiklus',
  page: 'liiklus-topic',
  title: 'Liiklus Topic',
  category: 'Messaging',
  maintainer: 'Community',
  availability: 'v1.0+',
  deprecated: true,
  description: 'Consumer lag on a Liiklus topic (deprecated upstream).',
  parameters: [
    req('address', 'url', 'gRPC address of the Liiklus API.'),
    req('group', 'string', 'Consumer group.'),
    req('topic', 'string', 'Topic to measure.'),
    param('lagThreshold', 'integer', 'Target lag per replica.', {
      default: '10',
    }),
    activation('activationLagThreshold', 'integer', 'the lag'),
    param('groupVersion', 'integer', 'Group version to read.', {
      default: '0',
    }),
  ],
});

const solaceEventQueue = scaler({
  type: 'solace-event-queue',
  page: 'solace-pub-sub',
  title: 'Solace PubSub+ Event Broker',
  category: 'Messaging',
  maintainer: 'Community',
  availability: '2.4+',
  description:
    'Backlog, spool usage or receive rate of a Solace guaranteed-messaging queue.',
  parameters: [
    req(
      'solaceSempBaseURL',
      'list',
      'SEMP endpoint(s), comma-separated, as protocol://host:port; tried in order.',
    ),
    req('messageVpn', 'string', 'Message VPN that hosts the queue.'),
    req('queueName', 'string', 'Queue to measure.'),
    opt(
      'messageCountTarget',
      'integer',
      'Target queued messages per replica.',
      {
        oneOfGroup: 'target',
      },
    ),
    activation(
      'activationMessageCountTarget',
      'integer',
      'the queued messages',
    ),
    opt(
      'messageSpoolUsageTarget',
      'integer',
      'Target spool usage in MB per replica.',
      {
        oneOfGroup: 'target',
      },
    ),
    activation(
      'activationMessageSpoolUsageTarget',
      'integer',
      'the spool usage (MB)',
    ),
    opt(
      'messageReceiveRateTarget',
      'number',
      'Target messages per second (1-minute average) per replica.',
      { oneOfGroup: 'target' },
    ),
    activation(
      'activationMessageReceiveRateTarget',
      'number',
      'the receive rate',
    ),
    req('username', 'string', 'SEMP user.', {
      sources: AME,
    }),
    secret('password', 'SEMP password.', { required: true, sources: AE }),
  ],
});

const solaceDirect = scaler({
  type: 'solace-direct-messaging',
  page: 'solace-pub-sub-dm',
  title: 'Solace PubSub+ Event Broker - Direct Messaging',
  category: 'Messaging',
  maintainer: 'Community',
  availability: '2.18+',
  description:
    'Transmit rates and D-1 queue of Solace direct-messaging clients matching a name.',
  parameters: [
    req(
      'solaceSempBaseURL',
      'list',
      'SEMP endpoint(s), comma-separated, as protocol://host:port.',
    ),
    req('messageVpn', 'string', 'Message VPN the clients connect to.'),
    req(
      'clientNamePattern',
      'string',
      'Substring that selects the clients of the shared subscription.',
    ),
    flag(
      'unsafeSSL',
      'Skip verification of the server TLS certificate.',
      'false',
    ),
    param(
      'queuedMessagesFactor',
      'integer',
      'Weight given to queued (D-1) messages so scaling reacts faster.',
      { default: '3' },
    ),
    param(
      'aggregatedClientTxMsgRateTarget',
      'number',
      'Target messages per second consumed by the clients, per replica.',
      { default: '0', oneOfGroup: 'target' },
    ),
    param(
      'aggregatedClientTxByteRateTarget',
      'number',
      'Target bytes per second consumed by the clients, per replica.',
      { default: '0', oneOfGroup: 'target' },
    ),
    param(
      'aggregatedClientAverageTxByteRateTarget',
      'number',
      'Target average consumption per minute (bytes), per replica.',
      { default: '0', oneOfGroup: 'target' },
    ),
    param(
      'aggregatedClientAverageTxMsgRateTarget',
      'number',
      'Target average consumption per minute (messages), per replica.',
      { default: '0', oneOfGroup: 'target' },
    ),
    req('username', 'string', 'SEMP user.', { sources: AE }),
    secret('password', 'SEMP password.', { required: true, sources: AE }),
    activation(
      'activationAggregatedClientTxByteRateTarget',
      'integer',
      'the aggregated client transmit byte rate',
    ),
    activation(
      'activationAggregatedClientAverageTxByteRateTarget',
      'integer',
      'the aggregated average client transmit byte rate',
    ),
    activation(
      'activationAggregatedClientTxMsgRateTarget',
      'integer',
      'the aggregated client transmit message rate',
    ),
    activation(
      'activationAggregatedClientAverageTxMsgRateTarget',
      'integer',
      'the aggregated average client transmit message rate',
    ),
  ],
});

const beanstalkd = scaler({
  type: 'beanstalkd',
  page: 'beanstalkd',
  title: 'Beanstalkd',
  category: 'Messaging',
  maintainer: 'Community',
  availability: 'v2.16+',
  description: 'Jobs waiting in a beanstalkd tube.',
  parameters: [
    req(
      'server',
      'url',
      'Beanstalkd address as host:port (port 11300 if left out).',
    ),
    req('tube', 'string', 'Tube to measure.'),
    req('value', 'number', 'Target jobs per replica.'),
    activation('activationValue', 'number', 'the job count'),
    flag(
      'includeDelayed',
      'Count delayed jobs too, not only ready and reserved ones.',
      'false',
    ),
    param('timeout', 'integer', 'Connection timeout in seconds.', {
      default: '30',
    }),
  ],
});

const temporal = scaler({
  type: 'temporal',
  page: 'temporal',
  title: 'Temporal',
  category: 'Messaging',
  maintainer: 'Community',
  availability: 'v2.17+',
  description: 'Backlog of a Temporal task queue or worker deployment version.',
  parameters: [
    req('endpoint', 'url', 'Temporal frontend gRPC address (host:port).', {
      sources: ME,
    }),
    opt('namespace', 'string', 'Temporal namespace.', {
      default: 'default',
      sources: ME,
    }),
    req('taskQueue', 'string', 'Task queue to measure.', { sources: ME }),
    param('targetQueueSize', 'integer', 'Target backlog per replica.', {
      default: '5',
    }),
    activation('activationTargetQueueSize', 'integer', 'the backlog'),
    param('queueTypes', 'list', 'Comma-separated task queue types to count.', {
      values: ['workflow', 'activity'],
      default: 'workflow',
    }),
    opt(
      'workerDeploymentName',
      'string',
      'Worker Deployment to scale; use with workerDeploymentBuildId.',
      { sources: ME },
    ),
    opt(
      'workerDeploymentBuildId',
      'string',
      'Build ID within the Worker Deployment.',
      { sources: ME },
    ),
    opt(
      'buildId',
      'string',
      'Legacy build ID (rules-based versioning); use the worker deployment fields.',
      { sources: ME, deprecated: true },
    ),
    flag('selectAllActive', 'Legacy: count all active versions.', 'false', {
      deprecated: true,
    }),
    flag('selectUnversioned', 'Legacy: count the unversioned queue.', 'false', {
      deprecated: true,
    }),
    flag(
      'includeRunningWorkflowCount',
      'Stay active while workflows are running, even with an empty backlog.',
      'false',
    ),
    opt(
      'workflowTaskQueueForCount',
      'string',
      'Task queue used for the running-workflow count instead of taskQueue.',
      { sources: ME },
    ),
    opt(
      'minConnectTimeout',
      'integer',
      'Minimum connection timeout in seconds.',
      {
        default: '5',
      },
    ),
    unsafeSsl(),
    opt(
      'tlsServerName',
      'string',
      'Server name to expect in the TLS certificate.',
    ),
    flag(
      'enableTLS',
      'Use TLS with apiKey authentication; false only for plaintext self-hosted servers.',
      'true',
    ),
    secret('apiKey', 'Temporal Cloud API key.', { sources: AE }),
    ...tlsClientAuth({ keyPassword: true }),
  ],
});

/** Message brokers and task queues. */
export const messagingScalers: ScalerDefinition[] = [
  kafka,
  apacheKafka,
  activemq,
  artemis,
  rabbitmq,
  natsJetstream,
  stan,
  nsq,
  pulsar,
  ibmmq,
  liiklus,
  solaceEventQueue,
  solaceDirect,
  beanstalkd,
  temporal,
];
