/**
 * The read-write half of the API, over the change use case
 * (`KedaChangeService` of plugin-keda-node): preview a scaling change,
 * propose it as a pull request, and what the change form needs.
 */
import { InputError } from '@backstage/errors';
import type {
  ChangeGuardrails,
  ChangeListResponse,
  ChangePreview,
  ChangeProposal,
  ChangeRequestBody,
  CurrentIntentResponse,
  GitopsRepositories,
  WorkloadRef,
} from '@keda-portal/plugin-keda-common';
import type { KedaChangeService } from '@keda-portal/plugin-keda-node';
import type express from 'express';
import {
  audited,
  ENTITY_PATH,
  entityRefOf,
  type AuditDeps,
  type EntityParams,
} from './audited';
import { RateLimiter } from './rateLimit';

/** A Kubernetes object name (DNS subdomain). */
const OBJECT_NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

export interface ChangeRouteDeps extends AuditDeps {
  changes: KedaChangeService;
  /** Change requests per user per minute (default 30). */
  rateLimit?: number;
}

/** The body of a preview or proposal; its fields are the use case's to check. */
function requestOf(entityRef: string, body: unknown) {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw new InputError(
      'The request body must be a JSON object with an `intent` field',
    );
  }
  const { intent, gitops } = body as ChangeRequestBody;
  return { entityRef, intent, gitops };
}

/** The workload of `?name=&kind=&namespace=`, refused by field. */
function workloadOf(query: Record<string, unknown>): WorkloadRef {
  const { name, kind, namespace } = query;
  if (typeof name !== 'string' || !OBJECT_NAME.test(name)) {
    throw new InputError(
      'name must be the name of a ScaledObject or ScaledJob, e.g. ?name=orders-api',
    );
  }
  if (kind !== undefined && kind !== 'ScaledObject' && kind !== 'ScaledJob') {
    throw new InputError('kind must be ScaledObject or ScaledJob');
  }
  if (
    namespace !== undefined &&
    (typeof namespace !== 'string' || !OBJECT_NAME.test(namespace))
  ) {
    throw new InputError(`namespace must be a Kubernetes namespace`);
  }
  return { name, kind, namespace };
}

export function addChangeRoutes(router: express.Router, deps: ChangeRouteDeps) {
  const { changes } = deps;
  const limiter = new RateLimiter(deps.rateLimit ?? 30);

  // Plan, diff and validation of a change; reads Git, writes nothing.
  router.post<EntityParams, ChangePreview, ChangeRequestBody>(
    `${ENTITY_PATH}/changes/preview`,
    async (req, res) => {
      const entityRef = entityRefOf(req);
      const meta = { entityRef };
      const body = await audited(
        deps,
        req,
        { eventId: 'change-preview', meta },
        async credentials => {
          limiter.check(credentials);
          const preview = await changes.preview(
            requestOf(entityRef, req.body),
            { credentials },
          );
          return { body: preview, meta: { branch: preview.branch } };
        },
      );
      res.json(body);
    },
  );

  // Opens or updates the entity's pull request.
  router.post<EntityParams, ChangeProposal, ChangeRequestBody>(
    `${ENTITY_PATH}/changes`,
    async (req, res) => {
      const entityRef = entityRefOf(req);
      const body = await audited(
        deps,
        req,
        { eventId: 'change-create', meta: { entityRef } },
        async credentials => {
          limiter.check(credentials);
          const result = await changes.propose(requestOf(entityRef, req.body), {
            credentials,
          });
          const meta = {
            status: result.status,
            branch: result.plan.branch,
            commit: result.commit,
            pullRequest: result.pullRequest?.url,
          };
          return { body: result, meta };
        },
      );
      res.status(body.status === 'created' ? 201 : 200).json(body);
    },
  );

  // The entity's open proposals.
  router.get<EntityParams, ChangeListResponse>(
    `${ENTITY_PATH}/changes`,
    async (req, res) => {
      const entityRef = entityRefOf(req);
      const body = await audited(
        deps,
        req,
        { eventId: 'change-list', meta: { entityRef } },
        async credentials => {
          const list = await changes.listProposals(entityRef, { credentials });
          return { body: list, meta: { count: list.pullRequests.length } };
        },
      );
      res.json(body);
    },
  );

  // The workload's settings as Git holds them (the proposal branch when it
  // exists, else the base), so a change edits what the pull request edits.
  router.get<EntityParams, CurrentIntentResponse>(
    `${ENTITY_PATH}/changes/current`,
    async (req, res) => {
      const entityRef = entityRefOf(req);
      const body = await audited(
        deps,
        req,
        { eventId: 'change-current', meta: { entityRef } },
        async credentials => {
          const workload = workloadOf(req.query);
          const current = await changes.currentSettings(entityRef, workload, {
            credentials,
          });
          const { path, commit } = current.source;
          return { body: current, meta: { path, commit } };
        },
      );
      res.json(body);
    },
  );

  // The GitOps repositories a proposal may go to, for the form of a
  // component without keda-portal.io/gitops-* annotations.
  router.get<{}, GitopsRepositories>(
    '/changes/repositories',
    async (req, res) => {
      const body = await audited(
        deps,
        req,
        { eventId: 'change-repositories' },
        async credentials => ({
          body: await changes.repositories({ credentials }),
        }),
      );
      res.json(body);
    },
  );

  // The platform team's limits for this entity, for the form.
  router.get<EntityParams, ChangeGuardrails>(
    `${ENTITY_PATH}/changes/guardrails`,
    async (req, res) => {
      const entityRef = entityRefOf(req);
      const body = await audited(
        deps,
        req,
        { eventId: 'guardrails-fetch', meta: { entityRef } },
        async credentials => ({
          body: await changes.guardrails(entityRef, { credentials }),
        }),
      );
      res.json(body);
    },
  );
}
