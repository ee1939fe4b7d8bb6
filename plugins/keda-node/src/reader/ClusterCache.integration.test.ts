/**
 * Integration: the watch-backed cache against the real API server, reading
 * with the read-only account of examples/rbac.
 */
import {
  eventually,
  createTestNamespace,
  getTestCluster,
  kubeConfigForToken,
  TestCluster,
  readOnlyAccountToken,
} from '@keda-portal/kube-testenv';
import {
  CustomObjectsApi,
  KubeConfig,
  PatchStrategy,
  setHeaderOptions,
} from '@kubernetes/client-node';
import { ClusterCache } from './ClusterCache';
import { parseLabelSelector } from './labelSelector';

jest.setTimeout(10 * 60_000);

describe('ClusterCache [integration]', () => {
  let cluster: TestCluster;
  let reader: KubeConfig;
  let namespace: string;
  let cache: ClusterCache;
  const changes: string[] = [];

  beforeAll(async () => {
    cluster = await getTestCluster();
    reader = kubeConfigForToken(
      cluster.server,
      await readOnlyAccountToken(cluster.admin),
    );
    namespace = await createTestNamespace(cluster.admin, 'cache');
    cache = new ClusterCache('test', reader, {
      onObjectChange: (kind, type, o) =>
        changes.push(`${kind}:${type}:${o?.metadata?.name ?? ''}`),
    });
    cache.start();
    await eventually(() => cache.status().state === 'synced', 30_000);
  });

  afterAll(async () => {
    cache?.stop();
    await cluster?.release();
  });

  const custom = () => cluster.admin.makeApiClient(CustomObjectsApi);
  const query = () => ({
    selector: parseLabelSelector('backstage.io/kubernetes-id=payments'),
    namespace,
  });

  it('sees a ScaledObject appear, change status and disappear', async () => {
    await custom().createNamespacedCustomObject({
      group: 'keda.sh',
      version: 'v1alpha1',
      namespace,
      plural: 'scaledobjects',
      body: {
        apiVersion: 'keda.sh/v1alpha1',
        kind: 'ScaledObject',
        metadata: {
          name: 'payments',
          namespace,
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
    const [found] = await eventually(() => {
      const w = cache.findWorkloads(query());
      return w.length ? w : undefined;
    });
    expect(found.scaledObject?.metadata?.name).toBe('payments');
    expect((found.scaledObject?.metadata as any).managedFields).toBeUndefined();

    await custom().patchNamespacedCustomObjectStatus(
      {
        group: 'keda.sh',
        version: 'v1alpha1',
        namespace,
        plural: 'scaledobjects',
        name: 'payments',
        body: {
          status: {
            conditions: [
              {
                type: 'Ready',
                status: 'False',
                reason: 'TriggerError',
                message: 'boom',
              },
            ],
          },
        },
      },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    await eventually(
      () =>
        (cache.findWorkloads(query())[0]?.scaledObject as any)?.status
          ?.conditions?.[0]?.reason === 'TriggerError',
    );

    await custom().deleteNamespacedCustomObject({
      group: 'keda.sh',
      version: 'v1alpha1',
      namespace,
      plural: 'scaledobjects',
      name: 'payments',
    });
    await eventually(() => cache.findWorkloads(query()).length === 0);
    expect(changes).toEqual(
      expect.arrayContaining([
        'scaledobjects:added:payments',
        'scaledobjects:modified:payments',
        'scaledobjects:deleted:payments',
      ]),
    );
  });

  it('answers lookups from memory: no list or watch requests per lookup', async () => {
    const before = [...cache.informers.values()].map(i => ({ ...i.requests }));
    for (let i = 0; i < 100; i++) cache.findWorkloads(query());
    const after = [...cache.informers.values()].map(i => ({ ...i.requests }));
    expect(after).toEqual(before);
  });

  it('reports a cluster it cannot reach as stale, with the error', async () => {
    const unreachable = new ClusterCache(
      'down',
      kubeConfigForToken('https://127.0.0.1:1', 'x'),
      { minBackoffMs: 50, maxBackoffMs: 200 },
    );
    unreachable.start();
    const status = await eventually(() => {
      const s = unreachable.status();
      return s.state === 'stale' ? s : undefined;
    });
    unreachable.stop();
    expect(status.error).toMatch(/ECONNREFUSED|connect/i);
  });
});
