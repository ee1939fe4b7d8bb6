/**
 * The paths the contract tests drive and the recorder records: for each,
 * the objects to create and the steps (what to do at the source, and the
 * state the real operator and HPA controller must reach). Short polling
 * intervals, cooldowns and HPA stabilization windows keep them quick.
 */
import { KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import { applyObjects } from '@keda-portal/kube-testenv';
import { Snapshot } from './snapshot';
import { PathSources } from './sources';
import { patchObject } from './kube';

export interface PathContext {
  admin: KubeConfig;
  /** The namespace this run of the path lives in (created by the caller). */
  namespace: string;
  sources: PathSources;
}

export interface PathStep {
  name: string;
  /** What to change before waiting (at the source, or on the object). */
  act?: (ctx: PathContext) => Promise<void>;
  /** The state to wait for, read from the API server. */
  until: (s: Snapshot) => boolean;
  /** Default 120 s. */
  timeoutMs?: number;
}

export interface RecordedPath {
  /** File name of the recording and suffix of the namespace. */
  name: string;
  /** One line: what the path shows. */
  description: string;
  /** The namespace name the recording uses instead of the run's. */
  canonicalNamespace: string;
  kind: 'ScaledObject' | 'ScaledJob';
  /** The ScaledObject's or ScaledJob's name; also its kubernetes-id. */
  object: string;
  setup(ctx: PathContext): Promise<void>;
  steps: PathStep[];
}

// ---------------------------------------------------------------------------
// Reading a snapshot
// ---------------------------------------------------------------------------

export function condition(
  object: any,
  type: string,
): { status?: string; reason?: string; message?: string } {
  return object?.status?.conditions?.find((c: any) => c.type === type) ?? {};
}

export function isTrue(object: any, type: string, reason?: string): boolean {
  const c = condition(object, type);
  return c.status === 'True' && (!reason || c.reason === reason);
}

/** The Deployment's replicas (spec) once its status caught up. */
export function replicas(s: Snapshot): number | undefined {
  const t = s.target;
  if (!t) return undefined;
  const spec = t.spec?.replicas ?? 0;
  return (t.status?.replicas ?? 0) === spec ? spec : undefined;
}

/** The HPA's desired replicas once it also counts them as current (settled). */
export function hpaDesired(s: Snapshot): number | undefined {
  const status = s.hpa?.status;
  return status?.currentReplicas === status?.desiredReplicas
    ? status?.desiredReplicas
    : undefined;
}

export function eventReasons(s: Snapshot): string[] {
  return s.events.map(e => e.reason);
}

/**
 * Scaling and settled: KEDA has written Active=True and mirrored the HPA in
 * HPAActive (a new object first shows Active=Unknown and no HPAActive).
 */
function scalingSettled(s: Snapshot): boolean {
  return (
    isTrue(s.scaledObject, 'Active') &&
    condition(s.scaledObject, 'HPAActive').status === 'True'
  );
}

/** Scaled to zero and settled: KEDA says inactive, the HPA stands aside. */
function idleAtZero(s: Snapshot): boolean {
  return (
    condition(s.scaledObject, 'Active').status === 'False' &&
    replicas(s) === 0 &&
    condition(s.hpa, 'ScalingActive').reason === 'ScalingDisabled' &&
    condition(s.scaledObject, 'HPAActive').reason === 'ScalingDisabled'
  );
}

// ---------------------------------------------------------------------------
// Objects
// ---------------------------------------------------------------------------

/** Fast HPA reactions: no stabilization, any step size each second. */
const FAST_BEHAVIOR = {
  scaleUp: {
    stabilizationWindowSeconds: 0,
    policies: [{ type: 'Pods', value: 10, periodSeconds: 1 }],
  },
  scaleDown: {
    stabilizationWindowSeconds: 0,
    policies: [{ type: 'Percent', value: 100, periodSeconds: 1 }],
  },
};

function labels(name: string) {
  return { app: name, 'backstage.io/kubernetes-id': name };
}

export function deployment(
  namespace: string,
  name: string,
  count = 1,
): KubernetesObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels: labels(name) },
    spec: {
      replicas: count,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: podSpec(),
      },
    },
  } as KubernetesObject;
}

/** A pod for kwok's fake nodes (their taint is tolerated). */
function podSpec(restartPolicy?: string) {
  return {
    ...(restartPolicy && { restartPolicy }),
    tolerations: [{ key: 'kwok.x-k8s.io/node', operator: 'Exists' }],
    containers: [{ name: 'app', image: 'registry.example/app:1' }],
  };
}

