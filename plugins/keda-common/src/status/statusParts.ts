/**
 * The pieces the ScaledObject and the ScaledJob status share: KEDA's
 * defaults, condition views, the pause as annotations and status tell it,
 * the health order, the wording about triggers, and the result's shape.
 */
import { KEDA_CONTROL_ANNOTATIONS } from '../annotations';
import { collectKedaEvents } from './events';
import { listWords, plural } from './format';
import { explainCondition } from './reasons';
import type {
  KubeConditionLike,
  ObjectMetaLike,
  PauseView,
  ScalingConditionType,
  ScalingConditionView,
  ScalingHealth,
  ScalingHealthReason,
  ScalingStatus,
  ScalingStatusInput,
  TriggerStatusView,
} from './types';

/** The default of `spec.minReplicaCount`. */
export const DEFAULT_MIN = 0;
/** The default of `spec.maxReplicaCount`. */
export const DEFAULT_MAX = 100;
/** The default of `spec.cooldownPeriod`, in seconds. */
export const DEFAULT_COOLDOWN = 300;

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
export function annotationIsTrue(value: string | undefined): boolean {
  if (value === undefined) return false;
  return !['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(value.trim());
}

function parseCount(value: string | undefined): number | undefined {
  if (value === undefined || !/^\s*\d+\s*$/.test(value)) return undefined;
  return Number(value);
}

export function findCondition(
  conditions: KubeConditionLike[] | undefined,
  type: string,
): KubeConditionLike | undefined {
  return (conditions ?? []).find(c => c.type === type);
}

export function normalizeStatus(status: string | undefined) {
  return status === 'True' || status === 'False' ? status : 'Unknown';
}

export function conditionView(
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

/** How the object is paused, from its annotations and status. */
export function readPause(
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

export function failureText(trigger: TriggerStatusView): string {
  const failures = trigger.failures ?? 0;
  return failures > 0
    ? `the ${trigger.label} trigger failed ${plural(failures, 'time')} in a row`
    : `the ${trigger.label} trigger is failing`;
}

export function failuresText(failing: TriggerStatusView[]): string {
  if (failing.length === 1) return failureText(failing[0]);
  return `the ${listWords(failing.map(t => t.label))} triggers are failing`;
}

export function isFailing(trigger: TriggerStatusView): boolean {
  return trigger.healthStatus !== undefined && trigger.healthStatus !== 'Happy';
}

export function triggerNames(triggers: TriggerStatusView[]): string {
  const labels: string[] = [];
  for (const t of triggers) if (!labels.includes(t.label)) labels.push(t.label);
  return listWords(labels);
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** What a ScaledObject or ScaledJob status is made of, before assembly. */
export interface StatusParts
  extends Pick<
      ScalingStatus,
      'reasons' | 'conditions' | 'triggers' | 'replicas' | 'diagnosis'
    >,
    Partial<Pick<ScalingStatus, 'composite' | 'pause' | 'jobs'>> {}

/**
 * The status of either kind: the health the findings give, KEDA's events
 * about the object, and the optional fields only when there is a value.
 */
export function assembleStatus(
  kind: 'ScaledObject' | 'ScaledJob',
  object: {
    metadata?: ObjectMetaLike;
    status?: { lastActiveTime?: string };
  },
  input: ScalingStatusInput,
  parts: StatusParts,
): ScalingStatus {
  const { metadata, status } = object;
  const result: ScalingStatus = {
    kind,
    health: pickHealth(parts.reasons),
    reasons: parts.reasons,
    conditions: parts.conditions,
    triggers: parts.triggers,
    replicas: parts.replicas,
    events: collectKedaEvents(input.events, { kind, name: metadata?.name }),
    diagnosis: parts.diagnosis,
  };
  if (metadata?.name) result.name = metadata.name;
  if (metadata?.namespace) result.namespace = metadata.namespace;
  if (parts.composite) result.composite = parts.composite;
  if (parts.pause) result.pause = parts.pause;
  if (parts.jobs) result.jobs = parts.jobs;
  if (status?.lastActiveTime) result.lastActiveTime = status.lastActiveTime;
  return result;
}
