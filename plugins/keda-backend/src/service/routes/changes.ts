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
import type {
  KedaChangeCaller,
  KedaChangeRequest,
  KedaChangeService,
} from '@keda-portal/plugin-keda-node';
import type express from 'express';
import {
  addEntityRoute,
  audited,
  type Answer,
  type AuditDeps,
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
function requestOf(entityRef: string, body: unknown): KedaChangeRequest {
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

/** The change endpoints: preview and propose (rate-limited per user), and what the form reads. */
export function addChangeRoutes(router: express.Router, deps: ChangeRouteDeps) {
  const { changes } = deps;
  const limiter = new RateLimiter(deps.rateLimit ?? 30);

  /** A preview or proposal: rate-limited per user, then the use case. */
  const addWriteRoute = <T>(
    path: string,
    eventId: string,
    run: (
      request: KedaChangeRequest,
      caller: KedaChangeCaller,
    ) => Promise<Answer<T>>,
  ) =>
    addEntityRoute<T, ChangeRequestBody>(
      router,
      deps,
      { method: 'post', path, eventId },
      async (entityRef, credentials, req) => {
        limiter.check(credentials);
        return run(requestOf(entityRef, req.body), { credentials });
      },
    );

  // Plan, diff and validation of a change; reads Git, writes nothing.
  addWriteRoute<ChangePreview>(
    '/changes/preview',
    'change-preview',
    async (request, caller) => {
      const preview = await changes.preview(request, caller);
      return { body: preview, meta: { branch: preview.branch } };
    },
  );

  // Opens or updates the entity's pull request.
  addWriteRoute<ChangeProposal>(
    '/changes',
    'change-create',
    async (request, caller) => {
      const result = await changes.propose(request, caller);
      const { status, commit, pullRequest, plan } = result;
      return {
        body: result,
        meta: {
          status,
          branch: plan.branch,
          commit,
          pullRequest: pullRequest?.url,
        },
        status: status === 'created' ? 201 : 200,
      };
    },
  );

  // The entity's open proposals.
  addEntityRoute<ChangeListResponse>(
    router,
    deps,
    { method: 'get', path: '/changes', eventId: 'change-list' },
    async (entityRef, credentials) => {
      const list = await changes.listProposals(entityRef, { credentials });
      return { body: list, meta: { count: list.pullRequests.length } };
    },
  );

  // The workload's settings as Git holds them (the proposal branch when it
  // exists, else the base), so a change edits what the pull request edits.
  addEntityRoute<CurrentIntentResponse>(
    router,
    deps,
    { method: 'get', path: '/changes/current', eventId: 'change-current' },
    async (entityRef, credentials, req) => {
      const workload = workloadOf(req.query);
      const current = await changes.currentSettings(entityRef, workload, {
        credentials,
      });
      const { path, commit } = current.source;
      return { body: current, meta: { path, commit } };
    },
  );

  // The platform team's limits for this entity, for the form.
  addEntityRoute<ChangeGuardrails>(
    router,
    deps,
    { method: 'get', path: '/changes/guardrails', eventId: 'guardrails-fetch' },
    async (entityRef, credentials) => ({
      body: await changes.guardrails(entityRef, { credentials }),
    }),
  );

  // The GitOps repositories a proposal may go to, for the form of a
  // component without keda-portal.io/gitops-* annotations.
  router.get<{}, GitopsRepositories>(
    '/changes/repositories',
    async (req, res) => {
      const { body } = await audited(
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
}
