/**
 * Compares the catalog with KEDA's scaler documentation pages (Markdown):
 * every trigger type a page specifies must be in the catalog, with every
 * parameter the page documents. Pure: the caller reads the pages.
 */
import { matchesParameterName } from './names';
import type { ScalerDefinition } from './types';

/**
 * A docs page handed to the check.
 *
 * @internal
 */
export interface CatalogCheckPage {
  /** File name, e.g. `apache-kafka.md`; used in the report. */
  fileName: string;
  /** Markdown source, front matter included. */
  text: string;
}

/**
 * Something a page documents that the catalog lacks: a whole trigger type
 * (no `parameter`) or one parameter of a type.
 *
 * @internal
 */
export interface CatalogMissingItem {
  page: string;
  triggerType: string;
  parameter?: string;
}

/** @internal */
export interface CatalogCheckResult {
  missing: CatalogMissingItem[];
}

/**
 * What the check reads from one page.
 *
 * @internal
 */
export interface ParsedScalerPage {
  page: string;
  /** Trigger types of the trigger specification, in page order. */
  triggerTypes: string[];
  /** Documented parameter names, in page order, without duplicates. */
  parameters: string[];
}

type SectionKind = 'spec' | 'parameters' | 'other';

const FENCE = /^(`{3,}|~{3,})\s*([\w-]*)/;
const CLOSING_FENCE = /^(`{3,}|~{3,})\s*$/;
const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;
/** A top-level list item that starts with a backticked name. */
const LIST_ITEM = /^[-*+]\s+`([^`]+)`/;
/** A plain parameter name; dotted names are TriggerAuthentication fields. */
const PARAMETER_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const YAML_KEY = /^([A-Za-z_][\w.-]*)\s*:(?:\s|$)/;
const FROM_ENV = 'FromEnv';

function classify(heading: string): SectionKind {
  if (/trigger specification/i.test(heading)) return 'spec';
  if (/example/i.test(heading)) return 'other';
  if (/authenticat|parameter/i.test(heading)) return 'parameters';
  return 'other';
}

function stripFrontMatter(text: string): string {
  const lines = text.split(/\r?\n/);
  const marker = lines[0]?.trim();
  if (marker !== '+++' && marker !== '---') return lines.join('\n');
  const end = lines.findIndex((line, i) => i > 0 && line.trim() === marker);
  return end < 0 ? '' : lines.slice(end + 1).join('\n');
}

/** Drops a trailing ` # comment` and surrounding quotes from a YAML scalar. */
function scalar(value: string): string {
  let v = value.trim();
  if (v.startsWith('"') || v.startsWith("'")) {
    const quote = v[0];
    const close = v.indexOf(quote, 1);
    return close > 0 ? v.slice(1, close) : v.slice(1);
  }
  const hash = v.search(/\s#/);
  if (hash >= 0) v = v.slice(0, hash);
  return v.trim();
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

/**
 * Reads trigger types and metadata keys from a YAML snippet of a trigger
 * specification. Only `metadata` maps inside `triggers` count, so the
 * metadata of a Kubernetes object in the same snippet is left out.
 */
function readSpecYaml(lines: string[]): { types: string[]; keys: string[] } {
  const types: string[] = [];
  const keys: string[] = [];
  let triggersIndent = -1;
  let metadataIndent = -1; // indent of the `metadata:` key; -1 outside
  let childIndent = -1;
  for (const raw of lines) {
    const line = raw.replace(/\t/g, '  ');
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    if (trimmed === '---') {
      triggersIndent = -1;
      metadataIndent = -1;
      continue;
    }
    let indent = indentOf(line);
    let content = trimmed;
    const dash = /^-\s+/.exec(content);
    if (dash) {
      indent += dash[0].length;
      content = content.slice(dash[0].length);
    }
    if (metadataIndent >= 0) {
      if (indent > metadataIndent) {
        if (childIndent < 0) childIndent = indent;
        if (indent === childIndent) {
          const key = YAML_KEY.exec(content);
          if (key) keys.push(key[1]);
        }
        continue;
      }
      metadataIndent = -1;
    }
    if (/^triggers\s*:/.test(content)) {
      triggersIndent = indent;
      continue;
    }
    if (triggersIndent < 0 || indent <= triggersIndent) {
      if (indent <= triggersIndent) triggersIndent = -1;
      continue;
    }
    const type = /^type\s*:\s*(.+)$/.exec(content);
    if (type) {
      const value = scalar(type[1]);
      if (value) types.push(value);
      continue;
    }
    if (/^metadata\s*:\s*$/.test(content)) {
      metadataIndent = indent;
      childIndent = -1;
    }
  }
  return { types, keys };
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

/**
 * Parses one docs page: the trigger types from the YAML of its "Trigger
 * Specification" section(s), and the parameter names from the backticked
 * names that start top-level list items in the specification and
 * authentication/parameter sections, plus the metadata keys of that YAML.
 *
 * @internal
 */
export function parseScalerPage(page: CatalogCheckPage): ParsedScalerPage {
  const lines = stripFrontMatter(page.text).split('\n');
  const types: string[] = [];
  const names: string[] = [];
  const specText: string[] = [];
  let section: SectionKind = 'other';
  let fence:
    | { marker: string; yaml: boolean; quoted: boolean; lines: string[] }
    | undefined;

  for (const line of lines) {
    // Fences may sit in lists or block quotes: look past indent and `>`.
    const bare = line.replace(/^[\s>]*/, '');
    if (fence) {
      const close = CLOSING_FENCE.exec(bare);
      if (
        close &&
        close[1][0] === fence.marker[0] &&
        close[1].length >= fence.marker.length
      ) {
        if (section === 'spec' && fence.yaml) {
          const yaml = readSpecYaml(fence.lines);
          types.push(...yaml.types);
          names.push(...yaml.keys);
        }
        fence = undefined;
      } else {
        fence.lines.push(fence.quoted ? line.replace(/^\s*>\s?/, '') : line);
      }
      continue;
    }
    const open = FENCE.exec(bare);
    if (open) {
      const info = open[2].toLowerCase();
      fence = {
        marker: open[1],
        yaml: info === 'yaml' || info === 'yml',
        quoted: line.trimStart().startsWith('>'),
        lines: [],
      };
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      if (heading[1].length <= 3) section = classify(heading[2]);
      continue;
    }
    if (section === 'other') continue;
    if (section === 'spec') specText.push(line);
    const item = LIST_ITEM.exec(line);
    if (item && PARAMETER_NAME.test(item[1])) names.push(item[1]);
  }

  if (types.length === 0) {
    // No YAML in the specification: fall back to its first sentence.
    const described = /describes the `([a-z0-9-]+)` (?:trigger|scaler)/i.exec(
      specText.join('\n'),
    );
    if (described) types.push(described[1]);
  }

  return {
    page: page.fileName,
    triggerTypes: unique(types),
    parameters: unique(names),
  };
}

function findDefinition(
  catalog: ReadonlyArray<ScalerDefinition>,
  type: string,
): ScalerDefinition | undefined {
  return (
    catalog.find(d => d.type === type) ??
    catalog.find(d => d.aliases?.includes(type))
  );
}

function hasParameter(definition: ScalerDefinition, name: string): boolean {
  const params = definition.parameters;
  if (params.some(p => matchesParameterName(p.name, name))) return true;
  if (name.endsWith(FROM_ENV) && name.length > FROM_ENV.length) {
    const base = name.slice(0, -FROM_ENV.length);
    return params.some(p => p.name === base && p.sources.includes('env'));
  }
  return false;
}

/**
 * Lists every trigger type the pages specify that the catalog lacks, and
 * every documented parameter the catalog lacks for a type it has. A
 * `<name>FromEnv` parameter counts as present when the catalog has `<name>`
 * with the `env` source (or a parameter literally called so).
 *
 * @internal
 */
export function checkCatalog(
  pages: ReadonlyArray<CatalogCheckPage>,
  catalog: ReadonlyArray<ScalerDefinition>,
): CatalogCheckResult {
  const missing: CatalogMissingItem[] = [];
  for (const page of pages) {
    const parsed = parseScalerPage(page);
    for (const triggerType of parsed.triggerTypes) {
      const definition = findDefinition(catalog, triggerType);
      if (!definition) {
        missing.push({ page: parsed.page, triggerType });
        continue;
      }
      for (const parameter of parsed.parameters) {
        if (!hasParameter(definition, parameter)) {
          missing.push({ page: parsed.page, triggerType, parameter });
        }
      }
    }
  }
  return { missing };
}
