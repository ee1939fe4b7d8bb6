/**
 * The status of a ScaledObject, with its HPA and scale target: explained
 * conditions, replica counts with KEDA's semantics, the findings behind the
 * health and one diagnosis sentence.
 */
import { KEDA_CONTROL_ANNOTATIONS } from '../annotations';
import { formatClock, listWords, plural } from './format';
import { buildCompositeMetric, buildTriggerStatuses } from './metrics';
import { drivingReading } from './readings';
import { scaleTargetKind } from './clusterRules';
import {
  annotationIsTrue,
  assembleStatus,
  capitalize,
  conditionView,
  DEFAULT_COOLDOWN,
  DEFAULT_MAX,
  DEFAULT_MIN,
  failuresText,
  failureText,
  findCondition,
  isFailing,
  normalizeStatus,
  readPause,
  triggerNames,
} from './statusParts';
import type {
  CompositeMetricView,
  HpaLike,
  KubeConditionLike,
  PauseView,
  ReplicaStatusView,
  ScaledObjectLike,
  ScaleTargetLike,
  ScalingConditionView,
  ScalingHealthReason,
  ScalingStatus,
  ScalingStatusInput,
  TriggerStatusView,
} from './types';

/** The ScaledObject's conditions, as found (HPAActive possibly derived). */
interface ScaledObjectConditions {
  ready?: KubeConditionLike;
  active?: KubeConditionLike;
  fallback?: KubeConditionLike;
  paused?: KubeConditionLike;
  hpaActive?: KubeConditionLike;
}

/** What the findings and the diagnosis are derived from. */
interface ScaledObjectFacts {
  spec: NonNullable<ScaledObjectLike['spec']>;
  lastActiveTime?: string;
  now?: Date;
  cond: ScaledObjectConditions;
  triggers: TriggerStatusView[];
  composite?: CompositeMetricView;
  pause?: PauseView;
  fallbackOn: boolean;
  replicas: ReplicaStatusView;
  current?: number;
  failing: TriggerStatusView[];
  allFailing: boolean;
  partialError: boolean;
  hpaNotScaling: boolean;
  pinned: boolean;
  anyActive: boolean;
  floorCount?: number;
  atFloor: boolean;
}

/**
 * The HPAActive condition as KEDA would derive it from the HPA's
 * `ScalingActive`, for KEDA versions that do not write it.
 */
function hpaActiveFromHpa(
  hpa: HpaLike | undefined,
): KubeConditionLike | undefined {
  const scalingActive = findCondition(hpa?.status?.conditions, 'ScalingActive');
  if (!scalingActive) return undefined;
  const derived: KubeConditionLike = { type: 'HPAActive', status: 'True' };
  if (scalingActive.reason === 'ScalingDisabled') {
    derived.reason = 'ScalingDisabled';
  } else if (scalingActive.status === 'True') {
    derived.reason = 'HPAActive';
  } else {
    derived.status = normalizeStatus(scalingActive.status);
    derived.reason = scalingActive.reason || 'HPAMetricsUnavailable';
  }
  if (scalingActive.message) derived.message = scalingActive.message;
  if (scalingActive.lastTransitionTime) {
    derived.lastTransitionTime = scalingActive.lastTransitionTime;
  }
  return derived;
}

function hpaReasonOf(condition: KubeConditionLike | undefined): string {
  const reason = condition?.reason ?? 'HPAMetricsUnavailable';
  if (reason === 'HPAMetricsUnavailable' && condition?.message) {
    const inner = /^([A-Za-z]+)(?::|$)/.exec(condition.message)?.[1];
    if (inner) return inner;
  }
  return reason;
}

