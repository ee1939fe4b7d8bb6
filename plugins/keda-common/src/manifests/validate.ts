/**
 * Validation of KEDA manifests before they go to Git: the CRD schema, the
 * admission-webhook rules KEDA applies without looking at the cluster, the
 * scaler catalog (types, parameters, secrets), Kubernetes naming rules,
 * `scalingModifiers` formulas and cron triggers. Every problem names a field
 * path and says how to fix it.
 */
import { ANNOTATION_KUBERNETES_ID } from '../annotations';
import {
  getScaler,
  getScalerParameter,
  matchesParameterName,
  type ScalerDefinition,
  type ScalerParameter,
} from '../scalers';
import { buildManifests, PAUSED_REPLICAS_ANNOTATION } from './build';
import { cronExpressionError, timeZoneError } from './cron';
import { parseFormula } from './formula';
import {
  configKeyError,
  dns1123LabelError,
  dns1123SubdomainError,
  labelValueError,
  qualifiedNameError,
} from './names';
import { formatPath, type PathSegment } from './paths';
import type { CrdSchemaValidator } from './schema';
import type { KedaManifest, ManifestProblem, ScalingIntent } from './types';

/**
 * Options of `validateManifests` and `validateIntent`.
 *
 * @public
 */
export interface ValidationOptions {
  /**
   * CRD-schema check (see `loadCrdSchemaValidator`). Without it, only our own
   * rules run; they cover every field the builder writes.
   */
  schema?: CrdSchemaValidator;
}

type Obj = Record<string, unknown>;

const KEDA_API_VERSION = 'keda.sh/v1alpha1';
const INT32_MAX = 2147483647;
const RESOURCE_TRIGGERS = new Set(['cpu', 'memory']);
const NO_CACHE_TRIGGERS = new Set(['cpu', 'memory', 'cron']);
const TRIGGER_METRIC_TYPES = ['AverageValue', 'Value', 'Utilization'];
const BOOLEAN_WORDS = new Set([
  '1',
  't',
  'T',
  'TRUE',
  'true',
  'True',
  '0',
  'f',
  'F',
  'FALSE',
  'false',
  'False',
]);
const QUANTITY =
  /^[+-]?((\d+(\.\d*)?)|(\.\d+))(([KMGTPE]i)|[numkMGTPE]|([eE][+-]?((\d+(\.\d*)?)|(\.\d+))))?$/;
const INTEGER = /^[+-]?\d+$/;
const NUMBER = /^[+-]?((\d+(\.\d*)?)|(\.\d+))([eE][+-]?\d+)?$/;

const SCALED_OBJECT_SPEC = [
  'scaleTargetRef',
  'pollingInterval',
  'initialCooldownPeriod',
  'cooldownPeriod',
  'idleReplicaCount',
  'minReplicaCount',
  'maxReplicaCount',
  'fallback',
  'advanced',
  'triggers',
];
const SCALED_JOB_SPEC = [
  'jobTargetRef',
  'pollingInterval',
  'successfulJobsHistoryLimit',
  'failedJobsHistoryLimit',
  'minReplicaCount',
  'maxReplicaCount',
  'rollout',
  'rolloutStrategy',
  'envSourceContainerName',
  'scalingStrategy',
  'triggers',
];
const TRIGGER_FIELDS = [
  'type',
  'name',
  'metricType',
  'useCachedMetrics',
  'metadata',
  'authenticationRef',
];

function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** What a TriggerAuthentication in the same set supplies to a trigger. */
interface AuthInfo {
  /** Parameters it supplies, or `undefined` when we cannot know. */
  parameters?: Set<string>;
  podIdentity?: string;
}

class Checker {
  readonly problems: ManifestProblem[] = [];
  private label = '';

  constructor(private readonly authentications: Map<string, AuthInfo>) {}

  forManifest(label: string) {
    this.label = label;
  }

  add(path: PathSegment[] | string, message: string, fix: string) {
    const where = typeof path === 'string' ? path : formatPath(path);
    this.problems.push({
      path: where || '(manifest)',
      message: message.startsWith(where) ? message : `${where}: ${message}`,
      fix,
      ...(this.label ? { manifest: this.label } : {}),
    });
  }

  /** An optional whole number in [min, max]; returns it when valid. */
  integer(
    parent: Obj,
    path: PathSegment[],
    key: string,
    min: number,
    max = INT32_MAX,
  ): number | undefined {
    const value = parent[key];
    if (value === undefined) return undefined;
    const at = [...path, key];
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      this.add(
        at,
        `must be a whole number, got ${JSON.stringify(value)}`,
        `Write a whole number (no quotes) of at least ${min}.`,
      );
      return undefined;
    }
    if (value < min || value > max) {
      this.add(
        at,
        `must be between ${min} and ${max}, got ${value}`,
        `Use a whole number from ${min} to ${max}.`,
      );
      return undefined;
    }
    return value;
  }

  oneOf(
    parent: Obj,
    path: PathSegment[],
    key: string,
    allowed: ReadonlyArray<string>,
  ) {
    const value = parent[key];
    if (value === undefined) return;
    if (typeof value !== 'string' || !allowed.includes(value)) {
      this.add(
        [...path, key],
        `${JSON.stringify(value)} is not allowed`,
        `Use one of: ${allowed.join(', ')}.`,
      );
    }
  }

  boolean(parent: Obj, path: PathSegment[], key: string) {
    const value = parent[key];
    if (value !== undefined && typeof value !== 'boolean') {
      this.add(
        [...path, key],
        `must be true or false, got ${JSON.stringify(value)}`,
        'Write true or false without quotes.',
      );
    }
  }

  /** A required or optional string; returns it when it is one. */
  string(
    parent: Obj,
    path: PathSegment[],
    key: string,
    required: boolean,
    what = 'a value',
  ): string | undefined {
    const value = parent[key];
    if (value === undefined || value === null) {
      if (required) {
        this.add([...path, key], 'is required', `Add ${what}.`);
      }
      return undefined;
    }
    if (typeof value !== 'string') {
      this.add(
        [...path, key],
        `must be a string, got ${JSON.stringify(value)}`,
        'Write it as text (in quotes if it looks like a number).',
      );
      return undefined;
    }
    if (required && value === '') {
      this.add([...path, key], 'must not be empty', `Add ${what}.`);
      return undefined;
    }
    return value;
  }

  name(
    path: PathSegment[],
    value: string | undefined,
    kind: 'label' | 'subdomain',
    what: string,
  ) {
    if (value === undefined) return;
    const error =
      kind === 'label'
        ? dns1123LabelError(value)
        : dns1123SubdomainError(value);
    if (error) {
      this.add(
        path,
        `${what} ${error}`,
        kind === 'label'
          ? 'Use at most 63 lower-case letters, digits and -, starting and ending with a letter or digit.'
          : 'Use at most 253 lower-case letters, digits, - and ., starting and ending with a letter or digit.',
      );
    }
  }

  unknownFields(
    parent: Obj,
    path: PathSegment[],
    known: ReadonlyArray<string>,
    where: string,
  ) {
    for (const key of Object.keys(parent)) {
      if (!known.includes(key)) {
        this.add(
          [...path, key],
          `is not a field of ${where}; Kubernetes would silently drop it`,
          `Remove it, or check its spelling (fields: ${known.join(', ')}).`,
        );
      }
    }
  }

  authInfo(name: string): AuthInfo | undefined {
    return this.authentications.get(name);
  }
}

