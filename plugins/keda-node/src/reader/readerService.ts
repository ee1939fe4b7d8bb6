import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { kedaClustersServiceRef } from '../clusters/clustersService';
import { ClusterReader, type KedaClusterReader } from './ClusterReader';

/**
 * The live reader: one watch-backed cache per configured cluster, shared by
 * every plugin of the backend. Started on first use, stopped at shutdown.
 *
 * @public
 */
export const kedaClusterReaderServiceRef = createServiceRef<KedaClusterReader>({
  id: 'keda.cluster-reader',
  scope: 'root',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {
        clusters: kedaClustersServiceRef,
        lifecycle: coreServices.rootLifecycle,
        logger: coreServices.rootLogger,
      },
      factory({ clusters, lifecycle, logger }) {
        const reader = new ClusterReader(clusters.list(), {
          informer: {
            onError: e =>
              logger.warn(
                `KEDA Portal cluster watch failed: ${e.message ?? e}`,
              ),
          },
        });
        reader.start();
        lifecycle.addShutdownHook(() => reader.stop());
        return reader;
      },
    }),
});
