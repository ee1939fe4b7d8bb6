/**
 * The triggers of a ScaledObject or ScaledJob: each one's fields, name,
 * metric type and authenticationRef, its type in the scaler catalog, and its
 * metadata (see triggerMetadata.ts).
 */
import { getScaler } from '../../scalers';
import {
  AUTHENTICATION_KINDS,
  AUTHENTICATION_REF,
  isObj,
  METRIC_TYPES,
  TRIGGER_FIELDS,
  type Obj,
} from '../fields';
import type { PathSegment } from '../paths';
import type { Checker } from './checker';
import { checkTriggerMetadata } from './triggerMetadata';

export const RESOURCE_TRIGGERS = new Set(['cpu', 'memory']);
const NO_CACHE_TRIGGERS = new Set(['cpu', 'memory', 'cron']);

/** A trigger name used twice. */
function checkTriggerName(
  c: Checker,
  trigger: Obj,
  path: PathSegment[],
  index: number,
  names: Map<string, number>,
) {
  const name = c.string(trigger, path, 'name', false);
  if (name === undefined) return;
  const first = names.get(name);
  if (first !== undefined) {
    c.add(
      [...path, 'name'],
      `the trigger name '${name}' is already used by spec.triggers[${first}]`,
      'Give each trigger a unique name.',
    );
  } else {
    names.set(name, index);
  }
}

/** useCachedMetrics and metricType, which depend on the trigger type. */
function checkMetricSettings(
  c: Checker,
  trigger: Obj,
  path: PathSegment[],
  type: string | undefined,
) {
  c.boolean(trigger, path, 'useCachedMetrics');
  if (
    trigger.useCachedMetrics === true &&
    type &&
    NO_CACHE_TRIGGERS.has(type)
  ) {
    c.add(
      [...path, 'useCachedMetrics'],
      `is not supported for ${type} triggers`,
      'Remove useCachedMetrics.',
    );
  }
  const metricType = trigger.metricType;
  if (metricType !== undefined) {
    c.oneOf(trigger, path, 'metricType', METRIC_TYPES);
    if (metricType === 'Utilization' && type && !RESOURCE_TRIGGERS.has(type)) {
      c.add(
        [...path, 'metricType'],
        'Utilization is only for cpu and memory triggers',
        'Use AverageValue or Value.',
      );
    }
  }
  if (type && RESOURCE_TRIGGERS.has(type)) {
    if (metricType !== 'Utilization' && metricType !== 'AverageValue') {
      c.add(
        [...path, 'metricType'],
        `a ${type} trigger needs metricType Utilization or AverageValue`,
        'Set metricType: Utilization (percent of requests) or AverageValue (a quantity per pod).',
      );
    }
  }
}

/**
 * The authenticationRef; returns the key of the authentication it names
 * (`cluster:<name>` for a ClusterTriggerAuthentication), if any.
 */
function checkAuthenticationRef(
  c: Checker,
  trigger: Obj,
  path: PathSegment[],
): string | undefined {
  const ref = trigger.authenticationRef;
  if (ref === undefined) return undefined;
  if (!isObj(ref)) {
    c.add(
      [...path, 'authenticationRef'],
      'must be an object with a name',
      'Write authenticationRef: { name: … }.',
    );
    return undefined;
  }
  const refPath = [...path, 'authenticationRef'];
  c.unknownFields(ref, refPath, AUTHENTICATION_REF, 'authenticationRef');
  const authName = c.string(
    ref,
    refPath,
    'name',
    true,
    'the name of a TriggerAuthentication',
  );
  c.name([...refPath, 'name'], authName, 'subdomain', 'the name');
  c.oneOf(ref, refPath, 'kind', AUTHENTICATION_KINDS);
  if (ref.kind === 'ClusterTriggerAuthentication' && authName !== undefined) {
    return `cluster:${authName}`;
  }
  return authName;
}