// ---------------------------------------------------------------- metadata

function checkMetadata(c: Checker, manifest: Obj, kind: string) {
  const meta = manifest.metadata;
  if (!isObj(meta)) {
    c.add(
      ['metadata'],
      'is required',
      'Add metadata with a name and the backstage.io/kubernetes-id label.',
    );
    return;
  }
  const name = c.string(meta, ['metadata'], 'name', true, 'a name');
  c.name(['metadata', 'name'], name, 'subdomain', 'the name');
  if (kind === 'ScaledObject' && name !== undefined && name.length > 63) {
    c.add(
      ['metadata', 'name'],
      `a ScaledObject name must be at most 63 characters, '${name}' has ${name.length}`,
      'Shorten the name to 63 characters or fewer.',
    );
  }
  const namespace = c.string(meta, ['metadata'], 'namespace', false);
  if (kind === 'ClusterTriggerAuthentication') {
    if (namespace !== undefined) {
      c.add(
        ['metadata', 'namespace'],
        'a ClusterTriggerAuthentication is cluster-wide and has no namespace',
        'Remove metadata.namespace.',
      );
    }
  } else {
    c.name(['metadata', 'namespace'], namespace, 'label', 'the namespace');
  }

  const labels = meta.labels;
  if (labels !== undefined && !isObj(labels)) {
    c.add(
      ['metadata', 'labels'],
      'must be a map of strings',
      'Write labels as key: value pairs.',
    );
  }
  const labelMap = isObj(labels) ? labels : {};
  for (const [key, value] of Object.entries(labelMap)) {
    const at: PathSegment[] = ['metadata', 'labels', key];
    const keyError = qualifiedNameError(key);
    if (keyError) {
      c.add(
        at,
        `the label key is invalid: ${keyError}`,
        'Use a key like example.com/name.',
      );
    }
    if (typeof value !== 'string') {
      c.add(at, 'label values must be strings', "Quote the value, e.g. '5'.");
    } else {
      const valueError = labelValueError(value);
      if (valueError) {
        c.add(
          at,
          `the label value ${valueError}`,
          'Use at most 63 letters, digits, -, _ and ., starting and ending with a letter or digit.',
        );
      }
    }
  }
  const id = labelMap[ANNOTATION_KUBERNETES_ID];
  if (id === undefined || id === '') {
    c.add(
      ['metadata', 'labels', ANNOTATION_KUBERNETES_ID],
      'is required, so the portal can link the object to its catalog entity',
      `Add the label ${ANNOTATION_KUBERNETES_ID} with the value of the entity's ${ANNOTATION_KUBERNETES_ID} annotation.`,
    );
  }

  const annotations = meta.annotations;
  if (annotations !== undefined && !isObj(annotations)) {
    c.add(
      ['metadata', 'annotations'],
      'must be a map of strings',
      'Write annotations as key: value pairs.',
    );
  }
  for (const [key, value] of Object.entries(
    isObj(annotations) ? annotations : {},
  )) {
    const at: PathSegment[] = ['metadata', 'annotations', key];
    const keyError = qualifiedNameError(key);
    if (keyError) {
      c.add(
        at,
        `the annotation key is invalid: ${keyError}`,
        'Use a key like example.com/name.',
      );
    }
    if (typeof value !== 'string') {
      c.add(
        at,
        'annotation values must be strings',
        "Quote the value, e.g. 'true'.",
      );
      continue;
    }
    if (key === PAUSED_REPLICAS_ANNOTATION) {
      if (kind !== 'ScaledObject') {
        c.add(
          at,
          'only ScaledObjects can pause at a replica count',
          'Remove it; use autoscaling.keda.sh/paused instead.',
        );
      } else if (!/^\d+$/.test(value) || Number(value) > INT32_MAX) {
        c.add(
          at,
          `must be a whole number of replicas, got '${value}'`,
          "Write the replica count to hold while paused, e.g. '0'.",
        );
      }
    }
  }
}

// ---------------------------------------------------------------- triggers

function paramSatisfiedBy(
  param: ScalerParameter,
  metadata: Obj,
  auth: AuthInfo | undefined,
  hasAuthRef: boolean,
): boolean {
  const present = (key: string) => {
    const value = metadata[key];
    return typeof value === 'string' && value !== '';
  };
  if (param.name.includes('*')) {
    if (
      Object.keys(metadata).some(
        k => matchesParameterName(param.name, k) && present(k),
      )
    ) {
      return true;
    }
  } else if (param.sources.includes('metadata') && present(param.name)) {
    return true;
  }
  if (param.sources.includes('env') && present(`${param.name}FromEnv`)) {
    return true;
  }
  if (param.sources.includes('authentication') && hasAuthRef) {
    // An object outside this set could supply anything.
    if (!auth || !auth.parameters) return true;
    if (auth.parameters.has(param.name)) return true;
  }
  return false;
}