function readConditions(
  so: ScaledObjectLike,
  hpa: HpaLike | undefined,
): { cond: ScaledObjectConditions; views: ScalingConditionView[] } {
  const conditions = so.status?.conditions;
  const reportedHpaActive = findCondition(conditions, 'HPAActive');
  const cond: ScaledObjectConditions = {
    ready: findCondition(conditions, 'Ready'),
    active: findCondition(conditions, 'Active'),
    fallback: findCondition(conditions, 'Fallback'),
    paused: findCondition(conditions, 'Paused'),
    hpaActive: reportedHpaActive ?? hpaActiveFromHpa(hpa),
  };
  const views = [
    conditionView('ScaledObject', 'Ready', cond.ready, 'Unknown'),
    conditionView('ScaledObject', 'Active', cond.active, 'Unknown'),
    conditionView('ScaledObject', 'Fallback', cond.fallback, 'Unknown'),
    conditionView('ScaledObject', 'Paused', cond.paused, 'False'),
    conditionView('ScaledObject', 'HPAActive', cond.hpaActive, 'Unknown'),
  ];
  if (cond.hpaActive && !reportedHpaActive) views[4].reported = false;
  const forced =
    annotationIsTrue(
      so.metadata?.annotations?.[KEDA_CONTROL_ANNOTATIONS.forceActivation],
    ) || /forc/i.test(cond.active?.message ?? '');
  if (cond.active?.status === 'True' && forced) {
    views[1].explanation += ` Activation is forced by the ${KEDA_CONTROL_ANNOTATIONS.forceActivation} annotation, whatever the triggers say.`;
  }
  return { cond, views };
}

/** Replicas, with the ScaledObject's bounds (not the HPA's). */
function readReplicas(
  so: ScaledObjectLike,
  hpa: HpaLike | undefined,
  target: ScaleTargetLike | undefined,
  pause: PauseView | undefined,
  fallbackOn: boolean,
): ReplicaStatusView {
  const spec = so.spec ?? {};
  const replicas: ReplicaStatusView = {
    min: spec.minReplicaCount ?? DEFAULT_MIN,
    max: spec.maxReplicaCount ?? DEFAULT_MAX,
  };
  if (spec.idleReplicaCount !== undefined) {
    replicas.idle = spec.idleReplicaCount;
  }
  if (target) {
    // The API leaves out counts that are 0.
    replicas.current = target.status?.replicas ?? 0;
    replicas.ready = target.status?.readyReplicas ?? 0;
    replicas.available = target.status?.availableReplicas ?? 0;
    if (target.spec?.replicas !== undefined) {
      replicas.desired = target.spec.replicas;
    }
  } else if (hpa?.status?.currentReplicas !== undefined) {
    replicas.current = hpa.status.currentReplicas;
  }
  if (hpa?.status?.desiredReplicas !== undefined) {
    replicas.hpaDesired = hpa.status.desiredReplicas;
  }
  if (hpa?.status?.currentReplicas !== undefined) {
    replicas.hpaCurrent = hpa.status.currentReplicas;
  }
  if (hpa?.spec?.minReplicas !== undefined) {
    replicas.hpaMin = hpa.spec.minReplicas;
  }
  if (hpa?.spec?.maxReplicas !== undefined) {
    replicas.hpaMax = hpa.spec.maxReplicas;
  }
  if (pause?.replicas !== undefined) replicas.paused = pause.replicas;
  if (fallbackOn && spec.fallback?.replicas !== undefined) {
    replicas.fallback = spec.fallback.replicas;
  }
  if (so.status?.originalReplicaCount !== undefined) {
    replicas.originalReplicaCount = so.status.originalReplicaCount;
  }
  return replicas;
}

/**
 * Where the replicas rest when no trigger is active. Without the target at
 * hand, KEDA's conditions still tell the floor: the HPA is disabled only at
 * 0, and ScalerNotActive (not ScalerCooldown) with min 0 or an idle count
 * means KEDA already scaled down.
 */
function readFloor(
  cond: ScaledObjectConditions,
  replicas: ReplicaStatusView,
): { floorCount?: number; atFloor: boolean } {
  let floorCount = replicas.current;
  if (floorCount === undefined) {
    if (cond.hpaActive?.reason === 'ScalingDisabled') {
      floorCount = 0;
    } else if (
      cond.active?.status === 'False' &&
      cond.active.reason === 'ScalerNotActive' &&
      (replicas.min === 0 || replicas.idle !== undefined)
    ) {
      floorCount = replicas.idle ?? 0;
    }
  }
  const atFloor =
    floorCount !== undefined &&
    (floorCount === 0 ||
      (replicas.idle !== undefined &&
        floorCount === replicas.idle &&
        floorCount < replicas.min));
  return { floorCount, atFloor };
}

