/**
 * How the editor lays out a trigger type's parameters, and small helpers to
 * change a trigger without mutating it.
 */
import {
  matchesParameterName,
  type ScalerDefinition,
  type ScalerParameter,
  type SecretRefIntent,
  type TriggerAuthenticationIntent,
  type TriggerIntent,
} from '@keda-portal/plugin-keda-common';

/** The parameters of a trigger type, in the order the form shows them. */
export interface ParameterLayout {
  /** Written in the metadata; required ones and alternatives to pick from. */
  main: ScalerParameter[];
  /** Written in the metadata; optional (behind "more"). */
  more: ScalerParameter[];
  /** From a Secret; required ones and alternatives (always shown). */
  secretMain: ScalerParameter[];
  /** From a Secret; optional (added on demand). */
  secretMore: ScalerParameter[];
  /** Pattern parameters such as `query.*`, entered as free metadata keys. */
  patterns: ScalerParameter[];
}

const RESOURCE_TRIGGERS = new Set(['cpu', 'memory']);
const NO_CACHE_TRIGGERS = new Set(['cpu', 'memory', 'cron']);

/** cpu and memory: they need a metricType. */
export function isResourceTrigger(type: string): boolean {
  return RESOURCE_TRIGGERS.has(type);
}

/** Triggers that may serve the HPA from the metric cache. */
export function supportsCachedMetrics(type: string): boolean {
  return !NO_CACHE_TRIGGERS.has(type);
}

/** A parameter whose value may be written into the metadata. */
export function isMetadataParameter(param: ScalerParameter): boolean {
  return !param.secret && param.sources.includes('metadata');
}

/** A parameter that only a TriggerAuthentication (or env) may supply. */
export function isSecretParameter(param: ScalerParameter): boolean {
  return (
    !isMetadataParameter(param) && param.sources.includes('authentication')
  );
}

function isPrimary(param: ScalerParameter): boolean {
  return !param.deprecated && (param.required || Boolean(param.oneOfGroup));
}

/** Required first, then alternatives grouped, then the rest; deprecated last. */
function byImportance(a: ScalerParameter, b: ScalerParameter): number {
  const rank = (p: ScalerParameter) => {
    if (p.deprecated) return 3;
    if (p.required) return 0;
    return p.oneOfGroup ? 1 : 2;
  };
  const diff = rank(a) - rank(b);
  if (diff !== 0) return diff;
  if (a.oneOfGroup && b.oneOfGroup) {
    return a.oneOfGroup.localeCompare(b.oneOfGroup);
  }
  return 0;
}

/** Sorts a trigger type's parameters into the sections of the form. */
export function layoutParameters(
  definition: ScalerDefinition,
): ParameterLayout {
  const layout: ParameterLayout = {
    main: [],
    more: [],
    secretMain: [],
    secretMore: [],
    patterns: [],
  };
  const sorted = [...definition.parameters].sort(byImportance);
  for (const param of sorted) {
    if (param.name.includes('*')) {
      layout.patterns.push(param);
    } else if (isMetadataParameter(param)) {
      (isPrimary(param) ? layout.main : layout.more).push(param);
    } else if (isSecretParameter(param)) {
      (isPrimary(param) ? layout.secretMain : layout.secretMore).push(param);
    }
  }
  return layout;
}

/** The other members of a parameter's group of alternatives. */
export function groupPartners(
  definition: ScalerDefinition,
  param: ScalerParameter,
): string[] {
  if (!param.oneOfGroup) return [];
  return definition.parameters
    .filter(p => p.oneOfGroup === param.oneOfGroup && p.name !== param.name)
    .map(p => p.name);
}

/** True when a metadata key has its own field in the layout. */
export function hasOwnField(layout: ParameterLayout, key: string): boolean {
  return [...layout.main, ...layout.more].some(p => p.name === key);
}

/** A hint for a free metadata key: which pattern parameter it matches. */
export function matchingPattern(
  layout: ParameterLayout,
  key: string,
): ScalerParameter | undefined {
  return layout.patterns.find(p => matchesParameterName(p.name, key));
}

/** A metadata value as the text an input shows. */
export function metadataText(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : String(value);
}

/** The trigger with one metadata key set, or removed when `value` is empty. */
export function setMetadata(
  trigger: TriggerIntent,
  key: string,
  value: string | undefined,
): TriggerIntent {
  const metadata = { ...(trigger.metadata ?? {}) };
  if (value === undefined || value === '') {
    delete metadata[key];
  } else {
    metadata[key] = value;
  }
  return { ...trigger, metadata };
}

/**
 * The trigger with new authentication settings. Empty parts are dropped, and
 * so is the whole authentication when nothing is left.
 */
export function setAuthentication(
  trigger: TriggerIntent,
  auth: TriggerAuthenticationIntent | undefined,
): TriggerIntent {
  const next: TriggerIntent = { ...trigger };
  delete next.authentication;
  if (!auth) return next;
  const cleaned: TriggerAuthenticationIntent = { ...auth };
  if (!cleaned.name) delete cleaned.name;
  if (!cleaned.kind) delete cleaned.kind;
  if (!cleaned.secretRefs?.length) delete cleaned.secretRefs;
  if (!cleaned.podIdentity) delete cleaned.podIdentity;
  if (Object.keys(cleaned).length > 0) next.authentication = cleaned;
  return next;
}

/** The trigger with its secret references replaced. */
export function setSecretRefs(
  trigger: TriggerIntent,
  refs: SecretRefIntent[],
): TriggerIntent {
  return setAuthentication(trigger, {
    ...(trigger.authentication ?? {}),
    secretRefs: refs,
  });
}

/** Names of parameters that hold queries, expressions or other long text. */
const LONG_NAME =
  /(query|queries|expression|formula|template|script|sql|filter|body|selector)$/i;

/**
 * True when a parameter's value is usually long (a PromQL or SQL query, an
 * expression, JSON): the form gives it a multi-line input, so all of it shows.
 */
export function isLongParameter(param: {
  name: string;
  kind: string;
}): boolean {
  if (param.kind === 'json' || param.kind === 'map') return true;
  if (param.kind !== 'string') return false;
  return LONG_NAME.test(param.name);
}
