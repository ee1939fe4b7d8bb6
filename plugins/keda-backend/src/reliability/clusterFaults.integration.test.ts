/**
 * Reliability: the scaling endpoint while some configured clusters misbehave.
 * Four cluster entries point at the same real API server: one direct with
 * the read-only account of examples/rbac, one behind a proxy that delays
 * every chunk by 5 s, one with a token the server does not know (401) and
 * one with a ServiceAccount that has no RBAC on keda.sh (403). Then objects
 * of odd but storable shapes sit next to a normal one. (SIGKILL of an API
 * server mid-watch: keda-node's apiServerCrash.reliability.integration.test.)
 */
import {
  coreServices,
  createServiceFactory,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  createTestNamespace,
  eventually,
  getTestCluster,
  KubeTestEnv,
  readOnlyAccountToken,
  startKubeTestEnv,
  serviceAccountToken,
  TestCluster,
} from '@keda-portal/kube-testenv';
import {
  ApiextensionsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  PatchStrategy,
  setHeaderOptions,
} from '@kubernetes/client-node';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { kedaPlugin } from '../plugin';

jest.setTimeout(10 * 60_000);

const PROXY_DELAY_MS = 5_000;
const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

/** A TCP forwarder that holds every chunk, both ways, for `delayMs`. */
async function startSlowProxy(target: URL, delayMs: number) {
  const sockets = new Set<net.Socket>();
  const server = net.createServer(client => {
    const upstream = net.connect(Number(target.port), target.hostname);
    for (const [from, to] of [
      [client, upstream],
      [upstream, client],
    ]) {
      sockets.add(from);
      from.on('data', chunk =>
        setTimeout(() => to.destroyed || to.write(chunk), delayMs),
      );
      from.on('close', () => setTimeout(() => to.destroy(), delayMs).unref());
      from.on('error', () => to.destroy());
    }
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    close: () => {
      sockets.forEach(s => s.destroy());
      return new Promise(r => server.close(r));
    },
  };
}

function report(name: string, figures: object) {
  const out = path.join(os.tmpdir(), 'keda-portal-reliability');
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(
    path.join(out, `cluster-faults-${name}.json`),
    JSON.stringify(figures),
  );
  // eslint-disable-next-line no-console
  console.log(
    `[reliability] cluster-faults ${name}: ${JSON.stringify(figures)}`,
  );
}

const schemaPath = (field: string) =>
  `/spec/versions/0/schema/openAPIV3Schema/properties/${field}`;

function summarize(body: any) {
  return (
    body?.clusters?.map((c: any) => ({
      cluster: c.cluster,
      state: c.state,
      workloads: c.workloads?.map((w: any) => `${w.name}:${w.status?.health}`),
    })) ?? body
  );
}

describe('scaling endpoint with misbehaving clusters [reliability]', () => {
  let cluster: TestCluster;
  let namespace: string;
  let proxy: Awaited<ReturnType<typeof startSlowProxy>>;
  let server: any;
  let stopBackend: () => Promise<void>;
  let url: string;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  const custom = () => cluster.admin.makeApiClient(CustomObjectsApi);
  const so = () => ({
    group: 'keda.sh',
    version: 'v1alpha1',
    namespace,
    plural: 'scaledobjects',
  });
  const scaledObject = (name: string, extra: any = {}) => ({
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledObject',
    metadata: {
      name,
      namespace,
      ...extra.metadata,
      labels: { 'backstage.io/kubernetes-id': 'orders', ...extra.labels },
    },
    spec: {
      scaleTargetRef: { name },
      triggers: [
        { type: 'cpu', metadata: { value: '50' }, metricType: 'Utilization' },
      ],
      ...extra.spec,
    },
  });

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    cluster = await getTestCluster();
    namespace = await createTestNamespace(cluster.admin, 'faults');
    await custom().createNamespacedCustomObject({
      ...so(),
      body: scaledObject('orders'),
    });
    const readOnly = await readOnlyAccountToken(cluster.admin);
    // A ServiceAccount with no role binding at all: authenticated, forbidden.
    await cluster.admin
      .makeApiClient(CoreV1Api)
      .createNamespacedServiceAccount({
        namespace,
        body: { metadata: { name: 'no-rbac' } },
      });
    const noRbac = await serviceAccountToken(
      cluster.admin,
      namespace,
      'no-rbac',
    );
    proxy = await startSlowProxy(new URL(cluster.server), PROXY_DELAY_MS);
    const entry = (name: string, apiServer: string, token: string) => ({
      name,
      url: apiServer,
      authProvider: 'serviceAccount',
      serviceAccountToken: token,
      skipTLSVerify: true,
    });
    const entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'orders',
        namespace: 'default',
        annotations: {
          'backstage.io/kubernetes-id': 'orders',
          'backstage.io/kubernetes-namespace': namespace,
        },
      },
      spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
    };
    url = '/api/keda/entities/default/component/orders/scaling';
    const backend = await startTestBackend({
      features: [
        kedaPlugin,
        catalogServiceMock.factory({ entities: [entity] }),
        mockServices.rootConfig.factory({
          data: {
            kubernetes: {
              clusterLocatorMethods: [
                {
                  type: 'config',
                  clusters: [
                    entry('healthy', cluster.server, readOnly),
                    entry('slow', proxy.url, readOnly),
                    entry('bad-token', cluster.server, 'not-a-real-token'),
                    entry('no-rbac', cluster.server, noRbac),
                  ],
                },
              ],
            },
          },
        }),
      ],
    });
    server = backend.server;
    stopBackend = () => backend.stop();
  });

  afterAll(async () => {
    await stopBackend?.();
    await proxy?.close();
    await cluster?.release();
    process.off('unhandledRejection', onUnhandled);
  });

  const get = async () => {
    const started = performance.now();
    const res = await request(server).get(url).expect(200);
    return { body: res.body, ms: performance.now() - started };
  };
  const byName = (body: any, name: string) =>
    body.clusters.find((c: any) => c.cluster === name);

  it('serves the healthy cluster fast while one is 5 s slow and two refuse us', async () => {
    const healthyAt = performance.now();
    // Ready means every kind listed, not only the ScaledObjects: under load
    // the events or HPAs can still be on their first list.
    await eventually(async () => {
      const { body } = await get();
      const healthy = byName(body, 'healthy');
      return healthy?.workloads.length === 1 && healthy.state === 'synced';
    }, 60_000);
    const healthySyncedMs = performance.now() - healthyAt;

    // While the slow cluster is still on its first (delayed) list.
    const timings: number[] = [];
    const slowStates = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const { body, ms } = await get();
      timings.push(ms);
      slowStates.add(byName(body, 'slow').state);
      expect(byName(body, 'healthy')).toMatchObject({ state: 'synced' });
      expect(byName(body, 'healthy').workloads.map((w: any) => w.name)).toEqual(
        ['orders'],
      );
    }

    const errors = await eventually(async () => {
      const { body } = await get();
      const unauthorized = byName(body, 'bad-token');
      const forbidden = byName(body, 'no-rbac');
      return (
        unauthorized.state === 'stale' &&
        forbidden.state === 'stale' && { unauthorized, forbidden }
      );
    }, 30_000);
    expect(errors.unauthorized.error).toBe(
      'HTTP 401 Unauthorized: the API server does not accept the token; check serviceAccountToken',
    );
    expect(errors.forbidden.error).toMatch(
      /^HTTP 403 \S+ is forbidden: User "system:serviceaccount:[^"]+:no-rbac" cannot list .*: the account may not read this; grant the read-only role of examples\/rbac$/,
    );
    expect(errors.unauthorized.workloads).toEqual([]);
    expect(errors.forbidden.workloads).toEqual([]);

    // The slow cluster gets there too, later, without having held anyone up.
    const slowAt = performance.now();
    const slow = await eventually(async () => {
      const { body } = await get();
      const s = byName(body, 'slow');
      return s.state === 'synced' && s.workloads.length === 1 && s;
    }, 120_000);
    const slowSyncedMs = performance.now() - slowAt;
    expect(slow.workloads[0].name).toBe('orders');

    const sorted = [...timings].sort((a, b) => a - b);
    const figures = {
      proxyDelayMs: PROXY_DELAY_MS,
      requests: timings.length,
      p50Ms: Math.round(sorted[Math.floor(sorted.length / 2)]),
      maxMs: Math.round(sorted[sorted.length - 1]),
      slowStatesWhileMeasuring: [...slowStates],
      healthySyncedAfterMs: Math.round(healthySyncedMs),
      slowSyncedAfterMoreMs: Math.round(slowSyncedMs),
      unauthorizedError: errors.unauthorized.error,
      forbiddenError: errors.forbidden.error,
    };
    report('slow-and-refused', figures);
    expect(figures.maxMs).toBeLessThan(1_000);
    expect(slowStates.has('synced')).toBe(false);
    expect(unhandled).toEqual([]);
  });

  it('keeps serving around objects of odd shapes; the API server refuses wrong types', async () => {
    // Shapes the CRD's structural schema refuses: they can never reach us.
    const refusedShapes: Record<string, any> = {
      'missing-scale-target': { spec: { scaleTargetRef: undefined } },
      'min-replicas-as-text': { spec: { minReplicaCount: 'ten' } },
      'triggers-as-text': { spec: { triggers: 'cpu' } },
      'no-triggers': { spec: { triggers: [] } },
      'label-value-too-long': { labels: { team: 'x'.repeat(64) } },
    };
    const refused: Record<string, number | undefined> = {};
    for (const [name, extra] of Object.entries(refusedShapes)) {
      const body = scaledObject(name, extra);
      if ('scaleTargetRef' in (extra.spec ?? {})) {
        delete (body.spec as any).scaleTargetRef;
      }
      refused[name] = await custom()
        .createNamespacedCustomObject({ ...so(), body })
        .then(
          () => undefined,
          (e: any) => e.code,
        );
    }
    const conditionsAsText = await custom()
      .patchNamespacedCustomObjectStatus(
        { ...so(), name: 'orders', body: { status: { conditions: 'broken' } } },
        mergePatch,
      )
      .then(
        () => undefined,
        (e: any) => e.code,
      );
    refused['status-conditions-as-text'] = conditionsAsText;

    // Storable, but nothing like what KEDA writes.
    const hugeLabels: Record<string, string> = {};
    for (let i = 0; i < 40; i++) {
      // Longest legal key: a ~200-char DNS prefix of 63-char parts, a 63-char name.
      const prefix = ['a', 'b', 'c'].map(c => c.repeat(63)).join('.');
      const key = `${prefix}.x${i}.example.com/k${String(i).padStart(2, '0')}`;
      hugeLabels[`${key}${'k'.repeat(60)}`] = 'v'.repeat(63);
    }
    const odd = {
      'huge-labels': { labels: hugeLabels },
      'unknown-target-kind': {
        spec: {
          scaleTargetRef: { name: 'x', kind: 'Rollout', apiVersion: 'v9' },
        },
      },
      'huge-trigger-metadata': {
        spec: {
          triggers: [
            {
              type: 'no-such-scaler',
              metadata: { blob: 'b'.repeat(200_000) },
            },
          ],
        },
      },
      'huge-annotation': {
        metadata: { annotations: { note: 'n'.repeat(200_000) } },
      },
    };
    for (const [name, extra] of Object.entries(odd)) {
      await custom().createNamespacedCustomObject({
        ...so(),
        body: scaledObject(name, extra),
      });
    }
    // Odd status: unknown condition values, no reason, a huge message.
    await custom().patchNamespacedCustomObjectStatus(
      {
        ...so(),
        name: 'unknown-target-kind',
        body: {
          status: {
            hpaName: 'does-not-exist',
            conditions: [
              { type: 'Ready', status: 'Maybe' },
              { type: 'Active', status: '', message: 'm'.repeat(100_000) },
              { type: 'Whatever', status: 'True' },
            ],
          },
        },
      },
      mergePatch,
    );

    const names = ['orders', ...Object.keys(odd)].sort();
    let last: unknown;
    const served = await eventually(async () => {
      const { body, ms } = await get();
      last = body;
      const healthy = byName(body, 'healthy');
      const got = healthy.workloads.map((w: any) => w.name).sort();
      const oddStatus = healthy.workloads.find(
        (w: any) => w.name === 'unknown-target-kind',
      );
      return (
        JSON.stringify(got) === JSON.stringify(names) &&
        // Seen once the odd status arrived ('Maybe' is shown as Unknown).
        oddStatus?.status.conditions.find((c: any) => c.type === 'Ready')
          ?.reported &&
        healthy.state === 'synced' && { healthy, ms }
      );
    }, 30_000).catch(e => {
      throw new Error(`${e.message}; last answer: ${JSON.stringify(last)}`);
    });
    for (const w of served.healthy.workloads) {
      expect(typeof w.status.health).toBe('string');
      expect(Array.isArray(w.triggers)).toBe(true);
    }
    // The rest of the response is unaffected.
    const { body } = await get();
    expect(byName(body, 'bad-token').state).toBe('stale');

    const figures = {
      refusedByApiServer: refused,
      storedOddShapes: Object.keys(odd),
      servedWorkloads: served.healthy.workloads.map((w: any) => ({
        name: w.name,
        health: w.status.health,
        conditions: w.status.conditions.map(
          (c: any) => `${c.type}=${c.status}`,
        ),
        responseChars: JSON.stringify(w).length,
        triggers: w.triggers.length,
      })),
      responseMs: Math.round(served.ms),
    };
    report('odd-objects', figures);
    for (const code of Object.values(refused)) {
      expect([400, 422]).toContain(code);
    }
    expect(unhandled).toEqual([]);
  });
});

