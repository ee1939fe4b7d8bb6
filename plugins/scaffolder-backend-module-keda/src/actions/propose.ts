import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { KedaChangeService } from '@keda-portal/plugin-keda-node';
import { stringify } from 'yaml';
import {
  IntentInput,
  scalingIntentSchema,
  toScalingIntent,
  type Z,
} from './intent';
import { emitOutcome, proposalOutputSchema, runProposal } from './proposal';

/**
 * Options of {@link createProposeAction}.
 *
 * @public
 */
export interface ProposeActionOptions {
  /**
   * The change use case (`kedaChangeServiceRef`): it checks the initiator's
   * `keda.change.create` on the entity, as for the portal's own change
   * endpoints, and reads the entity with the initiator's credentials.
   */
  changes: KedaChangeService;
}

/** A template example: one keda:gitops:propose step with `input`. */
function example(description: string, input: Record<string, unknown>) {
  const step = {
    id: 'propose',
    action: 'keda:gitops:propose',
    name: 'Open the pull request',
    input,
  };
  return { description, example: stringify({ steps: [step] }) };
}

const EXAMPLES = [
  example('Propose what an earlier keda:manifest:render step validated', {
    entityRef: '${{ parameters.component }}',
    intent: '${{ steps.render.output.intent }}',
  }),
  example(
    'Scale orders-api on its request rate, proposed for the staging environment',
    {
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
              query: 'sum(rate(http_requests_total{app="orders-api"}[1m]))',
              threshold: '50',
            },
          },
        ],
      },
    },
  ),
];

const INPUT = {
  entityRef: (z: Z) =>
    z
      .string()
      .describe(
        'The entity whose scaling changes, e.g. component:default/orders-api (kind defaults to Component)',
      ),
  intent: (z: Z) => scalingIntentSchema(z),
  environment: (z: Z) =>
    z
      .string()
      .optional()
      .describe(
        "Environment in the branch name and pull-request title; default: the entity's keda-portal.io/gitops-environment, then keda.gitops.environment",
      ),
  gitops: (z: Z) =>
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
};

/** The entity reference of the input, in full; refused when malformed. */
function entityRefOf(given: string): string {
  try {
    return stringifyEntityRef(
      parseEntityRef(given, {
        defaultKind: 'component',
        defaultNamespace: 'default',
      }),
    );
  } catch (e) {
    throw new InputError(
      `entityRef '${given}' is not an entity reference: write it as component:default/my-service (${
        (e as Error).message
      })`,
    );
  }
}

/** The intent of the input; an empty namespace is refused naming the form field. */
function intentOf(input: IntentInput, ref: string) {
  const namespace = (input as { namespace?: unknown }).namespace;
  if (namespace === undefined || namespace === null || namespace === '') {
    throw new InputError(
      `Namespace is empty: ${ref} has no backstage.io/kubernetes-namespace annotation, so enter the Kubernetes namespace of the workload in the form's Namespace field (intent.namespace)`,
    );
  }
  return toScalingIntent(input);
}

/**
 * `keda:gitops:propose`: proposes a scaling intent for a catalog entity as a
 * pull request against its GitOps repository, through the change use case.
 * Re-running it updates the same branch and pull request; an unchanged
 * intent writes nothing. In a dry run it only plans and outputs the diff.
 *
 * @public
 */
export function createProposeAction(options: ProposeActionOptions) {
  return createTemplateAction({
    id: 'keda:gitops:propose',
    description:
      "Proposes a scaling intent for a catalog entity as a pull request against the entity's GitOps repository (keda-portal.io/gitops-* annotations). Idempotent: the branch is per entity and environment, and an unchanged intent writes nothing. Dry runs only plan and output the diff.",
    supportsDryRun: true,
    examples: EXAMPLES,
    schema: { input: INPUT, output: proposalOutputSchema },
    async handler(ctx) {
      const entityRef = entityRefOf(ctx.input.entityRef);
      const credentials = await ctx.getInitiatorCredentials();
      const outcome = await runProposal({
        changes: options.changes,
        request: {
          entityRef,
          intent: intentOf(ctx.input.intent as IntentInput, entityRef),
          gitops: ctx.input.gitops,
          environment: ctx.input.environment,
        },
        caller: { credentials, requestedBy: ctx.user?.ref },
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
