import * as sources from '@keda-portal/event-sources';
import { REPO_ROOT } from '@keda-portal/kube-testenv';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PathSources, RedisSource } from './sources';

/** Memoises a start, and remembers its stop for the end of the run. */
function lazy<T extends { stop(): Promise<void> }>(
  stops: Array<() => Promise<void>>,
  start: () => Promise<T>,
): () => Promise<T> {
  let started: Promise<T> | undefined;
  return () => {
    if (!started) {
      started = start();
      stops.push(async () => (await started!).stop());
    }
    return started;
  };
}

function redisPaths(redis: sources.RedisSource): RedisSource {
  return {
    address: redis.address,
    password: redis.password,
    push: async (list, count) => {
      await redis.push(list, count);
    },
    clear: async list => {
      await redis.pop(list, await redis.length(list));
    },
  };
}

/**
 * The run's PostgreSQL when scripts/test.sh started one (its connection
 * string is in Backstage's test database variable), else one of its own
 * from scripts/test-postgres.sh.
 */
async function startPostgres(dir: string) {
  const script = path.join(REPO_ROOT, 'scripts', 'test-postgres.sh');
  const pgDir = path.join(dir, 'postgres');
  let url = process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;
  let stop = async () => {};
  if (!url) {
    // The server runs as the postgres user, who must reach its folder.
    fs.chmodSync(dir, 0o755);
    url = execFileSync('bash', [script, 'start', pgDir], {
      encoding: 'utf8',
    }).trim();
    stop = async () => {
      execFileSync('bash', [script, 'stop', pgDir]);
    };
  }
  const base = url.replace(/\/[^/@]*$/, '').replace(/\/$/, '');
  const database = `${base}/postgres`;
  return {
    connection: `${database}?sslmode=disable`,
    sql: async (statement: string) => {
      await sources.runSql(database, statement);
    },
    stop,
  };
}

/**
 * The real event sources (packages/event-sources) for the recorded paths,
 * each started on first use, in a folder of their own under `dir`.
 */
export function startPathSources(
  options: { dir?: string; onLog?: (line: string) => void } = {},
): PathSources {
  const dir =
    options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'keda-sources-'));
  const ownDir = !options.dir;
  const stops: Array<() => Promise<void>> = [];
  let redisCount = 0;
  let prometheusCount = 0;
  const startRedis = () =>
    sources.startRedis({
      dir: path.join(dir, `redis-${++redisCount}`),
      password: 'recorded-redis-pass',
      onLog: options.onLog,
    });

  const exporter = lazy(stops, () => sources.startRequestRateExporter());
  const prometheus = lazy(stops, async () => {
    const e = await exporter();
    const p = await sources.startPrometheus({
      dir: path.join(dir, `prometheus-${++prometheusCount}`),
      scrapeTargets: [e.target],
      onLog: options.onLog,
    });
    return {
      url: p.url,
      setRate: (service: string, perSecond: number) =>
        e.setRate(service, perSecond),
      stop: p.stop,
    };
  });
  const redis = lazy(stops, async () => {
    const r = await startRedis();
    return { ...redisPaths(r), stop: r.stop };
  });
  const rabbitmq = lazy(stops, async () => {
    const r = await sources.startRabbitMq({
      dir: path.join(dir, 'rabbitmq'),
      onLog: options.onLog,
    });
    return {
      amqpUrl: r.amqpUrl,
      publish: async (queue: string, count: number) => {
        await r.publish(queue, count);
      },
      purge: async (queue: string) => {
        // KEDA's amqp mode needs the queue to exist.
        await r.declareQueue(queue);
        const depth = await r.depth(queue);
        if (depth > 0) await r.consume(queue, depth);
      },
      stop: r.stop,
    };
  });
  const kafka = lazy(stops, async () => {
    const k = await sources.startKafka({
      dir: path.join(dir, 'kafka'),
      onLog: options.onLog,
    });
    return {
      bootstrap: k.bootstrapServers,
      prepare: async (topic: string, group: string) => {
        await k.createTopic(topic, 6);
        // kfake has no offsets for a group that never committed (see tools/kafka).
        await k.consume(group, topic, 0);
      },
      produce: async (topic: string, count: number) => {
        await k.produce(topic, count);
      },
      consumeAll: async (topic: string, group: string) => {
        const lag = await k.lag(group, topic);
        if (lag > 0) await k.consume(group, topic, lag);
      },
      stop: k.stop,
    };
  });

  const postgres = lazy(stops, () => startPostgres(dir));

  return {
    prometheus,
    postgres,
    rabbitmq,
    redis,
    kafka,
    async ownPrometheus() {
      const e = await exporter();
      const p = await sources.startPrometheus({
        dir: path.join(dir, `prometheus-${++prometheusCount}`),
        scrapeTargets: [e.target],
        onLog: options.onLog,
      });
      stops.push(p.stop);
      return {
        url: p.url,
        setRate: (service: string, perSecond: number) =>
          e.setRate(service, perSecond),
        stop: p.stop,
        restart: p.restart,
      };
    },
    async ownRedis() {
      const r = await startRedis();
      stops.push(r.stop);
      return { ...redisPaths(r), stop: r.stop, restart: r.restart };
    },
    async stop() {
      for (const stop of stops.reverse()) await stop().catch(() => {});
      if (ownDir) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
