/**
 * The intent of a change request, checked before anything is built from it:
 * its shape, then its `kubernetesId` against the entity's.
 */
import type { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  ANNOTATION_KUBERNETES_ID,
  intentShapeProblems,
  type ManifestProblem,
  type ScalingIntent,
} from '@keda-portal/plugin-keda-common';

/**
 * The refusal of an invalid intent. With one problem it reads
 * `<field>: <what is wrong> <how to fix it>`; with more, every problem
 * follows, numbered.
 *
 * @public
 */
export function problemsError(problems: ManifestProblem[]): InputError {
  const line = (p: ManifestProblem) => `${p.message} ${p.fix}`;
  if (problems.length === 1) {
    return new InputError(line(problems[0]));
  }
  return new InputError(
    `The scaling intent has ${problems.length} problems: ${problems
      .map((p, i) => `(${i + 1}) ${line(p)}`)
      .join(' ')}`,
  );
}

/**
 * The request's intent, shape-checked, with the entity's
 * `backstage.io/kubernetes-id` filled in: without the annotation, the
 * entity's name (the proposal adds it, as the Autoscaling tab expects).
 */
export function checkedIntent(intent: unknown, entity: Entity): ScalingIntent {
  if (!intent || typeof intent !== 'object' || Array.isArray(intent)) {
    throw new InputError(
      'intent is missing: send { "intent": { "name", "namespace", "scaleTarget", "triggers", ... } }',
    );
  }
  // Wrong types would reach the manifest builder: refuse them here, by field.
  const shape = intentShapeProblems(intent);
  if (shape.length) throw problemsError(shape);
  const id = entity.metadata.annotations?.[ANNOTATION_KUBERNETES_ID];
  const given = (intent as { kubernetesId?: unknown }).kubernetesId;
  if (id && given !== undefined && given !== id) {
    throw new InputError(
      `intent.kubernetesId '${String(
        given,
      )}' differs from the entity's ${ANNOTATION_KUBERNETES_ID} '${id}': leave it out or use '${id}', or the Autoscaling tab would not find the result`,
    );
  }
  return {
    ...(intent as ScalingIntent),
    kubernetesId: (given as string | undefined) ?? id ?? entity.metadata.name,
  };
}

/** The request's GitOps choice, refused by field when it is not one. */
export function checkedGitopsChoice(gitops: unknown) {
  if (
    gitops !== undefined &&
    (gitops === null || typeof gitops !== 'object' || Array.isArray(gitops))
  ) {
    throw new InputError(
      'gitops must be an object { "repo", "path", "layout" }: leave it out to use the entity\'s keda-portal.io/gitops-* annotations',
    );
  }
  for (const key of ['repo', 'path', 'layout'] as const) {
    const value = (gitops as Record<string, unknown> | undefined)?.[key];
    if (value !== undefined && typeof value !== 'string') {
      throw new InputError(`gitops.${key} must be a string`);
    }
  }
  return gitops as
    | { repo?: string; path?: string; layout?: string }
    | undefined;
}
