/**
 * Starts the demo cluster for `scripts/dev start`: the real chain (API
 * server, kube-controller-manager, kube-scheduler, kwok's fake nodes, KEDA's
 * operator, metrics adapter and webhooks; packages/keda-testenv), the event
 * sources (packages/event-sources), the objects of examples/cluster with the
 * sources' addresses filled in, the demo GitOps repository and the load
 * generator. Writes an app-config fragment that points both Kubernetes
 * plugins at the demo's read-only proxy, then keeps driving the load until
 * SIGTERM/SIGINT.
 *
 *   jiti packages/demo-cluster/src/cli.ts [--out DIR]
 *
 * Progress goes to stderr; the processes' own logs to DIR/chain.log and
 * DIR/sources.log. On stdout, one JSON line once everything runs:
 * {"event":"ready","server":…,"kubeconfig":…,"appConfig":…}.
 *
 * Environment: KEDA_PORTAL_DEMO_WAIT (seconds, default 30) is how long the
 * fragment waits for the cluster before it is written anyway, so the portal
 * starts (catalog, templates) while a first start still builds Kubernetes
 * and KEDA; KEDA_PORTAL_DEMO_PLAN names a JSON file with another load plan
 * (see waves.ts).
 */
import {
  applyObjects,
  readOnlyAccountToken,
  REPO_ROOT,
} from '@keda-portal/kube-testenv';
import { startKedaChain, KedaChain } from '@keda-portal/keda-testenv';
import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { demoAppConfig } from './appConfig';
import { LoadDriver } from './driver';
import { ensureDemoGitopsRepo, moveDemoAddresses } from './gitops';
import { startReadOnlyProxy } from './proxy';
import { renderManifests } from './render';
import { RunningDemoSources, startDemoSources } from './sources';
import { DEFAULT_PLAN, parsePlan } from './waves';

const TICK_MS = 5000;
/** The read-only token lives 24 h; a new one every 6 h. */
const TOKEN_REFRESH_MS = 6 * 3600_000;

function readPlan() {
  const file = process.env.KEDA_PORTAL_DEMO_PLAN;
  if (!file) return DEFAULT_PLAN;
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(
      `KEDA_PORTAL_DEMO_PLAN: ${file} is not readable JSON (${e}); point it at a JSON plan file or unset it`,
    );
  }
  return parsePlan(json, `KEDA_PORTAL_DEMO_PLAN ${file}`);
}

/** `--out DIR`, by default .data/demo-cluster in the repository. */
function outDirOf(argv: string[]): string {
  const outIndex = argv.indexOf('--out');
  const out =
    outIndex >= 0
      ? argv[outIndex + 1]
      : path.join(REPO_ROOT, '.data', 'demo-cluster');
  if (!out) throw new Error('usage: demo-cluster [--out DIR]');
  return out;
}

/**
 * A fresh cluster each start: the demo replays from the examples. The
 * GitOps repository and the sources' data (with their ports) stay.
 */
function resetClusterData(out: string) {
  for (const part of ['apiserver', 'controllers', 'keda']) {
    fs.rmSync(path.join(out, part), { recursive: true, force: true });
  }
  fs.mkdirSync(out, { recursive: true });
}

/** Progress on stderr with the time since start; process logs to files. */
function demoLoggers(out: string) {
  const startedAt = Date.now();
  const elapsed = () => {
    const s = Math.round((Date.now() - startedAt) / 1000);
    return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
  };
  const log = (msg: string) => process.stderr.write(`[demo-cluster] ${msg}\n`);
  const logFile = (name: string) => {
    const stream = fs.createWriteStream(path.join(out, name));
    return (line: string) => stream.write(`${line}\n`);
  };
  return { elapsed, log, logFile };
}

/** The app-config fragment that points the portal at the demo. */
function writeDemoConfig(
  configFile: string,
  proxyUrl: string,
  gitopsRemote: string,
) {
  fs.writeFileSync(
    configFile,
    `# Written by the demo cluster at start-up; not committed.\n${stringify(
      demoAppConfig({ proxyUrl, gitopsRemote }),
    )}`,
    { mode: 0o600 },
  );
}

/** Points the proxy at the cluster now and renews its token regularly. */
async function startTokenRefresh(
  proxy: Awaited<ReturnType<typeof startReadOnlyProxy>>,
  server: string,
  admin: ReturnType<KedaChain['admin']>,
  log: (msg: string) => void,
): Promise<NodeJS.Timeout> {
  const upstream = async () =>
    proxy.setUpstream({
      server,
      token: await readOnlyAccountToken(admin),
    });
  await upstream();
  return setInterval(() => {
    upstream().catch(e => log(`could not renew the read-only token: ${e}`));
  }, TOKEN_REFRESH_MS);
}

/** One load tick now (so the first failure stops the start), then every TICK_MS. */
async function startLoad(
  running: RunningDemoSources,
  plan: ReturnType<typeof readPlan>,
  log: (msg: string) => void,
): Promise<NodeJS.Timeout> {
  const driver = new LoadDriver(running.sources, plan, msg =>
    log(`load: ${msg}`),
  );
  await driver.tick();
  return setInterval(() => {
    driver.tick().catch(e => log(`load: tick failed: ${e}`));
  }, TICK_MS);
}

