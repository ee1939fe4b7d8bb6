import {
  ApiregistrationV1Api,
  AppsV1Api,
  AutoscalingV2Api,
  CustomObjectsApi,
  KubeConfig,
} from '@kubernetes/client-node';
import {
  createTestNamespace,
  eventually,
  TestCluster,
} from '@keda-portal/kube-testenv';
import { getKedaCluster } from './shared';

// The wiring itself: each link of the chain a cluster with KEDA has, proved
// on the real programs. Scaler behaviour is the contract tests' job.
jest.setTimeout(5 * 60_000);

let cluster: TestCluster;
let admin: KubeConfig;
let ns: string;

beforeAll(async () => {
  cluster = await getKedaCluster();
  admin = cluster.admin;
  ns = await createTestNamespace(admin, 'chain');
}, 40 * 60_000);

afterAll(async () => {
  await cluster?.release();
});

function deployment(name: string, replicas: number) {
  return {
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [
            {
              name,
              image: 'registry.local/app:1',
              resources: { requests: { cpu: '100m', memory: '32Mi' } },
            },
          ],
        },
      },
    },
  };
}

function cronScaledObject(name: string, desired: number) {
  return {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledObject',
    metadata: { name },
    spec: {
      scaleTargetRef: { name },
      minReplicaCount: 1,
      maxReplicaCount: 10,
      pollingInterval: 2,
      triggers: [
        {
          type: 'cron',
          // Active all day, every day: the window always contains now.
          metadata: {
            timezone: 'UTC',
            start: '0 0 * * *',
            end: '59 23 * * *',
            desiredReplicas: String(desired),
          },
        },
      ],
    },
  };
}

it('serves the external metrics API through the aggregator', async () => {
  const api = admin.makeApiClient(ApiregistrationV1Api);
  const svc = await api.readAPIService({
    name: 'v1beta1.external.metrics.k8s.io',
  });
  expect(svc.spec?.service).toMatchObject({
    namespace: 'keda',
    name: 'keda-metrics-apiserver',
  });
  expect(
    svc.status?.conditions?.find(c => c.type === 'Available')?.status,
  ).toBe('True');
});

it('scales a Deployment from KEDA metrics through the real HPA controller, to Ready pods on kwok nodes', async () => {
  const apps = admin.makeApiClient(AppsV1Api);
  const custom = admin.makeApiClient(CustomObjectsApi);
  const autoscaling = admin.makeApiClient(AutoscalingV2Api);
  await apps.createNamespacedDeployment({
    namespace: ns,
    body: deployment('web', 1),
  });
  await custom.createNamespacedCustomObject({
    group: 'keda.sh',
    version: 'v1alpha1',
    namespace: ns,
    plural: 'scaledobjects',
    body: cronScaledObject('web', 3),
  });

  // The operator made the HPA; the HPA controller read s0-cron-... through
  // the adapter and wrote its status; the Deployment has 3 Ready pods.
  const hpa = await eventually(async () => {
    const h = await autoscaling
      .readNamespacedHorizontalPodAutoscaler({
        name: 'keda-hpa-web',
        namespace: ns,
      })
      .catch(() => undefined); // not made yet
    return h?.status?.desiredReplicas === 3 ? h : undefined;
  }, 120_000);
  const metric = hpa.status?.currentMetrics?.[0]?.external;
  expect(metric?.metric.name).toMatch(/^s0-cron-/);
  expect(
    hpa.status?.conditions?.find(c => c.type === 'ScalingActive')?.status,
  ).toBe('True');
  await eventually(async () => {
    const d = await apps.readNamespacedDeployment({
      name: 'web',
      namespace: ns,
    });
    return d.status?.readyReplicas === 3;
  }, 120_000);

  const so: any = await custom.getNamespacedCustomObject({
    group: 'keda.sh',
    version: 'v1alpha1',
    namespace: ns,
    plural: 'scaledobjects',
    name: 'web',
  });
  expect(so.status.hpaName).toBe('keda-hpa-web');
  expect(
    so.status.conditions.find((c: any) => c.type === 'Ready')?.status,
  ).toBe('True');
});

it('sends ScaledObjects through KEDA admission webhooks', async () => {
  const custom = admin.makeApiClient(CustomObjectsApi);
  // A second ScaledObject on the Deployment of the test above.
  await expect(
    custom.createNamespacedCustomObject({
      group: 'keda.sh',
      version: 'v1alpha1',
      namespace: ns,
      plural: 'scaledobjects',
      body: { ...cronScaledObject('web', 2), metadata: { name: 'web-two' } },
      dryRun: 'All',
    }),
    // KEDA names whichever it finds first: the ScaledObject or its HPA.
  ).rejects.toThrow(
    /denied the request: the workload 'web' of type 'apps\/v1.Deployment' is already managed by the (ScaledObject 'web'|hpa 'keda-hpa-web')/,
  );
});
