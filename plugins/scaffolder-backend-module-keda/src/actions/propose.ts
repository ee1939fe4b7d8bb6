import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  ANNOTATION_KUBERNETES_ID,
  kedaChangeCreatePermission,
  type ScalingIntent,
} from '@keda-portal/plugin-keda-common';
import {
  applyGitopsChoice,
  GITOPS_ANNOTATIONS,
  owningGithubTeams,
  proposalBranch,
  type ChangePlan,
  type GitopsEngine,
  type ProposalContext,
} from '@keda-portal/plugin-keda-node';
import { stringify } from 'yaml';
import {
  IntentInput,
  problemsError,
  scalingIntentSchema,
  toScalingIntent,
  type Z,
} from './intent';

/**
 * Options of {@link createProposeAction}.
 *
 * @public
 */
export interface ProposeActionOptions {
  /** Where the entity is read, with the task initiator's credentials. */
  catalog: CatalogService;
  /** The GitOps engine (`kedaGitopsEngineServiceRef`). */
  engine: GitopsEngine;
  /**
   * When given, the initiator needs `keda.change.create` on the entity, as
   * for the portal's own change endpoints.
   */
  permissions?: PermissionsService;
  /** `app.baseUrl`, to link the entity from the pull request. */
  appBaseUrl?: string;
}

/** What a proposal step reports; also what its checkpoint stores (JSON). */
type ProposeOutcome = {
  status: 'created' | 'updated' | 'unchanged' | 'dry-run';
  branch: string;
  /** The branch the pull request merges into. */
  baseBranch: string;
  diff: string;
  files: string[];
  pullRequestUrl?: string;
  pullRequestNumber?: number;
  commit?: string;
  /** Notes for the reviewer, e.g. which catalog annotations to add by hand. */
  notes?: string[];
};

/** The entity as the engine should see it: with the environment asked for. */
function withEnvironment(entity: Entity, environment?: string): Entity {
  if (!environment) return entity;
  return {
    ...entity,
    metadata: {
      ...entity.metadata,
      annotations: {
        ...entity.metadata.annotations,
        [GITOPS_ANNOTATIONS.environment]: environment,
      },
    },
  };
}

/** The intent with the entity's own `backstage.io/kubernetes-id` filled in. */
function intentFor(
  entity: Entity,
  input: IntentInput,
  ref: string,
): ScalingIntent {
  const namespace = (input as { namespace?: unknown }).namespace;
  if (namespace === undefined || namespace === null || namespace === '') {
    throw new InputError(
      `Namespace is empty: ${ref} has no backstage.io/kubernetes-namespace annotation, so enter the Kubernetes namespace of the workload in the form's Namespace field (intent.namespace)`,
    );
  }
  const intent = toScalingIntent(input);
  const id = entity.metadata.annotations?.[ANNOTATION_KUBERNETES_ID];
  if (id && intent.kubernetesId !== undefined && intent.kubernetesId !== id) {
    throw new InputError(
      `intent.kubernetesId '${intent.kubernetesId}' differs from the entity's ${ANNOTATION_KUBERNETES_ID} '${id}': leave it out or use '${id}', or the Autoscaling tab would not find the result`,
    );
  }
  // A component without the annotation gets it from the proposal
  // (applyGitopsChoice): its name, as the Autoscaling tab expects.
  return {
    ...intent,
    kubernetesId: intent.kubernetesId ?? id ?? entity.metadata.name,
  };
}

function requester(
  user: { ref?: string } | undefined,
  credentials: BackstageCredentials,
) {
  const principal = credentials.principal as {
    userEntityRef?: string;
    subject?: string;
  };
  return user?.ref ?? principal.userEntityRef ?? principal.subject;
}

/** Emits an outcome as step outputs, leaving out what is not there. */
export function emitOutcome<K extends string>(
  output: (name: K, value: any) => void,
  outcome: ProposeOutcome,
) {
  for (const [name, value] of Object.entries(outcome)) {
    if (value !== undefined) output(name as K, value);
  }
}

function fromPlan(plan: ChangePlan): Omit<ProposeOutcome, 'status'> {
  return {
    branch: plan.branch,
    baseBranch: plan.basis.baseBranch,
    diff: plan.diff,
    files: plan.edits.map(e => e.path),
    notes: plan.notes,
    ...(plan.openPullRequest && {
      pullRequestUrl: plan.openPullRequest.url,
      ...(plan.openPullRequest.number !== undefined && {
        pullRequestNumber: plan.openPullRequest.number,
      }),
    }),
  };
}

