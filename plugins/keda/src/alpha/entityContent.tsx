import { ExtensionDefinition } from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { isKedaAvailable } from '@keda-portal/plugin-keda-common';

/**
 * The "Autoscaling" entity tab, shown where the entity can be found in a cluster.
 *
 * @alpha
 */
// Typed plainly: the inferred blueprint type prints unstably in API reports.
export const entityKedaContent: ExtensionDefinition =
  EntityContentBlueprint.make({
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
