import {
  CoreV1Api,
  KubeConfig,
  PatchStrategy,
  setHeaderOptions,
  V1Node,
} from '@kubernetes/client-node';
import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import path from 'node:path';
import { type ControllerBinaries, ensureControllerBinaries } from './binaries';

/** The API server the controllers work for (a `KubeTestEnv` fits). */
export interface ControllersEnv {
  /** Admin kubeconfig (system:masters); every component authenticates with it. */
  kubeconfigPath: string;
  /** `https://127.0.0.1:<port>` */
  server: string;
}

export interface ControllersOptions {
  /** Folder for the components' serving certificates and kwok's home. */
  dir: string;
  /** How many fake nodes kwok runs (default 2). */
  nodes?: number;
  /** Called with every line a component logs, prefixed with its name. */
  onLog?: (line: string) => void;
  /** `--horizontal-pod-autoscaler-sync-period` (default `5s`). */
  hpaSyncPeriod?: string;
  /**
   * `--horizontal-pod-autoscaler-downscale-stabilization` for HPAs without
   * their own `behavior`; Kubernetes' default (`5m0s`) when omitted.
   */
  hpaDownscaleStabilization?: string;
  /** How long to wait for the components and the nodes (default 2 minutes; builds come on top). */
  readyTimeoutMs?: number;
}

/** Running controllers, scheduler and fake nodes. */
export interface Controllers {
  /** Names of the fake nodes kwok manages. */
  nodeNames: string[];
  /** Kills kube-controller-manager, kube-scheduler and kwok. The Node objects stay. */
  stop(): Promise<void>;
}

/**
 * The controllers a scaled workload needs. No node-lifecycle controller: kwok
 * runs without heartbeats, which that controller would take for dead nodes.
 * No serviceaccount controllers: the API server runs without the ServiceAccount
 * admission plugin, so pods need no ServiceAccount object or token.
 */
export const CONTROLLERS = [
  'deployment-controller',
  'replicaset-controller',
  'job-controller',
  'horizontal-pod-autoscaler-controller',
  'garbage-collector-controller',
  'namespace-controller',
];

/** What kwok manages nodes by (its documented annotation). */
export const KWOK_NODE_ANNOTATION = 'kwok.x-k8s.io/node';

/** Capacity of each fake node: far more than any test or the demo asks for. */
const NODE_CAPACITY = { cpu: '64', memory: '256Gi', pods: '250' };

/** A free TCP port on 127.0.0.1 (the OS picks; closed again before use). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

interface Component {
  name: string;
  child: ChildProcess;
  exited: Promise<void>;
  /** The last lines it logged, for error messages. */
  tail(): string;
  stop(): Promise<void>;
}

function startComponent(
  name: string,
  command: string,
  args: string[],
  options: { onLog?: (line: string) => void; env?: NodeJS.ProcessEnv },
): Component {
  const child = spawn(command, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: options.env ?? process.env,
  });
  let tail = '';
  let stopping = false;
  const onData = (chunk: Buffer) => {
    const text = chunk.toString();
    tail = (tail + text).slice(-6000);
    if (options.onLog) {
      text
        .split('\n')
        .filter(Boolean)
        .forEach(line => options.onLog!(`[${name}] ${line}`));
    }
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<void>(resolve =>
    child.once('exit', (code, signal) => {
      if (!stopping) {
        options.onLog?.(`[${name}] exited (code ${code}, signal ${signal})`);
      }
      resolve();
    }),
  );
  return {
    name,
    child,
    exited,
    tail: () => tail,
    async stop() {
      stopping = true;
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}

function gone(component: Component): boolean {
  return (
    component.child.exitCode !== null || component.child.signalCode !== null
  );
}

/** GET https://127.0.0.1:port/healthz (self-signed serving certificate). */
function healthz(port: number): Promise<boolean> {
  return new Promise(resolve => {
    const req = https.get(
      {
        host: '127.0.0.1',
        port,
        path: '/healthz',
        rejectUnauthorized: false,
        timeout: 2_000,
      },
      res => {
        res.resume();
        resolve(res.statusCode === 200);
      },
    );
    req.on('error', () => resolve(false));
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
  });
}

/** Polls until `fn` is true; fails early when a component has died. */
async function waitFor(
  what: string,
  fn: () => Promise<boolean>,
  deadline: number,
  components: Component[],
): Promise<void> {
  for (;;) {
    const dead = components.find(gone);
    if (dead) {
      throw new Error(
        `${dead.name} exited while waiting for ${what}\n${dead.tail()}`,
      );
    }
    if (await fn()) return;
    if (Date.now() > deadline) {
      const tails = components
        .map(c => `--- ${c.name}\n${c.tail()}`)
        .join('\n');
      throw new Error(`${what} was not ready in time\n${tails}`);
    }
    await new Promise(r => setTimeout(r, 250));
  }
}

function fakeNode(name: string): V1Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      annotations: { [KWOK_NODE_ANNOTATION]: 'fake' },
      labels: {
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        type: 'kwok',
      },
    },
    // The node stage fills in conditions, addresses and nodeInfo; capacity
    // set here is kept (kwok only defaults it when absent).
    status: { capacity: NODE_CAPACITY, allocatable: NODE_CAPACITY },
  };
}

