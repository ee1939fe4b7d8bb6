/**
 * CRD-schema validation with the models of `@kubernetes-models/keda` (ajv
 * validators generated from KEDA's API types), with errors mapped to field
 * paths and fixes.
 *
 * The package is ESM-only (its `exports` only have an `import` condition), so
 * it is loaded with a dynamic `import()`: that works in the browser bundle and
 * in native Node ESM, but not from CommonJS `require` (Jest). Callers that
 * cannot load it pass the model classes they have to
 * `createCrdSchemaValidator`, or skip the schema check; our own rules in
 * `validateManifests` cover what the builder generates.
 */
import { formatPath, pointerSegments, type PathSegment } from './paths';

/**
 * A problem found by the CRD schema, before it is tied to a manifest.
 *
 * @public
 */
export interface SchemaProblem {
  path: string;
  message: string;
  fix: string;
}

/**
 * Checks one manifest against the CRD schema of its kind. Returns no problems
 * for kinds it does not know.
 *
 * @public
 */
export type CrdSchemaValidator = (manifest: unknown) => SchemaProblem[];

/**
 * The part of a `@kubernetes-models` model class we use.
 *
 * @public
 */
export type ModelClass = new (data: any) => { validate(): void };

/**
 * The model classes of `@kubernetes-models/keda/keda.sh/v1alpha1` that the
 * validator uses.
 *
 * @public
 */
export interface KedaModelClasses {
  ScaledObject: ModelClass;
  ScaledJob: ModelClass;
  TriggerAuthentication: ModelClass;
  ClusterTriggerAuthentication?: ModelClass;
}

/**
 * The shape of an ajv error.
 *
 * @public
 */
export interface AjvError {
  instancePath?: string;
  keyword?: string;
  params?: Record<string, any>;
  message?: string;
}

function fixFor(error: AjvError, field: string): string {
  const params = error.params ?? {};
  switch (error.keyword) {
    case 'required':
      return `Add ${field}.`;
    case 'type':
      return `Write a value of type ${params.type} at ${field}${
        params.type === 'string'
          ? " (quote numbers and booleans, e.g. '5')"
          : ''
      }.`;
    case 'enum':
      return `Use one of: ${(params.allowedValues ?? []).join(', ')}.`;
    case 'minimum':
      return `Use a value of at least ${params.limit}.`;
    case 'maximum':
      return `Use a value of at most ${params.limit}.`;
    case 'minLength':
      return `Give ${field} a value (it must not be empty).`;
    case 'maxLength':
      return `Shorten ${field} to at most ${params.limit} characters.`;
    case 'minItems':
      return `Add at least ${params.limit} item(s) to ${field}.`;
    case 'additionalProperties':
      return `Remove ${field}: the CRD does not have this field (check its spelling).`;
    case 'pattern': {
      const words = describePattern(String(params.pattern ?? ''));
      return words
        ? `Write ${field} with ${words}.`
        : `Write ${field} in the format the KEDA CRD expects (pattern ${params.pattern}).`;
    }
    case 'format':
      return `Write ${field} as a valid ${params.format}.`;
    default:
      return `Change ${field} so it matches the KEDA CRD.`;
  }
}

/**
 * A regular expression of a Kubernetes name in words, or undefined for
 * patterns it does not know.
 */
export function describePattern(pattern: string): string | undefined {
  if (/^\^\[a-z0-9\]\(\[-a-z0-9\]\*\[a-z0-9\]\)\?\$$/.test(pattern)) {
    return "lower-case letters, digits and '-', starting and ending with a letter or digit, e.g. orders-api";
  }
  if (/^\^\[a-z0-9\]\(\[-a-z0-9\.\]\*\[a-z0-9\]\)\?/.test(pattern)) {
    return "lower-case letters, digits, '-' and '.', starting and ending with a letter or digit, e.g. orders-api";
  }
  return undefined;
}

/**
 * Maps ajv errors (as thrown by a model's `validate()`) to problems.
 *
 * @public
 */
export function schemaProblemsFromErrors(
  errors: ReadonlyArray<AjvError>,
): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    const segments: PathSegment[] = pointerSegments(error.instancePath ?? '');
    if (error.keyword === 'required' && error.params?.missingProperty) {
      segments.push(String(error.params.missingProperty));
    }
    if (
      error.keyword === 'additionalProperties' &&
      error.params?.additionalProperty
    ) {
      segments.push(String(error.params.additionalProperty));
    }
    const path = formatPath(segments) || '(manifest)';
    let what = error.message ?? 'is invalid';
    if (error.keyword === 'required') what = 'is required';
    // ajv's "must match pattern "^[a-z0-9]..."" shows a raw regex: say it
    // in words (the fix says what to write).
    if (error.keyword === 'pattern') what = 'is not in the expected format';
    const message = `${path}: ${what} (CRD schema)`;
    const key = `${path}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push({ path, message, fix: fixFor(error, path) });
  }
  return problems;
}

/**
 * Errors of the models' schema that KEDA 2.21's CRD no longer makes: the
 * models (2.0.0) predate `fallback.behavior: scalingModifiers`.
 */
function isStale(error: AjvError, manifest: unknown): boolean {
  const spec = (manifest as { spec?: { fallback?: { behavior?: unknown } } })
    ?.spec;
  return (
    error.instancePath === '/spec/fallback/behavior' &&
    error.keyword === 'enum' &&
    spec?.fallback?.behavior === 'scalingModifiers'
  );
}

/**
 * A `CrdSchemaValidator` from the model classes of `@kubernetes-models/keda`.
 *
 * @public
 */
export function createCrdSchemaValidator(
  models: KedaModelClasses,
): CrdSchemaValidator {
  return manifest => {
    const kind = (manifest as { kind?: unknown } | null)?.kind;
    const Model =
      kind === 'ScaledObject' ||
      kind === 'ScaledJob' ||
      kind === 'TriggerAuthentication' ||
      kind === 'ClusterTriggerAuthentication'
        ? models[kind]
        : undefined;
    if (!Model) return [];
    try {
      new Model(manifest).validate();
      return [];
    } catch (e) {
      const errors = (e as { errors?: AjvError[] }).errors;
      if (Array.isArray(errors)) {
        return schemaProblemsFromErrors(
          errors.filter(error => !isStale(error, manifest)),
        );
      }
      return [
        {
          path: '(manifest)',
          message: `the manifest does not match the ${String(kind)} CRD: ${
            (e as Error).message
          }`,
          fix: 'Compare the manifest with the KEDA CRD reference.',
        },
      ];
    }
  };
}

let loading: Promise<CrdSchemaValidator> | undefined;

/**
 * Loads `@kubernetes-models/keda` (dynamic `import()`, so it becomes its own
 * chunk in the browser) and returns a validator. Rejects where the ESM-only
 * package cannot be imported.
 *
 * @public
 */
export function loadCrdSchemaValidator(): Promise<CrdSchemaValidator> {
  loading ??= import('@kubernetes-models/keda/keda.sh/v1alpha1').then(models =>
    createCrdSchemaValidator(models as unknown as KedaModelClasses),
  );
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}
