/**
 * The API server's own check of a custom resource against its CRD's
 * structural schema, with strict field validation (what `kubectl apply
 * --validate=strict` and `fieldValidation=Strict` do): unknown fields at
 * every level, JSON types (integer or string where the CRD says
 * int-or-string), enums, required fields, bounds, patterns and list types,
 * and the fields of `metadata`. The schemas are KEDA's own
 * (crdSchemas.generated.ts); CEL rules are not run here (the one KEDA has,
 * min <= max on a ScaledObject, is our rule 1).
 */
import { describePattern } from './schema';
import { formatPath, type PathSegment } from './paths';
import type { SchemaProblem } from './schema';

/**
 * The part of an OpenAPI v3 schema the API server validates with.
 */
export interface StructuralSchema {
  type?: string;
  properties?: Record<string, StructuralSchema>;
  items?: StructuralSchema;
  additionalProperties?: StructuralSchema | boolean;
  required?: string[];
  enum?: unknown[];
  anyOf?: StructuralSchema[];
  allOf?: StructuralSchema[];
  oneOf?: StructuralSchema[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  /** Applied by the API server before it validates. */
  default?: unknown;
  nullable?: boolean;
  minItems?: number;
  maxItems?: number;
  minProperties?: number;
  maxProperties?: number;
  uniqueItems?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  'x-kubernetes-list-type'?: string;
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-validations'?: Array<{ rule: string; message?: string }>;
}

/** The fields of a Kubernetes ObjectMeta (metadata of every object). */
const OBJECT_META = [
  'name',
  'generateName',
  'namespace',
  'selfLink',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'labels',
  'annotations',
  'ownerReferences',
  'finalizers',
  'managedFields',
];
/** Fields of an embedded object (x-kubernetes-embedded-resource). */
const EMBEDDED = ['apiVersion', 'kind', 'metadata'];
/** Most field names listed in a fix; longer lists only suggest a spelling. */
const LIST_AT_MOST = 12;

type Problems = SchemaProblem[];

function isObj(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function show(value: unknown): string {
  const text = JSON.stringify(value);
  if (text === undefined) return String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(
        row[j] + 1,
        row[j - 1] + 1,
        previous + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1),
      );
      previous = current;
    }
  }
  return row[b.length];
}

/** The fix for an unknown field: a close spelling, else the fields there are. */
function unknownFieldFix(key: string, known: string[]): string {
  const lower = key.toLowerCase();
  const close = known
    .map(k => ({
      k,
      // A prefix (propagation for propagationPolicy) counts as close.
      d:
        lower.length >= 4 && k.toLowerCase().startsWith(lower)
          ? 1
          : editDistance(key, k),
    }))
    .filter(({ k, d }) => d <= Math.max(2, Math.floor(k.length / 4)))
    .sort((a, b) => a.d - b.d)[0];
  if (close) return `Remove it, or did you mean ${close.k}?`;
  if (!known.length) return 'Remove it: this object has no fields of its own.';
  if (known.length <= LIST_AT_MOST)
    return `Remove it, or check its spelling (fields: ${known.join(', ')}).`;
  return `Remove it, or check its spelling against the KEDA CRD reference (${
    known.length
  } fields here, e.g. ${known.slice(0, 6).join(', ')}).`;
}

function typeWords(type: string): string {
  switch (type) {
    case 'string':
      return 'a string';
    case 'integer':
      return 'a whole number';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'true or false';
    case 'array':
      return 'a list';
    case 'object':
      return 'a map';
    default:
      return type;
  }
}

function typeFix(type: string, value: unknown): string {
  switch (type) {
    case 'string':
      return typeof value === 'number' || typeof value === 'boolean'
        ? `Quote it: '${String(value)}'.`
        : 'Write it as text.';
    case 'integer':
      return typeof value === 'string' && /^[+-]?\d+$/.test(value.trim())
        ? `Write ${value.trim()} without quotes.`
        : 'Write a whole number without quotes.';
    case 'number':
      return 'Write a number without quotes.';
    case 'boolean':
      return 'Write true or false without quotes.';
    case 'array':
      return 'Write a list (entries starting with -).';
    case 'object':
      return 'Write a map of key: value pairs.';
    default:
      return `Write a value of type ${type}.`;
  }
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isObj(value);
    default:
      return true;
  }
}

/** Equality of JSON values, for enums, sets and list-map keys. */
function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (isObj(value)) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map(k => [k, canonical(value[k])]),
    );
  }
  return value;
}

class StructuralChecker {
  readonly problems: Problems = [];

  add(path: PathSegment[], message: string, fix: string) {
    const where = formatPath(path) || '(manifest)';
    this.problems.push({ path: where, message: `${where}: ${message}`, fix });
  }