/**
 * Where a cluster's ScaledObject CRD has no schema to speak of (an old or
 * hand-edited install), malformed objects do reach the cache. Its own API
 * server, since this loosens the CRD.
 */
describe('scaling endpoint over a cluster with a schemaless CRD [reliability]', () => {
  let env: KubeTestEnv;
  let server: any;
  let stopBackend: () => Promise<void>;
  const warnings: string[] = [];
  const recordingLogger = (): LoggerService => ({
    warn: (message: string) => void warnings.push(message),
    info: () => {},
    debug: () => {},
    error: () => {},
    child: () => recordingLogger(),
  });
  const so = {
    group: 'keda.sh',
    version: 'v1alpha1',
    namespace: 'shop',
    plural: 'scaledobjects',
  };
  const labels = { 'backstage.io/kubernetes-id': 'orders' };

  beforeAll(async () => {
    env = await startKubeTestEnv();
    const admin = env.adminConfig();
    await admin
      .makeApiClient(CoreV1Api)
      .createNamespace({ body: { metadata: { name: 'shop' } } });
    const loose = {
      type: 'object',
      'x-kubernetes-preserve-unknown-fields': true,
    };
    await admin.makeApiClient(ApiextensionsV1Api).patchCustomResourceDefinition(
      {
        name: 'scaledobjects.keda.sh',
        body: [
          { op: 'replace', path: schemaPath('spec'), value: loose },
          { op: 'replace', path: schemaPath('status'), value: loose },
        ],
      },
      setHeaderOptions('Content-Type', PatchStrategy.JsonPatch),
    );
    const backend = await startTestBackend({
      features: [
        kedaPlugin,
        createServiceFactory({
          service: coreServices.logger,
          deps: {},
          factory: () => recordingLogger(),
        }),
        catalogServiceMock.factory({
          entities: [
            {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'Component',
              metadata: {
                name: 'orders',
                namespace: 'default',
                annotations: labels,
              },
              spec: { type: 'service', owner: 'team-a', lifecycle: 'prod' },
            },
          ],
        }),
        mockServices.rootConfig.factory({
          data: {
            kubernetes: {
              clusterLocatorMethods: [
                {
                  type: 'config',
                  clusters: [
                    {
                      name: 'loose',
                      url: env.server,
                      authProvider: 'serviceAccount',
                      serviceAccountToken: await readOnlyAccountToken(admin),
                      skipTLSVerify: true,
                    },
                  ],
                },
              ],
            },
          },
        }),
      ],
    });
    server = backend.server;
    stopBackend = () => backend.stop();
  });

  afterAll(async () => {
    await stopBackend?.();
    await env?.stop();
  });

  it('serves the good objects and skips or safely renders the malformed ones', async () => {
    const custom = env.adminConfig().makeApiClient(CustomObjectsApi);
    // Retried: the loosened schema takes a moment to be served.
    const create = (name: string, spec: any, status?: any) =>
      eventually(() =>
        custom
          .createNamespacedCustomObject({
            ...so,
            body: {
              apiVersion: 'keda.sh/v1alpha1',
              kind: 'ScaledObject',
              metadata: { name, namespace: 'shop', labels },
              spec,
              ...(status && { status }),
            },
          })
          .then(
            () => true,
            () => false,
          ),
      );
    const cpu = [{ type: 'cpu', metadata: { value: '50' } }];
    const malformed: Record<string, [any, any?]> = {
      'missing-scale-target': [{ triggers: cpu }],
      'min-replicas-as-text': [
        {
          scaleTargetRef: { name: 'a' },
          minReplicaCount: 'ten',
          triggers: cpu,
        },
      ],
      'triggers-as-text': [{ scaleTargetRef: { name: 'a' }, triggers: 'cpu' }],
      'trigger-metadata-as-list': [
        {
          scaleTargetRef: { name: 'a' },
          triggers: [{ type: 'cpu', metadata: ['value', 50] }],
        },
      ],
      'scale-target-as-text': [{ scaleTargetRef: 'a', triggers: cpu }],
      'spec-is-empty': [{}],
    };
    await create('orders', {
      scaleTargetRef: { name: 'orders' },
      triggers: cpu,
    });
    for (const [name, [spec]] of Object.entries(malformed)) {
      await create(name, spec);
    }
    // Status is a subresource: written on its own.
    await env
      .adminConfig()
      .makeApiClient(CustomObjectsApi)
      .patchNamespacedCustomObjectStatus(
        {
          ...so,
          name: 'min-replicas-as-text',
          body: { status: { conditions: 'broken', health: 7 } },
        },
        mergePatch,
      );

    const served = await eventually(async () => {
      const res = await request(server)
        .get('/api/keda/entities/default/component/orders/scaling')
        .expect(200);
      const names: string[] = res.body.clusters[0].workloads.map(
        (w: any) => w.name,
      );
      // Every object is either served or named in a warning.
      const accounted = ['orders', ...Object.keys(malformed)].every(
        n =>
          names.includes(n) ||
          warnings.some(w => w.includes(`shop/${n} of cluster loose`)),
      );
      const statusSeen = warnings.some(w => w.includes('min-replicas-as-text'));
      return accounted && statusSeen && res.body;
    }, 30_000);
    const names = served.clusters[0].workloads.map((w: any) => w.name);
    const skipped = Object.keys(malformed).filter(n => !names.includes(n));
    report('schemaless-crd', {
      storedMalformed: Object.keys(malformed),
      served: summarize(served),
      skipped,
      warnings,
    });
    expect(served.clusters[0]).toMatchObject({
      cluster: 'loose',
      state: 'synced',
    });
    expect(names).toContain('orders');
    // The status written as text cannot be rendered: that one is skipped.
    expect(skipped).toContain('min-replicas-as-text');
    // The fleet view skips the same objects and answers too.
    const overview = await eventually(async () => {
      const res = await request(server).get('/api/keda/overview').expect(200);
      return res.body.items.length > 0 && res.body;
    });
    expect(overview.items.map((i: any) => i.name)).toContain('orders');
    expect(overview.items.map((i: any) => i.name)).not.toContain(
      'min-replicas-as-text',
    );
    for (const name of skipped) {
      expect(warnings.join('\n')).toMatch(
        new RegExp(
          `Skipped malformed ScaledObject shop/${name} of cluster loose: .+`,
        ),
      );
    }
  });
});
