/**
 * The `kustomize` layout: KEDA manifests as files of the folder, each new
 * file listed under `resources:` of the folder's kustomization.
 */
import type { LayoutEditor } from '../types';
import { editDocument, placeManifests, targetFolder } from './manifests';
import { releaseReplicas } from './replicas';
import { dirname, joinPath, resolvePath, Workspace } from './workspace';
import { isPlainObject } from './yamlValues';

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
  const newFiles = placeManifests(
    ws,
    input,
    { folder, newFileFolder: folder, exclude: patchFiles(value, folder) },
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

  releaseReplicas(ws, input, notes);
  return { edits: ws.edits(), notes };
};
