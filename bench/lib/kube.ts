/**
 * Plain HTTPS calls to kube-testenv API servers: fast seeding (many requests
 * in flight over keep-alive sockets), status writes and the request counter
 * the API server exports on /metrics.
 */
import https from 'node:https';

export interface ApiServer {
  server: string;
  token: string;
}

const agent = new https.Agent({
  keepAlive: true,
  maxSockets: 48,
  rejectUnauthorized: false, // kube-testenv serves a self-signed certificate
});

export function kubeRequest(
  api: ApiServer,
  method: string,
  path: string,
  body?: unknown,
  contentType = 'application/json',
): Promise<{ status: number; text: string }> {
  const url = new URL(path, api.server);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = https.request(
      url,
      {
        method,
        agent,
        headers: {
          authorization: `Bearer ${api.token}`,
          accept: 'application/json, text/plain',
          ...(payload
            ? {
                'content-type': contentType,
                'content-length': Buffer.byteLength(payload),
              }
            : {}),
        },
      },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', c => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            text: Buffer.concat(chunks).toString(),
          }),
        );
      },
    );
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

/** Creates an object; one that exists already counts as done (re-runs). */
async function create(api: ApiServer, path: string, body: unknown) {
  for (let attempt = 0; ; attempt++) {
    const res = await kubeRequest(api, 'POST', path, body);
    if (res.status === 201 || res.status === 200 || res.status === 409) return;
    // 429/5xx under seeding load: back off and try again
    if (attempt < 5 && (res.status === 429 || res.status >= 500)) {
      await new Promise(r => setTimeout(r, 200 * (attempt + 1)));
      continue;
    }
    throw new Error(`POST ${path} answered ${res.status}: ${res.text}`);
  }
}

/** Runs `task(i)` for i in [from, to) with `concurrency` in flight. */
export async function pool(
  from: number,
  to: number,
  concurrency: number,
  task: (i: number) => Promise<void>,
) {
  let next = from;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < to) {
        const i = next++;
        await task(i);
      }
    }),
  );
}

/** ScaledObjects per namespace: N = 50,000 spreads over 250 namespaces per server. */
export const PER_NAMESPACE = 100;
/** The benchmark's catalog entity, and how many of its workloads each server holds. */
export const BENCH_APP = 'bench-app';
export const BENCH_APP_WORKLOADS = 5;

export function workloadName(i: number) {
  return `w-${i % PER_NAMESPACE}`;
}
export function namespaceName(i: number) {
  return `bench-${Math.floor(i / PER_NAMESPACE)}`;
}

/**
 * Seeds ScaledObjects [from, to) on one API server, each with its Deployment
 * and the HPA KEDA would have made, in namespaces of PER_NAMESPACE. The first
 * BENCH_APP_WORKLOADS belong to the benchmark's entity, the rest to one
 * application per namespace.
 */
export async function seed(api: ApiServer, from: number, to: number) {
  const firstNs = Math.floor(from / PER_NAMESPACE);
  const lastNs = Math.ceil(to / PER_NAMESPACE);
  await pool(firstNs, lastNs, 16, ns =>
    create(api, '/api/v1/namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: `bench-${ns}` },
    }),
  );
  await pool(from, to, 24, async i => {
    const ns = namespaceName(i);
    const name = workloadName(i);
    const labels = {
      'backstage.io/kubernetes-id':
        i < BENCH_APP_WORKLOADS ? BENCH_APP : `app-${ns}`,
    };
    await create(api, `/apis/apps/v1/namespaces/${ns}/deployments`, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, labels },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: name } },
        template: {
          metadata: { labels: { app: name } },
          spec: { containers: [{ name: 'worker', image: 'busybox:1.36' }] },
        },
      },
    });
    await create(api, `/apis/keda.sh/v1alpha1/namespaces/${ns}/scaledobjects`, {
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledObject',
      metadata: { name, labels },
      spec: {
        scaleTargetRef: { name },
        minReplicaCount: 1,
        maxReplicaCount: 20,
        triggers: [
          {
            type: 'kafka',
            metadata: {
              bootstrapServers: 'kafka:9092',
              consumerGroup: name,
              topic: `${ns}-${name}`,
              lagThreshold: '50',
            },
          },
        ],
      },
    });
    await create(
      api,
      `/apis/autoscaling/v2/namespaces/${ns}/horizontalpodautoscalers`,
      {
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        // The labels KEDA puts on the HPAs it makes.
        metadata: {
          name: `keda-hpa-${name}`,
          labels: {
            ...labels,
            'app.kubernetes.io/managed-by': 'keda-operator',
            'app.kubernetes.io/name': `keda-hpa-${name}`,
            'app.kubernetes.io/part-of': name,
            'scaledobject.keda.sh/name': name,
          },
        },
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
          minReplicas: 1,
          maxReplicas: 20,
          metrics: [
            {
              type: 'External',
              external: {
                metric: {
                  name: 's0-kafka',
                  selector: {
                    matchLabels: { 'scaledobject.keda.sh/name': name },
                  },
                },
                target: { type: 'AverageValue', averageValue: '50' },
              },
            },
          ],
        },
      },
    );
  });
}

/** Writes an HPA's status, as the HPA controller does. */
export async function writeHpaStatus(
  api: ApiServer,
  i: number,
  desiredReplicas: number,
) {
  const res = await kubeRequest(
    api,
    'PATCH',
    `/apis/autoscaling/v2/namespaces/${namespaceName(
      i,
    )}/horizontalpodautoscalers/keda-hpa-${workloadName(i)}/status`,
    { status: { currentReplicas: 1, desiredReplicas } },
    'application/merge-patch+json',
  );
  if (res.status !== 200) {
    throw new Error(`status PATCH answered ${res.status}: ${res.text}`);
  }
}

/**
 * The sum of `apiserver_request_total` over resource requests (non-resource
 * paths such as /metrics itself and /healthz are left out).
 */
export async function resourceRequestTotal(api: ApiServer): Promise<number> {
  const res = await kubeRequest(api, 'GET', '/metrics');
  if (res.status !== 200) {
    throw new Error(
      `/metrics answered ${res.status}: ${res.text.slice(0, 200)}`,
    );
  }
  let total = 0;
  for (const line of res.text.split('\n')) {
    if (!line.startsWith('apiserver_request_total{')) continue;
    if (/[{,]resource=""/.test(line)) continue;
    total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}
