import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { amqpPublish, amqpQueueDeclarePassive } from './amqp';
import {
  checkCount,
  findProgram,
  freePort,
  httpJson,
  Program,
  SourceHandle,
  SourceOptions,
  waitUntil,
} from './program';

/** Options of {@link startRabbitMq}. */
export interface RabbitMqOptions extends SourceOptions {
  /** Durable queues to declare once it runs (KEDA's amqp mode needs the queue to exist). */
  queues?: string[];
  /** The user's password on the first start of a `dir`; a random one (kept in `dir`) when omitted. */
  password?: string;
  /** AMQP port on 127.0.0.1; a free one when omitted (the others are always free ones). */
  port?: number;
  /** How long to wait for the node to boot; default 3 minutes. */
  readyTimeoutMs?: number;
}

/** A running RabbitMQ node with a load client. */
export interface RabbitMqSource extends SourceHandle {
  /** `amqp://user:pass@127.0.0.1:PORT/vhost`: KEDA's rabbitmq trigger `host` with `protocol: amqp`. */
  amqpUrl: string;
  /** `http://127.0.0.1:PORT`: the management API and UI (basic auth with user and password). */
  managementUrl: string;
  /** `http://user:pass@127.0.0.1:PORT/vhost`: KEDA's trigger `host` with `protocol: http`. */
  httpUrl: string;
  user: string;
  password: string;
  vhost: string;
  /** Declares a durable queue (no-op if it exists). */
  declareQueue(queue: string): Promise<void>;
  /** Publishes `count` persistent messages to `queue` (declared first) over AMQP with confirms; resolves with how many were routed. */
  publish(queue: string, count: number): Promise<number>;
  /** Takes up to `count` messages off `queue` (acknowledged, gone); resolves with how many it took. */
  consume(queue: string, count: number): Promise<number>;
  /**
   * Ready messages in `queue`, asked over AMQP with a passive declare, exactly
   * as KEDA's scaler does with `protocol: amqp` (the management API's counts
   * lag by up to its 1 s statistics interval).
   */
  depth(queue: string): Promise<number>;
}

const VHOST = 'keda';
const USER = 'keda';

function erlangString(value: string): string {
  if (!/^[A-Za-z0-9._-]+$/.test(value)) {
    throw new Error(
      `RabbitMQ password: "${value}" has characters outside A-Z a-z 0-9 . _ -: choose a simpler password`,
    );
  }
  return value;
}

/** The node's start script and epmd, from Debian's rabbitmq-server and erlang-base. */
function rabbitPrograms() {
  const server = findProgram(
    'rabbitmq-server',
    ['/usr/lib/rabbitmq/bin/rabbitmq-server'],
    'rabbitmq-server',
  );
  // Debian's /usr/sbin/rabbitmq-server switches to the rabbitmq user; the
  // script under /usr/lib runs the node as we are, with our environment.
  const script = fs.existsSync('/usr/lib/rabbitmq/bin/rabbitmq-server')
    ? '/usr/lib/rabbitmq/bin/rabbitmq-server'
    : server;
  const epmd = findProgram('epmd', ['/usr/bin/epmd'], 'erlang-base');
  return { script, epmd };
}

/**
 * The user's password: the option or the one `dir` was first started with
 * (they must agree: the node creates the user on its first boot only), else
 * a random one; kept in `dir`.
 */
function resolvePassword(dir: string, option: string | undefined): string {
  const credentialsFile = path.join(dir, 'credentials.json');
  const saved = fs.existsSync(credentialsFile)
    ? (JSON.parse(fs.readFileSync(credentialsFile, 'utf8')) as {
        password: string;
      })
    : undefined;
  const password = erlangString(
    option ?? saved?.password ?? randomBytes(12).toString('hex'),
  );
  if (saved && option && saved.password !== option) {
    throw new Error(
      `password: ${dir} already holds a node whose user was created with another password; use that one (in credentials.json) or a new dir`,
    );
  }
  fs.writeFileSync(credentialsFile, JSON.stringify({ user: USER, password }), {
    mode: 0o600,
  });
  return password;
}

interface NodePorts {
  amqpPort: number;
  managementPort: number;
  distPort: number;
  epmdPort: number;
}

