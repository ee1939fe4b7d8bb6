/**
 * Types of the manifest builder: what a team asks for (a scaling intent),
 * what we render (KEDA manifests) and what validation reports (problems).
 */

/**
 * The KEDA object that does the scaling.
 *
 * @public
 */
export type ScalingKind = 'ScaledObject' | 'ScaledJob';

/**
 * One value of a TriggerAuthentication read from a Kubernetes Secret.
 * Only the Secret's name and key end up in the manifest, never the value.
 *
 * @public
 */
export interface SecretRefIntent {
  /** The trigger parameter it supplies, e.g. `password` or `connection`. */
  parameter: string;
  /** Name of the Secret, in the namespace of the scaled object. */
  secretName: string;
  /** Key inside the Secret. */
  key: string;
}

/**
 * Pod identity settings of a TriggerAuthentication.
 *
 * @public
 */
export interface PodIdentityIntent {
  provider: 'azure-workload' | 'aws' | 'aws-eks' | 'gcp' | 'none';
  /** Azure: client id of the managed identity. */
  identityId?: string;
  /** Azure: tenant of the identity. */
  identityTenantId?: string;
  /** Azure: authority host; needs `identityTenantId`. */
  identityAuthorityHost?: string;
  /** AWS: role to assume; only with `identityOwner: keda`. */
  roleArn?: string;
  /** AWS: whose identity is used. */
  identityOwner?: 'keda' | 'workload';
  /** AWS: external id for the role; needs `roleArn`. */
  externalID?: string;
}

/**
 * How a trigger authenticates. Either a TriggerAuthentication to create
 * (when `secretRefs` or `podIdentity` is given), or one that already exists
 * (only `name`, and `kind` for a ClusterTriggerAuthentication).
 *
 * @public
 */
export interface TriggerAuthenticationIntent {
  /**
   * Name of the TriggerAuthentication. For one we create, defaults to
   * `<intent name>-<trigger name or index>-auth`.
   */
  name?: string;
  /** Only for an existing one; a created one is always namespaced. */
  kind?: 'TriggerAuthentication' | 'ClusterTriggerAuthentication';
  secretRefs?: SecretRefIntent[];
  podIdentity?: PodIdentityIntent;
}

/**
 * One event source that drives scaling (a KEDA trigger).
 *
 * @public
 */
export interface TriggerIntent {
  /** Trigger type from the scaler catalog, e.g. `kafka` or `cron`. */
  type: string;
  /** Needed to use the trigger in a `scalingModifiers` formula. */
  name?: string;
  /**
   * Trigger metadata. Numbers and booleans are written as strings, the way
   * KEDA reads them. Never put a secret here: use `authentication`.
   */
  metadata?: Record<string, string | number | boolean>;
  /** `AverageValue` (default), `Value`, or `Utilization` (cpu/memory only). */
  metricType?: 'AverageValue' | 'Value' | 'Utilization';
  /** Serve the HPA from the metric cache (not for cpu, memory, cron). */
  useCachedMetrics?: boolean;
  authentication?: TriggerAuthenticationIntent;
}

/**
 * What the scale target is (ScaledObject only). Defaults to a Deployment.
 *
 * @public
 */
export interface ScaleTargetIntent {
  name: string;
  kind?: string;
  apiVersion?: string;
  /** Container whose environment supplies `...FromEnv` values. */
  envSourceContainerName?: string;
}

/**
 * One container of the Job a ScaledJob starts.
 *
 * @public
 */
export interface JobContainerIntent {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  /** Plain environment variables (no secrets: reference them in the image's own config). */
  env?: Array<{ name: string; value: string }>;
  resources?: {
    requests?: Record<string, string>;
    limits?: Record<string, string>;
  };
}

/**
 * The Job a ScaledJob creates for each unit of work.
 *
 * @public
 */
