/**
 * Test-only: the cluster the agreement cases meet, and our snapshot of it.
 * One namespace holds the fixtures (workloads, a ScaledObject that already
 * scales one, an HPA of someone else, an HPA that opts out of KEDA's check);
 * a second one has a LimitRange with a default cpu request. The snapshot is
 * read straight from the API server (everything KEDA's webhook reads), and
 * also cut down to what the portal's cache holds, to show what the preview
 * can only warn about.
 */
import {
  AppsV1Api,
  AutoscalingV2Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
} from '@kubernetes/client-node';
import type {
  AdmissionSnapshot,
  AdmissionWorkloadLike,
} from '@keda-portal/plugin-keda-common';
import type { CaseWorkload } from './cases';

/** The names the cases aim at. */
export const FIXTURE = {
  /** A Deployment with requests that nothing scales. */
  free: 'free',
  /** A Deployment the ScaledObject `takenScaledObject` scales. */
  taken: 'taken',
  takenScaledObject: 'taken-so',
  /** The HPA name the ScaledObject `sharedHpaOwner` sets. */
  sharedHpaName: 'shared-hpa',
  sharedHpaOwner: 'named-hpa-so',
  sharedHpaTarget: 'named',
  /** An HPA of someone else, scaling `foreignHpaTarget`. */
  foreignHpa: 'foreign-hpa',
  foreignHpaTarget: 'scaled-by-hpa',
  /** An HPA with `validations.keda.sh/hpa-ownership: "false"`. */
  optedOutHpa: 'opted-out-hpa',
  optedOutTarget: 'opted-out',
} as const;

/** The scale-target kinds the cases use besides Deployment and StatefulSet. */
export const CANDIDATE_KINDS = [
  ['apps/v1', 'ReplicaSet'],
  ['argoproj.io/v1alpha1', 'Rollout'],
  ['apps.kruise.io/v1alpha1', 'CloneSet'],
] as const;

const cronTrigger = {
  type: 'cron',
  metadata: {
    timezone: 'UTC',
    start: '0 8 * * *',
    end: '0 9 * * *',
    desiredReplicas: '1',
  },
};

/** A Deployment or StatefulSet with no replicas, so nothing runs. */
export function workloadBody(w: CaseWorkload) {
  const labels = { app: w.name };
  return {
    apiVersion: 'apps/v1',
    kind: w.kind,
    metadata: { name: w.name, labels },
    spec: {
      replicas: 0,
      selector: { matchLabels: labels },
      ...(w.kind === 'StatefulSet' && { serviceName: w.name }),
      template: {
        metadata: { labels },
        spec: {
          containers: w.containers.map(c => {
            const requests = Object.fromEntries(
              Object.entries({ cpu: c.cpu, memory: c.memory }).filter(
                ([, v]) => v !== undefined,
              ),
            );
            return {
              name: c.name,
              image: 'example/app:1',
              ...(Object.keys(requests).length && {
                resources: { requests },
              }),
            };
          }),
        },
      },
    },
  };
}

export async function createWorkload(
  admin: KubeConfig,
  namespace: string,
  w: CaseWorkload,
) {
  const apps = admin.makeApiClient(AppsV1Api);
  const body = workloadBody(w) as any;
  if (w.kind === 'Deployment') {
    await apps.createNamespacedDeployment({ namespace, body });
  } else {
    await apps.createNamespacedStatefulSet({ namespace, body });
  }
}

export async function deleteWorkload(
  admin: KubeConfig,
  namespace: string,
  w: CaseWorkload,
) {
  const apps = admin.makeApiClient(AppsV1Api);
  const request = { namespace, name: w.name, propagationPolicy: 'Background' };
  await (w.kind === 'Deployment'
    ? apps.deleteNamespacedDeployment(request)
    : apps.deleteNamespacedStatefulSet(request)
  ).catch(() => undefined);
}

function hpaBody(
  name: string,
  target: string,
  annotations?: Record<string, string>,
) {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name, ...(annotations && { annotations }) },
    spec: {
      scaleTargetRef: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: target,
      },
      minReplicas: 1,
      maxReplicas: 3,
      metrics: [
        {
          type: 'Resource',
          resource: {
            name: 'cpu',
            target: { type: 'Utilization', averageUtilization: 80 },
          },
        },
      ],
    },
  };
}

function scaledObjectBody(name: string, target: string, hpaName?: string) {
  return {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledObject',
    metadata: { name },
    spec: {
      scaleTargetRef: { name: target },
      minReplicaCount: 1,
      ...(hpaName && {
        advanced: { horizontalPodAutoscalerConfig: { name: hpaName } },
      }),
      triggers: [cronTrigger],
    },
  };
}

