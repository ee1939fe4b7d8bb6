/**
 * Minimal structural types for the objects the status model reads, and the
 * view model it produces. The input types describe plain JSON as the
 * Kubernetes API returns it; every field is optional unless the API always
 * sets it, so a partial or older object still type-checks.
 */

/**
 * A condition as it appears in `status.conditions` of KEDA objects and HPAs.
 *
 * @public
 */
export interface KubeConditionLike {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  lastUpdateTime?: string;
}

/**
 * The part of `metadata` the status model uses.
 *
 * @public
 */
export interface ObjectMetaLike {
  name?: string;
  namespace?: string;
  uid?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  creationTimestamp?: string;
  generation?: number;
}

/**
 * One entry of `spec.triggers` of a ScaledObject or ScaledJob.
 *
 * @public
 */
export interface KedaTriggerLike {
  type: string;
  name?: string;
  /** Values are strings; `undefined` is tolerated for absent keys. */
  metadata?: Record<string, string | undefined>;
  authenticationRef?: { name: string; kind?: string };
  metricType?: string;
  useCachedMetrics?: boolean;
}

/**
 * `status.health[<metric>]` of a ScaledObject.
 *
 * @public
 */
export interface KedaTriggerHealthLike {
  numberOfFailures?: number;
  status?: string;
}

/**
 * A `keda.sh/v1alpha1` ScaledObject, as read from the API.
 *
 * @public
 */
export interface ScaledObjectLike {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMetaLike;
  spec?: {
    scaleTargetRef?: {
      name: string;
      apiVersion?: string;
      kind?: string;
      envSourceContainerName?: string;
    };
    pollingInterval?: number;
    cooldownPeriod?: number;
    initialCooldownPeriod?: number;
    idleReplicaCount?: number;
    minReplicaCount?: number;
    maxReplicaCount?: number;
    advanced?: {
      horizontalPodAutoscalerConfig?: { name?: string; behavior?: unknown };
      restoreToOriginalReplicaCount?: boolean;
      scalingModifiers?: {
        formula?: string;
        target?: string;
        activationTarget?: string;
        metricType?: string;
      };
    };
    fallback?: {
      failureThreshold?: number;
      replicas?: number;
      behavior?: string;
    };
    triggers?: KedaTriggerLike[];
  };
  status?: {
    scaleTargetKind?: string;
    scaleTargetGVKR?: {
      group?: string;
      version?: string;
      kind?: string;
      resource?: string;
    };
    originalReplicaCount?: number;
    lastActiveTime?: string;
    externalMetricNames?: string[];
    resourceMetricNames?: string[];
    compositeScalerName?: string;
    conditions?: KubeConditionLike[];
    health?: Record<string, KedaTriggerHealthLike>;
    triggersActivity?: Record<string, { isActive?: boolean }>;
    pausedReplicaCount?: number;
    hpaName?: string;
    triggersTypes?: string;
    authenticationsTypes?: string;
  };
}

/**
 * A `keda.sh/v1alpha1` ScaledJob, as read from the API.
 *
 * @public
 */
export interface ScaledJobLike {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMetaLike;
  spec?: {
    jobTargetRef?: unknown;
    pollingInterval?: number;
    successfulJobsHistoryLimit?: number;
    failedJobsHistoryLimit?: number;
    minReplicaCount?: number;
    maxReplicaCount?: number;
    scalingStrategy?: {
      strategy?: string;
      multipleScalersCalculation?: string;
    };
    triggers?: KedaTriggerLike[];
  };
  status?: {
    lastActiveTime?: string;
    conditions?: KubeConditionLike[];
    /** Spelled with a capital P by KEDA; the string `"true"` when paused. */
    Paused?: string;
    triggersTypes?: string;
    authenticationsTypes?: string;
    externalMetricNames?: string[];
    triggersActivity?: Record<string, { isActive?: boolean }>;
  };
}

