/** Name of the triggers field, for `ui:field` in templates. */
export const KEDA_TRIGGERS_FIELD = 'KedaTriggers';
/** Name of the replica count field, for `ui:field` in templates. */
export const KEDA_REPLICA_COUNT_FIELD = 'KedaReplicaCount';
/** Name of the change preview field, for `ui:field` in templates. */
export const KEDA_CHANGE_PREVIEW_FIELD = 'KedaChangePreview';
/** Name of the GitOps target field, for `ui:field` in templates. */
export const KEDA_GITOPS_TARGET_FIELD = 'KedaGitopsTarget';
