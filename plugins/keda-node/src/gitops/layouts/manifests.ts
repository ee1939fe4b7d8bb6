/**
 * Putting KEDA manifests into a folder of plain YAML files (the `plain` and
 * `kustomize` layouts): an object that already exists somewhere in the
 * folder is edited where it is; the others go to new files named after
 * their kind.
 */
import {
  ANNOTATION_KUBERNETES_ID,
  PAUSED_ANNOTATION,
  PAUSED_REPLICAS_ANNOTATION,
  readIntentFromManifests,
  renderManifestsYaml,
  type KedaManifest,
} from '@keda-portal/plugin-keda-common';
import type { LayoutInput } from '../types';
import { checkDocuments, editYamlDocument } from './yamlEdit';
import { appendLines } from './yamlRender';
import {
  documentValue,
  isPlainObject,
  parseYamlFile,
  toJson,
} from './yamlValues';
import {
  dirname,
  isYamlPath,
  joinPath,
  normaliseFolder,
  type FoundDocument,
  type Workspace,
} from './workspace';

type Obj = Record<string, unknown>;

/** Annotations that only KEDA Portal writes: gone from the manifest means remove. */
const OWNED_ANNOTATIONS = [PAUSED_ANNOTATION, PAUSED_REPLICAS_ANNOTATION];

export const SCALED_KINDS = ['ScaledObject', 'ScaledJob'];

/** The file a new object of this kind goes to. */
export function fileNameFor(kind: string): string {
  if (kind === 'ScaledObject') return 'scaledobject.yaml';
  if (kind === 'ScaledJob') return 'scaledjob.yaml';
  return 'triggerauthentication.yaml';
}

export function nameOf(manifest: { kind: string; metadata: { name: string } }) {
  return `${manifest.kind} ${manifest.metadata.name}`;
}

/** Checks the manifests have the order the engine promises: the scaled object first. */
export function scaledResource(input: LayoutInput): KedaManifest {
  const first = input.manifests[0];
  if (!first || !SCALED_KINDS.includes(first.kind)) {
    throw new Error(
      'The manifests must start with a ScaledObject or ScaledJob (as buildManifests returns them)',
    );
  }
  return first;
}

function metadataOf(value: Obj): Obj {
  return isPlainObject(value.metadata) ? value.metadata : {};
}

/** True for a document of this kind and name, in the same namespace when both say. */
export function isObject(
  value: Obj,
  kind: string,
  name: string,
  namespace?: string,
): boolean {
  const metadata = metadataOf(value);
  return (
    value.kind === kind &&
    metadata.name === name &&
    (namespace === undefined ||
      metadata.namespace === undefined ||
      metadata.namespace === namespace)
  );
}

/** Keys of `wanted` first (their order decides where new keys go), then the others of `old`. */
function merged(old: Obj, wanted: Obj): Obj {
  return {
    ...wanted,
    ...Object.fromEntries(Object.entries(old).filter(([k]) => !(k in wanted))),
  };
}

/** Labels and annotations of both, ours winning; KEDA's pause annotations only as the manifest says. */
export function mergeLabelsAndAnnotations(
  old: Obj,
  wanted: { labels?: Obj; annotations?: Obj },
): Obj {
  const out: Obj = { ...old };
  const labels = merged(
    isPlainObject(old.labels) ? old.labels : {},
    wanted.labels ?? {},
  );
  if (Object.keys(labels).length) out.labels = labels;
  else delete out.labels;
  const oldAnnotations: Obj = isPlainObject(old.annotations)
    ? { ...old.annotations }
    : {};
  OWNED_ANNOTATIONS.forEach(key => delete oldAnnotations[key]);
  const annotations = merged(oldAnnotations, wanted.annotations ?? {});
  if (Object.keys(annotations).length) out.annotations = annotations;
  else delete out.annotations;
  return out;
}

/** `spec.triggers[0].metadata.x` as keys and indexes. */
export function pathSegments(path: string): Array<string | number> {
  const out: Array<string | number> = [];
  const re = /\[(\d+)\]|\['((?:[^'\\]|\\.)*)'\]|([^.[\]]+)/g;
  for (const m of path.matchAll(re)) {
    if (m[1] !== undefined) out.push(Number(m[1]));
    else if (m[2] !== undefined) out.push(m[2].replace(/\\(.)/g, '$1'));
    else out.push(m[3]);
  }
  return out;
}

function childOf(node: unknown, key: string | number): unknown {
  if (typeof key === 'number') {
    return Array.isArray(node) ? node[key] : undefined;
  }
  return isPlainObject(node) ? node[key] : undefined;
}

