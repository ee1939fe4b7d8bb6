/**
 * Plain-language explanations of the condition reasons KEDA writes on
 * ScaledObjects and ScaledJobs, and of the HPA reasons KEDA copies into
 * `HPAActive`.
 */
import type { ScalingConditionType } from './types';

type ReasonTable = Partial<
  Record<ScalingConditionType, Record<string, string>>
>;

const SCALED_OBJECT: ReasonTable = {
  Ready: {
    ScaledObjectReady:
      'KEDA accepted the ScaledObject: the target exists, the triggers are set up and the HPA is in place.',
    ScaledObjectCheckFailed:
      'KEDA rejected the ScaledObject while reconciling it (for example a missing scale target, a conflicting HPA or invalid bounds); the message names the problem. Nothing is scaled until it is fixed.',
    TriggerError:
      'Every trigger returned an error on the last poll, so KEDA has no metric to scale on.',
    ErrorGettingCurrentReplicas:
      'KEDA could not read the replica count of the scale target through its /scale subresource, so it cannot decide whether to activate or deactivate it.',
    PartialTriggerError:
      'At least one trigger works and is active, but at least one other trigger returned an error; scaling goes on with the working triggers.',
  },
  Active: {
    ScalerActive:
      'At least one trigger is above its activation threshold, so the target is kept above zero and the HPA scales it.',
    ScalerNotActive:
      'No trigger is above its activation threshold. With minReplicaCount 0 (or an idle count) the target stays at, or goes down to, that floor.',
    ScalerCooldown:
      'No trigger is active any more, but the cooldown period since the last activity has not run out; KEDA waits before scaling to zero or the idle count.',
    UnknownState:
      'KEDA could not tell whether the triggers are active, usually because the ScaledObject check failed.',
  },
  Fallback: {
    FallbackExists:
      'A trigger has failed more times in a row than fallback.failureThreshold, so the HPA is fed a metric that yields fallback.replicas instead of the real value.',
    NoFallbackFound:
      'No trigger is in fallback; replica counts come from the real metrics.',
  },
  Paused: {
    ScaledObjectPaused:
      'Scaling is paused by an annotation: KEDA stops its loop (and removes the HPA) for autoscaling.keda.sh/paused or paused-replicas, or blocks one direction for paused-scale-in / paused-scale-out.',
    ScaledObjectUnpaused: 'No pause annotation is set; KEDA scales normally.',
  },
  HPAActive: {
    HPAActive:
      'The HPA reads its metrics and computes a replica count between 1 and the maximum.',
    ScalingDisabled:
      'The target is at 0 replicas, where the HPA does nothing by design: KEDA itself brings it back to 1 when a trigger becomes active.',
    HPAMetricsUnavailable:
      'The HPA cannot compute a replica count because it cannot read a metric; the replica count stays where it is.',
  },
};

const SCALED_JOB: ReasonTable = {
  Ready: {
    ScaledJobReady:
      'KEDA accepted the ScaledJob and polls its triggers to create Jobs.',
    ScaledJobCheckFailed:
      'KEDA rejected the ScaledJob while reconciling it; the message names the problem. No Jobs are created until it is fixed.',
    TriggerError:
      'Every trigger returned an error on the last poll, so KEDA cannot tell how many Jobs to run.',
    PartialTriggerError:
      'At least one trigger works and is active, but at least one other trigger returned an error; Jobs are created from the working triggers.',
  },
  Active: {
    ScalerActive:
      'At least one trigger is above its activation threshold, so KEDA creates Jobs for the pending work.',
    ScalerNotActive:
      'No trigger is above its activation threshold, so no new Jobs are created.',
    UnknownState: 'KEDA could not tell whether the triggers are active.',
  },
  Paused: {
    ScaledJobPaused:
      'The ScaledJob is paused by autoscaling.keda.sh/paused: no new Jobs are created; running Jobs finish.',
    ScaledJobUnpaused:
      'No pause annotation is set; KEDA creates Jobs normally.',
  },
};

/**
 * Reasons of the HPA's `ScalingActive` condition, which recent KEDA versions
 * copy into `HPAActive` (or into its message).
 */
