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
        import('../components/EntityKedaContent').then(m => (
          <m.EntityKedaContent />
        )),
    },
  });

/**
 * The "Autoscaling" tab of a component without the Kubernetes annotations:
 * what is missing and a link to the template that adds autoscaling. The
 * catalog's entity page has a route only for the tabs it shows, so without
 * this `/autoscaling` is a 404 for such components. Disable it
 * (`entity-content:keda/autoscaling-setup: false`) to show the tab only
 * where autoscaling is set up.
 *
 * @alpha
 */
export const entityKedaSetupContent: ExtensionDefinition =
  EntityContentBlueprint.make({
    name: 'autoscaling-setup',
    params: {
      path: '/autoscaling',
      title: 'Autoscaling',
      filter: entity =>
        entity.kind.toLocaleLowerCase('en-US') === 'component' &&
        !isKedaAvailable(entity),
      loader: () =>
        import('../components/EntityKedaContent').then(m => (
          <m.EntityKedaContent />
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
