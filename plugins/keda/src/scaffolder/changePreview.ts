/**
 * The backend's preview of the pull request the "Add event-driven
 * autoscaling" form describes, shared by the `KedaChangePreview` field (which
 * shows it) and its validation (which stops the form while it fails).
 */
import type { Entity } from '@backstage/catalog-model';
import type { CatalogApi } from '@backstage/plugin-catalog-react';
import {
  ANNOTATION_KUBERNETES_ID,
  ANNOTATION_KUBERNETES_LABEL_SELECTOR,
  ANNOTATION_KUBERNETES_NAMESPACE,
  buildManifests,
  compactTriggers,
  renderManifestsYaml,
  type ScalingIntent,
  type WorkloadView,
} from '@keda-portal/plugin-keda-common';
import type {
  ChangePreview,
  CurrentIntentResponse,
  GitopsChoice,
  KedaApi,
} from '../api';
import {
  driftSummary,
  replacedTriggers,
  type DriftSummary,
} from '../components/ProposeChange/drift';
import { problemText } from '../components/TriggerEditor';

/** Form values of the "Add event-driven autoscaling" template that make the intent. */
export interface AddAutoscalingValues {
  component?: string;
  workloadName?: string;
  workloadKind?: string;
  namespace?: string;
  minReplicaCount?: number;
  maxReplicaCount?: number;
  idleReplicaCount?: number;
  triggers?: ScalingIntent['triggers'];
  gitops?: GitopsChoice;
}

/** What the field shows. */
export interface LoadedPreview {
  preview: ChangePreview;
  yaml: string;
  drift?: DriftSummary;
  replaced?: string;
}

/** A preview that cannot be made, with the message to show under the field. */
export class PreviewError extends Error {
  readonly name = 'PreviewError';
}

const NAMESPACE_ANNOTATION = ANNOTATION_KUBERNETES_NAMESPACE;

/** The values that make the preview; the key its cache uses. */
export function previewKey(form: AddAutoscalingValues): string {
  const { component, workloadName, workloadKind, namespace } = form;
  return JSON.stringify([
    component,
    workloadName,
    workloadKind,
    namespace,
    form.minReplicaCount,
    form.maxReplicaCount,
    form.idleReplicaCount,
    form.triggers,
    form.gitops,
  ]);
}

/** The intent the form describes, or a PreviewError naming the field to fill. */
export function intentOf(
  form: AddAutoscalingValues,
  entity: Entity,
): ScalingIntent {
  const annotations = entity.metadata.annotations ?? {};
  const name = form.workloadName || entity.metadata.name;
  const namespace = form.namespace || annotations[NAMESPACE_ANNOTATION];
  if (!namespace) {
    throw new PreviewError(
      `Namespace (step Workload) is empty and ${entity.metadata.name} has no ${NAMESPACE_ANNOTATION} annotation: go back and enter the Kubernetes namespace of the workload.`,
    );
  }
  return {
    name,
    namespace,
    kubernetesId: annotations[ANNOTATION_KUBERNETES_ID] || entity.metadata.name,
    scaleTarget: { kind: form.workloadKind || 'Deployment', name },
    minReplicaCount: form.minReplicaCount,
    maxReplicaCount: form.maxReplicaCount,
    idleReplicaCount: form.idleReplicaCount,
    triggers: compactTriggers(form.triggers ?? []),
  };
}

function emptyChoice(choice: GitopsChoice | undefined) {
  return !choice || !(choice.repo || choice.path || choice.layout);
}

/** The live workload of that name, if the entity has one in a cluster. */
async function liveWorkload(
  kedaApi: KedaApi,
  entity: Entity,
  intent: ScalingIntent,
): Promise<WorkloadView | undefined> {
  const a = entity.metadata.annotations ?? {};
  if (
    !a[ANNOTATION_KUBERNETES_ID] &&
    !a[ANNOTATION_KUBERNETES_LABEL_SELECTOR]
  ) {
    return undefined;
  }
  try {
    const scaling = await kedaApi.getScaling(refOf(entity));
    return scaling.clusters
      .flatMap(c => c.workloads)
      .find(
        w =>
          w.kind === (intent.kind ?? 'ScaledObject') &&
          w.name === intent.name &&
          w.namespace === intent.namespace,
      );
  } catch {
    return undefined; // the drift check is a courtesy; the preview stands
  }
}

async function gitVersion(
  kedaApi: KedaApi,
  entity: Entity,
  intent: ScalingIntent,
): Promise<CurrentIntentResponse | undefined> {
  try {
    return await kedaApi.getCurrentIntent(refOf(entity), {
      name: intent.name,
      kind: intent.kind ?? 'ScaledObject',
      namespace: intent.namespace,
    });
  } catch {
    return undefined;
  }
}

function refOf(entity: Entity) {
  return {
    kind: entity.kind,
    namespace: entity.metadata.namespace ?? 'default',
    name: entity.metadata.name,
  };
}

/** Reads the entity, asks the backend for the preview, and compares Git with the cluster. */
export async function loadChangePreview(
  form: AddAutoscalingValues,
  apis: { kedaApi: KedaApi; catalogApi: CatalogApi },
): Promise<LoadedPreview | undefined> {
  const { kedaApi, catalogApi } = apis;
  if (!form.component) return undefined;
  const entity = await catalogApi.getEntityByRef(form.component);
  if (!entity) {
    throw new PreviewError(
      `Component (step Component): the catalog has no ${form.component}; choose another component.`,
    );
  }
  const intent = intentOf(form, entity);
  const ref = refOf(entity);
  const [preview, live, git] = await Promise.all([
    kedaApi.previewChange(
      ref,
      intent,
      emptyChoice(form.gitops) ? {} : { gitops: form.gitops },
    ),
    liveWorkload(kedaApi, entity, intent),
    gitVersion(kedaApi, entity, intent),
  ]);
  const drift = driftSummary({
    git: git?.intent,
    live,
    gitSource: git
      ? `${git.source.path} on ${git.source.branch}`
      : `${preview.path || 'the repository root'} on ${preview.baseBranch}`,
  });
  const before = git?.intent.triggers ?? live?.triggers ?? [];
  return {
    preview,
    yaml: renderManifestsYaml(buildManifests(intent)),
    drift,
    replaced: replacedTriggers(before, intent.triggers),
  };
}

const cache = new Map<string, Promise<LoadedPreview | undefined>>();

/**
 * {@link loadChangePreview}, shared between the field and its validation so
 * one form state asks the backend once. Failures are not kept: the next
 * look asks again.
 */
export function cachedChangePreview(
  form: AddAutoscalingValues,
  apis: { kedaApi: KedaApi; catalogApi: CatalogApi },
): Promise<LoadedPreview | undefined> {
  const key = previewKey(form);
  const known = cache.get(key);
  if (known) return known;
  const loading = loadChangePreview(form, apis);
  cache.set(key, loading);
  if (cache.size > 20) cache.delete(cache.keys().next().value!);
  loading.catch(() => cache.delete(key));
  return loading;
}

/** The messages that stop the form: a failed preview, or its problems. */
export function previewErrors(result: {
  value?: LoadedPreview;
  error?: Error;
}): string[] {
  if (result.error) {
    return [
      result.error instanceof PreviewError
        ? result.error.message
        : `The pull request cannot be previewed: ${result.error.message}`,
    ];
  }
  return (result.value?.preview.problems ?? []).map(p => problemText(p));
}
