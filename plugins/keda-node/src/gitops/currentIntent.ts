/**
 * Reads a workload's KEDA objects back out of the GitOps folder as a scaling
 * intent, so that a change starts from what the pull request will edit and
 * not from what happens to run in a cluster. The parsing itself is
 * keda-common's `readIntentFromManifests` (the inverse of `buildManifests`);
 * this is the Git side: which branch, which files, the helm-values block.
 */
import {
  findScaledResource,
  readIntentFromManifests,
  type IntentLookupOptions,
  type ParsedIntent,
} from '@keda-portal/plugin-keda-common';
import { manifestsFromHelmValues } from './layouts/helmValues';
import { resolvePath } from './layouts/workspace';
import { tryParseYamlFile } from './layouts/yamlValues';
import type { ChangeTarget, GitProvider } from './types';

/**
 * A workload's intent as read from Git, and the fields it could not hold.
 *
 * @public
 */
export type CurrentIntent = ParsedIntent;

/**
 * Which object to read, and the values to use where the manifest is silent
 * (a kustomize overlay often sets the namespace for the whole folder).
 *
 * @public
 */
export interface CurrentIntentQuery extends IntentLookupOptions {
  /** Name of the ScaledObject or ScaledJob. */
  name: string;
}

/**
 * A {@link CurrentIntent} with where it was read.
 *
 * @public
 */
export interface CurrentIntentResult extends CurrentIntent {
  source: {
    /** Repo-relative file holding the object (the values file for helm-values). */
    path: string;
    /** Commit read. */
    commit: string;
    /** Branch read: the proposal branch when it exists, else the base branch. */
    branch: string;
    /** True when read from the proposal branch (an open proposal's state). */
    proposalBranch: boolean;
  };
}

/** The plain documents of a YAML file; undefined when it is not YAML (a Helm template). */
function parseDocuments(text: string): unknown[] | undefined {
  try {
    return tryParseYamlFile(text)?.map(d => d.toJS());
  } catch {
    return undefined;
  }
}

/**
 * Where the engine reads the current intent: the provider, the entity's target
 * and its proposal branch (as the engine computes them).
 *
 * @public
 */
export interface CurrentIntentSource {
  provider: Pick<GitProvider, 'snapshot'>;
  target: ChangeTarget;
  branch: string;
}

/**
 * The intent of a workload as Git holds it now: at the tip of the proposal
 * branch when that exists (what an open pull request would merge), else at
 * the base branch. Looks through every YAML file of the target folder; for
 * the helm-values layout, falls back to the `keda:` block of the values file.
 *
 * @returns undefined when the folder has no such object.
 * @public
 */
export async function readCurrentIntent(
  source: CurrentIntentSource,
  query: CurrentIntentQuery,
): Promise<CurrentIntentResult | undefined> {
  const { provider, target, branch } = source;
  const folder = target.path.replace(/^\/+|\/+$/g, '');
  const snapshot = await provider.snapshot({
    repoUrl: target.repoUrl,
    baseBranch: target.baseBranch,
    branch,
    folders: [folder],
  });
  const inFolder = (path: string) =>
    folder === '' || path.startsWith(`${folder}/`);
  const paths = Object.keys(snapshot.files)
    .filter(p => inFolder(p) && /\.ya?ml$/i.test(p))
    .sort();

  const byPath = new Map<string, unknown[]>();
  for (const path of paths) {
    const docs = parseDocuments(snapshot.files[path]);
    if (docs) byPath.set(path, docs);
  }
  const all = [...byPath.values()].flat();
  const { name, ...options } = query;
  let found = readIntentFromManifests(all, name, options);
  let foundIn = [...byPath.entries()].find(
    ([, docs]) => findScaledResource(docs, name, options) !== undefined,
  )?.[0];

  if (!found && target.layout === 'helm-values') {
    const valuesPath = resolvePath(
      folder,
      target.valuesFile?.trim() || 'values.yaml',
    );
    const [values] = byPath.get(valuesPath) ?? [];
    found = readIntentFromManifests(
      manifestsFromHelmValues(values),
      name,
      options,
    );
    if (found) {
      foundIn = valuesPath;
      // The chart decides what else it renders; only the block is ours.
      found.unsupported = found.unsupported.map(p =>
        p.replace(/^(spec|metadata)\./, 'keda.'),
      );
    }
  }
  if (!found || !foundIn) return undefined;
  return {
    ...found,
    source: {
      path: foundIn,
      commit: snapshot.branchCommit ?? snapshot.baseCommit,
      branch: snapshot.branchCommit ? branch : snapshot.baseBranch,
      proposalBranch: snapshot.branchCommit !== undefined,
    },
  };
}