function readFacts(
  so: ScaledObjectLike,
  input: ScalingStatusInput,
  cond: ScaledObjectConditions,
): ScaledObjectFacts {
  const { hpa, target } = input;
  const triggers = buildTriggerStatuses(so, hpa);
  const pause = readPause(so.metadata, cond.paused, {
    pausedReplicaCount: so.status?.pausedReplicaCount,
  });
  const fallbackOn = cond.fallback?.status === 'True';
  const replicas = readReplicas(so, hpa, target, pause, fallbackOn);
  const current = replicas.current;
  const failing = triggers.filter(isFailing);
  return {
    spec: so.spec ?? {},
    lastActiveTime: so.status?.lastActiveTime,
    now: input.now,
    cond,
    triggers,
    composite: buildCompositeMetric(so, hpa),
    pause,
    fallbackOn,
    replicas,
    current,
    failing,
    allFailing:
      failing.length > 0 &&
      triggers.every(t => t.healthStatus === undefined || isFailing(t)) &&
      // A failing trigger's isActive is stale: KEDA keeps the last value it
      // read (recorded with Redis down under fallback).
      !triggers.some(t => t.active && !isFailing(t)),
    partialError:
      cond.ready?.status === 'Unknown' &&
      cond.ready.reason === 'PartialTriggerError',
    hpaNotScaling:
      !pause?.full &&
      cond.hpaActive?.status === 'False' &&
      cond.hpaActive.reason !== 'ScalingDisabled',
    pinned:
      !pause?.full &&
      current !== undefined &&
      replicas.max > replicas.min &&
      current >= replicas.max &&
      (replicas.hpaDesired === undefined ||
        replicas.hpaDesired >= replicas.max),
    anyActive:
      cond.active?.status === 'True' || triggers.some(t => t.active === true),
    ...readFloor(cond, replicas),
  };
}

function pauseFindings(pause: PauseView | undefined): ScalingHealthReason[] {
  const reasons: ScalingHealthReason[] = [];
  if (pause?.full) {
    reasons.push({
      code: 'paused',
      health: 'paused',
      message:
        pause.replicas !== undefined
          ? `Paused at ${plural(pause.replicas, 'replica')} by ${pause.by.join(
              ', ',
            )}`
          : `Paused by ${pause.by.join(', ')}`,
    });
  }
  if (pause?.scaleIn) {
    reasons.push({
      code: 'paused-scale-in',
      health: 'paused',
      message: `Scale-in is paused by ${KEDA_CONTROL_ANNOTATIONS.pausedScaleIn}`,
    });
  }
  if (pause?.scaleOut) {
    reasons.push({
      code: 'paused-scale-out',
      health: 'paused',
      message: `Scale-out is paused by ${KEDA_CONTROL_ANNOTATIONS.pausedScaleOut}`,
    });
  }
  return reasons;
}

function triggerFindings(f: ScaledObjectFacts): ScalingHealthReason[] {
  const reasons: ScalingHealthReason[] = [];
  const ready = f.cond.ready;
  if (ready?.status === 'False') {
    const mitigated = ready.reason === 'TriggerError' && f.fallbackOn;
    reasons.push({
      code: 'not-ready',
      health: mitigated ? 'degraded' : 'failing',
      message: `Ready is False (${ready.reason ?? 'no reason'})${
        ready.message ? `: ${ready.message}` : ''
      }`,
    });
  }
  if (f.allFailing) {
    reasons.push({
      code: 'all-triggers-failing',
      health: f.fallbackOn ? 'degraded' : 'failing',
      message: `Every trigger is failing: ${failuresText(f.failing)}`,
    });
  } else {
    for (const trigger of f.failing) {
      reasons.push({
        code: 'trigger-failing',
        health: 'degraded',
        message: capitalize(failureText(trigger)),
      });
    }
  }
  if (f.partialError) {
    reasons.push({
      code: 'partial-trigger-error',
      health: 'degraded',
      message: 'Some triggers are failing; scaling goes on with the others',
    });
  }
  return reasons;
}

