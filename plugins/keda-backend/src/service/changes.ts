/**
 * The read-write half of the API: preview a scaling change, propose it as a
 * pull request, list an entity's open proposals. Nothing here touches a
 * cluster; the only write is a branch in the GitOps repository.
 */
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { AuditorServiceEvent } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import type { ResourcePermission } from '@backstage/plugin-permission-common';
import {
  ANNOTATION_KUBERNETES_ID,
  intentShapeProblems,
  kedaChangeCreatePermission,
  type ScalingIntent,
  type ScalingKind,
} from '@keda-portal/plugin-keda-common';
import {
  applyGitopsChoice,
  type ChangePlan,
  type GitopsChoice,
  type GitopsEngine,
} from '@keda-portal/plugin-keda-node';
import express from 'express';

type ReadableEntity = (
  req: express.Request,
  eventId: string,
  permission?: ResourcePermission<'catalog-entity'>,
) => Promise<{
  entity: Entity;
  entityRef: string;
  audit: AuditorServiceEvent;
  credentials: BackstageCredentials;
}>;

/**
 * A workload's intent as Git holds it, as the engine's `currentIntent`
 * returns it (`readCurrentIntent` in plugin-keda-node).
 */
interface CurrentIntentView {
  intent: ScalingIntent;
  /** Fields in Git an intent cannot hold; a proposal would drop them. */
  unsupported: string[];
  source: {
    path: string;
    commit: string;
    branch: string;
    proposalBranch: boolean;
  };
}

/**
 * The engine, with the optional reader of the current intent: a backend
 * whose engine lacks it answers 404 and the form starts from the live object.
 */
type ChangeEngine = GitopsEngine & {
  currentIntent?(
    entity: Entity,
    query: { name: string; kind?: ScalingKind; namespace?: string },
  ): Promise<CurrentIntentView | undefined>;
};

/** A Kubernetes object name (DNS subdomain). */
const OBJECT_NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

/** A sliding one-minute window of change requests per user. */
class RateLimiter {
  private readonly hits = new Map<string, number[]>();
  constructor(private readonly perMinute: number) {}

  check(key: string) {
    const now = Date.now();
    const recent = (this.hits.get(key) ?? []).filter(t => now - t < 60_000);
    if (recent.length >= this.perMinute) {
      const error = new NotAllowedError(
        `Too many change requests: at most ${
          this.perMinute
        } per minute per user; wait ${Math.ceil(
          (60_000 - (now - recent[0])) / 1000,
        )} s and try again`,
      );
      (error as { statusCode?: number }).statusCode = 429;
      throw error;
    }
    recent.push(now);
    this.hits.set(key, recent);
  }
}

/** The intent of a request body, with the entity's own label filled in. */
function intentFrom(body: unknown, entity: Entity): ScalingIntent {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw new InputError(
      'The request body must be a JSON object with an `intent` field',
    );
  }
  const intent = (body as { intent?: unknown }).intent;
  if (!intent || typeof intent !== 'object' || Array.isArray(intent)) {
    throw new InputError(
      'intent is missing: send { "intent": { "name", "namespace", "scaleTarget", "triggers", ... } }',
    );
  }
  // Wrong types would reach the manifest builder: refuse them here, by field.
  const shape = intentShapeProblems(intent);
  if (shape.length) {
    throw new InputError(
      `${shape[0].message}. ${shape[0].fix}${
        shape.length > 1 ? ` (and ${shape.length - 1} more problems)` : ''
      }`,
    );
  }
  const id = entity.metadata.annotations?.[ANNOTATION_KUBERNETES_ID];
  const given = (intent as { kubernetesId?: unknown }).kubernetesId;
  if (id && given !== undefined && given !== id) {
    throw new InputError(
      `intent.kubernetesId '${String(
        given,
      )}' differs from the entity's ${ANNOTATION_KUBERNETES_ID} '${id}': leave it out or use '${id}', or the Autoscaling tab would not find the result`,
    );
  }
  return {
    ...(intent as ScalingIntent),
    // Without the annotation, the entity's name (the proposal adds it).
    kubernetesId: (given as string) ?? id ?? entity.metadata.name,
  };
}