function isReady(node: V1Node): boolean {
  return Boolean(
    node.status?.conditions?.some(
      c => c.type === 'Ready' && c.status === 'True',
    ),
  );
}

/**
 * Creates the fake nodes (or keeps them if they exist, e.g. after a restart)
 * and removes the `node.kubernetes.io/not-ready` taint that the API server's
 * TaintNodesByCondition admission adds to every new Node. In a real cluster
 * the node-lifecycle controller lifts it once the kubelet reports Ready; we
 * run without that controller (see CONTROLLERS), so we lift it ourselves,
 * otherwise the scheduler would place no pod.
 */
async function ensureNodes(core: CoreV1Api, names: string[]): Promise<void> {
  for (const name of names) {
    try {
      await core.createNode({ body: fakeNode(name) });
    } catch (e: any) {
      if (e?.code !== 409) throw e;
    }
    const node = await core.readNode({ name });
    const taints = node.spec?.taints ?? [];
    const kept = taints.filter(t => t.key !== 'node.kubernetes.io/not-ready');
    if (kept.length !== taints.length) {
      await core.patchNode(
        { name, body: { spec: { taints: kept.length ? kept : null } } },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      );
    }
  }
}
/** What every component's command line is built from. */
interface Launch {
  binaries: ControllerBinaries;
  kubeconfig: string;
  dir: string;
  options: ControllersOptions;
}

/** kwok, playing kubelet for the nodes annotated as its own. */
function startKwok({ binaries, kubeconfig, dir, options }: Launch): Component {
  const kwokHome = path.join(dir, 'kwok');
  fs.mkdirSync(kwokHome, { recursive: true });
  return startComponent(
    'kwok',
    binaries.kwok,
    [
      `--kubeconfig=${kubeconfig}`,
      ...binaries.kwokStageFiles.map(f => `--config=${f}`),
      `--manage-nodes-with-annotation-selector=${KWOK_NODE_ANNOTATION}=fake`,
      // Pod IPs are only written into status; nothing connects to them.
      '--cidr=10.244.0.0/16',
      // The nodes' InternalIP: loopback, so anything that follows it
      // (logs, exec) stays on this machine.
      '--node-ip=127.0.0.1',
    ],
    // HOME: kwok also reads ~/.kwok/kwok.yaml; keep it out of the tests.
    { onLog: options.onLog, env: { ...process.env, HOME: kwokHome } },
  );
}

/** kube-scheduler serving /healthz on `port`. */
function startScheduler(
  { binaries, kubeconfig, dir, options }: Launch,
  port: number,
): Component {
  return startComponent(
    'kube-scheduler',
    binaries.kubeScheduler,
    [
      `--kubeconfig=${kubeconfig}`,
      `--authentication-kubeconfig=${kubeconfig}`,
      `--authorization-kubeconfig=${kubeconfig}`,
      '--leader-elect=false',
      '--bind-address=127.0.0.1',
      `--secure-port=${port}`,
      `--cert-dir=${path.join(dir, 'kube-scheduler')}`,
    ],
    { onLog: options.onLog },
  );
}

