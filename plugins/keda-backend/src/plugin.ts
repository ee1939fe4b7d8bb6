import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { kedaPermissions } from '@keda-portal/plugin-keda-common';
import { kedaClustersServiceRef } from '@keda-portal/plugin-keda-node';
import { createRouter } from './service/router';

/**
 * KEDA Portal's backend plugin, mounted at `/api/keda`.
 *
 * @public
 */
export const kedaPlugin = createBackendPlugin({
  pluginId: 'keda',
  register(env) {
    env.registerInit({
      deps: {
        logger: coreServices.logger,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        permissionsRegistry: coreServices.permissionsRegistry,
        clusters: kedaClustersServiceRef,
      },
      async init({
        logger,
        httpAuth,
        httpRouter,
        permissionsRegistry,
        clusters,
      }) {
        permissionsRegistry.addPermissions(kedaPermissions);
        httpRouter.use(await createRouter({ logger, httpAuth, clusters }));
      },
    });
  },
});
