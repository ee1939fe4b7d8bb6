import { createBackendModule } from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import {
  kedaChangeServiceRef,
  kedaGitopsEngineServiceRef,
} from '@keda-portal/plugin-keda-node';
import { createProposeAction } from './actions/propose';
import { createProposeWorkerAction } from './actions/proposeWorker';
import { createRenderManifestAction } from './actions/renderManifest';

/**
 * Adds the `keda:*` actions to the scaffolder: `keda:manifest:render`,
 * `keda:gitops:propose` and `keda:gitops:propose-worker`. The proposing
 * actions go through the same change use case (`kedaChangeServiceRef`) as
 * the KEDA backend plugin's change endpoints.
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
        changes: kedaChangeServiceRef,
      },
      async init({ scaffolder, catalog, engine, changes }) {
        scaffolder.addActions(
          createRenderManifestAction(),
          createProposeAction({ changes }),
          createProposeWorkerAction({ changes, engine, catalog }),
        );
      },
    });
  },
});
