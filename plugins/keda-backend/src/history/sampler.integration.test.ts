/**
 * Integration: two backend replicas (each with its own watch caches) sample
 * the same cluster into one PostgreSQL database. Each change must be stored
 * once: both replicas derive the same keys, and the table keeps one row each.
 */
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import {
  createTestNamespace,
  eventually,
  getTestCluster,
  TestCluster,
} from '@keda-portal/kube-testenv';
import { ClusterReader } from '@keda-portal/plugin-keda-node';
import {
  AppsV1Api,
  AutoscalingV2Api,
  CustomObjectsApi,
  PatchStrategy,
  setHeaderOptions,
} from '@kubernetes/client-node';
import { HistoryStore, Sample } from './HistoryStore';
import { samplesForChange } from './sampler';

jest.setTimeout(10 * 60_000);

/** How a backend replica reaches the shared test cluster. */
const clusterDetails = (cluster: TestCluster) => ({
  name: 'shared',
  url: cluster.server,
  source: 'config' as const,
  authProvider: 'serviceAccount',
  serviceAccountToken: cluster.admin.getCurrentUser()!.token,
  skipTLSVerify: true,
});

/** A Deployment `worker` and a ScaledObject `worker` with `spec` that scales it. */
async function createWorker(
  cluster: TestCluster,
  namespace: string,
  replicas: number,
  spec: object,
) {
  await cluster.admin.makeApiClient(AppsV1Api).createNamespacedDeployment({
    namespace,
    body: {
      metadata: { name: 'worker' },
      spec: {
        replicas,
        selector: { matchLabels: { app: 'worker' } },
        template: {
          metadata: { labels: { app: 'worker' } },
          spec: { containers: [{ name: 'w', image: 'w' }] },
        },
      },
    },
  });
  await cluster.admin
    .makeApiClient(CustomObjectsApi)
    .createNamespacedCustomObject({
      group: 'keda.sh',
      version: 'v1alpha1',
      namespace,
      plural: 'scaledobjects',
      body: {
        apiVersion: 'keda.sh/v1alpha1',
        kind: 'ScaledObject',
        metadata: { name: 'worker', namespace },
        spec: { scaleTargetRef: { name: 'worker' }, ...spec },
      },
    });
}

const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });

describe('history from two backend replicas [integration]', () => {
  let cluster: TestCluster;
  afterAll(async () => {
    await cluster?.release();
  });

  it('stores each observed change once', async () => {
    cluster = await getTestCluster();
    const namespace = await createTestNamespace(cluster.admin, 'replicas');
    const knex = await databases.init('POSTGRES_15');
    const details = clusterDetails(cluster);

    // Two replicas: their own reader, their own store object, one database.
    // (Started one after the other, as a rolling deployment does.)
    const replicas = [];
    for (const _ of [0, 1]) {
      replicas.push(
        await (async () => {
          const reader = new ClusterReader([details]);
          const store = await HistoryStore.create(
            mockServices.database({ knex }),
          );
          const seen: Sample[] = [];
          reader.subscribe(change => {
            const samples = samplesForChange(reader, change, new Date()).filter(
              s => s.namespace === namespace,
            );
            seen.push(...samples);
            void store.record(samples);
          });
          reader.start();
          return { reader, store, seen };
        })(),
      );
    }

    await createWorker(cluster, namespace, 1, {
      triggers: [
        { type: 'cpu', metadata: { value: '50' }, metricType: 'Utilization' },
      ],
    });
    await new Promise(r => setTimeout(r, 1000));
    const apps = cluster.admin.makeApiClient(AppsV1Api);
    for (const replicasWanted of [2, 3, 4]) {
      await apps.patchNamespacedDeployment(
        {
          name: 'worker',
          namespace,
          body: { spec: { replicas: replicasWanted } },
        },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      );
      await new Promise(r => setTimeout(r, 300));
    }
    await new Promise(r => setTimeout(r, 1500));
    replicas.forEach(r => r.reader.stop());

    const keysOf = (samples: Sample[]) =>
      [...new Set(samples.map(s => s.sourceKey))].sort();
    const [a, b] = replicas.map(r => keysOf(r.seen));
    expect(a.length).toBeGreaterThanOrEqual(4); // creation + three scale changes
    expect(b).toEqual(a); // both replicas name each change the same way

    const rows = await knex('keda_samples')
      .where({ namespace })
      .select('source_key', 'desired');
    expect(rows.map(r => r.source_key).sort()).toEqual(a); // one row per change
    expect(rows.map(r => r.desired)).toEqual(expect.arrayContaining([2, 3, 4]));
  });
});

