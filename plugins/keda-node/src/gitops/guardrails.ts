/**
 * Guardrails of the GitOps engine: limits a platform team sets under
 * `keda.guardrails` in app-config. Every proposed scaling change is checked
 * against them before anything is written to Git, and the form asks
 * `describeGuardrails` which limits apply to the entity at hand.
 *
 * Every rule is off until it is configured.
 */
import type { Config } from '@backstage/config';
import {
  getScaler,
  type ManifestProblem,
  type ScalingIntent,
} from '@keda-portal/plugin-keda-common';

/**
 * A replica limit for one namespace or one lifecycle.
 *
 * @public
 */
export interface GuardrailReplicaLimit {
  /**
   * Largest `maxReplicaCount` allowed here (for a ScaledJob: the most jobs
   * running at once). It can only tighten the global limit: when several
   * limits apply, the smallest wins.
   */
  maxReplicaCount?: number;
}

/**
 * Which trigger types may be used.
 *
 * @public
 */
export interface GuardrailTriggerTypes {
  /**
   * When set, only these trigger types may be used. Must not be empty
   * (leave it out to allow every type).
   */
  allow?: string[];
  /** These trigger types may never be used, even when `allow` lists them. */
  deny?: string[];
}

/**
 * Where scaling to zero is allowed.
 *
 * @public
 */
export interface GuardrailScaleToZero {
  /**
   * Entity lifecycles (`spec.lifecycle`) whose ScaledObjects may scale to
   * zero. Without this list, every lifecycle except `production` may. With
   * it, only the listed lifecycles may, and an entity without a lifecycle
   * may not.
   */
  allowedLifecycles?: string[];
}

/**
 * The guardrails a platform team sets under `keda.guardrails`. Every field
 * is optional; a rule that is not set is not checked.
 *
 * @public
 */
export interface GuardrailRules {
  /**
   * Largest `maxReplicaCount` any ScaledObject may ask for, and the most
   * jobs a ScaledJob may run at once. An intent without `maxReplicaCount`
   * counts as KEDA's default of 100.
   */
  maxReplicaCount?: number;
  /**
   * Replica limits per Kubernetes namespace. They combine with the global
   * and lifecycle limits; the smallest applicable limit wins.
   */
  namespaces?: Record<string, GuardrailReplicaLimit>;
  /**
   * Replica limits per entity lifecycle (`spec.lifecycle`, e.g.
   * `experimental`). They combine with the global and namespace limits; the
   * smallest applicable limit wins.
   */
  lifecycles?: Record<string, GuardrailReplicaLimit>;
  /** Allow-list and/or deny-list of trigger types. */
  triggerTypes?: GuardrailTriggerTypes;
  /**
   * Shortest `pollingInterval` in seconds. An intent without
   * `pollingInterval` counts as KEDA's default of 30 seconds.
   */
  minPollingInterval?: number;
  /**
   * When true, a ScaledObject with at least one trigger that reads an
   * outside event source (any type except `cpu`, `memory` and `cron`) must
   * set `fallback`. ScaledJobs have no fallback and are not checked.
   */
  requireFallbackForExternalTriggers?: boolean;
  /**
   * When set (even as an empty object), ScaledObjects may only scale to
   * zero (`minReplicaCount` 0 or unset, or `idleReplicaCount` 0) in the
   * allowed lifecycles. ScaledJobs are not checked: running no job while
   * there is no work is what they are for.
   */
  scaleToZero?: GuardrailScaleToZero;
}

/**
 * The entity a change is for.
 *
 * @public
 */
export interface GuardrailContext {
  /** Kubernetes namespace of the scaled object. */
  namespace: string;
  /** The entity's `spec.lifecycle`, e.g. `production`. */
  lifecycle?: string;
}

/**
 * The limits that apply to one entity, for a form to show.
 *
 * @public
 */
export interface EffectiveGuardrails {
  /** Largest allowed `maxReplicaCount` (smallest applicable limit). */
  maxReplicaCount?: number;
  /** Only these trigger types may be used (already without denied ones). */
  allowedTriggerTypes?: string[];
  /** These trigger types may not be used. */
  deniedTriggerTypes?: string[];
  /** Shortest allowed `pollingInterval`, in seconds. */
  minPollingInterval?: number;
  /** `external`: a ScaledObject with an external trigger needs `fallback`. */
  fallbackRequiredFor: 'external' | 'none';
  /** Whether a ScaledObject of this entity may scale to zero. */
  scaleToZeroAllowed: boolean;
}

const ROOT = 'keda.guardrails';
/** KEDA's `maxReplicaCount` when a ScaledObject or ScaledJob leaves it out. */
const KEDA_DEFAULT_MAX_REPLICA_COUNT = 100;
/** KEDA's `pollingInterval` when it is left out. */
const KEDA_DEFAULT_POLLING_INTERVAL = 30;
const INT32_MAX = 2147483647;
/** Triggers that read the workload itself or the clock, not an outside source. */
const NON_EXTERNAL_TRIGGER_TYPES = new Set(['cpu', 'memory', 'cron']);
const PRODUCTION = 'production';

