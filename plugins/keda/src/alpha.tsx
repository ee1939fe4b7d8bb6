/**
 * KEDA Portal for Backstage's new frontend system.
 *
 * @packageDocumentation
 */

export { default } from './alpha/plugin';
export { entityKedaContent } from './alpha/entityContent';
