/**
 * Validation functions for the scaffolder fields. They run the same checks
 * as the rest of the portal (the domain core's `validateIntent`) and report
 * each problem with the trigger and field it is about.
 */
import {
  validateIntent,
  type ManifestProblem,
  type ScalingKind,
  compactTriggers,
} from '@keda-portal/plugin-keda-common';
import { parseEntityRef } from '@backstage/catalog-model';
import type { ApiHolder } from '@backstage/core-plugin-api';
import { kedaApiRef, type ChangeGuardrails, type KedaApi } from '../api';
import {
  describeProblem,
  previewIntent,
  problemText,
  validateTriggers,
} from '../components/TriggerEditor';

/**
 * Where a validation function reports problems: the `addError` of the
 * scaffolder's (react-jsonschema-form's) field validation.
 *
 * @public
 */
export interface FieldErrorCollector {
  /** Adds one message to the field's errors. */
  addError(message: string): void;
}

// The ui:options types are type aliases, not interfaces: the scaffolder
// wants them to fit an index signature.

/**
 * `ui:options` of the `KedaTriggers` field.
 *
 * @public
 */
export type KedaTriggersUiOptions = {
  /** Namespace of the workload, where the referenced Secrets live. */
  namespace?: string;
  /**
   * Name of another form field that holds the namespace (e.g. `namespace`);
   * used when `namespace` is not given.
   */
  namespaceField?: string;
  /** What the triggers drive; `ScaledObject` unless told. */
  kind?: ScalingKind;
};

/**
 * What a validation function gets to know besides the value: the whole
 * form's data and the field's UI schema.
 *
 * @public
 */
export interface KedaFieldValidationContext<TUiOptions> {
  /** The whole form's data, for fields that depend on other fields. */
  formData?: unknown;
  /** The field's UI schema, with its `ui:options`. */
  uiSchema?: { 'ui:options'?: TUiOptions };
  /** The app's APIs, for checks that ask the backend (guardrails). */
  apiHolder?: ApiHolder;
}

