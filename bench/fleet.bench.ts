/**
 * Fleet-scale benchmark: KEDA Portal's read API next to Backstage's
 * Kubernetes backend, in the same example backend, against the same real API
 * servers seeded with N ScaledObjects (each with its HPA and Deployment),
 * read through K cluster entries.
 *
 *   scripts/dev yarn bench --quick    N = 1,000, K = 2
 *   scripts/dev yarn bench            N = 1k, 10k, 50k at K = 2; K = 2, 10, 20 at N = 10k
 *
 * Two API-server processes hold the N ScaledObjects between them (N/2 each);
 * cluster entry i points at process i mod 2, so with K > 2 several entries
 * read the same process, as both tools would for K real clusters of N/2 each.
 * Figures are printed and appended to bench/RESULTS.md.
 */
import autocannon from 'autocannon';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startKubeTestEnv, type KubeTestEnv } from '@keda-portal/kube-testenv';
import {
  BACKEND_URL,
  ROOT,
  getJson,
  memoryAfterGc,
  startBackend,
  stopAllBackends,
  waitFor,
  writeConfig,
  type Backend,
} from './lib/backend.ts';
import {
  BENCH_APP,
  BENCH_APP_WORKLOADS,
  resourceRequestTotal,
  seed,
  writeHpaStatus,
  type ApiServer,
} from './lib/kube.ts';

const quick = process.argv.includes('--quick');
const PROCESSES = 2;
const CONCURRENCY = 4;
const ROUNDS = quick ? 2 : 3;
const ROUND_SECONDS = quick ? 3 : 5;
const FRESHNESS_SAMPLES = quick ? 15 : 30;
const VIEWS_FOR_COUNT = 5;
const RESULTS_MARKER = '<!-- fleet results: new runs go above this line -->';
const ENTITY_REF = `component:default/${BENCH_APP}`;

const GRID: { n: number; ks: number[] }[] = quick
  ? [{ n: 1_000, ks: [2] }]
  : [
      { n: 1_000, ks: [2] },
      { n: 10_000, ks: [2, 10, 20] },
      { n: 50_000, ks: [2] },
    ];

// Targets from the issue.
const TARGET_RATIO = 50;
const TARGET_FRESHNESS_MS = 2000;
const TARGET_HEAP_PER_OBJECT = 2048;
const TARGET_SYNC_50K_MS = 60_000;

interface Scenario {
  n: number;
  k: number;
  cached: number;
  bootMs: number;
  firstSyncMs: number;
  firstSyncFrom: string;
  heap: number;
  rss: number;
  latency: Record<Endpoint, { p50: number; p99: number; count: number }>;
  apiPerView: Record<Endpoint, number>;
  freshness: { p50: number; p99: number; samples: number; missed: number };
}

type Endpoint = 'ours' | 'k8sCustom' | 'k8sServices';
const ENDPOINTS: Endpoint[] = ['ours', 'k8sCustom', 'k8sServices'];
const LABEL: Record<Endpoint, string> = {
  ours: 'KEDA Portal GET /api/keda/entities/default/component/bench-app/scaling',
  k8sCustom:
    'Kubernetes plugin POST /api/kubernetes/resources/custom/query (keda.sh scaledobjects)',
  k8sServices: 'Kubernetes plugin POST /api/kubernetes/services/bench-app',
};

function percentile(sorted: number[], p: number) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

function log(message: string) {
  console.log(`[fleet ${new Date().toISOString().slice(11, 19)}] ${message}`);
}

function requestFor(endpoint: Endpoint, token: string, entity: unknown) {
  const headers = {
    authorization: `Bearer ${token}`,
    'content-type': 'application/json',
  };
  switch (endpoint) {
    case 'ours':
      return {
        url: `${BACKEND_URL}/api/keda/entities/default/component/${BENCH_APP}/scaling`,
        method: 'GET' as const,
        headers,
      };
    case 'k8sCustom':
      return {
        url: `${BACKEND_URL}/api/kubernetes/resources/custom/query`,
        method: 'POST' as const,
        headers,
        body: JSON.stringify({
          entityRef: ENTITY_REF,
          customResources: [
            {
              group: 'keda.sh',
              apiVersion: 'v1alpha1',
              plural: 'scaledobjects',
            },
          ],
        }),
      };
    default:
      return {
        url: `${BACKEND_URL}/api/kubernetes/services/${BENCH_APP}`,
        method: 'POST' as const,
        headers,
        body: JSON.stringify({ entity }),
      };
  }
}

