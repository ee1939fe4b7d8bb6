/**
 * Recorded paths that scale on each event source: up and down, to zero and
 * back, and with scalingModifiers.
 */
import { applyObjects } from '@keda-portal/kube-testenv';
import {
  isTrue,
  replicas,
  hpaDesired,
  scalingSettled,
  idleAtZero,
  deployment,
  scaledObject,
  secretAndAuth,
  cronTrigger,
  unique,
  patchSo,
  RecordedPath,
} from './pathKit';

export const prometheusPath: RecordedPath = {
  name: 'prometheus',
  description:
    'orders-api on a Prometheus request rate (threshold 10 per replica, min 1, max 6): 35 per second scales to 4 (8.75 per replica, off the 4-5 boundary), 5 per second to 1',
  canonicalNamespace: 'shop',
  kind: 'ScaledObject',
  object: 'orders-api',
  async setup(ctx) {
    const prom = await ctx.sources.prometheus();
    await applyObjects(ctx.admin, [
      deployment(ctx.namespace, 'orders-api'),
      scaledObject(ctx.namespace, 'orders-api', {
        minReplicaCount: 1,
        maxReplicaCount: 6,
        triggers: [
          {
            type: 'prometheus',
            metadata: {
              serverAddress: prom.url,
              query: `sum(rate(http_requests_total{service="${unique(
                ctx,
                'orders-api',
              )}"}[5s]))`,
              threshold: '10',
            },
          },
        ],
      }),
    ]);
  },
  steps: [
    {
      name: 'scaled-up',
      async act(ctx) {
        (await ctx.sources.prometheus()).setRate(unique(ctx, 'orders-api'), 35);
      },
      until: s => scalingSettled(s) && hpaDesired(s) === 4 && replicas(s) === 4,
    },
    {
      name: 'scaled-down',
      async act(ctx) {
        (await ctx.sources.prometheus()).setRate(unique(ctx, 'orders-api'), 5);
      },
      until: s => hpaDesired(s) === 1 && replicas(s) === 1,
    },
  ],
};

export const rabbitmqPath: RecordedPath = {
  name: 'rabbitmq-zero',
  description:
    'email-worker on a RabbitMQ queue (5 per replica, min 0, max 5; host from a Secret): idle at 0, activated to 4 by 18 messages, back to 0 when purged',
  canonicalNamespace: 'shop',
  kind: 'ScaledObject',
  object: 'email-worker',
  async setup(ctx) {
    const rabbit = await ctx.sources.rabbitmq();
    await rabbit.purge(unique(ctx, 'emails'));
    await applyObjects(ctx.admin, [
      ...secretAndAuth(ctx.namespace, 'rabbitmq-auth', {
        host: rabbit.amqpUrl,
      }),
      deployment(ctx.namespace, 'email-worker'),
      scaledObject(ctx.namespace, 'email-worker', {
        minReplicaCount: 0,
        maxReplicaCount: 5,
        triggers: [
          {
            type: 'rabbitmq',
            metadata: {
              queueName: unique(ctx, 'emails'),
              mode: 'QueueLength',
              value: '5',
            },
            authenticationRef: { name: 'rabbitmq-auth' },
          },
        ],
      }),
    ]);
  },
  steps: [
    {
      name: 'idle',
      until: idleAtZero,
    },
    {
      name: 'activated',
      async act(ctx) {
        await (await ctx.sources.rabbitmq()).publish(unique(ctx, 'emails'), 18);
      },
      until: s => scalingSettled(s) && hpaDesired(s) === 4 && replicas(s) === 4,
    },
    {
      name: 'back-to-zero',
      async act(ctx) {
        await (await ctx.sources.rabbitmq()).purge(unique(ctx, 'emails'));
      },
      until: idleAtZero,
    },
  ],
};

export const redisPath: RecordedPath = {
  name: 'redis-idle',
  description:
    'stock-sync on a Redis list (5 per replica, idleReplicaCount 0, min 1, max 4; password through a TriggerAuthentication from a Secret): idle at 0, up to 3, idle again',
  canonicalNamespace: 'shop',
  kind: 'ScaledObject',
  object: 'stock-sync',
  async setup(ctx) {
    const redis = await ctx.sources.redis();
    await redis.clear(unique(ctx, 'stock'));
    await applyObjects(ctx.admin, [
      ...secretAndAuth(ctx.namespace, 'redis-auth', {
        password: redis.password,
      }),
      deployment(ctx.namespace, 'stock-sync'),
      scaledObject(ctx.namespace, 'stock-sync', {
        idleReplicaCount: 0,
        minReplicaCount: 1,
        maxReplicaCount: 4,
        triggers: [
          {
            type: 'redis',
            metadata: {
              address: redis.address,
              listName: unique(ctx, 'stock'),
              listLength: '5',
            },
            authenticationRef: { name: 'redis-auth' },
          },
        ],
      }),
    ]);
  },
  steps: [
    {
      name: 'idle',
      until: idleAtZero,
    },
    {
      name: 'scaled-up',
      async act(ctx) {
        await (await ctx.sources.redis()).push(unique(ctx, 'stock'), 12);
      },
      until: s => scalingSettled(s) && hpaDesired(s) === 3 && replicas(s) === 3,
    },
    {
      name: 'idle-again',
      async act(ctx) {
        await (await ctx.sources.redis()).clear(unique(ctx, 'stock'));
      },
      until: idleAtZero,
    },
  ],
};