/**
 * Runs one proposal (or, in a dry run, only its plan) for an entity that is
 * already resolved. Shared by `keda:gitops:propose` and
 * `keda:gitops:propose-worker`.
 */
export async function runProposal(options: {
  engine: GitopsEngine;
  entity: Entity;
  intent: ScalingIntent;
  context: ProposalContext;
  isDryRun?: boolean;
  /** The step's `ctx.checkpoint`. */
  checkpoint: (opts: {
    key: string;
    fn: () => Promise<ProposeOutcome>;
  }) => Promise<ProposeOutcome>;
}): Promise<ProposeOutcome> {
  const { engine, entity, intent, context } = options;
  // Domain rules and guardrails first: an invalid intent never reads Git,
  // and dry runs and real runs refuse it with the same message.
  const problems = await engine.check(entity, intent);
  if (problems.length) {
    throw problemsError(problems);
  }
  const target = engine.target(entity);
  const branch = proposalBranch(entity, target.environment);

  if (options.isDryRun) {
    const plan = await engine.plan(entity, intent, context);
    if (plan.problems.length) throw problemsError(plan.problems);
    return { status: 'dry-run', ...fromPlan(plan) };
  }

  // A task that is retried after this step wrote its commit gets the stored
  // outcome back instead of proposing a second time.
  return options.checkpoint({
    key: `keda.gitops.propose.${stringifyEntityRef(entity)}.${branch}`,
    fn: async (): Promise<ProposeOutcome> => {
      const result = await engine.propose(entity, intent, context);
      const outcome: ProposeOutcome = {
        ...fromPlan(result.plan),
        status: result.status,
      };
      if (result.pullRequest) {
        outcome.pullRequestUrl = result.pullRequest.url;
        if (result.pullRequest.number !== undefined) {
          outcome.pullRequestNumber = result.pullRequest.number;
        }
      }
      if (result.commit) outcome.commit = result.commit;
      return outcome;
    },
  });
}

/** Output schema shared by the proposing actions. */
export const proposalOutputSchema = {
  status: (z: Z) =>
    z
      .enum(['created', 'updated', 'unchanged', 'dry-run'])
      .describe(
        'created / updated: a commit was written; unchanged: the branch already holds this change; dry-run: nothing was written',
      ),
  branch: (z: Z) =>
    z
      .string()
      .describe(
        'The proposal branch, keda/<namespace>/<kind>/<name>/<environment>',
      ),
  baseBranch: (z: Z) =>
    z.string().describe('The branch the pull request merges into'),
  diff: (z: Z) =>
    z.string().describe('Unified diff of the proposed file changes'),
  files: (z: Z) =>
    z
      .array(z.string())
      .describe('Repository paths the proposal adds or changes'),
  pullRequestUrl: (z: Z) =>
    z
      .string()
      .optional()
      .describe(
        'The pull or merge request (for a plain Git remote: the repository URL with #<branch>); in a dry run only when one is already open',
      ),
  pullRequestNumber: (z: Z) =>
    z
      .number()
      .optional()
      .describe('Number (GitHub) or iid (GitLab) of the pull request'),
  commit: (z: Z) =>
    z.string().optional().describe('The commit written, when one was'),
  notes: (z: Z) =>
    z
      .array(z.string())
      .optional()
      .describe(
        "Notes for the reviewer, e.g. the catalog annotations to add by hand when the component's catalog-info.yaml is not in the GitOps repository",
      ),
};

/**
 * `keda:gitops:propose`: proposes a scaling intent for a catalog entity as a
 * pull request against its GitOps repository, through the GitOps engine.
 * Re-running it updates the same branch and pull request; an unchanged
 * intent writes nothing. In a dry run it only plans and outputs the diff.
 *
 * @public
 */
