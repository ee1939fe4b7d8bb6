import { ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';

/** A child process of the chain, with its log tail for error messages. */
export interface RunningProcess {
  name: string;
  child: ChildProcess;
  /** The last lines it logged (stdout and stderr). */
  tail(): string;
  /** Resolves when it exits (with the exit code, or null after a signal). */
  exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/** Starts a program; every line it logs goes to `onLog` prefixed with its name. */
export function startProcess(
  name: string,
  file: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; onLog?: (line: string) => void } = {},
): RunningProcess {
  const child = spawn(file, args, {
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  const collect = (chunk: Buffer) => {
    const text = chunk.toString();
    tail = (tail + text).slice(-6000);
    if (options.onLog) {
      for (const line of text.split('\n')) {
        if (line.trim()) options.onLog(`[${name}] ${line}`);
      }
    }
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<number | null>(resolve =>
    child.once('exit', code => resolve(code)),
  );
  let stopping: Promise<void> | undefined;
  return {
    name,
    child,
    tail: () => tail,
    exited,
    stop(graceMs = 5000) {
      stopping ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
      })();
      return stopping;
    },
  };
}

/** A free TCP port on 127.0.0.1 (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Polls `check` until it returns true; fails early when the process exits,
 * with its log tail, so a crash is reported instead of a timeout.
 */
export async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  options: { timeoutMs: number; process?: RunningProcess },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let exitCode: number | null | undefined;
  void options.process?.exited.then(code => {
    exitCode = code;
  });
  for (;;) {
    if (exitCode !== undefined) {
      throw new Error(
        `${
          options.process!.name
        } exited (${exitCode}) while waiting for ${what}\n${options.process!.tail()}`,
      );
    }
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${options.timeoutMs} ms waiting for ${what}${
          options.process ? `\n${options.process.tail()}` : ''
        }`,
      );
    }
    await new Promise(r => setTimeout(r, 250));
  }
}

/** GET an http:// URL on loopback; true on a 2xx answer. */
export async function httpOk(url: string): Promise<boolean> {
  const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
  return res.ok;
}
