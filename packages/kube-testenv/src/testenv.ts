import {
  CoreV1Api,
  KubeConfig,
  KubernetesObject,
  KubernetesObjectApi,
  PatchStrategy,
} from '@kubernetes/client-node';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ensureAssets, REPO_ROOT } from './binaries';
import { createCa, issueCertificate } from './certs';

/** A running API server. */
export interface KubeTestEnv {
  /** `https://127.0.0.1:<port>` */
  server: string;
  /** Kubeconfig of a cluster admin (system:masters). */
  kubeconfigPath: string;
  /** Bearer token of that admin. */
  adminToken: string;
  /** Client config for the admin. */
  adminConfig(): KubeConfig;
  /** Stops the API server and etcd and removes the data folder (if it made it). */
  stop(): Promise<void>;
  /**
   * Kills the process with SIGKILL, like a crash: no graceful shutdown, open
   * watches break, the data folder stays. Start again with the same `dir` and
   * `port` to get the same cluster back. Resolves once the process is gone.
   */
  kill(): Promise<void>;
}

export interface StartOptions {
  /** Data folder; a fresh temporary one when omitted (and removed on stop). */
  dir?: string;
  /** Secure port; 0 or omitted picks a free one. */
  port?: number;
  /** Called with every line the server logs, for debugging. */
  onLog?: (line: string) => void;
  /** How long to wait for readiness; a cold build of the binaries comes on top. */
  readyTimeoutMs?: number;
  /** Extra kube-apiserver flags, e.g. `--etcd-compaction-interval=5s`. */
  apiserverArgs?: string[];
}

/**
 * Front-proxy (request-header) certificates, so the API server can proxy
 * aggregated APIs such as KEDA's external metrics server, which trusts the
 * `front-proxy-client` certificate through the CA the API server publishes in
 * kube-system/extension-apiserver-authentication.
 */
function aggregationArgs(dir: string): string[] {
  const pki = path.join(dir, 'front-proxy');
  const ca = createCa(pki, 'front-proxy-ca');
  const client = issueCertificate(ca, pki, 'front-proxy-client', {
    commonName: 'front-proxy-client',
    usage: ['client'],
  });
  // A client CA too: without it the API server publishes no client-ca-file
  // and every aggregated server logs an error about it on each resync.
  const clientCa = createCa(pki, 'client-ca');
  return [
    `--client-ca-file=${clientCa.certFile}`,
    `--requestheader-client-ca-file=${ca.certFile}`,
    '--requestheader-allowed-names=front-proxy-client',
    '--requestheader-username-headers=X-Remote-User',
    '--requestheader-group-headers=X-Remote-Group',
    '--requestheader-extra-headers-prefix=X-Remote-Extra-',
    `--proxy-client-cert-file=${client.certFile}`,
    `--proxy-client-key-file=${client.keyFile}`,
  ];
}

/**
 * Starts etcd and kube-apiserver (one process, loopback only) with RBAC and
 * token authentication, installs KEDA's CRDs and waits until they are served.
 */