function scalingFindings(f: ScaledObjectFacts): ScalingHealthReason[] {
  const reasons: ScalingHealthReason[] = [];
  const { replicas } = f;
  if (f.fallbackOn) {
    reasons.push({
      code: 'fallback-active',
      health: 'degraded',
      message:
        replicas.fallback !== undefined
          ? `Fallback is active: the HPA is fed ${plural(
              replicas.fallback,
              'fallback replica',
            )}`
          : 'Fallback is active',
    });
  }
  if (f.hpaNotScaling) {
    reasons.push({
      code: 'hpa-not-scaling',
      health: 'degraded',
      message: `The HPA cannot compute a replica count (${hpaReasonOf(
        f.cond.hpaActive,
      )})`,
    });
  }
  if (f.pinned) {
    reasons.push({
      code: 'pinned-at-max',
      health: 'degraded',
      message: `At the maximum of ${plural(replicas.max, 'replica')}`,
    });
  }
  if (f.atFloor && !f.anyActive) {
    reasons.push({
      code: 'idle',
      health: 'idle',
      message:
        f.floorCount === 0
          ? 'Scaled to 0: no trigger is active'
          : `At the idle count of ${plural(
              f.floorCount ?? 0,
              'replica',
            )}: no trigger is active`,
    });
  }
  return reasons;
}

const replicasText = (f: ScaledObjectFacts) =>
  f.current !== undefined ? plural(f.current, 'replica') : undefined;

const stayText = (f: ScaledObjectFacts) =>
  replicasText(f) ? `; replicas stay at ${f.current}` : '';

/** The sentence while a pause annotation (or KEDA's status) holds scaling. */
function pauseDiagnosis(f: ScaledObjectFacts): string | undefined {
  const { pause } = f;
  if (pause?.full) {
    const at = pause.replicas ?? f.current;
    const atText = at !== undefined ? ` at ${plural(at, 'replica')}` : '';
    const annotations = pause.by.filter(b => b.includes('/'));
    if (annotations.length === 0) {
      return `Paused${atText} (${
        f.cond.paused?.reason ?? 'status'
      }): KEDA makes no changes`;
    }
    if (pause.replicas !== undefined) {
      return `Paused${atText} by ${listWords(annotations)}`;
    }
    return `Paused${atText} by ${listWords(
      annotations,
    )}: KEDA makes no changes and the HPA is removed`;
  }
  if (pause && (pause.scaleIn || pause.scaleOut)) {
    const current = replicasText(f);
    const atText = current ? ` at ${current}` : '';
    if (pause.scaleIn && pause.scaleOut) {
      return `Scale-in and scale-out paused${atText} by ${KEDA_CONTROL_ANNOTATIONS.pausedScaleIn} and ${KEDA_CONTROL_ANNOTATIONS.pausedScaleOut}`;
    }
    if (pause.scaleIn) {
      return `Scale-in paused${atText} by ${KEDA_CONTROL_ANNOTATIONS.pausedScaleIn}: replicas can be added but not removed`;
    }
    return `Scale-out paused${atText} by ${KEDA_CONTROL_ANNOTATIONS.pausedScaleOut}: replicas can be removed but not added`;
  }
  return undefined;
}