  /** A value against its schema; false when its type is wrong. */
  check(value: unknown, schema: StructuralSchema, path: PathSegment[]) {
    if (value === null) {
      if (!schema.nullable) {
        this.add(
          path,
          'must not be null',
          'Give it a value, or remove the field.',
        );
      }
      return;
    }
    if (schema['x-kubernetes-int-or-string']) {
      if (
        !(typeof value === 'string') &&
        !(typeof value === 'number' && Number.isInteger(value))
      ) {
        this.add(
          path,
          `must be a whole number or a string, got ${show(value)}`,
          typeof value === 'number'
            ? `Write a whole number, or quote it: '${value}'.`
            : "Write a whole number or a quoted string, e.g. '100m'.",
        );
        return;
      }
    } else if (schema.type && !hasType(value, schema.type)) {
      this.add(
        path,
        `must be ${typeWords(schema.type)}, got ${show(value)}`,
        typeFix(schema.type, value),
      );
      return;
    }
    if (schema.enum && !schema.enum.some(allowed => sameJson(allowed, value))) {
      this.add(
        path,
        `${show(value)} is not allowed`,
        `Use one of: ${schema.enum.map(v => String(v)).join(', ')}.`,
      );
    }
    if (schema.anyOf && !this.matchesAny(value, schema.anyOf)) {
      this.add(
        path,
        `${show(value)} is not in the expected format`,
        typeof value === 'string'
          ? "Write a quantity such as '100m', '0.5' or '2Gi', or a whole number."
          : 'Compare the value with the KEDA CRD reference.',
      );
    }
    for (const part of schema.allOf ?? []) this.check(value, part, path);
    if (typeof value === 'string') this.checkString(value, schema, path);
    if (typeof value === 'number') this.checkNumber(value, schema, path);
    if (Array.isArray(value)) this.checkArray(value, schema, path);
    if (isObj(value)) this.checkObject(value, schema, path);
  }

  private matchesAny(value: unknown, options: StructuralSchema[]): boolean {
    return options.some(option => {
      const probe = new StructuralChecker();
      probe.check(value, option, []);
      return probe.problems.length === 0;
    });
  }

  private checkString(
    value: string,
    schema: StructuralSchema,
    path: PathSegment[],
  ) {
    const length = [...value].length;
    if (schema.minLength !== undefined && length < schema.minLength) {
      this.add(
        path,
        schema.minLength === 1
          ? 'must not be empty'
          : `must have at least ${schema.minLength} characters`,
        'Give it a value.',
      );
    }
    if (schema.maxLength !== undefined && length > schema.maxLength) {
      this.add(
        path,
        `must have at most ${schema.maxLength} characters, it has ${length}`,
        `Shorten it to ${schema.maxLength} characters.`,
      );
    }
    if (
      schema.pattern !== undefined &&
      !new RegExp(schema.pattern, 'u').test(value)
    ) {
      const words = describePattern(schema.pattern);
      this.add(
        path,
        `${show(value)} is not in the expected format`,
        words
          ? `Write it with ${words}.`
          : `Write it in the format the KEDA CRD expects (pattern ${schema.pattern}).`,
      );
    }
  }

  private checkNumber(
    value: number,
    schema: StructuralSchema,
    path: PathSegment[],
  ) {
    const { minimum, maximum } = schema;
    if (
      minimum !== undefined &&
      (schema.exclusiveMinimum ? value <= minimum : value < minimum)
    ) {
      this.add(
        path,
        `must be ${
          schema.exclusiveMinimum ? 'above' : 'at least'
        } ${minimum}, got ${value}`,
        `Use a value of ${
          schema.exclusiveMinimum ? 'more than' : 'at least'
        } ${minimum}.`,
      );
    }
    if (
      maximum !== undefined &&
      (schema.exclusiveMaximum ? value >= maximum : value > maximum)
    ) {
      this.add(
        path,
        `must be ${
          schema.exclusiveMaximum ? 'below' : 'at most'
        } ${maximum}, got ${value}`,
        `Use a value of ${
          schema.exclusiveMaximum ? 'less than' : 'at most'
        } ${maximum}.`,
      );
    }
  }

