import {
  ApiregistrationV1Api,
  KubeConfig,
  KubernetesObject,
} from '@kubernetes/client-node';
import {
  applyObjects,
  createCa,
  issueCertificate,
  readManifests,
} from '@keda-portal/kube-testenv';
import path from 'node:path';
import { ensureKedaBinaries } from './binaries';
import {
  freePort,
  httpOk,
  RunningProcess,
  startProcess,
  waitFor,
} from './process';

/** KEDA's namespace, as in its release manifests. */
export const KEDA_NAMESPACE = 'keda';
const ADAPTER_SERVICE = 'keda-metrics-apiserver';
const EXTERNAL_METRICS_API = 'v1beta1.external.metrics.k8s.io';

export interface KedaOptions {
  /** Admin kubeconfig of the API server. */
  kubeconfigPath: string;
  admin: KubeConfig;
  /** Folder for certificates. */
  dir: string;
  /** KEDA's CRD folder inside the Go module cache (kube-testenv's assets). */
  crdDir: string;
  onLog?: (line: string) => void;
  readyTimeoutMs?: number;
}

export interface RunningKeda {
  processes: RunningProcess[];
  stop(): Promise<void>;
}

/**
 * The certificates KEDA's three programs share, made with openssl: one CA
 * and one key pair whose names cover each program's Service name (what the
 * API server checks when it calls the adapter) and 127.0.0.1 (what the
 * webhook URL and the adapter's gRPC client dial). KEDA reads them as
 * `ca.crt`, `tls.crt` and `tls.key` from `--cert-dir`.
 */
function kedaCertificates(dir: string) {
  const ca = createCa(dir, 'ca');
  issueCertificate(ca, dir, 'tls', {
    commonName: 'keda',
    dnsNames: [
      'localhost',
      ...['keda-operator', ADAPTER_SERVICE, 'keda-admission-webhooks'].flatMap(
        name => [
          `${name}.${KEDA_NAMESPACE}.svc`,
          `${name}.${KEDA_NAMESPACE}.svc.cluster.local`,
        ],
      ),
    ],
    ips: ['127.0.0.1'],
  });
  return { ca, certDir: dir };
}

/**
 * The API server reaches an aggregated API through a Service. Endpoints
 * refuse loopback addresses, but the aggregator resolves a Service of type
 * ExternalName to `<externalName>:<port>` and checks the serving certificate
 * against `<service>.<namespace>.svc`, so an ExternalName of 127.0.0.1
 * reaches the adapter running on this machine.
 */
function adapterRegistration(port: number, caPem: string): KubernetesObject[] {
  return [
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: ADAPTER_SERVICE, namespace: KEDA_NAMESPACE },
      spec: {
        type: 'ExternalName',
        externalName: '127.0.0.1',
        ports: [{ name: 'https', port, protocol: 'TCP' }],
      },
    } as KubernetesObject,
    {
      apiVersion: 'apiregistration.k8s.io/v1',
      kind: 'APIService',
      metadata: { name: EXTERNAL_METRICS_API },
      spec: {
        group: 'external.metrics.k8s.io',
        version: 'v1beta1',
        groupPriorityMinimum: 100,
        versionPriority: 100,
        caBundle: Buffer.from(caPem).toString('base64'),
        service: { name: ADAPTER_SERVICE, namespace: KEDA_NAMESPACE, port },
      },
    } as KubernetesObject,
  ];
}

/**
 * KEDA's own ValidatingWebhookConfiguration (from its module), pointed at
 * the local webhook server by URL with our CA. failurePolicy becomes Fail:
 * KEDA ships Ignore, which would let a test pass when the webhook was never
 * reached.
 */
function webhookRegistration(
  crdDir: string,
  port: number,
  caPem: string,
): KubernetesObject[] {
  const file = path.resolve(
    crdDir,
    '..',
    '..',
    'webhooks',
    'validation_webhooks.yaml',
  );
  return readManifests(file).map(config => {
    const webhooks = (config as any).webhooks as any[];
    return {
      ...config,
      webhooks: webhooks.map(hook => ({
        ...hook,
        failurePolicy: 'Fail',
        clientConfig: {
          url: `https://127.0.0.1:${port}${hook.clientConfig.service.path}`,
          caBundle: Buffer.from(caPem).toString('base64'),
        },
      })),
    } as KubernetesObject;
  });
}

async function apiServiceAvailable(admin: KubeConfig): Promise<boolean> {
  const api = admin.makeApiClient(ApiregistrationV1Api);
  const svc = await api.readAPIService({ name: EXTERNAL_METRICS_API });
  return Boolean(
    svc.status?.conditions?.some(
      c => c.type === 'Available' && c.status === 'True',
    ),
  );
}

