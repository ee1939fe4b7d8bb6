/**
 * Runs the domain core's validation over a list of triggers and sorts the
 * problems by trigger and by field, so the editor can show each one under
 * the input it is about.
 */
import {
  buildManifests,
  validateIntent,
  type ManifestProblem,
  type ScalingIntent,
  type ScalingKind,
  type TriggerIntent,
} from '@keda-portal/plugin-keda-common';

/**
 * Which part of a trigger a problem is about:
 *
 * - `trigger`: the trigger as a whole
 * - `type`, `name`, `metricType`, `useCachedMetrics`: that field
 * - `metadata`: the metadata as a whole (e.g. "needs one of …")
 * - `metadata.<key>`: one metadata key
 * - `authentication`: the authentication as a whole
 * - `authentication.name`: the TriggerAuthentication's name
 * - `secretRefs.<j>` and `secretRefs.<j>.<parameter|secretName|key>`
 */
export type TriggerField = string;

/** Where a problem belongs. `trigger` is undefined for list-level ones. */
export interface ProblemTarget {
  trigger?: number;
  field: TriggerField;
}

/** A problem and where it belongs. */
export interface LocatedProblem extends ProblemTarget {
  problem: ManifestProblem;
}

/** Options of the preview intent the triggers are validated in. */
export interface TriggerValidationOptions {
  namespace?: string;
  kind?: ScalingKind;
}

const PREVIEW_NAME = 'preview';

/**
 * The smallest intent that holds the triggers: everything but the triggers
 * is valid, so every problem validation reports is about them.
 */
export function previewIntent(
  triggers: ReadonlyArray<TriggerIntent>,
  options: TriggerValidationOptions = {},
): ScalingIntent {
  const kind = options.kind ?? 'ScaledObject';
  return {
    kind,
    name: PREVIEW_NAME,
    namespace: options.namespace || 'default',
    kubernetesId: PREVIEW_NAME,
    ...(kind === 'ScaledJob'
      ? { jobTemplate: { containers: [{ name: 'job', image: 'job' }] } }
      : { scaleTarget: { name: PREVIEW_NAME } }),
    triggers: [...triggers],
  };
}

const TRIGGER_PATH = /^(?:spec\.)?triggers\[(\d+)\](.*)$/;
const SECRET_REF_PATH = /^\.authentication\.secretRefs\[(\d+)\](?:\.(\w+))?$/;
const TARGET_REF_PATH = /^spec\.secretTargetRef\[(\d+)\](?:\.(\w+))?$/;
const TRIGGER_FIELDS = new Set([
  'type',
  'name',
  'metricType',
  'useCachedMetrics',
]);

/** `.metadata.key` or `.metadata['a.b']` to the key; otherwise undefined. */
function metadataKey(rest: string): string | undefined {
  const plain = /^\.metadata\.([A-Za-z_$][A-Za-z0-9_$]*)$/.exec(rest);
  if (plain) return plain[1];
  const quoted = /^\.metadata\['((?:[^'\\]|\\.)*)'\]$/.exec(rest);
  if (quoted) return quoted[1].replace(/\\(.)/g, '$1');
  return undefined;
}

/** The field of a trigger a path below `spec.triggers[i]` points at. */
function triggerField(rest: string): TriggerField {
  if (rest === '') return 'trigger';
  if (rest === '.metadata') return 'metadata';
  const key = metadataKey(rest);
  if (key !== undefined) return `metadata.${key}`;
  if (rest.startsWith('.authenticationRef')) return 'authentication';
  const secretRef = SECRET_REF_PATH.exec(rest);
  if (secretRef) {
    return secretRef[2]
      ? `secretRefs.${secretRef[1]}.${secretRef[2]}`
      : `secretRefs.${secretRef[1]}`;
  }
  if (rest.startsWith('.authentication')) return 'authentication';
  const field = rest.slice(1);
  return TRIGGER_FIELDS.has(field) ? field : 'trigger';
}

/** The field of a TriggerAuthentication path, as a trigger field. */
function authenticationField(path: string): TriggerField {
  const ref = TARGET_REF_PATH.exec(path);
  if (ref) {
    if (!ref[2]) return `secretRefs.${ref[1]}`;
    const field = ref[2] === 'name' ? 'secretName' : ref[2];
    return `secretRefs.${ref[1]}.${field}`;
  }
  if (path === 'metadata.name') return 'authentication.name';
  return 'authentication';
}

/**
 * Which triggers use each TriggerAuthentication the intent creates, keyed by
 * the manifest label `TriggerAuthentication/<name>`.
 */
function authenticationUsers(intent: ScalingIntent): Map<string, number[]> {
  const users = new Map<string, number[]>();
  const [scaled] = buildManifests(intent);
  const triggers = (scaled?.spec as { triggers?: unknown[] }).triggers ?? [];
  triggers.forEach((trigger, i) => {
    const ref = (trigger as { authenticationRef?: { name?: string } })
      ?.authenticationRef;
    if (!ref?.name) return;
    const label = `TriggerAuthentication/${ref.name}`;
    users.set(label, [...(users.get(label) ?? []), i]);
  });
  return users;
}

