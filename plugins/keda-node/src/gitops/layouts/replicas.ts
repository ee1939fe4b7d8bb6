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

/**
 * Makes sure nothing in the repository pins the replica count KEDA manages
 * (ScaledObjects only; a ScaledJob has no scale target).
 */
export function releaseReplicas(
  ws: Workspace,
  input: LayoutInput,
  notes: string[],
) {
  const target = scaleTarget(input);
  if (!target) return;
  const folder = targetFolder(input);
  const namespace = input.manifests[0].metadata.namespace;
  const workloads = ws.find(folder, value =>
    isObject(value, target.kind, target.name, namespace),
  );
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

  for (const found of pinned) {
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
    notes.push(
      `${workload} was not found under ${
        folder || 'the repository root'
      }. If its manifest sets spec.replicas, remove that line (or have your GitOps tool ignore it): KEDA's HPA owns the replica count.`,
    );
  }
}
