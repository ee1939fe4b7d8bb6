/**
 * Cases generated from a CRD's OpenAPI schema (as the API server has it, read
 * from the CRD file): at every object level an unknown field, every enum with
 * a value outside it, every typed field with a value of another type (and
 * null), every required field missing, and valid variants (each enum value,
 * int-or-string as a number and as a string, every optional field present
 * with a valid value). Each case is a whole manifest: a valid base with one
 * change at one path, the intermediate objects filled with what their schema
 * requires.
 */
import type { StructuralSchema } from '../structural';

type Json = unknown;
type Segment = string | number;

export type CaseKind =
  | 'base'
  | 'unknown-field'
  | 'wrong-type'
  | 'null'
  | 'enum-outside'
  | 'required-missing'
  | 'valid-variant';

export interface SchemaCase {
  kind: CaseKind;
  /** Where the change is, e.g. spec.jobTargetRef.template.spec.containers[0].ports. */
  path: string;
  /** What the change is, in a few words. */
  what: string;
  manifest: Record<string, unknown>;
}

/**
 * Valid values for fields where a generic sample would trip a rule KEDA
 * applies above the schema (see the allow-list in the agreement test): the
 * generator should exercise the schema, not those rules.
 */
export type SampleOverrides = Record<string, Json>;

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export function formatSegments(segments: Segment[]): string {
  return segments
    .map((s, i) => {
      if (typeof s === 'number') return `[${s}]`;
      return i ? `.${s}` : s;
    })
    .join('');
}

/** A path without indexes and map keys, to look up overrides: spec.triggers.type. */
function overrideKey(segments: Segment[]): string {
  return segments.filter(s => typeof s === 'string').join('.');
}

function sampleString(schema: StructuralSchema): string {
  if (schema.enum?.length) return String(schema.enum[0]);
  if (schema.pattern) {
    // The patterns in KEDA's CRDs: quantities and DNS-like names.
    if (schema.pattern.includes('[KMGTPE]i')) return '1';
    if (schema.pattern.startsWith('^[a-z0-9]')) return 'x';
    if (new RegExp(schema.pattern, 'u').test('x')) return 'x';
  }
  return schema.minLength && schema.minLength > 1
    ? 'x'.repeat(schema.minLength)
    : 'x';
}

/** The smallest valid value of a schema: required fields filled, lists empty. */
export function minimal(
  schema: StructuralSchema,
  segments: Segment[],
  overrides: SampleOverrides,
): Json {
  const key = overrideKey(segments);
  if (key in overrides) return structuredClone(overrides[key]);
  if (schema['x-kubernetes-int-or-string']) return 1;
  switch (schema.type) {
    case 'string':
      return sampleString(schema);
    case 'integer':
      return schema.enum?.length
        ? schema.enum[0]
        : Math.max(1, schema.minimum ?? 1);
    case 'number':
      return Math.max(1, schema.minimum ?? 1);
    case 'boolean':
      return true;
    case 'array':
      return schema.minItems && schema.items
        ? Array.from({ length: schema.minItems }, (_, i) =>
            minimal(schema.items!, [...segments, i], overrides),
          )
        : [];
    case 'object': {
      const out: Record<string, Json> = {};
      for (const field of schema.required ?? []) {
        const child = schema.properties?.[field];
        if (child) out[field] = minimal(child, [...segments, field], overrides);
      }
      return out;
    }
    default:
      return 'x';
  }
}

/** Values of other types than the schema's, each with a word for the case. */
function wrongValues(schema: StructuralSchema): Array<[string, Json]> {
  if (schema['x-kubernetes-int-or-string']) {
    return [
      ['a fraction as a YAML number', 0.5],
      ['a boolean', true],
    ];
  }
  switch (schema.type) {
    case 'string':
      return [['a number', 12345]];
    case 'integer':
      return [
        ['a quoted number', '5'],
        ['a fraction', 1.5],
      ];
    case 'number':
      return [['text', 'x']];
    case 'boolean':
      return [['quoted true', 'true']];
    case 'array':
      return [['text instead of a list', 'x']];
    case 'object':
      return [['text instead of a map', 'x']];
    default:
      return [];
  }
}

function childSchema(
  schema: StructuralSchema,
  segment: Segment,
): StructuralSchema | undefined {
  if (typeof segment === 'number') return schema.items;
  if (schema.properties?.[segment]) return schema.properties[segment];
  return typeof schema.additionalProperties === 'object'
    ? schema.additionalProperties
    : undefined;
}

