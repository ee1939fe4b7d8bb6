import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { isKedaAvailable } from '@keda-portal/plugin-keda-common';

/**
 * The "Autoscaling" entity tab, shown where the entity can be found in a cluster.
 *
 * @alpha
 */
export const entityKedaContent = EntityContentBlueprint.make({
  name: 'autoscaling',
  params: {
    path: '/autoscaling',
    title: 'Autoscaling',
    filter: isKedaAvailable,
    loader: () =>
      import('../components/AutoscalingContent').then(m => (
        <m.AutoscalingContent />
      )),
  },
});
