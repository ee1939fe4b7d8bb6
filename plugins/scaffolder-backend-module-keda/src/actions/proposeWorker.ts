import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type {
  GitopsEngine,
  KedaChangeService,
} from '@keda-portal/plugin-keda-node';
import fs from 'node:fs/promises';
import path from 'node:path';
import { workspaceFile } from './intent';
import { emitOutcome, runProposal } from './proposal';
import {
  WORKER_EXAMPLES,
  WORKER_INPUT,
  WORKER_OUTPUT,
} from './proposeWorker.schema';
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
  /** The change use case (`kedaChangeServiceRef`), which writes the proposal. */
  changes: KedaChangeService;
  /** The GitOps engine (`kedaGitopsEngineServiceRef`): where the worker's files go. */
  engine: GitopsEngine;
  /** A name the catalog already has is refused. */
  catalog: CatalogService;
}

/**
 * The worker's component as it will be registered, with its GitOps target
 * (the inputs, else the engine's defaults) stated explicitly; refused by
 * input when the catalog has it already or the target is unusable.
 */
async function newComponent(
  options: ProposeWorkerActionOptions,
  input: WorkerInput,
  credentials: BackstageCredentials,
) {
  const entityRef = stringifyEntityRef({
    kind: 'Component',
    namespace: 'default',
    name: input.name,
  });
  if (await options.catalog.getEntityByRef(entityRef, { credentials })) {
    throw new InputError(
      `name: the catalog already has ${entityRef}. Choose another name, or change that component's scaling with the "Add event-driven autoscaling" template.`,
    );
  }
  let target: ReturnType<GitopsEngine['target']>;
  try {
    target = options.engine.target(
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
  return { entityRef, entity, files, repoUrl: target.repoUrl };
}

/**
 * `keda:gitops:propose-worker`: proposes a new event-driven worker to the
 * GitOps repository: its KEDA manifests (a ScaledObject for a long-running
 * Deployment, or a ScaledJob, plus any TriggerAuthentication) through the
 * change use case, and its Deployment and `catalog-info.yaml`.
 *
 * All of them go into one commit on the proposal branch; the Deployment and
 * `catalog-info.yaml` are also written to the workspace for later steps.
 *
 * @public
 */
export function createProposeWorkerAction(options: ProposeWorkerActionOptions) {
  return createTemplateAction({
    id: 'keda:gitops:propose-worker',
    description:
      'Proposes a new event-driven worker to a GitOps repository: a long-running Deployment scaled by a ScaledObject, or a ScaledJob, with TriggerAuthentications and a catalog-info.yaml. Dry runs only plan and output the diff.',
    supportsDryRun: true,
    examples: WORKER_EXAMPLES,
    schema: { input: WORKER_INPUT, output: WORKER_OUTPUT },
    async handler(ctx) {
      const { targetPath = '.', ...input } = ctx.input as WorkerInput & {
        targetPath?: string;
      };
      checkWorkerName(input.name);
      // Checked before anything is pushed, so a bad path changes nothing.
      const folder = workspaceFile(ctx.workspacePath, targetPath, 'targetPath');
      const credentials = await ctx.getInitiatorCredentials();
      const worker = await newComponent(options, input, credentials);
      const { entityRef, files } = worker;

      const outcome = await runProposal({
        changes: options.changes,
        request: {
          component: worker.entity,
          intent: workerIntent(input),
          // The Deployment and catalog-info.yaml go into the same commit.
          files: files.map(({ path: p, content, reason }) => ({
            path: p,
            content,
            reason,
          })),
        },
        caller: { credentials, requestedBy: ctx.user?.ref },
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
      const written = files.map(f => f.repoPath).join(', ');
      ctx.logger.info(
        outcome.status === 'dry-run'
          ? `Dry run: would propose ${entityRef} (KEDA manifests, ${written}) on branch ${outcome.branch}`
          : `${entityRef}: ${outcome.status} on branch ${outcome.branch}, with its KEDA manifests and ${written}`,
      );
      emitOutcome(ctx.output, outcome);
      ctx.output('entityRef', entityRef);
      const catalogInfo = files.find(f => f.path === 'catalog-info.yaml');
      if (catalogInfo) {
        ctx.output(
          'catalogInfoUrl',
          `${worker.repoUrl}/blob/${outcome.baseBranch}/${catalogInfo.repoPath}`,
        );
      }
      ctx.output(
        'workerFiles',
        files.map(f => ({ path: f.repoPath, content: f.content })),
      );
    },
  });
}
