/**
 * Integration: the scaling endpoint against a real API server of its own
 * (so request counts are not disturbed by other tests), read with the
 * read-only account of examples/rbac.
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  eventually,
  KubeTestEnv,
  startKubeTestEnv,
  readOnlyAccountToken,
} from '@keda-portal/kube-testenv';
import {
  CoreV1Api,
  CustomObjectsApi,
  PatchStrategy,
  setHeaderOptions,
} from '@kubernetes/client-node';
import https from 'node:https';
import request from 'supertest';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { kedaPlugin } from '../plugin';

/** Signals published by the plugin, with when they were published. */
const published: Array<{ at: number; channel: string; message: any }> = [];
const recordingSignals = createServiceFactory({
  service: signalsServiceRef,
  deps: {},
  factory: () => ({
    async publish(signal: any) {
      published.push({
        at: Date.now(),
        channel: signal.channel,
        message: signal.message,
      });
    },
  }),
});

jest.setTimeout(10 * 60_000);

const entities = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'payments',
      namespace: 'default',
      annotations: {
        'backstage.io/kubernetes-id': 'payments',
        'backstage.io/kubernetes-namespace': 'payments',
      },
    },
    spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'website', namespace: 'default' },
    spec: { type: 'website', owner: 'team-a', lifecycle: 'production' },
  },
];

/** Sum of kube-apiserver's request counter over resources, from its own /metrics. */
function apiRequestCount(env: KubeTestEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    https
      .get(
        `${env.server}/metrics`,
        // The test server's certificate is self-signed.
        {
          headers: { authorization: `Bearer ${env.adminToken}` },
          rejectUnauthorized: false,
        },
        res => {
          let text = '';
          res.on('data', chunk => (text += chunk));
          res.on('end', () =>
            resolve(
              text
                .split('\n')
                .filter(
                  l =>
                    l.startsWith('apiserver_request_total{') &&
                    !l.includes('resource=""'),
                )
                .reduce(
                  (sum, l) => sum + Number(l.slice(l.lastIndexOf(' ') + 1)),
                  0,
                ),
            ),
          );
        },
      )
      .on('error', reject);
  });
}

