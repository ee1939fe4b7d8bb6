import {
  compactTriggers,
  intentShapeProblems,
} from '@keda-portal/plugin-keda-common';
/**
 * The scaling intent as the `keda:*` actions take it: one input schema shared
 * by every action, the step from action input to the domain's
 * `ScalingIntent`, and the one way a rejected intent is reported.
 *
 * The schemas check shapes and types only. Values (ranges, names, cron
 * expressions, trigger parameters, secrets) are left to the domain core, so
 * a refusal always carries the domain's message naming the field.
 */
import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import type {
  ScalingIntent,
  TriggerIntent,
} from '@keda-portal/plugin-keda-common';
import { problemsError } from '@keda-portal/plugin-keda-node';
import type { z as zod } from 'zod/v3';

/** The zod (v3 API) the scaffolder hands to schema callbacks. */
export type Z = typeof zod;

/** Schema of one trigger; `authenticationRef` is a shorthand for `authentication.name`. */
export function triggerSchema(z: Z) {
  return z
    .object({
      type: z
        .string()
        .describe("Trigger type from KEDA's scaler list, e.g. kafka or cron"),
      name: z
        .string()
        .optional()
        .describe('Trigger name; needed to use it in scalingModifiers'),
      metadata: z
        .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
        .optional()
        .describe(
          'Trigger parameters. Never a secret: secrets come from authentication.secretRefs',
        ),
      metricType: z.enum(['AverageValue', 'Value', 'Utilization']).optional(),
      useCachedMetrics: z.boolean().optional(),
      authentication: z
        .object({
          name: z
            .string()
            .optional()
            .describe(
              'An existing TriggerAuthentication, or the name of the one to create',
            ),
          kind: z
            .enum(['TriggerAuthentication', 'ClusterTriggerAuthentication'])
            .optional(),
          secretRefs: z
            .array(
              z.object({
                parameter: z
                  .string()
                  .describe('Trigger parameter it supplies, e.g. password'),
                secretName: z.string().describe('Kubernetes Secret'),
                key: z.string().describe('Key inside the Secret'),
              }),
            )
            .optional()
            .describe(
              'Create a TriggerAuthentication reading these Secret keys (values never go into Git)',
            ),
          podIdentity: z
            .object({
              provider: z.enum([
                'azure-workload',
                'aws',
                'aws-eks',
                'gcp',
                'none',
              ]),
              identityId: z.string().optional(),
              identityTenantId: z.string().optional(),
              identityAuthorityHost: z.string().optional(),
              roleArn: z.string().optional(),
              identityOwner: z.enum(['keda', 'workload']).optional(),
              externalID: z.string().optional(),
            })
            .optional(),
        })
        .optional()
        .describe('How the trigger authenticates'),
      authenticationRef: z
        .string()
        .optional()
        .describe(
          'Shorthand: the name of an existing TriggerAuthentication (same as authentication.name)',
        ),
    })
    .describe('One event source that drives scaling');
}

function hpaRulesSchema(z: Z) {
  return z
    .object({
      stabilizationWindowSeconds: z.number().optional(),
      selectPolicy: z.enum(['Max', 'Min', 'Disabled']).optional(),
      policies: z
        .array(
          z.object({
            type: z.enum(['Pods', 'Percent']),
            value: z.number(),
            periodSeconds: z.number(),
          }),
        )
        .optional(),
    })
    .optional();
}

/** ScaledJob: the Job started per unit of work. */
function jobTemplateSchema(z: Z) {
  return z
    .object({
      containers: z.array(
        z.object({
          name: z.string(),
          image: z.string(),
          command: z.array(z.string()).optional(),
          args: z.array(z.string()).optional(),
          env: z
            .array(z.object({ name: z.string(), value: z.string() }))
            .optional(),
          resources: z
            .object({
              requests: z.record(z.string(), z.string()).optional(),
              limits: z.record(z.string(), z.string()).optional(),
            })
            .optional(),
        }),
      ),
      restartPolicy: z.enum(['Never', 'OnFailure']).optional(),
      parallelism: z.number().optional(),
      completions: z.number().optional(),
      activeDeadlineSeconds: z.number().optional(),
      backoffLimit: z.number().optional(),
      ttlSecondsAfterFinished: z.number().optional(),
    })
    .optional()
    .describe('ScaledJob: the Job started per unit of work');
}

/** ScaledObject: replicas while the triggers keep failing. */
function fallbackSchema(z: Z) {
  return z
    .object({
      failureThreshold: z.number(),
      replicas: z.number(),
      behavior: z
        .enum([
          'static',
          'currentReplicas',
          'currentReplicasIfHigher',
          'currentReplicasIfLower',
          'scalingModifiers',
        ])
        .optional(),
    })
    .optional()
    .describe('ScaledObject: replicas to run while the triggers keep failing');
}

/** ScaledJob: how many jobs to start. */
function scalingStrategySchema(z: Z) {
  return z
    .object({
      strategy: z.enum(['default', 'custom', 'accurate', 'eager']).optional(),
      customScalingQueueLengthDeduction: z.number().optional(),
      customScalingRunningJobPercentage: z.string().optional(),
      pendingPodConditions: z.array(z.string()).optional(),
      multipleScalersCalculation: z
        .enum(['min', 'avg', 'sum', 'max'])
        .optional(),
    })
    .optional()
    .describe('ScaledJob: how many jobs to start');
}

