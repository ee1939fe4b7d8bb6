/**
 * What the recorded paths are made of: their types, readers of a snapshot
 * (conditions, replicas, the HPA) and the objects they create, with short
 * polling intervals, cooldowns and HPA stabilization windows so the paths
 * are quick.
 */
import { KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import { Snapshot } from './snapshot';
import { PathSources } from './sources';
import { patchObject } from './kube';

export interface PathContext {
  admin: KubeConfig;
  /** The namespace this run of the path lives in (created by the caller). */
  namespace: string;
  sources: PathSources;
}

export interface PathStep {
  name: string;
  /** What to change before waiting (at the source, or on the object). */
  act?: (ctx: PathContext) => Promise<void>;
  /** The state to wait for, read from the API server. */
  until: (s: Snapshot) => boolean;
  /** Default 120 s. */
  timeoutMs?: number;
}

export interface RecordedPath {
  /** File name of the recording and suffix of the namespace. */
  name: string;
  /** One line: what the path shows. */
  description: string;
  /** The namespace name the recording uses instead of the run's. */
  canonicalNamespace: string;
  kind: 'ScaledObject' | 'ScaledJob';
  /** The ScaledObject's or ScaledJob's name; also its kubernetes-id. */
  object: string;
  setup(ctx: PathContext): Promise<void>;
  steps: PathStep[];
}

// ---------------------------------------------------------------------------
// Reading a snapshot
// ---------------------------------------------------------------------------

export function condition(
  object: any,
  type: string,
): { status?: string; reason?: string; message?: string } {
  return object?.status?.conditions?.find((c: any) => c.type === type) ?? {};
}

export function isTrue(object: any, type: string, reason?: string): boolean {
  const c = condition(object, type);
  return c.status === 'True' && (!reason || c.reason === reason);
}

/** The Deployment's replicas (spec) once its status caught up. */
export function replicas(s: Snapshot): number | undefined {
  const t = s.target;
  if (!t) return undefined;
  const spec = t.spec?.replicas ?? 0;
  return (t.status?.replicas ?? 0) === spec ? spec : undefined;
}

/** The HPA's desired replicas once it also counts them as current (settled). */
export function hpaDesired(s: Snapshot): number | undefined {
  const status = s.hpa?.status;
  return status?.currentReplicas === status?.desiredReplicas
    ? status?.desiredReplicas
    : undefined;
}

export function eventReasons(s: Snapshot): string[] {
  return s.events.map(e => e.reason);
}

/**
 * Scaling and settled: KEDA has written Active=True and mirrored the HPA in
 * HPAActive (a new object first shows Active=Unknown and no HPAActive).
 */
export function scalingSettled(s: Snapshot): boolean {
  return (
    isTrue(s.scaledObject, 'Active') &&
    condition(s.scaledObject, 'HPAActive').status === 'True'
  );
}

/** Scaled to zero and settled: KEDA says inactive, the HPA stands aside. */
export function idleAtZero(s: Snapshot): boolean {
  return (
    condition(s.scaledObject, 'Active').status === 'False' &&
    replicas(s) === 0 &&
    condition(s.hpa, 'ScalingActive').reason === 'ScalingDisabled' &&
    condition(s.scaledObject, 'HPAActive').reason === 'ScalingDisabled'
  );
}

// ---------------------------------------------------------------------------
// Objects
// ---------------------------------------------------------------------------

/** Fast HPA reactions: no stabilization, any step size each second. */
const FAST_BEHAVIOR = {
  scaleUp: {
    stabilizationWindowSeconds: 0,
    policies: [{ type: 'Pods', value: 10, periodSeconds: 1 }],
  },
  scaleDown: {
    stabilizationWindowSeconds: 0,
    policies: [{ type: 'Percent', value: 100, periodSeconds: 1 }],
  },
};

export function labels(name: string) {
  return { app: name, 'backstage.io/kubernetes-id': name };
}

export function deployment(
  namespace: string,
  name: string,
  count = 1,
): KubernetesObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels: labels(name) },
    spec: {
      replicas: count,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: podSpec(),
      },
    },
  } as KubernetesObject;
}

/** A pod for kwok's fake nodes (their taint is tolerated). */
export function podSpec(restartPolicy?: string) {
  return {
    ...(restartPolicy && { restartPolicy }),
    tolerations: [{ key: 'kwok.x-k8s.io/node', operator: 'Exists' }],
    containers: [{ name: 'app', image: 'registry.example/app:1' }],
  };
}

export function scaledObject(
  namespace: string,
  name: string,
  spec: Record<string, any>,
  annotations?: Record<string, string>,
): KubernetesObject {
  return {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledObject',
    metadata: {
      name,
      namespace,
      labels: labels(name),
      ...(annotations && { annotations }),
    },
    spec: {
      scaleTargetRef: { name },
      pollingInterval: 1,
      cooldownPeriod: 2,
      ...spec,
      advanced: {
        ...spec.advanced,
        horizontalPodAutoscalerConfig: { behavior: FAST_BEHAVIOR },
      },
    },
  } as KubernetesObject;
}

export function secretAndAuth(
  namespace: string,
  name: string,
  data: Record<string, string>,
): KubernetesObject[] {
  return [
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name, namespace },
      stringData: data,
    } as KubernetesObject,
    {
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'TriggerAuthentication',
      metadata: { name, namespace },
      spec: {
        secretTargetRef: Object.keys(data).map(key => ({
          parameter: key,
          name,
          key,
        })),
      },
    } as KubernetesObject,
  ];
}

/**
 * Fixed cron windows, so metric names (which KEDA builds from the window)
 * are the same in every run: all day but the day's last minute (active),
 * or the first minute of the year (inactive).
 */
export function cronWindow(active: boolean) {
  return active
    ? { timezone: 'Etc/UTC', start: '0 0 * * *', end: '59 23 * * *' }
    : { timezone: 'Etc/UTC', start: '0 0 1 1 *', end: '1 0 1 1 *' };
}

export function cronTrigger(
  desiredReplicas: number,
  active = true,
  name?: string,
) {
  return {
    type: 'cron',
    ...(name && { name }),
    metadata: {
      ...cronWindow(active),
      desiredReplicas: String(desiredReplicas),
    },
  };
}

/** Queue, list and topic names: unique per run, `<namespace>-` stripped when recorded. */
export const unique = (ctx: PathContext, name: string) =>
  `${ctx.namespace}-${name}`;

export function patchSo(ctx: PathContext, name: string, patch: object) {
  return patchObject(ctx.admin, {
    path: `/apis/keda.sh/v1alpha1/namespaces/${ctx.namespace}/scaledobjects/${name}`,
    patch,
  });
}