/**
 * The request's `gitops` choice (repository, folder, layout) for an entity
 * without the `keda-portal.io/gitops-*` annotations: the entity the engine
 * sees, and the annotations the proposal adds to its catalog-info.yaml.
 */
function targetFrom(body: unknown, entity: Entity, intent: ScalingIntent) {
  const gitops = (body as { gitops?: unknown }).gitops;
  if (
    gitops !== undefined &&
    (gitops === null || typeof gitops !== 'object' || Array.isArray(gitops))
  ) {
    throw new InputError(
      'gitops must be an object { "repo", "path", "layout" }: leave it out to use the entity\'s keda-portal.io/gitops-* annotations',
    );
  }
  for (const key of ['repo', 'path', 'layout'] as const) {
    const value = (gitops as Record<string, unknown> | undefined)?.[key];
    if (value !== undefined && typeof value !== 'string') {
      throw new InputError(`gitops.${key} must be a string`);
    }
  }
  return applyGitopsChoice(entity, gitops as GitopsChoice | undefined, intent);
}

/** What the browser may see of a plan: everything but the engine's internals. */
function planView(plan: ChangePlan) {
  return {
    entityRef: plan.entityRef,
    repository: plan.target.repoUrl,
    path: plan.target.path,
    layout: plan.target.layout,
    environment: plan.target.environment,
    branch: plan.branch,
    baseBranch: plan.basis.baseBranch,
    edits: plan.edits.map(e => ({
      path: e.path,
      reason: e.reason,
      created: e.before === undefined,
    })),
    diff: plan.diff,
    notes: plan.notes,
    problems: plan.problems,
    secretKeys: plan.secretKeys,
    title: plan.title,
    body: plan.body,
    openPullRequest: plan.openPullRequest,
    valid: plan.problems.length === 0,
  };
}

