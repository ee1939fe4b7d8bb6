/**
 * Integration: a real API server of its own (the run's shared one has no
 * controllers, and this file's nodes and controllers would act on every other
 * test's objects) plus kube-controller-manager, kube-scheduler and kwok's fake
 * nodes from startControllers. Proves what the KEDA chain relies on:
 * Deployments get Running and Ready pods, scale, Jobs complete, the garbage
 * collector and the namespace controller clean up, the HPA controller runs.
 */
import {
  AppsV1Api,
  AutoscalingV2Api,
  BatchV1Api,
  CoreV1Api,
  KubeConfig,
  PatchStrategy,
  setHeaderOptions,
  V1Pod,
} from '@kubernetes/client-node';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Controllers, startControllers } from './controllers';
import { eventually } from './shared';
import { KubeTestEnv, startKubeTestEnv } from './testenv';

jest.setTimeout(15 * 60_000);

const namespace = 'controllers';

function running(pods: V1Pod[]): V1Pod[] {
  return pods.filter(
    p =>
      !p.metadata?.deletionTimestamp &&
      p.status?.phase === 'Running' &&
      p.status.conditions?.some(c => c.type === 'Ready' && c.status === 'True'),
  );
}

describe('startControllers [integration]', () => {
  let dir: string;
  let env: KubeTestEnv;
  let controllers: Controllers;
  let admin: KubeConfig;
  let core: CoreV1Api;
  let apps: AppsV1Api;
  const logs: string[] = [];

  /** eventually(), with the components' last log lines when it times out. */
  async function until<T>(
    what: string,
    fn: () => Promise<T | undefined | null | false>,
    timeoutMs = 60_000,
  ): Promise<T> {
    try {
      return await eventually(fn, timeoutMs);
    } catch (e) {
      throw new Error(
        `${what}: ${(e as Error).message}\n${logs.slice(-60).join('\n')}`,
      );
    }
  }

  const pods = async (selector: string) =>
    (
      await core.listNamespacedPod({
        namespace,
        labelSelector: selector,
      })
    ).items;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'controllers-test-'));
    env = await startKubeTestEnv({ dir: path.join(dir, 'api') });
    const started = Date.now();
    controllers = await startControllers(env, {
      dir: path.join(dir, 'controllers'),
      onLog: line => {
        logs.push(line);
        if (logs.length > 2000) logs.splice(0, 1000);
      },
    });
    // eslint-disable-next-line no-console
    console.log(`controllers and nodes ready in ${Date.now() - started} ms`);
    admin = env.adminConfig();
    core = admin.makeApiClient(CoreV1Api);
    apps = admin.makeApiClient(AppsV1Api);
    await core.createNamespace({ body: { metadata: { name: namespace } } });
  });

  afterAll(async () => {
    await controllers?.stop();
    await env?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('registers the fake nodes as Ready, schedulable, with capacity', async () => {
    const nodes = (await core.listNode()).items;
    expect(nodes.map(n => n.metadata!.name).sort()).toEqual(
      controllers.nodeNames,
    );
    for (const node of nodes) {
      expect(
        node.status!.conditions!.find(c => c.type === 'Ready')!.status,
      ).toBe('True');
      expect(node.spec?.taints ?? []).toEqual([]);
      expect(node.status!.allocatable!.pods).toBe('250');
    }
  });

  it('runs a Deployment: 3 Running and Ready pods, scale to 1, garbage collection', async () => {
    await apps.createNamespacedDeployment({
      namespace,
      body: {
        metadata: { name: 'web' },
        spec: {
          replicas: 3,
          selector: { matchLabels: { app: 'web' } },
          template: {
            metadata: { labels: { app: 'web' } },
            spec: {
              // Short, so the scale-down below needs no 30 s wait: kwok
              // deletes a terminating pod within its grace period.
              terminationGracePeriodSeconds: 2,
              containers: [
                {
                  name: 'web',
                  image: 'example.invalid/web:1',
                  resources: { requests: { cpu: '100m' } },
                },
              ],
            },
          },
        },
      },
    });

    const ready = await until('3 ready replicas', async () => {
      const d = await apps.readNamespacedDeployment({ name: 'web', namespace });
      return d.status?.readyReplicas === 3 && d;
    });
    expect(ready.status!.availableReplicas).toBe(3);
    const three = running(await pods('app=web'));
    expect(three).toHaveLength(3);
    for (const pod of three) {
      expect(controllers.nodeNames).toContain(pod.spec!.nodeName);
      expect(pod.status!.podIP).toMatch(/^10\.244\./);
    }

    await apps.patchNamespacedDeploymentScale(
      { name: 'web', namespace, body: { spec: { replicas: 1 } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    await until('scaled to 1 pod', async () => {
      const d = await apps.readNamespacedDeployment({ name: 'web', namespace });
      const left = await pods('app=web');
      return d.status?.replicas === 1 && left.length === 1;
    });
    expect(running(await pods('app=web'))).toHaveLength(1);

    const replicaSets = (
      await apps.listNamespacedReplicaSet({
        namespace,
        labelSelector: 'app=web',
      })
    ).items;
    expect(replicaSets).toHaveLength(1);

    await apps.deleteNamespacedDeployment({ name: 'web', namespace });
    await until('ReplicaSet and pods garbage-collected', async () => {
      const rs = await apps.listNamespacedReplicaSet({
        namespace,
        labelSelector: 'app=web',
      });
      return rs.items.length === 0 && (await pods('app=web')).length === 0;
    });
  });

  it('completes a Job with 2 completions', async () => {
    const batch = admin.makeApiClient(BatchV1Api);
    await batch.createNamespacedJob({
      namespace,
      body: {
        metadata: { name: 'report' },
        spec: {
          completions: 2,
          parallelism: 2,
          template: {
            spec: {
              restartPolicy: 'Never',
              containers: [{ name: 'report', image: 'example.invalid/r:1' }],
            },
          },
        },
      },
    });
    const job = await until('Job Complete', async () => {
      const j = await batch.readNamespacedJob({ name: 'report', namespace });
      return (
        j.status?.conditions?.some(
          c => c.type === 'Complete' && c.status === 'True',
        ) && j
      );
    });
    expect(job.status!.succeeded).toBe(2);
    const jobPods = await pods('batch.kubernetes.io/job-name=report');
    expect(jobPods.map(p => p.status!.phase)).toEqual([
      'Succeeded',
      'Succeeded',
    ]);
  });

  it('keeps a Job pod running as long as its kwok annotations say', async () => {
    const batch = admin.makeApiClient(BatchV1Api);
    await batch.createNamespacedJob({
      namespace,
      body: {
        metadata: { name: 'slow' },
        spec: {
          template: {
            metadata: {
              annotations: {
                'pod-complete.stage.kwok.x-k8s.io/delay': '8s',
                'pod-complete.stage.kwok.x-k8s.io/jitter-delay': '9s',
              },
            },
            spec: {
              restartPolicy: 'Never',
              containers: [{ name: 'slow', image: 'example.invalid/s:1' }],
            },
          },
        },
      },
    });
    await until('slow Job pod running', async () => {
      return running(await pods('batch.kubernetes.io/job-name=slow')).length;
    });
    const runningSince = Date.now();
    await until('slow Job Complete', async () => {
      const j = await batch.readNamespacedJob({ name: 'slow', namespace });
      return j.status?.succeeded === 1;
    });
    // The pod was seen Running up to ~100 ms after it started; 8 s is the floor.
    expect(Date.now() - runningSince).toBeGreaterThan(7_500);
  });

  it('runs the HPA controller: it writes status and conditions', async () => {
    await apps.createNamespacedDeployment({
      namespace,
      body: {
        metadata: { name: 'api' },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: 'api' } },
          template: {
            metadata: { labels: { app: 'api' } },
            spec: {
              // Short, so the namespace deletion below is quick.
              terminationGracePeriodSeconds: 2,
              containers: [
                {
                  name: 'api',
                  image: 'example.invalid/api:1',
                  resources: { requests: { cpu: '100m' } },
                },
              ],
            },
          },
        },
      },
    });
    const autoscaling = admin.makeApiClient(AutoscalingV2Api);
    await autoscaling.createNamespacedHorizontalPodAutoscaler({
      namespace,
      body: {
        metadata: { name: 'api' },
        spec: {
          scaleTargetRef: {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            name: 'api',
          },
          minReplicas: 1,
          maxReplicas: 5,
          metrics: [
            {
              type: 'Resource',
              resource: {
                name: 'cpu',
                target: { type: 'Utilization', averageUtilization: 50 },
              },
            },
          ],
        },
      },
    });
    // No metrics.k8s.io here, so the controller can read the scale but no
    // metric: it says so in its conditions, which only it writes.
    const hpa = await until('HPA conditions', async () => {
      const h = await autoscaling.readNamespacedHorizontalPodAutoscaler({
        name: 'api',
        namespace,
      });
      return h.status?.conditions?.some(c => c.type === 'ScalingActive') && h;
    });
    const byType = Object.fromEntries(
      hpa.status!.conditions!.map(c => [c.type, c]),
    );
    expect(byType.AbleToScale.status).toBe('True');
    expect(byType.ScalingActive).toMatchObject({
      status: 'False',
      reason: 'FailedGetResourceMetric',
    });
    expect(hpa.status!.currentReplicas).toBe(1);
    const events = await core.listNamespacedEvent({
      namespace,
      fieldSelector: 'involvedObject.kind=HorizontalPodAutoscaler',
    });
    expect(events.items.map(e => e.reason)).toContain(
      'FailedGetResourceMetric',
    );
  });

  it('deletes a namespace with its contents (namespace controller)', async () => {
    // The HPA test's Deployment has a pod here, which has to go too.
    await until(
      'api pod running',
      async () => running(await pods('app=api')).length === 1,
    );
    await core.deleteNamespace({ name: namespace });
    await until(
      'namespace gone',
      async () => {
        const list = await core.listNamespace();
        return !list.items.some(n => n.metadata!.name === namespace);
      },
      90_000,
    );
    await expect(core.readNamespace({ name: namespace })).rejects.toMatchObject(
      { code: 404 },
    );
  });
});
