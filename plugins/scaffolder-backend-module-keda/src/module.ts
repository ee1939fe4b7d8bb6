import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { kedaGitopsEngineServiceRef } from '@keda-portal/plugin-keda-node';
import { createProposeAction } from './actions/propose';
import { createProposeWorkerAction } from './actions/proposeWorker';
import { createRenderManifestAction } from './actions/renderManifest';

/**
 * Adds the `keda:*` actions to the scaffolder: `keda:manifest:render`,
 * `keda:gitops:propose` and `keda:gitops:propose-worker`. The proposing
 * actions use the same GitOps engine service as the KEDA backend plugin.
 *
 * @public
 */
export const scaffolderModuleKeda = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'keda',
  register(env) {
    env.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        catalog: catalogServiceRef,
        engine: kedaGitopsEngineServiceRef,
        permissions: coreServices.permissions,
        config: coreServices.rootConfig,
      },
      async init({ scaffolder, catalog, engine, permissions, config }) {
        scaffolder.addActions(
          createRenderManifestAction(),
          createProposeAction({
            catalog,
            engine,
            permissions,
            appBaseUrl: config.getOptionalString('app.baseUrl'),
          }),
          createProposeWorkerAction({ engine, catalog }),
        );
      },
    });
  },
});
