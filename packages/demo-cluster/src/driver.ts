/**
 * The demo activity driver: plays the KEDA operator's and the HPA
 * controller's part on the demo API server, which has no controllers and no
 * nodes. It writes ScaledObject/ScaledJob status and conditions, the
 * `keda-hpa-<name>` HPAs with `currentMetrics`, the scale targets' replica
 * status and KEDA's events. A simulation for the demo only.
 */
import {
  AppsV1Api,
  AutoscalingV2Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  PatchStrategy,
  setHeaderOptions,
} from '@kubernetes/client-node';
import { isCronActive, Scenario, simulate, SimulatedState } from './simulation';

const MERGE = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

/**
 * Demo only: the driver leaves a ScaledObject with this annotation set to
 * "true" alone, so a test or a presenter can pin a state.
 */
export const FROZEN_ANNOTATION = 'demo.keda-portal.io/frozen';

/** Which scenario each demo workload plays; others get `wave`. */
export const DEMO_SCENARIOS: Record<string, Scenario> = {
  'orders-api': 'wave',
  'orders-consumer': 'flaky',
  'email-worker': 'zero',
};

interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
}

/** KEDA's metric name for trigger i: `s<i>-<normalized>`. */
export function metricName(index: number, trigger: any): string {
  const m = trigger.metadata ?? {};
  const base: Record<string, string> = {
    prometheus: 'prometheus',
    kafka: `kafka-${m.topic ?? `${m.consumerGroup}-topics`}`,
    rabbitmq: `rabbitmq-${encodeURIComponent(m.queueName ?? '')}`,
    cron: `cron-${m.timezone}-${m.start}-${m.end}`,
  };
  const name = base[trigger.type] ?? trigger.type;
  return `s${index}-${name.replace(/[/.:%() ]/g, '-')}`;
}

function targetValue(trigger: any): number {
  const m = trigger.metadata ?? {};
  return (
    Number(m.threshold ?? m.lagThreshold ?? m.value ?? m.queueLength ?? 10) ||
    10
  );
}

export function soConditions(so: any, s: SimulatedState): Condition[] {
  return [
    s.failing
      ? {
          type: 'Ready',
          status: 'False',
          reason: 'TriggerError',
          message: `Triggers defined in ScaledObject are not working correctly: ${so.spec.triggers[0].type} scaler cannot reach its event source`,
        }
      : {
          type: 'Ready',
          status: 'True',
          reason: 'ScaledObjectReady',
          message: 'ScaledObject is defined correctly and is ready for scaling',
        },
    s.active
      ? {
          type: 'Active',
          status: 'True',
          reason: 'ScalerActive',
          message: 'Scaling is performed because triggers are active',
        }
      : {
          type: 'Active',
          status: 'False',
          reason: 'ScalerNotActive',
          message: 'Scaling is not performed because triggers are not active',
        },
    s.fallback
      ? {
          type: 'Fallback',
          status: 'True',
          reason: 'FallbackExists',
          message: 'At least one trigger is falling back on this scaled object',
        }
      : {
          type: 'Fallback',
          status: 'False',
          reason: 'NoFallbackFound',
          message: 'No fallbacks are active on this scaled object',
        },
    {
      type: 'Paused',
      status: 'False',
      reason: 'ScaledObjectUnpaused',
      message: 'pause annotation removed for ScaledObject',
    },
  ];
}

/** The HPA's ScalingActive condition, as the HPA controller would set it. */
function scalingActive(atZero: boolean, failing: boolean) {
  if (atZero) {
    return {
      type: 'ScalingActive',
      status: 'False',
      reason: 'ScalingDisabled',
      message:
        'scaling is disabled since the replica count of the target is zero',
    };
  }
  if (failing) {
    return {
      type: 'ScalingActive',
      status: 'False',
      reason: 'FailedGetExternalMetric',
      message:
        'the HPA was unable to compute the replica count: unable to get external metric',
    };
  }
  return {
    type: 'ScalingActive',
    status: 'True',
    reason: 'ValidMetricFound',
    message:
      'the HPA was able to successfully calculate a replica count from external metric',
  };
}

/**
 * Whether a ScaledJob's first trigger is active: a cron trigger inside its
 * window (in its time zone, as KEDA's cron scaler decides), any other
 * trigger for 40 s of every 2 minutes, as if work arrived.
 */
export function scaledJobActivity(
  trigger: any,
  nowMs: number,
): { active: boolean; error?: string } {
  if (trigger?.type !== 'cron') {
    return { active: (nowMs / 1000) % 120 < 40 };
  }
  const m = trigger.metadata ?? {};
  try {
    return {
      active: isCronActive(
        { start: m.start, end: m.end, timezone: m.timezone },
        nowMs,
      ),
    };
  } catch (e) {
    return {
      active: false,
      error: `cron scaler: start '${m.start}', end '${m.end}' or timezone '${
        m.timezone
      }' is not valid (${(e as Error).message})`,
    };
  }
}

