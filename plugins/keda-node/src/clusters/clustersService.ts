import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import type { ClusterSummary } from '@keda-portal/plugin-keda-common';
import { KedaClusterDetails, readClusters } from './readClusters';

/**
 * The clusters KEDA Portal reads. A root service: the cluster list is read
 * once per backend, and every plugin that needs it shares it.
 *
 * @public
 */
export interface KedaClustersService {
  /** Everything needed to connect; for backend use only. */
  list(): KedaClusterDetails[];
  /** What may be shown to a user: no tokens, no CA material. */
  summaries(): ClusterSummary[];
}

/** @public */
export const kedaClustersServiceRef = createServiceRef<KedaClustersService>({
  id: 'keda.clusters',
  scope: 'root',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.rootLogger,
      },
      factory({ config, logger }) {
        const clusters = readClusters(config);
        logger.info(
          `KEDA Portal reads ${clusters.length} cluster(s): ${
            clusters.map(c => `${c.name} (${c.source})`).join(', ') || 'none'
          }`,
        );
        return {
          list: () => clusters,
          summaries: () =>
            clusters.map(c => ({
              name: c.name,
              url: c.url,
              source: c.source,
              authProvider: c.authProvider,
            })),
        };
      },
    }),
});
