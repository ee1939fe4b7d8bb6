import {
  createRouteRef,
  ExtensionDefinition,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import TrendingUpIcon from '@material-ui/icons/TrendingUp';

/** @alpha */
export const fleetRouteRef = createRouteRef();

/**
 * The fleet page at `/keda`.
 *
 * @alpha
 */
export const kedaFleetPage: ExtensionDefinition = PageBlueprint.make({
  params: {
    path: '/keda',
    title: 'Autoscaling',
    icon: <TrendingUpIcon />,
    routeRef: fleetRouteRef,
    noHeader: true,
    loader: () =>
      import('../components/KedaFleetPage').then(m => <m.KedaFleetPage />),
  },
});
