/**
 * Starts the real portal (backend + frontend dev server) for browser tests and
 * stops it again: the defaults, e2e/app-config.e2e.yaml (other ports,
 * in-memory SQLite) and the demo cluster (the real KEDA chain with the
 * example objects, the event sources and the load generator).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const APP_URL = 'http://localhost:3107';
export const BACKEND_URL = 'http://localhost:7107';

export interface Portal {
  stop(): Promise<void>;
  /** Everything the backend and frontend printed so far. */
  log(): string;
}

async function waitFor(url: string, deadline: number, child: ChildProcess) {
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(
        `portal exited with code ${child.exitCode} before ${url} answered`,
      );
    }
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      throw new Error(`${url} did not answer 200 in time`);
    }
    await new Promise(r => setTimeout(r, 1000));
  }
}

/** Where the browser tests' portal keeps its demo cluster and GitOps repository. */
export const DATA_DIR = path.join(ROOT, 'e2e', 'test-results', 'data');
/** The demo cluster's admin kubeconfig, for changing objects behind the portal's back. */
export const DEMO_KUBECONFIG = path.join(
  DATA_DIR,
  'demo-cluster',
  'apiserver',
  'kubeconfig',
);
/** The demo's GitOps repository (a bare repository the portal pushes to). */
export const DEMO_GITOPS_REPO = path.join(
  DATA_DIR,
  'demo-cluster',
  'gitops',
  'shop-gitops.git',
);

/**
 * Starts the portal exactly as a developer does, with `scripts/dev start`
 * (demo cluster included), on the e2e ports and with its own data folder.
 */
export async function startPortal(timeoutMs = 8 * 60_000): Promise<Portal> {
  const logFile = path.join(ROOT, 'e2e', 'test-results', 'portal.log');
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  // A fresh GitOps repository each run, so branches from earlier runs do not count.
  fs.rmSync(path.join(DATA_DIR, 'demo-cluster', 'gitops'), {
    recursive: true,
    force: true,
  });
  let output = '';
  const child = spawn(path.join(ROOT, 'scripts', 'dev'), ['start'], {
    cwd: ROOT,
    detached: true,
    env: {
      ...process.env,
      BROWSER: 'none',
      NODE_ENV: 'development',
      KEDA_PORTAL_DEMO: 'on',
      // The portal starts once the demo cluster runs (the chain's binaries
      // are built by then), not before with the cluster still coming up.
      KEDA_PORTAL_DEMO_WAIT: '900',
      // The demo's waves, with longer outages further apart than its default
      // plan, so a test that waits for one sees it whatever the machine's
      // speed: Kafka stopped 3-8 min after the start, Prometheus 8.5-10.5.
      KEDA_PORTAL_DEMO_PLAN: path.join(ROOT, 'e2e', 'demo-plan.json'),
      KEDA_PORTAL_DATA: DATA_DIR,
      KEDA_PORTAL_CONFIG: path.join(ROOT, 'e2e', 'app-config.e2e.yaml'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    fs.appendFileSync(logFile, chunk);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);

  const stop = async () => {
    if (child.exitCode === null) {
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        // already gone
      }
      await new Promise(r => setTimeout(r, 2000));
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await new Promise(r => setTimeout(r, 500));
  };
  try {
    const deadline = Date.now() + timeoutMs;
    await waitFor(
      `${BACKEND_URL}/.backstage/health/v1/readiness`,
      deadline,
      child,
    );
    await waitFor(APP_URL, deadline, child);
  } catch (e) {
    await stop();
    throw new Error(
      `${(e as Error).message}\n--- portal output ---\n${output.slice(-4000)}`,
    );
  }
  return { stop, log: () => output };
}
