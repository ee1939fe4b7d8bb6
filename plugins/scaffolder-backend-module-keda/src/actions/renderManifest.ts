import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  buildManifests,
  renderManifestsYaml,
  validateIntent,
} from '@keda-portal/plugin-keda-common';
import fs from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import { problemsError } from '@keda-portal/plugin-keda-node';
import {
  IntentInput,
  scalingIntentSchema,
  toScalingIntent,
  workspaceFile,
} from './intent';

const EXAMPLE_INTENT = {
  name: 'orders-consumer',
  namespace: 'shop',
  kubernetesId: 'orders-consumer',
  scaleTarget: { name: 'orders-consumer' },
  minReplicaCount: 0,
  maxReplicaCount: 30,
  triggers: [
    {
      type: 'kafka',
      metadata: {
        bootstrapServers: 'kafka.shop:9092',
        consumerGroup: 'orders-consumer',
        topic: 'orders',
        lagThreshold: '50',
      },
      authentication: {
        secretRefs: [
          { parameter: 'sasl', secretName: 'kafka-credentials', key: 'sasl' },
          {
            parameter: 'username',
            secretName: 'kafka-credentials',
            key: 'username',
          },
          {
            parameter: 'password',
            secretName: 'kafka-credentials',
            key: 'password',
          },
        ],
      },
    },
  ],
};

const EXAMPLES = [
  {
    description:
      'Scale a Kafka consumer between 0 and 30 replicas on consumer lag; the Kafka credentials come from a Secret',
    example: stringify({
      steps: [
        {
          id: 'render',
          action: 'keda:manifest:render',
          name: 'Render KEDA manifests',
          input: {
            intent: EXAMPLE_INTENT,
            targetPath: 'keda/manifests.yaml',
          },
        },
      ],
    }),
  },
  {
    description:
      'Run one report Job per night between 02:00 and 04:00 (ScaledJob with a cron trigger)',
    example: stringify({
      steps: [
        {
          id: 'render',
          action: 'keda:manifest:render',
          name: 'Render ScaledJob',
          input: {
            intent: {
              kind: 'ScaledJob',
              name: 'nightly-report',
              namespace: 'analytics',
              kubernetesId: 'nightly-report',
              jobTemplate: {
                containers: [
                  {
                    name: 'report',
                    image: 'registry.example.com/analytics/report:3.0.1',
                  },
                ],
              },
              maxReplicaCount: 1,
              triggers: [
                {
                  type: 'cron',
                  metadata: {
                    timezone: 'Europe/Amsterdam',
                    start: '0 2 * * *',
                    end: '0 4 * * *',
                    desiredReplicas: '1',
                  },
                },
              ],
            },
          },
        },
      ],
    }),
  },
];

/**
 * `keda:manifest:render`: a scaling intent becomes validated KEDA manifests
 * (the ScaledObject or ScaledJob, then any TriggerAuthentication) in one
 * YAML file of the task workspace. An invalid intent is refused with the
 * domain core's message naming the field. In a dry run nothing is written;
 * the YAML is still an output.
 *
 * @public
 */
export function createRenderManifestAction() {
  return createTemplateAction({
    id: 'keda:manifest:render',
    description:
      'Validates a scaling intent and writes its KEDA manifests (ScaledObject or ScaledJob, and TriggerAuthentications) to a YAML file in the workspace. Dry runs write nothing and output the YAML.',
    supportsDryRun: true,
    examples: EXAMPLES,
    schema: {
      input: {
        intent: z => scalingIntentSchema(z),
        targetPath: z =>
          z
            .string()
            .optional()
            .describe(
              'Workspace-relative file to write (default scaledobject.yaml, or scaledjob.yaml for a ScaledJob)',
            ),
      },
      output: {
        filePath: z =>
          z
            .string()
            .describe(
              'Workspace-relative path of the YAML file (written unless this is a dry run)',
            ),
        yaml: z => z.string().describe('The rendered manifests as YAML'),
        manifests: z =>
          z
            .array(z.string())
            .describe('Kind/name of each manifest, the scaled object first'),
        intent: z =>
          z
            .record(z.string(), z.unknown())
            .describe(
              'The validated intent, ready for the intent input of keda:gitops:propose',
            ),
      },
    },
    async handler(ctx) {
      const { targetPath: givenPath } = ctx.input;
      const intent = toScalingIntent(ctx.input.intent as IntentInput);
      const problems = validateIntent(intent);
      if (problems.length) {
        throw problemsError(problems);
      }
      const manifests = buildManifests(intent);
      const text = renderManifestsYaml(manifests);
      const targetPath =
        givenPath ??
        (intent.kind === 'ScaledJob' ? 'scaledjob.yaml' : 'scaledobject.yaml');
      // Resolved before the dry-run check, so a path outside the workspace
      // fails a dry run too.
      const file = workspaceFile(ctx.workspacePath, targetPath, 'targetPath');
      const existing = await fs.stat(file).catch(() => undefined);
      if (existing?.isDirectory()) {
        throw new InputError(
          `targetPath ${JSON.stringify(
            targetPath.slice(0, 100),
          )} is a folder: name the file to write, such as keda/scaledobject.yaml`,
        );
      }
      const names = manifests.map(m => `${m.kind}/${m.metadata.name}`);
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would write ${names.join(', ')} to ${targetPath}`,
        );
      } else {
        await fs.mkdir(path.dirname(file), { recursive: true });
        await fs.writeFile(file, text, 'utf8');
        ctx.logger.info(`Wrote ${names.join(', ')} to ${targetPath}`);
      }
      ctx.output('filePath', targetPath);
      ctx.output('yaml', text);
      ctx.output('manifests', names);
      ctx.output('intent', JSON.parse(JSON.stringify(intent)));
    },
  });
}
