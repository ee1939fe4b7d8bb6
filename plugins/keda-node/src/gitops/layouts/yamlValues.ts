/**
 * YAML files as plain values: parsing every document of a file, the value of
 * a document, and comparing and copying plain (JSON-like) values.
 */
import { parseAllDocuments } from 'yaml';
import type { Document } from 'yaml';

/** A JSON-like value, the only kind we write. */
export type Json =
  | null
  | boolean
  | number
  | string
  | Json[]
  | { [key: string]: Json };

export type JsonObject = { [key: string]: Json };

export type ParsedDocument = Document.Parsed;

/** Parses every document of a file; throws an Error naming the file on a syntax error. */
export function parseYamlFile(text: string, path: string): ParsedDocument[] {
  // Warnings (odd keys in Helm templates) are not our business.
  const docs = Array.from(parseAllDocuments(text, { logLevel: 'error' }));
  for (const doc of docs) {
    if (doc.errors.length) {
      throw new Error(`${path} is not valid YAML: ${doc.errors[0].message}`);
    }
  }
  return docs;
}

/** Like {@link parseYamlFile}, but `undefined` for text that is not YAML (Helm templates). */
export function tryParseYamlFile(text: string): ParsedDocument[] | undefined {
  try {
    return parseYamlFile(text, '');
  } catch {
    return undefined;
  }
}

/** The plain value of a document (`null` when it is empty). */
export function documentValue(doc: ParsedDocument): unknown {
  return doc.toJS({ maxAliasCount: -1 }) ?? null;
}

export function isPlainObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Structural equality of plain values; key order does not matter. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) {
      return false;
    }
    return a.every((item, i) => deepEqual(item, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every(
      key =>
        Object.prototype.hasOwnProperty.call(b, key) &&
        deepEqual(a[key], b[key]),
    );
  }
  return false;
}

/** A deep copy without `undefined`, functions or class instances. */
export function toJson(value: unknown): Json {
  return value === undefined ? null : JSON.parse(JSON.stringify(value));
}