const RULE_KEYS = [
  'maxReplicaCount',
  'namespaces',
  'lifecycles',
  'triggerTypes',
  'minPollingInterval',
  'requireFallbackForExternalTriggers',
  'scaleToZero',
];

/**
 * The canonical trigger type: an alias is mapped to the type it selects.
 */
function canonicalType(type: string): string {
  return getScaler(type)?.type ?? type;
}

/**
 * True when a trigger type reads an outside event source (a queue, a
 * database, a metrics system, ...), as opposed to `cpu` and `memory` (the
 * workload's own resource use) and `cron` (the clock). These are the
 * triggers whose source can fail, which is what KEDA's fallback is for.
 *
 * The scaler catalog's `category` follows the KEDA docs' grouping (cpu and
 * memory share `Apps` with kubernetes-workload), so it cannot tell this;
 * the decision is by type.
 *
 * @public
 */
export function isExternalTriggerType(type: string): boolean {
  return !NON_EXTERNAL_TRIGGER_TYPES.has(canonicalType(type));
}

// ---------------------------------------------------------------------------
// Reading the config

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeValue(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

function readObject(value: unknown, key: string): JsonObject {
  if (!isObject(value)) {
    throw new Error(`${key} must be an object, got ${describeValue(value)}`);
  }
  return value;
}

function rejectUnknownKeys(
  object: JsonObject,
  key: string,
  known: string[],
): void {
  for (const name of Object.keys(object)) {
    if (!known.includes(name)) {
      throw new Error(
        `${key}.${name} is not a known setting; use one of: ${known.join(
          ', ',
        )}`,
      );
    }
  }
}

/** Numbers may arrive as strings (environment substitution), as in ConfigReader. */
function readPositiveInteger(value: unknown, key: string): number {
  let number = NaN;
  if (typeof value === 'number') {
    number = value;
  } else if (typeof value === 'string' && /^\s*\d+\s*$/.test(value)) {
    number = Number(value);
  }
  if (!Number.isInteger(number) || number < 1 || number > INT32_MAX) {
    throw new Error(
      `${key} must be a positive integer, got ${describeValue(value)}`,
    );
  }
  return number;
}

function readBoolean(value: unknown, key: string): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const word = value.trim().toLowerCase();
    if (word === 'true') return true;
    if (word === 'false') return false;
  }
  throw new Error(`${key} must be true or false, got ${describeValue(value)}`);
}

function readStringList(value: unknown, key: string): string[] {
  if (!Array.isArray(value)) {
    throw new Error(
      `${key} must be a list of strings, got ${describeValue(value)}`,
    );
  }
  return value.map((item, index) => {
    if (typeof item !== 'string' || item.trim() === '') {
      throw new Error(
        `${key}[${index}] must be a non-empty string, got ${describeValue(
          item,
        )}`,
      );
    }
    return item.trim();
  });
}

function readTriggerTypeList(value: unknown, key: string): string[] {
  const types = readStringList(value, key);
  types.forEach((type, index) => {
    if (!getScaler(type)) {
      throw new Error(
        `${key}[${index}] must be a KEDA trigger type from the scaler catalog, got "${type}"`,
      );
    }
  });
  return types;
}

function readLimitMap(
  value: unknown,
  key: string,
): Record<string, GuardrailReplicaLimit> {
  const result: Record<string, GuardrailReplicaLimit> = {};
  for (const [name, entry] of Object.entries(readObject(value, key))) {
    const entryKey = `${key}.${name}`;
    if (entry === null || entry === undefined) continue;
    const limit = readObject(entry, entryKey);
    rejectUnknownKeys(limit, entryKey, ['maxReplicaCount']);
    result[name] =
      limit.maxReplicaCount === undefined || limit.maxReplicaCount === null
        ? {}
        : {
            maxReplicaCount: readPositiveInteger(
              limit.maxReplicaCount,
              `${entryKey}.maxReplicaCount`,
            ),
          };
  }
  return result;
}

function readTriggerTypes(value: unknown, key: string): GuardrailTriggerTypes {
  const object = readObject(value, key);
  rejectUnknownKeys(object, key, ['allow', 'deny']);
  const result: GuardrailTriggerTypes = {};
  if (object.allow !== undefined && object.allow !== null) {
    result.allow = readTriggerTypeList(object.allow, `${key}.allow`);
    if (result.allow.length === 0) {
      throw new Error(
        `${key}.allow must list at least one trigger type; leave it out to allow every type`,
      );
    }
  }
  if (object.deny !== undefined && object.deny !== null) {
    result.deny = readTriggerTypeList(object.deny, `${key}.deny`);
  }
  if (result.allow && result.deny) {
    const denied = new Set(result.deny.map(canonicalType));
    const both = result.allow.find(type => denied.has(canonicalType(type)));
    if (both) {
      throw new Error(
        `${key}: "${both}" is in both allow and deny; remove it from one of them`,
      );
    }
  }
  return result;
}