/** The ready line on stdout for `scripts/dev start`, and a note on stderr. */
function announceReady(
  kedaChain: KedaChain,
  configFile: string,
  proxyUrl: string,
  log: (msg: string) => void,
  elapsed: () => string,
) {
  process.stdout.write(
    `${JSON.stringify({
      event: 'ready',
      server: kedaChain.server,
      kubeconfig: kedaChain.kubeconfigPath,
      appConfig: configFile,
      proxy: proxyUrl,
    })}\n`,
  );
  log(
    `demo cluster ready in ${elapsed()}: the real KEDA scales the examples; admin kubeconfig: ${
      kedaChain.kubeconfigPath
    }`,
  );
}

/** The objects of examples/cluster with the sources' addresses filled in. */
async function applyExamples(
  admin: ReturnType<KedaChain['admin']>,
  values: RunningDemoSources['values'],
) {
  await applyObjects(
    admin,
    renderManifests(path.join(REPO_ROOT, 'examples', 'cluster'), values),
  );
}

async function main(argv: string[]) {
  const out = outDirOf(argv);
  const plan = readPlan();
  const waitSeconds = Number(process.env.KEDA_PORTAL_DEMO_WAIT ?? 30);
  resetClusterData(out);
  const { elapsed, log, logFile } = demoLoggers(out);

  const proxy = await startReadOnlyProxy({
    waitingMessage: 'The demo cluster is starting',
  });
  const configFile = path.join(out, 'app-config.demo.yaml');
  let gitopsRepo: string | undefined;
  const writeConfig = () =>
    writeDemoConfig(
      configFile,
      proxy.url,
      gitopsRepo ?? path.join(out, 'gitops', 'shop-gitops.git'),
    );

  let progress = 'starting';
  const onProgress = (message: string) => {
    progress = message;
    proxy.setWaitingMessage(`The demo cluster is starting: ${message}`);
    log(`${message} [${elapsed()}]`);
  };
  log(
    'starting the demo cluster; the first start on a machine builds Kubernetes, kwok, KEDA and the Kafka broker from Go modules (about 40 minutes on 2 cores, see the README), later starts take under a minute',
  );
  // While a first start builds, say now and then that it still does, and
  // let the portal start without the cluster once the wait is over.
  const heartbeat = setInterval(() => {
    log(`still starting (${elapsed()}): ${progress}`);
  }, 30_000);
  let configWritten = false;
  const early = setTimeout(() => {
    if (configWritten) return;
    configWritten = true;
    writeConfig();
    log(
      `the portal starts now; it shows the demo cluster once it is up (progress here and in ${path.join(
        out,
        'chain.log',
      )})`,
    );
  }, waitSeconds * 1000);

  let chain: KedaChain | undefined;
  let sources: RunningDemoSources | undefined;
  let timer: NodeJS.Timeout | undefined;
  let refresh: NodeJS.Timeout | undefined;
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    clearInterval(heartbeat);
    clearTimeout(early);
    clearInterval(timer);
    clearInterval(refresh);
    await proxy.close().catch(() => {});
    await sources?.stop().catch(() => {});
    await chain?.stop().catch(() => {});
    fs.rmSync(configFile, { force: true });
    process.exit(code);
  };
  process.on('SIGTERM', () => void stop(0));
  process.on('SIGINT', () => void stop(0));

  try {
    // Side by side; whichever started is stopped if the other fails.
    const [started, ready] = await Promise.allSettled([
      startKedaChain({
        dir: out,
        onLog: logFile('chain.log'),
        onProgress,
      }),
      startDemoSources({
        dir: path.join(out, 'sources'),
        log: msg => log(`event sources: ${msg} [${elapsed()}]`),
        onLog: logFile('sources.log'),
      }),
    ]);
    if (started.status === 'fulfilled') chain = started.value;
    if (ready.status === 'fulfilled') sources = ready.value;
    if (started.status === 'rejected') throw started.reason;
    if (ready.status === 'rejected') throw ready.reason;
    const kedaChain = started.value;
    const running = ready.value;
    const admin = kedaChain.admin();
    await applyExamples(admin, running.values);
    gitopsRepo = ensureDemoGitopsRepo(
      path.join(out, 'gitops'),
      path.join(REPO_ROOT, 'examples', 'gitops'),
      running.values,
    );
    if (moveDemoAddresses(gitopsRepo, running.moved)) {
      log(
        `an event source moved to another port: the GitOps repository's main branch has a commit with the new address (${running.moved
          .map(m => `${m.from} -> ${m.to}`)
          .join(', ')})`,
      );
    }
    refresh = await startTokenRefresh(proxy, kedaChain.server, admin, log);
    clearTimeout(early);
    writeConfig();
    configWritten = true;
    clearInterval(heartbeat);

    timer = await startLoad(running, plan, log);

    announceReady(kedaChain, configFile, proxy.url, log, elapsed);
  } catch (e) {
    log(
      `the demo cluster failed to start: ${e instanceof Error ? e.stack : e}`,
    );
    await stop(1);
  }
}

main(process.argv.slice(2)).catch(e => {
  process.stderr.write(`[demo-cluster] ${e instanceof Error ? e.stack : e}\n`);
  process.exit(1);
});
