/**
 * The parser's typed accessor: reads values of the type an intent wants,
 * leniently as hand-written YAML has them (`'5'` for 5, `'true'` for true),
 * and collects the paths it could not carry over, so the person proposing a
 * change learns what a proposal would drop.
 */
import {
  isObj,
  isOneOf,
  isWholeNumber,
  unknownKeys,
  type Obj,
} from '../fields';

export { defined, nonEmpty } from '../fields';

/** A scalar as text (numbers and booleans as YAML would print them). */
export function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  return undefined;
}

/** A list when it has entries. */
export function someOf<T>(list: T[] | undefined): T[] | undefined {
  return list?.length ? list : undefined;
}

/**
 * Collects what the parser could not carry over, and reads typed values,
 * noting the ones of the wrong type.
 */
export class Reader {
  readonly unsupported: string[] = [];

  skip(path: string) {
    if (!this.unsupported.includes(path)) this.unsupported.push(path);
  }

  /** Notes every key of `value` outside `known`. */
  rest(value: Obj, known: ReadonlyArray<string>, path: string) {
    for (const key of unknownKeys(value, known)) {
      if (value[key] !== undefined) this.skip(path ? `${path}.${key}` : key);
    }
  }

  int(parent: Obj, key: string, path: string): number | undefined {
    const value = parent[key];
    if (value === undefined || value === null) return undefined;
    if (isWholeNumber(value)) return value;
    if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) {
      return Number(value.trim());
    }
    this.skip(`${path}.${key}`);
    return undefined;
  }

  bool(parent: Obj, key: string, path: string): boolean | undefined {
    const value = parent[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'boolean') return value;
    if (value === 'true' || value === 'false') return value === 'true';
    this.skip(`${path}.${key}`);
    return undefined;
  }

  text(parent: Obj, key: string, path: string): string | undefined {
    const value = parent[key];
    if (value === undefined || value === null) return undefined;
    const s = scalarText(value);
    if (s === undefined) this.skip(`${path}.${key}`);
    return s;
  }

  oneOf<T extends string>(
    parent: Obj,
    key: string,
    path: string,
    allowed: ReadonlyArray<T>,
  ): T | undefined {
    const value = this.text(parent, key, path);
    if (value === undefined) return undefined;
    if (isOneOf(value, allowed)) return value;
    this.skip(`${path}.${key}`);
    return undefined;
  }

  obj(parent: Obj, key: string, path: string): Obj | undefined {
    const value = parent[key];
    if (value === undefined || value === null) return undefined;
    if (isObj(value)) return value;
    this.skip(`${path}.${key}`);
    return undefined;
  }

  list(parent: Obj, key: string, path: string): unknown[] | undefined {
    const value = parent[key];
    if (value === undefined || value === null) return undefined;
    if (Array.isArray(value)) return value;
    this.skip(`${path}.${key}`);
    return undefined;
  }

  strings(parent: Obj, key: string, path: string): string[] | undefined {
    const value = this.list(parent, key, path);
    if (!value) return undefined;
    const out = value.map(scalarText);
    if (out.some(v => v === undefined)) {
      this.skip(`${path}.${key}`);
      return undefined;
    }
    return out as string[];
  }

  stringMap(
    parent: Obj,
    key: string,
    path: string,
  ): Record<string, string> | undefined {
    const value = this.obj(parent, key, path);
    if (!value) return undefined;
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(value)) {
      const s = scalarText(v);
      if (s === undefined) this.skip(`${path}.${key}.${k}`);
      else out[k] = s;
    }
    return out;
  }
}
