/**
 * The demo activity driver: plays the KEDA operator's and the HPA
 * controller's part on the demo API server, which has no controllers and no
 * nodes. It writes ScaledObject/ScaledJob status and conditions, the HPAs
 * (`keda-hpa-<name>` unless the spec names one) with `currentMetrics`, the
 * scale targets' replica status and KEDA's events. A simulation for the
 * demo only.
 */
import { hpaNameFromSpec } from '@keda-portal/plugin-keda-common';
import {
  AppsV1Api,
  AutoscalingV2Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
} from '@kubernetes/client-node';
import { writeHpa } from './hpa';
import {
  recordKedaEvents,
  scaledJobNotes,
  scaledObjectNotes,
} from './kedaEvents';
import {
  metricName,
  scaledJobActivity,
  sjConditions,
  soConditions,
  targetValue,
} from './kedaStatus';
import { MERGE } from './patch';
import { Scenario, simulate, SimulatedState } from './simulation';

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

const KEDA = { group: 'keda.sh', version: 'v1alpha1' };

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
      ...KEDA,
      plural: 'scaledobjects',
    });
    for (const so of sos.items) {
      // A frozen ScaledObject keeps whatever status it was given (tests, demos).
      if (so.metadata.annotations?.[FROZEN_ANNOTATION] === 'true') continue;
      await this.guarded(so, () => this.driveScaledObject(so, nowMs));
    }
    const sjs: any = await this.custom.listClusterCustomObject({
      ...KEDA,
      plural: 'scaledjobs',
    });
    for (const sj of sjs.items) {
      await this.guarded(sj, () => this.driveScaledJob(sj, nowMs));
    }
  }

  /** One object's failure is logged and does not stop the others. */
  private async guarded(object: any, drive: () => Promise<void>) {
    try {
      await drive();
    } catch (e) {
      this.log(
        `demo driver: ${object.metadata.namespace}/${object.metadata.name}: ${e}`,
      );
    }
  }

  private async driveScaledObject(so: any, nowMs: number) {
    const { name, namespace } = so.metadata;
    const key = `so/${namespace}/${name}`;
    const spec = so.spec;
    const target = targetValue(spec.triggers[0]);
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
    const hpaName = hpaNameFromSpec(so);
    const now = new Date(nowMs).toISOString();
    if (s.active) this.lastActive.set(key, now);

    const deployment = await this.writeTarget(so, s);
    await writeHpa(this.hpa, so, {
      hpaName,
      metrics,
      state: s,
      target,
      now,
      prev,
    });
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
        ...KEDA,
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
            originalReplicaCount:
              so.status?.originalReplicaCount ?? deployment.spec?.replicas ?? 1,
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
    await recordKedaEvents(
      this.core,
      so,
      'ScaledObject',
      scaledObjectNotes(so, prev, s, deployment.spec?.replicas ?? 0),
    );
    this.previous.set(key, s);
  }

  /**
   * The scale target: desired in spec.replicas, actual in status. Returns
   * the Deployment as it was before this tick.
   */
  private async writeTarget(so: any, s: SimulatedState) {
    const namespace = so.metadata.namespace;
    const name = so.spec.scaleTargetRef.name;
    const deployment = await this.apps.readNamespacedDeployment({
      name,
      namespace,
    });
    if (deployment.spec?.replicas !== s.replicas) {
      await this.apps.patchNamespacedDeployment(
        { name, namespace, body: { spec: { replicas: s.replicas } } },
        MERGE,
      );
    }
    await this.apps.patchNamespacedDeploymentStatus(
      {
        name,
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
    return deployment;
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
        ...KEDA,
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
            conditions: sjConditions(active, error),
          },
        },
      },
      MERGE,
    );
    await recordKedaEvents(
      this.core,
      sj,
      'ScaledJob',
      scaledJobNotes(prev, active),
    );
    this.previous.set(key, {
      value: active ? 1 : 0,
      active,
      failing: false,
      failures: 0,
      replicas: active ? 1 : 0,
      desired: active ? 1 : 0,
      fallback: false,
    });
  }
}