/** Writes rabbitmq.conf, enabled_plugins and an empty env file; returns the config path. */
function writeNodeFiles(
  dir: string,
  ports: NodePorts,
  password: string,
): string {
  const configFile = path.join(dir, 'rabbitmq.conf');
  fs.writeFileSync(
    configFile,
    [
      `listeners.tcp.1 = 127.0.0.1:${ports.amqpPort}`,
      'management.tcp.ip = 127.0.0.1',
      `management.tcp.port = ${ports.managementPort}`,
      // Created on the first boot of this dir only.
      `default_vhost = ${VHOST}`,
      `default_user = ${USER}`,
      `default_pass = ${password}`,
      'default_user_tags.administrator = true',
      'loopback_users = none',
      // Queue counts in the management API refresh every second (default 5 s).
      'collect_statistics_interval = 1000',
      'log.console = true',
      'log.console.level = info',
      'log.file = false',
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  fs.writeFileSync(
    path.join(dir, 'enabled_plugins'),
    '[rabbitmq_management].\n',
  );
  // An empty env file, so Debian's /etc/rabbitmq/rabbitmq-env.conf is not read.
  fs.writeFileSync(path.join(dir, 'rabbitmq-env.conf'), '');
  return configFile;
}

/** The environment that keeps the node, its epmd and its files to `dir` and 127.0.0.1. */
function nodeEnv(
  dir: string,
  ports: NodePorts,
  nodeName: string,
  configFile: string,
): NodeJS.ProcessEnv {
  return {
    ...process.env,
    // The Erlang cookie (.erlang.cookie) goes to $HOME.
    HOME: dir,
    ERL_EPMD_ADDRESS: '127.0.0.1',
    ERL_EPMD_PORT: String(ports.epmdPort),
    ERL_CRASH_DUMP: path.join(dir, 'erl_crash.dump'),
    RABBITMQ_CONF_ENV_FILE: path.join(dir, 'rabbitmq-env.conf'),
    RABBITMQ_NODENAME: nodeName,
    RABBITMQ_NODE_IP_ADDRESS: '127.0.0.1',
    RABBITMQ_NODE_PORT: String(ports.amqpPort),
    RABBITMQ_DIST_PORT: String(ports.distPort),
    RABBITMQ_CONFIG_FILE: configFile,
    RABBITMQ_ADVANCED_CONFIG_FILE: path.join(dir, 'advanced.config'),
    RABBITMQ_ENABLED_PLUGINS_FILE: path.join(dir, 'enabled_plugins'),
    RABBITMQ_MNESIA_BASE: path.join(dir, 'mnesia'),
    RABBITMQ_LOG_BASE: path.join(dir, 'log'),
    RABBITMQ_PID_FILE: path.join(dir, 'rabbitmq.pid'),
    RABBITMQ_LOGS: '-',
    // Erlang distribution on loopback only (it listens on all addresses otherwise).
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS:
      '-kernel inet_dist_use_interface {127,0,0,1}',
  };
}

type ManagementApi = <T>(p: string, init?: RequestInit) => Promise<T>;

/** Calls to the management API as the node's user. */
function managementApi(managementUrl: string, password: string): ManagementApi {
  const auth = `Basic ${Buffer.from(`${USER}:${password}`).toString('base64')}`;
  return <T>(p: string, init: RequestInit = {}) =>
    httpJson<T>(`${managementUrl}/api${p}`, {
      ...init,
      headers: { authorization: auth, 'content-type': 'application/json' },
    });
}

function queuePath(queue: string) {
  if (!queue) {
    throw new Error('queue: give a queue name, e.g. "emails"');
  }
  return `/queues/${encodeURIComponent(VHOST)}/${encodeURIComponent(queue)}`;
}

/** What one start of the node needs. */
interface NodeLaunch {
  dir: string;
  script: string;
  epmd: string;
  epmdPort: number;
  amqpPort: number;
  nodeName: string;
  env: NodeJS.ProcessEnv;
  api: ManagementApi;
  options: RabbitMqOptions;
}

/** Our own epmd, so the node never starts a daemonized one we could not stop. */
function spawnEpmd(launch: NodeLaunch): Program {
  return new Program(
    'epmd',
    launch.epmd,
    ['-port', String(launch.epmdPort), '-address', '127.0.0.1'],
    { env: launch.env, onLog: launch.options.onLog },
  );
}

/** The node, through the start script (not yet waited for). */
function spawnRabbit(launch: NodeLaunch): Program {
  const { dir } = launch;
  const pidFile = path.join(dir, 'rabbitmq.pid');
  fs.rmSync(pidFile, { force: true });
  return new Program('rabbitmq', launch.script, [], {
    cwd: dir,
    env: launch.env,
    onLog: launch.options.onLog,
    // The Erlang VM under the script, from the pid file it writes.
    alsoKill: () => {
      const pid = Number(fs.readFileSync(pidFile, 'utf8').trim());
      const args = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      const ours =
        args[0].endsWith('beam.smp') && args[args.indexOf('-home') + 1] === dir;
      return ours ? [pid] : [];
    },
  });
}

/** Waits until the management API answers and the AMQP port accepts connections. */
async function waitForNode(
  launch: NodeLaunch,
  programs: { epmd: Program; node: Program },
) {
  await waitUntil(
    `rabbitmq node ${launch.nodeName}`,
    async () => {
      await launch.api('/overview');
      // AMQP listeners open after the management plugin: wait for both.
      await new Promise<void>((resolve, reject) => {
        const s = net.connect(launch.amqpPort, '127.0.0.1', () => {
          s.destroy();
          resolve();
        });
        s.once('error', reject);
      });
      return true;
    },
    {
      timeoutMs: launch.options.readyTimeoutMs ?? 3 * 60_000,
      intervalMs: 250,
      alive: () => programs.node.deadReason() ?? programs.epmd.deadReason(),
    },
  );
}

/**
 * Starts Debian's rabbitmq-server as a node of our own: node name
 * `keda-portal-<hash of dir>@localhost`, its own epmd on a free port bound
 * to 127.0.0.1 (ERL_EPMD_ADDRESS/ERL_EPMD_PORT, so a system RabbitMQ or epmd
 * on 4369 is neither used nor disturbed), Erlang distribution, AMQP and the
 * management plugin all on 127.0.0.1, configuration, mnesia, logs and the
 * Erlang cookie under `dir`. Boots in 10-20 s.
 */
export async function startRabbitMq(
  options: RabbitMqOptions,
): Promise<RabbitMqSource> {
  const { script, epmd } = rabbitPrograms();
  const dir = path.resolve(options.dir);
  fs.mkdirSync(dir, { recursive: true });
  const password = resolvePassword(dir, options.password);

  const [amqpPort, managementPort, distPort, epmdPort] = [
    options.port || (await freePort()),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  const ports = { amqpPort, managementPort, distPort, epmdPort };
  const nodeName = `keda-portal-${createHash('sha256')
    .update(dir)
    .digest('hex')
    .slice(0, 10)}@localhost`;
  const configFile = writeNodeFiles(dir, ports, password);
  const env = nodeEnv(dir, ports, nodeName, configFile);

  const managementUrl = `http://127.0.0.1:${managementPort}`;
  const api = managementApi(managementUrl, password);
  const amqpUrl = `amqp://${USER}:${password}@127.0.0.1:${amqpPort}/${VHOST}`;

  const declareQueue = async (queue: string) => {
    await api(queuePath(queue), {
      method: 'PUT',
      body: JSON.stringify({ durable: true, auto_delete: false }),
    });
  };

  const launch: NodeLaunch = {
    dir,
    script,
    epmd,
    epmdPort,
    amqpPort,
    nodeName,
    env,
    api,
    options,
  };
  let epmdProgram: Program | undefined;
  let node: Program | undefined;
  const start = async () => {
    const e = spawnEpmd(launch);
    epmdProgram = e;
    const n = spawnRabbit(launch);
    node = n;
    try {
      await waitForNode(launch, { epmd: e, node: n });
      for (const queue of options.queues ?? []) {
        await declareQueue(queue);
      }
    } catch (err) {
      await n.stop(1000);
      await e.stop(1000);
      throw err;
    }
  };
  const stop = async () => {
    // The script traps SIGTERM and stops the node gracefully (about 5-10 s).
    await node?.stop(30_000);
    await epmdProgram?.stop(2_000);
  };
  await start();

  return {
    amqpUrl,
    managementUrl,
    httpUrl: `http://${USER}:${password}@127.0.0.1:${managementPort}/${VHOST}`,
    user: USER,
    password,
    vhost: VHOST,
    declareQueue,
    async publish(queue, count) {
      checkCount('publish: count', count);
      await declareQueue(queue);
      const at = new Date().toISOString();
      return amqpPublish(
        amqpUrl,
        queue,
        Array.from({ length: count }, (_, n) => JSON.stringify({ n, at })),
      );
    },
    async consume(queue, count) {
      checkCount('consume: count', count);
      if (count === 0) {
        return 0;
      }
      const got = await api<unknown[]>(`${queuePath(queue)}/get`, {
        method: 'POST',
        body: JSON.stringify({
          count,
          ackmode: 'ack_requeue_false',
          encoding: 'auto',
          truncate: 100,
        }),
      });
      return got.length;
    },
    async depth(queue) {
      return (await amqpQueueDeclarePassive(amqpUrl, queue)).messageCount;
    },
    stop,
    async restart() {
      await stop();
      await start();
    },
  };
}
