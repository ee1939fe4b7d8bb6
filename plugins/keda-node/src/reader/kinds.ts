import {
  KEDA_OPERATOR,
  MANAGED_BY_LABEL,
} from '@keda-portal/plugin-keda-common';
import { KubernetesObject } from '@kubernetes/client-node';
import { ResourceKind } from './ResourceInformer';

/** Metadata the views need: never managedFields. */
function meta(o: any) {
  const m = o.metadata ?? {};
  return {
    name: m.name,
    namespace: m.namespace,
    uid: m.uid,
    resourceVersion: m.resourceVersion,
    generation: m.generation,
    creationTimestamp: m.creationTimestamp,
    labels: m.labels,
    annotations: withoutLastApplied(m.annotations),
    ownerReferences: m.ownerReferences,
  };
}

function withoutLastApplied(a?: Record<string, string>) {
  if (!a) return a;
  const { 'kubectl.kubernetes.io/last-applied-configuration': _, ...rest } = a;
  return rest;
}

const whole = (o: any): KubernetesObject =>
  ({
    apiVersion: o.apiVersion,
    kind: o.kind,
    metadata: meta(o),
    spec: o.spec,
    status: o.status,
  } as KubernetesObject);

/** What the cluster cache holds, per kind. Secrets are never read. */
/** The workload kinds KEDA scales that the cache watches. */
export const SCALE_TARGET_KINDS = ['Deployment', 'StatefulSet'] as const;

/** The cache key of a kind: `Deployment` is held under `deployments`. */
export function kindKey(kind: string): string {
  return `${kind.toLowerCase()}s`;
}

export const KEDA_RESOURCE_KINDS: ResourceKind[] = [
  {
    key: 'scaledobjects',
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledObject',
    path: '/apis/keda.sh/v1alpha1/scaledobjects',
    trim: whole,
  },
  {
    key: 'scaledjobs',
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledJob',
    path: '/apis/keda.sh/v1alpha1/scaledjobs',
    // The job template is large and only the trigger part matters to views.
    trim: (o: any) =>
      ({
        apiVersion: o.apiVersion,
        kind: o.kind,
        metadata: meta(o),
        spec: { ...o.spec, jobTargetRef: undefined },
        status: o.status,
      } as KubernetesObject),
  },
  {
    key: 'triggerauthentications',
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'TriggerAuthentication',
    path: '/apis/keda.sh/v1alpha1/triggerauthentications',
    // Which Secrets (by name and key) and which identity: no values exist here anyway.
    trim: (o: any) =>
      ({
        apiVersion: o.apiVersion,
        kind: o.kind,
        metadata: meta(o),
        spec: {
          podIdentity: o.spec?.podIdentity && {
            provider: o.spec.podIdentity.provider,
          },
          secretTargetRef: o.spec?.secretTargetRef?.map((r: any) => ({
            parameter: r.parameter,
            name: r.name,
            key: r.key,
          })),
        },
      } as KubernetesObject),
  },
  {
    key: 'hpas',
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    path: '/apis/autoscaling/v2/horizontalpodautoscalers',
    labelSelector: `${MANAGED_BY_LABEL}=${KEDA_OPERATOR}`,
    trim: whole,
  },
  ...SCALE_TARGET_KINDS.map(kind => ({
    key: kindKey(kind),
    apiVersion: 'apps/v1',
    kind,
    path: `/apis/apps/v1/${kindKey(kind)}`,
    // Only replica numbers: scale targets can be many and large.
    trim: (o: any) =>
      ({
        apiVersion: o.apiVersion,
        kind: o.kind,
        metadata: { ...meta(o), annotations: undefined },
        spec: { replicas: o.spec?.replicas },
        status: {
          replicas: o.status?.replicas,
          readyReplicas: o.status?.readyReplicas,
          availableReplicas: o.status?.availableReplicas,
          updatedReplicas: o.status?.updatedReplicas,
        },
      } as KubernetesObject),
  })),
  {
    key: 'events',
    apiVersion: 'v1',
    kind: 'Event',
    path: '/api/v1/events',
    // Events about KEDA's objects only. Not by reporter: KEDA v2.21.0
    // reports as keda-operator, as scale-handler (a ScaledJob's scale loop:
    // KEDAJobsCreated, ScaledJobActive, KEDAScalerFailed) and as
    // keda-admission (its webhook's KEDAScalerInfo).
    fieldSelector: 'involvedObject.apiVersion=keda.sh/v1alpha1',
    trim: (o: any) =>
      ({
        apiVersion: o.apiVersion,
        kind: o.kind,
        metadata: {
          name: o.metadata?.name,
          namespace: o.metadata?.namespace,
          uid: o.metadata?.uid,
          resourceVersion: o.metadata?.resourceVersion,
        },
        involvedObject: o.involvedObject,
        type: o.type,
        reason: o.reason,
        message: o.message,
        count: o.count,
        firstTimestamp: o.firstTimestamp,
        lastTimestamp: o.lastTimestamp,
        eventTime: o.eventTime,
        // KEDA records through events.k8s.io: no count or lastTimestamp;
        // repeats are counted in series.
        series: o.series,
        action: o.action,
        reportingComponent: o.reportingComponent,
      } as KubernetesObject),
  },
];
