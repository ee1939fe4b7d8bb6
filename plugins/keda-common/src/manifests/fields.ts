/**
 * The fields of the KEDA objects and the values they allow, in one place for
 * the validator (which names them in its messages, in this order) and the
 * parser (which reads them back into an intent). A field KEDA knows but an
 * intent cannot hold is listed here and left out by the parser. Also the
 * typed checks on plain objects that the builder, the parser and the
 * validator share.
 */

/** A manifest node as parsed from YAML or built in memory. */
export type Obj = Record<string, unknown>;

export function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value when it is a string, else undefined. */
export function stringValue(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** True for a number without a fraction. */
export function isWholeNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value);
}

/** True when `value` is one of `allowed` (which types it). */
export function isOneOf<T extends string>(
  value: unknown,
  allowed: ReadonlyArray<T>,
): value is T {
  return (
    typeof value === 'string' &&
    (allowed as ReadonlyArray<string>).includes(value)
  );
}

/**
 * An object of the entries whose value is not `undefined`, in the given
 * order: how the builder writes and the parser reads only what is set.
 */
export function defined(entries: Array<[string, unknown]>): Obj;
export function defined<T extends object>(
  entries: Array<[keyof T, unknown]>,
): T;
export function defined(entries: Array<[PropertyKey, unknown]>): Obj {
  const out: Obj = {};
  for (const [key, value] of entries) {
    if (value !== undefined) out[key as string] = value;
  }
  return out;
}

export function nonEmpty<T extends object>(value: T): T | undefined {
  return Object.keys(value).length ? value : undefined;
}

/** The keys of `value` that are not in `known`, in the object's order. */
export function unknownKeys(
  value: Obj,
  known: ReadonlyArray<string>,
): string[] {
  return Object.keys(value).filter(key => !known.includes(key));
}

// ---------------------------------------------------------------- ScaledObject

export const SCALED_OBJECT_SPEC = [
  'scaleTargetRef',
  'pollingInterval',
  'initialCooldownPeriod',
  'cooldownPeriod',
  'idleReplicaCount',
  'minReplicaCount',
  'maxReplicaCount',
  'fallback',
  'advanced',
  'triggers',
] as const;
export const SCALE_TARGET_REF = [
  'apiVersion',
  'kind',
  'name',
  'envSourceContainerName',
] as const;
export const ADVANCED = [
  'horizontalPodAutoscalerConfig',
  'restoreToOriginalReplicaCount',
  'scalingModifiers',
] as const;
export const HPA_CONFIG = ['name', 'behavior'] as const;
export const HPA_BEHAVIOR = ['scaleUp', 'scaleDown'] as const;
/** HPA scaling rules an intent holds; KEDA also knows `tolerance`. */
export const INTENT_SCALING_RULES = [
  'stabilizationWindowSeconds',
  'selectPolicy',
  'policies',
] as const;
export const SCALING_RULES = [...INTENT_SCALING_RULES, 'tolerance'] as const;
export const SCALING_POLICY = ['type', 'value', 'periodSeconds'] as const;
export const SELECT_POLICIES = ['Max', 'Min', 'Disabled'] as const;
export const POLICY_TYPES = ['Pods', 'Percent'] as const;
export const FALLBACK = ['failureThreshold', 'replicas', 'behavior'] as const;
export const FALLBACK_BEHAVIORS = [
  'static',
  'currentReplicas',
  'currentReplicasIfHigher',
  'currentReplicasIfLower',
  'scalingModifiers',
] as const;
export const SCALING_MODIFIERS = [
  'formula',
  'target',
  'activationTarget',
  'metricType',
] as const;
export const MODIFIER_METRIC_TYPES = ['AverageValue', 'Value'] as const;

// ---------------------------------------------------------------- ScaledJob

/** ScaledJob spec fields an intent cannot hold. */
const SCALED_JOB_ONLY_IN_KEDA = [
  'rollout',
  'rolloutStrategy',
  'envSourceContainerName',
] as const;
export const SCALED_JOB_SPEC = [
  'jobTargetRef',
  'pollingInterval',
  'successfulJobsHistoryLimit',
  'failedJobsHistoryLimit',
  'minReplicaCount',
  'maxReplicaCount',
  ...SCALED_JOB_ONLY_IN_KEDA,
  'scalingStrategy',
  'triggers',
] as const;
export const INTENT_SCALED_JOB_SPEC = SCALED_JOB_SPEC.filter(
  key => !(SCALED_JOB_ONLY_IN_KEDA as readonly string[]).includes(key),
);
/** Job settings an intent holds, besides `template`. */
export const JOB_SETTINGS = [
  'parallelism',
  'completions',
  'activeDeadlineSeconds',
  'backoffLimit',
  'ttlSecondsAfterFinished',
] as const;
export const JOB_CONTAINER = [
  'name',
  'image',
  'command',
  'args',
  'env',
  'resources',
] as const;
export const RESTART_POLICIES = ['Never', 'OnFailure'] as const;
export const SCALING_STRATEGY = [
  'strategy',
  'customScalingQueueLengthDeduction',
  'customScalingRunningJobPercentage',
  'pendingPodConditions',
  'multipleScalersCalculation',
] as const;
export const STRATEGIES = ['default', 'custom', 'accurate', 'eager'] as const;
export const MULTIPLE_SCALERS_CALCULATIONS = [
  'min',
  'avg',
  'sum',
  'max',
] as const;
export const ROLLOUT_STRATEGIES = ['gradual', 'immediate'] as const;

// ---------------------------------------------------------------- triggers

export const TRIGGER_FIELDS = [
  'type',
  'name',
  'metricType',
  'useCachedMetrics',
  'metadata',
  'authenticationRef',
] as const;
export const METRIC_TYPES = ['AverageValue', 'Value', 'Utilization'] as const;
export const AUTHENTICATION_REF = ['name', 'kind'] as const;
export const AUTHENTICATION_KINDS = [
  'TriggerAuthentication',
  'ClusterTriggerAuthentication',
] as const;

// ---------------------------------------------------------------- TriggerAuthentication

export const AUTHENTICATION_SOURCES = [
  'podIdentity',
  'secretTargetRef',
  'env',
  'configMapTargetRef',
  'hashiCorpVault',
  'azureKeyVault',
  'gcpSecretManager',
  'awsSecretManager',
  'azureServicePrincipal',
  'boundServiceAccountToken',
  'filePath',
  'oauth2',
] as const;
/** The sources an intent holds (as podIdentity and secretRefs). */
export const INTENT_AUTHENTICATION_SOURCES = [
  'secretTargetRef',
  'podIdentity',
] as const;
export const POD_IDENTITY = [
  'provider',
  'identityId',
  'identityTenantId',
  'identityAuthorityHost',
  'roleArn',
  'identityOwner',
  'externalID',
] as const;
export const POD_IDENTITY_PROVIDERS = [
  'azure-workload',
  'aws',
  'aws-eks',
  'gcp',
  'none',
] as const;
export const IDENTITY_OWNERS = ['keda', 'workload'] as const;
export const SECRET_TARGET_REF = ['parameter', 'name', 'key'] as const;