/**
 * `target` of an `autoscaling/v2` metric spec.
 *
 * @public
 */
export interface HpaMetricTargetLike {
  type?: string;
  value?: string | number;
  averageValue?: string | number;
  averageUtilization?: number;
}

/**
 * `current` of an `autoscaling/v2` metric status.
 *
 * @public
 */
export interface HpaMetricValueLike {
  value?: string | number;
  averageValue?: string | number;
  averageUtilization?: number;
}

/**
 * One entry of `spec.metrics` (with `target`) or `status.currentMetrics`
 * (with `current`) of an `autoscaling/v2` HorizontalPodAutoscaler.
 *
 * @public
 */
export interface HpaMetricLike {
  type: string;
  external?: {
    metric: { name: string; selector?: unknown };
    target?: HpaMetricTargetLike;
    current?: HpaMetricValueLike;
  };
  resource?: {
    name: string;
    target?: HpaMetricTargetLike;
    current?: HpaMetricValueLike;
  };
  containerResource?: {
    name: string;
    container: string;
    target?: HpaMetricTargetLike;
    current?: HpaMetricValueLike;
  };
  pods?: {
    metric: { name: string };
    target?: HpaMetricTargetLike;
    current?: HpaMetricValueLike;
  };
  object?: {
    metric: { name: string };
    target?: HpaMetricTargetLike;
    current?: HpaMetricValueLike;
  };
}

/**
 * An `autoscaling/v2` HorizontalPodAutoscaler, as read from the API.
 *
 * @public
 */
export interface HpaLike {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMetaLike;
  spec?: {
    minReplicas?: number;
    maxReplicas?: number;
    metrics?: HpaMetricLike[];
  };
  status?: {
    currentReplicas?: number;
    desiredReplicas?: number;
    lastScaleTime?: string;
    currentMetrics?: HpaMetricLike[] | null;
    conditions?: KubeConditionLike[];
  };
}

/**
 * The scale target (a Deployment, StatefulSet or any `/scale` resource).
 * The API leaves out replica counts that are 0.
 *
 * @public
 */
export interface ScaleTargetLike {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMetaLike;
  spec?: { replicas?: number };
  status?: {
    observedGeneration?: number;
    replicas?: number;
    updatedReplicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    unavailableReplicas?: number;
  };
}

/**
 * A `batch/v1` Job created by a ScaledJob.
 *
 * @public
 */
export interface JobLike {
  metadata?: ObjectMetaLike;
  status?: {
    active?: number;
    succeeded?: number;
    failed?: number;
    startTime?: string;
    completionTime?: string;
    conditions?: KubeConditionLike[];
  };
}

/**
 * An Event in either API: `core/v1` (`involvedObject`, `message`, `count`,
 * `firstTimestamp`/`lastTimestamp`) or `events.k8s.io/v1` (`regarding`,
 * `note`, `series`, `deprecated*` fields).
 *
 * @public
 */
export interface KubeEventLike {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMetaLike;
  type?: string;
  reason?: string;
  action?: string;
  // core/v1
  involvedObject?: {
    kind?: string;
    name?: string;
    namespace?: string;
    uid?: string;
  };
  message?: string;
  count?: number;
  firstTimestamp?: string | null;
  lastTimestamp?: string | null;
  source?: { component?: string; host?: string };
  reportingComponent?: string;
  reportingInstance?: string;
  // both
  eventTime?: string | null;
  series?: {
    count?: number;
    lastObservedTime?: string;
  } | null;
  // events.k8s.io/v1
  regarding?: { kind?: string; name?: string; namespace?: string };
  note?: string;
  reportingController?: string;
  deprecatedCount?: number;
  deprecatedFirstTimestamp?: string | null;
  deprecatedLastTimestamp?: string | null;
  deprecatedSource?: { component?: string; host?: string };
}

/**
 * What {@link buildScalingStatus} reads. Give a `scaledObject` or a
 * `scaledJob`; the rest is optional and makes the view richer.
 *
 * @public
 */
