/**
 * Integration: needs the real API server (tools/kube-testenv). Proves the
 * test environment gives real list/watch, status subresource and CRD
 * validation semantics with KEDA's CRDs installed.
 */
import {
  CustomObjectsApi,
  KubeConfig,
  PatchStrategy,
  setHeaderOptions,
  Watch,
} from '@kubernetes/client-node';
import { createTestNamespace, getTestCluster, TestCluster } from './shared';

jest.setTimeout(10 * 60_000);

const group = 'keda.sh';
const version = 'v1alpha1';
const plural = 'scaledobjects';

function scaledObject(name: string, namespace: string, spec: object = {}) {
  return {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledObject',
    metadata: {
      name,
      namespace,
      labels: { 'backstage.io/kubernetes-id': name },
    },
    spec: {
      scaleTargetRef: { name },
      minReplicaCount: 0,
      maxReplicaCount: 10,
      triggers: [
        {
          type: 'cron',
          metadata: {
            timezone: 'UTC',
            start: '0 8 * * *',
            end: '0 18 * * *',
            desiredReplicas: '3',
          },
        },
      ],
      ...spec,
    },
  };
}

describe('kube-testenv API server [integration]', () => {
  let cluster: TestCluster;
  let admin: KubeConfig;
  let api: CustomObjectsApi;
  let namespace: string;

  beforeAll(async () => {
    cluster = await getTestCluster();
    admin = cluster.admin;
    api = admin.makeApiClient(CustomObjectsApi);
    namespace = await createTestNamespace(admin, 'testenv');
  });

  afterAll(async () => {
    await cluster?.release();
  });

  it('creates a ScaledObject and reads it back', async () => {
    await api.createNamespacedCustomObject({
      group,
      version,
      namespace,
      plural,
      body: scaledObject('orders', namespace),
    });
    const read: any = await api.getNamespacedCustomObject({
      group,
      version,
      namespace,
      plural,
      name: 'orders',
    });
    expect(read.spec.maxReplicaCount).toBe(10);
    expect(read.metadata.labels['backstage.io/kubernetes-id']).toBe('orders');
    expect(read.metadata.resourceVersion).toMatch(/^\d+$/);
  });

  it('delivers a watch event when the status subresource is updated', async () => {
    await api.createNamespacedCustomObject({
      group,
      version,
      namespace,
      plural,
      body: scaledObject('watched', namespace),
    });
    const list: any = await api.listNamespacedCustomObject({
      group,
      version,
      namespace,
      plural,
    });

    const events: Array<{ type: string; object: any }> = [];
    let done!: () => void;
    const afterStatus = new Promise<void>(r => {
      done = r;
    });
    const watch = new Watch(admin);
    const gotStatus = new Promise<any>((resolve, reject) => {
      void watch
        .watch(
          `/apis/${group}/${version}/namespaces/${namespace}/${plural}`,
          { resourceVersion: list.metadata.resourceVersion },
          (type, object) => {
            events.push({ type, object });
            if (type === 'MODIFIED' && object.status?.conditions?.length) {
              resolve(object);
            }
          },
          err => err && reject(err),
        )
        .then(req => afterStatus.then(() => req.abort()));
    });

    // Status is a subresource: a plain update would ignore it.
    await api.patchNamespacedCustomObjectStatus(
      {
        group,
        version,
        namespace,
        plural,
        name: 'watched',
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
                type: 'Active',
                status: 'False',
                reason: 'ScalerNotActive',
                message: 'idle',
              },
            ],
          },
        },
      },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    const modified = await gotStatus;
    done();
    expect(modified.metadata.name).toBe('watched');
    expect(modified.status.conditions.map((c: any) => c.type)).toEqual([
      'Ready',
      'Active',
    ]);
    expect(events.every(e => e.object.metadata.name === 'watched')).toBe(true);
  });

  it('rejects minReplicaCount above maxReplicaCount in a server-side dry run', async () => {
    const invalid = scaledObject('invalid', namespace, {
      minReplicaCount: 5,
      maxReplicaCount: 2,
    });
    await expect(
      api.createNamespacedCustomObject({
        group,
        version,
        namespace,
        plural,
        body: invalid,
        dryRun: 'All',
      }),
    ).rejects.toThrow(
      /minReplicaCount must be less than or equal to maxReplicaCount/,
    );

    // The same object with sane bounds passes the dry run and is not stored.
    await api.createNamespacedCustomObject({
      group,
      version,
      namespace,
      plural,
      body: scaledObject('invalid', namespace),
      dryRun: 'All',
    });
    await expect(
      api.getNamespacedCustomObject({
        group,
        version,
        namespace,
        plural,
        name: 'invalid',
      }),
    ).rejects.toThrow(/404|not found/i);
  });
});