/**
 * A copy of `base` with `change` applied to the value at `segments` (its
 * parent created from the schema when missing).
 */
function withChange(
  base: Record<string, unknown>,
  root: StructuralSchema,
  segments: Segment[],
  change: (parent: any, last: Segment) => void,
  overrides: SampleOverrides,
): Record<string, unknown> {
  const manifest = structuredClone(base);
  let node: any = manifest;
  let schema = root;
  for (let i = 0; i < segments.length - 1; i++) {
    const segment = segments[i];
    const next = childSchema(schema, segment)!;
    const here = segments.slice(0, i + 1);
    if (typeof segment === 'number') {
      if (node.length <= segment)
        node[segment] = minimal(next, here, overrides);
    } else if (
      node[segment] === undefined ||
      (next.type === 'array' && !Array.isArray(node[segment])) ||
      (next.type === 'object' && !isObj(node[segment]))
    ) {
      node[segment] = minimal(next, here, overrides);
    }
    node = node[segment];
    schema = next;
  }
  change(node, segments[segments.length - 1]);
  return manifest;
}

function valueAt(base: unknown, segments: Segment[]): unknown {
  let node: any = base;
  for (const s of segments) {
    if (node === undefined || node === null) return undefined;
    node = node[s];
  }
  return node;
}

/**
 * The cases for one kind. `base` is a valid manifest; the walk starts at
 * `spec` of `root` (the openAPIV3Schema).
 */
export function generateSchemaCases(
  base: Record<string, unknown>,
  root: StructuralSchema,
  overrides: SampleOverrides = {},
): SchemaCase[] {
  const cases: SchemaCase[] = [
    { kind: 'base', path: '(base)', what: 'the base manifest', manifest: base },
  ];
  const add = (
    kind: CaseKind,
    segments: Segment[],
    what: string,
    change: (parent: any, last: Segment) => void,
  ) =>
    cases.push({
      kind,
      path: formatSegments(segments),
      what,
      manifest: withChange(base, root, segments, change, overrides),
    });

  const walk = (schema: StructuralSchema, segments: Segment[]) => {
    const inBase = valueAt(base, segments) !== undefined;
    // Wrong types, null, enums, valid variants of this value.
    for (const [what, value] of wrongValues(schema)) {
      add('wrong-type', segments, what, (p, k) => (p[k] = value));
    }
    if (!schema.nullable) {
      add('null', segments, 'null', (p, k) => (p[k] = null));
    }
    if (schema.enum?.length) {
      add('enum-outside', segments, 'a value outside the enum', (p, k) => {
        p[k] = typeof schema.enum![0] === 'number' ? 987654 : 'NotInTheEnum';
      });
      for (const allowed of schema.enum) {
        add(
          'valid-variant',
          segments,
          `enum value ${JSON.stringify(allowed)}`,
          (p, k) => {
            p[k] = allowed;
          },
        );
      }
    }
    if (schema['x-kubernetes-int-or-string']) {
      add('valid-variant', segments, 'a whole number', (p, k) => (p[k] = 2));
      add('valid-variant', segments, "a string ('500m')", (p, k) => {
        p[k] = schema.pattern ? '500m' : 'x';
      });
    } else if (!inBase && !schema.enum) {
      add('valid-variant', segments, 'present with a valid value', (p, k) => {
        p[k] = minimal(schema, segments, overrides);
      });
    }
    if (schema.type === 'object' || schema.properties) {
      const properties = schema.properties ?? {};
      const preserve = schema['x-kubernetes-preserve-unknown-fields'];
      if (!preserve && schema.additionalProperties === undefined) {
        const inner = [...segments, 'zzUnknownField'];
        add('unknown-field', inner, 'an unknown field', (p, k) => (p[k] = 'x'));
      }
      for (const field of schema.required ?? []) {
        add('required-missing', [...segments, field], 'missing', (p, k) => {
          delete p[k];
        });
      }
      for (const [field, child] of Object.entries(properties)) {
        walk(child, [...segments, field]);
      }
      if (typeof schema.additionalProperties === 'object') {
        walk(schema.additionalProperties, [...segments, 'zzKey']);
      }
    }
    if (schema.type === 'array' && schema.items) {
      walk(schema.items, [...segments, 0]);
    }
  };
  walk(root.properties!.spec, ['spec']);
  return cases;
}
