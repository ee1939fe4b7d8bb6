import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import TrendingUpIcon from '@material-ui/icons/TrendingUp';
import { kedaApi } from './apis';
import { entityKedaContent } from './entityContent';

/**
 * KEDA Portal's frontend plugin for the new frontend system.
 *
 * @public
 */
export default createFrontendPlugin({
  pluginId: 'keda',
  title: 'Autoscaling',
  icon: <TrendingUpIcon />,
  extensions: [kedaApi, entityKedaContent],
});
