/**
 * The `helm-values` layout: the chart renders the KEDA objects from one
 * top-level `keda:` block of the values file (`target.valuesFile`, default
 * `values.yaml`, relative to the folder). A new block is appended at the end
 * of the file; an existing one is edited key by key. The shape follows the
 * ScaledObject (or ScaledJob) it stands for, so a chart template can copy
 * most keys straight into the spec:
 *
 *   keda:
 *     enabled: true
 *     kind: ScaledJob                # only for a ScaledJob; ScaledObject otherwise
 *     name: orders                   # metadata.name
 *     labels:                        # metadata.labels (the portal finds the object by them)
 *       backstage.io/kubernetes-id: orders
 *     annotations: {...}             # only when paused: KEDA's pause annotations
 *     scaleTargetRef: {name: orders} # ScaledObject: spec.scaleTargetRef
 *     minReplicaCount: 1             # then every other key of the spec that is set,
 *     maxReplicaCount: 10            # bounds and timings first: idleReplicaCount,
 *     ...                            # pollingInterval, initialCooldownPeriod,
 *                                    # cooldownPeriod, fallback, advanced (HPA behaviour,
 *                                    # scalingModifiers), and for a ScaledJob
 *                                    # jobTargetRef, history limits, scalingStrategy
 *     triggers: [...]                # spec.triggers as they are
 *     triggerAuthentications:        # always present (maybe `[]`): name + spec of each
 *       - name: orders-kafka-auth
 *         secretTargetRef: [...]
 *
 * Keys of an existing block that are not part of this shape (a chart's own
 * extras) are kept. The workload is rendered by the chart, so this layout
 * does not look for a Deployment's `spec.replicas`.
 */
import type { KedaManifest } from '@keda-portal/plugin-keda-common';
import { isCollection } from 'yaml';
import type { LayoutEditor, LayoutInput } from '../types';
import {
  folderLineEnding,
  keepUnmodelled,
  nameOf,
  isObject,
  mergeLabelsAndAnnotations,
  placeManifests,
  scaledResource,
  targetFolder,
} from './manifests';
import { dirname, isInFolder, resolvePath, Workspace } from './workspace';
import { checkDocuments, editYamlDocument } from './yamlEdit';
import { appendLines, detectStyle, renderYamlBlock } from './yamlRender';
import { documentValue, isPlainObject, parseYamlFile } from './yamlValues';

type Obj = Record<string, unknown>;

/** Spec keys that come first in the block, in this order. */
const LEADING_KEYS = [
  'scaleTargetRef',
  'minReplicaCount',
  'maxReplicaCount',
  'idleReplicaCount',
  'pollingInterval',
  'initialCooldownPeriod',
  'cooldownPeriod',
];

/** Every key the block may have; an existing block's other keys are not ours. */
const BLOCK_KEYS = new Set([
  'enabled',
  'kind',
  'name',
  'labels',
  'annotations',
  'triggers',
  'triggerAuthentications',
  ...LEADING_KEYS,
  'fallback',
  'advanced',
  'jobTargetRef',
  'successfulJobsHistoryLimit',
  'failedJobsHistoryLimit',
  'scalingStrategy',
  'rollout',
  'rolloutStrategy',
  'envSourceContainerName',
]);

/**
 * The `keda:` block for a set of manifests (scaled object first).
 *
 * @public
 */
export function kedaValues(manifests: KedaManifest[]): Obj {
  const [scaled, ...rest] = manifests;
  const spec = scaled.spec;
  const block: Obj = { enabled: true };
  if (scaled.kind === 'ScaledJob') block.kind = 'ScaledJob';
  block.name = scaled.metadata.name;
  if (scaled.metadata.labels) block.labels = scaled.metadata.labels;
  if (scaled.metadata.annotations) {
    block.annotations = scaled.metadata.annotations;
  }
  for (const key of LEADING_KEYS) {
    if (spec[key] !== undefined) block[key] = spec[key];
  }
  for (const [key, value] of Object.entries(spec)) {
    if (!LEADING_KEYS.includes(key) && key !== 'triggers') block[key] = value;
  }
  block.triggers = spec.triggers ?? [];
  block.triggerAuthentications = rest
    .filter(m => m.kind === 'TriggerAuthentication')
    .map(m => ({ name: m.metadata.name, ...m.spec }));
  return block;
}

