import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { GitopsEngine } from '@keda-portal/plugin-keda-node';
import fs from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import { triggerSchema, workspaceFile } from './intent';
import { emitOutcome, proposalOutputSchema, runProposal } from './propose';
import {
  checkWorkerName,
  workerEntity,
  workerFiles,
  workerIntent,
  type WorkerInput,
} from './worker';

/**
 * Options of {@link createProposeWorkerAction}.
 *
 * @public
 */
export interface ProposeWorkerActionOptions {
  /** The GitOps engine (`kedaGitopsEngineServiceRef`). */
  engine: GitopsEngine;
  /** When given, a name the catalog already has is refused. */
  catalog?: CatalogService;
}

/**
 * `keda:gitops:propose-worker`: proposes a new event-driven worker to the
 * GitOps repository: its KEDA manifests (a ScaledObject for a long-running
 * Deployment, or a ScaledJob, plus any TriggerAuthentication) through the
 * GitOps engine, and its Deployment and `catalog-info.yaml`.
 *
 * All of them go into one commit on the proposal branch; the Deployment and
 * `catalog-info.yaml` are also written to the workspace for later steps.
 *
 * @public
 */
export function createProposeWorkerAction(options: ProposeWorkerActionOptions) {
  const { engine, catalog } = options;
  return createTemplateAction({
    id: 'keda:gitops:propose-worker',
    description:
      'Proposes a new event-driven worker to a GitOps repository: a long-running Deployment scaled by a ScaledObject, or a ScaledJob, with TriggerAuthentications and a catalog-info.yaml. Dry runs only plan and output the diff.',
    supportsDryRun: true,
    examples: [
      {
        description:
          'A long-running worker that scales to zero on an empty RabbitMQ queue',
        example: stringify({
          steps: [
            {
              id: 'propose',
              action: 'keda:gitops:propose-worker',
              name: 'Propose the worker',
              input: {
                name: 'invoice-worker',
                namespace: 'billing',
                owner: 'group:default/team-billing',
                image: 'registry.example.com/billing/invoice-worker:1.0.0',
                workerType: 'long-running',
                minReplicaCount: 1,
                idleReplicaCount: 0,
                maxReplicaCount: 20,
                repoUrl: 'https://github.com/example/shop-gitops',
                path: 'apps/invoice-worker',
                triggers: [
                  {
                    type: 'rabbitmq',
                    metadata: {
                      queueName: 'invoices',
                      mode: 'QueueLength',
                      value: '10',
                    },
                    authentication: {
                      secretRefs: [
                        {
                          parameter: 'host',
                          secretName: 'rabbitmq',
                          key: 'uri',
                        },
                      ],
                    },
                  },
                ],
              },
            },
          ],
        }),
      },
    ],
    schema: {
      input: {
        name: z =>
          z
            .string()
            .describe(
              'Name of the component, its workload and its container (a DNS label)',
            ),
        namespace: z =>
          z.string().describe('Kubernetes namespace the worker runs in'),
        owner: z =>
          z
            .string()
            .describe('Owner of the component, e.g. group:default/team-orders'),
        image: z => z.string().describe('Container image, with its tag'),
        workerType: z =>
          z
            .enum(['long-running', 'job'])
            .optional()
            .describe(
              'long-running (default): a Deployment scaled by a ScaledObject; job: a ScaledJob starting one Job per unit of work',
            ),
        description: z =>
          z.string().optional().describe('Description of the component'),
        system: z =>
          z.string().optional().describe('System the component belongs to'),
        lifecycle: z =>
          z
            .string()
            .optional()
            .describe('Lifecycle of the component (default experimental)'),
        triggers: z =>
          z
            .array(triggerSchema(z))
            .describe('Event sources that drive scaling; at least one'),
        minReplicaCount: z =>
          z
            .number()
            .optional()
            .describe('Fewest replicas (ScaledJob: fewest jobs)'),
        maxReplicaCount: z =>
          z
            .number()
            .optional()
            .describe('Most replicas (ScaledJob: most jobs at once)'),
        idleReplicaCount: z =>
          z
            .number()
            .optional()
            .describe(
              'Long-running only: replicas while no trigger is active (0 = scale to zero)',
            ),
        pollingInterval: z =>
          z.number().optional().describe('Seconds between trigger checks'),
        cooldownPeriod: z =>
          z
            .number()
            .optional()
            .describe(
              'Long-running only: seconds after the last active trigger before scaling to zero',
            ),
        repoUrl: z =>
          z
            .string()
            .optional()
            .describe(
              'GitOps repository URL (a configured repository or integration host); default keda.gitops.repo',
            ),
        path: z =>
          z
            .string()
            .optional()
            .describe(
              'Folder of the worker in the repository; default keda.gitops.path with {name} replaced',
            ),
        environment: z =>
          z
            .string()
            .optional()
            .describe(
              'Environment in the branch name and pull-request title; default keda.gitops.environment',
            ),
        targetPath: z =>
          z
            .string()
            .optional()
            .describe(
              'Workspace folder for deployment.yaml and catalog-info.yaml (default: the workspace root)',
            ),
      },
      output: {
        ...proposalOutputSchema,
        entityRef: z => z.string().describe('Reference of the new component'),
        catalogInfoUrl: z =>
          z
            .string()
            .describe(
              'URL of the catalog-info.yaml on the base branch, for catalog:register with optional: true (the component appears once the pull request is merged)',
            ),
        workerFiles: z =>
          z
            .array(
              z.object({
                path: z.string(),
                content: z.string(),
              }),
            )
            .describe(
              'Deployment and catalog-info.yaml, with their paths in the repository; part of the proposal commit',
            ),
      },
    },
    async handler(ctx) {
      const { targetPath = '.', ...input } = ctx.input as WorkerInput & {
        targetPath?: string;
      };
      checkWorkerName(input.name);
      // Checked before anything is pushed, so a bad path changes nothing.
      const folder = workspaceFile(ctx.workspacePath, targetPath, 'targetPath');
      const credentials = await ctx.getInitiatorCredentials();
      const entityRef = stringifyEntityRef({
        kind: 'Component',
        namespace: 'default',
        name: input.name,
      });
      if (
        catalog &&
        (await catalog.getEntityByRef(entityRef, { credentials }))
      ) {
        throw new InputError(
          `name: the catalog already has ${entityRef}. Choose another name, or change that component's scaling with the "Add event-driven autoscaling" template.`,
        );
      }
      // Where the files go: the inputs, else the engine's defaults; the
      // catalog-info.yaml then states them explicitly.
      let target: ReturnType<GitopsEngine['target']>;
      try {
        target = engine.target(
          workerEntity(input, { repoUrl: input.repoUrl, path: input.path }),
        );
      } catch (error) {
        // The engine speaks of annotations; here they come from the inputs.
        if ((error as Error).name !== 'InputError') throw error;
        throw new InputError(
          `repoUrl ${JSON.stringify(
            input.repoUrl?.slice(0, 200),
          )} and path ${JSON.stringify(
            input.path?.slice(0, 200),
          )} give no usable GitOps target: ${(error as Error).message}`,
        );
      }
      const entity = workerEntity(input, {
        repoUrl: target.repoUrl,
        path: target.path,
      });
      const files = workerFiles(input, entity).map(f => ({
        ...f,
        repoPath: target.path ? `${target.path}/${f.path}` : f.path,
      }));

      const principal = credentials.principal as { userEntityRef?: string };
      const outcome = await runProposal({
        engine,
        entity,
        intent: workerIntent(input),
        context: {
          requestedBy: ctx.user?.ref ?? principal.userEntityRef,
          // The Deployment and catalog-info.yaml go into the same commit.
          extraFiles: files.map(({ path: p, content, reason }) => ({
            path: p,
            content,
            reason,
          })),
        },
        isDryRun: ctx.isDryRun,
        checkpoint: opts => ctx.checkpoint(opts),
      });

      if (!ctx.isDryRun) {
        await fs.mkdir(folder, { recursive: true });
        for (const file of files) {
          await fs.writeFile(
            path.join(folder, file.path),
            file.content,
            'utf8',
          );
        }
      }
      ctx.logger.info(
        outcome.status === 'dry-run'
          ? `Dry run: would propose ${entityRef} (KEDA manifests, ${files
              .map(f => f.repoPath)
              .join(', ')}) on branch ${outcome.branch}`
          : `${entityRef}: ${outcome.status} on branch ${
              outcome.branch
            }, with its KEDA manifests and ${files
              .map(f => f.repoPath)
              .join(', ')}`,
      );
      emitOutcome(ctx.output, outcome);
      ctx.output('entityRef', entityRef);
      const catalogInfo = files.find(f => f.path === 'catalog-info.yaml');
      if (catalogInfo) {
        ctx.output(
          'catalogInfoUrl',
          `${target.repoUrl}/blob/${outcome.baseBranch}/${catalogInfo.repoPath}`,
        );
      }
      ctx.output(
        'workerFiles',
        files.map(f => ({ path: f.repoPath, content: f.content })),
      );
    },
  });
}