export async function startKubeTestEnv(
  options: StartOptions = {},
): Promise<KubeTestEnv> {
  const { binDir, crdDir } = await ensureAssets();
  const ownDir = !options.dir;
  const dir =
    options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'kube-testenv-'));
  fs.mkdirSync(dir, { recursive: true });

  const child = spawn(
    path.join(binDir, 'kube-testenv'),
    [
      '--dir',
      dir,
      '--port',
      String(options.port ?? 0),
      '--crd-dir',
      crdDir,
      '--insecure-kubeconfig',
      '--',
      ...aggregationArgs(dir),
      ...(options.apiserverArgs ?? []),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );

  let stderrTail = '';
  child.stderr.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    stderrTail = (stderrTail + text).slice(-8000);
    if (options.onLog) {
      text.split('\n').filter(Boolean).forEach(options.onLog);
    }
  });

  const exited = new Promise<number | null>(resolve =>
    child.once('exit', code => resolve(code)),
  );

  const ready = await new Promise<{
    server: string;
    kubeconfig: string;
    token: string;
  }>((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`kube-testenv was not ready in time\n${stderrTail}`));
    }, options.readyTimeoutMs ?? 4 * 60_000);
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      for (const line of buffer.split('\n').slice(0, -1)) {
        try {
          const event = JSON.parse(line);
          if (event.event === 'ready') {
            clearTimeout(timer);
            resolve(event);
          }
        } catch {
          // not a JSON line
        }
      }
      buffer = buffer.slice(buffer.lastIndexOf('\n') + 1);
    });
    void exited.then(code => {
      clearTimeout(timer);
      reject(
        new Error(
          `kube-testenv exited (${code}) before it was ready\n${stderrTail}`,
        ),
      );
    });
  });

  let stopped: Promise<void> | undefined;
  return {
    server: ready.server,
    kubeconfigPath: ready.kubeconfig,
    adminToken: ready.token,
    adminConfig() {
      const kc = new KubeConfig();
      kc.loadFromFile(ready.kubeconfig);
      return kc;
    },
    stop() {
      stopped ??= (async () => {
        if (child.exitCode === null) {
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
          await exited;
          clearTimeout(timer);
        }
        if (ownDir) {
          fs.rmSync(dir, { recursive: true, force: true });
        }
      })();
      return stopped;
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
      }
      await exited;
    },
  };
}

/** Reads every YAML document of a file or of each `*.yaml` file in a folder. */
export function readManifests(fileOrDir: string): KubernetesObject[] {
  const files = fs.statSync(fileOrDir).isDirectory()
    ? fs
        .readdirSync(fileOrDir)
        .filter(f => /\.ya?ml$/.test(f))
        .sort()
        .map(f => path.join(fileOrDir, f))
    : [fileOrDir];
  return files.flatMap(file =>
    parseAllDocuments(fs.readFileSync(file, 'utf8'))
      .map(doc => doc.toJS() as KubernetesObject | null)
      .filter((o): o is KubernetesObject => Boolean(o?.kind)),
  );
}

/**
 * Server-side applies objects in order (namespaces and CRD-typed objects
 * last-writer-wins, like `kubectl apply --server-side`).
 */
export async function applyObjects(
  kc: KubeConfig,
  objects: KubernetesObject[],
  fieldManager = 'keda-portal-testenv',
): Promise<void> {
  const client = KubernetesObjectApi.makeApiClient(kc);
  for (const object of objects) {
    await client.patch(
      object,
      undefined,
      undefined,
      fieldManager,
      true,
      PatchStrategy.ServerSideApply,
    );
  }
}

/** A short-lived bearer token for a service account (TokenRequest API). */
export async function serviceAccountToken(
  kc: KubeConfig,
  namespace: string,
  name: string,
  expirationSeconds = 24 * 3600,
): Promise<string> {
  const core = kc.makeApiClient(CoreV1Api);
  const res = await core.createNamespacedServiceAccountToken({
    name,
    namespace,
    body: { spec: { audiences: [], expirationSeconds } },
  });
  return res.status!.token;
}

/** A kubeconfig that authenticates with the given bearer token. */
export function kubeConfigForToken(server: string, token: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'testenv', server, skipTLSVerify: true }],
    users: [{ name: 'user', token }],
    contexts: [{ name: 'testenv', cluster: 'testenv', user: 'user' }],
    currentContext: 'testenv',
  });
  return kc;
}

/**
 * Installs the read-only account of examples/rbac (the one the suite needs in
 * a real cluster) and returns a bearer token for it.
 */
export async function readOnlyAccountToken(admin: KubeConfig): Promise<string> {
  await applyObjects(
    admin,
    readManifests(path.join(REPO_ROOT, 'examples', 'rbac')),
  );
  return serviceAccountToken(admin, 'keda-portal', 'keda-portal');
}