export function scaledObject(
  namespace: string,
  name: string,
  spec: Record<string, any>,
  annotations?: Record<string, string>,
): KubernetesObject {
  return {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledObject',
    metadata: {
      name,
      namespace,
      labels: labels(name),
      ...(annotations && { annotations }),
    },
    spec: {
      scaleTargetRef: { name },
      pollingInterval: 1,
      cooldownPeriod: 2,
      ...spec,
      advanced: {
        ...spec.advanced,
        horizontalPodAutoscalerConfig: { behavior: FAST_BEHAVIOR },
      },
    },
  } as KubernetesObject;
}

function secretAndAuth(
  namespace: string,
  name: string,
  data: Record<string, string>,
): KubernetesObject[] {
  return [
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name, namespace },
      stringData: data,
    } as KubernetesObject,
    {
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'TriggerAuthentication',
      metadata: { name, namespace },
      spec: {
        secretTargetRef: Object.keys(data).map(key => ({
          parameter: key,
          name,
          key,
        })),
      },
    } as KubernetesObject,
  ];
}

/**
 * Fixed cron windows, so metric names (which KEDA builds from the window)
 * are the same in every run: all day but the day's last minute (active),
 * or the first minute of the year (inactive).
 */
export function cronWindow(active: boolean) {
  return active
    ? { timezone: 'Etc/UTC', start: '0 0 * * *', end: '59 23 * * *' }
    : { timezone: 'Etc/UTC', start: '0 0 1 1 *', end: '1 0 1 1 *' };
}

function cronTrigger(desiredReplicas: number, active = true, name?: string) {
  return {
    type: 'cron',
    ...(name && { name }),
    metadata: {
      ...cronWindow(active),
      desiredReplicas: String(desiredReplicas),
    },
  };
}

/** Queue, list and topic names: unique per run, `<namespace>-` stripped when recorded. */
export const unique = (ctx: PathContext, name: string) =>
  `${ctx.namespace}-${name}`;

function patchSo(ctx: PathContext, name: string, patch: object) {
  return patchObject(ctx.admin, {
    path: `/apis/keda.sh/v1alpha1/namespaces/${ctx.namespace}/scaledobjects/${name}`,
    patch,
  });
}

// ---------------------------------------------------------------------------
// The paths
// ---------------------------------------------------------------------------