/**
 * The spec fields of `old` that the editing model cannot hold (what
 * `readIntentFromManifests` reports as unsupported: a ScaledJob's pod
 * volumes, rollout, HPA tolerance...), copied into `spec` where it has the
 * same parent and does not set them: a proposal keeps them as they are in
 * the file. A trigger keeps its extras only while it has the same type.
 */
export function keepUnmodelled(old: Obj, spec: Obj): Obj {
  const name = metadataOf(old).name;
  if (typeof name !== 'string' || !SCALED_KINDS.includes(String(old.kind))) {
    return spec;
  }
  const parsed = readIntentFromManifests([old], name, {
    kind: old.kind as 'ScaledObject' | 'ScaledJob',
  });
  const out = structuredClone(spec);
  for (const path of parsed?.unsupported ?? []) {
    const segments = pathSegments(path);
    if (segments[0] !== 'spec' || segments.length < 2) continue;
    let from: unknown = old.spec;
    let to: unknown = out;
    let same = true;
    for (let i = 1; i < segments.length - 1 && same; i++) {
      const key = segments[i];
      from = childOf(from, key);
      // A map the new spec lacks is created (the model holds nothing of
      // it); a missing list entry is not.
      if (
        typeof key === 'string' &&
        isPlainObject(to) &&
        isPlainObject(from) &&
        (to as Obj)[key] === undefined
      ) {
        (to as Obj)[key] = {};
      }
      to = childOf(to, key);
      if (
        segments[i - 1] === 'triggers' &&
        typeof key === 'number' &&
        (!isPlainObject(from) || !isPlainObject(to) || from.type !== to.type)
      ) {
        same = false;
      }
    }
    const last = segments[segments.length - 1];
    const value = childOf(from, last);
    if (!same || value === undefined) continue;
    if (isPlainObject(to) && typeof last === 'string' && !(last in to)) {
      (to as Obj)[last] = value;
    } else if (
      Array.isArray(to) &&
      typeof last === 'number' &&
      to[last] === undefined
    ) {
      to[last] = value;
    }
  }
  return out;
}

/**
 * What an existing object should become: the manifest's `apiVersion`, `kind`,
 * name, namespace and `spec`; labels, annotations and any other keys someone
 * added by hand stay. A namespace the object did not have stays absent: it
 * comes from the kustomization or the GitOps tool's destination.
 */
export function desiredObject(old: Obj, manifest: KedaManifest): Obj {
  const { labels, annotations, ...named } = manifest.metadata;
  const rest: Obj = { ...named };
  if (metadataOf(old).namespace === undefined) delete rest.namespace;
  const metadata = mergeLabelsAndAnnotations(merged(metadataOf(old), rest), {
    labels,
    annotations,
  });
  return merged(old, {
    apiVersion: manifest.apiVersion,
    kind: manifest.kind,
    metadata,
    spec: keepUnmodelled(old, manifest.spec as Obj),
  });
}

/** Edits one found document so that it becomes `want`. */
export function editDocument(
  ws: Workspace,
  found: FoundDocument,
  want: unknown,
  reason: string,
) {
  const text = ws.read(found.path) as string;
  ws.write(
    found.path,
    editYamlDocument(text, found.index, want, found.path),
    reason,
  );
}

/**
 * The line ending of the YAML files next to `path`: CRLF when most of them
 * use it, so a new file looks like its neighbours.
 */
export function folderLineEnding(ws: Workspace, path: string): '\n' | '\r\n' {
  const folder = dirname(path);
  let crlf = 0;
  let lf = 0;
  for (const other of ws.paths()) {
    if (other === path || dirname(other) !== folder || !isYamlPath(other))
      continue;
    const text = ws.read(other) ?? '';
    if (!text.includes('\n')) continue;
    if (text.includes('\r\n')) crlf++;
    else lf++;
  }
  return crlf > lf ? '\r\n' : '\n';
}

