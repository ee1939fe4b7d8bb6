import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { kedaGitopsEngineServiceRef } from '../gitops/engineService';
import { kedaClusterReaderServiceRef } from '../reader/readerService';
import { DefaultKedaChangeService } from './DefaultKedaChangeService';
import type { KedaChangeService } from './KedaChangeService';

/**
 * The change use case for the plugin that asks for it (the KEDA backend's
 * change routes, the scaffolder's `keda:gitops:*` actions): each plugin's
 * instance checks permissions and reads the catalog as that plugin, over
 * the one shared GitOps engine.
 *
 * @public
 */
export const kedaChangeServiceRef = createServiceRef<KedaChangeService>({
  id: 'keda.changes',
  scope: 'plugin',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {
        config: coreServices.rootConfig,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        catalog: catalogServiceRef,
        engine: kedaGitopsEngineServiceRef,
        reader: kedaClusterReaderServiceRef,
      },
      factory({ config, ...deps }) {
        return new DefaultKedaChangeService({
          ...deps,
          appBaseUrl: config.getOptionalString('app.baseUrl'),
        });
      },
    }),
});
