/**
 * Checks a proposed scaling intent against the guardrails: one check per
 * rule, each problem naming the rule's config key, what was asked and what
 * is allowed.
 */
import type {
  ManifestProblem,
  ScalingIntent,
} from '@keda-portal/plugin-keda-common';
import { allowedTypes, replicaLimit, scaleToZeroAllowed } from './effective';
import { canonicalType, isExternalTriggerType } from './triggerTypes';
import {
  PRODUCTION,
  ROOT,
  type GuardrailContext,
  type GuardrailRules,
} from './types';

/** KEDA's `maxReplicaCount` when a ScaledObject or ScaledJob leaves it out. */
const KEDA_DEFAULT_MAX_REPLICA_COUNT = 100;
/** KEDA's `pollingInterval` when it is left out. */
const KEDA_DEFAULT_POLLING_INTERVAL = 30;

function guardrailMessage(rule: string, text: string): string {
  return `Guardrail ${ROOT}.${rule}: ${text}`;
}

function quotedList(items: string[]): string {
  return items.map(item => `"${item}"`).join(', ');
}

function checkMaxReplicaCount(
  intent: ScalingIntent,
  context: GuardrailContext,
  rules: GuardrailRules,
  isJob: boolean,
): ManifestProblem[] {
  const limit = replicaLimit(rules, context);
  if (!limit) return [];
  const asked = intent.maxReplicaCount ?? KEDA_DEFAULT_MAX_REPLICA_COUNT;
  if (asked <= limit.value) return [];

  const unit = isJob ? 'jobs at once' : 'replicas';
  const what =
    intent.maxReplicaCount === undefined
      ? `maxReplicaCount is not set, so KEDA allows its default of ${asked} ${unit}`
      : `maxReplicaCount asks for ${asked} ${unit}`;
  const where = limit.scope ? ` for ${limit.scope}` : '';
  let fix = `Set maxReplicaCount to ${limit.value} or less`;
  if ((intent.minReplicaCount ?? 0) > limit.value) {
    fix += `, and lower minReplicaCount (${intent.minReplicaCount}) to at most the same value`;
  }
  return [
    {
      path: 'maxReplicaCount',
      message: guardrailMessage(
        'maxReplicaCount',
        `${what}; at most ${limit.value} ${unit} are allowed${where} (${limit.key}).`,
      ),
      fix: `${fix}.`,
    },
  ];
}

function checkTriggerTypes(
  intent: ScalingIntent,
  rules: GuardrailRules,
): ManifestProblem[] {
  const config = rules.triggerTypes;
  if (!config?.allow && !config?.deny) return [];
  const denied = new Set((config.deny ?? []).map(canonicalType));
  const allowed = allowedTypes(rules);
  const allowedSet = allowed ? new Set(allowed.map(canonicalType)) : undefined;
  const choice = (path: string) =>
    allowed
      ? `Change ${path} to one of the allowed types (${quotedList(allowed)})`
      : `Change ${path} to a type other than ${quotedList(config.deny ?? [])}`;

  const problems: ManifestProblem[] = [];
  (intent.triggers ?? []).forEach((trigger, index) => {
    // An empty or missing type is reported by intent validation.
    if (typeof trigger?.type !== 'string' || trigger.type === '') return;
    const type = canonicalType(trigger.type);
    const path = `triggers[${index}].type`;
    const asked = `trigger type "${trigger.type}" (triggers[${index}])`;
    let why: string | undefined;
    let fix = `${choice(path)}, or remove the trigger.`;
    if (denied.has(type)) {
      why = `is on the deny list (${ROOT}.triggerTypes.deny: ${quotedList(
        config.deny ?? [],
      )}).`;
    } else if (allowedSet && !allowedSet.has(type)) {
      why = `is not on the allow list; allowed are ${quotedList(
        allowed ?? [],
      )} (${ROOT}.triggerTypes.allow).`;
      fix += ` To use "${trigger.type}", ask the platform team to add it to ${ROOT}.triggerTypes.allow.`;
    }
    if (why) {
      problems.push({
        path,
        message: guardrailMessage('triggerTypes', `${asked} ${why}`),
        fix,
      });
    }
  });
  return problems;
}