/** Adds documents to a file, creating it when needed; returns whether anything was written. */
function addDocuments(ws: Workspace, path: string, manifests: KedaManifest[]) {
  const rendered = renderManifestsYaml(manifests);
  const text = ws.read(path);
  const names = manifests.map(nameOf).join(', ');
  if (text === undefined || text.trim() === '') {
    checkDocuments(rendered, path, toJson(manifests) as unknown[]);
    const eol = folderLineEnding(ws, path);
    ws.write(path, rendered.replace(/\r?\n/g, eol), `Adds ${names}.`);
    return;
  }
  const before = parseYamlFile(text, path).map(documentValue);
  // A file already ending in `---` starts the next document itself.
  const separator = /(^|\n)---[ \t]*\r?\n?$/.test(text) ? '' : '---\n';
  const after = appendLines(text, `${separator}${rendered}`);
  checkDocuments(after, path, [...before, ...(toJson(manifests) as unknown[])]);
  ws.write(path, after, `Adds ${names}.`);
}

export interface PlacementOptions {
  /** Folder searched for existing objects. */
  folder: string;
  /** Folder new files go to. */
  newFileFolder: string;
  /** Files that must not be edited as objects (kustomize patches). */
  exclude?: Set<string>;
  /**
   * The namespace the folder deploys to and where that is said: a
   * kustomization's `namespace:` (every object lands there, `all`), or an
   * Argo CD Application's destination (objects without a namespace).
   */
  deploysTo?: { namespace: string; source: string; all: boolean };
}

/**
 * Refuses a change for another namespace than the one the folder deploys
 * to: the tool would move the object there (or kustomize would rewrite it).
 */
function checkNamespace(
  input: LayoutInput,
  options: PlacementOptions,
  withoutNamespace: boolean,
) {
  const wanted = input.manifests[0].metadata.namespace;
  const deploys = options.deploysTo;
  if (!deploys || wanted === undefined || deploys.namespace === wanted) return;
  if (!deploys.all && !withoutNamespace) return;
  throw new Error(
    `The folder ${
      options.folder || '(repository root)'
    } deploys to namespace '${deploys.namespace}' (${
      deploys.source
    }), but this change is for namespace '${wanted}'. Propose it for the workload in '${
      deploys.namespace
    }', or point the entity's GitOps path at the folder that deploys to '${wanted}'.`,
  );
}

/**
 * Writes every manifest: in place where an object of that kind and name
 * exists under the folder, else into `scaledobject.yaml` / `scaledjob.yaml` /
 * `triggerauthentication.yaml`. Returns the files that got new documents.
 */
export function placeManifests(
  ws: Workspace,
  input: LayoutInput,
  options: PlacementOptions,
  notes: string[],
): string[] {
  scaledResource(input);
  checkNamespace(input, options, false);
  const byFile = new Map<string, KedaManifest[]>();
  for (const manifest of input.manifests) {
    const { name, namespace } = manifest.metadata;
    const [found] = ws.find(
      options.folder,
      value => isObject(value, manifest.kind, name, namespace),
      { exclude: options.exclude },
    );
    if (found) {
      checkNamespace(
        input,
        options,
        metadataOf(found.value).namespace === undefined,
      );
      editDocument(
        ws,
        found,
        desiredObject(found.value, manifest),
        `Updates ${nameOf(manifest)} in place.`,
      );
      continue;
    }
    const path = joinPath(options.newFileFolder, fileNameFor(manifest.kind));
    byFile.set(path, [...(byFile.get(path) ?? []), manifest]);
  }
  for (const [path, manifests] of byFile) addDocuments(ws, path, manifests);
  staleAuthenticationNotes(ws, input, options, notes);
  return [...byFile.keys()];
}

/**
 * TriggerAuthentications labelled for this entity that the manifests no
 * longer contain: we never delete files or objects, so a reviewer should.
 */
function staleAuthenticationNotes(
  ws: Workspace,
  input: LayoutInput,
  options: PlacementOptions,
  notes: string[],
) {
  const wanted = new Set(
    input.manifests
      .filter(m => m.kind === 'TriggerAuthentication')
      .map(m => m.metadata.name),
  );
  const id = input.manifests[0].metadata.labels?.[ANNOTATION_KUBERNETES_ID];
  if (!id) return;
  for (const found of ws.find(options.folder, value => {
    const metadata = metadataOf(value);
    const labels = isPlainObject(metadata.labels) ? metadata.labels : {};
    return (
      value.kind === 'TriggerAuthentication' &&
      labels[ANNOTATION_KUBERNETES_ID] === id &&
      !wanted.has(String(metadata.name))
    );
  })) {
    notes.push(
      `TriggerAuthentication ${String(metadataOf(found.value).name)} in ${
        found.path
      } is no longer used by the new triggers; it was left in place, delete it if nothing else uses it.`,
    );
  }
}

/** The target folder of a change, normalised. */
export function targetFolder(input: LayoutInput): string {
  return normaliseFolder(input.target.path);
}
