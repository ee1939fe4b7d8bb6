/**
 * Validation of a set of KEDA manifests as they would be committed to Git:
 * each object's apiVersion, kind, metadata and spec by kind, names unique in
 * the set, and the CRD schema when given.
 */
import { KEDA_API_VERSION } from '../build';
import { isObj, stringValue as str } from '../fields';
import { KEDA_CRD_SCHEMAS } from '../crdSchemas.generated';
import type { CrdSchemaValidator } from '../schema';
import { checkStructuralSchema } from '../structural';
import type { ManifestProblem } from '../types';
import {
  checkTriggerAuthentication,
  collectAuthentications,
} from './authentication';
import { Checker } from './checker';
import { checkMetadata } from './metadata';
import { checkScaledJob } from './scaledJob';
import { checkScaledObject } from './scaledObject';
import { checkTriggers } from './triggers';

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

/** The CRD schema's problems, where our own rules have not said it better. */
function checkSchema(
  c: Checker,
  schema: CrdSchemaValidator,
  manifest: unknown,
  label: string,
) {
  let schemaProblems: ReturnType<CrdSchemaValidator> = [];
  try {
    schemaProblems = schema(manifest);
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
    c.problems.filter(p => p.manifest === label).map(p => p.path),
  );
  for (const problem of schemaProblems) {
    // Our own rule at the same path already says it better.
    if (!ours.has(problem.path))
      c.add(problem.path, problem.message, problem.fix);
  }
}

/**
 * The manifest as the API server stores it: a field whose value is null is
 * dropped (none of KEDA's fields is nullable), so it counts as not set.
 */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (!isObj(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (field !== null) out[key] = withoutNulls(field);
  }
  return out;
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
  const docs = manifests.map(withoutNulls);
  const c = new Checker(collectAuthentications(docs));
  const names = new Map<string, number>();
  docs.forEach((manifest, index) => {
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
    // KEDA's CRD as the API server applies it (strict field validation).
    checkSchema(
      c,
      m => checkStructuralSchema(m, KEDA_CRD_SCHEMAS[kind]),
      manifest,
      manifestLabel(manifest, index),
    );
    if (options.schema) {
      checkSchema(c, options.schema, manifest, manifestLabel(manifest, index));
    }
  });
  return c.problems;
}
