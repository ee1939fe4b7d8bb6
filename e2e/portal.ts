/**
 * Starts the real portal (backend + frontend dev server) for browser tests and
 * stops it again: the defaults, e2e/app-config.e2e.yaml (other ports,
 * in-memory SQLite) and the demo cluster (a real API server with the example
 * objects and the demo driver).
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

/** Starts the demo cluster (packages/demo-cluster) and returns its app-config fragment. */
async function startDemoCluster(
  out: string,
): Promise<{ config: string; stop(): Promise<void> }> {
  const child = spawn(
    path.join(ROOT, 'node_modules', '.bin', 'jiti'),
    [
      path.join(ROOT, 'packages', 'demo-cluster', 'src', 'cli.ts'),
      '--out',
      out,
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let err = '';
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  const ready = await new Promise<{ appConfig: string }>((resolve, reject) => {
    let buf = '';
    child.stdout!.on('data', (c: Buffer) => {
      buf += c.toString();
      const line = buf.split('\n').find(l => l.startsWith('{'));
      if (line) resolve(JSON.parse(line));
    });
    child.once('exit', code =>
      reject(new Error(`demo cluster exited (${code}):\n${err}`)),
    );
  });
  return {
    config: ready.appConfig,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise(r => child.once('exit', r));
      }
    },
  };
}

export async function startPortal(timeoutMs = 6 * 60_000): Promise<Portal> {
  const logFile = path.join(ROOT, 'e2e', 'test-results', 'portal.log');
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const demo = await startDemoCluster(
    path.join(ROOT, 'e2e', 'test-results', 'demo-cluster'),
  );
  let output = '';
  const child = spawn(
    path.join(ROOT, 'node_modules', '.bin', 'backstage-cli'),
    [
      'repo',
      'start',
      '--config',
      path.join(ROOT, 'app-config.yaml'),
      '--config',
      path.join(ROOT, 'e2e', 'app-config.e2e.yaml'),
      '--config',
      demo.config,
    ],
    {
      cwd: ROOT,
      detached: true,
      env: { ...process.env, BROWSER: 'none', NODE_ENV: 'development' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
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
    await demo.stop();
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
