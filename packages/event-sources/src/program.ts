import { ChildProcess, spawn, SpawnOptions } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/** Options every start function takes. */
export interface SourceOptions {
  /** Data folder (created if missing); kept on stop, so a restart finds the same data. */
  dir: string;
  /** Called with every line the program logs. */
  onLog?: (line: string) => void;
}

/** A running event source. */
export interface SourceHandle {
  /** Stops the program (gracefully, then SIGKILL after a grace period). Data stays in `dir`. */
  stop(): Promise<void>;
  /** Starts it again on the same ports with the same data; stops it first if it runs. */
  restart(): Promise<void>;
}

/** A free TCP port on 127.0.0.1 (free when asked; the caller binds it soon after). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Finds a program on PATH or at one of the given paths, or explains how to install it. */
export function findProgram(
  name: string,
  candidates: string[],
  debianPackage: string,
): string {
  const dirs = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  for (const file of [...dirs.map(d => path.join(d, name)), ...candidates]) {
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  throw new Error(
    `${name} was not found on PATH or in ${candidates.join(
      ', ',
    )}: install Debian's ${debianPackage} (apt-get install ${debianPackage})`,
  );
}

/** Polls `check` until it resolves truthy, or fails with the last error after `timeoutMs`. */
export async function waitUntil<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  options: {
    timeoutMs: number;
    intervalMs?: number;
    alive?: () => string | undefined;
  },
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError: unknown;
  for (;;) {
    const dead = options.alive?.();
    if (dead) {
      throw new Error(`${what}: ${dead}`);
    }
    try {
      const value = await check();
      if (value) {
        return value;
      }
    } catch (e) {
      // Not the program being slow: a bug here; waiting will not help.
      if (e instanceof ReferenceError || e instanceof SyntaxError) {
        throw e;
      }
      lastError = e;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `${what}: not ready after ${options.timeoutMs} ms${
          lastError ? ` (${String(lastError)})` : ''
        }`,
      );
    }
    await new Promise(r => setTimeout(r, options.intervalMs ?? 200));
  }
}

/** Programs still running, stopped when this process exits without stopping them. */
const running = new Set<Program>();
process.once('exit', () => running.forEach(p => p.kill('SIGTERM')));

/** A child process whose output goes line by line to a log callback. */
export class Program {
  private readonly child: ChildProcess;
  private readonly exited: Promise<void>;
  private readonly alsoKill: () => number[];
  private tail = '';

  /**
   * `alsoKill` names processes the program started that a SIGKILL to it
   * would leave behind (the Erlang VM under rabbitmq-server's shell script).
   */
  constructor(
    readonly name: string,
    command: string,
    args: string[],
    options: SpawnOptions & {
      onLog?: (line: string) => void;
      alsoKill?: () => number[];
    },
  ) {
    const { onLog, alsoKill, ...spawnOptions } = options;
    this.alsoKill = alsoKill ?? (() => []);
    // In our process group: Ctrl-C in a terminal reaches the sources too.
    this.child = spawn(command, args, {
      ...spawnOptions,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.add(this);
    const onChunk = (chunk: Buffer) => {
      const text = chunk.toString();
      this.tail = (this.tail + text).slice(-4000);
      if (onLog) {
        text
          .split('\n')
          .filter(l => l.trim())
          .forEach(l => onLog(`[${name}] ${l}`));
      }
    };
    this.child.stdout!.on('data', onChunk);
    this.child.stderr!.on('data', onChunk);
    this.exited = new Promise(resolve => {
      this.child.once('exit', () => {
        running.delete(this);
        resolve();
      });
      this.child.once('error', e => {
        this.tail += `\n${e.message}`;
        resolve();
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get stdout() {
    return this.child.stdout!;
  }

  /** Undefined while it runs, else why it ended with the last lines it printed. */
  deadReason(): string | undefined {
    if (
      this.child.exitCode === null &&
      this.child.signalCode === null &&
      this.child.pid
    ) {
      return undefined;
    }
    const how =
      this.child.signalCode ?? `exit code ${this.child.exitCode ?? 'unknown'}`;
    return `${this.name} ended (${how}); last output:\n${this.tail}`;
  }

  /** SIGTERM, then SIGKILL (to it and `alsoKill`) after `graceMs`. */
  async stop(graceMs = 15_000): Promise<void> {
    if (this.deadReason() === undefined) {
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.kill('SIGKILL'), graceMs);
      await this.exited;
      clearTimeout(timer);
    }
  }

  /** Signals the program and what `alsoKill` names, without waiting. */
  kill(signal: NodeJS.Signals): void {
    let more: number[] = [];
    try {
      more = this.alsoKill();
    } catch {
      // nothing more to kill (e.g. no pid file yet)
    }
    for (const pid of [...more, this.child.pid]) {
      if (pid) {
        try {
          process.kill(pid, signal);
        } catch {
          // already gone
        }
      }
    }
  }
}

/** GET or POST with a JSON answer (loopback only). */
export async function httpJson<T = unknown>(
  url: string,
  init: RequestInit = {},
): Promise<T> {
  const res = await fetch(url, {
    ...init,
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  if (!res.ok) {
    let reason = text;
    try {
      reason = (JSON.parse(text) as { error?: string }).error ?? text;
    } catch {
      // not JSON
    }
    throw new Error(
      `${init.method ?? 'GET'} ${url.replace(/\/\/[^@/]*@/, '//')}: ${
        res.status
      } ${reason.trim()}`,
    );
  }
  return (text ? JSON.parse(text) : undefined) as T;
}

/** A whole number >= 0, or an error naming the field. */
export function checkCount(field: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(
      `${field} must be a whole number >= 0 (got ${value}): pass e.g. 10`,
    );
  }
}
