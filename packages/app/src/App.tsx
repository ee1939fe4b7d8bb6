import { createApp } from '@backstage/frontend-defaults';
import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import kubernetesPlugin from '@backstage/plugin-kubernetes/alpha';
import orgPlugin from '@backstage/plugin-org/alpha';
import scaffolderPlugin from '@backstage/plugin-scaffolder/alpha';
import signalsPlugin from '@backstage/plugin-signals/alpha';
import kedaPlugin, {
  kedaScaffolderModule,
} from '@keda-portal/plugin-keda/alpha';
import { GuestSignInPage } from './GuestSignInPage';

// Guest sign-in: the portal's embedded default, backed by the guest auth
// provider; Enter signs in.
const signInPage = SignInPageBlueprint.make({
  params: {
    loader: async () => props => <GuestSignInPage {...props} />,
  },
});

const appModule = createFrontendModule({
  pluginId: 'app',
  extensions: [signInPage],
});

export default createApp({
  features: [
    catalogPlugin,
    orgPlugin,
    scaffolderPlugin,
    // Live updates: the Autoscaling tab refetches when the backend signals a change.
    signalsPlugin,
    // Backstage's own Kubernetes tab, side by side with ours.
    kubernetesPlugin,
    kedaPlugin,
    // The KedaTriggers and KedaReplicaCount fields for software templates.
    kedaScaffolderModule,
    appModule,
  ],
});