/** The type in the scaler catalog, and the metadata against it. */
function checkTriggerType(
  c: Checker,
  path: PathSegment[],
  type: string,
  metadata: unknown,
  authName: string | undefined,
  kind: string,
  usesScalingModifiers: boolean,
) {
  const definition = getScaler(type);
  if (!definition) {
    c.add(
      [...path, 'type'],
      `'${type}' is not a KEDA trigger type`,
      'Pick a type from the scaler catalog, e.g. kafka, prometheus, cron, cpu.',
    );
    return;
  }
  if (definition.removed) {
    c.add(
      [...path, 'type'],
      `the ${type} scaler has been removed from KEDA`,
      type === 'stan'
        ? 'Move to the nats-jetstream trigger.'
        : 'Pick another trigger type.',
    );
    return;
  }
  if (isObj(metadata)) {
    if (RESOURCE_TRIGGERS.has(type) && metadata.type !== undefined) {
      c.add(
        [...path, 'metadata', 'type'],
        'was removed in KEDA 2.18',
        'Remove it and set the trigger metricType instead.',
      );
    }
    checkTriggerMetadata(
      c,
      path,
      definition,
      type,
      metadata,
      authName,
      usesScalingModifiers,
    );
    if (
      type === 'cron' &&
      typeof metadata.start === 'string' &&
      metadata.start === metadata.end &&
      metadata.start !== ''
    ) {
      c.add(
        [...path, 'metadata', 'end'],
        'must differ from start',
        'Set end to when the window closes.',
      );
    }
  }
  if (kind === 'ScaledJob' && RESOURCE_TRIGGERS.has(type)) {
    c.add(
      [...path, 'type'],
      `${type} triggers do not work with ScaledJobs`,
      'Use an event source trigger (queue, stream, metric).',
    );
  }
}

function checkTrigger(
  c: Checker,
  trigger: unknown,
  index: number,
  kind: string,
  names: Map<string, number>,
  usesScalingModifiers: boolean,
) {
  const path: PathSegment[] = ['spec', 'triggers', index];
  if (!isObj(trigger)) {
    c.add(
      path,
      'must be an object with type and metadata',
      'Write the trigger as type: … and metadata: ….',
    );
    return;
  }
  c.unknownFields(trigger, path, TRIGGER_FIELDS, 'a trigger');
  const type = c.string(
    trigger,
    path,
    'type',
    true,
    "a trigger type, e.g. 'kafka' or 'cron'",
  );
  checkTriggerName(c, trigger, path, index, names);
  checkMetricSettings(c, trigger, path, type);
  const authName = checkAuthenticationRef(c, trigger, path);
  const metadata = trigger.metadata;
  if (!isObj(metadata)) {
    c.add(
      [...path, 'metadata'],
      metadata === undefined ? 'is required' : 'must be a map of strings',
      'Add metadata: the parameters of the trigger.',
    );
  }
  if (type === undefined) return;
  checkTriggerType(
    c,
    path,
    type,
    metadata,
    authName,
    kind,
    usesScalingModifiers,
  );
}

export function checkTriggers(c: Checker, spec: Obj, kind: string) {
  const triggers = spec.triggers;
  if (!Array.isArray(triggers) || triggers.length === 0) {
    c.add(
      ['spec', 'triggers'],
      'needs at least one trigger',
      'Add a trigger, the event source that drives scaling.',
    );
    return;
  }
  const names = new Map<string, number>();
  // KEDA builds the triggers of a ScaledObject with scalingModifiers as
  // metric sources (AsMetricSource), where some scalers need no target.
  const advanced = isObj(spec.advanced) ? spec.advanced : undefined;
  const modifiers =
    kind === 'ScaledObject' && advanced && isObj(advanced.scalingModifiers)
      ? advanced.scalingModifiers
      : undefined;
  const usesScalingModifiers =
    modifiers !== undefined &&
    Object.values(modifiers).some(
      v => v !== undefined && v !== null && v !== '',
    );
  triggers.forEach((trigger, i) =>
    checkTrigger(c, trigger, i, kind, names, usesScalingModifiers),
  );
}
