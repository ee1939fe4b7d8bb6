/**
 * Reliability: the API server is killed with SIGKILL in the middle of the
 * cache's watches, five times, on an API server of this file's own (never
 * the run's shared one). Objects are created, updated and deleted just
 * before each kill and again right after each restart, before the cache has
 * reconnected. Each time the cluster must turn stale within 5 s, be synced
 * again within 10 s of the restart, and the cache must then equal a direct
 * list: nothing lost, duplicated or left behind. The informers run with
 * their production defaults (backoff included); the last outage lasts
 * 20 s so that the backoff has reached its cap when the server returns.
 */
import {
  KubeTestEnv,
  kubeConfigForToken,
  readOnlyAccountToken,
  startKubeTestEnv,
} from '@keda-portal/kube-testenv';
import {
  AppsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  KubernetesObject,
  PatchStrategy,
  setHeaderOptions,
} from '@kubernetes/client-node';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ClusterCache } from './ClusterCache';

jest.setTimeout(10 * 60_000);

const KILLS = 5;
/** The last outage is long enough for the reconnect backoff to reach its cap. */
const LONG_OUTAGE_MS = 20_000;
const NS = 'crash';

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise(r => server.close(r));
  return port;
}

/** Polls every 25 ms; returns the elapsed ms from `since` when `fn` holds. */
async function timeUntil(
  since: number,
  fn: () => boolean | Promise<boolean>,
  timeoutMs: number,
): Promise<number> {
  for (;;) {
    if (await fn()) return Date.now() - since;
    if (Date.now() - since > timeoutMs) return Infinity;
    await new Promise(r => setTimeout(r, 25));
  }
}

const so = {
  group: 'keda.sh',
  version: 'v1alpha1',
  namespace: NS,
  plural: 'scaledobjects',
};

function scaledObject(name: string) {
  return {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledObject',
    metadata: { name, namespace: NS, labels: { app: 'crash' } },
    spec: {
      scaleTargetRef: { name },
      triggers: [
        { type: 'cpu', metadata: { value: '50' }, metricType: 'Utilization' },
      ],
    },
  };
}

function deployment(name: string) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: NS },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'app', image: 'nginx' }] },
      },
    },
  };
}

/** name@resourceVersion of every object of the namespace, sorted. */
function fingerprint(objects: KubernetesObject[]): string[] {
  return objects
    .filter(o => o.metadata?.namespace === NS)
    .map(o => `${o.metadata?.name}@${o.metadata?.resourceVersion}`)
    .sort();
}