  private checkArray(
    value: unknown[],
    schema: StructuralSchema,
    path: PathSegment[],
  ) {
    if (schema.minItems !== undefined && value.length < schema.minItems) {
      this.add(
        path,
        `needs at least ${schema.minItems} entr${
          schema.minItems === 1 ? 'y' : 'ies'
        }`,
        'Add an entry, or remove the field.',
      );
    }
    if (schema.maxItems !== undefined && value.length > schema.maxItems) {
      this.add(
        path,
        `may have at most ${schema.maxItems} entries, it has ${value.length}`,
        `Remove entries, to at most ${schema.maxItems}.`,
      );
    }
    const items = schema.items;
    if (items)
      value.forEach((item, i) => this.check(item, items, [...path, i]));
    const listType = schema['x-kubernetes-list-type'];
    if (listType === 'set' || schema.uniqueItems) {
      value.forEach((item, i) => {
        const first = value.findIndex(other => sameJson(other, item));
        if (first < i) {
          this.add(
            [...path, i],
            `repeats entry [${first}] (${show(item)}); the list is a set`,
            'Remove the duplicate.',
          );
        }
      });
    }
    const keys = schema['x-kubernetes-list-map-keys'];
    if (listType === 'map' && keys?.length) {
      const seen = new Map<string, number>();
      value.forEach((item, i) => {
        if (!isObj(item)) return;
        const key = JSON.stringify(
          keys.map(k => item[k] ?? schema.items?.properties?.[k]?.default),
        );
        const first = seen.get(key);
        if (first !== undefined) {
          this.add(
            [...path, i],
            `has the same ${keys.join(' and ')} as entry [${first}]`,
            `Give each entry its own ${keys.join(' and ')}, or merge the two.`,
          );
        } else {
          seen.set(key, i);
        }
      });
    }
  }

  private checkObject(
    value: Record<string, unknown>,
    schema: StructuralSchema,
    path: PathSegment[],
  ) {
    const properties = schema.properties ?? {};
    for (const key of schema.required ?? []) {
      // The API server fills in defaults before it checks required fields.
      if (properties[key]?.default !== undefined) continue;
      if (!(key in value) || value[key] === undefined) {
        this.add([...path, key], 'is required', `Add ${key}.`);
      }
    }
    const count = Object.keys(value).length;
    if (schema.minProperties !== undefined && count < schema.minProperties) {
      this.add(
        path,
        `needs at least ${schema.minProperties} entr${
          schema.minProperties === 1 ? 'y' : 'ies'
        }`,
        'Add an entry, or remove the field.',
      );
    }
    if (schema.maxProperties !== undefined && count > schema.maxProperties) {
      this.add(
        path,
        `may have at most ${schema.maxProperties} entries`,
        'Remove entries.',
      );
    }
    const additional = schema.additionalProperties;
    const preserve = schema['x-kubernetes-preserve-unknown-fields'];
    const embedded = schema['x-kubernetes-embedded-resource'];
    const known = Object.keys(properties);
    for (const [key, field] of Object.entries(value)) {
      if (field === undefined) continue;
      const at = [...path, key];
      const own = Object.prototype.hasOwnProperty.call(properties, key)
        ? properties[key]
        : undefined;
      if (own) {
        this.check(field, own, at);
      } else if (typeof additional === 'object') {
        this.check(field, additional, at);
      } else if (embedded && EMBEDDED.includes(key)) {
        if (key === 'metadata') this.checkMetadata(field, at);
        else this.check(field, { type: 'string' }, at);
      } else if (!preserve && additional !== true) {
        this.add(
          at,
          `is not a field of ${
            formatPath(path) || 'the object'
          }; the API server rejects it`,
          unknownFieldFix(key, known),
        );
      }
    }
  }

  /** The object's metadata: ObjectMeta's fields (values are checked elsewhere). */
  checkMetadata(value: unknown, path: PathSegment[]) {
    if (value === undefined) return;
    if (!isObj(value)) {
      this.add(
        path,
        `must be a map, got ${show(value)}`,
        'Write metadata with name, namespace and labels.',
      );
      return;
    }
    for (const key of Object.keys(value)) {
      if (!OBJECT_META.includes(key)) {
        this.add(
          [...path, key],
          'is not a field of metadata; the API server rejects it',
          unknownFieldFix(key, ['name', 'namespace', 'labels', 'annotations']),
        );
      }
    }
    for (const key of ['labels', 'annotations']) {
      const map = value[key];
      if (map !== undefined && map !== null && !isObj(map)) {
        this.add(
          [...path, key],
          `must be a map of strings, got ${show(map)}`,
          'Write key: value pairs.',
        );
      }
    }
  }
}

/**
 * Checks a manifest against a CRD's structural schema as the API server does
 * with strict field validation. Returns the problems, each with a path, what
 * is wrong and the fix.
 */
export function checkStructuralSchema(
  manifest: unknown,
  schema: StructuralSchema,
): SchemaProblem[] {
  const checker = new StructuralChecker();
  if (!isObj(manifest)) {
    checker.add([], 'is not an object', 'Write a Kubernetes manifest.');
    return checker.problems;
  }
  const { metadata, ...rest } = manifest;
  checker.checkMetadata(metadata, ['metadata']);
  const root: StructuralSchema = {
    ...schema,
    properties: { ...schema.properties },
  };
  delete root.properties!.metadata;
  checker.check(rest, root, []);
  return checker.problems;
}
