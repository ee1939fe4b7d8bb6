import type { ScalerDefinition } from '../types';
import {
  EA,
  MA,
  MEA,
  activation,
  auth,
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

const arangodb = scaler({
  type: 'arangodb',
  page: 'arangodb',
  title: 'ArangoDB',
  category: 'Data & Storage',
  maintainer: 'Community',
  availability: 'v2.10+',
  description: 'Numeric result of an ArangoDB (AQL) query.',
  parameters: [
    req('endpoints', 'list', 'Comma-separated URLs of the coordinators.', {
      sources: MA,
    }),
    req('query', 'string', 'AQL query returning {"value": <number>}.'),
    req('dbName', 'string', 'Database to query.', { sources: MA }),
    req('collection', 'string', 'Collection the query reads.'),
    req('queryValue', 'number', 'Target query result per replica.'),
    activation('activationQueryValue', 'number', 'the query result'),
    unsafeSsl(),
    opt('connectionLimit', 'integer', 'Maximum size of the connection pool.'),
  ],
  // KEDA never reads a serverID (the docs list one; the field has no tag).
  sharedAuth: true,
});

const cassandra = scaler({
  type: 'cassandra',
  page: 'cassandra',
  title: 'Cassandra',
  category: 'Data & Storage',
  maintainer: 'Community',
  availability: 'v2.5+',
  description: 'Numeric result of a CQL query.',
  parameters: [
    req('username', 'string', 'User to log in with.'),
    secret('password', 'Password of that user.', { required: true }),
    req(
      'clusterIPAddress',
      'string',
      'Host name or IP of the cluster (may include the port).',
    ),
    opt('port', 'integer', 'Port, when not part of clusterIPAddress.'),
    oneOf(
      'consistency',
      [
        'LOCAL_ONE',
        'LOCAL_QUORUM',
        'EACH_QUORUM',
        'LOCAL_SERIAL',
        'ONE',
        'TWO',
        'THREE',
        'QUORUM',
        'SERIAL',
        'ALL',
      ],
      'Consistency level of the read.',
      { default: 'ONE' },
    ),
    param('protocolVersion', 'integer', 'CQL binary protocol version.', {
      default: '4',
    }),
    req('keyspace', 'string', 'Keyspace to use.'),
    req('query', 'string', 'CQL query returning one number.'),
    req('targetQueryValue', 'number', 'Target query result per replica.'),
    activation('activationTargetQueryValue', 'number', 'the query result'),
    auth('tls', 'enum', 'Use TLS (then cert and key are needed).', {
      values: ['enable', 'disable'],
      default: 'disable',
    }),
    auth('cert', 'string', 'Client certificate (PEM) for TLS.'),
    secret('key', 'Private key (PEM) of the client certificate.'),
    auth('ca', 'string', 'CA certificate (PEM) used to verify the server.'),
  ],
});

const couchdb = scaler({
  type: 'couchdb',
  page: 'couchdb',
  title: 'CouchDB',
  category: 'Data & Storage',
  maintainer: 'Community',
  availability: 'v2.9+',
  description: 'Number of documents a CouchDB Mango query returns.',
  parameters: [
    secret('connectionString', 'CouchDB connection URL with credentials.', {
      sources: EA,
      oneOfGroup: 'connection',
    }),
    opt('host', 'string', 'Host name of CouchDB (without connectionString).', {
      sources: MA,
      oneOfGroup: 'connection',
    }),
    opt('port', 'integer', 'Port of CouchDB (without connectionString).', {
      sources: MA,
    }),
    opt('dbName', 'string', 'Database (without connectionString).', {
      sources: MA,
    }),
    opt(
      'query',
      'json',
      'Mango query (JSON) whose result count is the metric.',
    ),
    opt('queryValue', 'number', 'Target query result per replica.'),
    activation('activationQueryValue', 'number', 'the query result'),
    opt('username', 'string', 'User to log in with.', { sources: MA }),
    secret('password', 'Password of that user.', {
      sources: ['authentication', 'env'],
    }),
  ],
});

const etcd = scaler({
  type: 'etcd',
  page: 'etcd',
  title: 'Etcd',
  category: 'Data & Storage',
  maintainer: 'Huawei Cloud',
  availability: 'v2.9+',
  description: 'Numeric value stored under an etcd key, watched for changes.',
  parameters: [
    req('endpoints', 'list', 'Comma-separated etcd endpoints (host:port).'),
    req('watchKey', 'string', 'Key whose value is the metric.'),
    req('value', 'number', 'Target key value per replica.'),
    activation('activationValue', 'number', 'the key value'),
    param(
      'watchProgressNotifyInterval',
      'integer',
      'Seconds; match the etcd --experimental-watch-progress-notify-interval.',
      { default: '600' },
    ),
    opt('username', 'string', 'User for etcd authentication.', {
      sources: ['authentication', 'env'],
    }),
    secret('password', 'Password for etcd authentication.', {
      sources: ['authentication', 'env'],
    }),
    auth('tls', 'enum', 'Use TLS towards etcd.', {
      values: ['enable', 'disable'],
      default: 'disable',
    }),
    ...tlsClientAuth({ keyPassword: true }),
  ],
});

const influxdb = scaler({
  type: 'influxdb',
  page: 'influxdb',
  title: 'InfluxDB',
  category: 'Data & Storage',
  maintainer: 'Community',
  availability: 'v2.1+',
  description:
    'Numeric result of an InfluxDB (v2 Flux or v3 SQL/InfluxQL) query.',
  parameters: [
    req('serverURL', 'url', 'URL of the InfluxDB server.', { sources: MA }),
    secret(
      'authToken',
      'API token for InfluxDB (no longer accepted literally in metadata).',
      { sources: EA },
    ),
    opt(
      'organizationName',
      'string',
      'Organization that owns the bucket (needed for InfluxDB 2).',
      { sources: MEA },
    ),
    req(
      'query',
      'string',
      'Query whose result is compared with thresholdValue.',
    ),
    req('thresholdValue', 'number', 'Target query result per replica.'),
    activation('activationThresholdValue', 'number', 'the query result'),
    oneOf('influxVersion', ['2', '3'], 'Major version of the server.', {
      default: '2',
    }),
    opt('database', 'string', 'Database to query (needed for InfluxDB 3).', {
      sources: MA,
    }),
    opt(
      'metricKey',
      'string',
      'Column of the result that holds the metric (needed for InfluxDB 3).',
    ),
    oneOf(
      'queryType',
      ['InfluxQL', 'FlightSQL'],
      'Query language for InfluxDB 3 (ignored for 2).',
      { default: 'InfluxQL' },
    ),
    unsafeSsl(),
  ],
});

const mongodb = scaler({
  type: 'mongodb',
  page: 'mongodb',
  title: 'MongoDB',
  category: 'Data & Storage',
  maintainer: 'Community',
  availability: 'v2.1+',
  description: 'Number of documents matching a MongoDB filter.',
  parameters: [
    secret('connectionString', 'MongoDB connection URI with credentials.', {
      sources: EA,
      oneOfGroup: 'connection',
    }),
    opt('scheme', 'string', 'URI scheme, e.g. mongodb+srv for Atlas.', {
      default: 'mongodb',
      sources: MA,
    }),
    opt('host', 'string', 'Host of the server (without connectionString).', {
      sources: MA,
      oneOfGroup: 'connection',
    }),
    opt('port', 'integer', 'Port of the server (without connectionString).', {
      sources: MA,
    }),
    opt('username', 'string', 'User (without connectionString).', {
      sources: MA,
    }),
    secret('password', 'Password of that user.', { sources: EA }),
    req('dbName', 'string', 'Database to query.', { sources: MA }),
    req('collection', 'string', 'Collection to query.'),
    req(
      'query',
      'json',
      'Filter (JSON) whose matching document count is the metric.',
    ),
    req('queryValue', 'number', 'Target document count per replica.'),
    activation('activationQueryValue', 'number', 'the document count'),
    auth('tls', 'enum', 'Use TLS with the certificates below.', {
      values: ['enable', 'disable'],
      default: 'disable',
    }),
    ...tlsClientAuth({ keyPassword: true }),
  ],
});

const mssql = scaler({
  type: 'mssql',
  page: 'mssql',
  title: 'MSSQL',
  category: 'Data & Storage',
  maintainer: 'Microsoft',
  availability: 'v2.2+',
  description:
    'Numeric result of a T-SQL query or stored procedure on SQL Server.',
  podIdentityProviders: ['azure-workload'],
  parameters: [
    req(
      'query',
      'string',
      'T-SQL query (or stored procedure) returning one number.',
    ),
    req('targetValue', 'number', 'Target query result per replica.'),
    activation('activationTargetValue', 'number', 'the query result'),
    secret(
      'connectionString',
      'SQL Server connection string (URL or ADO form).',
      { sources: EA, oneOfGroup: 'connection' },
    ),
    opt('host', 'string', 'Server host name (without connectionString).', {
      sources: MA,
      oneOfGroup: 'connection',
    }),
    opt('port', 'integer', 'Server port.', { sources: MA, default: '1433' }),
    opt('database', 'string', 'Database to query.', { sources: MA }),
    opt(
      'username',
      'string',
      'SQL user, or the contained user of the managed identity with azure-workload.',
      { sources: MA },
    ),
    secret('password', 'Password of the SQL user.', { sources: EA }),
    opt('driverName', 'string', 'Go SQL driver to use (sqlserver or mssql).'),
  ],
});

const mysql = scaler({
  type: 'mysql',
  page: 'mysql',
  title: 'MySQL',
  category: 'Data & Storage',
  maintainer: 'Community',
  availability: 'v1.2+',
  description: 'Numeric result of a MySQL query.',
  parameters: [
    req('query', 'string', 'Query returning one number.'),
    req('queryValue', 'number', 'Target query result per replica.'),
    activation('activationQueryValue', 'number', 'the query result'),
    secret('connectionString', 'MySQL DSN with credentials.', {
      sources: EA,
      oneOfGroup: 'connection',
    }),
    opt('host', 'string', 'Server host (without connectionString).', {
      sources: MEA,
      oneOfGroup: 'connection',
    }),
    opt('port', 'integer', 'Server port.', { sources: MEA }),
    opt('dbName', 'string', 'Database to query.', { sources: MA }),
    opt('username', 'string', 'User to log in with.', { sources: MEA }),
    secret('password', 'Password of that user (may be empty).', {
      sources: EA,
    }),
    opt(
      'metricName',
      'string',
      'Name for the metric (KEDA still reads it; it only names the metric).',
    ),
  ],
});

const postgresql = scaler({
  type: 'postgresql',
  page: 'postgresql',
  title: 'PostgreSQL',
  category: 'Data & Storage',
  maintainer: 'Community',
  availability: 'v1.2+',
  description: 'Numeric result of a PostgreSQL query.',
  podIdentityProviders: ['azure-workload'],
  parameters: [
    secret('connection', 'PostgreSQL connection string with credentials.', {
      sources: EA,
      oneOfGroup: 'connection',
    }),
    opt(
      'host',
      'string',
      'Fully qualified service host (without connection).',
      {
        sources: MA,
        oneOfGroup: 'connection',
      },
    ),
    opt('port', 'integer', 'Server port.', { sources: MA }),
    opt(
      'userName',
      'string',
      'User, or the managed identity name with azure-workload.',
      { sources: MA },
    ),
    secret('password', 'Password of that user.', { sources: EA }),
    opt('dbName', 'string', 'Database to query.', { sources: MA }),
    opt('sslmode', 'string', 'libpq SSL mode, e.g. disable or require.', {
      sources: MA,
    }),
    req('query', 'string', 'Query returning one number.'),
    req('targetQueryValue', 'number', 'Target query result per replica.'),
    activation('activationTargetQueryValue', 'number', 'the query result'),
  ],
});

const searchCommon = () => [
  req('index', 'list', 'Index or indexes (separated by ";") to search.', {
    sources: MA,
  }),
  opt(
    'searchTemplateName',
    'string',
    'Search template to run (or set query).',
    {
      sources: MA,
      oneOfGroup: 'search',
    },
  ),
  opt('query', 'json', 'Query DSL to run (or set searchTemplateName).', {
    sources: MA,
    oneOfGroup: 'search',
  }),
  opt(
    'parameters',
    'list',
    'Template parameters as name:value, separated by ";".',
  ),
  req(
    'valueLocation',
    'string',
    'GJSON path of the metric in the search response, e.g. hits.total.value.',
    { sources: MA },
  ),
  req('targetValue', 'number', 'Target metric value per replica.', {
    sources: MA,
  }),
  activation('activationTargetValue'),
  unsafeSsl(),
  flag(
    'ignoreNullValues',
    'Treat a missing value as zero instead of an error.',
    'false',
  ),
];

const elasticsearch = scaler({
  type: 'elasticsearch',
  page: 'elasticsearch',
  title: 'Elasticsearch',
  category: 'Data & Storage',
  maintainer: 'Community',
  availability: 'v2.5+',
  description:
    'A value from the result of an Elasticsearch query or search template.',
  parameters: [
    opt('addresses', 'list', 'Comma-separated node URLs (or use cloudID).', {
      sources: MA,
      oneOfGroup: 'cluster',
    }),
    opt(
      'cloudID',
      'string',
      'Elastic Cloud deployment ID (instead of addresses).',
      {
        sources: ['authentication', 'metadata'],
        oneOfGroup: 'cluster',
      },
    ),
    opt('username', 'string', 'User for basic authentication.', {
      sources: MA,
    }),
    secret('password', 'Password for basic authentication.', { sources: EA }),
    secret('apiKey', 'Elastic Cloud API key.'),
    ...searchCommon(),
    opt(
      'metricName',
      'string',
      'Name for the metric (KEDA still reads it; it only names the metric).',
    ),
  ],
});

const opensearch = scaler({
  type: 'opensearch',
  page: 'opensearch',
  title: 'OpenSearch',
  category: 'Data & Storage',
  maintainer: 'Community',
  availability: 'v2.20+',
  description:
    'A value from the result of an OpenSearch query or search template.',
  parameters: [
    req('addresses', 'list', 'Comma-separated node URLs.', { sources: MA }),
    opt(
      'username',
      'string',
      'User for basic authentication (when enableTLS is false).',
      {
        sources: MA,
      },
    ),
    secret(
      'password',
      'Password for basic authentication (when enableTLS is false).',
      {
        sources: EA,
      },
    ),
    ...searchCommon(),
    opt('metricName', 'string', 'Custom name for the metric.'),
    flag(
      'enableTLS',
      'Use mutual TLS with clientCert and clientKey instead of a password.',
      'false',
      { sources: MA },
    ),
    opt('caCert', 'string', 'CA certificate (PEM) used to verify the server.', {
      sources: ['authentication', 'metadata'],
    }),
    opt(
      'clientCert',
      'string',
      'Client certificate (PEM); needed when enableTLS is true.',
      {
        sources: ['authentication', 'metadata'],
      },
    ),
    secret('clientKey', 'Client key (PEM); needed when enableTLS is true.'),
  ],
});

const elasticForecast = scaler({
  type: 'elastic-forecast',
  page: 'elastic-forecast',
  title: 'Elastic Forecast (Experimental)',
  category: 'Data & Storage',
  maintainer: 'Community',
  availability: 'v2.20+',
  experimental: true,
  description:
    'Value an Elastic ML forecast predicts for a time ahead (scales ahead of load).',
  parameters: [
    opt('addresses', 'list', 'Comma-separated node URLs (or use cloudID).', {
      sources: MA,
      oneOfGroup: 'cluster',
    }),
    opt(
      'cloudID',
      'string',
      'Elastic Cloud deployment ID (instead of addresses).',
      {
        sources: ['authentication', 'metadata'],
        oneOfGroup: 'cluster',
      },
    ),
    req('jobID', 'string', 'ML anomaly detection job whose forecast is read.'),
    param(
      'lookAhead',
      'duration',
      'How far ahead of now to read the forecast.',
      {
        default: '10m',
      },
    ),
    req('targetValue', 'number', 'Target forecast value per replica.'),
    activation('activationTargetValue', 'number', 'the forecast'),
    param(
      'index',
      'string',
      'Suffix of the .ml-anomalies-* index to search (e.g. shared).',
      { default: '*' },
    ),
    unsafeSsl(),
    opt(
      'partitionFieldValue',
      'string',
      'Partition field value of the series (jobs with a partition field).',
    ),
    opt(
      'byFieldValue',
      'string',
      'By-field value of the series (jobs with a by field).',
    ),
    opt('username', 'string', 'User for basic authentication.', {
      sources: MA,
    }),
    secret('password', 'Password for basic authentication.', { sources: EA }),
    secret('apiKey', 'Elastic Cloud API key.'),
  ],
});

const solr = scaler({
  type: 'solr',
  page: 'solr',
  title: 'Solr',
  category: 'Metrics',
  maintainer: 'Community',
  availability: 'v2.11+',
  description: 'Number of documents a Solr query finds.',
  parameters: [
    req('host', 'url', 'URL of the Solr service.'),
    param('query', 'string', 'Solr query.', { default: '*:*' }),
    req('collection', 'string', 'Collection (core) to query.'),
    req('targetQueryValue', 'number', 'Target document count per replica.'),
    activation('activationTargetQueryValue', 'number', 'the document count'),
    req('username', 'string', 'Solr user.', {
      sources: ['authentication', 'metadata'],
    }),
    secret('password', 'Password of the Solr user.', { required: true }),
  ],
});

/** Databases, search engines and key-value stores. */
/** In KEDA 2.21's code, without a docs page yet. */
const clickhouse = scaler({
  type: 'clickhouse',
  page: 'https://github.com/kedacore/keda/blob/v2.21.0/pkg/scalers/clickhouse_scaler.go',
  title: 'ClickHouse',
  category: 'Data & Storage',
  maintainer: 'Community',
  availability: 'v2.21+',
  description: 'Result of a ClickHouse SQL query.',
  parameters: [
    req('query', 'string', 'SQL query returning a single number.'),
    req('targetQueryValue', 'number', 'Target query result per replica.'),
    activation('activationTargetQueryValue', 'number', 'the query result'),
    secret(
      'connectionString',
      'ClickHouse DSN (e.g. clickhouse://user:pass@host:9000/db); replaces host, port, username, password and database.',
      { sources: EA },
    ),
    opt(
      'host',
      'string',
      'ClickHouse host, when no connectionString is given.',
      {
        sources: MA,
      },
    ),
    opt('port', 'string', 'ClickHouse native port.', { sources: MA }),
    opt('username', 'string', 'User name.', { sources: MEA }),
    secret('password', 'Password of that user.', { sources: EA }),
    opt('database', 'string', 'Database name.', { sources: MA }),
    opt('maxIdleConns', 'integer', 'Most idle connections kept open.', {
      sources: MA,
    }),
    opt('maxOpenConns', 'integer', 'Most open connections.', { sources: MA }),
    opt(
      'connMaxLifetime',
      'duration',
      'Longest life of a connection, e.g. 5m.',
      {
        sources: MA,
      },
    ),
    auth('tls', 'boolean', 'Connect with TLS.', { default: 'false' }),
    ...tlsClientAuth({ keyPassword: true }),
    auth(
      'unsafeSsl',
      'boolean',
      'Skip verification of the server TLS certificate.',
      {
        default: 'false',
      },
    ),
  ],
});

export const databaseScalers: ScalerDefinition[] = [
  clickhouse,
  arangodb,
  cassandra,
  couchdb,
  etcd,
  influxdb,
  mongodb,
  mssql,
  mysql,
  postgresql,
  elasticsearch,
  opensearch,
  elasticForecast,
  solr,
];
