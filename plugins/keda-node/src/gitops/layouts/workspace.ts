/**
 * The files a layout works on: the snapshot it was given plus the edits made
 * so far, so that several edits of one file (a Deployment and a ScaledObject
 * in the same `worker.yaml`) build on each other and end up as one FileEdit.
 */
import type { FileEdit, FileMap } from '../types';
import {
  documentValue,
  isPlainObject,
  tryParseYamlFile,
  type ParsedDocument,
} from './yamlValues';

/** Repo-relative folder without leading or trailing slashes ('' = root). */
export function normaliseFolder(path: string | undefined): string {
  return (path ?? '')
    .trim()
    .replace(/^\.\/+/, '')
    .replace(/^\/+|\/+$/g, '')
    .replace(/^\.$/, '');
}

export function joinPath(folder: string, name: string): string {
  return folder ? `${folder}/${name}` : name;
}

/** A path relative to `folder`, with `./` and `../` resolved. */
export function resolvePath(folder: string, relative: string): string {
  const parts: string[] = [];
  for (const part of joinPath(folder, relative).split('/')) {
    if (part === '..') parts.pop();
    else if (part && part !== '.') parts.push(part);
  }
  return parts.join('/');
}

export function dirname(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? '' : path.slice(0, slash);
}

export function isInFolder(path: string, folder: string): boolean {
  return folder === '' || path.startsWith(`${folder}/`);
}

export function isYamlPath(path: string): boolean {
  return /\.ya?ml$/i.test(path);
}

/** One YAML document of a file, with its plain value. */
export interface FoundDocument {
  path: string;
  index: number;
  value: Record<string, unknown>;
}

export class Workspace {
  private readonly current = new Map<string, string>();
  private readonly reasons = new Map<string, string[]>();
  private readonly parsed = new Map<string, ParsedDocument[] | undefined>();

  constructor(private readonly original: FileMap) {}

  read(path: string): string | undefined {
    return this.current.has(path)
      ? this.current.get(path)
      : this.original[path];
  }

  /** Every known path, sorted, so searches are deterministic. */
  paths(): string[] {
    return [
      ...new Set([...Object.keys(this.original), ...this.current.keys()]),
    ].sort();
  }

  write(path: string, text: string, reason: string) {
    if (text === this.read(path)) return;
    this.current.set(path, text);
    const reasons = this.reasons.get(path) ?? [];
    if (!reasons.includes(reason)) reasons.push(reason);
    this.reasons.set(path, reasons);
  }

  /** Documents of a YAML file, or undefined when it is missing or not YAML. */
  documents(path: string): ParsedDocument[] | undefined {
    const text = this.read(path);
    if (text === undefined) return undefined;
    const key = `${path}\u0000${text}`;
    if (!this.parsed.has(key)) this.parsed.set(key, tryParseYamlFile(text));
    return this.parsed.get(key);
  }

  /** Map documents of the YAML files (`.yaml`/`.yml`) under a folder that match. */
  find(
    folder: string,
    matches: (value: Record<string, unknown>, path: string) => boolean,
    options: { exclude?: Set<string>; everywhere?: boolean } = {},
  ): FoundDocument[] {
    const found: FoundDocument[] = [];
    for (const path of this.paths()) {
      if (!isYamlPath(path) || options.exclude?.has(path)) continue;
      if (!options.everywhere && !isInFolder(path, folder)) continue;
      (this.documents(path) ?? []).forEach((doc, index) => {
        const value = documentValue(doc);
        if (isPlainObject(value) && matches(value, path)) {
          found.push({ path, index, value });
        }
      });
    }
    return found;
  }

  /** The files whose content changed, in the order they were first written. */
  edits(): FileEdit[] {
    const edits: FileEdit[] = [];
    for (const [path, after] of this.current) {
      const before = this.original[path];
      if (after === before) continue;
      edits.push({
        path,
        ...(before === undefined ? {} : { before }),
        after,
        reason: (this.reasons.get(path) ?? []).join(' '),
      });
    }
    return edits;
  }
}
