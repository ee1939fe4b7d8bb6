/**
 * KEDA Portal: autoscaling tab, card and fleet page for Backstage.
 * The legacy frontend system is served from here; the new one from `./alpha`.
 *
 * @packageDocumentation
 */

export { kedaPlugin, EntityKedaContent } from './plugin';
export { kedaApiRef, KedaClient } from './api';
export type { KedaApi } from './api';
export { isKedaAvailable } from '@keda-portal/plugin-keda-common';