/** The fields of a scaling intent, as an object shape both actions use. */
export function scalingIntentShape(z: Z) {
  const count = (what: string) => z.number().optional().describe(what);
  return {
    kind: z
      .enum(['ScaledObject', 'ScaledJob'])
      .optional()
      .describe(
        'ScaledObject (scale a workload, default) or ScaledJob (one Job per event)',
      ),
    name: z.string().describe('Name of the ScaledObject or ScaledJob'),
    // Optional here so an empty value gets toScalingIntent's message naming
    // the form field, not the schema's "requires property".
    namespace: z
      .string()
      .optional()
      .describe('Namespace of the workload (required)'),
    kubernetesId: z
      .string()
      .optional()
      .describe(
        'Value of the backstage.io/kubernetes-id label on every manifest; keda:gitops:propose takes it from the entity when left out',
      ),
    scaleTarget: z
      .object({
        name: z.string().describe('Workload to scale'),
        kind: z.string().optional().describe('Default Deployment'),
        apiVersion: z.string().optional(),
        envSourceContainerName: z.string().optional(),
      })
      .optional()
      .describe('ScaledObject: the workload to scale'),
    jobTemplate: jobTemplateSchema(z),
    minReplicaCount: count('Fewest replicas (ScaledJob: fewest jobs)'),
    maxReplicaCount: count('Most replicas (ScaledJob: most jobs at once)'),
    idleReplicaCount: count(
      'ScaledObject: replicas while no trigger is active; below minReplicaCount',
    ),
    pollingInterval: count('Seconds between trigger checks'),
    cooldownPeriod: count(
      'ScaledObject: seconds after the last active trigger before scaling to zero',
    ),
    initialCooldownPeriod: count(
      'ScaledObject: seconds after creation before cooldown applies',
    ),
    triggers: z
      .array(triggerSchema(z))
      .describe('Event sources that drive scaling; at least one'),
    fallback: fallbackSchema(z),
    hpa: z
      .object({
        name: z.string().optional(),
        scaleUp: hpaRulesSchema(z),
        scaleDown: hpaRulesSchema(z),
      })
      .optional()
      .describe('ScaledObject: behaviour of the HPA KEDA creates'),
    restoreToOriginalReplicaCount: z.boolean().optional(),
    scalingModifiers: z
      .object({
        formula: z.string(),
        target: z.string(),
        activationTarget: z.string().optional(),
        metricType: z.enum(['AverageValue', 'Value']).optional(),
      })
      .optional()
      .describe('ScaledObject: combine named triggers with a formula'),
    pause: z
      .object({
        paused: z.boolean().optional(),
        replicas: z.number().optional(),
      })
      .optional()
      .describe('Pause autoscaling; replicas is for ScaledObjects only'),
    scalingStrategy: scalingStrategySchema(z),
    successfulJobsHistoryLimit: count('ScaledJob: finished jobs to keep'),
    failedJobsHistoryLimit: count('ScaledJob: failed jobs to keep'),
  };
}

/** The scaling intent as one object. */
export function scalingIntentSchema(z: Z) {
  return z
    .object(scalingIntentShape(z))
    .describe(
      'A scaling intent: scale this workload (or run these jobs) on these events, within these bounds',
    );
}

/** What an action receives for a trigger. */
export type TriggerInput = TriggerIntent & { authenticationRef?: string };

/** What an action receives for an intent. */
export type IntentInput = Omit<ScalingIntent, 'triggers'> & {
  triggers: TriggerInput[];
};

/** An intent as the domain takes it: the `authenticationRef` shorthand folded in. */
export function toScalingIntent(input: IntentInput): ScalingIntent {
  const given = (input as { namespace?: unknown }).namespace;
  if (given === undefined || given === null || given === '') {
    throw new InputError(
      "Namespace is empty: enter the Kubernetes namespace of the workload in the form's Namespace field (intent.namespace), or add the backstage.io/kubernetes-namespace annotation to the component",
    );
  }
  const { triggers, ...rest } = input;
  const intent = {
    ...rest,
    triggers: compactTriggers(
      (triggers ?? []).map(({ authenticationRef, ...trigger }) =>
        authenticationRef && !trigger.authentication
          ? { ...trigger, authentication: { name: authenticationRef } }
          : trigger,
      ),
    ),
  };
  // The schema checks types, not prototype keys or sizes: the domain's
  // shape check covers both before anything builds from the intent.
  const shape = intentShapeProblems(intent);
  if (shape.length) throw problemsError(shape);
  return intent;
}

/**
 * The absolute path of `relative` inside the workspace, or an InputError
 * naming `field` when it is no plain relative path inside it (control
 * characters, NUL, `..` out of it, an absolute path).
 */
export function workspaceFile(
  workspacePath: string,
  relative: string,
  field: string,
): string {
  const shown = JSON.stringify(relative.slice(0, 100));
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(relative)) {
    throw new InputError(
      `${field} ${shown} contains control characters: use a plain relative path such as keda/scaledobject.yaml`,
    );
  }
  try {
    return resolveSafeChildPath(workspacePath, relative);
  } catch {
    throw new InputError(
      `${field} ${shown} is outside the workspace: use a relative path inside it, such as keda/scaledobject.yaml`,
    );
  }
}
