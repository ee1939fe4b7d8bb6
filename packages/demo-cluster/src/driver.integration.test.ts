/**
 * Integration, against the real chain (KEDA's operator, metrics adapter and
 * webhooks, the HPA controller, kwok's nodes) and the real event sources:
 * the examples are accepted by KEDA's webhooks, and KEDA reacts to what the
 * load generator does. Everything asserted here was written by KEDA or the
 * HPA controller; the driver writes nothing to the cluster.
 */
import { getKedaCluster } from '@keda-portal/keda-testenv';
import {
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
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LoadDriver } from './driver';
import { renderManifests } from './render';
import { RunningDemoSources, startDemoSources } from './sources';
import { DemoPlan, Outage, SourceName } from './waves';

jest.setTimeout(15 * 60_000);

/** Retries the assertions every 2 s until they pass; fails with the last failure. */
async function eventually(assertions: () => Promise<void>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await assertions();
      return;
    } catch (e) {
      if (Date.now() > deadline) throw e;
    }
    await new Promise(r => setTimeout(r, 2000));
  }
}

/** A source stopped for the whole test. */
const outage = (source: SourceName): Outage => ({
  source,
  periodSeconds: 3600,
  startSeconds: 0,
  lengthSeconds: 3600,
});

const idle: DemoPlan = {
  requestRate: { kind: 'constant', value: 100 },
  consumerLag: { kind: 'constant', value: 100 },
  queueDepth: { kind: 'constant', value: 0 },
  retryListLength: { kind: 'constant', value: 0 },
  outages: [],
};

