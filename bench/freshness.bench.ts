/**
 * Freshness end to end, on the real chain: from a change at the event source
 * (items pushed to or popped from a Redis list) to the moment the
 * Autoscaling tab's data (our scaling endpoint, refetched on the entity's
 * signal as the tab does) shows KEDA's new desired replicas.
 *
 * Split in two shares, measured on the same sample:
 *  - KEDA + HPA: source changed -> the HPA controller wrote the new
 *    `status.desiredReplicas` (seen by a watch of our own on the HPA);
 *  - portal: that HPA status -> the new value in our endpoint's answer.
 *
 *   scripts/dev yarn jiti bench/freshness.bench.ts [--quick]
 *
 * Figures are printed and appended to bench/RESULTS.md.
 */
import {
  AppsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  Watch,
} from '@kubernetes/client-node';
import { startRedis } from '@keda-portal/event-sources';
import { startKedaChain } from '@keda-portal/keda-testenv';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  BACKEND_URL,
  getJson,
  ROOT,
  startBackend,
  stopAllBackends,
  waitFor,
  writeConfig,
} from './lib/backend';

const QUICK = process.argv.includes('--quick');
const SAMPLES = QUICK ? 20 : 40;
const NS = 'bench-fresh';
const NAME = 'worker';
const LIST = 'jobs';
/** Items per replica (the redis trigger's listLength). */
const PER_REPLICA = 10;
const ENTITY_REF = 'component:default/bench-app';
const MISSED_AFTER_MS = 60_000;

function log(message: string) {
  console.log(
    `[freshness ${new Date().toISOString().slice(11, 19)}] ${message}`,
  );
}

function percentile(sorted: number[], p: number) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

async function seedWorkload(
  admin: KubeConfig,
  address: string,
  password: string,
) {
  const core = admin.makeApiClient(CoreV1Api);
  const apps = admin.makeApiClient(AppsV1Api);
  const custom = admin.makeApiClient(CustomObjectsApi);
  const labels = { 'backstage.io/kubernetes-id': 'bench-app' };
  await core.createNamespace({ body: { metadata: { name: NS } } });
  await core.createNamespacedSecret({
    namespace: NS,
    body: { metadata: { name: 'redis' }, stringData: { password } },
  });
  await apps.createNamespacedDeployment({
    namespace: NS,
    body: {
      metadata: { name: NAME, labels },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: NAME } },
        template: {
          metadata: { labels: { app: NAME } },
          spec: {
            containers: [
              {
                name: NAME,
                image: 'registry.local/worker:1',
                resources: { requests: { cpu: '100m', memory: '64Mi' } },
              },
            ],
          },
        },
      },
    },
  });
  await custom.createNamespacedCustomObject({
    group: 'keda.sh',
    version: 'v1alpha1',
    namespace: NS,
    plural: 'triggerauthentications',
    body: {
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'TriggerAuthentication',
      metadata: { name: 'redis' },
      spec: {
        secretTargetRef: [
          { parameter: 'password', name: 'redis', key: 'password' },
        ],
      },
    },
  });
  await custom.createNamespacedCustomObject({
    group: 'keda.sh',
    version: 'v1alpha1',
    namespace: NS,
    plural: 'scaledobjects',
    body: {
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledObject',
      metadata: { name: NAME, labels },
      spec: {
        scaleTargetRef: { name: NAME },
        pollingInterval: 1,
        minReplicaCount: 1,
        maxReplicaCount: 50,
        // No stabilization: the bench measures propagation, not damping.
        advanced: {
          horizontalPodAutoscalerConfig: {
            behavior: {
              scaleUp: {
                stabilizationWindowSeconds: 0,
                policies: [{ type: 'Percent', value: 1000, periodSeconds: 1 }],
              },
              scaleDown: {
                stabilizationWindowSeconds: 0,
                policies: [{ type: 'Percent', value: 100, periodSeconds: 1 }],
              },
            },
          },
        },
        triggers: [
          {
            type: 'redis',
            metadata: {
              address,
              listName: LIST,
              listLength: String(PER_REPLICA),
            },
            authenticationRef: { name: 'redis' },
          },
        ],
      },
    },
  });
}

