/**
 * Autoscaling for a component that has no GitOps or Kubernetes annotations
 * yet: the user names the GitOps repository, folder and layout, and the
 * proposal adds the missing annotations to the component's catalog-info.yaml
 * (when that file is in the same repository) or says how to add them.
 */
import type { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type { ScalingIntent } from '@keda-portal/plugin-keda-common';
import { parseAllDocuments, parseDocument } from 'yaml';
import {
  ANNOTATION_KUBERNETES_ID,
  ANNOTATION_KUBERNETES_LABEL_SELECTOR,
  ANNOTATION_KUBERNETES_NAMESPACE,
  GITOPS_ANNOTATIONS,
  type GitopsChoice,
} from '@keda-portal/plugin-keda-common';
import { normaliseUrl } from './target';

const CHOICE_FIELDS: Array<{
  key: keyof GitopsChoice;
  annotation: string;
  label: string;
}> = [
  {
    key: 'repo',
    annotation: GITOPS_ANNOTATIONS.repo,
    label: 'GitOps repository',
  },
  { key: 'path', annotation: GITOPS_ANNOTATIONS.path, label: 'GitOps folder' },
  { key: 'layout', annotation: GITOPS_ANNOTATIONS.layout, label: 'Layout' },
];

/**
 * The entity as the engine should see it, with the user's GitOps choice in
 * place of missing annotations, and the annotations its catalog-info.yaml
 * lacks (for the proposal to add). A choice that contradicts an annotation
 * the entity has is refused, naming both.
 *
 * @public
 */
export function applyGitopsChoice(
  entity: Entity,
  choice: GitopsChoice | undefined,
  intent: Pick<ScalingIntent, 'name' | 'namespace'> & {
    kubernetesId?: string;
  },
): { entity: Entity; catalogAnnotations: Record<string, string> } {
  const annotations = { ...(entity.metadata.annotations ?? {}) };
  const added: Record<string, string> = {};
  for (const { key, annotation, label } of CHOICE_FIELDS) {
    const raw = choice?.[key];
    const given = typeof raw === 'string' ? raw.trim() : undefined;
    if (!given) continue;
    const existing = annotations[annotation];
    const same =
      key === 'repo'
        ? existing !== undefined &&
          normaliseUrl(existing) === normaliseUrl(given)
        : existing === given;
    if (existing !== undefined && !same) {
      throw new InputError(
        `${label} '${given}' differs from the component's ${annotation} annotation '${existing}': leave ${label} empty to use the annotation, or change the annotation`,
      );
    }
    if (existing === undefined) {
      annotations[annotation] = given;
      added[annotation] = given;
    }
  }
  // The Autoscaling tab finds the workload by these; a new ScaledObject
  // carries the backstage.io/kubernetes-id label.
  if (
    !annotations[ANNOTATION_KUBERNETES_ID] &&
    !annotations[ANNOTATION_KUBERNETES_LABEL_SELECTOR]
  ) {
    added[ANNOTATION_KUBERNETES_ID] = intent.kubernetesId || intent.name;
  }
  if (!annotations[ANNOTATION_KUBERNETES_NAMESPACE] && intent.namespace) {
    added[ANNOTATION_KUBERNETES_NAMESPACE] = intent.namespace;
  }
  return {
    entity: { ...entity, metadata: { ...entity.metadata, annotations } },
    catalogAnnotations: added,
  };
}

/**
 * The repo-relative path of the entity's catalog file when the catalog reads
 * it from `repoUrl` on `branch` (GitHub `blob`/`tree` or GitLab `-/blob`
 * URLs, as the catalog's `backstage.io/managed-by-location` names them).
 *
 * @public
 */
export function catalogFileIn(
  entity: Entity,
  repoUrl: string,
  branch: string | undefined,
): string | undefined {
  const a = entity.metadata.annotations ?? {};
  const location =
    a['backstage.io/managed-by-location'] ??
    a['backstage.io/managed-by-origin-location'];
  if (!location?.startsWith('url:')) return undefined;
  const url = location.slice('url:'.length);
  const repo = normaliseUrl(repoUrl);
  for (const infix of ['/blob/', '/tree/', '/-/blob/', '/-/tree/']) {
    const prefix = `${repo}${infix}`;
    if (!url.startsWith(prefix)) continue;
    const rest = decodeURI(url.slice(prefix.length).split(/[?#]/)[0]);
    const slash = rest.indexOf('/');
    if (slash < 0) return undefined;
    const ref =
      branch && rest.startsWith(`${branch}/`) ? branch : rest.slice(0, slash);
    if (branch && ref !== branch) return undefined;
    const path = rest.slice(ref.length + 1);
    if (!path || path.split('/').some(s => s === '..' || s === '')) {
      return undefined;
    }
    return path;
  }
  return undefined;
}

/**
 * The catalog file with the annotations added to the entity's document,
 * comments and order kept; undefined when the file has no such entity.
 *
 * @public
 */
export function addCatalogAnnotations(
  text: string,
  entity: Pick<Entity, 'kind' | 'metadata'>,
  annotations: Record<string, string>,
): string | undefined {
  const docs = parseAllDocuments(text);
  const sameEntity = (value: any) =>
    typeof value?.kind === 'string' &&
    value.kind.toLocaleLowerCase('en-US') ===
      entity.kind.toLocaleLowerCase('en-US') &&
    value?.metadata?.name === entity.metadata.name &&
    (value?.metadata?.namespace ?? 'default') ===
      (entity.metadata.namespace ?? 'default');
  const index = docs.findIndex(d => {
    try {
      return sameEntity((d as { toJS(): unknown }).toJS());
    } catch {
      return false;
    }
  });
  if (index < 0) return undefined;
  // Edit that one document in place and splice its text back, so the other
  // documents stay byte for byte.
  const doc = docs[index] as ReturnType<typeof parseDocument>;
  for (const [key, value] of Object.entries(annotations)) {
    doc.setIn(['metadata', 'annotations', key], value);
  }
  // The first document's range starts after its leading comments, which
  // toString() prints again.
  const range = doc.range ?? [0, text.length, text.length];
  const start = index === 0 ? 0 : range[0];
  const end = range[2];
  const edited = doc.toString({ lineWidth: 0 });
  const before = text.slice(0, start);
  const after = text.slice(end);
  return `${before}${edited}${
    after && !edited.endsWith('\n') ? '\n' : ''
  }${after}`;
}

/**
 * The annotations as the YAML lines a catalog-info.yaml takes, for notes.
 *
 * @public
 */
export function annotationLines(annotations: Record<string, string>): string {
  return Object.entries(annotations)
    .map(([k, v]) => `    ${k}: ${v}`)
    .join('\n');
}