describe('API server killed with SIGKILL mid-watch [reliability]', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crash-'));
  let port: number;
  let env: KubeTestEnv;
  let token: string;
  let cache: ClusterCache;
  const watchErrors: string[] = [];
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    process.on('uncaughtException', onUnhandled);
    port = await freePort();
    env = await startKubeTestEnv({ dir, port });
    const admin = env.adminConfig();
    await admin
      .makeApiClient(CoreV1Api)
      .createNamespace({ body: { metadata: { name: NS } } });
    // The service-account key lives in `dir`, so this token survives restarts.
    token = await readOnlyAccountToken(admin);
    cache = new ClusterCache('crashy', kubeConfigForToken(env.server, token), {
      onError: e => watchErrors.push(String(e?.message ?? e)),
    });
    cache.start();
  });

  afterAll(async () => {
    cache?.stop();
    await env?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
    process.off('unhandledRejection', onUnhandled);
    process.off('uncaughtException', onUnhandled);
  });

  const admin = (): KubeConfig => env.adminConfig();

  async function directList() {
    const [sos, deps] = await Promise.all([
      admin()
        .makeApiClient(CustomObjectsApi)
        .listNamespacedCustomObject(so) as Promise<any>,
      admin()
        .makeApiClient(AppsV1Api)
        .listNamespacedDeployment({ namespace: NS }),
    ]);
    return {
      scaledobjects: fingerprint(sos.items),
      deployments: fingerprint(deps.items),
    };
  }

  function cached() {
    return {
      scaledobjects: fingerprint(cache.objects('scaledobjects')),
      deployments: fingerprint(cache.objects('deployments')),
    };
  }

  /** Creates, updates the status of, and deletes objects. */
  async function churn(round: number, phase: string) {
    const custom = admin().makeApiClient(CustomObjectsApi);
    const apps = admin().makeApiClient(AppsV1Api);
    const name = `so-${round}-${phase}`;
    await custom.createNamespacedCustomObject({
      ...so,
      body: scaledObject(name),
    });
    await apps.createNamespacedDeployment({
      namespace: NS,
      body: deployment(`dep-${round}-${phase}`),
    });
    await custom.patchNamespacedCustomObjectStatus(
      {
        ...so,
        name: 'so-keep',
        body: {
          status: {
            conditions: [
              {
                type: 'Ready',
                status: 'True',
                reason: `${phase}${round}`,
                message: 'ok',
              },
            ],
          },
        },
      },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    // Delete what the previous phase created: deletions must not leave zombies.
    const previous =
      phase === 'before' ? `${round - 1}-after` : `${round}-before`;
    await custom
      .deleteNamespacedCustomObject({ ...so, name: `so-${previous}` })
      .catch(() => undefined);
    await apps
      .deleteNamespacedDeployment({ namespace: NS, name: `dep-${previous}` })
      .catch(() => undefined);
  }

  it(`turns stale, recovers and reconciles after ${KILLS} kills`, async () => {
    await admin()
      .makeApiClient(CustomObjectsApi)
      .createNamespacedCustomObject({ ...so, body: scaledObject('so-keep') });
    const synced = () =>
      cache.status().state === 'synced' &&
      directList().then(
        d => JSON.stringify(d) === JSON.stringify(cached()),
        () => false,
      );
    expect(await timeUntil(Date.now(), synced, 60_000)).toBeLessThan(Infinity);

    const rounds: Array<{
      kill: number;
      staleAfterMs: number;
      downForMs: number;
      restartTookMs: number;
      recoveredAfterRestartMs: number;
      scaledObjects: number;
      deployments: number;
    }> = [];
    const live = cache;
    const isStale = () => live.status().state === 'stale';
    const isSynced = () => live.status().state === 'synced';
    for (let round = 1; round <= KILLS; round++) {
      // Changes right before the kill: the watch may or may not deliver them.
      await churn(round, 'before');
      const killedAt = Date.now();
      await env.kill();
      const staleAfterMs = await timeUntil(killedAt, isStale, 30_000);

      if (round === KILLS) {
        await new Promise(r => setTimeout(r, LONG_OUTAGE_MS));
      }
      const restartAt = Date.now();
      env = await startKubeTestEnv({ dir, port });
      const readyAt = Date.now();
      // Changes while the cache is still disconnected (it is backing off).
      await churn(round, 'after');
      const expected = await directList();
      const recoveredAfterRestartMs = await timeUntil(
        readyAt,
        async () =>
          isSynced() && JSON.stringify(cached()) === JSON.stringify(expected),
        60_000,
      );
      rounds.push({
        kill: round,
        staleAfterMs,
        downForMs: readyAt - killedAt,
        restartTookMs: readyAt - restartAt,
        recoveredAfterRestartMs,
        scaledObjects: expected.scaledobjects.length,
        deployments: expected.deployments.length,
      });
    }

    // Settled: the cache still equals a direct list, with no duplicates.
    const final = await directList();
    expect(cached()).toEqual(final);
    const names = cache.objects('scaledobjects').map(o => o.metadata?.name);
    expect(new Set(names).size).toBe(names.length);
    const keep: any = cache
      .objects('scaledobjects')
      .find(o => o.metadata?.name === 'so-keep');
    expect(keep?.status?.conditions?.[0]?.reason).toBe(`after${KILLS}`);

    const report = {
      scenario: 'apiserver-sigkill',
      kills: KILLS,
      rounds,
      watchErrors: watchErrors.length,
      sampleErrors: [...new Set(watchErrors)].slice(0, 5),
      unhandled: unhandled.length,
    };
    const out = path.join(os.tmpdir(), 'keda-portal-reliability');
    fs.mkdirSync(out, { recursive: true });
    fs.writeFileSync(
      path.join(out, 'cluster-faults-sigkill.json'),
      JSON.stringify(report),
    );
    // eslint-disable-next-line no-console
    console.log(
      `[reliability] cluster-faults sigkill: ${JSON.stringify(report)}`,
    );

    for (const r of rounds) {
      expect(r.staleAfterMs).toBeLessThan(5_000);
      expect(r.recoveredAfterRestartMs).toBeLessThan(10_000);
    }
    expect(watchErrors.length).toBeGreaterThan(0);
    expect(unhandled).toEqual([]);
  });
});