export interface ScalingStatusInput {
  scaledObject?: ScaledObjectLike;
  scaledJob?: ScaledJobLike;
  /** The HPA KEDA created for the ScaledObject (`status.hpaName`). */
  hpa?: HpaLike;
  /** The ScaledObject's scale target. */
  target?: ScaleTargetLike;
  /** The Jobs of a ScaledJob. */
  jobs?: JobLike[];
  /** Events about the object; only KEDA's are kept. */
  events?: KubeEventLike[];
  /** The time the view is built for; only used for relative wording. */
  now?: Date;
}

// ---------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------

/**
 * The overall state, one of (in order of precedence):
 *
 * - `paused`: the `Paused` condition is True, or a pause annotation
 *   (`autoscaling.keda.sh/paused`, `paused-replicas`, `paused-scale-in`,
 *   `paused-scale-out`) is in effect, or a ScaledJob's `status.Paused`.
 * - `failing`: KEDA cannot scale: `Ready=False` (check failed, cannot read
 *   replicas, or every trigger failing), or every trigger with a health
 *   entry is `Failing`, in both trigger cases only while no fallback serves
 *   replicas.
 * - `degraded`: scaling works but something needs a look: some (not all)
 *   triggers failing, `Ready=Unknown PartialTriggerError`, `Fallback=True`,
 *   the HPA cannot compute a replica count (`HPAActive=False`, or its
 *   `ScalingActive=False` with a reason other than `ScalingDisabled`), or
 *   the target is pinned at `maxReplicaCount` (max above min).
 * - `idle`: the target is at 0 (or at `idleReplicaCount`, below min) and no
 *   trigger is active; for a ScaledJob, no trigger active and no job running.
 * - `ok`: anything else.
 *
 * @public
 */
export type ScalingHealth = 'ok' | 'degraded' | 'failing' | 'paused' | 'idle';

/**
 * One finding behind the health; all findings are listed, not only the one
 * that decided the health.
 *
 * @public
 */
export interface ScalingHealthReason {
  /** A stable identifier, e.g. `fallback-active`. */
  code: ScalingHealthReasonCode;
  /** The health this finding alone would give. */
  health: ScalingHealth;
  message: string;
}

/**
 * The identifiers of {@link ScalingHealthReason}.
 *
 * @public
 */
export type ScalingHealthReasonCode =
  | 'paused'
  | 'paused-scale-in'
  | 'paused-scale-out'
  | 'not-ready'
  | 'all-triggers-failing'
  | 'trigger-failing'
  | 'partial-trigger-error'
  | 'fallback-active'
  | 'hpa-not-scaling'
  | 'pinned-at-max'
  | 'idle';

/**
 * The condition types shown for a ScaledObject (`HPAActive` is only set by
 * recent KEDA versions) and a ScaledJob (`Ready`, `Active`, `Paused`).
 *
 * @public
 */
export type ScalingConditionType =
  | 'Ready'
  | 'Active'
  | 'Fallback'
  | 'Paused'
  | 'HPAActive';

/**
 * One condition, explained.
 *
 * @public
 */
export interface ScalingConditionView {
  type: ScalingConditionType;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  /** What the reason means, in plain language. */
  explanation: string;
  /** `lastTransitionTime`, as given. */
  since?: string;
  /** False when the object does not carry the condition (default shown). */
  reported: boolean;
}

/**
 * A number read from a metric, with the raw quantity.
 *
 * @public
 */
export interface MetricReading {
  /** `AverageValue` (per replica), `Value` (total) or `Utilization` (%). */
  type: 'AverageValue' | 'Value' | 'Utilization';
  value: number;
  /** The quantity as written, e.g. `40800m`; absent for utilization. */
  raw?: string;
}

/**
 * One trigger of the object, with everything the status says about it.
 *
 * @public
 */