describe('the demo load generator against the real KEDA [integration]', () => {
  let cluster: TestCluster;
  let running: RunningDemoSources;
  let dir: string;
  const suffix = `-${Date.now().toString(36)}`;
  const ns = (name: string) => `${name}${suffix}`;
  let driver: LoadDriver | undefined;
  let timer: NodeJS.Timeout | undefined;
  const log: string[] = [];

  /** Runs a driver with this plan every 2 s until the next call. */
  const drive = async (plan: DemoPlan) => {
    clearInterval(timer);
    await driver?.restoreAll();
    driver = new LoadDriver(running.sources, plan, m => log.push(m));
    await driver.tick();
    timer = setInterval(() => void driver!.tick().catch(() => {}), 2000);
  };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-driver-'));
    // One after the other, so afterAll stops whichever started.
    cluster = await getKedaCluster();
    running = await startDemoSources({ dir, log: () => {} });
    await drive(idle);
    // The examples, each in a namespace of this run's own.
    const objects = renderManifests(
      path.join(REPO_ROOT, 'examples', 'cluster'),
      running.values,
    ).map(o => {
      const copy = JSON.parse(JSON.stringify(o)) as KubernetesObject;
      if (copy.kind === 'Namespace')
        copy.metadata!.name = ns(o.metadata!.name!);
      else copy.metadata!.namespace = ns(o.metadata!.namespace!);
      return copy;
    });
    // Every example passes KEDA's admission webhooks.
    await applyObjects(cluster.admin, objects);
  });

  afterAll(async () => {
    clearInterval(timer);
    await driver?.restoreAll().catch(() => {});
    await running?.stop();
    await cluster?.release();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const scaledObject = async (namespace: string, name: string) =>
    (await cluster.admin
      .makeApiClient(CustomObjectsApi)
      .getNamespacedCustomObject({
        group: 'keda.sh',
        version: 'v1alpha1',
        plural: 'scaledobjects',
        namespace: ns(namespace),
        name,
      })) as any;
  const condition = (so: any, type: string) =>
    so.status?.conditions?.find((c: any) => c.type === type);
  const deployment = (namespace: string, name: string) =>
    cluster.admin
      .makeApiClient(AppsV1Api)
      .readNamespacedDeployment({ namespace: ns(namespace), name });
  const hpa = (namespace: string, name: string) =>
    cluster.admin
      .makeApiClient(AutoscalingV2Api)
      .readNamespacedHorizontalPodAutoscaler({
        namespace: ns(namespace),
        name,
      });

  it('wakes email-worker from zero when messages wait in its RabbitMQ queue, and KEDA says why', async () => {
    // Idle: KEDA keeps it at zero and says the triggers are not active.
    await eventually(async () => {
      const so = await scaledObject('notifications', 'email-worker');
      expect(condition(so, 'Ready')?.status).toBe('True');
      expect(condition(so, 'Active')?.status).toBe('False');
      expect(
        (await deployment('notifications', 'email-worker')).spec?.replicas,
      ).toBe(0);
    }, 3 * 60_000);

    await drive({ ...idle, queueDepth: { kind: 'constant', value: 60 } });
    // 60 messages at 20 per replica: KEDA activates, the HPA asks for 3.
    await eventually(async () => {
      const so = await scaledObject('notifications', 'email-worker');
      expect(condition(so, 'Active')).toMatchObject({
        status: 'True',
        reason: 'ScalerActive',
      });
      const metric = Object.keys(so.status.triggersActivity).find(m =>
        m.startsWith('s0-rabbitmq-'),
      )!;
      expect(so.status.triggersActivity[metric].isActive).toBe(true);
      const h = await hpa('notifications', so.status.hpaName);
      const current = h.status?.currentMetrics?.find(
        m => m.external?.metric.name === metric,
      );
      // KEDA's adapter serves the queue depth; the HPA reports it per replica.
      expect(current?.external?.current.averageValue).toBeDefined();
      expect(h.status?.desiredReplicas).toBe(3);
      const d = await deployment('notifications', 'email-worker');
      expect(d.spec?.replicas).toBe(3);
      // kwok's nodes run the pods: they become ready.
      expect(d.status?.readyReplicas).toBe(3);
    }, 4 * 60_000);
  });

  it("serves orders-api's fallback replicas while the driver has Prometheus stopped, and scales on the request rate again once it is back", async () => {
    // Healthy first: 100 requests/s at 50 per replica asks for 2.
    await eventually(async () => {
      const so = await scaledObject('shop', 'orders-api');
      expect(condition(so, 'Ready')?.status).toBe('True');
      expect(condition(so, 'Fallback')?.status).not.toBe('True');
      expect((await deployment('shop', 'orders-api')).spec?.replicas).toBe(2);
    }, 4 * 60_000);

    await drive({ ...idle, outages: [outage('prometheus')] });
    await eventually(async () => {
      const so = await scaledObject('shop', 'orders-api');
      const health = so.status.health?.['s0-prometheus'];
      expect(health?.status).toBe('Failing');
      expect(health?.numberOfFailures).toBeGreaterThan(3);
      expect(condition(so, 'Fallback')).toMatchObject({
        status: 'True',
        reason: 'FallbackExists',
      });
      expect((await deployment('shop', 'orders-api')).spec?.replicas).toBe(6);
    }, 4 * 60_000);
    expect(log).toContain(
      "stopping prometheus (a planned outage: KEDA's scaler fails)",
    );

    await drive(idle); // Prometheus back
    await eventually(async () => {
      const so = await scaledObject('shop', 'orders-api');
      expect(condition(so, 'Fallback')?.status).toBe('False');
      expect((await deployment('shop', 'orders-api')).spec?.replicas).toBe(2);
    }, 4 * 60_000);
  });

  it("fails orders-consumer's trigger while Kafka is stopped: KEDA cannot build the kafka scaler, so its fallback does not engage and the HPA keeps the replicas", async () => {
    // 100 of lag at 50 per replica: 2.
    await eventually(async () => {
      const so = await scaledObject('shop', 'orders-consumer');
      expect(so.status.health?.['s0-kafka-orders']?.status).toBe('Happy');
      expect((await deployment('shop', 'orders-consumer')).spec?.replicas).toBe(
        2,
      );
    }, 4 * 60_000);

    await drive({ ...idle, outages: [outage('kafka')] });
    const core = cluster.admin.makeApiClient(CoreV1Api);
    await eventually(async () => {
      const so = await scaledObject('shop', 'orders-consumer');
      expect(so.status.health?.['s0-kafka-orders']?.status).toBe('Failing');
      const events = await core.listNamespacedEvent({ namespace: ns('shop') });
      expect(
        events.items.some(
          e =>
            e.involvedObject.name === 'orders-consumer' &&
            e.reason === 'KEDAScalerFailed' &&
            /error creating kafka client/.test(e.message ?? ''),
        ),
      ).toBe(true);
      expect(
        events.items.some(
          e =>
            e.involvedObject.name === 'keda-hpa-orders-consumer' &&
            e.reason === 'FailedGetExternalMetric',
        ),
      ).toBe(true);
    }, 3 * 60_000);
    // A minute on: still no fallback (its 6 replicas), the HPA holds at 2.
    await new Promise(r => setTimeout(r, 60_000));
    const so = await scaledObject('shop', 'orders-consumer');
    expect(condition(so, 'Fallback')?.status).not.toBe('True');
    expect((await deployment('shop', 'orders-consumer')).spec?.replicas).toBe(
      2,
    );

    await drive(idle); // Kafka back
    await eventually(async () => {
      const back = await scaledObject('shop', 'orders-consumer');
      expect(back.status.health?.['s0-kafka-orders']?.status).toBe('Happy');
    }, 4 * 60_000);
  });
});
