/**
 * Inputs, outputs and examples of `keda:gitops:propose-worker`.
 */
import { stringify } from 'yaml';
import { triggerSchema, type Z } from './intent';
import { proposalOutputSchema } from './proposal';

export const WORKER_EXAMPLES = [
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
];

export const WORKER_INPUT = {
  name: (z: Z) =>
    z
      .string()
      .describe(
        'Name of the component, its workload and its container (a DNS label)',
      ),
  namespace: (z: Z) =>
    z.string().describe('Kubernetes namespace the worker runs in'),
  owner: (z: Z) =>
    z
      .string()
      .describe('Owner of the component, e.g. group:default/team-orders'),
  image: (z: Z) => z.string().describe('Container image, with its tag'),
  workerType: (z: Z) =>
    z
      .enum(['long-running', 'job'])
      .optional()
      .describe(
        'long-running (default): a Deployment scaled by a ScaledObject; job: a ScaledJob starting one Job per unit of work',
      ),
  description: (z: Z) =>
    z.string().optional().describe('Description of the component'),
  system: (z: Z) =>
    z.string().optional().describe('System the component belongs to'),
  lifecycle: (z: Z) =>
    z
      .string()
      .optional()
      .describe('Lifecycle of the component (default experimental)'),
  triggers: (z: Z) =>
    z
      .array(triggerSchema(z))
      .describe('Event sources that drive scaling; at least one'),
  minReplicaCount: (z: Z) =>
    z.number().optional().describe('Fewest replicas (ScaledJob: fewest jobs)'),
  maxReplicaCount: (z: Z) =>
    z
      .number()
      .optional()
      .describe('Most replicas (ScaledJob: most jobs at once)'),
  idleReplicaCount: (z: Z) =>
    z
      .number()
      .optional()
      .describe(
        'Long-running only: replicas while no trigger is active (0 = scale to zero)',
      ),
  pollingInterval: (z: Z) =>
    z.number().optional().describe('Seconds between trigger checks'),
  cooldownPeriod: (z: Z) =>
    z
      .number()
      .optional()
      .describe(
        'Long-running only: seconds after the last active trigger before scaling to zero',
      ),
  repoUrl: (z: Z) =>
    z
      .string()
      .optional()
      .describe(
        'GitOps repository URL (a configured repository or integration host); default keda.gitops.repo',
      ),
  path: (z: Z) =>
    z
      .string()
      .optional()
      .describe(
        'Folder of the worker in the repository; default keda.gitops.path with {name} replaced',
      ),
  environment: (z: Z) =>
    z
      .string()
      .optional()
      .describe(
        'Environment in the branch name and pull-request title; default keda.gitops.environment',
      ),
  targetPath: (z: Z) =>
    z
      .string()
      .optional()
      .describe(
        'Workspace folder for deployment.yaml and catalog-info.yaml (default: the workspace root)',
      ),
};

export const WORKER_OUTPUT = {
  ...proposalOutputSchema,
  entityRef: (z: Z) => z.string().describe('Reference of the new component'),
  catalogInfoUrl: (z: Z) =>
    z
      .string()
      .describe(
        'URL of the catalog-info.yaml on the base branch, for catalog:register with optional: true (the component appears once the pull request is merged)',
      ),
  workerFiles: (z: Z) =>
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
};
