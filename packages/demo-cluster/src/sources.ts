/**
 * The demo's event sources (packages/event-sources), on 127.0.0.1: a
 * request-rate exporter scraped by Prometheus, a Kafka broker, RabbitMQ and
 * Redis. The ports of the sources whose address goes into the demo GitOps
 * repository (Prometheus, Kafka) and Redis's password are chosen at the
 * first start of a data folder and kept in `<dir>/sources.json`, so the
 * repository, which outlives restarts, keeps matching the cluster; a port
 * someone else took since moves, and the caller rewrites Git (see
 * moveDemoAddresses).
 */
import {
  startKafka,
  startPrometheus,
  startRabbitMq,
  startRedis,
  startRequestRateExporter,
} from '@keda-portal/event-sources';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { DEMO_TARGETS, DemoSources } from './driver';
import { DemoValues } from './render';

/** What `<dir>/sources.json` keeps between starts. */
interface Saved {
  ports: { prometheus?: number; kafka?: number; redis?: number };
  redisPassword?: string;
  values?: Partial<DemoValues>;
}

/** The running sources. */
export interface RunningDemoSources {
  sources: DemoSources;
  /** What the examples' placeholders stand for. */
  values: DemoValues;
  /** Addresses that differ from the previous start of this folder. */
  moved: Array<{ from: string; to: string }>;
  stop(): Promise<void>;
}

/** Whether a port on 127.0.0.1 can be bound now. */
function isFree(port: number): Promise<boolean> {
  return new Promise(resolve => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

async function keptPort(port: number | undefined) {
  return port && (await isFree(port)) ? port : undefined;
}

/** The running sources behind the DemoSources interface the load driver uses. */
function demoSourcesOf(started: {
  exporter: Awaited<ReturnType<typeof startRequestRateExporter>>;
  prometheus: Awaited<ReturnType<typeof startPrometheus>>;
  kafka: Awaited<ReturnType<typeof startKafka>>;
  rabbitmq: Awaited<ReturnType<typeof startRabbitMq>>;
  redis: Awaited<ReturnType<typeof startRedis>>;
}): DemoSources {
  const { exporter, prometheus, kafka, rabbitmq, redis } = started;
  return {
    requestRate: exporter,
    prometheus,
    kafka: {
      stop: () => kafka.stop(),
      restart: () => kafka.restart(),
      lag: (group, topic) => kafka.lag(group, topic),
      produce: async (topic, count) => {
        await kafka.produce(topic, count);
      },
      consume: async (group, topic, count) => {
        await kafka.consume(group, topic, count);
      },
    },
    rabbitmq: {
      stop: () => rabbitmq.stop(),
      restart: () => rabbitmq.restart(),
      depth: queue => rabbitmq.depth(queue),
      publish: async (queue, count) => {
        await rabbitmq.publish(queue, count);
      },
      consume: async (queue, count) => {
        await rabbitmq.consume(queue, count);
      },
    },
    redis: {
      stop: () => redis.stop(),
      restart: () => redis.restart(),
      length: list => redis.length(list),
      push: async (list, count) => {
        await redis.push(list, count);
      },
      pop: async (list, count) => {
        await redis.pop(list, count);
      },
    },
  };
}

/**
 * Starts every source under `dir`, one after the other (RabbitMQ takes
 * 10-20 s to boot), with the kept ports where they are still free.
 */
export async function startDemoSources(options: {
  dir: string;
  log: (msg: string) => void;
  onLog?: (line: string) => void;
}): Promise<RunningDemoSources> {
  const { dir, log, onLog } = options;
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'sources.json');
  const saved: Saved = fs.existsSync(file)
    ? JSON.parse(fs.readFileSync(file, 'utf8'))
    : { ports: {} };
  const redisPassword = saved.redisPassword ?? randomBytes(16).toString('hex');

  const stops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => {});
  };
  try {
    const exporter = await startRequestRateExporter();
    stops.push(() => exporter.stop());
    log('starting Prometheus');
    const prometheus = await startPrometheus({
      dir: path.join(dir, 'prometheus'),
      scrapeTargets: [exporter.target],
      port: await keptPort(saved.ports.prometheus),
      onLog,
    });
    stops.push(() => prometheus.stop());
    log('starting Kafka');
    const kafka = await startKafka({
      dir: path.join(dir, 'kafka'),
      topics: [{ name: DEMO_TARGETS.topic, partitions: 6 }],
      // KEDA's kafka scaler reads a group's lag only once it has committed.
      groups: [
        { group: DEMO_TARGETS.consumerGroup, topic: DEMO_TARGETS.topic },
      ],
      port: await keptPort(saved.ports.kafka),
      onLog,
    });
    stops.push(() => kafka.stop());
    log('starting RabbitMQ (boots in 10-20 s)');
    const rabbitmq = await startRabbitMq({
      dir: path.join(dir, 'rabbitmq'),
      queues: [DEMO_TARGETS.queue],
      onLog,
    });
    stops.push(() => rabbitmq.stop());
    log('starting Redis');
    const redis = await startRedis({
      dir: path.join(dir, 'redis'),
      password: redisPassword,
      port: await keptPort(saved.ports.redis),
      onLog,
    });
    stops.push(() => redis.stop());

    const values: DemoValues = {
      DEMO_PROMETHEUS_URL: prometheus.url,
      DEMO_KAFKA_BOOTSTRAP: kafka.bootstrapServers,
      DEMO_RABBITMQ_URL: rabbitmq.amqpUrl,
      DEMO_REDIS_ADDRESS: redis.address,
      DEMO_REDIS_PASSWORD: redisPassword,
    };
    // Only these two go into Git; the others live in the cluster, which is
    // new at every start.
    const moved = (['DEMO_PROMETHEUS_URL', 'DEMO_KAFKA_BOOTSTRAP'] as const)
      .filter(k => saved.values?.[k] && saved.values[k] !== values[k])
      .map(k => ({ from: saved.values![k]!, to: values[k] }));
    const next: Saved = {
      ports: {
        prometheus: Number(new URL(prometheus.url).port),
        kafka: Number(kafka.bootstrapServers.split(':').pop()),
        redis: redis.port,
      },
      redisPassword,
      values,
    };
    fs.writeFileSync(file, `${JSON.stringify(next, null, 2)}\n`, {
      mode: 0o600,
    });

    const sources = demoSourcesOf({
      exporter,
      prometheus,
      kafka,
      rabbitmq,
      redis,
    });
    return { sources, values, moved, stop: stopAll };
  } catch (e) {
    await stopAll();
    throw e;
  }
}
