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
  AppsV1Api,
  AutoscalingV2Api,
  CoreV1Api,
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

  it('puts a workload together and tells which workloads an object concerns', async () => {
    const admin = cluster.admin;
    const template = {
      metadata: { labels: { app: 'ledger' } },
      spec: { containers: [{ name: 'l', image: 'l' }] },
    };
    const selector = { matchLabels: { app: 'ledger' } };
    const apps = admin.makeApiClient(AppsV1Api);
    await apps.createNamespacedStatefulSet({
      namespace,
      body: {
        metadata: { name: 'ledger' },
        spec: { serviceName: 'ledger', selector, template },
      },
    });
    // Same name, other kind: not the ScaledObject's target.
    await apps.createNamespacedDeployment({
      namespace,
      body: { metadata: { name: 'ledger' }, spec: { selector, template } },
    });
    await admin
      .makeApiClient(AutoscalingV2Api)
      .createNamespacedHorizontalPodAutoscaler({
        namespace,
        body: {
          metadata: {
            name: 'ledger-hpa',
            labels: { 'app.kubernetes.io/managed-by': 'keda-operator' },
          },
          spec: {
            scaleTargetRef: {
              apiVersion: 'apps/v1',
              kind: 'StatefulSet',
              name: 'ledger',
            },
            maxReplicas: 5,
          },
        },
      });
    const created: any = await custom().createNamespacedCustomObject({
      group: 'keda.sh',
      version: 'v1alpha1',
      namespace,
      plural: 'scaledobjects',
      body: {
        apiVersion: 'keda.sh/v1alpha1',
        kind: 'ScaledObject',
        metadata: { name: 'ledger', namespace },
        spec: {
          scaleTargetRef: { kind: 'StatefulSet', name: 'ledger' },
          advanced: { horizontalPodAutoscalerConfig: { name: 'ledger-hpa' } },
          triggers: [
            {
              type: 'cron',
              metadata: {
                timezone: 'UTC',
                start: '0 8 * * *',
                end: '0 9 * * *',
                desiredReplicas: '2',
              },
            },
          ],
        },
      },
    });
    await admin.makeApiClient(CoreV1Api).createNamespacedEvent({
      namespace,
      body: {
        metadata: { generateName: 'ledger.' },
        involvedObject: {
          apiVersion: 'keda.sh/v1alpha1',
          kind: 'ScaledObject',
          name: 'ledger',
          namespace,
          uid: created.metadata.uid,
        },
        type: 'Normal',
        reason: 'KEDAScalersStarted',
        message: 'Started scalers watch',
        source: { component: 'keda-operator' },
        reportingComponent: 'keda-operator',
        reportingInstance: 'keda-operator-test',
      },
    });
    const inNamespace = (kind: string) =>
      cache.objects(kind).filter(o => o.metadata?.namespace === namespace);
    const [so, hpa, sts, deployment, event] = await eventually(() => {
      const found = [
        'scaledobjects',
        'hpas',
        'statefulsets',
        'deployments',
        'events',
      ].map(kind =>
        inNamespace(kind).find(o => o.metadata?.name?.startsWith('ledger')),
      );
      return found.every(Boolean) ? found : undefined;
    });

    const workload = cache.workloadFor(so!);
    expect(workload.hpa?.metadata?.name).toBe('ledger-hpa');
    expect(workload.target?.kind).toBe('StatefulSet');
    expect(workload.events.map(e => e.metadata?.name)).toEqual([
      event!.metadata?.name,
    ]);

    const concerned = (kind: string, o: any) =>
      cache.workloadsConcerning(kind, o).map(w => w.metadata?.name);
    expect(concerned('hpas', hpa)).toEqual(['ledger']);
    expect(concerned('statefulsets', sts)).toEqual(['ledger']);
    expect(concerned('deployments', deployment)).toEqual([]);
    expect(concerned('events', event)).toEqual(['ledger']);
    expect(concerned('scaledobjects', so)).toEqual(['ledger']);
  });

  it('answers lookups from memory: no list or watch requests per lookup', async () => {
    // eslint-disable-next-line dot-notation -- the informers are private; the test reads their request counters
    const before = [...cache['informers'].values()].map(i => ({
      ...i.requests,
    }));
    for (let i = 0; i < 100; i++) cache.findWorkloads(query());
    // eslint-disable-next-line dot-notation -- the informers are private; the test reads their request counters
    const after = [...cache['informers'].values()].map(i => ({
      ...i.requests,
    }));
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
