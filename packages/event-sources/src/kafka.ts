import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  checkCount,
  freePort,
  httpJson,
  Program,
  SourceHandle,
  SourceOptions,
  waitUntil,
} from './program';

/**
 * The repository root, found from this file's location (this package runs
 * from source only: tests and the demo).
 */
// eslint-disable-next-line no-restricted-syntax
const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

let binary: Promise<string> | undefined;

/**
 * Builds tools/kafka with its build.sh (cached under
 * ~/.cache/keda-portal/kafka; a cold build takes about 2 minutes) and
 * resolves with the path of `kafka-broker`.
 */
export function ensureKafkaBroker(): Promise<string> {
  binary ??= (async () => {
    const script = path.join(REPO_ROOT, 'tools', 'kafka', 'build.sh');
    const { stdout } = await promisify(execFile)('bash', [script], {
      maxBuffer: 16 * 1024 * 1024,
      timeout: 30 * 60_000,
    });
    const bin = /^bin=(.*)$/m.exec(stdout)?.[1];
    if (!bin) {
      throw new Error(`tools/kafka/build.sh printed no bin= line:\n${stdout}`);
    }
    return path.join(bin, 'kafka-broker');
  })();
  binary.catch(() => {
    binary = undefined;
  });
  return binary;
}

function checkTopic(field: string, name: string, partitions: number) {
  if (
    !/^[A-Za-z0-9._-]+$/.test(name) ||
    !Number.isInteger(partitions) ||
    partitions < 1
  ) {
    throw new Error(
      `${field}: ${JSON.stringify({
        name,
        partitions,
      })} needs a name of letters, digits, . _ - and a whole number of partitions >= 1, e.g. { name: "orders", partitions: 6 }`,
    );
  }
}

/** Options of {@link startKafka}. */
export interface KafkaOptions extends SourceOptions {
  /** Topics to create unless they exist (more with `createTopic`). */
  topics?: Array<{ name: string; partitions: number }>;
  /**
   * Consumer groups to start at the topics' beginning (commit the start
   * offsets). kfake answers GROUP_ID_NOT_FOUND for a group that never
   * committed, where Kafka answers offset -1; KEDA's scaler would report an
   * error instead of a lag, so give the groups KEDA's triggers name here.
   */
  groups?: Array<{ group: string; topic: string }>;
  /** Kafka port on 127.0.0.1; a free one when omitted. */
  port?: number;
}

/** One partition in a {@link KafkaLag} report. */
export interface KafkaPartitionLag {
  partition: number;
  start: number;
  end: number;
  /** -1 when the group never committed this partition. */
  committed: number;
  lag: number;
}

/** A consumer group's lag on a topic. */
export interface KafkaLag {
  group: string;
  topic: string;
  lag: number;
  partitions: KafkaPartitionLag[];
}

/** A running Kafka-protocol broker with a load client. */
export interface KafkaSource extends SourceHandle {
  /** `127.0.0.1:PORT`: KEDA's kafka trigger `bootstrapServers`. */
  bootstrapServers: string;
  /** `http://127.0.0.1:PORT`: the broker's control API (tools/kafka/README.md). */
  controlUrl: string;
  /** Creates a topic unless it exists (kept in `dir` like the others); resolves with whether it was new. */
  createTopic(topic: string, partitions: number): Promise<boolean>;
  /** Appends `count` records to `topic`, round-robin over its partitions. */
  produce(topic: string, count: number): Promise<number>;
  /** Commits `count` more records of `topic` as consumed by `group` (its lag drops by that much, down to 0). */
  consume(group: string, topic: string, count: number): Promise<number>;
  /** The group's total lag on the topic: what KEDA's kafka scaler sums. */
  lag(group: string, topic: string): Promise<number>;
  /** The same, per partition. */
  lagReport(group: string, topic: string): Promise<KafkaLag>;
}

/**
 * Starts tools/kafka's `kafka-broker` (franz-go's kfake, one broker) on
 * 127.0.0.1 with its data in `dir`. Builds it on first use.
 */
export async function startKafka(options: KafkaOptions): Promise<KafkaSource> {
  const topics = options.topics ?? [];
  topics.forEach(t => checkTopic('topics', t.name, t.partitions));
  const bin = await ensureKafkaBroker();
  fs.mkdirSync(options.dir, { recursive: true });
  const port = options.port || (await freePort());
  const controlPort = await freePort();
  const bootstrapServers = `127.0.0.1:${port}`;
  const controlUrl = `http://127.0.0.1:${controlPort}`;
  const q = (params: Record<string, string | number>) =>
    new URLSearchParams(
      Object.entries(params).map(([k, v]) => [k, String(v)]),
    ).toString();

  const consume = async (group: string, topic: string, count: number) => {
    checkCount('consume: count', count);
    const res = await httpJson<{ consumed: number }>(
      `${controlUrl}/consume?${q({ group, topic, count })}`,
      { method: 'POST' },
    );
    return res.consumed;
  };
  const lagReport = (group: string, topic: string) =>
    httpJson<KafkaLag>(`${controlUrl}/lag?${q({ group, topic })}`);

  let program: Program | undefined;
  const start = async () => {
    const p = new Program(
      'kafka',
      bin,
      [
        '--dir',
        options.dir,
        '--port',
        String(port),
        '--control-port',
        String(controlPort),
        ...topics.flatMap(t => ['--topic', `${t.name}:${t.partitions}`]),
      ],
      { onLog: options.onLog },
    );
    program = p;
    try {
      await waitUntil(
        `kafka broker on ${bootstrapServers}`,
        async () =>
          (
            await httpJson<{ ok: boolean }>(`${controlUrl}/healthz`)
          ).ok,
        { timeoutMs: 60_000, intervalMs: 100, alive: () => p.deadReason() },
      );
      for (const g of options.groups ?? []) {
        await consume(g.group, g.topic, 0);
      }
    } catch (e) {
      await p.stop(1000);
      throw e;
    }
  };
  await start();

  return {
    bootstrapServers,
    controlUrl,
    async createTopic(topic, partitions) {
      checkTopic('createTopic', topic, partitions);
      const res = await httpJson<{ created: boolean }>(
        `${controlUrl}/topics?${q({ topic, partitions })}`,
        { method: 'POST' },
      );
      return res.created;
    },
    async produce(topic, count) {
      checkCount('produce: count', count);
      const res = await httpJson<{ produced: number }>(
        `${controlUrl}/produce?${q({ topic, count })}`,
        { method: 'POST' },
      );
      return res.produced;
    },
    consume,
    async lag(group, topic) {
      return (await lagReport(group, topic)).lag;
    },
    lagReport,
    async stop() {
      await program?.stop();
    },
    async restart() {
      await program?.stop();
      await start();
    },
  };
}
