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

/** A form field of the new frontend system from a legacy-typed component. */
function formField(name: string, component: unknown, validation: unknown) {
  return createFormField({
    name,
    component: component as Component,
    validation: validation as Validation,
  });
}

export const kedaTriggersFormField = formField(
  KEDA_TRIGGERS_FIELD,
  KedaTriggersField,
  kedaTriggersValidation,
);

export const kedaReplicaCountFormField = formField(
  KEDA_REPLICA_COUNT_FIELD,
  KedaReplicaCountField,
  kedaReplicaCountValidation,
);

export const kedaChangePreviewFormField = formField(
  KEDA_CHANGE_PREVIEW_FIELD,
  KedaChangePreviewField,
  kedaChangePreviewValidation,
);

export const kedaGitopsTargetFormField = formField(
  KEDA_GITOPS_TARGET_FIELD,
  KedaGitopsTargetField,
  kedaGitopsTargetValidation,
);