/** Keys of the block that are not spec keys. */
const BLOCK_META_KEYS = new Set([
  'enabled',
  'kind',
  'name',
  'labels',
  'annotations',
  'triggerAuthentications',
]);

/**
 * The manifests a `keda:` block stands for (the inverse of
 * {@link kedaValues}): the scaled object, then its TriggerAuthentications.
 * Empty when there is no block or it is disabled.
 *
 * @public
 */
export function manifestsFromHelmValues(values: unknown): Obj[] {
  if (!isPlainObject(values) || !isPlainObject(values.keda)) return [];
  const block = values.keda;
  if (block.enabled === false || typeof block.name !== 'string') return [];
  const spec: Obj = {};
  for (const [key, value] of Object.entries(block)) {
    if (!BLOCK_META_KEYS.has(key)) spec[key] = value;
  }
  const metadata: Obj = { name: block.name };
  if (block.labels !== undefined) metadata.labels = block.labels;
  if (block.annotations !== undefined) {
    metadata.annotations = block.annotations;
  }
  const scaled: Obj = {
    kind: block.kind === 'ScaledJob' ? 'ScaledJob' : 'ScaledObject',
    metadata,
    spec,
  };
  const authentications = Array.isArray(block.triggerAuthentications)
    ? block.triggerAuthentications
        .filter(isPlainObject)
        .map(({ name, ...rest }) => ({
          kind: 'TriggerAuthentication',
          metadata: { name },
          spec: rest,
        }))
    : [];
  return [scaled, ...authentications];
}

/**
 * The new block with the labels, annotations and foreign keys of the old one
 * kept, and the spec fields the editing model cannot hold (HPA tolerance, a
 * pod's volumes...) as the old block has them.
 */
function mergeBlock(old: Obj, block: Obj): Obj {
  const labelled = mergeLabelsAndAnnotations(old, {
    labels: block.labels as Obj | undefined,
    annotations: block.annotations as Obj | undefined,
  });
  const out: Obj = { ...block };
  const [oldObject] = manifestsFromHelmValues({
    keda: { ...old, enabled: true },
  });
  if (oldObject && typeof old.name === 'string') {
    const spec = Object.fromEntries(
      Object.entries(block).filter(([key]) => !BLOCK_META_KEYS.has(key)),
    );
    for (const [key, value] of Object.entries(
      keepUnmodelled(oldObject, spec),
    )) {
      out[key] = value;
    }
  }
  if (labelled.labels) out.labels = labelled.labels;
  if (labelled.annotations) out.annotations = labelled.annotations;
  else delete out.annotations;
  for (const [key, value] of Object.entries(old)) {
    if (!BLOCK_KEYS.has(key) && !(key in out)) out[key] = value;
  }
  return out;
}

/**
 * The object already exists as a plain manifest in the folder (at
 * `rawPath`): edits that file, with a warning note first so the reviewer
 * sees which of the two definitions the change edits.
 */
function editPlainManifest(
  ws: Workspace,
  input: LayoutInput,
  paths: { folder: string; valuesPath: string; rawPath: string },
  scaled: KedaManifest,
  notes: string[],
): ReturnType<LayoutEditor> {
  const { folder, valuesPath, rawPath } = paths;
  placeManifests(ws, input, { folder, newFileFolder: dirname(rawPath) }, notes);
  const edits = ws.edits();
  // The choice the reviewer must see before proposing (the preview shows
  // notes): which of the two definitions this change edits.
  const values = ws.documents(valuesPath);
  const root = values?.length ? documentValue(values[0]) : undefined;
  const keda =
    isPlainObject(root) && isPlainObject(root.keda) ? root.keda : undefined;
  const chart =
    keda === undefined
      ? `${valuesPath} has no keda block`
      : `keda.enabled stays ${JSON.stringify(
          keda.enabled ?? null,
        )} in ${valuesPath}`;
  notes.unshift(
    `Warning: ${nameOf(
      scaled,
    )} exists as a plain manifest in ${rawPath}, so this change edits that file and not the chart's values (${chart}). To manage it through the chart instead, delete ${rawPath} and propose again.`,
  );
  return { edits, notes };
}

/**
 * The values file's text with a new `keda:` key: inside the map where it is
 * when that is needed, otherwise one additive hunk at the end.
 */