const HPA_REASONS: Record<string, string> = {
  ValidMetricFound:
    'The HPA reads its metrics and computes a replica count between 1 and the maximum.',
  FailedGetExternalMetric:
    'The HPA could not read an external metric from KEDA’s metrics server (keda-operator-metrics-apiserver), usually because the trigger behind it is failing or the metrics server is unreachable.',
  FailedGetResourceMetric:
    'The HPA could not read CPU or memory usage, usually because metrics-server is missing or the pods have no resource requests.',
  FailedGetContainerResourceMetric:
    'The HPA could not read the CPU or memory usage of the named container.',
  FailedGetPodsMetric: 'The HPA could not read a per-pod custom metric.',
  FailedGetObjectMetric: 'The HPA could not read an object metric.',
  InvalidMetricSourceType: 'The HPA has a metric of a type it does not know.',
  InvalidSelector: 'The HPA could not use the label selector of the target.',
  FailedGetScale:
    'The HPA could not read the /scale subresource of the target.',
};

const ALIASES: Record<string, string> = {
  // Older KEDA releases wrote the reason with this typo.
  UnkownState: 'UnknownState',
};

/**
 * The plain-language meaning of a condition reason. Unknown reasons get a
 * generic sentence built from the status; an empty reason gets the meaning
 * of the condition's default state. For `HPAActive`, the HPA's own reason
 * (copied as the reason, or at the start of the message) is explained.
 *
 * @public
 */
export function explainCondition(
  kind: 'ScaledObject' | 'ScaledJob',
  type: ScalingConditionType,
  status: string,
  reason?: string,
  message?: string,
): string {
  const table = kind === 'ScaledJob' ? SCALED_JOB : SCALED_OBJECT;
  const key = reason ? ALIASES[reason] ?? reason : undefined;
  if (
    type === 'HPAActive' &&
    key === 'HPAMetricsUnavailable' &&
    status === 'False' &&
    message
  ) {
    // Recent KEDA keeps the HPA's reason at the start of the message:
    // "FailedGetExternalMetric: unable to get external metric ...".
    const hpaReason = /^([A-Za-z]+)(?::|$)/.exec(message)?.[1];
    if (hpaReason && HPA_REASONS[hpaReason]) {
      return `The HPA cannot compute a replica count: ${HPA_REASONS[hpaReason]}`;
    }
  }
  const known = key ? table[type]?.[key] : undefined;
  if (known) return known;
  if (type === 'HPAActive' && key && HPA_REASONS[key]) {
    // The HPA's own reason (KEDA versions that copy it verbatim).
    return status === 'True'
      ? HPA_REASONS[key]
      : `The HPA cannot compute a replica count: ${HPA_REASONS[key]}`;
  }
  if (!key) return defaultExplanation(kind, type, status);
  if (type === 'HPAActive' && status === 'False') {
    return `The HPA cannot compute a replica count (${key}); the replica count stays where it is.`;
  }
  return `${type} is ${status} (${key}).`;
}

function defaultExplanation(
  kind: 'ScaledObject' | 'ScaledJob',
  type: ScalingConditionType,
  status: string,
): string {
  if (type === 'HPAActive') {
    return status === 'Unknown'
      ? 'KEDA has not reported the state of the HPA (older KEDA versions do not set HPAActive).'
      : `HPAActive is ${status}.`;
  }
  if (type === 'Paused' && status === 'False') {
    return `The ${kind} is not paused.`;
  }
  if (type === 'Fallback' && status === 'False') {
    return 'No trigger is in fallback.';
  }
  if (status === 'Unknown') {
    return `KEDA has not decided ${type} yet; it is set after the first reconcile or poll.`;
  }
  return `${type} is ${status}.`;
}

/**
 * The plain-language meaning of an HPA `ScalingActive` reason, if known.
 *
 * @public
 */
export function explainHpaReason(reason: string): string | undefined {
  return HPA_REASONS[reason];
}

/**
 * Every reason with a dedicated explanation, by object kind and condition
 * type (for documentation and tests).
 *
 * @public
 */
export function knownConditionReasons(
  kind: 'ScaledObject' | 'ScaledJob',
): Array<{ type: ScalingConditionType; reason: string }> {
  const table = kind === 'ScaledJob' ? SCALED_JOB : SCALED_OBJECT;
  return (Object.keys(table) as ScalingConditionType[]).flatMap(type =>
    Object.keys(table[type] ?? {}).map(reason => ({ type, reason })),
  );
}