function checkValue(
  c: Checker,
  at: PathSegment[],
  param: ScalerParameter,
  value: string,
) {
  const lower = value.toLowerCase();
  const inValues = (v: string) =>
    (param.values ?? []).some(allowed => allowed.toLowerCase() === v);
  switch (param.kind) {
    case 'enum':
      if (param.values?.length && !inValues(lower)) {
        c.add(
          at,
          `'${value}' is not one of the allowed values`,
          `Use one of: ${param.values.join(', ')}.`,
        );
      }
      break;
    case 'list':
      if (param.values?.length) {
        const bad = value
          .split(',')
          .map(v => v.trim())
          .filter(v => v && !inValues(v.toLowerCase()));
        if (bad.length) {
          c.add(
            at,
            `${bad.map(b => `'${b}'`).join(', ')} not allowed in this list`,
            `Use items from: ${param.values.join(', ')}.`,
          );
        }
      }
      break;
    case 'integer':
      if (!INTEGER.test(value.trim())) {
        c.add(
          at,
          `must be a whole number, got '${value}'`,
          "Write a whole number, e.g. '50'.",
        );
      }
      break;
    case 'number':
      if (!NUMBER.test(value.trim())) {
        c.add(
          at,
          `must be a number, got '${value}'`,
          "Write a number, e.g. '50' or '0.5'.",
        );
      }
      break;
    case 'boolean':
      if (!BOOLEAN_WORDS.has(value.trim())) {
        c.add(
          at,
          `must be true or false, got '${value}'`,
          "Write 'true' or 'false'.",
        );
      }
      break;
    case 'quantity':
      if (!QUANTITY.test(value.trim())) {
        c.add(
          at,
          `must be a number or a Kubernetes quantity, got '${value}'`,
          "Write e.g. '50', '500m' or '1Gi'.",
        );
      }
      break;
    case 'cron': {
      const error = cronExpressionError(value);
      if (error) {
        c.add(
          at,
          error,
          // Only a wrong field count needs the five fields spelled out.
          /fields; a cron expression has 5/.test(error)
            ? "Write five fields: minute hour day-of-month month day-of-week, e.g. '0 8 * * 1-5'."
            : "Correct that field; e.g. '0 8 * * 1-5' is 08:00 on weekdays.",
        );
      }
      break;
    }
    case 'timezone': {
      const error = timeZoneError(value);
      if (error) {
        c.add(
          at,
          error,
          "Use an IANA time zone name, e.g. 'Europe/Berlin' or 'UTC'.",
        );
      }
      break;
    }
    case 'json':
      try {
        JSON.parse(value);
      } catch {
        c.add(
          at,
          'is not valid JSON',
          'Write a JSON document (check quotes and brackets).',
        );
      }
      break;
    default:
      break;
  }
}

function checkTriggerMetadata(
  c: Checker,
  path: PathSegment[],
  definition: ScalerDefinition,
  type: string,
  metadata: Obj,
  authName: string | undefined,
) {
  const auth = authName !== undefined ? c.authInfo(authName) : undefined;
  for (const [key, value] of Object.entries(metadata)) {
    const at = [...path, 'metadata', key];
    if (typeof value !== 'string') {
      c.add(
        at,
        `trigger metadata values must be strings, got ${JSON.stringify(value)}`,
        `Quote the value, e.g. '${String(value)}'.`,
      );
      continue;
    }
    let param = getScalerParameter(type, key);
    let fromEnv = false;
    if (!param && key.endsWith('FromEnv')) {
      param = getScalerParameter(type, key.slice(0, -'FromEnv'.length));
      fromEnv = param !== undefined;
    }
    if (!param) {
      if (!definition.additionalMetadata) {
        c.add(
          at,
          `is not a parameter of the ${type} trigger; KEDA ignores it`,
          `Remove it or check its spelling (see ${definition.docsUrl}).`,
        );
      }
      continue;
    }
    if (fromEnv) {
      if (!param.sources.includes('env')) {
        c.add(
          at,
          `${param.name} cannot be read from an environment variable`,
          param.sources.includes('authentication')
            ? `Supply ${param.name} through a TriggerAuthentication.`
            : `Write ${param.name} itself in the metadata.`,
        );
      } else if (value === '') {
        c.add(
          at,
          'must name an environment variable of the target container',
          'Write the name of the environment variable, or remove the key.',
        );
      }
      continue;
    }
    if (param.secret || !param.sources.includes('metadata')) {
      const isSecret = param.secret;
      const viaEnv = param.sources.includes('env');
      c.add(
        at,
        isSecret
          ? `${param.name} is a secret and must not be written in the manifest`
          : `${param.name} can only come from ${
              viaEnv
                ? 'a TriggerAuthentication or an environment variable'
                : 'a TriggerAuthentication'
            }, not from the metadata`,
        `Put the value in a Kubernetes Secret and reference it through a TriggerAuthentication (secretTargetRef with parameter '${
          param.name
        }')${
          viaEnv ? `, or use ${param.name}FromEnv` : ''
        }, then remove it from the metadata.`,
      );
      continue;
    }
    if (value !== '') checkValue(c, at, param, value);
  }

  // Required parameters, and groups of alternatives.
  const hasAuthRef = authName !== undefined;
  const groups = new Map<string, ScalerParameter[]>();
  for (const param of definition.parameters) {
    if (param.oneOfGroup) {
      groups.set(param.oneOfGroup, [
        ...(groups.get(param.oneOfGroup) ?? []),
        param,
      ]);
      continue;
    }
    if (!param.required || param.default !== undefined || param.deprecated) {
      continue;
    }
    // Written literally but wrong (a secret, not a string): already reported.
    if (metadata[param.name] !== undefined && metadata[param.name] !== '') {
      continue;
    }
    if (!paramSatisfiedBy(param, metadata, auth, hasAuthRef)) {
      const ways: string[] = [];
      if (param.sources.includes('metadata'))
        ways.push(`add ${param.name} to the metadata`);
      if (param.sources.includes('env'))
        ways.push(
          `set ${param.name}FromEnv to an environment variable of the target`,
        );
      if (param.sources.includes('authentication'))
        ways.push(`supply ${param.name} through a TriggerAuthentication`);
      c.add(
        [...path, 'metadata', param.name],
        `the ${type} trigger needs ${param.name}`,
        `${ways.join(', or ')}.`.replace(/^./, s => s.toUpperCase()),
      );
    }
  }
  for (const [group, members] of groups) {
    if (members.some(p => paramSatisfiedBy(p, metadata, auth, hasAuthRef))) {
      continue;
    }
    // A pod identity can replace credentials.
    if (auth?.podIdentity || (hasAuthRef && !auth)) {
      if (members.some(p => p.sources.includes('authentication'))) continue;
    }
    const names = members.map(p => p.name).join(', ');
    c.add(
      [...path, 'metadata'],
      `the ${type} trigger needs one of ${names} (${group})`,
      `Set one of ${names}.`,
    );
  }
}