const prometheusPath: RecordedPath = {
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

const rabbitmqPath: RecordedPath = {
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

const redisPath: RecordedPath = {
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

const kafkaPath: RecordedPath = {
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

const postgresPath: RecordedPath = {
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

const cronPath: RecordedPath = {
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

/**
 * A path on a Prometheus of its own, which is stopped and started again.
 * (KEDA builds a prometheus scaler without connecting, so its metric
 * requests fail one by one, which is what fallback counts.)
 */
function failingPath(fallback: boolean): RecordedPath {
  const name = fallback ? 'notifications' : 'invoices';
  let prom: Awaited<ReturnType<PathSources['ownPrometheus']>> | undefined;
  return {
    name: fallback ? 'failing-fallback' : 'failing-no-fallback',
    description: fallback
      ? `${name} on a Prometheus of its own (threshold 4, min 1, max 6, fallback 5 replicas after 3 failures): 2 replicas; Prometheus stopped -> fallback to 5; Prometheus back -> 2`
      : `${name} on a Prometheus of its own (threshold 4, min 1, max 6, no fallback): 2 replicas; Prometheus stopped -> the trigger fails, replicas stay; Prometheus back -> ready again`,
    canonicalNamespace: 'shop',
    kind: 'ScaledObject',
    object: name,
    async setup(ctx) {
      prom = await ctx.sources.ownPrometheus();
      prom.setRate(unique(ctx, name), 8);
      await applyObjects(ctx.admin, [
        deployment(ctx.namespace, name),
        scaledObject(ctx.namespace, name, {
          minReplicaCount: 1,
          maxReplicaCount: 6,
          ...(fallback && { fallback: { failureThreshold: 3, replicas: 5 } }),
          triggers: [
            {
              type: 'prometheus',
              metadata: {
                serverAddress: prom.url,
                query: `sum(rate(http_requests_total{service="${unique(
                  ctx,
                  name,
                )}"}[5s]))`,
                threshold: '4',
              },
            },
          ],
        }),
      ]);
    },
    steps: [
      {
        name: 'healthy',
        until: s =>
          isTrue(s.scaledObject, 'Ready') &&
          scalingSettled(s) &&
          hpaDesired(s) === 2 &&
          replicas(s) === 2,
      },
      {
        name: 'source-down',
        act: () => prom!.stop(),
        // KEDA keeps status.health only for ScaledObjects with fallback.
        until: s =>
          s.events.some(e => e.reason === 'KEDAScalerFailed') &&
          (fallback
            ? (s.scaledObject?.status?.health?.['s0-prometheus']
                ?.numberOfFailures ?? 0) >= 3 &&
              isTrue(s.scaledObject, 'Fallback') &&
              replicas(s) === 5
            : condition(s.scaledObject, 'Ready').reason === 'TriggerError' &&
              condition(s.scaledObject, 'HPAActive').status === 'False'),
      },
      {
        name: 'recovered',
        act: () => prom!.restart(),
        until: s =>
          isTrue(s.scaledObject, 'Ready') &&
          isTrue(s.scaledObject, 'Active') &&
          !isTrue(s.scaledObject, 'Fallback') &&
          hpaDesired(s) === 2 &&
          replicas(s) === 2,
      },
    ],
  };
}

/**
 * Redis taken away under a ScaledObject with fallback: KEDA's redis scaler
 * connects when it is built, so once its cache is rebuilt every metric
 * request fails while building the scaler, before the fallback logic
 * counts it (no Fallback=True, one failure in status.health).
 */
const redisDownPath: RecordedPath = (() => {
  let redis: Awaited<ReturnType<PathSources['ownRedis']>> | undefined;
  return {
    name: 'redis-down',
    description:
      'cart-sync on a Redis of its own (4 per replica, min 1, max 6, fallback 5 after 3 failures): 2 replicas; Redis stopped -> the HPA gets no metric, the trigger shows Failing once, Ready stays True and the fallback never applies; Redis back -> 2',
    canonicalNamespace: 'shop',
    kind: 'ScaledObject',
    object: 'cart-sync',
    async setup(ctx) {
      redis = await ctx.sources.ownRedis();
      await redis.clear('carts');
      await redis.push('carts', 8);
      await applyObjects(ctx.admin, [
        ...secretAndAuth(ctx.namespace, 'redis-auth', {
          password: redis.password,
        }),
        deployment(ctx.namespace, 'cart-sync'),
        scaledObject(ctx.namespace, 'cart-sync', {
          minReplicaCount: 1,
          maxReplicaCount: 6,
          fallback: { failureThreshold: 3, replicas: 5 },
          triggers: [
            {
              type: 'redis',
              metadata: {
                address: redis.address,
                listName: 'carts',
                listLength: '4',
              },
              authenticationRef: { name: 'redis-auth' },
            },
          ],
        }),
      ]);
    },
    steps: [
      {
        name: 'healthy',
        until: s =>
          isTrue(s.scaledObject, 'Ready') &&
          scalingSettled(s) &&
          hpaDesired(s) === 2 &&
          replicas(s) === 2,
      },
      {
        name: 'source-down',
        act: () => redis!.stop(),
        // What KEDA v2.21.0 shows then: the trigger Failing with one
        // failure, Ready and Active left True, no fallback.
        until: s =>
          s.scaledObject?.status?.health?.['s0-redis-carts']?.status ===
            'Failing' &&
          s.events.some(e => e.reason === 'KEDAScalerFailed') &&
          condition(s.hpa, 'ScalingActive').status === 'False',
      },
      {
        name: 'recovered',
        act: () => redis!.restart(),
        until: s =>
          isTrue(s.scaledObject, 'Ready') &&
          condition(s.hpa, 'ScalingActive').status === 'True' &&
          s.scaledObject?.status?.health?.['s0-redis-carts']?.status ===
            'Happy' &&
          hpaDesired(s) === 2 &&
          replicas(s) === 2,
      },
    ],
  };
})();

const pausedPath: RecordedPath = {
  name: 'paused',
  description:
    'reports-paused on a cron window (desiredReplicas 3): running at 3; autoscaling.keda.sh/paused; then paused-replicas 1; then unpaused back to 3',
  canonicalNamespace: 'shop',
  kind: 'ScaledObject',
  object: 'reports-paused',
  async setup(ctx) {
    await applyObjects(ctx.admin, [
      deployment(ctx.namespace, 'reports-paused'),
      scaledObject(ctx.namespace, 'reports-paused', {
        minReplicaCount: 1,
        maxReplicaCount: 5,
        triggers: [cronTrigger(3)],
      }),
    ]);
  },
  steps: [
    {
      name: 'running',
      until: s => scalingSettled(s) && hpaDesired(s) === 3 && replicas(s) === 3,
    },
    {
      name: 'paused',
      act: ctx =>
        patchSo(ctx, 'reports-paused', {
          metadata: { annotations: { 'autoscaling.keda.sh/paused': 'true' } },
        }),
      until: s => isTrue(s.scaledObject, 'Paused') && !s.hpa,
    },
    {
      name: 'paused-replicas',
      act: ctx =>
        patchSo(ctx, 'reports-paused', {
          metadata: {
            annotations: {
              'autoscaling.keda.sh/paused': null,
              'autoscaling.keda.sh/paused-replicas': '1',
            },
          },
        }),
      until: s =>
        isTrue(s.scaledObject, 'Paused') &&
        s.scaledObject?.status?.pausedReplicaCount === 1 &&
        replicas(s) === 1,
    },
    {
      name: 'unpaused',
      act: ctx =>
        patchSo(ctx, 'reports-paused', {
          metadata: {
            annotations: { 'autoscaling.keda.sh/paused-replicas': null },
          },
        }),
      until: s =>
        !isTrue(s.scaledObject, 'Paused') &&
        hpaDesired(s) === 3 &&
        replicas(s) === 3,
    },
  ],
};

const scaledJobPath: RecordedPath = {
  name: 'scaledjob',
  description:
    'thumbnails: a ScaledJob on a Redis list (1 Job per item, max 3): 3 items run 3 Jobs; the list cleared, the triggers go quiet',
  canonicalNamespace: 'media',
  kind: 'ScaledJob',
  object: 'thumbnails',
  async setup(ctx) {
    const redis = await ctx.sources.redis();
    await redis.clear(unique(ctx, 'thumbnails'));
    await applyObjects(ctx.admin, [
      ...secretAndAuth(ctx.namespace, 'redis-auth', {
        password: redis.password,
      }),
      {
        apiVersion: 'keda.sh/v1alpha1',
        kind: 'ScaledJob',
        metadata: {
          name: 'thumbnails',
          namespace: ctx.namespace,
          labels: labels('thumbnails'),
        },
        spec: {
          pollingInterval: 1,
          maxReplicaCount: 3,
          successfulJobsHistoryLimit: 5,
          failedJobsHistoryLimit: 5,
          jobTargetRef: {
            backoffLimit: 0,
            template: { spec: podSpec('Never') },
          },
          triggers: [
            {
              type: 'redis',
              metadata: {
                address: redis.address,
                listName: unique(ctx, 'thumbnails'),
                listLength: '1',
              },
              authenticationRef: { name: 'redis-auth' },
            },
          ],
        },
      } as KubernetesObject,
    ]);
  },
  steps: [
    {
      name: 'running-jobs',
      async act(ctx) {
        await (await ctx.sources.redis()).push(unique(ctx, 'thumbnails'), 3);
      },
      until: s => isTrue(s.scaledJob, 'Active') && (s.jobs?.length ?? 0) >= 3,
    },
    {
      name: 'quiet',
      async act(ctx) {
        await (await ctx.sources.redis()).clear(unique(ctx, 'thumbnails'));
      },
      until: s => !isTrue(s.scaledJob, 'Active'),
    },
  ],
};

const modifiersPath: RecordedPath = {
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

const checkFailedPath: RecordedPath = {
  name: 'check-failed',
  description:
    "invoices: a ScaledObject whose Deployment does not exist; the operator's check fails",
  canonicalNamespace: 'shop',
  kind: 'ScaledObject',
  object: 'invoices',
  async setup(ctx) {
    await applyObjects(ctx.admin, [
      scaledObject(ctx.namespace, 'invoices', {
        minReplicaCount: 1,
        maxReplicaCount: 3,
        triggers: [cronTrigger(2)],
      }),
    ]);
  },
  steps: [
    {
      name: 'check-failed',
      until: s =>
        condition(s.scaledObject, 'Ready').reason ===
          'ScaledObjectCheckFailed' &&
        s.events.some(e => e.reason === 'ScaledObjectCheckFailed'),
    },
  ],
};

/** Every path, in the order the recorder writes them. */
export const RECORDED_PATHS: RecordedPath[] = [
  prometheusPath,
  rabbitmqPath,
  redisPath,
  kafkaPath,
  postgresPath,
  cronPath,
  failingPath(false),
  failingPath(true),
  redisDownPath,
  pausedPath,
  scaledJobPath,
  modifiersPath,
  checkFailedPath,
];
