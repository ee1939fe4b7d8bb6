/**
 * Recorded paths where something goes wrong or is held: a failing source
 * with and without fallback, Redis down, pause annotations, a ScaledJob
 * and a failed check.
 */
import { KubernetesObject } from '@kubernetes/client-node';
import { applyObjects } from '@keda-portal/kube-testenv';
import {
  condition,
  isTrue,
  replicas,
  hpaDesired,
  scalingSettled,
  deployment,
  podSpec,
  labels,
  scaledObject,
  secretAndAuth,
  cronTrigger,
  unique,
  patchSo,
  RecordedPath,
} from './pathKit';
import { PathSources } from './sources';

/**
 * A path on a Prometheus of its own, which is stopped and started again.
 * (KEDA builds a prometheus scaler without connecting, so its metric
 * requests fail one by one, which is what fallback counts.)
 */
export function failingPath(fallback: boolean): RecordedPath {
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
export const redisDownPath: RecordedPath = (() => {
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

export const pausedPath: RecordedPath = {
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

export const scaledJobPath: RecordedPath = {
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

export const checkFailedPath: RecordedPath = {
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
