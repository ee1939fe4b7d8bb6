export {
  KedaChangePreviewFieldExtension,
  KedaReplicaCountFieldExtension,
  KedaTriggersFieldExtension,
} from './extensions';
export { KedaChangePreviewField } from './KedaChangePreviewField';
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