/** One page view's request, checked for a useful answer. */
async function view(
  endpoint: Endpoint,
  token: string,
  entity: unknown,
  k: number,
) {
  const r = requestFor(endpoint, token, entity);
  const res = await fetch(r.url, r);
  const body = await res.json();
  if (!res.ok)
    throw new Error(`${r.url} answered ${res.status}: ${JSON.stringify(body)}`);
  if (endpoint === 'ours') {
    const found = body.clusters.reduce(
      (sum: number, c: any) => sum + c.workloads.length,
      0,
    );
    if (body.clusters.length !== k || found !== k * BENCH_APP_WORKLOADS) {
      throw new Error(
        `our endpoint found ${found} workloads in ${body.clusters.length} clusters`,
      );
    }
  } else {
    const items = body.items ?? [];
    if (items.length !== k || items.some((i: any) => i.errors?.length)) {
      throw new Error(
        `${endpoint} answered ${JSON.stringify(body).slice(0, 2000)}`,
      );
    }
    if (endpoint === 'k8sCustom') {
      const found = items.reduce(
        (sum: number, i: any) =>
          sum +
          i.resources.reduce((s: number, r: any) => s + r.resources.length, 0),
        0,
      );
      if (found !== k * BENCH_APP_WORKLOADS) {
        throw new Error(`the custom query found ${found} ScaledObjects`);
      }
    }
  }
}

async function requestsTotal(servers: ApiServer[]) {
  const totals = await Promise.all(servers.map(resourceRequestTotal));
  return totals.reduce((a, b) => a + b, 0);
}

/** API-server resource requests per page view, minus what the same time idle costs. */
async function apiRequestsPerView(
  servers: ApiServer[],
  endpoint: Endpoint,
  token: string,
  entity: unknown,
  k: number,
) {
  let before = await requestsTotal(servers);
  const started = Date.now();
  for (let i = 0; i < VIEWS_FOR_COUNT; i++)
    await view(endpoint, token, entity, k);
  const elapsed = Date.now() - started;
  const during = (await requestsTotal(servers)) - before;
  before = await requestsTotal(servers);
  await new Promise(r => setTimeout(r, elapsed));
  const idle = (await requestsTotal(servers)) - before;
  return Math.max(0, during - idle) / VIEWS_FOR_COUNT;
}

/** Interleaved rounds: each endpoint for ROUND_SECONDS at the same concurrency, in turn. */
async function latencies(token: string, entity: unknown) {
  const samples: Record<Endpoint, number[]> = {
    ours: [],
    k8sCustom: [],
    k8sServices: [],
  };
  for (let round = 0; round < ROUNDS; round++) {
    for (const endpoint of ENDPOINTS) {
      const instance = autocannon({
        ...requestFor(endpoint, token, entity),
        connections: CONCURRENCY,
        duration: ROUND_SECONDS,
        timeout: 60,
      });
      instance.on(
        'response',
        (_client: unknown, status: number, _bytes: number, ms: number) => {
          if (status !== 200)
            throw new Error(`${endpoint} answered ${status} under load`);
          samples[endpoint].push(ms);
        },
      );
      const result = await instance;
      if (result.non2xx || result.errors || result.timeouts) {
        throw new Error(
          `${endpoint}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`,
        );
      }
    }
  }
  return Object.fromEntries(
    ENDPOINTS.map(e => {
      const s = samples[e].sort((a, b) => a - b);
      return [
        e,
        { p50: percentile(s, 0.5), p99: percentile(s, 0.99), count: s.length },
      ];
    }),
  ) as Scenario['latency'];
}

/**
 * From the HPA status PATCH in the API server to the moment our scaling
 * endpoint, refetched on the entity's signal like the tab does, shows the new
 * value in every cluster entry that reads that server.
 */
async function freshness(servers: ApiServer[], token: string, k: number) {
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
  await new Promise(r => setTimeout(r, 500));
  let onSignal: (() => void) | undefined;
  ws.onmessage = ev => {
    if (JSON.parse(String(ev.data)).channel === channel) onSignal?.();
  };
  const entriesOnServer0 = Math.ceil(k / PROCESSES);
  const results: number[] = [];
  let missed = 0;
  const base = 1000 + Math.floor(Math.random() * 100_000);
  try {
    for (let s = 0; s < FRESHNESS_SAMPLES; s++) {
      const value = base + s;
      const updated = async () => {
        const body = await getJson(
          `${BACKEND_URL}/api/keda/entities/default/component/${BENCH_APP}/scaling`,
          token,
        );
        const seen = body.clusters.filter((c: any) =>
          c.workloads.some(
            (w: any) =>
              w.namespace === 'bench-0' &&
              w.name === 'w-0' &&
              w.status?.replicas?.hpaDesired === value,
          ),
        ).length;
        return seen === entriesOnServer0;
      };
      const done = new Promise<number>(resolve => {
        let checking = Promise.resolve();
        onSignal = () => {
          checking = checking.then(async () => {
            if (await updated()) resolve(performance.now());
          });
        };
        setTimeout(() => resolve(NaN), 10_000);
      });
      const t0 = performance.now();
      await writeHpaStatus(servers[0], 0, value);
      const t1 = await done;
      onSignal = undefined;
      if (Number.isNaN(t1)) missed++;
      else results.push(t1 - t0);
      await new Promise(r => setTimeout(r, 400));
    }
  } finally {
    ws.close();
  }
  const sorted = [...results, ...Array(missed).fill(Infinity)].sort(
    (a, b) => a - b,
  );
  return {
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    samples: FRESHNESS_SAMPLES,
    missed,
  };
}

