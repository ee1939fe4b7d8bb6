/**
 * Who owns `spec.replicas` once KEDA scales a workload. KEDA's HPA changes
 * the replica count; a GitOps tool that also applies a pinned
 * `spec.replicas` resets it on every sync (Argo CD shows OutOfSync, and
 * self-heal fights KEDA). Either the pin goes, or the Argo CD Application
 * that deploys the folder is told to ignore that one field.
 */
import type { LayoutInput } from '../types';
import { editDocument, isObject, nameOf, targetFolder } from './manifests';
import {
  normaliseFolder,
  type FoundDocument,
  type Workspace,
} from './workspace';
import { isPlainObject } from './yamlValues';

type Obj = Record<string, unknown>;

const REPLICAS_POINTER = '/spec/replicas';
const RESPECT_IGNORE = 'RespectIgnoreDifferences';

interface ScaleTarget {
  kind: string;
  name: string;
  /** API group, '' for the core group. */
  group: string;
}

function scaleTarget(input: LayoutInput): ScaleTarget | undefined {
  const manifest = input.manifests[0];
  if (manifest?.kind !== 'ScaledObject') return undefined;
  const ref = manifest.spec.scaleTargetRef as Obj | undefined;
  if (!ref || typeof ref.name !== 'string') return undefined;
  const apiVersion =
    typeof ref.apiVersion === 'string' ? ref.apiVersion : 'apps/v1';
  return {
    kind: typeof ref.kind === 'string' ? ref.kind : 'Deployment',
    name: ref.name,
    group: apiVersion.includes('/') ? apiVersion.split('/')[0] : '',
  };
}

function hasReplicas(value: Obj): boolean {
  return isPlainObject(value.spec) && 'replicas' in value.spec;
}