describe('samples of a ScaledObject with its own HPA name [integration]', () => {
  let cluster: TestCluster;
  let reader: ClusterReader | undefined;
  afterAll(async () => {
    reader?.stop();
    await cluster?.release();
  });

  // KEDA names the HPA after spec.advanced.horizontalPodAutoscalerConfig.name
  // when it is set; until KEDA writes status.hpaName, that name is the one
  // to look for (the sampler once looked for keda-hpa-<name> only).
  it('reads the metrics of the HPA named in horizontalPodAutoscalerConfig', async () => {
    cluster = await getTestCluster();
    const namespace = await createTestNamespace(cluster.admin, 'hpaname');
    const hpas = cluster.admin.makeApiClient(AutoscalingV2Api);
    const metric = {
      name: 's0-rabbitmq-orders',
      selector: { matchLabels: { 'scaledobject.keda.sh/name': 'worker' } },
    };
    await hpas.createNamespacedHorizontalPodAutoscaler({
      namespace,
      body: {
        metadata: {
          name: 'worker-custom-hpa',
          labels: { 'app.kubernetes.io/managed-by': 'keda-operator' },
        },
        spec: {
          scaleTargetRef: {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            name: 'worker',
          },
          minReplicas: 1,
          maxReplicas: 10,
          metrics: [
            {
              type: 'External',
              external: {
                metric,
                target: { type: 'AverageValue', averageValue: '5' },
              },
            },
          ],
        },
      },
    });
    await hpas.patchNamespacedHorizontalPodAutoscalerStatus(
      {
        name: 'worker-custom-hpa',
        namespace,
        body: {
          status: {
            currentReplicas: 2,
            desiredReplicas: 2,
            currentMetrics: [
              {
                type: 'External',
                external: { metric, current: { averageValue: '7' } },
              },
            ],
          },
        },
      },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    await createWorker(cluster, namespace, 2, {
      advanced: {
        horizontalPodAutoscalerConfig: { name: 'worker-custom-hpa' },
      },
      triggers: [{ type: 'rabbitmq', metadata: { queueName: 'orders' } }],
    });

    reader = new ClusterReader([clusterDetails(cluster)]);
    reader.start();
    const cache = reader.cache('shared')!;
    const inNamespace = (kind: string) =>
      cache.objects(kind).filter(o => o.metadata?.namespace === namespace);
    await eventually(
      () =>
        inNamespace('scaledobjects').length === 1 &&
        inNamespace('hpas').length === 1 &&
        inNamespace('deployments').length === 1,
      30_000,
    );

    const hpa = inNamespace('hpas')[0];
    const [sample] = samplesForChange(
      reader,
      { cluster: 'shared', kind: 'hpas', type: 'modified', object: hpa },
      new Date(),
    );
    expect(sample).toMatchObject({
      namespace,
      name: 'worker',
      metrics: { 's0-rabbitmq-orders': '7' },
    });

    const relisted = samplesForChange(
      reader,
      { cluster: 'shared', kind: 'scaledobjects', type: 'relisted' },
      new Date(),
    ).filter(s => s.namespace === namespace);
    expect(relisted.map(s => s.metrics)).toEqual([
      { 's0-rabbitmq-orders': '7' },
    ]);
  });
});