describe('GET /api/keda/entities/:namespace/:kind/:name/scaling [integration]', () => {
  let env: KubeTestEnv;
  let server: any;
  let stopBackend: () => Promise<void>;

  beforeAll(async () => {
    env = await startKubeTestEnv();
    const admin = env.adminConfig();
    await admin
      .makeApiClient(CoreV1Api)
      .createNamespace({ body: { metadata: { name: 'payments' } } });
    const token = await readOnlyAccountToken(admin);
    const backend = await startTestBackend({
      features: [
        kedaPlugin,
        recordingSignals,
        catalogServiceMock.factory({ entities }),
        mockServices.rootConfig.factory({
          data: {
            kubernetes: {
              clusterLocatorMethods: [
                {
                  type: 'config',
                  clusters: [
                    {
                      name: 'test',
                      url: env.server,
                      authProvider: 'serviceAccount',
                      serviceAccountToken: token,
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

  const url = '/api/keda/entities/default/component/payments/scaling';

  it('shows a ScaledObject appear with its status, from the watch cache', async () => {
    await env
      .adminConfig()
      .makeApiClient(CustomObjectsApi)
      .createNamespacedCustomObject({
        group: 'keda.sh',
        version: 'v1alpha1',
        namespace: 'payments',
        plural: 'scaledobjects',
        body: {
          apiVersion: 'keda.sh/v1alpha1',
          kind: 'ScaledObject',
          metadata: {
            name: 'payments',
            namespace: 'payments',
            labels: { 'backstage.io/kubernetes-id': 'payments' },
          },
          spec: {
            scaleTargetRef: { name: 'payments' },
            triggers: [
              {
                type: 'cpu',
                metadata: { value: '60' },
                metricType: 'Utilization',
              },
            ],
          },
        },
      });
    const body = await eventually(async () => {
      const res = await request(server).get(url);
      expect(res.status).toBe(200);
      return res.body.clusters[0]?.workloads?.length ? res.body : undefined;
    });
    expect(body.entityRef).toBe('component:default/payments');
    expect(body.clusters[0]).toMatchObject({
      cluster: 'test',
      state: 'synced',
    });
  });

  it('publishes a signal for the entity within 2 s of a status change, with no data in it', async () => {
    const changedAt = Date.now();
    await env
      .adminConfig()
      .makeApiClient(CustomObjectsApi)
      .patchNamespacedCustomObjectStatus(
        {
          group: 'keda.sh',
          version: 'v1alpha1',
          namespace: 'payments',
          plural: 'scaledobjects',
          name: 'payments',
          body: {
            status: {
              conditions: [
                {
                  type: 'Active',
                  status: 'True',
                  reason: 'ScalerActive',
                  message: 'go',
                },
              ],
            },
          },
        },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      );
    const signal = await eventually(async () =>
      published.find(
        p =>
          p.at >= changedAt &&
          p.channel === 'keda:scaling:component:default/payments',
      ),
    );
    expect(signal.at - changedAt).toBeLessThan(2000);
    expect(signal.message).toEqual({
      type: 'scaling-changed',
      entityRef: 'component:default/payments',
    });
  });

  it('records history samples of the ScaledObject', async () => {
    const res = await eventually(async () => {
      const r = await request(server).get(
        '/api/keda/entities/default/component/payments/history?hours=1',
      );
      expect(r.status).toBe(200);
      return r.body.series[0]?.points.length ? r : undefined;
    });
    expect(res.body.series[0]).toMatchObject({
      cluster: 'test',
      namespace: 'payments',
      name: 'payments',
    });
    const bad = await request(server).get(
      '/api/keda/entities/default/component/payments/history?hours=9999',
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^hours '9999' is out of range/);
  });

  it('returns the view model of each workload', async () => {
    const res = await request(server).get(url).expect(200);
    const [workload] = res.body.clusters[0].workloads;
    expect(workload).toMatchObject({
      kind: 'ScaledObject',
      namespace: 'payments',
      name: 'payments',
    });
    expect(workload.status.triggers[0].type).toBe('cpu');
    expect(typeof workload.status.diagnosis).toBe('string');
    expect(workload.status.replicas).toMatchObject({ min: 0, max: 100 });
  });

  it('lists the fleet with filters, only for entities the caller may read', async () => {
    const all = await eventually(async () => {
      const r = await request(server).get('/api/keda/overview');
      expect(r.status).toBe(200);
      return r.body.items.length ? r.body : undefined;
    });
    expect(all.items).toEqual([
      expect.objectContaining({
        cluster: 'test',
        entityRefs: ['component:default/payments'],
        owners: ['team-a'],
        name: 'payments',
        triggerTypes: ['cpu'],
      }),
    ]);
    const health = all.items[0].health;
    expect(
      (await request(server).get(`/api/keda/overview?health=${health}`)).body
        .items,
    ).toHaveLength(1);
    expect(
      (await request(server).get('/api/keda/overview?owner=team-b')).body.items,
    ).toHaveLength(0);
    expect(
      (await request(server).get('/api/keda/overview?triggerType=kafka')).body
        .items,
    ).toHaveLength(0);
    expect(
      (
        await request(server).get(
          '/api/keda/overview?cluster=test&namespace=payments',
        )
      ).body.items,
    ).toHaveLength(1);
    const bad = await request(server).get('/api/keda/overview?health=sad');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^health 'sad' is not one of/);
  });

  it('costs the API server nothing per page view', async () => {
    await request(server).get(url).expect(200);
    const before = await apiRequestCount(env);
    for (let i = 0; i < 100; i++) {
      await request(server).get(url).expect(200);
    }
    const after = await apiRequestCount(env);
    expect(after - before).toBe(0);
  });

  it('answers 404 for an unknown entity and 400 for one without annotations', async () => {
    const missing = await request(server).get(
      '/api/keda/entities/default/component/nope/scaling',
    );
    expect(missing.status).toBe(404);
    const bare = await request(server).get(
      '/api/keda/entities/default/component/website/scaling',
    );
    expect(bare.status).toBe(400);
    expect(bare.body.error.message).toMatch(/backstage.io\/kubernetes-id/);
    const bad = await request(server).get(
      '/api/keda/entities/default/component/bad%20name/scaling',
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^name 'bad name'/);
  });
});

describe('scaling endpoint permissions', () => {
  it('answers 403 when keda.scaling.read is denied', async () => {
    const { server } = await startTestBackend({
      features: [
        kedaPlugin,
        catalogServiceMock.factory({ entities }),
        mockServices.permissions.factory({ result: AuthorizeResult.DENY }),
        mockServices.rootConfig.factory({
          data: { keda: { kubeconfig: false } },
        }),
      ],
    });
    const res = await request(server).get(
      '/api/keda/entities/default/component/payments/scaling',
    );
    expect(res.status).toBe(403);
  });

  it('answers 401 without credentials', async () => {
    const { server } = await startTestBackend({
      features: [
        kedaPlugin,
        catalogServiceMock.factory({ entities }),
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
        mockServices.rootConfig.factory({
          data: { keda: { kubeconfig: false } },
        }),
      ],
    });
    const res = await request(server).get(
      '/api/keda/entities/default/component/payments/scaling',
    );
    expect(res.status).toBe(401);
  });
});