function slug(value: string): string {
  return value
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * Problems handed in from a larger intent name TriggerAuthentications after
 * that intent (`<intent>-<trigger name or type>-auth`); find their triggers
 * by an explicit name or by that suffix.
 */
function guessAuthenticationUsers(
  triggers: ReadonlyArray<TriggerIntent>,
  name: string,
): number[] {
  const explicit: number[] = [];
  const derived: number[] = [];
  triggers.forEach((t, i) => {
    const auth = t?.authentication;
    if (!auth) return;
    if (auth.name) {
      if (auth.name === name) explicit.push(i);
      return;
    }
    const base = slug(String(t.name ?? t.type ?? 'trigger')) || 'trigger';
    if (name.endsWith(`-${base}-auth`) || name.endsWith(`-${base}-${i}-auth`)) {
      derived.push(i);
    }
  });
  return explicit.length ? explicit : derived;
}

/**
 * Places problems on the triggers and fields they are about. Problems that
 * are about neither (the rest of a larger intent) are left out, except
 * `spec.triggers` itself, which is kept as a list-level problem.
 */
export function locateProblems(
  problems: ReadonlyArray<ManifestProblem>,
  intent: ScalingIntent,
): LocatedProblem[] {
  const located: LocatedProblem[] = [];
  let users: Map<string, number[]> | undefined;
  for (const problem of problems) {
    if (problem.manifest?.startsWith('TriggerAuthentication/')) {
      users ??= authenticationUsers(intent);
      const field = authenticationField(problem.path);
      const triggers =
        users.get(problem.manifest) ??
        guessAuthenticationUsers(
          intent.triggers,
          problem.manifest.slice('TriggerAuthentication/'.length),
        );
      for (const trigger of triggers) {
        located.push({ problem, trigger, field });
      }
      continue;
    }
    if (problem.path === 'spec.triggers') {
      located.push({ problem, field: 'list' });
      continue;
    }
    const match = TRIGGER_PATH.exec(problem.path);
    if (!match) continue;
    located.push({
      problem,
      trigger: Number(match[1]),
      field: triggerField(match[2]),
    });
  }
  return located;
}

/**
 * Validates triggers with the domain core and places every problem on its
 * trigger and field.
 */
export function validateTriggers(
  triggers: ReadonlyArray<TriggerIntent>,
  options: TriggerValidationOptions = {},
): LocatedProblem[] {
  const intent = previewIntent(triggers, options);
  return locateProblems(validateIntent(intent), intent);
}

/** The last name in a problem path: `query` of `spec.triggers[0].metadata.query`. */
export function fieldName(path: string): string | undefined {
  const quoted = /\['((?:[^'\\]|\\.)*)'\]$/.exec(path);
  if (quoted) return quoted[1];
  const plain = /(?:^|\.)([A-Za-z_$][\w$-]*)$/.exec(path);
  return plain?.[1];
}

/**
 * The problem's message without the path it starts with, plus the fix.
 * With `named`, a message that would start with "is" or "must" (the path
 * was its subject) keeps the field's name: "query is required. Add query."
 * rather than "is required. Add query." under a field.
 */
export function problemText(
  problem: ManifestProblem,
  options: { named?: boolean } = {},
): string {
  const prefix = `${problem.path}: `;
  let message = problem.message.startsWith(prefix)
    ? problem.message.slice(prefix.length)
    : problem.message;
  const name = fieldName(problem.path);
  if (
    options.named &&
    name &&
    /^(is|are|must|should|has|needs|may)\b/.test(message)
  ) {
    message = `${name} ${message}`;
  }
  if (!problem.fix) return message;
  return `${message.replace(/[.;]?$/, '.')} ${problem.fix}`;
}

/** A short, human name of a trigger field, for messages outside the editor. */
export function fieldLabel(
  field: TriggerField,
  trigger: TriggerIntent | undefined,
): string {
  if (field.startsWith('metadata.')) return field.slice('metadata.'.length);
  const ref = /^secretRefs\.(\d+)(?:\.(\w+))?$/.exec(field);
  if (ref) {
    const parameter =
      trigger?.authentication?.secretRefs?.[Number(ref[1])]?.parameter;
    const what = parameter
      ? `the Secret reference of ${parameter}`
      : 'a Secret reference';
    if (ref[2] === 'secretName') return `${what} (Secret name)`;
    if (ref[2] === 'key') return `${what} (key)`;
    return what;
  }
  switch (field) {
    case 'authentication':
    case 'authentication.name':
      return 'authentication';
    default:
      return field;
  }
}

/**
 * One line per problem that names the trigger and the field, e.g.
 * `Trigger 1 (kafka), lagThreshold: must be a whole number, got 'ten'. …`.
 */
export function describeProblem(
  located: LocatedProblem,
  triggers: ReadonlyArray<TriggerIntent>,
): string {
  const text = problemText(located.problem);
  if (located.trigger === undefined) return `Triggers: ${text}`;
  const trigger = triggers[located.trigger];
  const type = typeof trigger?.type === 'string' && trigger.type;
  const which = `Trigger ${located.trigger + 1}${type ? ` (${type})` : ''}`;
  if (located.field === 'trigger') return `${which}: ${text}`;
  return `${which}, ${fieldLabel(located.field, trigger)}: ${text}`;
}
