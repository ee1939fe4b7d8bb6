import { KubeConfig } from '@kubernetes/client-node';
import {
  ensureAssets,
  startControllers,
  startKubeTestEnv,
} from '@keda-portal/kube-testenv';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startKeda } from './keda';

/** The real chain: API server, controllers, fake nodes and KEDA. */
export interface KedaChain {
  /** `https://127.0.0.1:<port>` */
  server: string;
  /** Admin kubeconfig (system:masters). */
  kubeconfigPath: string;
  admin(): KubeConfig;
  /** Stops KEDA, the controllers and the API server, in that order. */
  stop(): Promise<void>;
}

export interface KedaChainOptions {
  /** Data folder; a fresh temporary one when omitted (removed on stop). */
  dir?: string;
  /** Every log line of every process, prefixed with its name. */
  onLog?: (line: string) => void;
  /** Progress of the start-up (builds, each part ready), for terminals. */
  onProgress?: (message: string) => void;
  /** Fake nodes for kwok (default 2). */
  nodes?: number;
}

/**
 * Starts kube-apiserver and etcd (kube-testenv), kube-controller-manager,
 * kube-scheduler and kwok's fake nodes, then KEDA's operator, metrics
 * adapter and admission webhooks: what a cluster with KEDA installed runs,
 * as local processes on 127.0.0.1. The first start builds the binaries from
 * Go modules (minutes); later starts take seconds.
 */
export async function startKedaChain(
  options: KedaChainOptions = {},
): Promise<KedaChain> {
  const ownDir = !options.dir;
  const dir =
    options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'keda-chain-'));
  fs.mkdirSync(dir, { recursive: true });
  const progress = options.onProgress ?? (() => {});
  const started = Date.now();
  const since = () => `${Math.round((Date.now() - started) / 1000)} s`;

  progress('API server: building or reusing kube-apiserver and etcd');
  const env = await startKubeTestEnv({
    dir: path.join(dir, 'apiserver'),
    onLog: options.onLog,
  });
  progress(`API server ready at ${env.server} (${since()})`);
  const stops: Array<() => Promise<void>> = [env.stop];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => {});
    if (ownDir) fs.rmSync(dir, { recursive: true, force: true });
  };

  try {
    progress('controllers: kube-controller-manager, kube-scheduler, kwok');
    const controllers = await startControllers(env, {
      dir: path.join(dir, 'controllers'),
      nodes: options.nodes,
      onLog: options.onLog,
    });
    stops.push(controllers.stop);
    progress(`controllers ready (${since()})`);

    progress('KEDA: building or reusing operator, adapter and webhooks');
    const { crdDir } = await ensureAssets();
    const keda = await startKeda({
      kubeconfigPath: env.kubeconfigPath,
      admin: env.adminConfig(),
      dir: path.join(dir, 'keda'),
      crdDir,
      onLog: options.onLog,
    });
    stops.push(keda.stop);
    progress(`KEDA ready (${since()})`);
  } catch (e) {
    await stopAll();
    throw e;
  }

  let stopped: Promise<void> | undefined;
  return {
    server: env.server,
    kubeconfigPath: env.kubeconfigPath,
    admin: () => env.adminConfig(),
    stop: () => (stopped ??= stopAll()),
  };
}
