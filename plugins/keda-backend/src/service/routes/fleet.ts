import type {
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  kedaScalingReadPermission,
  type OverviewFilters,
  type OverviewItem,
  type OverviewResponse,
} from '@keda-portal/plugin-keda-common';
import type { KedaClusterReader } from '@keda-portal/plugin-keda-node';
import type express from 'express';
import type { EntityIndex } from '../../live/EntityIndex';
import { viewOrSkip } from '../views';
import { audited, type AuditDeps } from './audited';

const FILTERS = [
  'health',
  'cluster',
  'namespace',
  'owner',
  'triggerType',
] as const;
const HEALTHS = ['ok', 'degraded', 'failing', 'paused', 'idle'];

export interface FleetDeps extends AuditDeps {
  permissions: PermissionsService;
  reader: KedaClusterReader;
  entities: EntityIndex;
  logger: LoggerService;
}

/** The filters of the query, each given at most once, as text. */
function filtersOf(query: express.Request['query']): OverviewFilters {
  const filters: Record<string, string | undefined> = {};
  for (const key of FILTERS) {
    const value = query[key];
    if (value !== undefined && typeof value !== 'string') {
      throw new InputError(`${key} must be given once, as text`);
    }
    filters[key] = value;
  }
  if (filters.health && !HEALTHS.includes(filters.health)) {
    throw new InputError(
      `health '${filters.health}' is not one of ${HEALTHS.join(', ')}`,
    );
  }
  return filters;
}

function ownedBy(owners: string[], owner: string) {
  return owners.some(
    o => o === owner || o.endsWith(`/${owner}`) || o.endsWith(`:${owner}`),
  );
}

/**
 * `GET /overview`: every scaled workload of every cluster that belongs to
 * an entity the caller may read, with filters.
 */
export function addFleetRoute(router: express.Router, deps: FleetDeps) {
  router.get<{}, OverviewResponse>('/overview', async (req, res) => {
    const filters = filtersOf(req.query);
    const { body } = await audited(
      deps,
      req,
      { eventId: 'overview-fetch', meta: { ...filters } },
      async credentials => {
        const now = new Date();
        // Only workloads some entity owns; their views are built below.
        const found = deps.reader.scaledWorkloads(
          filters,
          (cluster, object) => {
            const refs = deps.entities.entitiesFor(cluster, object);
            return refs.length ? refs : undefined;
          },
        );
        const refs = [...new Set(found.flatMap(f => f.selected))];
        const decisions = refs.length
          ? await deps.permissions.authorize(
              refs.map(resourceRef => ({
                permission: kedaScalingReadPermission,
                resourceRef,
              })),
              { credentials },
            )
          : [];
        const allowed = new Set(
          refs.filter((_, i) => decisions[i].result === AuthorizeResult.ALLOW),
        );
        const owners = new Map(
          deps.entities
            .all()
            .map(e => [e.ref, (e.entity.spec?.owner as string) ?? undefined]),
        );
        const items = found.flatMap(
          ({ workload, selected }): OverviewItem[] => {
            const entityRefs = selected.filter(r => allowed.has(r));
            if (!entityRefs.length) return [];
            const view = viewOrSkip(deps.logger, workload, now);
            if (!view) return [];
            return [
              {
                cluster: workload.cluster,
                entityRefs,
                owners: [
                  ...new Set(
                    entityRefs.map(r => owners.get(r)).filter(Boolean),
                  ),
                ] as string[],
                kind: view.kind,
                namespace: view.namespace,
                name: view.name,
                health: view.status.health,
                diagnosis: view.status.diagnosis,
                replicas: view.status.replicas,
                triggerTypes: view.status.triggers.map(t => t.type),
              },
            ];
          },
        );
        const shown = items.filter(
          i =>
            (!filters.health || i.health === filters.health) &&
            (!filters.owner || ownedBy(i.owners, filters.owner)) &&
            (!filters.triggerType ||
              i.triggerTypes.includes(filters.triggerType)),
        );
        return {
          body: {
            generatedAt: now.toISOString(),
            clusters: deps.reader.status(),
            items: shown,
          },
          meta: { count: shown.length },
        };
      },
    );
    res.json(body);
  });
}
