import type { LoggerService } from '@backstage/backend-plugin-api';
import type { EntityScalingResponse } from '@keda-portal/plugin-keda-common';
import type { KedaClusterReader } from '@keda-portal/plugin-keda-node';
import type express from 'express';
import { viewOrSkip } from '../views';
import { addEntityRoute, type AuditDeps } from './audited';
import { readableEntity, type ReadDeps } from './readable';

/** `GET /entities/:namespace/:kind/:name/scaling`: live status, per cluster, from the watch caches. */
export function addScalingRoute(
  router: express.Router,
  deps: AuditDeps &
    ReadDeps & { reader: KedaClusterReader; logger: LoggerService },
) {
  addEntityRoute<EntityScalingResponse>(
    router,
    deps,
    { method: 'get', path: '/scaling', eventId: 'scaling-fetch' },
    async (entityRef, credentials) => {
      const entity = await readableEntity(deps, entityRef, credentials);
      const now = new Date();
      const clusters = deps.reader.forEntity(entity).map(c => ({
        ...c.cluster,
        workloads: c.workloads.flatMap(
          w => viewOrSkip(deps.logger, w, now) ?? [],
        ),
      }));
      return {
        body: { entityRef, generatedAt: now.toISOString(), clusters },
      };
    },
  );
}