/** Drives every ScaledObject and ScaledJob of the cluster, one tick at a time. */
export class DemoDriver {
  private readonly custom: CustomObjectsApi;
  private readonly apps: AppsV1Api;
  private readonly hpa: AutoscalingV2Api;
  private readonly core: CoreV1Api;
  private readonly previous = new Map<string, SimulatedState>();
  private readonly lastActive = new Map<string, string>();

  constructor(
    kc: KubeConfig,
    private readonly log: (msg: string) => void = () => {},
  ) {
    this.custom = kc.makeApiClient(CustomObjectsApi);
    this.apps = kc.makeApiClient(AppsV1Api);
    this.hpa = kc.makeApiClient(AutoscalingV2Api);
    this.core = kc.makeApiClient(CoreV1Api);
  }

  async tick(nowMs = Date.now()): Promise<void> {
    const sos: any = await this.custom.listClusterCustomObject({
      group: 'keda.sh',
      version: 'v1alpha1',
      plural: 'scaledobjects',
    });
    for (const so of sos.items) {
      // A frozen ScaledObject keeps whatever status it was given (tests, demos).
      if (so.metadata.annotations?.[FROZEN_ANNOTATION] === 'true') continue;
      try {
        await this.driveScaledObject(so, nowMs);
      } catch (e) {
        this.log(
          `demo driver: ${so.metadata.namespace}/${so.metadata.name}: ${e}`,
        );
      }
    }
    const sjs: any = await this.custom.listClusterCustomObject({
      group: 'keda.sh',
      version: 'v1alpha1',
      plural: 'scaledjobs',
    });
    for (const sj of sjs.items) {
      try {
        await this.driveScaledJob(sj, nowMs);
      } catch (e) {
        this.log(
          `demo driver: ${sj.metadata.namespace}/${sj.metadata.name}: ${e}`,
        );
      }
    }
  }

  private async driveScaledObject(so: any, nowMs: number) {
    const { name, namespace } = so.metadata;
    const key = `so/${namespace}/${name}`;
    const spec = so.spec;
    const trigger = spec.triggers[0];
    const target = targetValue(trigger);
    const s = simulate(
      DEMO_SCENARIOS[name] ?? 'wave',
      {
        min: spec.minReplicaCount ?? 0,
        max: spec.maxReplicaCount ?? 100,
        target,
        cooldownSeconds: spec.cooldownPeriod ?? 300,
        pollingSeconds: spec.pollingInterval ?? 30,
        fallback: spec.fallback,
      },
      nowMs,
    );
    const prev = this.previous.get(key);
    const metrics = spec.triggers.map((t: any, i: number) => metricName(i, t));
    const hpaName =
      spec.advanced?.horizontalPodAutoscalerConfig?.name ?? `keda-hpa-${name}`;
    const now = new Date(nowMs).toISOString();
    if (s.active) this.lastActive.set(key, now);

    // The scale target: desired in spec.replicas, actual in status.
    const targetName = spec.scaleTargetRef.name;
    const deployment = await this.apps.readNamespacedDeployment({
      name: targetName,
      namespace,
    });
    const originalReplicaCount =
      so.status?.originalReplicaCount ?? deployment.spec?.replicas ?? 1;
    if (deployment.spec?.replicas !== s.replicas) {
      await this.apps.patchNamespacedDeployment(
        {
          name: targetName,
          namespace,
          body: { spec: { replicas: s.replicas } },
        },
        MERGE,
      );
    }
    await this.apps.patchNamespacedDeploymentStatus(
      {
        name: targetName,
        namespace,
        body: {
          status: {
            observedGeneration: deployment.metadata?.generation,
            replicas: s.replicas,
            readyReplicas: s.replicas,
            availableReplicas: s.replicas,
            updatedReplicas: s.replicas,
          },
        },
      },
      MERGE,
    );

    await this.ensureHpa(so, hpaName, metrics, s, target, now, prev);

    const health = Object.fromEntries(
      metrics.map((m: string) => [
        m,
        {
          numberOfFailures: s.failures,
          status: s.failing ? 'Failing' : 'Happy',
        },
      ]),
    );
    const triggersActivity = Object.fromEntries(
      metrics.map((m: string) => [m, { isActive: s.active }]),
    );
    await this.custom.patchNamespacedCustomObjectStatus(
      {
        group: 'keda.sh',
        version: 'v1alpha1',
        namespace,
        plural: 'scaledobjects',
        name,
        body: {
          status: {
            scaleTargetKind: 'apps/v1.Deployment',
            scaleTargetGVKR: {
              group: 'apps',
              version: 'v1',
              kind: 'Deployment',
              resource: 'deployments',
            },
            originalReplicaCount,
            externalMetricNames: metrics,
            hpaName,
            triggersTypes: spec.triggers.map((t: any) => t.type).join(','),
            authenticationsTypes: spec.triggers
              .map((t: any) => t.authenticationRef?.name)
              .filter(Boolean)
              .join(','),
            lastActiveTime:
              this.lastActive.get(key) ?? so.status?.lastActiveTime,
            health,
            triggersActivity,
            conditions: soConditions(so, s),
          },
        },
      },
      MERGE,
    );

    await this.recordTransitions(so, prev, s, deployment.spec?.replicas ?? 0);
    this.previous.set(key, s);
  }

