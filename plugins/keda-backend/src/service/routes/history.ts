import type {
  HistoryQuery,
  HistoryResponse,
} from '@keda-portal/plugin-keda-common';
import type { KedaClusterReader } from '@keda-portal/plugin-keda-node';
import { InputError } from '@backstage/errors';
import type express from 'express';
import type { HistoryStore } from '../../history/HistoryStore';
import { addEntityRoute, type AuditDeps } from './audited';
import { readableEntity, type ReadDeps } from './readable';

/** `GET /entities/:namespace/:kind/:name/history?hours=`: replica and metric history of the entity's ScaledObjects. */
export function addHistoryRoute(
  router: express.Router,
  deps: AuditDeps &
    ReadDeps & {
      reader: KedaClusterReader;
      history: HistoryStore;
      /** How far back history goes, in days. */
      retentionDays: number;
    },
) {
  const maxHours = deps.retentionDays * 24;
  const hoursOf = (query: HistoryQuery) => {
    const hours = Number(query.hours ?? '24');
    if (!Number.isFinite(hours) || hours <= 0 || hours > maxHours) {
      throw new InputError(
        `hours '${
          query.hours ?? '24'
        }' is out of range: use a number above 0 and at most ${maxHours} (the history retention)`,
      );
    }
    return hours;
  };
  addEntityRoute<HistoryResponse>(
    router,
    deps,
    {
      method: 'get',
      path: '/history',
      eventId: 'history-fetch',
      check: req => hoursOf(req.query),
    },
    async (entityRef, credentials, req) => {
      const entity = await readableEntity(deps, entityRef, credentials);
      const since = new Date(Date.now() - hoursOf(req.query) * 3600_000);
      const series = await seriesOf(deps, entity, since);
      return { body: { entityRef, since: since.toISOString(), series } };
    },
  );
}

async function seriesOf(
  deps: { reader: KedaClusterReader; history: HistoryStore },
  entity: Parameters<KedaClusterReader['forEntity']>[0],
  since: Date,
): Promise<HistoryResponse['series']> {
  const series: HistoryResponse['series'] = [];
  for (const c of deps.reader.forEntity(entity)) {
    for (const w of c.workloads) {
      const so = w.scaledObject;
      if (!so?.metadata?.name || !so.metadata.namespace) continue;
      const samples = await deps.history.read({
        cluster: c.cluster.cluster,
        namespace: so.metadata.namespace,
        kind: 'ScaledObject',
        name: so.metadata.name,
        since,
      });
      series.push({
        cluster: c.cluster.cluster,
        namespace: so.metadata.namespace,
        kind: 'ScaledObject',
        name: so.metadata.name,
        points: samples.map(p => ({
          t: p.sampledAt.toISOString(),
          replicas: p.replicas,
          desired: p.desired,
          metrics: p.metrics,
        })),
      });
    }
  }
  return series;
}
