/**
 * Turns a ScaledObject or ScaledJob, with its HPA, scale target, Jobs and
 * events, into the view model the UI renders: an overall health with the
 * findings behind it, explained conditions, per-trigger readings, replica
 * counts with KEDA's semantics, KEDA's events and one diagnosis sentence.
 */
import { collectKedaEvents } from './events';
import { formatClock, listWords, plural } from './format';
import { buildCompositeMetric, buildTriggerStatuses } from './metrics';
import { formatNumber } from './quantity';
import { explainCondition } from './reasons';
import type {
  CompositeMetricView,
  HpaLike,
  JobCountsView,
  JobLike,
  KubeConditionLike,
  MetricReading,
  ObjectMetaLike,
  PauseView,
  ReplicaStatusView,
  ScaledJobLike,
  ScaledObjectLike,
  ScalingConditionType,
  ScalingConditionView,
  ScalingHealth,
  ScalingHealthReason,
  ScalingStatus,
  ScalingStatusInput,
  TriggerStatusView,
} from './types';

/**
 * The annotations that pause KEDA, and the one that forces activation.
 *
 * @public
 */
export const KEDA_CONTROL_ANNOTATIONS = {
  paused: 'autoscaling.keda.sh/paused',
  pausedReplicas: 'autoscaling.keda.sh/paused-replicas',
  pausedScaleIn: 'autoscaling.keda.sh/paused-scale-in',
  pausedScaleOut: 'autoscaling.keda.sh/paused-scale-out',
  forceActivation: 'autoscaling.keda.sh/force-activation',
} as const;

/** The default of `spec.minReplicaCount`. */
const DEFAULT_MIN = 0;
/** The default of `spec.maxReplicaCount`. */
const DEFAULT_MAX = 100;
/** The default of `spec.cooldownPeriod`, in seconds. */
const DEFAULT_COOLDOWN = 300;

const HEALTH_ORDER: ScalingHealth[] = [
  'paused',
  'failing',
  'degraded',
  'idle',
  'ok',
];

/**
 * Reads an annotation as KEDA does with Go's `strconv.ParseBool`: `1`, `t`,
 * `true` (any case of those) are true, `0`, `f`, `false` are false, and any
 * other value counts as true.
 */