/** The HPA's desiredReplicas as the HPA controller writes them, with the time seen. */
function watchHpa(admin: KubeConfig, onDesired: (n: number) => void) {
  const watch = new Watch(admin);
  return watch.watch(
    `/apis/autoscaling/v2/namespaces/${NS}/horizontalpodautoscalers`,
    {},
    (_type, hpa: any) => {
      const desired = hpa?.status?.desiredReplicas;
      if (typeof desired === 'number') onDesired(desired);
    },
    () => {},
  );
}

async function openSignals(token: string, onSignal: () => void) {
  const ws = new WebSocket(
    `ws://localhost:${new URL(BACKEND_URL).port}/api/signals`,
    token,
  );
  await new Promise((resolve, reject) => {
    ws.onopen = resolve;
    ws.onerror = () =>
      reject(new Error('could not open the signals websocket'));
  });
  const channel = `keda:scaling:${ENTITY_REF}`;
  ws.send(JSON.stringify({ action: 'subscribe', channel }));
  ws.onmessage = ev => {
    if (JSON.parse(String(ev.data)).channel === channel) onSignal();
  };
  return ws;
}

async function desiredInPortal(token: string): Promise<number | undefined> {
  const body = await getJson(
    `${BACKEND_URL}/api/keda/entities/default/component/bench-app/scaling`,
    token,
  );
  for (const cluster of body.clusters ?? []) {
    for (const w of cluster.workloads ?? []) {
      if (w.namespace === NS && w.name === NAME) {
        return w.status?.replicas?.hpaDesired;
      }
    }
  }
  return undefined;
}

interface Sample {
  kedaHpa: number;
  portal: number;
  total: number;
}

async function main() {
  const began = Date.now();
  const dataDir = path.join(ROOT, '.data', 'bench-freshness');
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(dataDir, { recursive: true });

  log('starting the real chain (API server, controllers, kwok, KEDA)');
  const chain = await startKedaChain({
    dir: path.join(dataDir, 'chain'),
    onProgress: m => log(m),
  });
  const password = 'bench-redis-pass';
  const redis = await startRedis({
    dir: path.join(dataDir, 'redis'),
    password,
  });
  const stopAll = async () => {
    await stopAllBackends();
    await redis.stop().catch(() => undefined);
    await chain.stop().catch(() => undefined);
  };
  process.once('SIGINT', () => void stopAll().then(() => process.exit(130)));
  try {
    const admin = chain.admin();
    const token = admin.getCurrentUser()!.token!;
    await seedWorkload(admin, redis.address, password);
    const config = writeConfig(dataDir, [
      { name: 'chain', url: chain.server, token },
    ]);
    const backend = await startBackend(
      config,
      path.join(dataDir, 'backend.log'),
    );

    let hpaDesired: { value: number; at: number } | undefined;
    const hpaWatch = await watchHpa(admin, value => {
      if (hpaDesired?.value !== value) {
        hpaDesired = { value, at: performance.now() };
      }
    });
    let signalled: (() => void) | undefined;
    const ws = await openSignals(backend.token, () => signalled?.());

    // Settle at 1 replica: the list empty, KEDA and the HPA agree.
    await waitFor('the first HPA status', 120_000, async () =>
      (await desiredInPortal(backend.token)) === 1 ? true : undefined,
    );
    log('settled at 1 replica; measuring');

    const samples: Sample[] = [];
    let missed = 0;
    let current = 1;
    for (let s = 0; s < SAMPLES; s++) {
      // Alternate between a few replica counts, so each change moves the HPA.
      const target = [4, 2, 6, 3][s % 4];
      const wantItems = target * PER_REPLICA;
      const have = await redis.length(LIST);
      const t0 = performance.now();
      if (wantItems > have) await redis.push(LIST, wantItems - have);
      else await redis.pop(LIST, have - wantItems);

      const inPortal = new Promise<number>(resolve => {
        let checking = Promise.resolve();
        const check = () => {
          checking = checking.then(async () => {
            if ((await desiredInPortal(backend.token)) === target) {
              resolve(performance.now());
            }
          });
        };
        signalled = check;
        check();
        setTimeout(() => resolve(NaN), MISSED_AFTER_MS);
      });
      const t2 = await inPortal;
      signalled = undefined;
      const t1 = hpaDesired?.value === target ? hpaDesired.at : NaN;
      if (Number.isNaN(t2) || Number.isNaN(t1)) {
        missed++;
        log(`sample ${s}: missed (target ${target})`);
      } else {
        samples.push({ kedaHpa: t1 - t0, portal: t2 - t1, total: t2 - t0 });
        log(
          `sample ${s}: ${current} -> ${target} replicas: KEDA+HPA ${(
            t1 - t0
          ).toFixed(0)} ms, portal ${(t2 - t1).toFixed(0)} ms`,
        );
      }
      current = target;
      // A random pause, so changes do not fall in step with the HPA
      // controller's 5 s sync (which would always measure the same phase).
      await new Promise(r => setTimeout(r, 500 + Math.random() * 5000));
    }
    ws.close();
    hpaWatch.abort();

    const stat = (key: keyof Sample) => {
      const sorted = samples.map(x => x[key]).sort((a, b) => a - b);
      return { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99) };
    };
    const result = {
      samples: SAMPLES,
      missed,
      total: stat('total'),
      kedaHpa: stat('kedaHpa'),
      portal: stat('portal'),
      minutes: (Date.now() - began) / 60_000,
    };
    log(JSON.stringify(result));
    appendResults(result);
  } finally {
    await stopAll();
  }
}