export function createProposeAction(options: ProposeActionOptions) {
  const { catalog, engine, permissions } = options;
  const entityUrl = (entity: Entity) =>
    options.appBaseUrl
      ? `${options.appBaseUrl.replace(/\/+$/, '')}/catalog/${
          entity.metadata.namespace ?? 'default'
        }/${entity.kind}/${entity.metadata.name}/autoscaling`.toLocaleLowerCase(
          'en-US',
        )
      : undefined;

  return createTemplateAction({
    id: 'keda:gitops:propose',
    description:
      "Proposes a scaling intent for a catalog entity as a pull request against the entity's GitOps repository (keda-portal.io/gitops-* annotations). Idempotent: the branch is per entity and environment, and an unchanged intent writes nothing. Dry runs only plan and output the diff.",
    supportsDryRun: true,
    examples: [
      {
        description:
          'Propose what an earlier keda:manifest:render step validated',
        example: stringify({
          steps: [
            {
              id: 'propose',
              action: 'keda:gitops:propose',
              name: 'Open the pull request',
              input: {
                entityRef: '${{ parameters.component }}',
                intent: '${{ steps.render.output.intent }}',
              },
            },
          ],
        }),
      },
      {
        description:
          'Scale orders-api on its request rate, proposed for the staging environment',
        example: stringify({
          steps: [
            {
              id: 'propose',
              action: 'keda:gitops:propose',
              name: 'Open the pull request',
              input: {
                entityRef: 'component:default/orders-api',
                environment: 'staging',
                intent: {
                  name: 'orders-api',
                  namespace: 'shop',
                  scaleTarget: { name: 'orders-api' },
                  minReplicaCount: 2,
                  maxReplicaCount: 12,
                  triggers: [
                    {
                      type: 'prometheus',
                      metadata: {
                        serverAddress: 'http://prometheus.monitoring:9090',
                        query:
                          'sum(rate(http_requests_total{app="orders-api"}[1m]))',
                        threshold: '50',
                      },
                    },
                  ],
                },
              },
            },
          ],
        }),
      },
    ],
    schema: {
      input: {
        entityRef: z =>
          z
            .string()
            .describe(
              'The entity whose scaling changes, e.g. component:default/orders-api (kind defaults to Component)',
            ),
        intent: z => scalingIntentSchema(z),
        environment: z =>
          z
            .string()
            .optional()
            .describe(
              "Environment in the branch name and pull-request title; default: the entity's keda-portal.io/gitops-environment, then keda.gitops.environment",
            ),
        gitops: z =>
          z
            .object({
              repo: z.string().optional(),
              path: z.string().optional(),
              layout: z.string().optional(),
            })
            .optional()
            .describe(
              "For an entity without keda-portal.io/gitops-* annotations: the repository (one of keda.gitops.repositories), folder and layout (plain, kustomize or helm-values). The pull request adds the missing annotations to the entity's catalog-info.yaml when that file is in the repository, and otherwise says how to add them",
            ),
      },
      output: proposalOutputSchema,
    },
    async handler(ctx) {
      let ref: string;
      try {
        ref = stringifyEntityRef(
          parseEntityRef(ctx.input.entityRef, {
            defaultKind: 'component',
            defaultNamespace: 'default',
          }),
        );
      } catch (e) {
        throw new InputError(
          `entityRef '${
            ctx.input.entityRef
          }' is not an entity reference: write it as component:default/my-service (${
            (e as Error).message
          })`,
        );
      }
      const credentials = await ctx.getInitiatorCredentials();
      if (permissions) {
        const [decision] = await permissions.authorize(
          [{ permission: kedaChangeCreatePermission, resourceRef: ref }],
          { credentials },
        );
        if (decision.result !== AuthorizeResult.ALLOW) {
          throw new NotAllowedError(
            `You may not propose scaling changes to ${ref} (permission ${kedaChangeCreatePermission.name}); ask one of its owners`,
          );
        }
      }
      const found = await catalog.getEntityByRef(ref, { credentials });
      if (!found) {
        throw new NotFoundError(`No entity ${ref} in the catalog`);
      }
      const intent = intentFor(found, ctx.input.intent as IntentInput, ref);
      const chosen = applyGitopsChoice(found, ctx.input.gitops, intent);
      const entity = withEnvironment(chosen.entity, ctx.input.environment);

      const outcome = await runProposal({
        engine,
        entity,
        intent,
        context: {
          requestedBy: requester(ctx.user, credentials),
          entityUrl: entityUrl(entity),
          catalogAnnotations: chosen.catalogAnnotations,
          // The owning groups' GitHub teams review, as from the Autoscaling tab.
          reviewers: await owningGithubTeams(entity, async entityRefs =>
            (
              await catalog.getEntitiesByRefs(
                { entityRefs, fields: ['metadata.annotations'] },
                { credentials },
              )
            ).items.map(e => e ?? undefined),
          ),
        },
        isDryRun: ctx.isDryRun,
        checkpoint: opts => ctx.checkpoint(opts),
      });
      ctx.logger.info(
        outcome.status === 'dry-run'
          ? `Dry run: would propose ${outcome.files.length} file change(s) on branch ${outcome.branch}; nothing was pushed`
          : `Proposal ${outcome.status} on branch ${outcome.branch}${
              outcome.pullRequestUrl ? `: ${outcome.pullRequestUrl}` : ''
            }`,
      );
      emitOutcome(ctx.output, outcome);
    },
  });
}
