/**
 * Integration: a watch that resumes after the API server compacted past it,
 * on an API server of its own, read with the read-only account of
 * examples/rbac. (Several clusters, one going away and coming back, are
 * covered through the endpoint in keda-backend's clusters.integration.test.)
 */
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
} from '@kubernetes/client-node';
import { KedaClusterDetails } from '../clusters/readClusters';
import { ClusterCache } from './ClusterCache';
import { kubeConfigFor } from './ClusterReader';
import { KEDA_RESOURCE_KINDS } from './kinds';

jest.setTimeout(10 * 60_000);

async function prepare(
  env: KubeTestEnv,
  name: string,
): Promise<KedaClusterDetails> {
  const admin = env.adminConfig();
  await admin
    .makeApiClient(CoreV1Api)
    .createNamespace({ body: { metadata: { name: 'shop' } } });
  await createScaledObject(admin, 'orders');
  return {
    name,
    url: env.server,
    source: 'config',
    authProvider: 'serviceAccount',
    serviceAccountToken: await readOnlyAccountToken(admin),
    skipTLSVerify: true,
  };
}

async function createScaledObject(admin: KubeConfig, name: string) {
  await admin.makeApiClient(CustomObjectsApi).createNamespacedCustomObject({
    group: 'keda.sh',
    version: 'v1alpha1',
    namespace: 'shop',
    plural: 'scaledobjects',
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

describe('ResourceInformer after compaction [integration]', () => {
  let env: KubeTestEnv;
  afterAll(async () => {
    await env?.stop();
  });

  it('relists when its resourceVersion was compacted away and then matches a direct list', async () => {
    // Watches straight from etcd, compacted every second: an old version is gone quickly.
    env = await startKubeTestEnv({
      apiserverArgs: ['--watch-cache=false', '--etcd-compaction-interval=1s'],
    });
    const details = await prepare(env, 'compacting');
    const kinds = KEDA_RESOURCE_KINDS.filter(k => k.key === 'scaledobjects');
    const cache = new ClusterCache('compacting', kubeConfigFor(details), {
      kinds,
    });
    cache.start();
    // eslint-disable-next-line dot-notation -- the informers are private; the test reads their request counters
    const informer = cache['informers'].get('scaledobjects')!;
    await eventually(() => cache.status().state === 'synced');
    const oldVersion = informer.version!;
    informer.stop();

    const admin = env.adminConfig();
    for (let i = 0; i < 20; i++) await createScaledObject(admin, `burst-${i}`);
    await admin.makeApiClient(CustomObjectsApi).deleteNamespacedCustomObject({
      group: 'keda.sh',
      version: 'v1alpha1',
      namespace: 'shop',
      plural: 'scaledobjects',
      name: 'burst-0',
    });
    await new Promise(r => setTimeout(r, 4000)); // a few compactions

    informer.resumeFrom(oldVersion);
    await eventually(() => informer.requests.relists >= 1);
    const direct: any = await admin
      .makeApiClient(CustomObjectsApi)
      .listClusterCustomObject({
        group: 'keda.sh',
        version: 'v1alpha1',
        plural: 'scaledobjects',
      });
    const expected = direct.items
      .map((o: any) => `${o.metadata.name}@${o.metadata.resourceVersion}`)
      .sort();
    await eventually(() => informer.list().length === expected.length);
    expect(
      informer
        .list()
        .map(o => `${o.metadata!.name}@${o.metadata!.resourceVersion}`)
        .sort(),
    ).toEqual(expected);
    cache.stop();
  });
});
