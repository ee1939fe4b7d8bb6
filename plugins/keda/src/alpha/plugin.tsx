import {
  createFrontendPlugin,
  FrontendPlugin,
} from '@backstage/frontend-plugin-api';
import TrendingUpIcon from '@material-ui/icons/TrendingUp';
import { kedaApi } from './apis';
import {
  entityKedaCard,
  entityKedaContent,
  entityKedaSetupContent,
} from './entityContent';
import { fleetRouteRef, kedaFleetPage } from './page';
import { kedaProposalPage } from './proposalPage';

/**
 * KEDA Portal's frontend plugin for the new frontend system.
 *
 * @public
 */
const kedaPlugin: FrontendPlugin = createFrontendPlugin({
  pluginId: 'keda',
  title: 'Autoscaling',
  icon: <TrendingUpIcon />,
  extensions: [
    kedaApi,
    entityKedaContent,
    entityKedaSetupContent,
    entityKedaCard,
    kedaFleetPage,
    kedaProposalPage,
  ],
  routes: { fleet: fleetRouteRef },
});

export default kedaPlugin;
