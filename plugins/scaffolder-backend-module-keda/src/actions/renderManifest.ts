import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  buildManifests,
  renderManifestsYaml,
  validateIntent,
  type ScalingIntent,
} from '@keda-portal/plugin-keda-common';
import fs from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';

/** The action's trigger input: an existing TriggerAuthentication by name. */
interface TriggerInput {
  type: string;
  metadata: Record<string, string>;
  authenticationRef?: string;
}

function toIntent(input: {
  name: string;
  namespace: string;
  kubernetesId: string;
  scaleTarget: { name: string; kind?: string; apiVersion?: string };
  minReplicaCount?: number;
  maxReplicaCount?: number;
  triggers: TriggerInput[];
}): ScalingIntent {
  return {
    kind: 'ScaledObject',
    name: input.name,
    namespace: input.namespace,
    kubernetesId: input.kubernetesId,
    scaleTarget: input.scaleTarget,
    minReplicaCount: input.minReplicaCount,
    maxReplicaCount: input.maxReplicaCount,
    triggers: input.triggers.map(t => ({
      type: t.type,
      metadata: t.metadata,
      ...(t.authenticationRef && {
        authentication: { name: t.authenticationRef },
      }),
    })),
  };
}

/**
 * `keda:manifest:render`: turns a scaling intent into a validated
 * ScaledObject manifest in the task workspace. Nothing leaves the workspace,
 * so it is safe in dry runs.
 *
 * @public
 */
export function createRenderManifestAction() {
  return createTemplateAction({
    id: 'keda:manifest:render',
    description:
      'Renders a validated KEDA ScaledObject from a scaling intent into the workspace.',
    examples: [
      {
        description: 'Scale a Kafka consumer between 0 and 30 replicas',
        example: stringify({
          steps: [
            {
              id: 'render',
              action: 'keda:manifest:render',
              name: 'Render ScaledObject',
              input: {
                name: 'orders-consumer',
                namespace: 'orders',
                kubernetesId: 'orders-consumer',
                scaleTarget: { name: 'orders-consumer' },
                minReplicaCount: 0,
                maxReplicaCount: 30,
                triggers: [
                  {
                    type: 'kafka',
                    metadata: {
                      bootstrapServers: 'kafka.orders:9092',
                      consumerGroup: 'orders-consumer',
                      topic: 'orders',
                      lagThreshold: '50',
                    },
                    authenticationRef: 'kafka-auth',
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
        name: z => z.string().describe('Name of the ScaledObject'),
        namespace: z => z.string().describe('Namespace of the workload'),
        kubernetesId: z =>
          z.string().describe('Value of the backstage.io/kubernetes-id label'),
        scaleTarget: z =>
          z.object({
            name: z.string(),
            kind: z.string().optional(),
            apiVersion: z.string().optional(),
          }),
        minReplicaCount: z => z.number().int().optional(),
        maxReplicaCount: z => z.number().int().optional(),
        triggers: z =>
          z.array(
            z.object({
              type: z.string(),
              metadata: z.record(z.string(), z.string()),
              authenticationRef: z.string().optional(),
            }),
          ),
        targetPath: z =>
          z
            .string()
            .optional()
            .describe(
              'Where in the workspace to write (default: scaledobject.yaml)',
            ),
      },
      output: {
        filePath: z => z.string().describe('Workspace-relative path written'),
      },
    },
    async handler(ctx) {
      const { targetPath = 'scaledobject.yaml', ...input } = ctx.input;
      const intent = toIntent(input);
      const problems = validateIntent(intent);
      if (problems.length) {
        throw new InputError(
          `Invalid scaling intent: ${problems
            .map(p => `${p.message} (${p.fix})`)
            .join('; ')}`,
        );
      }
      const file = resolveSafeChildPath(ctx.workspacePath, targetPath);
      const text = renderManifestsYaml(buildManifests(intent));
      await fs.mkdir(path.dirname(file), { recursive: true });
      await fs.writeFile(file, text, 'utf8');
      ctx.logger.info(
        `Wrote ScaledObject ${intent.namespace}/${intent.name} to ${targetPath}`,
      );
      ctx.output('filePath', targetPath);
    },
  });
}
