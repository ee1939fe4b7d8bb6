import {
  createScaffolderFieldExtension,
  type FieldExtensionComponent,
} from '@backstage/plugin-scaffolder-react';
import type { TriggerIntent } from '@keda-portal/plugin-keda-common';
import { kedaPlugin } from '../plugin';
import { KedaReplicaCountField } from './KedaReplicaCountField';
import { KedaTriggersField } from './KedaTriggersField';
import {
  KedaChangePreviewField,
  kedaChangePreviewValidation,
} from './KedaChangePreviewField';
import {
  KedaGitopsTargetField,
  kedaGitopsTargetValidation,
  type KedaGitopsTargetUiOptions,
} from './KedaGitopsTargetField';
import type { GitopsChoice } from '../api';
import {
  KEDA_CHANGE_PREVIEW_FIELD,
  KEDA_GITOPS_TARGET_FIELD,
  KEDA_REPLICA_COUNT_FIELD,
  KEDA_TRIGGERS_FIELD,
} from './names';
import {
  kedaReplicaCountValidation,
  kedaTriggersValidation,
  type KedaReplicaCountUiOptions,
  type KedaTriggersUiOptions,
} from './validation';

/**
 * The `KedaTriggers` scaffolder field for the legacy frontend system: put it
 * inside `<ScaffolderFieldExtensions>` under the scaffolder route, then use
 * it on an array property of a template:
 *
 * ```yaml
 * triggers:
 *   title: Event sources
 *   type: array
 *   ui:field: KedaTriggers
 *   ui:options:
 *     namespaceField: namespace
 * ```
 *
 * @public
 */
export const KedaTriggersFieldExtension: FieldExtensionComponent<
  TriggerIntent[],
  KedaTriggersUiOptions
> = kedaPlugin.provide(
  createScaffolderFieldExtension<TriggerIntent[], KedaTriggersUiOptions>({
    name: KEDA_TRIGGERS_FIELD,
    component: KedaTriggersField,
    validation: kedaTriggersValidation,
  }),
);

/**
 * The `KedaReplicaCount` scaffolder field for the legacy frontend system:
 * a replica bound checked against the others, e.g.
 *
 * ```yaml
 * maxReplicas:
 *   title: Maximum replicas
 *   type: integer
 *   ui:field: KedaReplicaCount
 *   ui:options:
 *     bound: max
 *     minField: minReplicas
 * ```
 *
 * @public
 */
export const KedaReplicaCountFieldExtension: FieldExtensionComponent<
  number,
  KedaReplicaCountUiOptions
> = kedaPlugin.provide(
  createScaffolderFieldExtension<number, KedaReplicaCountUiOptions>({
    name: KEDA_REPLICA_COUNT_FIELD,
    component: KedaReplicaCountField,
    validation: kedaReplicaCountValidation,
  }),
);

/**
 * The `KedaChangePreview` scaffolder field for the legacy frontend system:
 * the rendered manifests and the pull request's diff, before the task runs.
 *
 * @public
 */
export const KedaChangePreviewFieldExtension: FieldExtensionComponent<
  string,
  {}
> = kedaPlugin.provide(
  createScaffolderFieldExtension<string, {}>({
    name: KEDA_CHANGE_PREVIEW_FIELD,
    component: KedaChangePreviewField,
    validation: kedaChangePreviewValidation as any,
  }),
);

/**
 * The `KedaGitopsTarget` scaffolder field for the legacy frontend system:
 * for a component without `keda-portal.io/gitops-*` annotations, the GitOps
 * repository, folder and layout its manifests go to.
 *
 * @public
 */
export const KedaGitopsTargetFieldExtension: FieldExtensionComponent<
  GitopsChoice,
  KedaGitopsTargetUiOptions
> = kedaPlugin.provide(
  createScaffolderFieldExtension<GitopsChoice, KedaGitopsTargetUiOptions>({
    name: KEDA_GITOPS_TARGET_FIELD,
    component: KedaGitopsTargetField,
    validation: kedaGitopsTargetValidation as any,
  }),
);