export const kafkaPath: RecordedPath = {
  name: 'kafka',
  description:
    'orders-consumer on Kafka consumer lag (lagThreshold 10, min 1, max 5): lag 35 scales to 4, consumed scales to 1',
  canonicalNamespace: 'shop',
  kind: 'ScaledObject',
  object: 'orders-consumer',
  async setup(ctx) {
    const kafka = await ctx.sources.kafka();
    await kafka.prepare(unique(ctx, 'orders'), unique(ctx, 'consumer'));
    await applyObjects(ctx.admin, [
      deployment(ctx.namespace, 'orders-consumer'),
      scaledObject(ctx.namespace, 'orders-consumer', {
        minReplicaCount: 1,
        maxReplicaCount: 5,
        triggers: [
          {
            type: 'kafka',
            metadata: {
              bootstrapServers: kafka.bootstrap,
              consumerGroup: unique(ctx, 'consumer'),
              topic: unique(ctx, 'orders'),
              lagThreshold: '10',
            },
          },
        ],
      }),
    ]);
  },
  steps: [
    {
      name: 'scaled-up',
      async act(ctx) {
        await (await ctx.sources.kafka()).produce(unique(ctx, 'orders'), 35);
      },
      until: s => scalingSettled(s) && hpaDesired(s) === 4 && replicas(s) === 4,
    },
    {
      name: 'scaled-down',
      async act(ctx) {
        await (
          await ctx.sources.kafka()
        ).consumeAll(unique(ctx, 'orders'), unique(ctx, 'consumer'));
      },
      until: s => hpaDesired(s) === 1 && replicas(s) === 1,
    },
  ],
};

export const postgresPath: RecordedPath = {
  name: 'postgresql',
  description:
    'invoice-export on a PostgreSQL query (count of pending rows, targetQueryValue 5, min 1, max 5; connection from a Secret): 12 rows scale to 3, none to 1',
  canonicalNamespace: 'shop',
  kind: 'ScaledObject',
  object: 'invoice-export',
  async setup(ctx) {
    const pg = await ctx.sources.postgres();
    const table = `"${unique(ctx, 'pending')}"`;
    await pg.sql(`CREATE TABLE IF NOT EXISTS ${table} (id serial primary key)`);
    await applyObjects(ctx.admin, [
      ...secretAndAuth(ctx.namespace, 'postgres-auth', {
        connection: pg.connection,
      }),
      deployment(ctx.namespace, 'invoice-export'),
      scaledObject(ctx.namespace, 'invoice-export', {
        minReplicaCount: 1,
        maxReplicaCount: 5,
        triggers: [
          {
            type: 'postgresql',
            metadata: {
              query: `SELECT count(*) FROM ${table}`,
              targetQueryValue: '5',
            },
            authenticationRef: { name: 'postgres-auth' },
          },
        ],
      }),
    ]);
  },
  steps: [
    {
      name: 'scaled-up',
      async act(ctx) {
        await (
          await ctx.sources.postgres()
        ).sql(
          `INSERT INTO "${unique(
            ctx,
            'pending',
          )}" SELECT FROM generate_series(1, 12)`,
        );
      },
      until: s => scalingSettled(s) && hpaDesired(s) === 3 && replicas(s) === 3,
    },
    {
      name: 'scaled-down',
      async act(ctx) {
        await (
          await ctx.sources.postgres()
        ).sql(`DELETE FROM "${unique(ctx, 'pending')}"`);
      },
      until: s => hpaDesired(s) === 1 && replicas(s) === 1,
    },
  ],
};

export const cronPath: RecordedPath = {
  name: 'cron',
  description:
    'reports on a cron window (desiredReplicas 3, min 1, max 5): 3 inside the window, 1 when the window moves to later today',
  canonicalNamespace: 'reports',
  kind: 'ScaledObject',
  object: 'reports',
  async setup(ctx) {
    await applyObjects(ctx.admin, [
      deployment(ctx.namespace, 'reports'),
      scaledObject(ctx.namespace, 'reports', {
        minReplicaCount: 1,
        maxReplicaCount: 5,
        triggers: [cronTrigger(3)],
      }),
    ]);
  },
  steps: [
    {
      name: 'scaled-up',
      until: s => scalingSettled(s) && hpaDesired(s) === 3 && replicas(s) === 3,
    },
    {
      name: 'scaled-down',
      act: ctx =>
        patchSo(ctx, 'reports', {
          spec: { triggers: [cronTrigger(3, false)] },
        }),
      until: s =>
        !isTrue(s.scaledObject, 'Active') &&
        hpaDesired(s) === 1 &&
        replicas(s) === 1,
    },
  ],
};

export const modifiersPath: RecordedPath = {
  name: 'scaling-modifiers',
  description:
    'search with advanced.scalingModifiers: formula "a + b" over two cron triggers (2 and 4), target 2 -> composite-metric 6, 3 replicas',
  canonicalNamespace: 'web',
  kind: 'ScaledObject',
  object: 'search',
  async setup(ctx) {
    await applyObjects(ctx.admin, [
      deployment(ctx.namespace, 'search'),
      scaledObject(ctx.namespace, 'search', {
        minReplicaCount: 1,
        maxReplicaCount: 10,
        advanced: {
          scalingModifiers: {
            formula: 'a + b',
            target: '2',
            metricType: 'AverageValue',
          },
        },
        triggers: [cronTrigger(2, true, 'a'), cronTrigger(4, true, 'b')],
      }),
    ]);
  },
  steps: [
    {
      name: 'scaled',
      until: s =>
        scalingSettled(s) &&
        s.scaledObject?.status?.compositeScalerName !== undefined &&
        hpaDesired(s) === 3 &&
        replicas(s) === 3,
    },
  ],
};
