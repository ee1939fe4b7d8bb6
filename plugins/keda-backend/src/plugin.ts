import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { kedaPermissions } from '@keda-portal/plugin-keda-common';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  kedaClusterReaderServiceRef,
  kedaClustersServiceRef,
} from '@keda-portal/plugin-keda-node';
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
        permissions: coreServices.permissions,
        auditor: coreServices.auditor,
        catalog: catalogServiceRef,
        clusters: kedaClustersServiceRef,
        reader: kedaClusterReaderServiceRef,
      },
      async init({ httpRouter, permissionsRegistry, ...deps }) {
        permissionsRegistry.addPermissions(kedaPermissions);
        httpRouter.use(await createRouter(deps));
      },
    });
  },
});