/** A value at a dotted path (`scaling.min`) of the form data. */
export function formValue(formData: unknown, path: string | undefined) {
  if (!path) return undefined;
  let current: unknown = formData;
  for (const part of path.split('.')) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** The namespace the options name, directly or through another field. */
export function resolveNamespace(
  options: KedaTriggersUiOptions | undefined,
  formData: unknown,
): string | undefined {
  if (options?.namespace) return options.namespace;
  const fromField = formValue(formData, options?.namespaceField);
  return typeof fromField === 'string' && fromField ? fromField : undefined;
}

/**
 * Validation of the `KedaTriggers` field: at least one trigger, and every
 * problem the domain core finds (unknown types or parameters, values of the
 * wrong kind, malformed cron expressions, secrets written as literals,
 * incomplete Secret references), each naming the trigger and the field.
 * An unset value passes; mark the field `required` to demand it.
 *
 * @public
 */
export function kedaTriggersValidation(
  value: unknown,
  validation: FieldErrorCollector,
  context?: KedaFieldValidationContext<KedaTriggersUiOptions>,
): void {
  if (value === undefined || value === null) return;
  if (!Array.isArray(value)) {
    validation.addError('Expected a list of triggers.');
    return;
  }
  if (value.length === 0) {
    validation.addError(
      'Add at least one trigger: the event source that drives scaling.',
    );
    return;
  }
  const options = context?.uiSchema?.['ui:options'];
  const located = validateTriggers(compactTriggers(value), {
    namespace: resolveNamespace(options, context?.formData),
    kind: options?.kind,
  });
  for (const message of new Set(located.map(p => describeProblem(p, value)))) {
    validation.addError(message);
  }
}

/**
 * Replica bounds of a ScaledObject or ScaledJob.
 *
 * @public
 */
export interface ReplicaBounds {
  /** Fewest replicas; 0 when unset. */
  minReplicaCount?: unknown;
  /** Most replicas; 100 when unset. */
  maxReplicaCount?: unknown;
  /** Replicas while no trigger is active (ScaledObjects only). */
  idleReplicaCount?: unknown;
  /** `ScaledObject` unless told. */
  kind?: ScalingKind;
}

const BOUND_PATHS = new Set([
  'spec.minReplicaCount',
  'spec.maxReplicaCount',
  'spec.idleReplicaCount',
  'idleReplicaCount',
]);

/**
 * Checks replica bounds with the domain core: whole numbers in range,
 * min not above max (max defaults to 100), idle below min, idle only for
 * ScaledObjects. Returns the problems; empty when all is well.
 *
 * @public
 */
export function validateReplicaBounds(
  bounds: ReplicaBounds,
): ManifestProblem[] {
  const intent = {
    ...previewIntent([], { kind: bounds.kind }),
    minReplicaCount: bounds.minReplicaCount as number | undefined,
    maxReplicaCount: bounds.maxReplicaCount as number | undefined,
    idleReplicaCount: bounds.idleReplicaCount as number | undefined,
  };
  return validateIntent(intent).filter(p => BOUND_PATHS.has(p.path));
}

/**
 * `ui:options` of the `KedaReplicaCount` field: which bound it is, and the
 * form fields that hold the other bounds.
 *
 * @public
 */
export type KedaReplicaCountUiOptions = {
  /** Which bound this field is. */
  bound: 'min' | 'max' | 'idle';
  /** Form field (dotted path) holding the minimum. */
  minField?: string;
  /** Form field (dotted path) holding the maximum. */
  maxField?: string;
  /** Form field (dotted path) holding the idle replica count. */
  idleField?: string;
  /** `ScaledObject` unless told. */
  kind?: ScalingKind;
  /**
   * Form field (dotted path) holding the component's entity ref, whose
   * guardrails apply; default `component`.
   */
  componentField?: string;
};

/**
 * The platform team's guardrails for the component the form names, or
 * undefined when there is none (or the backend cannot say).
 */
export async function formGuardrails(
  kedaApi: Pick<KedaApi, 'getGuardrails'>,
  formData: unknown,
  componentField = 'component',
): Promise<ChangeGuardrails | undefined> {
  const ref = formValue(formData, componentField);
  if (typeof ref !== 'string' || !ref) return undefined;
  try {
    const { kind, namespace, name } = parseEntityRef(ref, {
      defaultKind: 'component',
      defaultNamespace: 'default',
    });
    return await kedaApi.getGuardrails({ kind, namespace, name });
  } catch {
    return undefined; // the preview step checks guardrails again
  }
}

/** The message for a maximum above the guardrail; undefined when within it. */
export function maxGuardrailProblem(
  value: unknown,
  guardrails: Pick<ChangeGuardrails, 'maxReplicaCount'> | undefined,
  label = 'Maximum replicas',
): string | undefined {
  const limit = guardrails?.maxReplicaCount;
  const n = asCount(value);
  if (limit === undefined || typeof n !== 'number' || n <= limit) {
    return undefined;
  }
  return `${label}: ${n} is above the platform team's limit of ${limit} here. Lower it to ${limit} or less, or ask the platform team to raise the limit.`;
}

function asCount(value: unknown): unknown {
  if (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)) {
    return Number(value);
  }
  return value === '' || value === null ? undefined : value;
}

/**
 * Validation of the `KedaReplicaCount` field: the bound it holds, checked
 * together with the bounds in the fields its options name (e.g. a minimum
 * above the maximum).
 *
 * @public
 */
export async function kedaReplicaCountValidation(
  value: unknown,
  validation: FieldErrorCollector,
  context?: KedaFieldValidationContext<KedaReplicaCountUiOptions>,
): Promise<void> {
  const options = context?.uiSchema?.['ui:options'];
  const bound = options?.bound ?? 'max';
  const read = (which: 'min' | 'max' | 'idle', field?: string) =>
    asCount(which === bound ? value : formValue(context?.formData, field));
  const problems = validateReplicaBounds({
    minReplicaCount: read('min', options?.minField),
    maxReplicaCount: read('max', options?.maxField),
    idleReplicaCount: read('idle', options?.idleField),
    kind: options?.kind,
  });
  const own = `${bound}ReplicaCount`;
  for (const problem of problems) {
    if (problem.path.endsWith(own) || problem.message.includes(own)) {
      validation.addError(problemText(problem));
    }
  }
  const kedaApi = context?.apiHolder?.get(kedaApiRef);
  if (bound === 'max' && kedaApi) {
    const guardrail = maxGuardrailProblem(
      value,
      await formGuardrails(kedaApi, context?.formData, options?.componentField),
    );
    if (guardrail) validation.addError(guardrail);
  }
}
