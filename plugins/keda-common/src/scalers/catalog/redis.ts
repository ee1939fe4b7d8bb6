import type { ScalerDefinition, ScalerParameter } from '../types';
import {
  AE,
  AEM,
  MEA,
  activation,
  auth,
  flag,
  opt,
  param,
  req,
  scaler,
  secret,
  tlsClientAuth,
} from './helpers';

type Topology = 'single' | 'cluster' | 'sentinel';

function connection(topology: Topology): ScalerParameter[] {
  const nodes = topology === 'cluster' ? 'cluster nodes' : 'sentinel nodes';
  const single = topology === 'single';
  // KEDA reads address/host/port for every topology (addresses, hosts and
  // ports are other names for the same keys): redis_scaler.go, redisMetadata.
  const list: ScalerParameter[] = [
    opt(
      'address',
      single ? 'string' : 'list',
      single
        ? 'Redis server as host:port (or set host and port).'
        : `Comma-separated host:port of the ${nodes} (or set host and port).`,
      { sources: MEA, oneOfGroup: 'server' },
    ),
    opt(
      'host',
      single ? 'string' : 'list',
      single
        ? 'Redis host, used with port instead of address.'
        : `Comma-separated hosts of the ${nodes}, used with port.`,
      { sources: MEA, oneOfGroup: 'server' },
    ),
    opt(
      'port',
      single ? 'integer' : 'list',
      single
        ? 'Redis port, used with host.'
        : 'Comma-separated ports matching host.',
      { sources: MEA },
    ),
    opt('username', 'string', 'Redis ACL user.', { sources: AEM }),
    secret('password', 'Redis password.', { sources: AE }),
  ];
  const sentinelOnly =
    topology === 'sentinel'
      ? ''
      : ' (read, but used only by the sentinel types)';
  list.push(
    opt(
      'sentinelMaster',
      'string',
      `Name of the primary the sentinels watch${sentinelOnly}.`,
      { sources: MEA },
    ),
    opt(
      'sentinelUsername',
      'string',
      `User for the sentinels${sentinelOnly}.`,
      {
        sources: AEM,
      },
    ),
    secret('sentinelPassword', `Password for the sentinels${sentinelOnly}.`, {
      sources: AE,
    }),
  );
  return list;
}

function tlsAndDb(): ScalerParameter[] {
  return [
    flag(
      'enableTLS',
      'Connect with TLS (without client certificates).',
      'false',
    ),
    flag(
      'unsafeSsl',
      'Skip verification of the server certificate (needs enableTLS).',
      'false',
    ),
    param('databaseIndex', 'integer', 'Redis database number.', {
      default: '0',
    }),
    auth(
      'tls',
      'enum',
      'Use TLS with the certificates below (not together with enableTLS).',
      { values: ['enable', 'disable'], default: 'disable' },
    ),
    ...tlsClientAuth({ keyPassword: true }),
  ];
}

function listsScaler(
  type: string,
  page: string,
  title: string,
  availability: string,
  topology: Topology,
): ScalerDefinition {
  return scaler({
    type,
    page,
    title,
    category: 'Data & Storage',
    maintainer: 'Community',
    availability,
    description: `Length of a Redis list${
      topology === 'single'
        ? ''
        : ` (Redis ${topology === 'cluster' ? 'Cluster' : 'Sentinel'})`
    }.`,
    parameters: [
      ...connection(topology),
      req('listName', 'string', 'List whose length is measured.'),
      req('listLength', 'integer', 'Target list length per replica.'),
      activation('activationListLength', 'integer', 'the list length'),
      ...tlsAndDb(),
    ],
  });
}

function streamsScaler(
  type: string,
  page: string,
  title: string,
  availability: string,
  topology: Topology,
): ScalerDefinition {
  return scaler({
    type,
    page,
    title,
    category: 'Data & Storage',
    maintainer: 'Community',
    availability,
    description: `Pending entries, length or consumer-group lag of a Redis stream${
      topology === 'single'
        ? ''
        : ` (Redis ${topology === 'cluster' ? 'Cluster' : 'Sentinel'})`
    }.`,
    parameters: [
      ...connection(topology),
      req('stream', 'string', 'Stream to measure.'),
      opt(
        'consumerGroup',
        'string',
        'Consumer group; with it the pending entries count, without it the stream length.',
      ),
      param(
        'pendingEntriesCount',
        'integer',
        'Target pending entries per replica (with consumerGroup).',
        { default: '5' },
      ),
      param(
        'streamLength',
        'integer',
        'Target stream length per replica (without consumerGroup).',
        { default: '5' },
      ),
      param(
        'lagCount',
        'integer',
        'Target consumer-group lag per replica (Redis 7+; allows scaling to zero).',
        { default: '5' },
      ),
      activation('activationLagCount', 'integer', 'the lag'),
      ...tlsAndDb(),
    ],
  });
}

/** Redis lists and streams, for single servers, Cluster and Sentinel. */
export const redisScalers: ScalerDefinition[] = [
  listsScaler('redis', 'redis-lists', 'Redis Lists', 'v1.0+', 'single'),
  listsScaler(
    'redis-cluster',
    'redis-cluster-lists',
    'Redis Lists (supports Redis Cluster)',
    'v2.1+',
    'cluster',
  ),
  listsScaler(
    'redis-sentinel',
    'redis-sentinel-lists',
    'Redis Lists (supports Redis Sentinel)',
    'v2.5+',
    'sentinel',
  ),
  streamsScaler(
    'redis-streams',
    'redis-streams',
    'Redis Streams',
    'v1.5+',
    'single',
  ),
  streamsScaler(
    'redis-cluster-streams',
    'redis-cluster-streams',
    'Redis Streams (supports Redis Cluster)',
    'v2.1+',
    'cluster',
  ),
  streamsScaler(
    'redis-sentinel-streams',
    'redis-sentinel-streams',
    'Redis Streams (supports Redis Sentinel)',
    'v2.5+',
    'sentinel',
  ),
];