const RESULTS_HEADING =
  '## Freshness on the real chain (`bench/freshness.bench.ts`)';

function appendResults(r: {
  samples: number;
  missed: number;
  total: { p50: number; p99: number };
  kedaHpa: { p50: number; p99: number };
  portal: { p50: number; p99: number };
  minutes: number;
}) {
  const ms = (n: number) => `${Math.round(n)} ms`;
  const row = `| ${new Date()
    .toISOString()
    .slice(0, 16)
    .replace('T', ' ')} UTC | ${r.samples} (${r.missed} missed) | ${ms(
    r.total.p50,
  )} / ${ms(r.total.p99)} | ${ms(r.kedaHpa.p50)} / ${ms(r.kedaHpa.p99)} | ${ms(
    r.portal.p50,
  )} / ${ms(r.portal.p99)} | ${r.minutes.toFixed(1)} min |`;
  const file = path.join(ROOT, 'bench', 'RESULTS.md');
  let text = fs.readFileSync(file, 'utf8');
  if (!text.includes(RESULTS_HEADING)) {
    text += `\n${RESULTS_HEADING}\n\nFrom a change at the event source (items pushed to or popped from a Redis list that a real KEDA redis trigger reads, \`listLength\` ${PER_REPLICA}, \`pollingInterval\` 1 s, HPA behavior without stabilization) to the new desired replicas in our scaling endpoint, refetched on the entity's signal as the tab does. Split: KEDA + HPA = source changed -> the HPA controller wrote \`status.desiredReplicas\` (a watch of the bench's own); portal = that write -> the value in our answer. The HPA controller syncs every 5 s (\`--horizontal-pod-autoscaler-sync-period\`, the chain's setting; Kubernetes' default is 15 s), which bounds the first share. Machine: ${
      os.cpus().length
    } cores, Node ${
      process.version
    }.\n\n| run | samples | total p50 / p99 | KEDA + HPA p50 / p99 | portal p50 / p99 | run time |\n| --- | --- | --- | --- | --- | --- |\n`;
  }
  const at = text.indexOf(RESULTS_HEADING);
  const next = text.indexOf('\n## ', at + RESULTS_HEADING.length);
  const end = next < 0 ? text.length : next;
  const section = `${text.slice(at, end).trimEnd()}\n${row}\n`;
  fs.writeFileSync(file, `${text.slice(0, at)}${section}${text.slice(end)}`);
}

main().catch(e => {
  console.error(e);
  void stopAllBackends().then(() => process.exit(1));
});