async function withBackend<T>(
  dataDir: string,
  servers: ApiServer[],
  k: number,
  run: (backend: Backend) => Promise<T>,
) {
  const clusters = Array.from({ length: k }, (_, i) => ({
    name: `c${i}`,
    url: servers[i % PROCESSES].server,
    token: servers[i % PROCESSES].token,
  }));
  const config = writeConfig(dataDir, clusters);
  const backend = await startBackend(config, path.join(dataDir, 'backend.log'));
  try {
    return await run(backend);
  } finally {
    await backend.stop();
  }
}

/** Polls our health endpoint until every cluster is synced; when it was first. */
async function firstSync(backend: Backend, k: number) {
  let earliestSyncing: number | undefined;
  const syncedAt = await waitFor(
    'the first full sync',
    15 * 60_000,
    async () => {
      const health = await getJson(
        `${BACKEND_URL}/api/keda/health`,
        backend.token,
      );
      const syncs = health.clusters.map((c: any) => c.sync);
      for (const s of syncs) {
        if (s?.state === 'syncing') {
          const t = Date.parse(s.since);
          earliestSyncing = Math.min(earliestSyncing ?? t, t);
        }
      }
      if (
        syncs.length === k &&
        syncs.every((s: any) => s?.state === 'synced')
      ) {
        return Math.max(...syncs.map((s: any) => Date.parse(s.since)));
      }
      return undefined;
    },
    100,
  );
  return earliestSyncing !== undefined
    ? { ms: syncedAt - earliestSyncing, from: 'sync start' }
    : { ms: syncedAt - backend.startedAt, from: 'process start (incl. boot)' };
}

async function scenario(
  dataDir: string,
  servers: ApiServer[],
  n: number,
  k: number,
): Promise<Scenario> {
  return withBackend(dataDir, servers, k, async backend => {
    const bootMs = backend.readyAt - backend.startedAt;
    const sync = await firstSync(backend, k);
    log(
      `N=${n} K=${k}: backend ready in ${bootMs} ms, first full sync ${sync.ms} ms (from ${sync.from})`,
    );
    const entity = await waitFor('the catalog entity', 5 * 60_000, () =>
      getJson(
        `${BACKEND_URL}/api/catalog/entities/by-name/component/default/${BENCH_APP}`,
        backend.token,
      ),
    );
    for (const e of ENDPOINTS) await view(e, backend.token, entity, k); // warm-up and answer check
    const memory = await memoryAfterGc();
    const apiPerView = {} as Scenario['apiPerView'];
    for (const e of ENDPOINTS) {
      apiPerView[e] = await apiRequestsPerView(
        servers,
        e,
        backend.token,
        entity,
        k,
      );
    }
    log(
      `N=${n} K=${k}: API-server requests per view ${JSON.stringify(
        apiPerView,
      )}`,
    );
    const latency = await latencies(backend.token, entity);
    log(`N=${n} K=${k}: latency ${JSON.stringify(latency)}`);
    const fresh = await freshness(servers, backend.token, k);
    log(`N=${n} K=${k}: freshness ${JSON.stringify(fresh)}`);
    return {
      n,
      k,
      cached: (n / PROCESSES) * k,
      bootMs,
      firstSyncMs: sync.ms,
      firstSyncFrom: sync.from,
      heap: memory.heap,
      rss: memory.rss,
      latency,
      apiPerView,
      freshness: fresh,
    };
  });
}

const ms = (v: number) =>
  Number.isFinite(v) ? `${v < 10 ? v.toFixed(1) : v.toFixed(0)} ms` : 'timeout';
const mib = (v: number) => `${(v / 1024 / 1024).toFixed(0)} MiB`;
const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');

