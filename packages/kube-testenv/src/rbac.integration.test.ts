/**
 * Integration: the read-only account of examples/rbac can list and watch what
 * the suite reads, and can change nothing and read no Secret.
 */
import {
  AppsV1Api,
  AutoscalingV2Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  Watch,
} from '@kubernetes/client-node';
import { createTestNamespace, getTestCluster, TestCluster } from './shared';
import { kubeConfigForToken, readOnlyAccountToken } from './testenv';

jest.setTimeout(10 * 60_000);

describe('examples/rbac read-only account [integration]', () => {
  let cluster: TestCluster;
  let reader: KubeConfig;
  let namespace: string;

  beforeAll(async () => {
    cluster = await getTestCluster();
    const token = await readOnlyAccountToken(cluster.admin);
    reader = kubeConfigForToken(cluster.server, token);
    namespace = await createTestNamespace(cluster.admin, 'rbac');
    await cluster.admin.makeApiClient(CoreV1Api).createNamespacedSecret({
      namespace,
      body: {
        metadata: { name: 'kafka-credentials' },
        stringData: { password: 'hunter2' },
      },
    });
  });

  afterAll(async () => {
    await cluster?.release();
  });

  const seeded = {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledObject',
    metadata: { name: 'seeded', namespace: '' },
    spec: {
      scaleTargetRef: { name: 'seeded' },
      triggers: [{ type: 'cpu', metadata: { value: '50' } }],
    },
  };
  beforeAll(async () => {
    seeded.metadata.namespace = namespace;
    await cluster.admin
      .makeApiClient(CustomObjectsApi)
      .createNamespacedCustomObject({
        group: 'keda.sh',
        version: 'v1alpha1',
        namespace,
        plural: 'scaledobjects',
        body: seeded,
      });
  });

  const forbidden = expect.objectContaining({ code: 403 });

  it('lists what the suite reads', async () => {
    const custom = reader.makeApiClient(CustomObjectsApi);
    const lists: Array<Promise<{ items: unknown[] }>> = [];
    for (const plural of [
      'scaledobjects',
      'scaledjobs',
      'triggerauthentications',
    ]) {
      lists.push(
        custom.listNamespacedCustomObject({
          group: 'keda.sh',
          version: 'v1alpha1',
          namespace,
          plural,
        }),
        custom.listClusterCustomObject({
          group: 'keda.sh',
          version: 'v1alpha1',
          plural,
        }),
      );
    }
    lists.push(
      custom.listClusterCustomObject({
        group: 'keda.sh',
        version: 'v1alpha1',
        plural: 'clustertriggerauthentications',
      }),
      reader
        .makeApiClient(AutoscalingV2Api)
        .listHorizontalPodAutoscalerForAllNamespaces(),
      reader.makeApiClient(AppsV1Api).listDeploymentForAllNamespaces(),
      reader.makeApiClient(AppsV1Api).listStatefulSetForAllNamespaces(),
      reader.makeApiClient(CoreV1Api).listEventForAllNamespaces(),
    );
    const results = await Promise.all(lists);
    for (const result of results) {
      expect(Array.isArray(result.items)).toBe(true);
    }
    // The namespaced ScaledObject list shows what the admin created.
    expect((results[0].items as any[]).map(o => o.metadata.name)).toEqual([
      'seeded',
    ]);
  });

  it('watches ScaledObjects', async () => {
    const watch = new Watch(reader);
    let request: { abort(): void } | undefined;
    // A watch from no resourceVersion starts with an ADDED event per object.
    const added = await new Promise<any>((resolve, reject) => {
      watch
        .watch(
          `/apis/keda.sh/v1alpha1/namespaces/${namespace}/scaledobjects`,
          {},
          (type, object) => type === 'ADDED' && resolve(object),
          err => err && reject(err),
        )
        .then(r => {
          request = r;
        }, reject);
    });
    request?.abort();
    expect(added.metadata.name).toBe('seeded');
  });

  it('cannot create, patch or delete anything', async () => {
    const custom = reader.makeApiClient(CustomObjectsApi);
    const so = {
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledObject',
      metadata: { name: 'nope', namespace },
      spec: {
        scaleTargetRef: { name: 'nope' },
        triggers: [{ type: 'cpu', metadata: { value: '50' } }],
      },
    };
    await expect(
      custom.createNamespacedCustomObject({
        group: 'keda.sh',
        version: 'v1alpha1',
        namespace,
        plural: 'scaledobjects',
        body: so,
      }),
    ).rejects.toEqual(forbidden);

    await cluster.admin
      .makeApiClient(CustomObjectsApi)
      .createNamespacedCustomObject({
        group: 'keda.sh',
        version: 'v1alpha1',
        namespace,
        plural: 'scaledobjects',
        body: so,
      });
    await expect(
      custom.patchNamespacedCustomObject({
        group: 'keda.sh',
        version: 'v1alpha1',
        namespace,
        plural: 'scaledobjects',
        name: 'nope',
        body: [{ op: 'replace', path: '/spec/maxReplicaCount', value: 99 }],
      }),
    ).rejects.toEqual(forbidden);
    await expect(
      custom.deleteNamespacedCustomObject({
        group: 'keda.sh',
        version: 'v1alpha1',
        namespace,
        plural: 'scaledobjects',
        name: 'nope',
      }),
    ).rejects.toEqual(forbidden);
    await expect(
      reader.makeApiClient(AppsV1Api).createNamespacedDeployment({
        namespace,
        body: {
          metadata: { name: 'nope' },
          spec: {
            selector: { matchLabels: { app: 'nope' } },
            template: {
              metadata: { labels: { app: 'nope' } },
              spec: { containers: [{ name: 'c', image: 'x' }] },
            },
          },
        },
      }),
    ).rejects.toEqual(forbidden);
    await expect(
      reader.makeApiClient(CoreV1Api).deleteNamespace({ name: namespace }),
    ).rejects.toEqual(forbidden);
  });

  it('cannot read Secrets', async () => {
    const core = reader.makeApiClient(CoreV1Api);
    await expect(core.listNamespacedSecret({ namespace })).rejects.toEqual(
      forbidden,
    );
    await expect(
      core.readNamespacedSecret({ name: 'kafka-credentials', namespace }),
    ).rejects.toEqual(forbidden);
    await expect(core.listSecretForAllNamespaces()).rejects.toEqual(forbidden);
  });
});