/** The sentence when KEDA or the HPA cannot do its part. */
function troubleDiagnosis(f: ScaledObjectFacts): string | undefined {
  const { spec, failing } = f;
  const ready = f.cond.ready;
  if (
    ready?.status === 'False' &&
    !(f.fallbackOn && ready.reason === 'TriggerError')
  ) {
    const targetRef = spec.scaleTargetRef;
    const targetName = targetRef
      ? `${scaleTargetKind(targetRef)} ${targetRef.name}`
      : 'the scale target';
    if (ready.reason === 'ErrorGettingCurrentReplicas') {
      return `Not scaling: KEDA cannot read the replica count of ${targetName}${stayText(
        f,
      )}`;
    }
    if (ready.reason === 'TriggerError') {
      return `Not scaling: ${
        failing.length > 0 ? failuresText(failing) : 'every trigger is failing'
      } and no fallback is active${stayText(f)}`;
    }
    return `Not scaling: the ScaledObject check failed${
      ready.message ? ` (${ready.message})` : ''
    }`;
  }
  if (f.fallbackOn) {
    const served = f.replicas.fallback ?? f.current;
    const cause =
      failing.length > 0
        ? failuresText(failing)
        : `a trigger failed ${
            spec.fallback?.failureThreshold ?? 'several'
          } times in a row`;
    return served !== undefined
      ? `Serving ${plural(served, 'fallback replica')}: ${cause}`
      : `Serving fallback replicas: ${cause}`;
  }
  if (f.allFailing) {
    return `Not scaling: ${failuresText(
      failing,
    )} and no fallback is active${stayText(f)}`;
  }
  if (f.pinned) {
    return `Pinned at the maximum of ${plural(
      f.replicas.max,
      'replica',
    )}: raise maxReplicaCount or the target`;
  }
  if (f.hpaNotScaling) {
    return `The HPA cannot compute a replica count (${hpaReasonOf(
      f.cond.hpaActive,
    )})${stayText(f)}`;
  }
  if (failing.length > 0 || f.partialError) {
    const working = f.triggers.filter(t => !isFailing(t));
    const who =
      failing.length > 0 ? failuresText(failing) : 'some triggers are failing';
    const current = replicasText(f) ? `: ${replicasText(f)}` : '';
    return working.length > 0 && failing.length > 0
      ? `Scaling on ${triggerNames(working)} while ${who}${current}`
      : `Scaling on the working triggers while ${who}${current}`;
  }
  return undefined;
}

/** The sentence when scaling works: at rest, cooling down or scaling. */
function steadyDiagnosis(f: ScaledObjectFacts): string {
  const { replicas, spec } = f;
  const cooldown = spec.cooldownPeriod ?? DEFAULT_COOLDOWN;
  const since = formatClock(f.lastActiveTime, f.now);
  const sinceText = since ? ` since ${since}` : '';
  const current = replicasText(f);
  if (f.atFloor && !f.anyActive) {
    const head =
      f.floorCount === 0
        ? 'Scaled to 0'
        : `Idle at ${plural(f.floorCount ?? 0, 'replica')}`;
    return `${head}: no trigger active${sinceText}; cooldown ${cooldown} s`;
  }
  const active = f.cond.active;
  if (active?.status === 'False' && active.reason === 'ScalerCooldown') {
    const floor = replicas.idle ?? 0;
    const endMs = Date.parse(f.lastActiveTime ?? '') + cooldown * 1000;
    const end = Number.isNaN(endMs)
      ? undefined
      : formatClock(new Date(endMs), f.now);
    return `Cooling down${
      current ? ` at ${current}` : ''
    }: no trigger active${sinceText}; scales to ${floor}${
      end ? ` at ${end}` : ` after ${cooldown} s`
    } unless a trigger becomes active`;
  }
  const on = f.composite?.formula
    ? `the formula ${f.composite.formula}`
    : triggerNames(f.triggers);
  if (f.current === 0 && f.anyActive) {
    return `Activating: a trigger on ${on} is active, scaling from 0 to ${Math.max(
      replicas.min,
      1,
    )}`;
  }
  if (replicas.min === replicas.max) {
    return `Held at ${plural(
      replicas.max,
      'replica',
    )}: minReplicaCount equals maxReplicaCount`;
  }
  const reading = drivingReading(
    f.triggers,
    f.composite,
    replicas.hpaCurrent ?? f.current,
  );
  const detail = [current, reading].filter(Boolean).join(', ');
  return `Scaling between ${replicas.min} and ${replicas.max} on ${on}${
    detail ? `: ${detail}` : ''
  }`;
}

export function buildScaledObjectStatus(
  so: ScaledObjectLike,
  input: ScalingStatusInput,
): ScalingStatus {
  const { cond, views } = readConditions(so, input.hpa);
  const f = readFacts(so, input, cond);
  return assembleStatus('ScaledObject', so, input, {
    reasons: [
      ...pauseFindings(f.pause),
      ...triggerFindings(f),
      ...scalingFindings(f),
    ],
    conditions: views,
    triggers: f.triggers,
    replicas: f.replicas,
    diagnosis: pauseDiagnosis(f) ?? troubleDiagnosis(f) ?? steadyDiagnosis(f),
    composite: f.composite,
    pause: f.pause,
  });
}