  private async ensureHpa(
    so: any,
    hpaName: string,
    metrics: string[],
    s: SimulatedState,
    target: number,
    now: string,
    prev?: SimulatedState,
  ) {
    const { name, namespace, labels = {}, uid } = so.metadata;
    const spec = so.spec;
    const external = metrics.map(metric => ({
      type: 'External',
      external: {
        metric: {
          name: metric,
          selector: { matchLabels: { 'scaledobject.keda.sh/name': name } },
        },
        target: { type: 'AverageValue', averageValue: String(target) },
      },
    }));
    try {
      await this.hpa.readNamespacedHorizontalPodAutoscaler({
        name: hpaName,
        namespace,
      });
    } catch {
      await this.hpa.createNamespacedHorizontalPodAutoscaler({
        namespace,
        body: {
          metadata: {
            name: hpaName,
            namespace,
            labels: {
              ...labels,
              'app.kubernetes.io/name': hpaName.slice(0, 63),
              'app.kubernetes.io/part-of': name,
              'app.kubernetes.io/managed-by': 'keda-operator',
              'scaledobject.keda.sh/name': name,
            },
            ownerReferences: [
              {
                apiVersion: 'keda.sh/v1alpha1',
                kind: 'ScaledObject',
                name,
                uid,
                controller: true,
                blockOwnerDeletion: true,
              },
            ],
          },
          spec: {
            scaleTargetRef: {
              apiVersion: 'apps/v1',
              kind: 'Deployment',
              name: spec.scaleTargetRef.name,
            },
            minReplicas: Math.max(spec.minReplicaCount ?? 0, 1),
            maxReplicas: spec.maxReplicaCount ?? 100,
            metrics: external,
          },
        },
      });
    }
    const perReplica = s.replicas > 0 ? s.value / s.replicas : s.value;
    const atZero = s.replicas === 0;
    await this.hpa.patchNamespacedHorizontalPodAutoscalerStatus(
      {
        name: hpaName,
        namespace,
        body: {
          status: {
            currentReplicas: s.replicas,
            desiredReplicas: s.replicas,
            ...(prev?.replicas !== s.replicas && { lastScaleTime: now }),
            currentMetrics: s.failing
              ? []
              : metrics.map(metric => ({
                  type: 'External',
                  external: {
                    metric: {
                      name: metric,
                      selector: {
                        matchLabels: { 'scaledobject.keda.sh/name': name },
                      },
                    },
                    current: {
                      averageValue:
                        perReplica.toFixed(3).replace(/\.?0+$/, '') || '0',
                    },
                  },
                })),
            conditions: [
              {
                type: 'AbleToScale',
                status: 'True',
                reason: 'ReadyForNewScale',
                message: 'recommended size matches current size',
                lastTransitionTime: now,
              },
              { ...scalingActive(atZero, s.failing), lastTransitionTime: now },
            ],
          },
        },
      },
      MERGE,
    );
  }

