/**
 * The limits that apply to one entity: the smallest replica limit of its
 * namespace, its lifecycle and the global one, the trigger types left after
 * the deny list, and whether it may scale to zero.
 */
import { canonicalType } from './triggerTypes';
import {
  PRODUCTION,
  ROOT,
  type EffectiveGuardrails,
  type GuardrailContext,
  type GuardrailRules,
} from './types';

export interface ReplicaLimit {
  value: number;
  /** The config key that set it. */
  key: string;
  /** Whom it applies to, for messages: `namespace "payments"`. */
  scope?: string;
}

function lookup<T>(
  map: Record<string, T> | undefined,
  name: string | undefined,
): T | undefined {
  if (!map || name === undefined) return undefined;
  return Object.prototype.hasOwnProperty.call(map, name)
    ? map[name]
    : undefined;
}

/** The smallest applicable replica limit; on a tie, the most specific one. */
export function replicaLimit(
  rules: GuardrailRules,
  context: GuardrailContext,
): ReplicaLimit | undefined {
  const candidates: ReplicaLimit[] = [];
  const scoped = [
    ['namespaces', 'namespace', context.namespace],
    ['lifecycles', 'lifecycle', context.lifecycle],
  ] as const;
  for (const [rule, scope, name] of scoped) {
    const limit = lookup(rules[rule], name)?.maxReplicaCount;
    if (limit !== undefined) {
      candidates.push({
        value: limit,
        key: `${ROOT}.${rule}.${name}.maxReplicaCount`,
        scope: `${scope} "${name}"`,
      });
    }
  }
  if (rules.maxReplicaCount !== undefined) {
    candidates.push({
      value: rules.maxReplicaCount,
      key: `${ROOT}.maxReplicaCount`,
    });
  }
  let best: ReplicaLimit | undefined;
  for (const candidate of candidates) {
    if (!best || candidate.value < best.value) best = candidate;
  }
  return best;
}

export function allowedTypes(rules: GuardrailRules): string[] | undefined {
  const allow = rules.triggerTypes?.allow;
  if (!allow) return undefined;
  const denied = new Set((rules.triggerTypes?.deny ?? []).map(canonicalType));
  return allow.filter(type => !denied.has(canonicalType(type)));
}

export function scaleToZeroAllowed(
  rules: GuardrailRules,
  lifecycle: string | undefined,
): boolean {
  if (!rules.scaleToZero) return true;
  const allowed = rules.scaleToZero.allowedLifecycles;
  if (!allowed) return lifecycle !== PRODUCTION;
  return lifecycle !== undefined && allowed.includes(lifecycle);
}

/**
 * The limits that apply to one entity (its namespace and lifecycle), for a
 * form to show next to the fields. `scaleToZeroAllowed` is about
 * ScaledObjects; a ScaledJob may always run no job.
 *
 * @public
 */
export function describeGuardrails(
  rules: GuardrailRules,
  context: GuardrailContext,
): EffectiveGuardrails {
  const result: EffectiveGuardrails = {
    fallbackRequiredFor: rules.requireFallbackForExternalTriggers
      ? 'external'
      : 'none',
    scaleToZeroAllowed: scaleToZeroAllowed(rules, context.lifecycle),
  };
  const limit = replicaLimit(rules, context);
  if (limit) result.maxReplicaCount = limit.value;
  const allowed = allowedTypes(rules);
  if (allowed) result.allowedTriggerTypes = allowed;
  if (rules.triggerTypes?.deny) {
    result.deniedTriggerTypes = [...rules.triggerTypes.deny];
  }
  if (rules.minPollingInterval !== undefined) {
    result.minPollingInterval = rules.minPollingInterval;
  }
  return result;
}
