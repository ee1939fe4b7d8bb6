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

  it("plays orders-consumer's outage until its failures exceed failureThreshold and fallback replicas are served", async () => {
    const driver = new DemoDriver(cluster.admin);
    const custom = cluster.admin.makeApiClient(CustomObjectsApi);
    const apps = cluster.admin.makeApiClient(AppsV1Api);
    const t0 = 1_800_000_000_000;
    // examples/cluster/20-orders-consumer.yaml: fallback after 3 failures, 6 replicas.
    let maxFailures = 0;
    const fallbackReplicas = new Set<number>();
    // Ten minutes of demo time, a tick every 10 s (the spec polls every 30 s).
    for (let s = 0; s <= 600; s += 10) {
      await driver.tick(t0 + s * 1000);
      const so: any = await custom.getNamespacedCustomObject({
        group: 'keda.sh',
        version: 'v1alpha1',
        namespace: ns.shop,
        plural: 'scaledobjects',
        name: 'orders-consumer',
      });
      const failures = Object.values<any>(so.status.health ?? {}).map(
        h => h.numberOfFailures,
      );
      maxFailures = Math.max(maxFailures, ...failures);
      const fallback = so.status.conditions.find(
        (c: any) => c.type === 'Fallback',
      );
      if (fallback.status === 'True') {
        const deploy = await apps.readNamespacedDeployment({
          name: 'orders-consumer',
          namespace: ns.shop,
        });
        fallbackReplicas.add(deploy.status!.readyReplicas!);
      }
    }
    expect(maxFailures).toBeGreaterThan(3);
    expect([...fallbackReplicas]).toEqual([6]);
    const events = await cluster.admin
      .makeApiClient(CoreV1Api)
      .listNamespacedEvent({ namespace: ns.shop });
    expect(
      events.items
        .filter(e => e.involvedObject.name === 'orders-consumer')
        .map(e => e.reason),
    ).toEqual(
      expect.arrayContaining([
        'KEDAScalerFailed',
        'ScaledObjectFallbackActivated',
        'ScaledObjectFallbackDeactivated',
      ]),
    );
  });

  it('keeps nightly-report inactive outside 02:00-04:00 Europe/Amsterdam and creates jobs inside it', async () => {
    const driver = new DemoDriver(cluster.admin);
    const custom = cluster.admin.makeApiClient(CustomObjectsApi);
    const activeAt = async (iso: string) => {
      await driver.tick(Date.parse(iso));
      const sj: any = await custom.getNamespacedCustomObject({
        group: 'keda.sh',
        version: 'v1alpha1',
        namespace: ns.analytics,
        plural: 'scaledjobs',
        name: 'nightly-report',
      });
      const active = sj.status.conditions.find((c: any) => c.type === 'Active');
      expect(Object.values<any>(sj.status.triggersActivity)).toEqual([
        { isActive: active.status === 'True' },
      ]);
      return active.status === 'True';
    };
    const jobsCreated = async () =>
      (
        await cluster.admin
          .makeApiClient(CoreV1Api)
          .listNamespacedEvent({ namespace: ns.analytics })
      ).items.filter(e => e.reason === 'KEDAJobsCreated').length;

    // Every 2 minutes through a winter evening in Amsterdam (UTC+1): never.
    for (let m = 0; m < 60; m += 2) {
      const at = new Date(Date.parse('2026-12-03T18:00:00Z') + m * 60_000);
      expect(await activeAt(at.toISOString())).toBe(false);
    }
    expect(await jobsCreated()).toBe(0);
    expect(await activeAt('2026-12-04T00:59:00Z')).toBe(false); // 01:59
    expect(await activeAt('2026-12-04T01:00:00Z')).toBe(true); // 02:00
    expect(await jobsCreated()).toBe(1);
    expect(await activeAt('2026-12-04T02:59:00Z')).toBe(true); // 03:59
    expect(await activeAt('2026-12-04T03:00:00Z')).toBe(false); // 04:00
    // Summer time (UTC+2): 02:30 UTC is 04:30 in Amsterdam.
    expect(await activeAt('2026-07-04T02:30:00Z')).toBe(false);
    expect(await activeAt('2026-07-04T00:30:00Z')).toBe(true);
  });
});
