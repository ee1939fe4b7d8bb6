/**
 * New YAML text for values the layouts write: block lines in a file's own
 * indentation style, scalars quoted only when every YAML reader (1.1 and
 * 1.2, in every position) would otherwise read them differently.
 */
import { isCollection, isMap, isSeq, parse, Scalar } from 'yaml';
import type { Node as YamlNode } from 'yaml';
import {
  deepEqual,
  isPlainObject,
  toJson,
  type Json,
  type JsonObject,
  type ParsedDocument,
} from './yamlValues';

/** How a file lays out its blocks, so that new lines look like the old ones. */
export interface YamlStyle {
  /** Spaces per nesting level of block maps. */
  indent: number;
  /** `key:\n  - a` (true) or `key:\n- a` (false). */
  indentSeq: boolean;
}

/** The style of files we create; also the fallback when a file shows none. */
export const DEFAULT_STYLE: YamlStyle = { indent: 2, indentSeq: true };

/** Words a YAML 1.1 reader (and so Kubernetes' Go decoder) takes for booleans or null. */
const YAML11_WORDS = /^(y|n|yes|no|on|off|true|false|null|~)$/i;

function readsBack(text: string, value: unknown): boolean {
  try {
    return deepEqual(parse(text, { logLevel: 'error' }), value);
  } catch {
    return false;
  }
}

/** Newlines, tabs and other characters below a space. */
function hasControlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    if (value.charCodeAt(i) < 0x20) return true;
  }
  return false;
}

/** A string may stay unquoted only when every reader, in every position, reads it back. */
function plainIsSafe(value: string, flow: boolean): boolean {
  if (!value || value.trim() !== value || hasControlCharacter(value)) {
    return false;
  }
  if (YAML11_WORDS.test(value)) return false;
  try {
    if (parse(value, { version: '1.1', logLevel: 'error' }) !== value) {
      return false;
    }
  } catch {
    return false;
  }
  return (
    readsBack(value, value) &&
    readsBack(`k: ${value}`, { k: value }) &&
    readsBack(`- ${value}`, [value]) &&
    (!flow || readsBack(`[${value}]`, [value]))
  );
}