/** Creates the fixtures in `namespace` and the LimitRange in `limitRangeNamespace`. */
export async function createFixtures(
  admin: KubeConfig,
  namespace: string,
  limitRangeNamespace: string,
) {
  const withRequests = (name: string): CaseWorkload => ({
    kind: 'Deployment',
    name,
    containers: [{ name: 'app', cpu: '100m', memory: '128Mi' }],
  });
  for (const name of [
    FIXTURE.free,
    FIXTURE.taken,
    FIXTURE.sharedHpaTarget,
    FIXTURE.foreignHpaTarget,
    FIXTURE.optedOutTarget,
  ]) {
    await createWorkload(admin, namespace, withRequests(name));
  }
  const custom = admin.makeApiClient(CustomObjectsApi);
  for (const body of [
    scaledObjectBody(FIXTURE.takenScaledObject, FIXTURE.taken),
    scaledObjectBody(
      FIXTURE.sharedHpaOwner,
      FIXTURE.sharedHpaTarget,
      FIXTURE.sharedHpaName,
    ),
  ]) {
    await custom.createNamespacedCustomObject({
      group: 'keda.sh',
      version: 'v1alpha1',
      namespace,
      plural: 'scaledobjects',
      body,
    });
  }
  const autoscaling = admin.makeApiClient(AutoscalingV2Api);
  await autoscaling.createNamespacedHorizontalPodAutoscaler({
    namespace,
    body: hpaBody(FIXTURE.foreignHpa, FIXTURE.foreignHpaTarget) as any,
  });
  await autoscaling.createNamespacedHorizontalPodAutoscaler({
    namespace,
    body: hpaBody(FIXTURE.optedOutHpa, FIXTURE.optedOutTarget, {
      'validations.keda.sh/hpa-ownership': 'false',
    }) as any,
  });
  await admin.makeApiClient(CoreV1Api).createNamespacedLimitRange({
    namespace: limitRangeNamespace,
    body: {
      metadata: { name: 'default-cpu' },
      spec: {
        limits: [{ type: 'Container', defaultRequest: { cpu: '50m' } }],
      },
    },
  });
}

/** `group/version.Kind` of the candidate kinds the API server serves. */
export async function servedKinds(admin: KubeConfig): Promise<string[]> {
  const custom = admin.makeApiClient(CustomObjectsApi);
  const served: string[] = [];
  for (const [apiVersion, kind] of CANDIDATE_KINDS) {
    const [group, version] = apiVersion.split('/');
    try {
      const list = await custom.getAPIResources({ group, version });
      if (list.resources.some(r => r.kind === kind)) {
        served.push(`${apiVersion}.${kind}`);
      }
    } catch {
      // The group version is not served at all.
    }
  }
  return served;
}

/** Everything KEDA's webhook reads in `namespace`, as our rules take it. */
export async function snapshotOf(
  admin: KubeConfig,
  namespace: string,
  kinds: string[],
): Promise<AdmissionSnapshot> {
  const custom = admin.makeApiClient(CustomObjectsApi);
  const apps = admin.makeApiClient(AppsV1Api);
  const [scaledObjects, hpas, deployments, statefulSets, limitRanges] =
    await Promise.all([
      custom.listNamespacedCustomObject({
        group: 'keda.sh',
        version: 'v1alpha1',
        namespace,
        plural: 'scaledobjects',
      }),
      admin
        .makeApiClient(AutoscalingV2Api)
        .listNamespacedHorizontalPodAutoscaler({ namespace }),
      apps.listNamespacedDeployment({ namespace }),
      apps.listNamespacedStatefulSet({ namespace }),
      admin.makeApiClient(CoreV1Api).listNamespacedLimitRange({ namespace }),
    ]);
  const withKind = (kind: string) => (o: any) => ({
    ...o,
    apiVersion: 'apps/v1',
    kind,
  });
  return {
    scaledObjects: (scaledObjects as any).items,
    hpas: hpas.items as any,
    workloads: [
      ...deployments.items.map(withKind('Deployment')),
      ...statefulSets.items.map(withKind('StatefulSet')),
    ],
    limitRanges: limitRanges.items as any,
    servedKinds: kinds,
  };
}

/**
 * The same snapshot as the portal's live cache holds it: only the HPAs KEDA
 * manages, workloads without their pod template, no LimitRanges, no
 * discovery.
 */
export function asCacheHoldsIt(snapshot: AdmissionSnapshot): AdmissionSnapshot {
  return {
    scaledObjects: snapshot.scaledObjects,
    hpas: snapshot.hpas?.filter(
      h =>
        h.metadata?.labels?.['app.kubernetes.io/managed-by'] ===
        'keda-operator',
    ),
    hpasOnlyKedaManaged: true,
    workloads: snapshot.workloads?.map(
      ({ spec: _spec, ...w }): AdmissionWorkloadLike => w,
    ),
  };
}

/** The snapshot with a case's own workload added. */
export function withWorkload(
  snapshot: AdmissionSnapshot,
  namespace: string,
  w: CaseWorkload | undefined,
): AdmissionSnapshot {
  if (!w) return snapshot;
  const body = workloadBody(w);
  return {
    ...snapshot,
    workloads: [
      ...(snapshot.workloads ?? []),
      { ...body, metadata: { ...body.metadata, namespace } },
    ],
  };
}
