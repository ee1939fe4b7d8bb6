import type { HttpAuthService } from '@backstage/backend-plugin-api';
import type { KedaHealthResponse } from '@keda-portal/plugin-keda-common';
import type {
  KedaClusterReader,
  KedaClustersService,
} from '@keda-portal/plugin-keda-node';
import type express from 'express';

/**
 * `GET /health`: which clusters this backend reads, and how fresh each one
 * is. Only signed-in users and other plugins may ask; never any credentials.
 */
export function addHealthRoute(
  router: express.Router,
  deps: {
    httpAuth: HttpAuthService;
    clusters: KedaClustersService;
    reader: KedaClusterReader;
  },
) {
  router.get<{}, KedaHealthResponse>('/health', async (req, res) => {
    await deps.httpAuth.credentials(req, { allow: ['user', 'service'] });
    const sync = new Map(deps.reader.status().map(s => [s.cluster, s]));
    res.json({
      status: 'ok',
      clusters: deps.clusters
        .summaries()
        .map(c => ({ ...c, sync: sync.get(c.name) })),
    });
  });
}