export interface JobTemplateIntent {
  containers: JobContainerIntent[];
  /** Default `Never`. */
  restartPolicy?: 'Never' | 'OnFailure';
  parallelism?: number;
  completions?: number;
  activeDeadlineSeconds?: number;
  backoffLimit?: number;
  ttlSecondsAfterFinished?: number;
}

/**
 * One scaling policy of the HPA behaviour.
 *
 * @public
 */
export interface HpaScalingPolicyIntent {
  type: 'Pods' | 'Percent';
  value: number;
  periodSeconds: number;
}

/**
 * Scale-up or scale-down rules of the HPA.
 *
 * @public
 */
export interface HpaScalingRulesIntent {
  stabilizationWindowSeconds?: number;
  selectPolicy?: 'Max' | 'Min' | 'Disabled';
  policies?: HpaScalingPolicyIntent[];
}

/**
 * A scaling intent: scale this workload (or run these jobs) on these events,
 * within these bounds.
 *
 * @public
 */
export interface ScalingIntent {
  /** Default `ScaledObject`. */
  kind?: ScalingKind;
  /** Name of the ScaledObject / ScaledJob. */
  name: string;
  namespace: string;
  /** Value of the `backstage.io/kubernetes-id` label on every manifest. */
  kubernetesId: string;
  /** ScaledObject: the workload to scale. */
  scaleTarget?: ScaleTargetIntent;
  /** ScaledJob: the Job to start. */
  jobTemplate?: JobTemplateIntent;
  minReplicaCount?: number;
  maxReplicaCount?: number;
  /** ScaledObject: replicas while no trigger is active; must be below min. */
  idleReplicaCount?: number;
  pollingInterval?: number;
  /** ScaledObject only. */
  cooldownPeriod?: number;
  /** ScaledObject only. */
  initialCooldownPeriod?: number;
  triggers: TriggerIntent[];
  /** ScaledObject: replicas to run while the triggers keep failing. */
  fallback?: {
    failureThreshold: number;
    replicas: number;
    behavior?:
      | 'static'
      | 'currentReplicas'
      | 'currentReplicasIfHigher'
      | 'currentReplicasIfLower'
      | 'scalingModifiers';
  };
  /** ScaledObject: settings of the HPA KEDA creates. */
  hpa?: {
    /** Custom HPA name instead of `keda-hpa-<name>`. */
    name?: string;
    scaleUp?: HpaScalingRulesIntent;
    scaleDown?: HpaScalingRulesIntent;
  };
  /** ScaledObject: put the target back to its original replicas on delete. */
  restoreToOriginalReplicaCount?: boolean;
  /** ScaledObject: combine the named triggers with a formula. */
  scalingModifiers?: {
    formula: string;
    target: string;
    activationTarget?: string;
    metricType?: 'AverageValue' | 'Value';
  };
  /** Pause autoscaling (annotations). `replicas` is for ScaledObjects only. */
  pause?: { paused?: boolean; replicas?: number };
  /** ScaledJob: how many jobs to start. */
  scalingStrategy?: {
    strategy?: 'default' | 'custom' | 'accurate' | 'eager';
    customScalingQueueLengthDeduction?: number;
    customScalingRunningJobPercentage?: string;
    pendingPodConditions?: string[];
    multipleScalersCalculation?: 'min' | 'avg' | 'sum' | 'max';
  };
  /** ScaledJob: finished jobs to keep. */
  successfulJobsHistoryLimit?: number;
  failedJobsHistoryLimit?: number;
}

/**
 * A Kubernetes manifest as a plain object.
 *
 * @public
 */
export interface KedaManifest {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec: Record<string, unknown>;
}

/**
 * One thing wrong with a manifest or an intent.
 *
 * @public
 */
export interface ManifestProblem {
  /**
   * Where: a field path in the manifest, such as
   * `spec.triggers[0].metadata.lagThreshold`.
   */
  path: string;
  /** What is wrong. */
  message: string;
  /** How to fix it. */
  fix: string;
  /** Which manifest (`ScaledObject/orders`), when several are validated. */
  manifest?: string;
}