  private async recordTransitions(
    so: any,
    prev: SimulatedState | undefined,
    s: SimulatedState,
    fromReplicas: number,
  ) {
    const kind = 'ScaledObject';
    if (!prev) {
      await this.event(
        so,
        kind,
        'Normal',
        'KEDAScalersStarted',
        'ScalersWatchStarted',
        `Started scalers watch`,
      );
      await this.event(
        so,
        kind,
        'Normal',
        'ScaledObjectReady',
        'ScaledObjectReady',
        'ScaledObject is ready for scaling',
      );
      return;
    }
    if (!prev.failing && s.failing) {
      await this.event(
        so,
        kind,
        'Warning',
        'KEDAScalerFailed',
        'ScalerFailed',
        `${so.spec.triggers[0].type} scaler: error connecting to the event source: dial tcp: connection refused`,
      );
    }
    if (!prev.fallback && s.fallback) {
      await this.event(
        so,
        kind,
        'Normal',
        'ScaledObjectFallbackActivated',
        'FallbackActivated',
        `Fallback activated: serving ${s.replicas} replicas after ${s.failures} failed polls`,
      );
    }
    if (prev.fallback && !s.fallback) {
      await this.event(
        so,
        kind,
        'Normal',
        'ScaledObjectFallbackDeactivated',
        'FallbackDeactivated',
        'Fallback deactivated: scaler is healthy again',
      );
    }
    if (prev.failing && !s.failing) {
      await this.event(
        so,
        kind,
        'Normal',
        'ScaledObjectReady',
        'ScaledObjectReady',
        'ScaledObject is ready for scaling',
      );
    }
    if (fromReplicas === 0 && s.replicas > 0) {
      await this.event(
        so,
        kind,
        'Normal',
        'KEDAScaleTargetActivated',
        'ScaleTargetActivated',
        `Scaled apps/v1.Deployment ${so.metadata.namespace}/${so.spec.scaleTargetRef.name} from 0 to ${s.replicas}, triggered by ${so.spec.triggers[0].type}`,
      );
    }
    if (fromReplicas > 0 && s.replicas === 0) {
      await this.event(
        so,
        kind,
        'Normal',
        'KEDAScaleTargetDeactivated',
        'ScaleTargetDeactivated',
        `Deactivated apps/v1.Deployment ${so.metadata.namespace}/${so.spec.scaleTargetRef.name} from ${fromReplicas} to 0`,
      );
    }
  }

  private async driveScaledJob(sj: any, nowMs: number) {
    const { name, namespace } = sj.metadata;
    const key = `sj/${namespace}/${name}`;
    const { active, error } = scaledJobActivity(sj.spec.triggers[0], nowMs);
    const prev = this.previous.get(key);
    const now = new Date(nowMs).toISOString();
    if (active) this.lastActive.set(key, now);
    const metric = metricName(0, sj.spec.triggers[0]);
    await this.custom.patchNamespacedCustomObjectStatus(
      {
        group: 'keda.sh',
        version: 'v1alpha1',
        namespace,
        plural: 'scaledjobs',
        name,
        body: {
          status: {
            lastActiveTime:
              this.lastActive.get(key) ?? sj.status?.lastActiveTime,
            externalMetricNames: [metric],
            triggersTypes: sj.spec.triggers.map((t: any) => t.type).join(','),
            triggersActivity: { [metric]: { isActive: active } },
            conditions: [
              error
                ? {
                    type: 'Ready',
                    status: 'False',
                    reason: 'ScaledJobCheckFailed',
                    message: `Triggers defined in ScaledJob are not working correctly: ${error}`,
                  }
                : {
                    type: 'Ready',
                    status: 'True',
                    reason: 'ScaledJobReady',
                    message:
                      'ScaledJob is defined correctly and is ready to scaling',
                  },
              active
                ? {
                    type: 'Active',
                    status: 'True',
                    reason: 'ScalerActive',
                    message: 'Scaling is performed because triggers are active',
                  }
                : {
                    type: 'Active',
                    status: 'False',
                    reason: 'ScalerNotActive',
                    message:
                      'Scaling is not performed because triggers are not active',
                  },
              {
                type: 'Paused',
                status: 'False',
                reason: 'ScaledJobUnpaused',
                message: 'ScaledJob is not paused',
              },
            ],
          },
        },
      },
      MERGE,
    );
    const state: SimulatedState = {
      value: active ? 1 : 0,
      active,
      failing: false,
      failures: 0,
      replicas: active ? 1 : 0,
      desired: active ? 1 : 0,
      fallback: false,
    };
    if (!prev) {
      await this.event(
        sj,
        'ScaledJob',
        'Normal',
        'ScaledJobReady',
        'ScaledJobReady',
        'ScaledJob is ready for scaling',
      );
    } else if (!prev.active && active) {
      await this.event(
        sj,
        'ScaledJob',
        'Normal',
        'KEDAJobsCreated',
        'JobsCreated',
        'Created 1 jobs',
      );
    }
    this.previous.set(key, state);
  }

  private async event(
    obj: any,
    kind: string,
    type: 'Normal' | 'Warning',
    reason: string,
    action: string,
    note: string,
  ) {
    const now = new Date();
    await this.core.createNamespacedEvent({
      namespace: obj.metadata.namespace,
      body: {
        metadata: { generateName: `${obj.metadata.name}.` },
        involvedObject: {
          apiVersion: 'keda.sh/v1alpha1',
          kind,
          name: obj.metadata.name,
          namespace: obj.metadata.namespace,
          uid: obj.metadata.uid,
        },
        type,
        reason,
        action,
        message: note,
        source: { component: 'keda-operator' },
        reportingComponent: 'keda-operator',
        reportingInstance: 'keda-operator-demo',
        firstTimestamp: now,
        lastTimestamp: now,
        count: 1,
      },
    });
  }
}
