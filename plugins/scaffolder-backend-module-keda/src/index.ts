/**
 * Scaffolder actions `keda:*` for KEDA Portal.
 *
 * @packageDocumentation
 */

export { scaffolderModuleKeda as default } from './module';
