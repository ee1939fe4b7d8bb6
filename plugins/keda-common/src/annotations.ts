/**
 * Catalog annotations this suite reads. The `backstage.io/*` ones are the
 * conventions of Backstage's Kubernetes plugin, so an entity that already
 * shows up there needs nothing new to show up here.
 */

/**
 * Label value (of the same key) that marks the entity's cluster objects.
 *
 * @public
 */
export const ANNOTATION_KUBERNETES_ID = 'backstage.io/kubernetes-id';
/**
 * A Kubernetes label selector that selects the entity's cluster objects.
 *
 * @public
 */
export const ANNOTATION_KUBERNETES_LABEL_SELECTOR =
  'backstage.io/kubernetes-label-selector';
/**
 * Restricts the search to one namespace.
 *
 * @public
 */
export const ANNOTATION_KUBERNETES_NAMESPACE =
  'backstage.io/kubernetes-namespace';
/**
 * Restricts the search to one cluster, by its configured name.
 *
 * @public
 */
export const ANNOTATION_KUBERNETES_CLUSTER = 'backstage.io/kubernetes-cluster';

/**
 * URL of the GitOps repository that holds the entity's manifests.
 *
 * @public
 */
export const ANNOTATION_GITOPS_REPO = 'keda-portal.io/gitops-repo';
/**
 * Folder inside the GitOps repository.
 *
 * @public
 */
export const ANNOTATION_GITOPS_PATH = 'keda-portal.io/gitops-path';
/**
 * How the folder is organised: `kustomize`, `helm-values` or `plain`.
 *
 * @public
 */
export const ANNOTATION_GITOPS_LAYOUT = 'keda-portal.io/gitops-layout';
/**
 * Base branch proposals target, when not the repository's default.
 *
 * @public
 */
export const ANNOTATION_GITOPS_BRANCH = 'keda-portal.io/gitops-branch';
/**
 * Environment name: it names the proposal branch and the pull request.
 *
 * @public
 */
export const ANNOTATION_GITOPS_ENVIRONMENT =
  'keda-portal.io/gitops-environment';
/**
 * The Helm values file to edit in a `helm-values` folder.
 *
 * @public
 */
export const ANNOTATION_GITOPS_VALUES_FILE =
  'keda-portal.io/gitops-values-file';

/**
 * Every GitOps annotation by its role, for code that walks them.
 *
 * @public
 */
export const GITOPS_ANNOTATIONS = {
  repo: ANNOTATION_GITOPS_REPO,
  path: ANNOTATION_GITOPS_PATH,
  layout: ANNOTATION_GITOPS_LAYOUT,
  branch: ANNOTATION_GITOPS_BRANCH,
  environment: ANNOTATION_GITOPS_ENVIRONMENT,
  valuesFile: ANNOTATION_GITOPS_VALUES_FILE,
} as const;

/**
 * The annotations that pause KEDA, and the one that forces activation.
 *
 * @public
 */
export const KEDA_CONTROL_ANNOTATIONS = {
  paused: 'autoscaling.keda.sh/paused',
  pausedReplicas: 'autoscaling.keda.sh/paused-replicas',
  pausedScaleIn: 'autoscaling.keda.sh/paused-scale-in',
  pausedScaleOut: 'autoscaling.keda.sh/paused-scale-out',
  forceActivation: 'autoscaling.keda.sh/force-activation',
} as const;

/**
 * The layouts the GitOps engine knows how to edit.
 *
 * @public
 */
export const GITOPS_LAYOUTS = ['kustomize', 'helm-values', 'plain'] as const;
/** @public */
export type GitOpsLayout = (typeof GITOPS_LAYOUTS)[number];

/**
 * The minimal shape of a catalog entity this package needs.
 *
 * @public
 */
export interface EntityLike {
  metadata: { annotations?: Record<string, string> };
}

/**
 * True when the entity carries what is needed to find its objects in a
 * cluster; the Autoscaling tab and card are shown only then.
 *
 * @public
 */
export function isKedaAvailable(entity: EntityLike): boolean {
  const annotations = entity.metadata.annotations ?? {};
  return Boolean(
    annotations[ANNOTATION_KUBERNETES_ID]?.trim() ||
      annotations[ANNOTATION_KUBERNETES_LABEL_SELECTOR]?.trim(),
  );
}