export interface TriggerStatusView {
  /** Position in `spec.triggers`; metric names start with `s<index>-`. */
  index: number;
  type: string;
  name?: string;
  /** `name` if set, otherwise `type`. */
  label: string;
  /** KEDA's metric names for this trigger (`s<i>-...`, or `cpu`/`memory`). */
  metricNames: string[];
  /** How the HPA reads the trigger. */
  hpaMetricKind?: 'External' | 'Resource' | 'ContainerResource' | 'Composite';
  current?: MetricReading;
  target?: MetricReading;
  /** Where `target` comes from. */
  targetSource?: 'hpa' | 'metadata';
  /** `status.triggersActivity`; undefined when not reported. */
  active?: boolean;
  /** `status.health[].status`, e.g. `Happy` or `Failing`. */
  healthStatus?: string;
  /** `status.health[].numberOfFailures`. */
  failures?: number;
  authenticationRef?: { name: string; kind: string };
  metricType?: string;
}

/**
 * The combined metric of `advanced.scalingModifiers`.
 *
 * @public
 */
export interface CompositeMetricView {
  metricName: string;
  formula?: string;
  current?: MetricReading;
  target?: MetricReading;
}

/**
 * Replica counts, with KEDA's semantics.
 *
 * @public
 */
export interface ReplicaStatusView {
  /** `spec.minReplicaCount`, default 0 (not the HPA's min, which is ≥ 1). */
  min: number;
  /** `spec.maxReplicaCount`, default 100. */
  max: number;
  /** `spec.idleReplicaCount`, when set. */
  idle?: number;
  /** The target's `status.replicas` (0 when the API left it out). */
  current?: number;
  /** The target's `status.readyReplicas`. */
  ready?: number;
  /** The target's `status.availableReplicas`. */
  available?: number;
  /** The target's `spec.replicas`. */
  desired?: number;
  /** The HPA's `status.desiredReplicas`. */
  hpaDesired?: number;
  /** The HPA's `status.currentReplicas`. */
  hpaCurrent?: number;
  /** The HPA's own bounds, for reference only. */
  hpaMin?: number;
  hpaMax?: number;
  /** The replica count a pause holds (`pausedReplicaCount` or annotation). */
  paused?: number;
  /** `spec.fallback.replicas` while `Fallback=True`. */
  fallback?: number;
  /** `status.originalReplicaCount`. */
  originalReplicaCount?: number;
}

/**
 * How the object is paused.
 *
 * @public
 */
export interface PauseView {
  /** No scaling at all (`paused`, `paused-replicas`, or the condition). */
  full: boolean;
  scaleIn: boolean;
  scaleOut: boolean;
  /** The annotations in effect, or `Paused condition` / `status.Paused`. */
  by: string[];
  replicas?: number;
}

/**
 * The Jobs of a ScaledJob.
 *
 * @public
 */
export interface JobCountsView {
  running: number;
  succeeded: number;
  failed: number;
  total: number;
}

/**
 * One event recorded by KEDA.
 *
 * @public
 */
export interface KedaEventView {
  reason: string;
  type: string;
  message: string;
  /** The latest occurrence, ISO 8601. */
  time?: string;
  /** The first occurrence, when known. */
  firstTime?: string;
  count: number;
  action?: string;
}

/**
 * The view model of one ScaledObject or ScaledJob.
 *
 * @public
 */
export interface ScalingStatus {
  kind: 'ScaledObject' | 'ScaledJob';
  name?: string;
  namespace?: string;
  health: ScalingHealth;
  reasons: ScalingHealthReason[];
  conditions: ScalingConditionView[];
  triggers: TriggerStatusView[];
  composite?: CompositeMetricView;
  replicas: ReplicaStatusView;
  pause?: PauseView;
  jobs?: JobCountsView;
  /** `status.lastActiveTime`. */
  lastActiveTime?: string;
  events: KedaEventView[];
  /** One plain-language sentence about the current state. */
  diagnosis: string;
}