function checkPollingInterval(
  intent: ScalingIntent,
  rules: GuardrailRules,
): ManifestProblem[] {
  const floor = rules.minPollingInterval;
  if (floor === undefined) return [];
  const asked = intent.pollingInterval ?? KEDA_DEFAULT_POLLING_INTERVAL;
  if (asked >= floor) return [];
  const what =
    intent.pollingInterval === undefined
      ? `pollingInterval is not set, so KEDA polls every ${asked} seconds (its default)`
      : `pollingInterval asks for polling every ${asked} seconds`;
  return [
    {
      path: 'pollingInterval',
      message: guardrailMessage(
        'minPollingInterval',
        `${what}; the shortest allowed interval is ${floor} seconds.`,
      ),
      fix: `Set pollingInterval to ${floor} seconds or more.`,
    },
  ];
}

function checkFallback(
  intent: ScalingIntent,
  rules: GuardrailRules,
  isJob: boolean,
): ManifestProblem[] {
  // Fallback exists only on ScaledObjects.
  if (!rules.requireFallbackForExternalTriggers || isJob) return [];
  if (intent.fallback !== undefined && intent.fallback !== null) return [];
  const external = (intent.triggers ?? [])
    .map((trigger, index) => ({ trigger, index }))
    .filter(
      ({ trigger }) =>
        typeof trigger?.type === 'string' &&
        trigger.type !== '' &&
        isExternalTriggerType(trigger.type),
    );
  if (external.length === 0) return [];
  const listed = external
    .map(({ trigger, index }) => `triggers[${index}] "${trigger.type}"`)
    .join(', ');
  return [
    {
      path: 'fallback',
      message: guardrailMessage(
        'requireFallbackForExternalTriggers',
        `this ScaledObject scales on external event sources (${listed}) but sets no fallback; a fallback is required for external triggers.`,
      ),
      fix: 'Add a fallback: failureThreshold (failed reads in a row before it applies, e.g. 3) and replicas (how many to run while the source cannot be read).',
    },
  ];
}

function checkScaleToZero(
  intent: ScalingIntent,
  context: GuardrailContext,
  rules: GuardrailRules,
  isJob: boolean,
): ManifestProblem[] {
  if (isJob || scaleToZeroAllowed(rules, context.lifecycle)) return [];
  const allowed = rules.scaleToZero?.allowedLifecycles;
  const who =
    context.lifecycle === undefined
      ? 'for an entity without a lifecycle'
      : `for lifecycle "${context.lifecycle}"`;
  let permitted: string;
  if (!allowed) {
    permitted = `it is allowed for every lifecycle except "${PRODUCTION}"`;
  } else if (allowed.length === 0) {
    permitted = 'it is allowed for no lifecycle';
  } else {
    permitted = `it is allowed only for lifecycles ${quotedList(allowed)}`;
  }
  const rule = `${ROOT}.scaleToZero.allowedLifecycles`;

  const problems: ManifestProblem[] = [];
  if ((intent.minReplicaCount ?? 0) === 0) {
    const what =
      intent.minReplicaCount === undefined
        ? "minReplicaCount is not set, so KEDA's default of 0 lets the workload scale to zero"
        : 'minReplicaCount 0 lets the workload scale to zero';
    problems.push({
      path: 'minReplicaCount',
      message: guardrailMessage(
        'scaleToZero',
        `${what}, which is not allowed ${who}; ${permitted} (${rule}).`,
      ),
      fix: 'Set minReplicaCount to 1 or more.',
    });
  }
  if (intent.idleReplicaCount === 0) {
    problems.push({
      path: 'idleReplicaCount',
      message: guardrailMessage(
        'scaleToZero',
        `idleReplicaCount 0 scales the workload to zero while no trigger is active, which is not allowed ${who}; ${permitted} (${rule}).`,
      ),
      fix: 'Remove idleReplicaCount so the workload stays at minReplicaCount while idle.',
    });
  }
  return problems;
}

/**
 * Checks a proposed scaling intent against the guardrails for the entity's
 * namespace and lifecycle. Every broken rule gives a problem whose message
 * starts with `Guardrail keda.guardrails.<rule>:` and says what was asked
 * and what is allowed; `path` is the intent field to change. Fields the
 * intent leaves out count as KEDA's defaults (maxReplicaCount 100,
 * pollingInterval 30, minReplicaCount 0). An empty list means the change
 * is within the guardrails.
 *
 * @public
 */
export function checkGuardrails(
  intent: ScalingIntent,
  context: GuardrailContext,
  rules: GuardrailRules,
): ManifestProblem[] {
  const isJob = intent.kind === 'ScaledJob';
  return [
    ...checkMaxReplicaCount(intent, context, rules, isJob),
    ...checkTriggerTypes(intent, rules),
    ...checkPollingInterval(intent, rules),
    ...checkFallback(intent, rules, isJob),
    ...checkScaleToZero(intent, context, rules, isJob),
  ];
}
