import {
  createFrontendModule,
  type ExtensionDefinition,
  type FrontendModule,
} from '@backstage/frontend-plugin-api';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';

/**
 * The `KedaTriggers` form field of the scaffolder (`ui:field: KedaTriggers`).
 *
 * @alpha
 */
// Typed plainly: the inferred blueprint type prints unstably in API reports.
export const kedaTriggersFormField: ExtensionDefinition =
  FormFieldBlueprint.make({
    name: 'keda-triggers',
    params: {
      field: () =>
        import('../scaffolder/formFields').then(m => m.kedaTriggersFormField),
    },
  });

/**
 * The `KedaReplicaCount` form field of the scaffolder
 * (`ui:field: KedaReplicaCount`).
 *
 * @alpha
 */
export const kedaReplicaCountFormField: ExtensionDefinition =
  FormFieldBlueprint.make({
    name: 'keda-replica-count',
    params: {
      field: () =>
        import('../scaffolder/formFields').then(
          m => m.kedaReplicaCountFormField,
        ),
    },
  });

/**
 * The `KedaChangePreview` form field of the scaffolder: the rendered
 * manifests and the diff of the pull request, before the task runs.
 *
 * @alpha
 */
export const kedaChangePreviewFormField: ExtensionDefinition =
  FormFieldBlueprint.make({
    name: 'keda-change-preview',
    params: {
      field: () =>
        import('../scaffolder/formFields').then(
          m => m.kedaChangePreviewFormField,
        ),
    },
  });

/**
 * The `KedaGitopsTarget` form field of the scaffolder: where the manifests of
 * a component without GitOps annotations go.
 *
 * @alpha
 */
export const kedaGitopsTargetFormField: ExtensionDefinition =
  FormFieldBlueprint.make({
    name: 'keda-gitops-target',
    params: {
      field: () =>
        import('../scaffolder/formFields').then(
          m => m.kedaGitopsTargetFormField,
        ),
    },
  });

/**
 * Adds the KEDA form fields (`KedaTriggers`, `KedaReplicaCount`,
 * `KedaChangePreview`, `KedaGitopsTarget`) to the
 * scaffolder. Install it next to the scaffolder plugin:
 * `createApp({ features: [scaffolderPlugin, kedaScaffolderModule] })`.
 *
 * @alpha
 */
export const kedaScaffolderModule: FrontendModule = createFrontendModule({
  pluginId: 'scaffolder',
  extensions: [
    kedaTriggersFormField,
    kedaReplicaCountFormField,
    kedaChangePreviewFormField,
    kedaGitopsTargetFormField,
  ],
});