export function addChangeRoutes(
  router: express.Router,
  options: {
    gitops: ChangeEngine;
    readableEntity: ReadableEntity;
    baseUrl?: string;
    rateLimit?: number;
    /** Reviewers for the entity's pull requests (its owning GitHub team). */
    reviewersFor?: (entity: Entity) => Promise<string[]>;
  },
) {
  const { gitops, readableEntity } = options;
  const limiter = new RateLimiter(options.rateLimit ?? 30);
  const entityUrl = (entity: Entity) =>
    options.baseUrl
      ? `${options.baseUrl}/catalog/${entity.metadata.namespace ?? 'default'}/${
          entity.kind
        }/${entity.metadata.name}/autoscaling`.toLocaleLowerCase('en-US')
      : undefined;
  const who = (credentials: BackstageCredentials) =>
    (credentials.principal as { userEntityRef?: string; subject?: string })
      .userEntityRef ??
    (credentials.principal as { subject?: string }).subject ??
    'unknown';

  // Plan, diff and validation of a change; reads Git, writes nothing.
  router.post(
    '/entities/:namespace/:kind/:name/changes/preview',
    async (req, res) => {
      const { entity, audit, credentials } = await readableEntity(
        req,
        'change-preview',
        kedaChangeCreatePermission,
      );
      try {
        limiter.check(who(credentials));
        const intent = intentFrom(req.body, entity);
        const chosen = targetFrom(req.body, entity, intent);
        const plan = await gitops.plan(chosen.entity, intent, {
          requestedBy: who(credentials),
          entityUrl: entityUrl(entity),
          catalogAnnotations: chosen.catalogAnnotations,
        });
        await audit.success({ meta: { branch: plan.branch } });
        res.json(planView(plan));
      } catch (error) {
        await audit.fail({ error: error as Error });
        throw error;
      }
    },
  );

  // Opens or updates the entity's pull request.
  router.post('/entities/:namespace/:kind/:name/changes', async (req, res) => {
    const { entity, audit, credentials } = await readableEntity(
      req,
      'change-create',
      kedaChangeCreatePermission,
    );
    try {
      limiter.check(who(credentials));
      const intent = intentFrom(req.body, entity);
      const chosen = targetFrom(req.body, entity, intent);
      const result = await gitops.propose(chosen.entity, intent, {
        requestedBy: who(credentials),
        entityUrl: entityUrl(entity),
        reviewers: await options.reviewersFor?.(entity),
        catalogAnnotations: chosen.catalogAnnotations,
      });
      await audit.success({
        meta: {
          status: result.status,
          branch: result.plan.branch,
          commit: result.commit,
          pullRequest: result.pullRequest?.url,
        },
      });
      res.status(result.status === 'created' ? 201 : 200).json({
        status: result.status,
        pullRequest: result.pullRequest,
        commit: result.commit,
        plan: planView(result.plan),
      });
    } catch (error) {
      await audit.fail({ error: error as Error });
      throw error;
    }
  });

  // The entity's open proposals.
  router.get('/entities/:namespace/:kind/:name/changes', async (req, res) => {
    const { entity, audit } = await readableEntity(req, 'change-list');
    try {
      const pullRequests = await gitops.listProposals(entity);
      await audit.success({ meta: { count: pullRequests.length } });
      res.json({
        pullRequests: pullRequests.map(({ body: _body, ...pr }) => pr),
      });
    } catch (error) {
      await audit.fail({ error: error as Error });
      throw error;
    }
  });

  // The workload's settings as Git holds them (the proposal branch when it
  // exists, else the base), so a change edits what the pull request edits.
  router.get(
    '/entities/:namespace/:kind/:name/changes/current',
    async (req, res) => {
      const { entity, audit } = await readableEntity(req, 'change-current');
      try {
        const { name, kind, namespace } = req.query;
        if (typeof name !== 'string' || !OBJECT_NAME.test(name)) {
          throw new InputError(
            'name must be the name of a ScaledObject or ScaledJob, e.g. ?name=orders-api',
          );
        }
        if (
          kind !== undefined &&
          kind !== 'ScaledObject' &&
          kind !== 'ScaledJob'
        ) {
          throw new InputError('kind must be ScaledObject or ScaledJob');
        }
        if (
          namespace !== undefined &&
          (typeof namespace !== 'string' || !OBJECT_NAME.test(namespace))
        ) {
          throw new InputError(`namespace must be a Kubernetes namespace`);
        }
        if (!gitops.currentIntent) {
          throw new NotFoundError(
            'This backend cannot read current settings from Git; start from the live object',
          );
        }
        const current = await gitops.currentIntent(entity, {
          name,
          kind,
          namespace,
        });
        if (!current) {
          const target = gitops.target(entity);
          throw new NotFoundError(
            `No ${kind ?? 'ScaledObject or ScaledJob'} ${name} in ${
              target.path || '(repository root)'
            } of ${target.repoUrl} yet; a proposal will add it to that folder`,
          );
        }
        await audit.success({
          meta: { path: current.source.path, commit: current.source.commit },
        });
        res.json(current);
      } catch (error) {
        await audit.fail({ error: error as Error });
        throw error;
      }
    },
  );

  // The GitOps repositories a proposal may go to, for the form of a
  // component without keda-portal.io/gitops-* annotations.
  router.get('/changes/repositories', async (_req, res) => {
    res.json(gitops.repositories());
  });

  // The platform team's limits for this entity, for the form.
  router.get(
    '/entities/:namespace/:kind/:name/changes/guardrails',
    async (req, res) => {
      const { entity, audit } = await readableEntity(req, 'guardrails-fetch');
      await audit.success();
      res.json(gitops.guardrailsFor(entity));
    },
  );
}