function annotationIsTrue(value: string | undefined): boolean {
  if (value === undefined) return false;
  return !['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(value.trim());
}

function parseCount(value: string | undefined): number | undefined {
  if (value === undefined || !/^\s*\d+\s*$/.test(value)) return undefined;
  return Number(value);
}

function findCondition(
  conditions: KubeConditionLike[] | undefined,
  type: string,
): KubeConditionLike | undefined {
  return (conditions ?? []).find(c => c.type === type);
}

function normalizeStatus(status: string | undefined) {
  return status === 'True' || status === 'False' ? status : 'Unknown';
}

function conditionView(
  kind: 'ScaledObject' | 'ScaledJob',
  type: ScalingConditionType,
  condition: KubeConditionLike | undefined,
  defaultStatus: 'True' | 'False' | 'Unknown',
): ScalingConditionView {
  const status = condition ? normalizeStatus(condition.status) : defaultStatus;
  const view: ScalingConditionView = {
    type,
    status,
    explanation: explainCondition(
      kind,
      type,
      status,
      condition?.reason,
      condition?.message,
    ),
    reported: condition !== undefined,
  };
  if (condition?.reason) view.reason = condition.reason;
  if (condition?.message) view.message = condition.message;
  if (condition?.lastTransitionTime) {
    view.since = condition.lastTransitionTime;
  }
  return view;
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

/** How the object is paused, from its annotations and status. */
function readPause(
  metadata: ObjectMetaLike | undefined,
  pausedCondition: KubeConditionLike | undefined,
  extra: { statusPaused?: boolean; pausedReplicaCount?: number },
): PauseView | undefined {
  const annotations = metadata?.annotations ?? {};
  const by: string[] = [];
  let full = false;
  let replicas: number | undefined;
  const pausedReplicas = annotations[KEDA_CONTROL_ANNOTATIONS.pausedReplicas];
  if (pausedReplicas !== undefined) {
    full = true;
    by.push(KEDA_CONTROL_ANNOTATIONS.pausedReplicas);
    replicas = parseCount(pausedReplicas);
  }
  if (annotationIsTrue(annotations[KEDA_CONTROL_ANNOTATIONS.paused])) {
    full = true;
    by.push(KEDA_CONTROL_ANNOTATIONS.paused);
  }
  const scaleIn = annotationIsTrue(
    annotations[KEDA_CONTROL_ANNOTATIONS.pausedScaleIn],
  );
  if (scaleIn) by.push(KEDA_CONTROL_ANNOTATIONS.pausedScaleIn);
  const scaleOut = annotationIsTrue(
    annotations[KEDA_CONTROL_ANNOTATIONS.pausedScaleOut],
  );
  if (scaleOut) by.push(KEDA_CONTROL_ANNOTATIONS.pausedScaleOut);
  if (extra.pausedReplicaCount !== undefined) {
    full = true;
    replicas = extra.pausedReplicaCount;
    if (by.length === 0) by.push('status.pausedReplicaCount');
  }
  if (extra.statusPaused && by.length === 0) {
    full = true;
    by.push('status.Paused');
  }
  if (pausedCondition?.status === 'True' && by.length === 0) {
    // The annotations are not at hand (or were just removed): trust KEDA.
    full = true;
    by.push('Paused condition');
  }
  if (by.length === 0) return undefined;
  const view: PauseView = { full, scaleIn, scaleOut, by };
  if (replicas !== undefined) view.replicas = replicas;
  return view;
}

function pickHealth(reasons: ScalingHealthReason[]): ScalingHealth {
  for (const health of HEALTH_ORDER) {
    if (reasons.some(r => r.health === health)) return health;
  }
  return 'ok';
}

function failureText(trigger: TriggerStatusView): string {
  const failures = trigger.failures ?? 0;
  return failures > 0
    ? `the ${trigger.label} trigger failed ${plural(failures, 'time')} in a row`
    : `the ${trigger.label} trigger is failing`;
}

function failuresText(failing: TriggerStatusView[]): string {
  if (failing.length === 1) return failureText(failing[0]);
  return `the ${listWords(failing.map(t => t.label))} triggers are failing`;
}

function isFailing(trigger: TriggerStatusView): boolean {
  return trigger.healthStatus !== undefined && trigger.healthStatus !== 'Happy';
}

function triggerNames(triggers: TriggerStatusView[]): string {
  const labels: string[] = [];
  for (const t of triggers) if (!labels.includes(t.label)) labels.push(t.label);
  return listWords(labels);
}

/** A cpu or memory amount in its usual unit: `250m`, `1.5`, `512Mi`. */
function resourceAmount(type: string, value: number): string {
  if (type === 'memory') {
    const units: Array<[string, number]> = [
      ['Gi', 2 ** 30],
      ['Mi', 2 ** 20],
      ['Ki', 2 ** 10],
    ];
    const unit = units.find(([, size]) => value >= size);
    return unit
      ? `${formatNumber(value / unit[1])}${unit[0]}`
      : formatNumber(value);
  }
  return value < 1 ? `${Math.round(value * 1000)}m` : formatNumber(value);
}

/**
 * A reading's number as the diagnosis writes it, so the trigger table can
 * show the same one: `40.8`, `512Mi` or `250m` for memory and cpu, `73%`
 * for utilization.
 *
 * @public
 */
export function formatReading(
  reading: MetricReading,
  triggerType?: string,
): string {
  if (reading.type === 'Utilization') return `${formatNumber(reading.value)}%`;
  if (triggerType === 'cpu' || triggerType === 'memory') {
    return resourceAmount(triggerType, reading.value);
  }
  return formatNumber(reading.value);
}

/**
 * One quantity, labelled, as the trigger table shows it: the per-replica
 * average KEDA compares with an `AverageValue` target (with the total it
 * came from), the total for a `Value` target, the percentage for
 * utilization. `40.8 per replica against a target of 50 (204 in total over
 * 5 replicas)`, `cpu at 73% against a target of 60%`.
 */
function readingPhrase(
  label: string,
  current: MetricReading,
  target: MetricReading | undefined,
  replicas: number | undefined,
  resource?: string,
  /** Which trigger, when several could drive: ` on kafka`. */
  on = '',
): string {
  if (resource && current.type === 'AverageValue') {
    const against =
      target && target.type !== 'Utilization'
        ? ` against a target of ${resourceAmount(resource, target.value)}`
        : '';
    return `${label} at ${resourceAmount(
      resource,
      current.value,
    )} per replica${against}`;
  }
  if (current.type === 'Utilization') {
    const against =
      target?.type === 'Utilization'
        ? ` against a target of ${formatNumber(target.value)}%`
        : '';
    return `${label} at ${formatNumber(current.value)}%${against}`;
  }
  if (current.type === 'AverageValue') {
    // The HPA reports the per-replica average; the total it came from helps
    // to read it against the source (queue length, request rate).
    const total =
      replicas !== undefined && replicas > 0
        ? ` (${formatNumber(current.value * replicas)} in total over ${plural(
            replicas,
            'replica',
          )})`
        : '';
    const of =
      target &&
      ` against a target of ${formatNumber(target.value)}${
        target.type === 'Value' ? ' in total' : ''
      }`;
    return `${formatNumber(current.value)} per replica${of ?? ''}${on}${total}`;
  }
  const against = target
    ? ` against a target of ${formatNumber(target.value)}${
        target.type === 'AverageValue' ? ' per replica' : ''
      }`
    : '';
  return `${formatNumber(current.value)} in total${against}${on}`;
}

function ratio(current: MetricReading, target: MetricReading | undefined) {
  if (!target || target.value === 0) return 0;
  return current.value / target.value;
}

/** The reading that drives the HPA: the highest current/target ratio. */
function drivingReading(
  triggers: TriggerStatusView[],
  composite: CompositeMetricView | undefined,
  replicas: number | undefined,
): string | undefined {
  if (composite?.current) {
    return readingPhrase(
      composite.metricName,
      composite.current,
      composite.target,
      replicas,
    );
  }
  const withReading = triggers.filter(t => t.current);
  if (withReading.length === 0) return undefined;
  const best = withReading.reduce((a, b) =>
    ratio(b.current!, b.target) > ratio(a.current!, a.target) ? b : a,
  );
  const resource =
    best.type === 'cpu' || best.type === 'memory' ? best.type : undefined;
  const on =
    withReading.length > 1 && best.current!.type !== 'Utilization' && !resource
      ? ` on ${best.label}`
      : '';
  return readingPhrase(
    best.label,
    best.current!,
    best.target,
    replicas,
    resource,
    on,
  );
}

function buildScaledObjectStatus(
  so: ScaledObjectLike,
  input: ScalingStatusInput,
): ScalingStatus {
  const { hpa, target, now } = input;
  const spec = so.spec ?? {};
  const status = so.status ?? {};
  const conditions = status.conditions;
  const readyCond = findCondition(conditions, 'Ready');
  const activeCond = findCondition(conditions, 'Active');
  const fallbackCond = findCondition(conditions, 'Fallback');
  const pausedCond = findCondition(conditions, 'Paused');
  const hpaActiveCond =
    findCondition(conditions, 'HPAActive') ?? hpaActiveFromHpa(hpa);

  const conditionViews = [
    conditionView('ScaledObject', 'Ready', readyCond, 'Unknown'),
    conditionView('ScaledObject', 'Active', activeCond, 'Unknown'),
    conditionView('ScaledObject', 'Fallback', fallbackCond, 'Unknown'),
    conditionView('ScaledObject', 'Paused', pausedCond, 'False'),
    conditionView('ScaledObject', 'HPAActive', hpaActiveCond, 'Unknown'),
  ];
  const hpaView = conditionViews[4];
  if (hpaActiveCond && !findCondition(conditions, 'HPAActive')) {
    hpaView.reported = false;
  }
  const forced =
    annotationIsTrue(
      so.metadata?.annotations?.[KEDA_CONTROL_ANNOTATIONS.forceActivation],
    ) || /forc/i.test(activeCond?.message ?? '');
  if (activeCond?.status === 'True' && forced) {
    conditionViews[1].explanation +=
      ' Activation is forced by the autoscaling.keda.sh/force-activation annotation, whatever the triggers say.';
  }

  const triggers = buildTriggerStatuses(so, hpa);
  const composite = buildCompositeMetric(so, hpa);
  const pause = readPause(so.metadata, pausedCond, {
    pausedReplicaCount: status.pausedReplicaCount,
  });
  const fallbackOn = fallbackCond?.status === 'True';

  // Replicas, with the ScaledObject's bounds (not the HPA's).
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
  if (status.originalReplicaCount !== undefined) {
    replicas.originalReplicaCount = status.originalReplicaCount;
  }
  const current = replicas.current;

  // Findings.
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
  const failing = triggers.filter(isFailing);
  const allFailing =
    failing.length > 0 &&
    triggers.every(t => t.healthStatus === undefined || isFailing(t)) &&
    !triggers.some(t => t.active);
  if (readyCond?.status === 'False') {
    const mitigated = readyCond.reason === 'TriggerError' && fallbackOn;
    reasons.push({
      code: 'not-ready',
      health: mitigated ? 'degraded' : 'failing',
      message: `Ready is False (${readyCond.reason ?? 'no reason'})${
        readyCond.message ? `: ${readyCond.message}` : ''
      }`,
    });
  }
  if (allFailing) {
    reasons.push({
      code: 'all-triggers-failing',
      health: fallbackOn ? 'degraded' : 'failing',
      message: `Every trigger is failing: ${failuresText(failing)}`,
    });
  } else {
    for (const trigger of failing) {
      reasons.push({
        code: 'trigger-failing',
        health: 'degraded',
        message: capitalize(failureText(trigger)),
      });
    }
  }
  if (
    readyCond?.status === 'Unknown' &&
    readyCond.reason === 'PartialTriggerError'
  ) {
    reasons.push({
      code: 'partial-trigger-error',
      health: 'degraded',
      message: 'Some triggers are failing; scaling goes on with the others',
    });
  }
  if (fallbackOn) {
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
  const hpaNotScaling =
    !pause?.full &&
    hpaActiveCond?.status === 'False' &&
    hpaActiveCond.reason !== 'ScalingDisabled';
  if (hpaNotScaling) {
    reasons.push({
      code: 'hpa-not-scaling',
      health: 'degraded',
      message: `The HPA cannot compute a replica count (${hpaReasonOf(
        hpaActiveCond,
      )})`,
    });
  }
  const pinned =
    !pause?.full &&
    current !== undefined &&
    replicas.max > replicas.min &&
    current >= replicas.max &&
    (replicas.hpaDesired === undefined || replicas.hpaDesired >= replicas.max);
  if (pinned) {
    reasons.push({
      code: 'pinned-at-max',
      health: 'degraded',
      message: `At the maximum of ${plural(replicas.max, 'replica')}`,
    });
  }
  const anyActive =
    activeCond?.status === 'True' || triggers.some(t => t.active === true);
  // Without the target at hand, KEDA's conditions still tell the floor:
  // the HPA is disabled only at 0, and ScalerNotActive (not ScalerCooldown)
  // with min 0 or an idle count means KEDA already scaled down.
  let floorCount = current;
  if (floorCount === undefined) {
    if (hpaActiveCond?.reason === 'ScalingDisabled') {
      floorCount = 0;
    } else if (
      activeCond?.status === 'False' &&
      activeCond.reason === 'ScalerNotActive' &&
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
  if (atFloor && !anyActive) {
    reasons.push({
      code: 'idle',
      health: 'idle',
      message:
        floorCount === 0
          ? 'Scaled to 0: no trigger is active'
          : `At the idle count of ${plural(
              floorCount ?? 0,
              'replica',
            )}: no trigger is active`,
    });
  }
  const health = pickHealth(reasons);

  // The sentence.
  const cooldown = spec.cooldownPeriod ?? DEFAULT_COOLDOWN;
  const since = formatClock(status.lastActiveTime, now);
  const sinceText = since ? ` since ${since}` : '';
  const replicasText =
    current !== undefined ? plural(current, 'replica') : undefined;
  const stay = replicasText ? `; replicas stay at ${current}` : '';
  const on = composite?.formula
    ? `the formula ${composite.formula}`
    : triggerNames(triggers);
  let diagnosis: string;
  if (pause?.full) {
    const at = pause.replicas ?? current;
    const atText = at !== undefined ? ` at ${plural(at, 'replica')}` : '';
    const annotations = pause.by.filter(b => b.includes('/'));
    if (annotations.length === 0) {
      diagnosis = `Paused${atText} (${
        pausedCond?.reason ?? 'status'
      }): KEDA makes no changes`;
    } else if (pause.replicas !== undefined) {
      diagnosis = `Paused${atText} by ${listWords(annotations)}`;
    } else {
      diagnosis = `Paused${atText} by ${listWords(
        annotations,
      )}: KEDA makes no changes and the HPA is removed`;
    }
  } else if (pause && (pause.scaleIn || pause.scaleOut)) {
    const atText = replicasText ? ` at ${replicasText}` : '';
    if (pause.scaleIn && pause.scaleOut) {
      diagnosis = `Scale-in and scale-out paused${atText} by ${KEDA_CONTROL_ANNOTATIONS.pausedScaleIn} and ${KEDA_CONTROL_ANNOTATIONS.pausedScaleOut}`;
    } else if (pause.scaleIn) {
      diagnosis = `Scale-in paused${atText} by ${KEDA_CONTROL_ANNOTATIONS.pausedScaleIn}: replicas can be added but not removed`;
    } else {
      diagnosis = `Scale-out paused${atText} by ${KEDA_CONTROL_ANNOTATIONS.pausedScaleOut}: replicas can be removed but not added`;
    }
  } else if (
    readyCond?.status === 'False' &&
    !(fallbackOn && readyCond.reason === 'TriggerError')
  ) {
    const targetRef = spec.scaleTargetRef;
    const targetName = targetRef
      ? `${targetRef.kind ?? 'Deployment'} ${targetRef.name}`
      : 'the scale target';
    if (readyCond.reason === 'ErrorGettingCurrentReplicas') {
      diagnosis = `Not scaling: KEDA cannot read the replica count of ${targetName}${stay}`;
    } else if (readyCond.reason === 'TriggerError') {
      diagnosis = `Not scaling: ${
        failing.length > 0 ? failuresText(failing) : 'every trigger is failing'
      } and no fallback is active${stay}`;
    } else {
      diagnosis = `Not scaling: the ScaledObject check failed${
        readyCond.message ? ` (${readyCond.message})` : ''
      }`;
    }
  } else if (fallbackOn) {
    const served = replicas.fallback ?? current;
    const cause =
      failing.length > 0
        ? failuresText(failing)
        : `a trigger failed ${
            spec.fallback?.failureThreshold ?? 'several'
          } times in a row`;
    diagnosis =
      served !== undefined
        ? `Serving ${plural(served, 'fallback replica')}: ${cause}`
        : `Serving fallback replicas: ${cause}`;
  } else if (allFailing) {
    diagnosis = `Not scaling: ${failuresText(
      failing,
    )} and no fallback is active${stay}`;
  } else if (pinned) {
    diagnosis = `Pinned at the maximum of ${plural(
      replicas.max,
      'replica',
    )}: raise maxReplicaCount or the target`;
  } else if (hpaNotScaling) {
    diagnosis = `The HPA cannot compute a replica count (${hpaReasonOf(
      hpaActiveCond,
    )})${stay}`;
  } else if (
    failing.length > 0 ||
    reasons.some(r => r.code === 'partial-trigger-error')
  ) {
    const working = triggers.filter(t => !isFailing(t));
    const who =
      failing.length > 0 ? failuresText(failing) : 'some triggers are failing';
    diagnosis =
      working.length > 0 && failing.length > 0
        ? `Scaling on ${triggerNames(working)} while ${who}${
            replicasText ? `: ${replicasText}` : ''
          }`
        : `Scaling on the working triggers while ${who}${
            replicasText ? `: ${replicasText}` : ''
          }`;
  } else if (atFloor && !anyActive) {
    const head =
      floorCount === 0
        ? 'Scaled to 0'
        : `Idle at ${plural(floorCount ?? 0, 'replica')}`;
    diagnosis = `${head}: no trigger active${sinceText}; cooldown ${cooldown} s`;
  } else if (
    activeCond?.status === 'False' &&
    activeCond.reason === 'ScalerCooldown'
  ) {
    const floor = replicas.idle ?? 0;
    const endMs = Date.parse(status.lastActiveTime ?? '') + cooldown * 1000;
    const end = Number.isNaN(endMs)
      ? undefined
      : formatClock(new Date(endMs), now);
    diagnosis = `Cooling down${
      replicasText ? ` at ${replicasText}` : ''
    }: no trigger active${sinceText}; scales to ${floor}${
      end ? ` at ${end}` : ` after ${cooldown} s`
    } unless a trigger becomes active`;
  } else if (current === 0 && anyActive) {
    diagnosis = `Activating: a trigger on ${on} is active, scaling from 0 to ${Math.max(
      replicas.min,
      1,
    )}`;
  } else if (replicas.min === replicas.max) {
    diagnosis = `Held at ${plural(
      replicas.max,
      'replica',
    )}: minReplicaCount equals maxReplicaCount`;
  } else {
    const reading = drivingReading(
      triggers,
      composite,
      replicas.hpaCurrent ?? current,
    );
    const detail = [replicasText, reading].filter(Boolean).join(', ');
    diagnosis = `Scaling between ${replicas.min} and ${replicas.max} on ${on}${
      detail ? `: ${detail}` : ''
    }`;
  }

  const result: ScalingStatus = {
    kind: 'ScaledObject',
    health,
    reasons,
    conditions: conditionViews,
    triggers,
    replicas,
    events: collectKedaEvents(input.events, {
      kind: 'ScaledObject',
      name: so.metadata?.name,
    }),
    diagnosis,
  };
  if (so.metadata?.name) result.name = so.metadata.name;
  if (so.metadata?.namespace) result.namespace = so.metadata.namespace;
  if (composite) result.composite = composite;
  if (pause) result.pause = pause;
  if (status.lastActiveTime) result.lastActiveTime = status.lastActiveTime;
  return result;
}

function hpaReasonOf(condition: KubeConditionLike | undefined): string {
  const reason = condition?.reason ?? 'HPAMetricsUnavailable';
  if (reason === 'HPAMetricsUnavailable' && condition?.message) {
    const inner = /^([A-Za-z]+)(?::|$)/.exec(condition.message)?.[1];
    if (inner) return inner;
  }
  return reason;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function countJobs(jobs: JobLike[]): JobCountsView {
  const counts: JobCountsView = {
    running: 0,
    succeeded: 0,
    failed: 0,
    total: jobs.length,
  };
  for (const job of jobs) {
    const finished = (job.status?.conditions ?? []).find(
      c =>
        (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True',
    );
    if (finished?.type === 'Complete') counts.succeeded += 1;
    else if (finished?.type === 'Failed') counts.failed += 1;
    else if ((job.status?.active ?? 0) > 0 || !job.status?.completionTime) {
      counts.running += 1;
    } else {
      counts.succeeded += 1;
    }
  }
  return counts;
}

function buildScaledJobStatus(
  sj: ScaledJobLike,
  input: ScalingStatusInput,
): ScalingStatus {
  const { now } = input;
  const spec = sj.spec ?? {};
  const status = sj.status ?? {};
  const readyCond = findCondition(status.conditions, 'Ready');
  const activeCond = findCondition(status.conditions, 'Active');
  const pausedCond = findCondition(status.conditions, 'Paused');
  const conditionViews = [
    conditionView('ScaledJob', 'Ready', readyCond, 'Unknown'),
    conditionView('ScaledJob', 'Active', activeCond, 'Unknown'),
    conditionView('ScaledJob', 'Paused', pausedCond, 'False'),
  ];
  const triggers = buildTriggerStatuses(sj);
  const pause = readPause(sj.metadata, pausedCond, {
    statusPaused: status.Paused === 'true',
  });
  const jobs = input.jobs ? countJobs(input.jobs) : undefined;
  const replicas: ReplicaStatusView = {
    min: spec.minReplicaCount ?? DEFAULT_MIN,
    max: spec.maxReplicaCount ?? DEFAULT_MAX,
  };
  if (jobs) replicas.current = jobs.running;

  const reasons: ScalingHealthReason[] = [];
  if (pause) {
    reasons.push({
      code: 'paused',
      health: 'paused',
      message: `Paused by ${pause.by.join(', ')}`,
    });
  }
  if (readyCond?.status === 'False') {
    reasons.push({
      code: 'not-ready',
      health: 'failing',
      message: `Ready is False (${readyCond.reason ?? 'no reason'})${
        readyCond.message ? `: ${readyCond.message}` : ''
      }`,
    });
  }
  if (
    readyCond?.status === 'Unknown' &&
    readyCond.reason === 'PartialTriggerError'
  ) {
    reasons.push({
      code: 'partial-trigger-error',
      health: 'degraded',
      message: 'Some triggers are failing; Jobs are created from the others',
    });
  }
  const anyActive =
    activeCond?.status === 'True' || triggers.some(t => t.active === true);
  const running = jobs?.running;
  const pinned =
    !pause &&
    anyActive &&
    running !== undefined &&
    replicas.max > 0 &&
    running >= replicas.max;
  if (pinned) {
    reasons.push({
      code: 'pinned-at-max',
      health: 'degraded',
      message: `At the maximum of ${plural(replicas.max, 'job')}`,
    });
  }
  if (!anyActive && (running ?? 0) === 0) {
    reasons.push({
      code: 'idle',
      health: 'idle',
      message: 'No trigger is active and no job is running',
    });
  }
  const health = pickHealth(reasons);

  const since = formatClock(status.lastActiveTime, now);
  const sinceText = since ? ` since ${since}` : '';
  const runningText =
    running !== undefined ? plural(running, 'job') : undefined;
  let diagnosis: string;
  if (pause) {
    diagnosis = `Paused by ${pause.by.join(' and ')}: no new jobs are created${
      running ? `; ${plural(running, 'running job')} can finish` : ''
    }`;
  } else if (readyCond?.status === 'False') {
    diagnosis =
      readyCond.reason === 'TriggerError'
        ? `Not creating jobs: ${
            triggers.length === 1
              ? `the ${triggers[0].label} trigger is failing`
              : 'every trigger is failing'
          }`
        : `Not creating jobs: the ScaledJob check failed${
            readyCond.message ? ` (${readyCond.message})` : ''
          }`;
  } else if (pinned) {
    diagnosis = `Running the maximum of ${plural(
      replicas.max,
      'job',
    )}: raise maxReplicaCount or the target`;
  } else if (readyCond?.reason === 'PartialTriggerError') {
    const active = triggers.filter(t => t.active);
    diagnosis = `Creating jobs from ${
      active.length > 0 ? triggerNames(active) : 'the working triggers'
    } while other triggers fail${
      runningText ? `: ${runningText} running` : ''
    }`;
  } else if (anyActive) {
    diagnosis = `${
      runningText ? `Running ${runningText}` : 'Creating jobs'
    } (at most ${replicas.max}) on ${triggerNames(
      triggers,
    )}: a trigger is active`;
  } else if (running) {
    diagnosis = `Finishing ${plural(
      running,
      'job',
    )}: no trigger active${sinceText}`;
  } else {
    diagnosis = `${
      jobs ? 'No jobs running' : 'Idle'
    }: no trigger active${sinceText}`;
  }

  const result: ScalingStatus = {
    kind: 'ScaledJob',
    health,
    reasons,
    conditions: conditionViews,
    triggers,
    replicas,
    events: collectKedaEvents(input.events, {
      kind: 'ScaledJob',
      name: sj.metadata?.name,
    }),
    diagnosis,
  };
  if (sj.metadata?.name) result.name = sj.metadata.name;
  if (sj.metadata?.namespace) result.namespace = sj.metadata.namespace;
  if (pause) result.pause = pause;
  if (jobs) result.jobs = jobs;
  if (status.lastActiveTime) result.lastActiveTime = status.lastActiveTime;
  return result;
}

/**
 * Builds the view model of a ScaledObject (with its HPA and scale target) or
 * a ScaledJob (with its Jobs). Pure: the same input gives the same output.
 * Throws when the input has neither a `scaledObject` nor a `scaledJob`.
 *
 * @public
 */
export function buildScalingStatus(input: ScalingStatusInput): ScalingStatus {
  if (input.scaledObject)
    return buildScaledObjectStatus(input.scaledObject, input);
  if (input.scaledJob) return buildScaledJobStatus(input.scaledJob, input);
  throw new Error('buildScalingStatus needs a scaledObject or a scaledJob');
}
