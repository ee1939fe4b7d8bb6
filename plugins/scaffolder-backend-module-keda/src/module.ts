import { createBackendModule } from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createRenderManifestAction } from './actions/renderManifest';

/**
 * Adds the `keda:*` actions to the scaffolder.
 *
 * @public
 */
export const scaffolderModuleKeda = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'keda',
  register(env) {
    env.registerInit({
      deps: { scaffolder: scaffolderActionsExtensionPoint },
      async init({ scaffolder }) {
        scaffolder.addActions(createRenderManifestAction());
      },
    });
  },
});
