import {
  AuditorService,
  AuthService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type { Config } from '@backstage/config';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  isKedaAvailable,
  kedaScalingReadPermission,
  type KedaHealthResponse,
} from '@keda-portal/plugin-keda-common';
import {
  owningGithubTeams,
  type ClusterReader,
  type GitopsEngine,
  type KedaClustersService,
  type ScaledWorkload,
} from '@keda-portal/plugin-keda-node';
import express from 'express';
import Router from 'express-promise-router';
import { HistoryStore } from '../history/HistoryStore';
import { EntityIndex } from '../live/EntityIndex';
import { addChangeRoutes } from './changes';
import { addProposalDiffRoute } from './proposalDiff';
import { workloadView } from './views';

export interface RouterOptions {
  history: HistoryStore;
  entities: EntityIndex;
  /** How far back history goes, in days. */
  retentionDays: number;
  logger: LoggerService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  catalog: CatalogService;
  clusters: KedaClustersService;
  reader: ClusterReader;
  /** The GitOps engine; without it the change endpoints are absent. */
  gitops?: GitopsEngine;
  /** The app's URL, for links from pull requests to the entity. */
  appBaseUrl?: string;
  /** Change requests per user per minute. */
  changeRateLimit?: number;
  auth: AuthService;
  /** Root config: the plain Git repositories whose proposals `/changes/diff` shows. */
  config?: Config;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,252}$/;

