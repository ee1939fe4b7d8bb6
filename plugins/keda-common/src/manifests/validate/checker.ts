/**
 * The checker every validation rule reports through: a problem names the
 * field path, what is wrong and the fix, and the manifest it is in. Its typed
 * checks (whole numbers, allowed values, strings, names, unknown fields) keep
 * one wording for each kind of mistake.
 */
import { dns1123LabelError, dns1123SubdomainError } from '../names';
import { isOneOf, isWholeNumber, unknownKeys, type Obj } from '../fields';
import { formatPath, type PathSegment } from '../paths';
import type { ManifestProblem } from '../types';

export const INT32_MAX = 2147483647;
export const NUMBER = /^[+-]?((\d+(\.\d*)?)|(\.\d+))([eE][+-]?\d+)?$/;

/** What a TriggerAuthentication in the same set supplies to a trigger. */
export interface AuthInfo {
  /** Parameters it supplies, or `undefined` when we cannot know. */
  parameters?: Set<string>;
  podIdentity?: string;
}

export class Checker {
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
    if (!isWholeNumber(value)) {
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
    if (!isOneOf(value, allowed)) {
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
    for (const key of unknownKeys(parent, known)) {
      this.add(
        [...path, key],
        `is not a field of ${where}; Kubernetes would silently drop it`,
        `Remove it, or check its spelling (fields: ${known.join(', ')}).`,
      );
    }
  }

  authInfo(name: string): AuthInfo | undefined {
    return this.authentications.get(name);
  }
}
