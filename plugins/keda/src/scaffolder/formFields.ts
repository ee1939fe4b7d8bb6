/**
 * The form fields for the new frontend system, loaded on demand by the
 * `FormFieldBlueprint` extensions in `../alpha/scaffolder`.
 */
import {
  createFormField,
  type FormFieldExtensionData,
} from '@backstage/plugin-scaffolder-react/alpha';
import {
  KEDA_CHANGE_PREVIEW_FIELD,
  KEDA_GITOPS_TARGET_FIELD,
  KEDA_REPLICA_COUNT_FIELD,
  KEDA_TRIGGERS_FIELD,
} from './names';
import {
  KedaChangePreviewField,
  kedaChangePreviewValidation,
} from './KedaChangePreviewField';
import {
  KedaGitopsTargetField,
  kedaGitopsTargetValidation,
} from './KedaGitopsTargetField';
import { KedaReplicaCountField } from './KedaReplicaCountField';
import { KedaTriggersField } from './KedaTriggersField';
import {
  kedaReplicaCountValidation,
  kedaTriggersValidation,
} from './validation';

// createFormField infers value types from zod schemas; these fields have
// none, so they are handed over with the loose types it expects.
type Component = FormFieldExtensionData['component'];
type Validation = NonNullable<FormFieldExtensionData['validation']>;

export const kedaTriggersFormField = createFormField({
  name: KEDA_TRIGGERS_FIELD,
  component: KedaTriggersField as Component,
  validation: kedaTriggersValidation as Validation,
});

export const kedaReplicaCountFormField = createFormField({
  name: KEDA_REPLICA_COUNT_FIELD,
  component: KedaReplicaCountField as Component,
  validation: kedaReplicaCountValidation as Validation,
});

export const kedaChangePreviewFormField = createFormField({
  name: KEDA_CHANGE_PREVIEW_FIELD,
  component: KedaChangePreviewField as Component,
  validation: kedaChangePreviewValidation as Validation,
});

export const kedaGitopsTargetFormField = createFormField({
  name: KEDA_GITOPS_TARGET_FIELD,
  component: KedaGitopsTargetField as Component,
  validation: kedaGitopsTargetValidation as Validation,
});
