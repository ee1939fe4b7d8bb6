/**
 * What the demo's stand-in for the KEDA operator writes: metric names,
 * conditions of ScaledObjects and ScaledJobs, the HPA's ScalingActive
 * condition, and whether a ScaledJob's trigger is active. A simulation for
 * the demo only.
 */
import { isCronActive, SimulatedState } from './simulation';

export interface Condition {
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

/** The per-replica target of a trigger, from the usual metadata keys. */
export function targetValue(trigger: any): number {
  const m = trigger.metadata ?? {};
  return (
    Number(m.threshold ?? m.lagThreshold ?? m.value ?? m.queueLength ?? 10) ||
    10
  );
}

/** The Active condition, the same for ScaledObjects and ScaledJobs. */
function activeCondition(active: boolean): Condition {
  return active
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
      };
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
    activeCondition(s.active),
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

/** A ScaledJob's conditions; `error` is why its trigger cannot be read. */
export function sjConditions(active: boolean, error?: string): Condition[] {
  return [
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
          message: 'ScaledJob is defined correctly and is ready to scaling',
        },
    activeCondition(active),
    {
      type: 'Paused',
      status: 'False',
      reason: 'ScaledJobUnpaused',
      message: 'ScaledJob is not paused',
    },
  ];
}

/** The HPA's ScalingActive condition, as the HPA controller would set it. */
export function scalingActive(atZero: boolean, failing: boolean) {
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