/** kube-controller-manager with the CONTROLLERS, serving /healthz on `port`. */
function startControllerManager(
  { binaries, kubeconfig, dir, options }: Launch,
  port: number,
): Component {
  return startComponent(
    'kube-controller-manager',
    binaries.kubeControllerManager,
    [
      `--kubeconfig=${kubeconfig}`,
      `--authentication-kubeconfig=${kubeconfig}`,
      `--authorization-kubeconfig=${kubeconfig}`,
      '--leader-elect=false',
      `--controllers=${CONTROLLERS.join(',')}`,
      '--bind-address=127.0.0.1',
      `--secure-port=${port}`,
      `--cert-dir=${path.join(dir, 'kube-controller-manager')}`,
      // Kubernetes' default is 15s. 5s lets the HPA take up a new metric
      // value (and KEDA's fallback or activation) within seconds, so
      // tests wait less and the demo reacts while one watches; the cost
      // is one metrics query per HPA every 5 s, nothing on loopback.
      `--horizontal-pod-autoscaler-sync-period=${
        options.hpaSyncPeriod ?? '5s'
      }`,
      ...(options.hpaDownscaleStabilization
        ? [
            `--horizontal-pod-autoscaler-downscale-stabilization=${options.hpaDownscaleStabilization}`,
          ]
        : []),
    ],
    { onLog: options.onLog },
  );
}

/** Waits for both components' /healthz, then for every node to be Ready. */
async function waitUntilReady(
  ports: { scheduler: number; kcm: number },
  core: CoreV1Api,
  nodeNames: string[],
  deadline: number,
  components: Component[],
): Promise<void> {
  await waitFor(
    'kube-scheduler /healthz',
    () => healthz(ports.scheduler),
    deadline,
    components,
  );
  await waitFor(
    'kube-controller-manager /healthz',
    () => healthz(ports.kcm),
    deadline,
    components,
  );
  await waitFor(
    `nodes ${nodeNames.join(', ')} Ready`,
    async () => {
      const nodes = await Promise.all(
        nodeNames.map(name => core.readNode({ name })),
      );
      return nodes.every(isReady);
    },
    deadline,
    components,
  );
}

/**
 * Starts, on loopback, what makes the API server behave like a cluster:
 * kube-controller-manager (the controllers in CONTROLLERS), kube-scheduler
 * and kwok with `nodes` fake Nodes. kwok plays kubelet with its own stages
 * (tools/kwok): scheduled pods become Running and Ready after 1-5 s each
 * step, pods owned by a Job then Succeed after another 1-5 s, deleted pods
 * disappear within their grace period. Pod annotations change a step's
 * timing, e.g. `pod-complete.stage.kwok.x-k8s.io/delay: 30s` together with
 * `pod-complete.stage.kwok.x-k8s.io/jitter-delay: 35s` keeps a Job's pod
 * running for 30-35 s (see tools/kwok/README.md).
 * Resolves once both components answer /healthz and every node is Ready.
 */
export async function startControllers(
  env: ControllersEnv,
  options: ControllersOptions,
): Promise<Controllers> {
  const binaries = await ensureControllerBinaries();
  const nodeCount = options.nodes ?? 2;
  if (!Number.isInteger(nodeCount) || nodeCount < 1) {
    throw new Error(
      `startControllers: nodes is ${options.nodes}; give a whole number of at least 1`,
    );
  }
  const nodeNames = Array.from(
    { length: nodeCount },
    (_, i) => `kwok-node-${i}`,
  );
  const { dir } = options;
  fs.mkdirSync(dir, { recursive: true });
  const kubeconfig = env.kubeconfigPath;
  const deadline = Date.now() + (options.readyTimeoutMs ?? 2 * 60_000);
  const launch: Launch = { binaries, kubeconfig, dir, options };

  const components: Component[] = [];
  const stopAll = async () => {
    await Promise.all(components.map(c => c.stop()));
  };

  try {
    // One at a time, so a failure stops exactly those already started.
    components.push(startKwok(launch));
    const schedulerPort = await freePort();
    components.push(startScheduler(launch, schedulerPort));
    const kcmPort = await freePort();
    components.push(startControllerManager(launch, kcmPort));

    const kc = new KubeConfig();
    kc.loadFromFile(kubeconfig);
    const core = kc.makeApiClient(CoreV1Api);
    await ensureNodes(core, nodeNames);
    await waitUntilReady(
      { scheduler: schedulerPort, kcm: kcmPort },
      core,
      nodeNames,
      deadline,
      components,
    );
  } catch (e) {
    await stopAll();
    throw e;
  }

  let stopped: Promise<void> | undefined;
  return {
    nodeNames,
    stop() {
      stopped ??= stopAll();
      return stopped;
    },
  };
}
