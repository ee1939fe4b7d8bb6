/**
 * KEDA Portal: autoscaling tab, card and fleet page for Backstage.
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
export { kedaApiRef, KedaClient } from './api';
export type { KedaApi, CompoundRef, OverviewFilters } from './api';
export { isKedaAvailable } from '@keda-portal/plugin-keda-common';
