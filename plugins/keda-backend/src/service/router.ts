import type {
  AuditorService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type {
  KedaClusterReader,
  KedaChangeService,
  KedaClustersService,
} from '@keda-portal/plugin-keda-node';
import express from 'express';
import Router from 'express-promise-router';
import type { HistoryStore } from '../history/HistoryStore';
import type { EntityIndex } from '../live/EntityIndex';
import { addChangeRoutes } from './routes/changes';
import { addFleetRoute } from './routes/fleet';
import { addHealthRoute } from './routes/health';
import { addHistoryRoute } from './routes/history';
import { addProposalDiffRoute } from './routes/proposalDiff';
import { addScalingRoute } from './routes/scaling';

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
  reader: KedaClusterReader;
  /** The change use case, over the GitOps engine. */
  changes: KedaChangeService;
  /** Change requests per user per minute. */
  changeRateLimit?: number;
  /** Root config: the plain Git repositories whose proposals `/changes/diff` shows. */
  config: Config;
}

/**
 * A body the JSON parser refuses gets a message that says what to send.
 */
function bodyErrors(
  error: Error & { type?: string; limit?: number },
  _req: express.Request,
  _res: express.Response,
  next: express.NextFunction,
) {
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
}

/** The HTTP API mounted at `/api/keda`: one file per route group under routes/. */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const router = Router();
  router.use(express.json());
  router.use(bodyErrors);
  addHealthRoute(router, options);
  addScalingRoute(router, options);
  addFleetRoute(router, options);
  addHistoryRoute(router, options);
  addProposalDiffRoute(router, options);
  addChangeRoutes(router, { ...options, rateLimit: options.changeRateLimit });
  return router;
}