function singleQuoted(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * One scalar as text. Quoted only when needed, with single quotes (as in the
 * files we create), unless the value it replaces used another quote style.
 */
export function scalarText(
  value: Json,
  flow: boolean,
  previousType?: string,
): string {
  if (value === null) return 'null';
  if (typeof value !== 'string') return String(value);
  // Double quotes are the one inline style that can carry newlines and tabs;
  // JSON string syntax is valid YAML double-quoted syntax.
  if (hasControlCharacter(value) || previousType === Scalar.QUOTE_DOUBLE) {
    return JSON.stringify(value);
  }
  if (previousType === Scalar.QUOTE_SINGLE) return singleQuoted(value);
  return plainIsSafe(value, flow) ? value : singleQuoted(value);
}

export function keyText(key: string): string {
  return plainIsSafe(key, false) && readsBack(`${key}: 1`, { [key]: 1 })
    ? key
    : singleQuoted(key);
}

/** True for values that need block lines (non-empty maps and lists). */
export function isBlockValue(value: Json): value is Json[] | JsonObject {
  if (Array.isArray(value)) return value.length > 0;
  return isPlainObject(value) && Object.keys(value).length > 0;
}

/** A value on one line: scalars, `[]`, `{}` and (inside flow collections) flow collections. */
export function flowText(value: Json, flow = true): string {
  if (Array.isArray(value)) {
    return `[${value.map(item => flowText(item, true)).join(', ')}]`;
  }
  if (isPlainObject(value)) {
    const entries = Object.entries(value).map(
      ([key, item]) => `${keyText(key)}: ${flowText(item, true)}`,
    );
    return `{${entries.join(', ')}}`;
  }
  return scalarText(value, flow);
}

export function spaces(n: number): string {
  return ' '.repeat(n);
}

/** Block lines of a map whose keys start at column `col`. */
export function mapLines(
  value: JsonObject,
  col: number,
  style: YamlStyle,
): string[] {
  const lines: string[] = [];
  for (const [key, item] of Object.entries(value)) {
    const head = `${spaces(col)}${keyText(key)}:`;
    if (isBlockValue(item)) {
      lines.push(head, ...linesUnderKey(item, col, style));
    } else {
      lines.push(`${head} ${flowText(item, false)}`);
    }
  }
  return lines;
}

/** Block lines of the value of a key at column `keyCol`. */
export function linesUnderKey(
  value: Json[] | JsonObject,
  keyCol: number,
  style: YamlStyle,
): string[] {
  return Array.isArray(value)
    ? seqLines(value, style.indentSeq ? keyCol + style.indent : keyCol, style)
    : mapLines(value, keyCol + style.indent, style);
}

/** Lines of a block value starting at column `col` (its first line included). */
export function blockLines(
  value: Json[] | JsonObject,
  col: number,
  style: YamlStyle,
): string[] {
  return Array.isArray(value)
    ? seqLines(value, col, style)
    : mapLines(value, col, style);
}

/** Block lines of a list whose dashes sit at column `col`. */
export function seqLines(
  value: Json[],
  col: number,
  style: YamlStyle,
): string[] {
  const lines: string[] = [];
  for (const item of value) {
    if (isBlockValue(item)) {
      // The item's first line moves up next to its dash: `- type: kafka`.
      const inner = blockLines(item, col + 2, style);
      lines.push(
        `${spaces(col)}- ${inner[0].slice(col + 2)}`,
        ...inner.slice(1),
      );
    } else {
      lines.push(`${spaces(col)}- ${flowText(item, false)}`);
    }
  }
  return lines;
}

/**
 * Text of a map (usually one key) as block lines at column `col`, each line
 * ending with a newline. Used for blocks appended to a file.
 */
export function renderYamlBlock(
  value: { [key: string]: unknown },
  style: YamlStyle = DEFAULT_STYLE,
  col = 0,
): string {
  const json = toJson(value);
  if (!isPlainObject(json)) throw new Error('renderYamlBlock needs a map');
  return mapLines(json, col, style)
    .map(line => `${line}\n`)
    .join('');
}

/**
 * `text` followed by `addition` on lines of their own, with the line ends of
 * `text`; after a blank line when `blankLine` is set and `text` has content.
 */
export function appendLines(
  text: string,
  addition: string,
  blankLine = false,
): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  let gap = text && !text.endsWith('\n') ? eol : '';
  if (blankLine && text.trim() && !/\n[ \t]*\r?\n$/.test(text + gap)) {
    gap += eol;
  }
  return text + gap + addition.replace(/\r?\n/g, eol);
}

// ---------------------------------------------------------------------------
// Reading the layout of a file

/**
 * Guesses the indentation step and sequence style from the first nested
 * block map and the first block list under a key.
 */
export function detectStyle(text: string, docs: ParsedDocument[]): YamlStyle {
  let indent: number | undefined;
  let indentSeq: boolean | undefined;
  const column = (offset: number) =>
    offset - (text.lastIndexOf('\n', offset - 1) + 1);
  const walk = (node: unknown) => {
    if (isMap(node) && !node.flow) {
      for (const pair of node.items) {
        const key = pair.key as YamlNode | null;
        const value = pair.value as YamlNode | null;
        if (key?.range && isCollection(value) && !value.flow && value.range) {
          const delta = column(value.range[0]) - column(key.range[0]);
          if (isMap(value) && indent === undefined && delta > 0) {
            indent = delta;
          }
          if (isSeq(value) && indentSeq === undefined && value.items.length) {
            indentSeq = delta > 0;
          }
        }
        walk(value);
      }
    } else if (isSeq(node)) {
      node.items.forEach(walk);
    }
  };
  docs.forEach(doc => walk(doc.contents));
  return {
    indent: indent ?? DEFAULT_STYLE.indent,
    indentSeq: indentSeq ?? DEFAULT_STYLE.indentSeq,
  };
}
