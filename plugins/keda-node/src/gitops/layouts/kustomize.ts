/**
 * The `kustomize` layout: KEDA manifests as files of the folder, each new
 * file listed under `resources:` of the folder's kustomization.
 */
import type { FileMap, LayoutEditor } from '../types';
import { editDocument, placeManifests, targetFolder } from './manifests';
import { argoDestination, releaseReplicas } from './replicas';
import {
  dirname,
  isInFolder,
  isYamlPath,
  joinPath,
  normaliseFolder,
  resolvePath,
  Workspace,
} from './workspace';
import { isPlainObject, tryParseYamlFile, documentValue } from './yamlValues';

/** The names kustomize accepts for its file, in the order it looks for them. */
export const KUSTOMIZATION_FILES = [
  'kustomization.yaml',
  'kustomization.yml',
  'Kustomization',
];

/** `./a.yaml` and `a.yaml` are the same entry. */
function sameEntry(a: unknown, b: string): boolean {
  return typeof a === 'string' && a.replace(/^(\.\/)+/, '') === b;
}

/** Files the kustomization uses as patches: they look like objects but are not. */
function patchFiles(kustomization: Record<string, unknown>, folder: string) {
  const paths = new Set<string>();
  const add = (value: unknown) => {
    if (typeof value === 'string') paths.add(resolvePath(folder, value));
  };
  const list = (value: unknown) => (Array.isArray(value) ? value : []);
  list(kustomization.patchesStrategicMerge).forEach(add);
  for (const patch of [
    ...list(kustomization.patches),
    ...list(kustomization.patchesJson6902),
  ]) {
    if (isPlainObject(patch)) add(patch.path);
  }
  return paths;
}

/** The kustomization of a folder: its path and value, if it has a readable one. */
function kustomizationIn(
  read: (path: string) => string | undefined,
  folder: string,
): { path: string; value: Record<string, unknown> } | undefined {
  for (const name of KUSTOMIZATION_FILES) {
    const path = joinPath(folder, name);
    const text = read(path);
    if (text === undefined) continue;
    const docs = tryParseYamlFile(text);
    const value = docs?.length ? documentValue(docs[0]) : undefined;
    return { path, value: isPlainObject(value) ? value : {} };
  }
  return undefined;
}

/** Local entries of `resources` and `components` (no URLs), resolved. */
function referencedPaths(
  kustomization: Record<string, unknown>,
  folder: string,
): string[] {
  const list = (value: unknown) => (Array.isArray(value) ? value : []);
  return [...list(kustomization.resources), ...list(kustomization.components)]
    .filter((entry): entry is string => typeof entry === 'string')
    .filter(entry => !/^[a-z+]+:\/\/|^(github\.com|gitlab\.com)\//i.test(entry))
    .map(entry => resolvePath(folder, entry));
}

/**
 * The folders a kustomization pulls in through `resources` and
 * `components` (bases, components; recursively, at most 8 levels), outside
 * `folder`. `missing` are those whose kustomization is not among the
 * files: the engine reads them and asks again.
 */
export function kustomizeBases(
  folder: string,
  files: FileMap,
): { bases: string[]; missing: string[] } {
  const read = (path: string) => files[path];
  const start = normaliseFolder(folder);
  const bases: string[] = [];
  const missing: string[] = [];
  const seen = new Set<string>([start]);
  let level = [start];
  for (let depth = 0; depth < 8 && level.length; depth++) {
    const next: string[] = [];
    for (const dir of level) {
      const found = kustomizationIn(read, dir);
      if (!found) continue;
      for (const path of referencedPaths(found.value, dir)) {
        if (isYamlPath(path) || seen.has(path)) continue;
        seen.add(path);
        if (isInFolder(path, start)) {
          next.push(path);
          continue;
        }
        bases.push(path);
        if (kustomizationIn(read, path)) next.push(path);
        else missing.push(path);
      }
    }
    level = next;
  }
  return { bases, missing };
}

export const kustomizeLayout: LayoutEditor = input => {
  const folder = targetFolder(input);
  const ws = new Workspace(input.files);
  const path = KUSTOMIZATION_FILES.map(name => joinPath(folder, name)).find(
    candidate => ws.read(candidate) !== undefined,
  );
  if (!path) {
    throw new Error(
      `${
        folder || 'The repository root'
      } is not a kustomize folder: there is no kustomization.yaml in it. Add a kustomization.yaml that lists the folder's resources, or set the GitOps layout to 'plain' (or 'helm-values').`,
    );
  }
  const docs = ws.documents(path);
  if (!docs) throw new Error(`${path} is not valid YAML; fix it first`);
  const value = docs[0]?.toJS() ?? {};
  if (!isPlainObject(value)) {
    throw new Error(`${path} does not hold a Kustomization map`);
  }

  const notes: string[] = [];
  const namespace =
    typeof value.namespace === 'string' && value.namespace
      ? {
          namespace: value.namespace,
          source: `namespace: in ${path}`,
          all: true,
        }
      : argoDestination(ws, input);
  const newFiles = placeManifests(
    ws,
    input,
    {
      folder,
      newFileFolder: folder,
      exclude: patchFiles(value, folder),
      deploysTo: namespace,
    },
    notes,
  );

  const resources = Array.isArray(value.resources) ? value.resources : [];
  const entries = newFiles
    .map(file => file.slice(dirname(path) ? dirname(path).length + 1 : 0))
    .filter(entry => !resources.some(existing => sameEntry(existing, entry)));
  if (entries.length) {
    editDocument(
      ws,
      { path, index: 0, value },
      { ...value, resources: [...resources, ...entries] },
      `Lists ${entries.join(' and ')} under resources.`,
    );
  }

  const current = ws.documents(path);
  const overlay = current?.length ? documentValue(current[0]) : undefined;
  releaseReplicas(ws, input, notes, {
    bases: kustomizeBases(folder, input.files).bases,
    kustomization: isPlainObject(overlay)
      ? { path, index: 0, value: overlay }
      : undefined,
  });
  return { edits: ws.edits(), notes };
};