function readScaleToZero(value: unknown, key: string): GuardrailScaleToZero {
  const object = readObject(value, key);
  rejectUnknownKeys(object, key, ['allowedLifecycles']);
  if (
    object.allowedLifecycles === undefined ||
    object.allowedLifecycles === null
  ) {
    return {};
  }
  return {
    allowedLifecycles: readStringList(
      object.allowedLifecycles,
      `${key}.allowedLifecycles`,
    ),
  };
}

/**
 * Reads and validates `keda.guardrails`. A missing section gives no rules.
 * A value of the wrong type, or a key that is not a known setting (a typo
 * would silently switch a guardrail off), throws an Error that names the
 * config key.
 *
 * @public
 */
export function readGuardrails(config: Config): GuardrailRules {
  const raw = config.getOptional<unknown>(ROOT);
  if (raw === undefined || raw === null) {
    return {};
  }
  const section = readObject(raw, ROOT);
  rejectUnknownKeys(section, ROOT, RULE_KEYS);
  const has = (name: string) =>
    section[name] !== undefined && section[name] !== null;

  const rules: GuardrailRules = {};
  if (has('maxReplicaCount')) {
    rules.maxReplicaCount = readPositiveInteger(
      section.maxReplicaCount,
      `${ROOT}.maxReplicaCount`,
    );
  }
  if (has('namespaces')) {
    rules.namespaces = readLimitMap(section.namespaces, `${ROOT}.namespaces`);
  }
  if (has('lifecycles')) {
    rules.lifecycles = readLimitMap(section.lifecycles, `${ROOT}.lifecycles`);
  }
  if (has('triggerTypes')) {
    rules.triggerTypes = readTriggerTypes(
      section.triggerTypes,
      `${ROOT}.triggerTypes`,
    );
  }
  if (has('minPollingInterval')) {
    rules.minPollingInterval = readPositiveInteger(
      section.minPollingInterval,
      `${ROOT}.minPollingInterval`,
    );
  }
  if (has('requireFallbackForExternalTriggers')) {
    rules.requireFallbackForExternalTriggers = readBoolean(
      section.requireFallbackForExternalTriggers,
      `${ROOT}.requireFallbackForExternalTriggers`,
    );
  }
  if (has('scaleToZero')) {
    rules.scaleToZero = readScaleToZero(
      section.scaleToZero,
      `${ROOT}.scaleToZero`,
    );
  }
  return rules;
}

// ---------------------------------------------------------------------------
// Effective limits

interface ReplicaLimit {
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
function replicaLimit(
  rules: GuardrailRules,
  context: GuardrailContext,
): ReplicaLimit | undefined {
  const candidates: ReplicaLimit[] = [];
  const forNamespace = lookup(rules.namespaces, context.namespace);
  if (forNamespace?.maxReplicaCount !== undefined) {
    candidates.push({
      value: forNamespace.maxReplicaCount,
      key: `${ROOT}.namespaces.${context.namespace}.maxReplicaCount`,
      scope: `namespace "${context.namespace}"`,
    });
  }
  const forLifecycle = lookup(rules.lifecycles, context.lifecycle);
  if (forLifecycle?.maxReplicaCount !== undefined) {
    candidates.push({
      value: forLifecycle.maxReplicaCount,
      key: `${ROOT}.lifecycles.${context.lifecycle}.maxReplicaCount`,
      scope: `lifecycle "${context.lifecycle}"`,
    });
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

function allowedTypes(rules: GuardrailRules): string[] | undefined {
  const allow = rules.triggerTypes?.allow;
  if (!allow) return undefined;
  const denied = new Set((rules.triggerTypes?.deny ?? []).map(canonicalType));
  return allow.filter(type => !denied.has(canonicalType(type)));
}

function scaleToZeroAllowed(
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

// ---------------------------------------------------------------------------
// Checking an intent

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
    if (denied.has(type)) {
      problems.push({
        path,
        message: guardrailMessage(
          'triggerTypes',
          `trigger type "${
            trigger.type
          }" (triggers[${index}]) is on the deny list (${ROOT}.triggerTypes.deny: ${quotedList(
            config.deny ?? [],
          )}).`,
        ),
        fix: `${choice(path)}, or remove the trigger.`,
      });
    } else if (allowedSet && !allowedSet.has(type)) {
      problems.push({
        path,
        message: guardrailMessage(
          'triggerTypes',
          `trigger type "${
            trigger.type
          }" (triggers[${index}]) is not on the allow list; allowed are ${quotedList(
            allowed ?? [],
          )} (${ROOT}.triggerTypes.allow).`,
        ),
        fix: `${choice(path)}, or remove the trigger. To use "${
          trigger.type
        }", ask the platform team to add it to ${ROOT}.triggerTypes.allow.`,
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