/** The HTTP API mounted at `/api/keda`. */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, permissions, auditor, catalog, clusters, reader, history } =
    options;

  /**
   * Resolves the entity of the request after checking keda.scaling.read on
   * it; audits the request under `eventId`. Throws Backstage errors.
   */
  async function readableEntity(
    req: express.Request,
    eventId: string,
    permission: ResourcePermission<'catalog-entity'> = kedaScalingReadPermission,
  ) {
    const { namespace, kind, name } = req.params;
    for (const [field, value] of Object.entries({ namespace, kind, name })) {
      if (!NAME.test(value)) {
        throw new InputError(
          `${field} '${value}' is not a valid entity ${field}: use letters, digits, '.', '_' and '-'`,
        );
      }
    }
    const entityRef = stringifyEntityRef({ kind, namespace, name });
    const audit = await auditor.createEvent({
      eventId,
      request: req,
      meta: { entityRef },
    });
    try {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      const [decision] = await permissions.authorize(
        [{ permission, resourceRef: entityRef }],
        { credentials },
      );
      if (decision.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError(
          permission.name === kedaScalingReadPermission.name
            ? `You may not read the scaling data of ${entityRef}`
            : `You may not propose scaling changes to ${entityRef} (permission ${permission.name}); ask one of its owners`,
        );
      }
      const entity = await catalog.getEntityByRef(entityRef, { credentials });
      if (!entity) {
        throw new NotFoundError(`No entity ${entityRef} in the catalog`);
      }
      // A preview or proposal may onboard a component that has no
      // Kubernetes annotations yet: the pull request adds them.
      const onboarding =
        eventId === 'change-preview' || eventId === 'change-create';
      if (!isKedaAvailable(entity) && !onboarding) {
        throw new InputError(
          `${entityRef} has neither backstage.io/kubernetes-id nor backstage.io/kubernetes-label-selector: add one so its cluster objects can be found`,
        );
      }
      return { entity, entityRef, audit, credentials };
    } catch (error) {
      await audit.fail({ error: error as Error });
      throw error;
    }
  }

  /**
   * The view of one cached workload, or undefined with a warning when the
   * object is malformed (possible where a cluster's CRD has no schema): one
   * bad object must not fail the answer for every cluster.
   */
  function viewOrSkip(cluster: string, workload: ScaledWorkload, now: Date) {
    try {
      return workloadView(workload, now);
    } catch (error) {
      const o: any = workload.scaledObject ?? workload.scaledJob;
      options.logger.warn(
        `Skipped malformed ${o?.kind ?? 'object'} ${o?.metadata?.namespace}/${
          o?.metadata?.name
        } of cluster ${cluster}: ${(error as Error)?.message ?? error}`,
      );
      return undefined;
    }
  }

  const router = Router();
  router.use(express.json());
  // A body the JSON parser refuses gets a message that says what to send.
  router.use(
    (
      error: Error & { type?: string; limit?: number },
      _req: express.Request,
      _res: express.Response,
      next: express.NextFunction,
    ) => {
      if (error.type === 'entity.too.large') {
        const tooLarge = new InputError(
          `The request body is larger than ${error.limit} bytes: send only the intent, without large values`,
        );
        (tooLarge as { statusCode?: number }).statusCode = 413;
        next(tooLarge);
      } else if (error.type === 'entity.parse.failed') {
        next(
          new InputError(
            `The request body is not a JSON object (${error.message}): send { "intent": { ... } }`,
          ),
        );
      } else {
        next(error);
      }
    },
  );

  // Which clusters this backend reads, and how fresh each one is. Only
  // signed-in users and other plugins may ask; never any credentials.
  router.get('/health', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const sync = new Map(reader.status().map(s => [s.cluster, s]));
    const body: KedaHealthResponse = {
      status: 'ok',
      clusters: clusters
        .summaries()
        .map(c => ({ ...c, sync: sync.get(c.name) })),
    };
    res.json(body);
  });

  // Live scaling status of one entity, per cluster, from the watch caches.
  router.get('/entities/:namespace/:kind/:name/scaling', async (req, res) => {
    const { entity, entityRef, audit } = await readableEntity(
      req,
      'scaling-fetch',
    );
    const now = new Date();
    await audit.success();
    res.json({
      entityRef,
      generatedAt: now.toISOString(),
      clusters: reader.forEntity(entity).map(c => ({
        ...c.cluster,
        workloads: c.workloads.flatMap(
          w => viewOrSkip(c.cluster.cluster, w, now) ?? [],
        ),
      })),
    });
  });

  // The fleet: every scaled workload of every cluster that belongs to an
  // entity the caller may read, with filters.
  router.get('/overview', async (req, res) => {
    const filters: Record<string, string | undefined> = {};
    for (const key of [
      'health',
      'cluster',
      'namespace',
      'owner',
      'triggerType',
    ]) {
      const value = req.query[key];
      if (value !== undefined && typeof value !== 'string') {
        throw new InputError(`${key} must be given once, as text`);
      }
      filters[key] = value;
    }
    const healths = ['ok', 'degraded', 'failing', 'paused', 'idle'];
    if (filters.health && !healths.includes(filters.health)) {
      throw new InputError(
        `health '${filters.health}' is not one of ${healths.join(', ')}`,
      );
    }
    const audit = await auditor.createEvent({
      eventId: 'overview-fetch',
      request: req,
      meta: filters,
    });
    try {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      const now = new Date();
      const items = [];
      for (const cache of reader.caches) {
        if (filters.cluster && cache.name !== filters.cluster) continue;
        for (const object of [
          ...cache.objects('scaledobjects'),
          ...cache.objects('scaledjobs'),
        ] as any[]) {
          if (
            filters.namespace &&
            object.metadata.namespace !== filters.namespace
          )
            continue;
          const refs = options.entities.entitiesFor(cache.name, object);
          if (!refs.length) continue;
          items.push({
            cluster: cache.name,
            refs,
            workload: cache.workloadFor(object),
          });
        }
      }
      const refs = [...new Set(items.flatMap(i => i.refs))];
      const decisions = refs.length
        ? await permissions.authorize(
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
        options.entities
          .all()
          .map(e => [e.ref, (e.entity.spec?.owner as string) ?? undefined]),
      );
      const body = items
        .map(i => ({ ...i, refs: i.refs.filter(r => allowed.has(r)) }))
        .filter(i => i.refs.length)
        .flatMap(i => {
          const view = viewOrSkip(i.cluster, i.workload, now);
          if (!view) return [];
          return {
            cluster: i.cluster,
            entityRefs: i.refs,
            owners: [
              ...new Set(i.refs.map(r => owners.get(r)).filter(Boolean)),
            ] as string[],
            kind: view.kind,
            namespace: view.namespace,
            name: view.name,
            health: view.status.health,
            diagnosis: view.status.diagnosis,
            replicas: view.status.replicas,
            triggerTypes: view.status.triggers.map(t => t.type),
          };
        })
        .filter(
          i =>
            (!filters.health || i.health === filters.health) &&
            (!filters.owner ||
              i.owners.some(
                o =>
                  o === filters.owner ||
                  o.endsWith(`/${filters.owner}`) ||
                  o.endsWith(`:${filters.owner}`),
              )) &&
            (!filters.triggerType ||
              i.triggerTypes.includes(filters.triggerType)),
        );
      await audit.success({ meta: { count: body.length } });
      res.json({
        generatedAt: now.toISOString(),
        clusters: reader.status(),
        items: body,
      });
    } catch (error) {
      await audit.fail({ error: error as Error });
      throw error;
    }
  });

  // Replica and metric history of the entity's ScaledObjects.
  router.get('/entities/:namespace/:kind/:name/history', async (req, res) => {
    const hoursParam = req.query.hours ?? '24';
    const hours = Number(hoursParam);
    const maxHours = options.retentionDays * 24;
    if (!Number.isFinite(hours) || hours <= 0 || hours > maxHours) {
      throw new InputError(
        `hours '${hoursParam}' is out of range: use a number above 0 and at most ${maxHours} (the history retention)`,
      );
    }
    const { entity, entityRef, audit } = await readableEntity(
      req,
      'history-fetch',
    );
    const since = new Date(Date.now() - hours * 3600_000);
    const series = [];
    for (const c of reader.forEntity(entity)) {
      for (const w of c.workloads) {
        const so = w.scaledObject;
        if (!so?.metadata?.name || !so.metadata.namespace) continue;
        const samples = await history.read({
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
    await audit.success();
    res.json({ entityRef, since: since.toISOString(), series });
  });

  if (options.config)
    addProposalDiffRoute(router, { ...options, config: options.config });

  if (options.gitops) {
    addChangeRoutes(router, {
      gitops: options.gitops,
      readableEntity,
      baseUrl: options.appBaseUrl,
      rateLimit: options.changeRateLimit,
      reviewersFor: async entity => {
        const credentials = await options.auth.getOwnServiceCredentials();
        return owningGithubTeams(entity, async entityRefs =>
          (
            await catalog.getEntitiesByRefs(
              { entityRefs, fields: ['metadata.annotations'] },
              { credentials },
            )
          ).items.map(e => e ?? undefined),
        );
      },
    });
  }

  return router;
}
