/**
 * The example backend (packages/backend) started on its own, with a config
 * file of the benchmark's clusters and catalog, and with the Node.js
 * inspector on, so its heap can be read after a forced garbage collection.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const BACKEND_PORT = 7317;
export const INSPECT_PORT = 9317;
export const BACKEND_URL = `http://localhost:${BACKEND_PORT}`;

export interface ClusterEntry {
  name: string;
  url: string;
  token: string;
}

export interface Backend {
  child: ChildProcess;
  startedAt: number;
  readyAt: number;
  token: string;
  stop(): Promise<void>;
  log(): string;
}

/** Writes the catalog file and the config file the backend is started with. */
export function writeConfig(dataDir: string, clusters: ClusterEntry[]) {
  const entities = path.join(dataDir, 'entities.yaml');
  fs.writeFileSync(
    entities,
    `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: bench-app
  annotations:
    backstage.io/kubernetes-id: bench-app
spec:
  type: service
  lifecycle: production
  owner: guests
`,
  );
  const config = {
    app: { baseUrl: 'http://localhost:3317' },
    backend: {
      baseUrl: BACKEND_URL,
      listen: { port: BACKEND_PORT },
      cors: { origin: 'http://localhost:3317' },
      database: { client: 'better-sqlite3', connection: ':memory:' },
    },
    catalog: {
      rules: [{ allow: ['Component'] }],
      locations: [{ type: 'file', target: entities }],
    },
    kubernetes: {
      serviceLocatorMethod: { type: 'multiTenant' },
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: clusters.map(c => ({
            name: c.name,
            url: c.url,
            authProvider: 'serviceAccount',
            serviceAccountToken: c.token,
            skipTLSVerify: true,
          })),
        },
      ],
    },
  };
  const file = path.join(dataDir, 'app-config.bench.yaml');
  // JSON is YAML
  fs.writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}

async function until<T>(
  what: string,
  deadline: number,
  child: ChildProcess,
  probe: () => Promise<T | undefined>,
  intervalMs = 250,
): Promise<T> {
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`the backend exited (${child.exitCode}) before ${what}`);
    }
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch {
      // not answering yet
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, intervalMs));
  }
}

const running = new Set<() => Promise<void>>();

/** Stops every backend still running (on Ctrl-C). */
export async function stopAllBackends() {
  await Promise.all([...running].map(stop => stop()));
}

export async function startBackend(
  configFile: string,
  logFile: string,
  timeoutMs = 10 * 60_000,
): Promise<Backend> {
  let output = '';
  const startedAt = Date.now();
  // What `backstage-cli package start` runs, without its file watcher: other
  // work in the checkout must not restart the backend in the middle of a run.
  const child = spawn(
    process.execPath,
    [
      '--enable-source-maps',
      '--require',
      path.join(
        ROOT,
        'node_modules',
        '@backstage',
        'cli-node',
        'config',
        'nodeTransform.cjs',
      ),
      `--inspect=127.0.0.1:${INSPECT_PORT}`,
      'src/index',
      '--config',
      path.join(ROOT, 'app-config.yaml'),
      '--config',
      configFile,
    ],
    {
      cwd: path.join(ROOT, 'packages', 'backend'),
      detached: true,
      env: { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-200_000);
    fs.appendFileSync(logFile, chunk);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  let stopped = false;
  const stop = async () => {
    running.delete(stop);
    if (stopped) return;
    stopped = true;
    for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
      try {
        process.kill(-child.pid!, signal);
      } catch {
        return; // the whole group is gone
      }
      const gone = await Promise.race([
        new Promise(r => child.once('exit', () => r(true))),
        new Promise(r => setTimeout(() => r(false), 5000)),
      ]);
      if (gone || child.exitCode !== null) break;
    }
    await new Promise(r => setTimeout(r, 500));
    try {
      process.kill(-child.pid!, 'SIGKILL'); // stragglers of the group
    } catch {
      // none
    }
  };
  running.add(stop);
  try {
    const deadline = Date.now() + timeoutMs;
    await until('readiness', deadline, child, async () =>
      (
        await fetch(`${BACKEND_URL}/.backstage/health/v1/readiness`)
      ).ok
        ? true
        : undefined,
    );
    const readyAt = Date.now();
    const token = await until('guest sign-in', deadline, child, async () => {
      const res = await fetch(`${BACKEND_URL}/api/auth/guest/refresh`, {
        method: 'POST',
      });
      return res.ok
        ? ((await res.json()).backstageIdentity.token as string)
        : undefined;
    });
    return { child, startedAt, readyAt, token, stop, log: () => output };
  } catch (e) {
    await stop();
    throw new Error(`${(e as Error).message}\n${output.slice(-4000)}`);
  }
}

export async function getJson(url: string, token: string, init?: RequestInit) {
  const res = await fetch(url, {
    ...init,
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      ...(init?.headers ?? {}),
    },
  });
  if (!res.ok) {
    throw new Error(`${url} answered ${res.status}: ${await res.text()}`);
  }
  return res.json();
}

/** Waits for `what`, polling. */
export async function waitFor<T>(
  what: string,
  timeoutMs: number,
  probe: () => Promise<T | undefined>,
  intervalMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch {
      // retry
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, intervalMs));
  }
}

/**
 * Heap used (after a forced full GC) and RSS of the backend, through the
 * inspector's Chrome DevTools Protocol.
 */
export async function memoryAfterGc(): Promise<{ heap: number; rss: number }> {
  const targets = await (
    await fetch(`http://127.0.0.1:${INSPECT_PORT}/json/list`)
  ).json();
  const ws = new WebSocket(targets[0].webSocketDebuggerUrl);
  await new Promise((resolve, reject) => {
    ws.onopen = resolve;
    ws.onerror = reject;
  });
  let id = 0;
  const pending = new Map<number, (v: any) => void>();
  ws.onmessage = ev => {
    const msg = JSON.parse(String(ev.data));
    pending.get(msg.id)?.(msg);
  };
  const call = (method: string, params: object = {}) =>
    new Promise<any>(resolve => {
      const n = ++id;
      pending.set(n, resolve);
      ws.send(JSON.stringify({ id: n, method, params }));
    });
  try {
    await call('HeapProfiler.enable');
    await call('HeapProfiler.collectGarbage');
    await call('HeapProfiler.collectGarbage');
    const usage = await call('Runtime.getHeapUsage');
    const rss = await call('Runtime.evaluate', {
      expression: 'process.memoryUsage().rss',
      returnByValue: true,
    });
    return {
      heap: usage.result.usedSize,
      rss: rss.result?.result?.value ?? NaN,
    };
  } finally {
    ws.close();
  }
}
