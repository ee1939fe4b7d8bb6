import fs from 'node:fs';
import path from 'node:path';
import {
  checkCount,
  findProgram,
  freePort,
  Program,
  SourceHandle,
  SourceOptions,
  waitUntil,
} from './program';
import { redisCommands } from './resp';

/** Options of {@link startRedis}. */
export interface RedisOptions extends SourceOptions {
  /** `requirepass`: clients (and KEDA, through a TriggerAuthentication) must AUTH with it. */
  password: string;
  /** Port on 127.0.0.1; a free one when omitted. */
  port?: number;
}

/** A running Redis with a load client. */
export interface RedisSource extends SourceHandle {
  host: string;
  port: number;
  /** `127.0.0.1:PORT`: KEDA's redis trigger `address`. */
  address: string;
  password: string;
  /** Appends `count` items to the tail of `list` (RPUSH); resolves with the new length. */
  push(list: string, count: number): Promise<number>;
  /** Removes up to `count` items from the head (LPOP); resolves with how many it removed. */
  pop(list: string, count: number): Promise<number>;
  /** LLEN: what KEDA's redis scaler compares with `listLength`. */
  length(list: string): Promise<number>;
}

/** Items per RPUSH, so a big push stays a modest request. */
const CHUNK = 1000;

/**
 * Starts Debian's `redis-server` on 127.0.0.1 with a password, its data
 * (append-only file) in `dir`. The password is in a config file in `dir`
 * (mode 0600), not on the command line.
 */
export async function startRedis(options: RedisOptions): Promise<RedisSource> {
  if (!options.password || /\s/.test(options.password)) {
    throw new Error(
      'password: give a non-empty password without spaces, e.g. "demo-redis-pass"; KEDA reads it from a Secret',
    );
  }
  const bin = findProgram(
    'redis-server',
    ['/usr/bin/redis-server'],
    'redis-server',
  );
  fs.mkdirSync(options.dir, { recursive: true });
  const port = options.port || (await freePort());
  const host = '127.0.0.1';
  const configFile = path.join(options.dir, 'redis.conf');
  fs.writeFileSync(
    configFile,
    [
      `bind ${host}`,
      `port ${port}`,
      `requirepass ${options.password}`,
      `dir ${options.dir}`,
      'daemonize no',
      'protected-mode yes',
      // Every write is in the append-only file, so a restart (or a kill) keeps the lists.
      'appendonly yes',
      'appendfsync everysec',
      'save ""',
      'logfile ""',
      `pidfile ${path.join(options.dir, 'redis.pid')}`,
      '',
    ].join('\n'),
    { mode: 0o600 },
  );

  const call = (...commands: Array<Array<string | number>>) =>
    redisCommands({ host, port }, [
      ['AUTH', options.password],
      ...commands,
    ]).then(replies => replies.slice(1));

  let program: Program | undefined;
  const start = async () => {
    const p = new Program('redis', bin, [configFile], {
      cwd: options.dir,
      onLog: options.onLog,
    });
    program = p;
    try {
      await waitUntil(
        `redis on ${host}:${port}`,
        async () => (await call(['PING']))[0] === 'PONG',
        { timeoutMs: 30_000, intervalMs: 100, alive: () => p.deadReason() },
      );
    } catch (e) {
      await p.stop(1000);
      throw e;
    }
  };
  await start();

  return {
    host,
    port,
    address: `${host}:${port}`,
    password: options.password,
    async push(list, count) {
      checkCount('push: count', count);
      let length = (await call(['LLEN', list]))[0] as number;
      for (let done = 0; done < count; done += CHUNK) {
        const n = Math.min(CHUNK, count - done);
        const items = Array.from({ length: n }, (_, i) => `item-${done + i}`);
        length = (await call(['RPUSH', list, ...items]))[0] as number;
      }
      return length;
    },
    async pop(list, count) {
      checkCount('pop: count', count);
      if (count === 0) {
        return 0;
      }
      const [items] = await call(['LPOP', list, count]);
      return Array.isArray(items) ? items.length : 0;
    },
    async length(list) {
      return (await call(['LLEN', list]))[0] as number;
    },
    async stop() {
      await program?.stop();
    },
    async restart() {
      await program?.stop();
      await start();
    },
  };
}
