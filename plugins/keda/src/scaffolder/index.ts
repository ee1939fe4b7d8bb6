export {
  KedaChangePreviewFieldExtension,
  KedaGitopsTargetFieldExtension,
  KedaReplicaCountFieldExtension,
  KedaTriggersFieldExtension,
} from './extensions';
export {
  KedaChangePreviewField,
  kedaChangePreviewValidation,
} from './KedaChangePreviewField';
export {
  KedaGitopsTargetField,
  kedaGitopsTargetValidation,
} from './KedaGitopsTargetField';
export type { KedaGitopsTargetUiOptions } from './KedaGitopsTargetField';
export { KedaReplicaCountField } from './KedaReplicaCountField';
export { KedaTriggersField } from './KedaTriggersField';
export {
  kedaReplicaCountValidation,
  kedaTriggersValidation,
  validateReplicaBounds,
} from './validation';
export type {
  FieldErrorCollector,
  KedaFieldValidationContext,
  KedaReplicaCountUiOptions,
  KedaTriggersUiOptions,
  ReplicaBounds,
} from './validation';