/** `github.com/org/repo` from the usual spellings of a repository URL. */
function repoKey(url: string): string {
  return url
    .trim()
    .toLowerCase()
    .replace(/^[a-z+]+:\/\//, '')
    .replace(/^[^@/]+@/, '')
    .replace(/:(?!\d+\/)/, '/')
    .replace(/\/+$/, '')
    .replace(/\.git$/, '');
}

/** Argo CD Applications that deploy the target folder (of the same repository when they say). */
export function findArgoApplications(
  ws: Workspace,
  input: LayoutInput,
): FoundDocument[] {
  const folder = targetFolder(input);
  const repo = repoKey(input.target.repoUrl ?? '');
  const deploysFolder = (source: unknown) => {
    if (!isPlainObject(source) || typeof source.path !== 'string') return false;
    if (normaliseFolder(source.path) !== folder) return false;
    return (
      typeof source.repoURL !== 'string' ||
      !repo ||
      repoKey(source.repoURL) === repo
    );
  };
  return ws.find(
    '',
    value => {
      if (
        value.kind !== 'Application' ||
        typeof value.apiVersion !== 'string' ||
        !value.apiVersion.startsWith('argoproj.io/') ||
        !isPlainObject(value.spec)
      ) {
        return false;
      }
      const sources = Array.isArray(value.spec.sources)
        ? value.spec.sources
        : [];
      return [value.spec.source, ...sources].some(deploysFolder);
    },
    { everywhere: true },
  );
}

/**
 * The namespace an Argo CD Application deploying the folder puts objects
 * without a namespace in, if one does.
 */
export function argoDestination(
  ws: Workspace,
  input: LayoutInput,
): { namespace: string; source: string; all: boolean } | undefined {
  for (const app of findArgoApplications(ws, input)) {
    const spec = app.value.spec as Obj;
    const destination = isPlainObject(spec.destination) ? spec.destination : {};
    if (typeof destination.namespace === 'string' && destination.namespace) {
      return {
        namespace: destination.namespace,
        source: `the destination of Argo CD ${nameOf(
          app.value as { kind: string; metadata: { name: string } },
        )} in ${app.path}`,
        all: false,
      };
    }
  }
  return undefined;
}

function ignoresReplicas(entry: unknown, target: ScaleTarget): boolean {
  if (!isPlainObject(entry)) return false;
  const list = (value: unknown) => (Array.isArray(value) ? value : []);
  return (
    entry.kind === target.kind &&
    (entry.group ?? '') === target.group &&
    (entry.name === undefined || entry.name === target.name) &&
    (list(entry.jsonPointers).includes(REPLICAS_POINTER) ||
      list(entry.jqPathExpressions).includes('.spec.replicas'))
  );
}

/** The Application with `ignoreDifferences` for the replicas and `RespectIgnoreDifferences=true`. */
export function withIgnoredReplicas(app: Obj, target: ScaleTarget): Obj {
  const spec: Obj = { ...(app.spec as Obj) };
  const ignored = Array.isArray(spec.ignoreDifferences)
    ? spec.ignoreDifferences
    : [];
  if (!ignored.some(entry => ignoresReplicas(entry, target))) {
    spec.ignoreDifferences = [
      ...ignored,
      {
        ...(target.group ? { group: target.group } : {}),
        kind: target.kind,
        name: target.name,
        jsonPointers: [REPLICAS_POINTER],
      },
    ];
  }
  const syncPolicy: Obj = isPlainObject(spec.syncPolicy)
    ? { ...spec.syncPolicy }
    : {};
  const options = Array.isArray(syncPolicy.syncOptions)
    ? [...syncPolicy.syncOptions]
    : [];
  const wanted = `${RESPECT_IGNORE}=true`;
  const at = options.findIndex(
    option =>
      typeof option === 'string' && option.startsWith(`${RESPECT_IGNORE}=`),
  );
  if (at === -1) options.push(wanted);
  else options[at] = wanted;
  syncPolicy.syncOptions = options;
  spec.syncPolicy = syncPolicy;
  return { ...app, spec };
}

/** Where a kustomize overlay's workload may live besides the folder. */
export interface KustomizeSources {
  /** Base and component folders outside the target folder. */
  bases: string[];
  /** The overlay's kustomization: a patch there removes a pin in a base. */
  kustomization?: FoundDocument;
}

/** The JSON patch, in the overlay, that removes the pin of a base. */
function removeReplicasPatch(target: ScaleTarget): Obj {
  return {
    target: {
      ...(target.group ? { group: target.group } : {}),
      kind: target.kind,
      name: target.name,
    },
    // JSON on one line: kustomize reads a JSON 6902 patch from a string.
    patch: `[{"op": "remove", "path": "${REPLICAS_POINTER}"}]`,
  };
}

function patchesReplicas(entry: unknown, target: ScaleTarget): boolean {
  return (
    isPlainObject(entry) &&
    isPlainObject(entry.target) &&
    entry.target.kind === target.kind &&
    entry.target.name === target.name &&
    typeof entry.patch === 'string' &&
    entry.patch.includes(REPLICAS_POINTER)
  );
}

/**
 * The overlay's own `replicas:` entry for the workload goes, and a pin in a
 * base is patched out in the overlay: the base may serve other overlays.
 */
function releaseInOverlay(
  ws: Workspace,
  kustomization: FoundDocument,
  target: ScaleTarget,
  basePins: FoundDocument[],
  notes: string[],
) {
  const value: Obj = { ...kustomization.value };
  const workload = `${target.kind} ${target.name}`;
  const reasons: string[] = [];
  if (Array.isArray(value.replicas)) {
    const kept = value.replicas.filter(
      entry => !(isPlainObject(entry) && entry.name === target.name),
    );
    if (kept.length !== value.replicas.length) {
      if (kept.length) value.replicas = kept;
      else delete value.replicas;
      reasons.push(`Removes the replicas entry for ${workload}.`);
      notes.push(
        `Removed the replicas entry for ${workload} from ${kustomization.path}: KEDA's HPA owns the replica count.`,
      );
    }
  }
  const patches = Array.isArray(value.patches) ? value.patches : [];
  if (basePins.length && !patches.some(p => patchesReplicas(p, target))) {
    value.patches = [...patches, removeReplicasPatch(target)];
    reasons.push(`Patches spec.replicas out of ${workload} from the base.`);
    notes.push(
      `${workload} pins spec.replicas in ${basePins
        .map(found => found.path)
        .join(', ')}, a base this overlay uses (and others may): ${
        kustomization.path
      } now patches it out for this overlay, so KEDA's HPA owns the replica count here.`,
    );
  }
  if (reasons.length) editDocument(ws, kustomization, value, reasons.join(' '));
}

/**
 * Makes sure nothing in the repository pins the replica count KEDA manages
 * (ScaledObjects only; a ScaledJob has no scale target).
 */
export function releaseReplicas(
  ws: Workspace,
  input: LayoutInput,
  notes: string[],
  kustomize?: KustomizeSources,
) {
  const target = scaleTarget(input);
  if (!target) return;
  const folder = targetFolder(input);
  const namespace = input.manifests[0].metadata.namespace;
  const matches = (value: Obj) =>
    isObject(value, target.kind, target.name, namespace);
  const inBases = (kustomize?.bases ?? []).flatMap(base =>
    ws.find(base, matches),
  );
  const workloads = [...ws.find(folder, matches), ...inBases];
  const pinned = workloads.filter(found => hasReplicas(found.value));
  const workload = `${target.kind} ${target.name}`;
  const apps = findArgoApplications(ws, input);

  if (apps.length) {
    // Found without a pin: nothing to ignore. Not found: it is defined
    // elsewhere (a kustomize base, a chart) and may pin, so ignore anyway.
    if (workloads.length && !pinned.length) return;
    for (const app of apps) {
      const before = ws.read(app.path);
      const name = nameOf(
        app.value as { kind: string; metadata: { name: string } },
      );
      editDocument(
        ws,
        app,
        withIgnoredReplicas(app.value, target),
        `Makes Argo CD ${name} ignore spec.replicas of ${workload}.`,
      );
      if (ws.read(app.path) !== before) {
        notes.push(
          `Argo CD ${name} (${app.path}) deploys this folder, so it now ignores differences in spec.replicas of ${workload} and syncs with ${RESPECT_IGNORE}=true: KEDA's HPA owns the replica count and Argo CD would otherwise reset it on every sync. The ${workload} itself was left unchanged.`,
        );
      }
    }
    return;
  }

  if (kustomize?.kustomization) {
    releaseInOverlay(
      ws,
      kustomize.kustomization,
      target,
      inBases.filter(found => hasReplicas(found.value)),
      notes,
    );
  }
  for (const found of pinned) {
    if (inBases.includes(found)) continue;
    const spec = { ...(found.value.spec as Obj) };
    delete spec.replicas;
    editDocument(
      ws,
      found,
      { ...found.value, spec },
      `Removes spec.replicas from ${workload}, which KEDA now scales.`,
    );
    notes.push(
      `Removed spec.replicas from ${workload} in ${found.path}: once KEDA scales it, its HPA owns the replica count, and a GitOps tool applying a pinned value would reset it on every sync.`,
    );
  }
  if (!workloads.length) {
    const searched = [folder, ...(kustomize?.bases ?? [])];
    notes.push(
      `${workload} was not found under ${searched
        .map(f => f || 'the repository root')
        .join(
          ' or ',
        )}. If its manifest sets spec.replicas, remove that line (or have your GitOps tool ignore it): KEDA's HPA owns the replica count.`,
    );
  }
}
