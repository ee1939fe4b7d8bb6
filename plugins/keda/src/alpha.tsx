/**
 * KEDA Portal for Backstage's new frontend system.
 *
 * @packageDocumentation
 */

export { default } from './alpha/plugin';
export {
  entityKedaContent,
  entityKedaSetupContent,
  entityKedaCard,
} from './alpha/entityContent';
export { kedaFleetPage, fleetRouteRef } from './alpha/page';
export {
  kedaScaffolderModule,
  kedaTriggersFormField,
  kedaReplicaCountFormField,
  kedaChangePreviewFormField,
  kedaGitopsTargetFormField,
} from './alpha/scaffolder';
