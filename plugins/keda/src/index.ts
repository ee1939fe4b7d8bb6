/**
 * KEDA Portal: autoscaling tab, card and fleet page for Backstage, a trigger
 * editor and scaffolder fields for KEDA triggers.
 * The legacy frontend system is served from here; the new one from `./alpha`.
 *
 * @packageDocumentation
 */

export {
  kedaPlugin,
  EntityKedaContent,
  EntityKedaCard,
  KedaPage,
  rootRouteRef,
  entityContentRouteRef,
} from './plugin';
export * from './api';
export { isKedaAvailable } from '@keda-portal/plugin-keda-common';
export { TriggerEditor } from './components/TriggerEditor';
export type { TriggerEditorProps } from './components/TriggerEditor';
export {
  KedaChangePreviewField,
  KedaChangePreviewFieldExtension,
  kedaChangePreviewValidation,
  KedaGitopsTargetField,
  KedaGitopsTargetFieldExtension,
  kedaGitopsTargetValidation,
  KedaReplicaCountField,
  KedaReplicaCountFieldExtension,
  KedaTriggersField,
  KedaTriggersFieldExtension,
  kedaReplicaCountValidation,
  kedaTriggersValidation,
  validateReplicaBounds,
} from './scaffolder';
export type {
  KedaGitopsTargetUiOptions,
  FieldErrorCollector,
  KedaFieldValidationContext,
  KedaReplicaCountUiOptions,
  KedaTriggersUiOptions,
  ReplicaBounds,
} from './scaffolder';
