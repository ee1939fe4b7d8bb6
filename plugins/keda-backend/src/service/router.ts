import { HttpAuthService, LoggerService } from '@backstage/backend-plugin-api';
import type { KedaClustersService } from '@keda-portal/plugin-keda-node';
import type { KedaHealthResponse } from '@keda-portal/plugin-keda-common';
import express from 'express';
import Router from 'express-promise-router';

export interface RouterOptions {
  logger: LoggerService;
  httpAuth: HttpAuthService;
  clusters: KedaClustersService;
}

/** The HTTP API mounted at `/api/keda`. */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, clusters } = options;
  const router = Router();
  router.use(express.json());

  // Which clusters this backend reads. Only signed-in users and other
  // plugins may ask; the answer never carries credentials.
  router.get('/health', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const body: KedaHealthResponse = {
      status: 'ok',
      clusters: clusters.summaries(),
    };
    res.json(body);
  });

  return router;
}