/**
 * Starts KEDA v2.21.0's operator, metrics adapter and admission webhooks as
 * local processes against the API server, registers the adapter as the
 * external metrics API and the webhooks by URL, and waits until all three
 * serve. Nothing listens on other addresses than 127.0.0.1, except the
 * adapter's own Prometheus endpoint and the webhook server, which KEDA binds
 * to every interface (no flag changes that); nothing dials elsewhere.
 */
export async function startKeda(options: KedaOptions): Promise<RunningKeda> {
  const timeoutMs = options.readyTimeoutMs ?? 3 * 60_000;
  const bin = await ensureKedaBinaries(options.onLog);
  const { ca, certDir } = kedaCertificates(options.dir);
  await applyObjects(options.admin, [
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: KEDA_NAMESPACE },
    } as KubernetesObject,
  ]);

  const [grpc, opMetrics, opProbe, adapterPort, adapterMetrics] =
    await Promise.all([
      freePort(),
      freePort(),
      freePort(),
      freePort(),
      freePort(),
    ]);
  const [hookPort, hookMetrics, hookProbe] = await Promise.all([
    freePort(),
    freePort(),
    freePort(),
  ]);
  const env = {
    KUBECONFIG: options.kubeconfigPath,
    WATCH_NAMESPACE: '',
    POD_NAMESPACE: KEDA_NAMESPACE,
    KEDA_CLUSTER_OBJECT_NAMESPACE: KEDA_NAMESPACE,
  };
  const processes: RunningProcess[] = [];
  const stop = async () => {
    await Promise.all(processes.map(p => p.stop()));
  };

  try {
    const operator = startProcess(
      'keda-operator',
      path.join(bin, 'operator'),
      [
        '--leader-elect=false',
        `--metrics-bind-address=127.0.0.1:${opMetrics}`,
        `--health-probe-bind-address=127.0.0.1:${opProbe}`,
        `--metrics-service-bind-address=127.0.0.1:${grpc}`,
        `--cert-dir=${certDir}`,
        `--ca-dir=${certDir}`,
        '--zap-log-level=info',
        '--zap-encoder=console',
      ],
      { env, onLog: options.onLog },
    );
    processes.push(operator);

    const webhooks = startProcess(
      'keda-webhooks',
      path.join(bin, 'webhooks'),
      [
        `--cert-dir=${certDir}`,
        `--port=${hookPort}`,
        `--metrics-bind-address=127.0.0.1:${hookMetrics}`,
        `--health-probe-bind-address=127.0.0.1:${hookProbe}`,
        '--zap-log-level=info',
        '--zap-encoder=console',
      ],
      { env, onLog: options.onLog },
    );
    processes.push(webhooks);

    const adapter = startProcess(
      'keda-adapter',
      path.join(bin, 'adapter'),
      [
        `--secure-port=${adapterPort}`,
        '--bind-address=127.0.0.1',
        `--cert-dir=${certDir}`,
        `--tls-cert-file=${path.join(certDir, 'tls.crt')}`,
        `--tls-private-key-file=${path.join(certDir, 'tls.key')}`,
        `--metrics-service-address=127.0.0.1:${grpc}`,
        `--port=${adapterMetrics}`,
        `--lister-kubeconfig=${options.kubeconfigPath}`,
        `--authentication-kubeconfig=${options.kubeconfigPath}`,
        `--authorization-kubeconfig=${options.kubeconfigPath}`,
        '--zap-log-level=info',
        '--zap-encoder=console',
      ],
      { env, onLog: options.onLog },
    );
    processes.push(adapter);

    await waitFor(
      'the KEDA operator to be ready',
      () => httpOk(`http://127.0.0.1:${opProbe}/readyz`),
      { timeoutMs, process: operator },
    );
    await waitFor(
      'the KEDA webhooks to be ready',
      () => httpOk(`http://127.0.0.1:${hookProbe}/readyz`),
      { timeoutMs, process: webhooks },
    );
    await applyObjects(options.admin, [
      ...adapterRegistration(adapterPort, ca.pem),
      ...webhookRegistration(options.crdDir, hookPort, ca.pem),
    ]);
    await waitFor(
      `APIService ${EXTERNAL_METRICS_API} to be Available`,
      () => apiServiceAvailable(options.admin),
      { timeoutMs, process: adapter },
    );
  } catch (e) {
    await stop();
    throw e;
  }
  return { processes, stop };
}
