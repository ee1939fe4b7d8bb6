/**
 * Integration: the scaling endpoint over two clusters (two API server
 * processes) while one goes away and comes back, read with the read-only
 * account of examples/rbac; and a ScaledObject's whole life through the API.
 */
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  eventually,
  KubeTestEnv,
  startKubeTestEnv,
  readOnlyAccountToken,
} from '@keda-portal/kube-testenv';
import {
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  PatchStrategy,
  setHeaderOptions,
} from '@kubernetes/client-node';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { kedaPlugin } from '../plugin';

jest.setTimeout(10 * 60_000);

const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'orders',
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': 'orders' },
  },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
};
const url = '/api/keda/entities/default/component/orders/scaling';
const so = {
  group: 'keda.sh',
  version: 'v1alpha1',
  namespace: 'shop',
  plural: 'scaledobjects',
};

async function prepare(env: KubeTestEnv, name: string) {
  const admin = env.adminConfig();
  await admin
    .makeApiClient(CoreV1Api)
    .createNamespace({ body: { metadata: { name: 'shop' } } });
  return {
    name,
    url: env.server,
    authProvider: 'serviceAccount',
    serviceAccountToken: await readOnlyAccountToken(admin),
    skipTLSVerify: true,
  };
}

async function createScaledObject(admin: KubeConfig, name: string) {
  await admin.makeApiClient(CustomObjectsApi).createNamespacedCustomObject({
    ...so,
    body: {
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledObject',
      metadata: {
        name,
        namespace: 'shop',
        labels: { 'backstage.io/kubernetes-id': 'orders' },
      },
      spec: {
        scaleTargetRef: { name },
        triggers: [
          { type: 'cpu', metadata: { value: '50' }, metricType: 'Utilization' },
        ],
      },
    },
  });
}

describe('scaling endpoint over two clusters [integration]', () => {
  const westDir = fs.mkdtempSync(path.join(os.tmpdir(), 'west-'));
  let east: KubeTestEnv;
  let west: KubeTestEnv;
  let server: any;
  let stopBackend: () => Promise<void>;

  beforeAll(async () => {
    east = await startKubeTestEnv();
    west = await startKubeTestEnv({ dir: westDir });
    const clusters = [await prepare(east, 'east'), await prepare(west, 'west')];
    await createScaledObject(east.adminConfig(), 'orders');
    await createScaledObject(west.adminConfig(), 'orders');
    const backend = await startTestBackend({
      features: [
        kedaPlugin,
        catalogServiceMock.factory({ entities: [entity] }),
        mockServices.rootConfig.factory({
          data: {
            kubernetes: {
              clusterLocatorMethods: [{ type: 'config', clusters }],
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
    await east?.stop();
    await west?.stop();
    fs.rmSync(westDir, { recursive: true, force: true });
  });

  const get = async () => (await request(server).get(url).expect(200)).body;

  it('follows a ScaledObject: it appears, its status changes, it disappears', async () => {
    const admin = east.adminConfig();
    await createScaledObject(admin, 'orders-canary');
    await eventually(async () => {
      const body = await get();
      return body.clusters[0].workloads.some(
        (w: any) => w.name === 'orders-canary',
      );
    });
    await admin
      .makeApiClient(CustomObjectsApi)
      .patchNamespacedCustomObjectStatus(
        {
          ...so,
          name: 'orders-canary',
          body: {
            status: {
              conditions: [
                {
                  type: 'Ready',
                  status: 'True',
                  reason: 'ScaledObjectReady',
                  message: 'ok',
                },
                {
                  type: 'Paused',
                  status: 'True',
                  reason: 'ScaledObjectPaused',
                  message: 'paused',
                },
              ],
            },
          },
        },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      );
    await eventually(async () => {
      const body = await get();
      const canary = body.clusters[0].workloads.find(
        (w: any) => w.name === 'orders-canary',
      );
      return canary?.status.health === 'paused';
    });
    await admin
      .makeApiClient(CustomObjectsApi)
      .deleteNamespacedCustomObject({ ...so, name: 'orders-canary' });
    await eventually(async () => {
      const body = await get();
      return !body.clusters[0].workloads.some(
        (w: any) => w.name === 'orders-canary',
      );
    });
  });

  it('answers with the live cluster while the other is down, and recovers it', async () => {
    const both = await eventually(async () => {
      const body = await get();
      return (
        body.clusters.every(
          (c: any) => c.state === 'synced' && c.workloads.length === 1,
        ) && body
      );
    });
    expect(both.clusters.map((c: any) => c.cluster)).toEqual(['east', 'west']);

    const westPort = Number(new URL(west.server).port);
    await west.stop();
    const down = await eventually(async () => {
      const body = await get();
      return /ECONNREFUSED/.test(body.clusters[1].error ?? '') && body;
    }, 60_000);
    expect(down.clusters[0]).toMatchObject({
      cluster: 'east',
      state: 'synced',
    });
    expect(down.clusters[0].workloads[0].name).toBe('orders');
    expect(down.clusters[1]).toMatchObject({ cluster: 'west', state: 'stale' });

    west = await startKubeTestEnv({ dir: westDir, port: westPort });
    await createScaledObject(west.adminConfig(), 'orders-v2');
    const back = await eventually(async () => {
      const body = await get();
      return (
        body.clusters[1].state === 'synced' &&
        body.clusters[1].workloads.length === 2 &&
        body
      );
    }, 90_000);
    expect(back.clusters[1].workloads.map((w: any) => w.name).sort()).toEqual([
      'orders',
      'orders-v2',
    ]);
  });
});
