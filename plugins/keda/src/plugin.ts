import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { KedaClient, kedaApiRef } from './api';

/** @public */
export const rootRouteRef = createRouteRef({ id: 'keda' });
/** @public */
export const entityContentRouteRef = createRouteRef({
  id: 'keda:entity-content',
});

/**
 * KEDA Portal for Backstage's legacy frontend system.
 *
 * @public
 */
export const kedaPlugin = createPlugin({
  id: 'keda',
  apis: [
    createApiFactory({
      api: kedaApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new KedaClient(deps),
    }),
  ],
  routes: { root: rootRouteRef, entityContent: entityContentRouteRef },
});

/**
 * The Autoscaling tab content, for `EntityLayout.Route` in the legacy app.
 *
 * @public
 */
export const EntityKedaContent: () => JSX.Element | null = kedaPlugin.provide(
  createRoutableExtension({
    name: 'EntityKedaContent',
    component: () =>
      import('./components/EntityKedaContent').then(m => m.EntityKedaContent),
    mountPoint: entityContentRouteRef,
  }),
);

/**
 * Health, replicas and triggers at a glance, for the entity overview.
 *
 * @public
 */
export const EntityKedaCard: () => JSX.Element = kedaPlugin.provide(
  createComponentExtension({
    name: 'EntityKedaCard',
    component: {
      lazy: () =>
        import('./components/EntityKedaCard').then(m => m.EntityKedaCard),
    },
  }),
);

/**
 * The fleet page: every scaled workload, with filters. Mount it at `/keda`.
 *
 * @public
 */
export const KedaPage: () => JSX.Element = kedaPlugin.provide(
  createRoutableExtension({
    name: 'KedaPage',
    component: () =>
      import('./components/KedaFleetPage').then(m => m.KedaFleetPage),
    mountPoint: rootRouteRef,
  }),
);
