/**
 * Integration: several clusters, one going away and coming back, and a
 * watch that resumes after the API server compacted past it. Each test runs
 * its own API servers, read with the read-only account of examples/rbac.
 */
import {
  applyObjects,
  eventually,
  KubeTestEnv,
  readManifests,
  REPO_ROOT,
  serviceAccountToken,
  startKubeTestEnv,
} from '@keda-portal/kube-testenv';
import {
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
} from '@kubernetes/client-node';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { KedaClusterDetails } from '../clusters/readClusters';
import { ClusterCache } from './ClusterCache';
import { ClusterReader, kubeConfigFor } from './ClusterReader';
import { KEDA_RESOURCE_KINDS } from './kinds';

jest.setTimeout(10 * 60_000);

async function prepare(
  env: KubeTestEnv,
  name: string,
): Promise<KedaClusterDetails> {
  const admin = env.adminConfig();
  await applyObjects(
    admin,
    readManifests(path.join(REPO_ROOT, 'examples', 'rbac')),
  );
  await admin
    .makeApiClient(CoreV1Api)
    .createNamespace({ body: { metadata: { name: 'shop' } } });
  await createScaledObject(admin, 'orders');
  return {
    name,
    url: env.server,
    source: 'config',
    authProvider: 'serviceAccount',
    serviceAccountToken: await serviceAccountToken(
      admin,
      'keda-portal',
      'keda-portal',
    ),
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

const entity = {
  metadata: { annotations: { 'backstage.io/kubernetes-id': 'orders' } },
};

describe('ClusterReader with two clusters [integration]', () => {
  const dirs: string[] = [];
  let east: KubeTestEnv;
  let west: KubeTestEnv;
  let reader: ClusterReader;

  afterAll(async () => {
    reader?.stop();
    await east?.stop();
    await west?.stop();
    dirs.forEach(d => fs.rmSync(d, { recursive: true, force: true }));
  });

  it('keeps answering for the live cluster while the other is down, and recovers it', async () => {
    const westDir = fs.mkdtempSync(path.join(os.tmpdir(), 'west-'));
    dirs.push(westDir);
    east = await startKubeTestEnv();
    west = await startKubeTestEnv({ dir: westDir });
    const westPort = Number(new URL(west.server).port);
    reader = new ClusterReader(
      [await prepare(east, 'east'), await prepare(west, 'west')],
      {
        informer: { minBackoffMs: 100, maxBackoffMs: 1000 },
      },
    );
    reader.start();

    const both = await eventually(() => {
      const r = reader.forEntity(entity);
      return (
        r.every(
          c => c.cluster.state === 'synced' && c.workloads.length === 1,
        ) && r
      );
    });
    expect(both.map(c => c.cluster.cluster)).toEqual(['east', 'west']);

    await west.stop();
    const down = await eventually(() => {
      const r = reader.forEntity(entity);
      // The first error may be the broken watch; then reconnects are refused.
      return (
        r[1].cluster.state === 'stale' &&
        /ECONNREFUSED/.test(r[1].cluster.error ?? '') &&
        r
      );
    });
    expect(down[0]).toMatchObject({
      cluster: { cluster: 'east', state: 'synced' },
    });
    expect(down[0].workloads[0].scaledObject?.metadata?.name).toBe('orders');
    expect(down[1].cluster.since).toMatch(/^\d{4}-/);

    // Same data folder and port: the same cluster comes back.
    west = await startKubeTestEnv({ dir: westDir, port: westPort });
    await createScaledObject(west.adminConfig(), 'orders-v2');
    const back = await eventually(() => {
      const r = reader.forEntity(entity);
      return (
        r[1].cluster.state === 'synced' && r[1].workloads.length === 2 && r
      );
    });
    expect(
      back[1].workloads.map(w => w.scaledObject?.metadata?.name).sort(),
    ).toEqual(['orders', 'orders-v2']);
  });
});

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
    const informer = cache.informers.get('scaledobjects')!;
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