function addKedaKey(
  ws: Workspace,
  file: {
    text: string;
    docs: ReturnType<typeof parseYamlFile>;
    filled: Array<{ index: number }>;
    root: Obj | null;
    valuesPath: string;
  },
  block: Obj,
  header: string,
): string {
  const { text, docs, filled, root, valuesPath } = file;
  const index = filled.length ? filled[0].index : docs.length - 1;
  const contents = index >= 0 ? docs[index].contents : null;
  let after: string;
  if ((isCollection(contents) && contents.flow) || index < docs.length - 1) {
    // `{}` as the whole file, or more documents after it: the key joins the
    // map where it is.
    after = editYamlDocument(text, index, { ...root, keda: block }, valuesPath);
  } else {
    // One additive hunk at the very end, after any trailing comment.
    const rendered = renderYamlBlock({ keda: block }, detectStyle(text, docs));
    after = appendLines(text, `${header}${rendered}`, true);
    // A new file gets the line endings of its neighbours.
    if (!text)
      after = after.replace(/\r?\n/g, folderLineEnding(ws, valuesPath));
    checkDocuments(after, valuesPath, [{ ...(root ?? {}), keda: block }]);
  }
  return after;
}

export const helmValuesLayout: LayoutEditor = input => {
  const folder = targetFolder(input);
  const ws = new Workspace(input.files);
  const notes: string[] = [];
  const scaled = scaledResource(input);
  const valuesPath = resolvePath(
    folder,
    input.target.valuesFile?.trim() || 'values.yaml',
  );
  if (!isInFolder(valuesPath, folder)) {
    // Only the folder was read: a file elsewhere would look missing and be
    // overwritten.
    throw new Error(
      `The values file ${valuesPath} is outside the folder ${
        folder || '(repository root)'
      }; set valuesFile to a path inside it, or point the target at the chart's folder.`,
    );
  }

  // The object already exists as a plain manifest in the folder: a second
  // one rendered from values would clash with it, so edit that one.
  const [raw] = ws.find(
    folder,
    value =>
      isObject(
        value,
        scaled.kind,
        scaled.metadata.name,
        scaled.metadata.namespace,
      ),
    { exclude: new Set([valuesPath]) },
  );
  if (raw) {
    return editPlainManifest(
      ws,
      input,
      { folder, valuesPath, rawPath: raw.path },
      scaled,
      notes,
    );
  }

  const block = kedaValues(input.manifests);
  const header = `# KEDA autoscaling, edited by KEDA Portal: the chart renders the ${scaled.kind} from this block.\n`;
  const text = ws.read(valuesPath) ?? '';
  const docs = parseYamlFile(text, valuesPath);
  const filled = docs
    .map((doc, index) => ({ index, value: documentValue(doc) }))
    .filter(doc => doc.value !== null);
  if (filled.length > 1) {
    throw new Error(
      `${valuesPath} holds ${filled.length} YAML documents; a values file has one`,
    );
  }
  const root = filled[0]?.value ?? null;
  if (root !== null && !isPlainObject(root)) {
    throw new Error(`${valuesPath} is not a map of values`);
  }

  if (root && 'keda' in root) {
    const old = root.keda;
    const want = {
      ...root,
      keda: isPlainObject(old) ? mergeBlock(old, block) : block,
    };
    ws.write(
      valuesPath,
      editYamlDocument(text, filled[0].index, want, valuesPath),
      `Updates the keda block for ${nameOf(scaled)}.`,
    );
    return { edits: ws.edits(), notes };
  }

  const after = addKedaKey(
    ws,
    { text, docs, filled, root, valuesPath },
    block,
    header,
  );
  ws.write(valuesPath, after, `Adds a keda block for ${nameOf(scaled)}.`);
  const renders =
    (block.triggerAuthentications as unknown[]).length > 0
      ? `the ${scaled.kind} and its TriggerAuthentications`
      : `the ${scaled.kind}`;
  notes.push(
    `${
      text
        ? `Added a keda block to ${valuesPath}`
        : `Created ${valuesPath} with a keda block`
    }. The chart must render ${renders} from .Values.keda when keda.enabled is true; a chart without such a template ignores the block.`,
  );
  return { edits: ws.edits(), notes };
};
