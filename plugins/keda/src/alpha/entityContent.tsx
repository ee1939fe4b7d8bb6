import { ExtensionDefinition } from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
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
        import('../components/EntityScaling').then(m => (
          <m.EntityScalingContent />
        )),
    },
  });

/**
 * Autoscaling at a glance on the entity overview.
 *
 * @alpha
 */
export const entityKedaCard: ExtensionDefinition = EntityCardBlueprint.make({
  name: 'autoscaling',
  params: {
    filter: isKedaAvailable,
    loader: () =>
      import('../components/EntityKedaCard').then(m => <m.EntityKedaCard />),
  },
});