function report(
  rows: Scenario[],
  baseline: { heap: number; rss: number },
  seedTimes: string[],
  totalMs: number,
) {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const lines: string[] = [];
  lines.push(
    `### ${new Date()
      .toISOString()
      .slice(0, 16)
      .replace('T', ' ')} UTC, \`scripts/dev yarn bench${
      quick ? ' --quick' : ''
    }\``,
    '',
    `Machine: ${os.cpus().length} cores (${cpu}), ${(
      os.totalmem() /
      2 ** 30
    ).toFixed(0)} GiB, ${os.type()} ${os.release()}, Node ${
      process.version
    }; ` +
      `${PROCESSES} kube-apiserver processes (kube-testenv), the example backend run as \`backstage-cli package start\` runs it, without its file watcher. ` +
      `Load: autocannon, ${CONCURRENCY} connections, ${ROUNDS} interleaved rounds of ${ROUND_SECONDS} s per endpoint. ` +
      `Seeding: ${seedTimes.join('; ')}. Whole run: ${(
        totalMs / 60_000
      ).toFixed(1)} min.`,
    '',
    '| N | K | cached SO | ours p50 / p99 | custom query p50 / p99 | services p50 / p99 | p99 ratio custom/ours | API req per view ours / custom / services | heap / RSS | heap per cached SO | first full sync | freshness p50 / p99 (n, missed) |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  );
  for (const r of rows) {
    const perObject = (r.heap - baseline.heap) / r.cached;
    lines.push(
      `| ${r.n.toLocaleString('en')} | ${r.k} | ${r.cached.toLocaleString(
        'en',
      )} | ${ms(r.latency.ours.p50)} / ${ms(r.latency.ours.p99)} | ` +
        `${ms(r.latency.k8sCustom.p50)} / ${ms(r.latency.k8sCustom.p99)} | ${ms(
          r.latency.k8sServices.p50,
        )} / ${ms(r.latency.k8sServices.p99)} | ` +
        `${(r.latency.k8sCustom.p99 / r.latency.ours.p99).toFixed(
          1,
        )}x (services ${(
          r.latency.k8sServices.p99 / r.latency.ours.p99
        ).toFixed(1)}x) | ` +
        `${r.apiPerView.ours.toFixed(1)} / ${r.apiPerView.k8sCustom.toFixed(
          1,
        )} / ${r.apiPerView.k8sServices.toFixed(1)} | ` +
        `${mib(r.heap)} / ${mib(r.rss)} | ${(perObject / 1024).toFixed(
          2,
        )} KiB | ${(r.firstSyncMs / 1000).toFixed(1)} s (from ${
          r.firstSyncFrom
        }) | ` +
        `${ms(r.freshness.p50)} / ${ms(r.freshness.p99)} (${
          r.freshness.samples
        }, ${r.freshness.missed}) |`,
    );
  }
  lines.push(
    '',
    `Baseline (same backend, same 2 cluster entries, API servers empty): heap ${mib(
      baseline.heap,
    )}, RSS ${mib(
      baseline.rss,
    )}; heap per cached SO = (heap - baseline heap) / cached ScaledObjects (each with its HPA and Deployment).`,
    '',
    'Targets:',
    '',
  );
  const at =
    rows.find(r => r.k === 10 && r.n === 10_000) ?? rows[rows.length - 1];
  const ratio = at.latency.k8sCustom.p99 / at.latency.ours.p99;
  lines.push(
    `- p99 ours at least ${TARGET_RATIO}x lower than the Kubernetes plugin's custom query at K=${
      at.k
    }, N=${at.n.toLocaleString('en')}${
      at.k === 10 && at.n === 10_000 ? '' : ' (K=10, N=10,000 not in this run)'
    }: ${ratio.toFixed(1)}x (${ms(at.latency.ours.p99)} vs ${ms(
      at.latency.k8sCustom.p99,
    )}), ${verdict(ratio >= TARGET_RATIO)}${
      ratio >= TARGET_RATIO
        ? ''
        : `, by a factor ${(TARGET_RATIO / ratio).toFixed(1)}`
    }.`,
  );
  const maxOurs = Math.max(...rows.map(r => r.apiPerView.ours));
  lines.push(
    `- zero API-server requests per page view (ours): max ${maxOurs.toFixed(
      1,
    )}, ${verdict(maxOurs === 0)}.`,
  );
  const worstFresh = Math.max(...rows.map(r => r.freshness.p99));
  lines.push(
    `- freshness p99 at most 2 s: worst ${ms(worstFresh)}, ${verdict(
      worstFresh <= TARGET_FRESHNESS_MS,
    )}${
      worstFresh <= TARGET_FRESHNESS_MS
        ? ''
        : ` (${(worstFresh / TARGET_FRESHNESS_MS).toFixed(2)}x the target)`
    }.`,
  );
  const worstHeap = Math.max(
    ...rows.map(r => (r.heap - baseline.heap) / r.cached),
  );
  lines.push(
    `- at most 2 KB heap per cached ScaledObject: worst ${(
      worstHeap / 1024
    ).toFixed(2)} KiB, ${verdict(worstHeap <= TARGET_HEAP_PER_OBJECT)}${
      worstHeap <= TARGET_HEAP_PER_OBJECT
        ? ''
        : ` (${(worstHeap / TARGET_HEAP_PER_OBJECT).toFixed(1)}x the target)`
    }.`,
  );
  const big = rows.find(r => r.n === 50_000);
  lines.push(
    big
      ? `- first sync of 50,000 ScaledObjects in at most 60 s: ${(
          big.firstSyncMs / 1000
        ).toFixed(1)} s, ${verdict(big.firstSyncMs <= TARGET_SYNC_50K_MS)}${
          big.firstSyncMs <= TARGET_SYNC_50K_MS
            ? ''
            : ` (${(big.firstSyncMs / TARGET_SYNC_50K_MS).toFixed(
                2,
              )}x the target)`
        }.`
      : `- first sync of 50,000 ScaledObjects: not in this run (--quick).`,
  );
  lines.push(
    '',
    'Endpoints: ' + ENDPOINTS.map(e => `${e} = ${LABEL[e]}`).join('; ') + '.',
    '',
  );
  return lines.join('\n');
}

/**
 * New results go above the marker in the fleet section, so the tab render
 * benchmark can keep appending its rows at the end of the file.
 */
function insertResults(table: string) {
  const file = path.join(ROOT, 'bench', 'RESULTS.md');
  const text = fs.readFileSync(file, 'utf8');
  const at = text.indexOf(RESULTS_MARKER);
  if (at < 0) throw new Error(`bench/RESULTS.md has no line ${RESULTS_MARKER}`);
  fs.writeFileSync(file, `${text.slice(0, at)}${table}\n${text.slice(at)}`);
}

async function main() {
  const began = Date.now();
  const dataDir = path.join(ROOT, '.data', 'bench-fleet');
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(dataDir, { recursive: true });
  const envs: KubeTestEnv[] = [];
  const stopAll = async () => {
    await stopAllBackends();
    await Promise.all(envs.map(e => e.stop().catch(() => undefined)));
  };
  process.once('SIGINT', () => void stopAll().then(() => process.exit(130)));
  process.once('SIGTERM', () => void stopAll().then(() => process.exit(143)));
  try {
    log(`starting ${PROCESSES} API servers`);
    for (let p = 0; p < PROCESSES; p++) {
      envs.push(
        await startKubeTestEnv({
          dir: path.join(dataDir, `apiserver-${p}`),
          // Seeding 150,000 objects needs more than the default in-flight limits.
          apiserverArgs: [
            '--max-requests-inflight=800',
            '--max-mutating-requests-inflight=400',
          ],
        }),
      );
    }
    const servers: ApiServer[] = envs.map(e => ({
      server: e.server,
      token: e.adminToken,
    }));

    log('baseline: the backend with empty API servers');
    const baseline = await withBackend(dataDir, servers, 2, async backend => {
      await firstSync(backend, 2);
      return memoryAfterGc();
    });
    log(`baseline heap ${mib(baseline.heap)}, RSS ${mib(baseline.rss)}`);

    const rows: Scenario[] = [];
    const seedTimes: string[] = [];
    let seeded = 0;
    for (const step of GRID) {
      const t = Date.now();
      await Promise.all(
        servers.map(s => seed(s, seeded / PROCESSES, step.n / PROCESSES)),
      );
      seedTimes.push(
        `${seeded.toLocaleString('en')} to ${step.n.toLocaleString('en')} in ${(
          (Date.now() - t) /
          1000
        ).toFixed(0)} s`,
      );
      log(`seeded N=${step.n} (${seedTimes[seedTimes.length - 1]})`);
      seeded = step.n;
      for (const k of step.ks) {
        rows.push(await scenario(dataDir, servers, step.n, k));
      }
    }
    const table = report(rows, baseline, seedTimes, Date.now() - began);
    console.log(`\n${table}`);
    insertResults(table);
    fs.writeFileSync(
      path.join(dataDir, 'rows.json'),
      JSON.stringify({ baseline, rows }, null, 2),
    );
  } finally {
    await stopAll();
  }
}

main().then(
  () => process.exit(0),
  e => {
    console.error(e);
    process.exit(1);
  },
);