function checkTriggers(c: Checker, spec: Obj, kind: string) {
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
  triggers.forEach((trigger, i) => {
    const path: PathSegment[] = ['spec', 'triggers', i];
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
    const name = c.string(trigger, path, 'name', false);
    if (name !== undefined) {
      const first = names.get(name);
      if (first !== undefined) {
        c.add(
          [...path, 'name'],
          `the trigger name '${name}' is already used by spec.triggers[${first}]`,
          'Give each trigger a unique name.',
        );
      } else {
        names.set(name, i);
      }
    }
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
      c.oneOf(trigger, path, 'metricType', TRIGGER_METRIC_TYPES);
      if (
        metricType === 'Utilization' &&
        type &&
        !RESOURCE_TRIGGERS.has(type)
      ) {
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
    let authName: string | undefined;
    const ref = trigger.authenticationRef;
    if (ref !== undefined) {
      if (!isObj(ref)) {
        c.add(
          [...path, 'authenticationRef'],
          'must be an object with a name',
          'Write authenticationRef: { name: … }.',
        );
      } else {
        const refPath = [...path, 'authenticationRef'];
        c.unknownFields(ref, refPath, ['name', 'kind'], 'authenticationRef');
        authName = c.string(
          ref,
          refPath,
          'name',
          true,
          'the name of a TriggerAuthentication',
        );
        c.name([...refPath, 'name'], authName, 'subdomain', 'the name');
        c.oneOf(ref, refPath, 'kind', [
          'TriggerAuthentication',
          'ClusterTriggerAuthentication',
        ]);
        if (
          ref.kind === 'ClusterTriggerAuthentication' &&
          authName !== undefined
        ) {
          authName = `cluster:${authName}`;
        }
      }
    }
    const metadata = trigger.metadata;
    if (!isObj(metadata)) {
      c.add(
        [...path, 'metadata'],
        metadata === undefined ? 'is required' : 'must be a map of strings',
        'Add metadata: the parameters of the trigger.',
      );
    }
    if (type === undefined) return;
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
      checkTriggerMetadata(c, path, definition, type, metadata, authName);
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
  });
}

// ---------------------------------------------------------------- ScaledObject

function checkScalingRules(c: Checker, rules: unknown, path: PathSegment[]) {
  if (rules === undefined) return;
  if (!isObj(rules)) {
    c.add(
      path,
      'must be an object',
      'Write stabilizationWindowSeconds, selectPolicy and policies.',
    );
    return;
  }
  c.unknownFields(
    rules,
    path,
    ['stabilizationWindowSeconds', 'selectPolicy', 'policies', 'tolerance'],
    'HPA scaling rules',
  );
  c.integer(rules, path, 'stabilizationWindowSeconds', 0, 3600);
  c.oneOf(rules, path, 'selectPolicy', ['Max', 'Min', 'Disabled']);
  const policies = rules.policies;
  if (policies === undefined) return;
  if (!Array.isArray(policies)) {
    c.add(
      [...path, 'policies'],
      'must be a list',
      'Write a list of { type, value, periodSeconds }.',
    );
    return;
  }
  policies.forEach((policy, i) => {
    const at = [...path, 'policies', i];
    if (!isObj(policy)) {
      c.add(at, 'must be an object', 'Write { type, value, periodSeconds }.');
      return;
    }
    for (const key of ['type', 'value', 'periodSeconds']) {
      if (policy[key] === undefined)
        c.add([...at, key], 'is required', `Add ${key}.`);
    }
    c.oneOf(policy, at, 'type', ['Pods', 'Percent']);
    c.integer(policy, at, 'value', 1);
    c.integer(policy, at, 'periodSeconds', 1, 1800);
  });
}

function checkScaledObject(c: Checker, manifest: Obj, spec: Obj) {
  c.unknownFields(spec, ['spec'], SCALED_OBJECT_SPEC, 'a ScaledObject spec');
  const target = spec.scaleTargetRef;
  if (!isObj(target)) {
    c.add(
      ['spec', 'scaleTargetRef'],
      'is required',
      'Add scaleTargetRef with the name of the workload to scale.',
    );
  } else {
    const at: PathSegment[] = ['spec', 'scaleTargetRef'];
    c.unknownFields(
      target,
      at,
      ['apiVersion', 'kind', 'name', 'envSourceContainerName'],
      'scaleTargetRef',
    );
    const name = c.string(
      target,
      at,
      'name',
      true,
      'the name of the workload to scale',
    );
    c.name([...at, 'name'], name, 'subdomain', 'the name');
    c.string(target, at, 'apiVersion', false);
    c.string(target, at, 'kind', false);
    c.name(
      [...at, 'envSourceContainerName'],
      c.string(target, at, 'envSourceContainerName', false),
      'label',
      'the container name',
    );
  }
  c.integer(spec, ['spec'], 'pollingInterval', 1);
  c.integer(spec, ['spec'], 'initialCooldownPeriod', 0);
  c.integer(spec, ['spec'], 'cooldownPeriod', 0);
  const idle = c.integer(spec, ['spec'], 'idleReplicaCount', 0);
  const min = c.integer(spec, ['spec'], 'minReplicaCount', 0);
  const max = c.integer(spec, ['spec'], 'maxReplicaCount', 1);
  const minOk = spec.minReplicaCount === undefined || min !== undefined;
  const maxOk = spec.maxReplicaCount === undefined || max !== undefined;
  // Rule 1 (webhook and CRD): min <= max, unset min = 0, unset max = 100.
  if (minOk && maxOk && (min ?? 0) > (max ?? 100)) {
    c.add(
      ['spec', 'minReplicaCount'],
      `minReplicaCount (${min ?? 0}) must not be above maxReplicaCount (${
        max ?? 100
      }${max === undefined ? ', the default' : ''})`,
      'Lower minReplicaCount or raise maxReplicaCount.',
    );
  }
  // Rule 2: idle < min.
  if (idle !== undefined && minOk && idle >= (min ?? 0)) {
    c.add(
      ['spec', 'idleReplicaCount'],
      `idleReplicaCount (${idle}) must be below minReplicaCount (${min ?? 0}${
        min === undefined ? ', the default' : ''
      })`,
      'Use idleReplicaCount: 0 with a minReplicaCount of 1 or more, or remove idleReplicaCount.',
    );
  }

  const triggers = Array.isArray(spec.triggers) ? spec.triggers : [];
  const triggerTypes = triggers.map(t => (isObj(t) ? str(t.type) : undefined));
  const advanced = spec.advanced;
  let modifiers: Obj | undefined;
  let hpaName: string | undefined;
  if (advanced !== undefined && !isObj(advanced)) {
    c.add(
      ['spec', 'advanced'],
      'must be an object',
      'Write advanced as a map.',
    );
  }
  if (isObj(advanced)) {
    const at: PathSegment[] = ['spec', 'advanced'];
    c.unknownFields(
      advanced,
      at,
      [
        'horizontalPodAutoscalerConfig',
        'restoreToOriginalReplicaCount',
        'scalingModifiers',
      ],
      'advanced',
    );
    c.boolean(advanced, at, 'restoreToOriginalReplicaCount');
    const hpa = advanced.horizontalPodAutoscalerConfig;
    if (hpa !== undefined && !isObj(hpa)) {
      c.add(
        [...at, 'horizontalPodAutoscalerConfig'],
        'must be an object',
        'Write name and behavior.',
      );
    }
    if (isObj(hpa)) {
      const hpaPath = [...at, 'horizontalPodAutoscalerConfig'];
      c.unknownFields(
        hpa,
        hpaPath,
        ['name', 'behavior'],
        'horizontalPodAutoscalerConfig',
      );
      hpaName = c.string(hpa, hpaPath, 'name', false);
      if (hpaName !== undefined) {
        c.name([...hpaPath, 'name'], hpaName, 'subdomain', 'the HPA name');
        if (hpaName.length > 63) {
          c.add(
            [...hpaPath, 'name'],
            `the HPA name must be at most 63 characters, it has ${hpaName.length}`,
            'Shorten the HPA name.',
          );
        }
      }
      const behavior = hpa.behavior;
      if (behavior !== undefined && !isObj(behavior)) {
        c.add(
          [...hpaPath, 'behavior'],
          'must be an object',
          'Write scaleUp and scaleDown.',
        );
      }
      if (isObj(behavior)) {
        c.unknownFields(
          behavior,
          [...hpaPath, 'behavior'],
          ['scaleUp', 'scaleDown'],
          'HPA behavior',
        );
        checkScalingRules(c, behavior.scaleUp, [
          ...hpaPath,
          'behavior',
          'scaleUp',
        ]);
        checkScalingRules(c, behavior.scaleDown, [
          ...hpaPath,
          'behavior',
          'scaleDown',
        ]);
      }
    }
    const sm = advanced.scalingModifiers;
    if (sm !== undefined && !isObj(sm)) {
      c.add(
        [...at, 'scalingModifiers'],
        'must be an object',
        'Write formula and target.',
      );
    }
    if (isObj(sm)) modifiers = sm;
  }

  // Rule 3: the derived HPA name.
  const name = isObj(manifest.metadata)
    ? str(manifest.metadata.name)
    : undefined;
  if (
    hpaName === undefined &&
    name !== undefined &&
    name.length <= 63 &&
    `keda-hpa-${name}`.length > 63
  ) {
    c.add(
      ['metadata', 'name'],
      `the HPA name KEDA derives, 'keda-hpa-${name}', is longer than 63 characters`,
      `Shorten the name to at most 54 characters, or set spec.advanced.horizontalPodAutoscalerConfig.name.`,
    );
  }

  // Rule 9: scalingModifiers.
  if (modifiers) {
    const at: PathSegment[] = ['spec', 'advanced', 'scalingModifiers'];
    c.unknownFields(
      modifiers,
      at,
      ['formula', 'target', 'activationTarget', 'metricType'],
      'scalingModifiers',
    );
    const formula = c.string(
      modifiers,
      at,
      'formula',
      true,
      'a formula over the named triggers, e.g. (a + b) / 2',
    );
    const targetValue = c.string(
      modifiers,
      at,
      'target',
      formula !== undefined,
      "a target value, e.g. '10'",
    );
    if (targetValue !== undefined && targetValue !== '') {
      const n = Number(targetValue);
      if (!NUMBER.test(targetValue.trim()) || !(n > 0)) {
        c.add(
          [...at, 'target'],
          `must be a number above 0, got '${targetValue}'`,
          "Write a positive number, e.g. '10'.",
        );
      }
    }
    const activation = c.string(modifiers, at, 'activationTarget', false);
    if (
      activation !== undefined &&
      activation !== '' &&
      !NUMBER.test(activation.trim())
    ) {
      c.add(
        [...at, 'activationTarget'],
        `must be a number, got '${activation}'`,
        "Write a number, e.g. '0'.",
      );
    }
    if (modifiers.metricType === 'Utilization') {
      c.add(
        [...at, 'metricType'],
        'Utilization cannot be used for a composite metric',
        'Use AverageValue or Value.',
      );
    } else {
      c.oneOf(modifiers, at, 'metricType', ['AverageValue', 'Value']);
    }
    if (formula !== undefined) {
      const variables = new Set<string>();
      triggers.forEach((t, i) => {
        const n = isObj(t) ? str(t.name) : undefined;
        if (n && !RESOURCE_TRIGGERS.has(triggerTypes[i] ?? ''))
          variables.add(n);
      });
      const parsed = parseFormula(formula);
      if (!parsed.ok) {
        c.add(
          [...at, 'formula'],
          `cannot be parsed: ${parsed.error} (at character ${
            parsed.position + 1
          })`,
          'Fix the expression: numbers, trigger names, + - * / % **, comparisons, && || !, ?:, ?? and min/max/abs/ceil/floor/round.',
        );
      } else {
        for (const id of parsed.identifiers) {
          if (!variables.has(id)) {
            c.add(
              [...at, 'formula'],
              `uses '${id}', which is not the name of a trigger${
                variables.size
                  ? ` (named triggers: ${[...variables].join(', ')})`
                  : ''
              }`,
              `Give the trigger the name '${id}' (spec.triggers[].name), or use a name that exists; cpu and memory triggers cannot be used.`,
            );
          }
        }
      }
    }
  }

  // Rule 8: fallback.
  const fallback = spec.fallback;
  if (fallback !== undefined && !isObj(fallback)) {
    c.add(
      ['spec', 'fallback'],
      'must be an object',
      'Write failureThreshold and replicas.',
    );
  }
  if (isObj(fallback)) {
    const at: PathSegment[] = ['spec', 'fallback'];
    c.unknownFields(
      fallback,
      at,
      ['failureThreshold', 'replicas', 'behavior'],
      'fallback',
    );
    for (const key of ['failureThreshold', 'replicas']) {
      if (fallback[key] === undefined) {
        c.add(
          [...at, key],
          'is required when fallback is set',
          `Add ${key} (a whole number of at least 0).`,
        );
      }
    }
    c.integer(fallback, at, 'failureThreshold', 0);
    c.integer(fallback, at, 'replicas', 0);
    c.oneOf(fallback, at, 'behavior', [
      'static',
      'currentReplicas',
      'currentReplicasIfHigher',
      'currentReplicasIfLower',
      'scalingModifiers',
    ]);
    if (
      !modifiers &&
      triggerTypes.length &&
      triggerTypes.every(t => t !== undefined && RESOURCE_TRIGGERS.has(t))
    ) {
      c.add(
        at,
        'fallback needs at least one trigger that is not cpu or memory',
        'Add an event trigger, or remove fallback.',
      );
    }
    if (
      fallback.behavior === 'scalingModifiers' &&
      !(modifiers && str(modifiers.formula))
    ) {
      c.add(
        [...at, 'behavior'],
        'behavior scalingModifiers needs spec.advanced.scalingModifiers.formula',
        'Add a scalingModifiers formula, or use another behavior.',
      );
    }
  }
}

// ---------------------------------------------------------------- ScaledJob

function checkScaledJob(c: Checker, spec: Obj) {
  c.unknownFields(spec, ['spec'], SCALED_JOB_SPEC, 'a ScaledJob spec');
  const job = spec.jobTargetRef;
  const at: PathSegment[] = ['spec', 'jobTargetRef'];
  if (!isObj(job)) {
    c.add(
      at,
      'is required',
      'Add jobTargetRef with a Job template (containers).',
    );
  } else {
    for (const key of [
      'parallelism',
      'completions',
      'backoffLimit',
      'ttlSecondsAfterFinished',
    ]) {
      c.integer(job, at, key, 0);
    }
    c.integer(job, at, 'activeDeadlineSeconds', 1, Number.MAX_SAFE_INTEGER);
    const template = job.template;
    const podSpec = isObj(template) ? template.spec : undefined;
    if (!isObj(podSpec)) {
      c.add(
        [...at, 'template', 'spec'],
        'is required',
        'Add template.spec with the containers of the Job.',
      );
    } else {
      const podPath = [...at, 'template', 'spec'];
      c.oneOf(podSpec, podPath, 'restartPolicy', ['Never', 'OnFailure']);
      const containers = podSpec.containers;
      if (!Array.isArray(containers) || containers.length === 0) {
        c.add(
          [...podPath, 'containers'],
          'needs at least one container',
          'Add a container with a name and an image.',
        );
      } else {
        const seen = new Set<string>();
        containers.forEach((container, i) => {
          const cp = [...podPath, 'containers', i];
          if (!isObj(container)) {
            c.add(cp, 'must be an object', 'Write name and image.');
            return;
          }
          const name = c.string(
            container,
            cp,
            'name',
            true,
            'a container name',
          );
          c.name([...cp, 'name'], name, 'label', 'the container name');
          if (name !== undefined) {
            if (seen.has(name))
              c.add(
                [...cp, 'name'],
                `the container name '${name}' is used twice`,
                'Give each container its own name.',
              );
            seen.add(name);
          }
          c.string(container, cp, 'image', true, 'a container image');
        });
      }
    }
  }
  c.integer(spec, ['spec'], 'pollingInterval', 1);
  c.integer(spec, ['spec'], 'successfulJobsHistoryLimit', 0);
  c.integer(spec, ['spec'], 'failedJobsHistoryLimit', 0);
  const min = c.integer(spec, ['spec'], 'minReplicaCount', 0);
  const max = c.integer(spec, ['spec'], 'maxReplicaCount', 1);
  if (min !== undefined && min > (max ?? 100)) {
    c.add(
      ['spec', 'minReplicaCount'],
      `minReplicaCount (${min}) must not be above maxReplicaCount (${
        max ?? 100
      })`,
      'Lower minReplicaCount or raise maxReplicaCount.',
    );
  }
  c.oneOf(spec, ['spec'], 'rolloutStrategy', ['gradual', 'immediate']);
  const rollout = spec.rollout;
  if (isObj(rollout)) {
    c.oneOf(rollout, ['spec', 'rollout'], 'strategy', ['gradual', 'immediate']);
    c.oneOf(rollout, ['spec', 'rollout'], 'propagationPolicy', [
      'foreground',
      'background',
    ]);
  }
  const strategy = spec.scalingStrategy;
  if (strategy !== undefined && !isObj(strategy)) {
    c.add(
      ['spec', 'scalingStrategy'],
      'must be an object',
      'Write strategy and its settings.',
    );
  }
  if (isObj(strategy)) {
    const sp: PathSegment[] = ['spec', 'scalingStrategy'];
    c.unknownFields(
      strategy,
      sp,
      [
        'strategy',
        'customScalingQueueLengthDeduction',
        'customScalingRunningJobPercentage',
        'pendingPodConditions',
        'multipleScalersCalculation',
      ],
      'scalingStrategy',
    );
    c.oneOf(strategy, sp, 'strategy', [
      'default',
      'custom',
      'accurate',
      'eager',
    ]);
    c.oneOf(strategy, sp, 'multipleScalersCalculation', [
      'min',
      'avg',
      'sum',
      'max',
    ]);
    c.integer(
      strategy,
      sp,
      'customScalingQueueLengthDeduction',
      -INT32_MAX - 1,
    );
    const percentage = c.string(
      strategy,
      sp,
      'customScalingRunningJobPercentage',
      false,
    );
    if (percentage !== undefined) {
      const n = Number(percentage);
      if (!NUMBER.test(percentage.trim()) || n < 0 || n > 1) {
        c.add(
          [...sp, 'customScalingRunningJobPercentage'],
          `must be a fraction between 0 and 1, got '${percentage}'`,
          "Write e.g. '0.5'.",
        );
      }
    }
    const conditions = strategy.pendingPodConditions;
    if (
      conditions !== undefined &&
      (!Array.isArray(conditions) ||
        conditions.some(x => typeof x !== 'string' || !x))
    ) {
      c.add(
        [...sp, 'pendingPodConditions'],
        'must be a list of pod condition types',
        'Write e.g. [Ready, PodScheduled].',
      );
    }
  }
}

// ---------------------------------------------------------------- TriggerAuthentication

function checkTriggerAuthentication(c: Checker, spec: Obj) {
  const sources = [
    'podIdentity',
    'secretTargetRef',
    'env',
    'configMapTargetRef',
    'hashiCorpVault',
    'azureKeyVault',
    'gcpSecretManager',
    'awsSecretManager',
    'boundServiceAccountToken',
    'filePath',
    'oauth2',
  ];
  c.unknownFields(spec, ['spec'], sources, 'a TriggerAuthentication spec');
  if (!sources.some(s => spec[s] !== undefined)) {
    c.add(
      ['spec'],
      'supplies nothing',
      'Add secretTargetRef (Secret name and key per parameter) or podIdentity.',
    );
  }
  const identity = spec.podIdentity;
  if (identity !== undefined && !isObj(identity)) {
    c.add(
      ['spec', 'podIdentity'],
      'must be an object',
      'Write provider and its settings.',
    );
  }
  if (isObj(identity)) {
    const at: PathSegment[] = ['spec', 'podIdentity'];
    c.unknownFields(
      identity,
      at,
      [
        'provider',
        'identityId',
        'identityTenantId',
        'identityAuthorityHost',
        'roleArn',
        'identityOwner',
        'externalID',
      ],
      'podIdentity',
    );
    if (identity.provider === undefined) {
      c.add(
        [...at, 'provider'],
        'is required',
        'Set provider: azure-workload, aws, aws-eks, gcp or none.',
      );
    }
    c.oneOf(identity, at, 'provider', [
      'azure-workload',
      'aws',
      'aws-eks',
      'gcp',
      'none',
    ]);
    c.oneOf(identity, at, 'identityOwner', ['keda', 'workload']);
    for (const key of [
      'identityId',
      'identityTenantId',
      'identityAuthorityHost',
      'roleArn',
      'externalID',
    ]) {
      c.string(identity, at, key, false);
    }
    // Rule 13.
    if (identity.identityId === '') {
      c.add(
        [...at, 'identityId'],
        'must not be an empty string',
        'Set the client id of the identity, or remove identityId.',
      );
    }
    if (identity.identityTenantId === '') {
      c.add(
        [...at, 'identityTenantId'],
        'must not be an empty string',
        'Set the tenant id, or remove identityTenantId.',
      );
    }
    if (
      str(identity.identityAuthorityHost) &&
      !str(identity.identityTenantId)
    ) {
      c.add(
        [...at, 'identityAuthorityHost'],
        'needs identityTenantId',
        'Add identityTenantId, or remove identityAuthorityHost.',
      );
    }
    if (str(identity.roleArn) && identity.identityOwner === 'workload') {
      c.add(
        [...at, 'roleArn'],
        'roleArn can only be set when identityOwner is keda',
        'Set identityOwner: keda, or remove roleArn.',
      );
    }
    if (str(identity.externalID) && !str(identity.roleArn)) {
      c.add(
        [...at, 'externalID'],
        'needs roleArn',
        'Add roleArn, or remove externalID.',
      );
    }
  }
  const refs = spec.secretTargetRef;
  if (refs !== undefined) {
    if (!Array.isArray(refs)) {
      c.add(
        ['spec', 'secretTargetRef'],
        'must be a list',
        'Write a list of { parameter, name, key }.',
      );
    } else {
      const parameters = new Set<string>();
      refs.forEach((ref, i) => {
        const at: PathSegment[] = ['spec', 'secretTargetRef', i];
        if (!isObj(ref)) {
          c.add(at, 'must be an object', 'Write { parameter, name, key }.');
          return;
        }
        c.unknownFields(
          ref,
          at,
          ['parameter', 'name', 'key'],
          'secretTargetRef',
        );
        const parameter = c.string(
          ref,
          at,
          'parameter',
          true,
          'the trigger parameter it supplies',
        );
        if (parameter !== undefined) {
          if (parameters.has(parameter)) {
            c.add(
              [...at, 'parameter'],
              `'${parameter}' is supplied twice`,
              'Keep one entry per parameter.',
            );
          }
          parameters.add(parameter);
        }
        c.name(
          [...at, 'name'],
          c.string(ref, at, 'name', true, 'the name of the Secret'),
          'subdomain',
          'the Secret name',
        );
        const key = c.string(ref, at, 'key', true, 'the key in the Secret');
        if (key !== undefined) {
          const error = configKeyError(key);
          if (error)
            c.add(
              [...at, 'key'],
              `the Secret key ${error}`,
              'Use the key as written in the Secret: letters, digits, -, _ and .',
            );
        }
      });
    }
  }
  const vault = spec.hashiCorpVault;
  if (
    isObj(vault) &&
    isObj(vault.credential) &&
    vault.credential.token !== undefined
  ) {
    c.add(
      ['spec', 'hashiCorpVault', 'credential', 'token'],
      'is a secret written into the manifest',
      'Use Vault kubernetes authentication (role and service account) instead of a literal token.',
    );
  }
  const oauth = spec.oauth2;
  if (oauth !== undefined) {
    const at: PathSegment[] = ['spec', 'oauth2'];
    if (!isObj(oauth)) {
      c.add(at, 'must be an object', 'Write type, clientId and tokenUrl.');
    } else {
      if (oauth.type !== 'clientCredentials') {
        c.add(
          [...at, 'type'],
          'must be clientCredentials',
          'Set type: clientCredentials.',
        );
      }
      if (!str(oauth.clientId)) {
        c.add([...at, 'clientId'], 'is required', 'Add the OAuth client id.');
      }
      const url = str(oauth.tokenUrl);
      if (!url || !/^https?:\/\/[^\s/]+/.test(url)) {
        c.add(
          [...at, 'tokenUrl'],
          'must be an http(s) URL',
          'Write the token endpoint, e.g. https://login.example.com/oauth2/token.',
        );
      }
    }
  }
}

/** Which parameters each TriggerAuthentication in the set supplies. */
function collectAuthentications(manifests: ReadonlyArray<unknown>) {
  const map = new Map<string, AuthInfo>();
  for (const manifest of manifests) {
    if (!isObj(manifest) || !isObj(manifest.metadata) || !isObj(manifest.spec))
      continue;
    const name = str(manifest.metadata.name);
    if (!name) continue;
    let key: string;
    if (manifest.kind === 'ClusterTriggerAuthentication') {
      key = `cluster:${name}`;
    } else if (manifest.kind === 'TriggerAuthentication') {
      key = name;
    } else {
      continue;
    }
    const spec = manifest.spec;
    const parameters = new Set<string>();
    let known = true;
    for (const list of [
      'secretTargetRef',
      'env',
      'configMapTargetRef',
      'boundServiceAccountToken',
    ]) {
      const entries = spec[list];
      if (Array.isArray(entries)) {
        for (const entry of entries) {
          if (isObj(entry) && typeof entry.parameter === 'string')
            parameters.add(entry.parameter);
        }
      }
    }
    for (const provider of [
      'hashiCorpVault',
      'azureKeyVault',
      'gcpSecretManager',
      'awsSecretManager',
      'filePath',
    ]) {
      if (spec[provider] !== undefined) known = false;
    }
    map.set(key, {
      parameters: known ? parameters : undefined,
      podIdentity: isObj(spec.podIdentity)
        ? str(spec.podIdentity.provider)
        : undefined,
    });
  }
  return map;
}

function manifestLabel(manifest: unknown, index: number): string {
  if (isObj(manifest)) {
    const kind = str(manifest.kind) ?? 'manifest';
    const name = isObj(manifest.metadata)
      ? str(manifest.metadata.name)
      : undefined;
    return `${kind}/${name ?? `#${index}`}`;
  }
  return `#${index}`;
}

/**
 * Validates KEDA manifests (ScaledObject, ScaledJob, (Cluster)TriggerAuthentication)
 * as they would be committed to Git. Manifests are checked together, so a
 * trigger's parameters can be supplied by a TriggerAuthentication in the set.
 * Returns an empty list when all is well. Never throws.
 *
 * @public
 */
export function validateManifests(
  manifests: ReadonlyArray<unknown>,
  options: ValidationOptions = {},
): ManifestProblem[] {
  const c = new Checker(collectAuthentications(manifests));
  const names = new Map<string, number>();
  manifests.forEach((manifest, index) => {
    c.forManifest(manifestLabel(manifest, index));
    if (!isObj(manifest)) {
      c.add(
        '(manifest)',
        'is not an object',
        'Write a Kubernetes manifest (apiVersion, kind, metadata, spec).',
      );
      return;
    }
    const kind = str(manifest.kind);
    if (manifest.apiVersion !== KEDA_API_VERSION) {
      c.add(
        ['apiVersion'],
        `must be ${KEDA_API_VERSION}, got ${JSON.stringify(
          manifest.apiVersion,
        )}`,
        `Set apiVersion: ${KEDA_API_VERSION}.`,
      );
    }
    if (
      !kind ||
      ![
        'ScaledObject',
        'ScaledJob',
        'TriggerAuthentication',
        'ClusterTriggerAuthentication',
      ].includes(kind)
    ) {
      c.add(
        ['kind'],
        `${JSON.stringify(
          manifest.kind,
        )} is not a KEDA kind this portal manages`,
        'Use ScaledObject, ScaledJob, TriggerAuthentication or ClusterTriggerAuthentication.',
      );
      return;
    }
    checkMetadata(c, manifest, kind);
    if (
      isObj(manifest.metadata) &&
      typeof manifest.metadata.name === 'string'
    ) {
      const ns = str(manifest.metadata.namespace) ?? '';
      const key = `${kind}/${ns}/${manifest.metadata.name}`;
      const first = names.get(key);
      if (first !== undefined) {
        c.add(
          ['metadata', 'name'],
          `manifest #${first} is also a ${kind} named '${manifest.metadata.name}'`,
          'Give each object its own name, or merge the two.',
        );
      } else {
        names.set(key, index);
      }
    }
    const spec = manifest.spec;
    if (!isObj(spec)) {
      c.add(['spec'], 'is required', `Add the spec of the ${kind}.`);
    } else if (kind === 'ScaledObject') {
      checkScaledObject(c, manifest, spec);
      checkTriggers(c, spec, kind);
    } else if (kind === 'ScaledJob') {
      checkScaledJob(c, spec);
      checkTriggers(c, spec, kind);
    } else {
      checkTriggerAuthentication(c, spec);
    }
    if (options.schema) {
      let schemaProblems: ReturnType<CrdSchemaValidator> = [];
      try {
        schemaProblems = options.schema(manifest);
      } catch (e) {
        schemaProblems = [
          {
            path: '(manifest)',
            message: `the CRD schema check failed: ${(e as Error).message}`,
            fix: 'Compare the manifest with the KEDA CRD reference.',
          },
        ];
      }
      const ours = new Set(
        c.problems
          .filter(p => p.manifest === manifestLabel(manifest, index))
          .map(p => p.path),
      );
      for (const problem of schemaProblems) {
        // Our own rule at the same path already says it better.
        if (!ours.has(problem.path))
          c.add(problem.path, problem.message, problem.fix);
      }
    }
  });
  return c.problems;
}

/**
 * Validates an intent by building its manifests and validating them, plus
 * the checks only the intent can answer (its kind, what a ScaledJob needs).
 * Paths are those of the manifests (`spec.triggers[0].metadata.topic`).
 *
 * @public
 */
export function validateIntent(
  intent: ScalingIntent,
  options: ValidationOptions = {},
): ManifestProblem[] {
  const problems: ManifestProblem[] = [];
  const kind = intent.kind ?? 'ScaledObject';
  const label = `${kind}/${intent.name}`;
  const add = (path: string, message: string, fix: string) =>
    problems.push({
      path,
      message: `${path}: ${message}`,
      fix,
      manifest: label,
    });
  if (kind !== 'ScaledObject' && kind !== 'ScaledJob') {
    add(
      'kind',
      `'${String(kind)}' is not ScaledObject or ScaledJob`,
      'Choose ScaledObject (scale a workload) or ScaledJob (run a Job per event).',
    );
    return problems;
  }
  if (kind === 'ScaledJob') {
    const soOnly: Array<keyof ScalingIntent> = [
      'scaleTarget',
      'idleReplicaCount',
      'cooldownPeriod',
      'initialCooldownPeriod',
      'fallback',
      'hpa',
      'scalingModifiers',
      'restoreToOriginalReplicaCount',
    ];
    for (const key of soOnly) {
      if (intent[key] !== undefined)
        add(key, 'only applies to ScaledObjects', `Remove ${key}.`);
    }
    if (intent.pause?.replicas !== undefined) {
      add(
        `metadata.annotations['${PAUSED_REPLICAS_ANNOTATION}']`,
        'only ScaledObjects can pause at a replica count',
        'Use pause.paused instead.',
      );
    }
  } else {
    const sjOnly: Array<keyof ScalingIntent> = [
      'jobTemplate',
      'scalingStrategy',
      'successfulJobsHistoryLimit',
      'failedJobsHistoryLimit',
    ];
    for (const key of sjOnly) {
      if (intent[key] !== undefined)
        add(key, 'only applies to ScaledJobs', `Remove ${key}.`);
    }
  }
  (intent.triggers ?? []).forEach((trigger, i) => {
    const auth = trigger?.authentication;
    if (!auth) return;
    const at = `spec.triggers[${i}].authenticationRef`;
    const creates = Boolean(auth.secretRefs?.length || auth.podIdentity);
    if (!creates && !auth.name) {
      add(
        at,
        'names no TriggerAuthentication and gives nothing to create one from',
        'Give the name of an existing TriggerAuthentication, or secretRefs / podIdentity to create one.',
      );
    }
    if (creates && auth.kind === 'ClusterTriggerAuthentication') {
      add(
        `${at}.kind`,
        'the portal only creates namespaced TriggerAuthentications',
        'Remove kind, or reference an existing ClusterTriggerAuthentication by name only.',
      );
    }
    const definition = getScaler(trigger.type);
    (auth.secretRefs ?? []).forEach((ref, j) => {
      if (!definition || !ref?.parameter) return;
      const param = getScalerParameter(trigger.type, ref.parameter);
      if (!param) {
        add(
          `triggers[${i}].authentication.secretRefs[${j}].parameter`,
          `'${ref.parameter}' is not a parameter of the ${trigger.type} trigger`,
          `Use a parameter listed at ${definition.docsUrl}.`,
        );
      } else if (!param.sources.includes('authentication')) {
        add(
          `triggers[${i}].authentication.secretRefs[${j}].parameter`,
          `${param.name} of the ${trigger.type} trigger cannot come from a TriggerAuthentication`,
          `Write ${param.name} in the trigger metadata instead.`,
        );
      }
    });
    if (
      auth.podIdentity &&
      definition &&
      auth.podIdentity.provider !== 'none' &&
      !definition.podIdentityProviders.includes(auth.podIdentity.provider)
    ) {
      add(
        `triggers[${i}].authentication.podIdentity.provider`,
        `the ${trigger.type} trigger does not support pod identity ${auth.podIdentity.provider}`,
        definition.podIdentityProviders.length
          ? `Use one of: ${definition.podIdentityProviders.join(', ')}.`
          : 'Use secretRefs instead.',
      );
    }
  });
  if (kind === 'ScaledObject' && !intent.scaleTarget) {
    add(
      'spec.scaleTargetRef',
      'a ScaledObject needs a scale target',
      'Set scaleTarget.name to the workload to scale.',
    );
  }
  if (kind === 'ScaledJob' && !intent.jobTemplate) {
    add(
      'spec.jobTargetRef',
      'a ScaledJob needs a job template',
      'Set jobTemplate with at least one container.',
    );
  }
  const manifests: KedaManifest[] = buildManifests(intent);
  return [...problems, ...validateManifests(manifests, options)];
}
