import {
  createApiFactory,
  createPlugin,
  createRoutableExtension,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { KedaClient, kedaApiRef } from './api';

export const rootRouteRef = createRouteRef({ id: 'keda' });

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
  routes: { root: rootRouteRef },
});

/**
 * The Autoscaling tab content, for `EntityLayout.Route` in the legacy app.
 *
 * @public
 */
export const EntityKedaContent: () => JSX.Element = kedaPlugin.provide(
  createRoutableExtension({
    name: 'EntityKedaContent',
    component: () =>
      import('./components/AutoscalingContent').then(m => m.AutoscalingContent),
    mountPoint: rootRouteRef,
  }),
);
