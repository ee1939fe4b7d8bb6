/**
 * Integration: the demo driver against the real API server writes what
 * KEDA and the HPA controller would, and the status changes over a minute.
 */
import {
  createTestNamespace,
  getTestCluster,
  readManifests,
  applyObjects,
  REPO_ROOT,
  TestCluster,
} from '@keda-portal/kube-testenv';
import {
  AppsV1Api,
  AutoscalingV2Api,
  CoreV1Api,
  CustomObjectsApi,
  KubernetesObject,
} from '@kubernetes/client-node';
import path from 'node:path';
import { DemoDriver } from './driver';

jest.setTimeout(10 * 60_000);

describe('DemoDriver [integration]', () => {
  let cluster: TestCluster;
  let ns: Record<string, string>;

  beforeAll(async () => {
    cluster = await getTestCluster();
    // The examples' namespaces, renamed so the test is isolated.
    ns = {};
    for (const name of ['shop', 'notifications', 'analytics']) {
      ns[name] = await createTestNamespace(cluster.admin, name);
    }
    const objects = readManifests(path.join(REPO_ROOT, 'examples', 'cluster'))
      .filter(o => o.kind !== 'Namespace')
      .map(o => ({
        ...o,
        metadata: { ...o.metadata, namespace: ns[o.metadata!.namespace!] },
      })) as KubernetesObject[];
    await applyObjects(cluster.admin, objects);
  });

  afterAll(async () => {
    await cluster?.release();
  });

  it('writes ScaledObject status, HPAs, replica status and events that change over a minute', async () => {
    const driver = new DemoDriver(cluster.admin);
    const custom = cluster.admin.makeApiClient(CustomObjectsApi);
    const t0 = 1_800_000_000_000; // a fixed clock: reproducible scenario phases

    // Only this test's namespaces: other tests share the server.
    const read = async () => {
      const so: any = await custom.getNamespacedCustomObject({
        group: 'keda.sh',
        version: 'v1alpha1',
        namespace: ns.shop,
        plural: 'scaledobjects',
        name: 'orders-api',
      });
      const hpa = await cluster.admin
        .makeApiClient(AutoscalingV2Api)
        .readNamespacedHorizontalPodAutoscaler({
          name: 'keda-hpa-orders-api',
          namespace: ns.shop,
        });
      const deploy = await cluster.admin
        .makeApiClient(AppsV1Api)
        .readNamespacedDeployment({ name: 'orders-api', namespace: ns.shop });
      return { so, hpa, deploy };
    };

    await driver.tick(t0);
    const first = await read();
    expect(
      first.so.status.conditions.find((c: any) => c.type === 'Ready'),
    ).toMatchObject({
      status: 'True',
      reason: 'ScaledObjectReady',
    });
    expect(first.so.status.hpaName).toBe('keda-hpa-orders-api');
    expect(first.so.status.externalMetricNames).toEqual(['s0-prometheus']);
    expect(first.hpa.metadata!.labels!['backstage.io/kubernetes-id']).toBe(
      'orders-api',
    );
    expect(first.hpa.status!.currentMetrics![0].external!.metric.name).toBe(
      's0-prometheus',
    );
    expect(first.deploy.status!.readyReplicas).toBe(
      first.hpa.status!.currentReplicas,
    );

    const seen = new Set([first.deploy.spec!.replicas]);
    for (let s = 15; s <= 60; s += 15) {
      await driver.tick(t0 + s * 1000);
      seen.add((await read()).deploy.spec!.replicas);
    }
    expect(seen.size).toBeGreaterThan(1);

    const sj: any = await custom.getNamespacedCustomObject({
      group: 'keda.sh',
      version: 'v1alpha1',
      namespace: ns.analytics,
      plural: 'scaledjobs',
      name: 'nightly-report',
    });
    expect(sj.status.conditions.map((c: any) => c.type)).toEqual([
      'Ready',
      'Active',
      'Paused',
    ]);

    const events = await cluster.admin
      .makeApiClient(CoreV1Api)
      .listNamespacedEvent({ namespace: ns.shop });
    expect(events.items.map(e => e.reason)).toEqual(
      expect.arrayContaining(['KEDAScalersStarted', 'ScaledObjectReady']),
    );
    expect(
      events.items.every(e => e.source?.component === 'keda-operator'),
    ).toBe(true);
  });
});
