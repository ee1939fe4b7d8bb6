import { ANNOTATION_KUBERNETES_ID } from './annotations';

/**
 * One event source that drives scaling (a KEDA trigger).
 *
 * @public
 */
export interface TriggerIntent {
  /** KEDA trigger type, e.g. `kafka`, `prometheus`, `cron`. */
  type: string;
  /** Trigger metadata; values are strings, as KEDA expects. */
  metadata: Record<string, string>;
  /** Name of a TriggerAuthentication in the same namespace. */
  authenticationRef?: string;
}

/**
 * What a team wants: scale this workload on these events, within these bounds.
 *
 * @public
 */
export interface ScalingIntent {
  /** Name of the ScaledObject. */
  name: string;
  namespace: string;
  /** Value of the `backstage.io/kubernetes-id` label, so the portal finds it. */
  kubernetesId: string;
  scaleTarget: { kind?: string; apiVersion?: string; name: string };
  minReplicaCount?: number;
  maxReplicaCount?: number;
  triggers: TriggerIntent[];
}

/**
 * A problem with one field of an intent, phrased so a user can fix it.
 *
 * @public
 */
export interface IntentProblem {
  field: string;
  message: string;
}

const DNS1123_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function checkName(
  problems: IntentProblem[],
  field: string,
  value: string | undefined,
  label: boolean,
) {
  const max = label ? 63 : 253;
  if (!value) {
    problems.push({ field, message: `${field} is required` });
  } else if (
    value.length > max ||
    !(label ? DNS1123_LABEL : DNS1123_SUBDOMAIN).test(value)
  ) {
    problems.push({
      field,
      message: `${field} '${value}' is not a valid Kubernetes name: use at most ${max} lower-case letters, digits and '-', starting and ending with a letter or digit`,
    });
  }
}

/**
 * Checks an intent; an empty list means it can be rendered.
 *
 * @public
 */
export function validateScalingIntent(intent: ScalingIntent): IntentProblem[] {
  const problems: IntentProblem[] = [];
  checkName(problems, 'name', intent.name, false);
  checkName(problems, 'namespace', intent.namespace, true);
  checkName(problems, 'scaleTarget.name', intent.scaleTarget?.name, false);
  if (!intent.kubernetesId) {
    problems.push({
      field: 'kubernetesId',
      message:
        'kubernetesId is required: it becomes the backstage.io/kubernetes-id label that links the ScaledObject to its catalog entity',
    });
  }
  const { minReplicaCount: min, maxReplicaCount: max } = intent;
  for (const [field, value] of [
    ['minReplicaCount', min],
    ['maxReplicaCount', max],
  ] as const) {
    if (value !== undefined && (!Number.isInteger(value) || value < 0)) {
      problems.push({
        field,
        message: `${field} must be a whole number of at least 0, got ${value}`,
      });
    }
  }
  if (min !== undefined && max !== undefined && min > max) {
    problems.push({
      field: 'minReplicaCount',
      message: `minReplicaCount (${min}) must not be above maxReplicaCount (${max}): lower the minimum or raise the maximum`,
    });
  }
  if (!intent.triggers?.length) {
    problems.push({
      field: 'triggers',
      message:
        'triggers: add at least one trigger, the event source that drives scaling',
    });
  }
  intent.triggers?.forEach((t, i) => {
    if (!t.type) {
      problems.push({
        field: `triggers[${i}].type`,
        message: `triggers[${i}].type is required, e.g. 'kafka' or 'prometheus'`,
      });
    }
  });
  return problems;
}

/**
 * Renders an intent as a KEDA ScaledObject, keys in the order a reviewer
 * expects to read them. Throws when the intent is invalid.
 *
 * @public
 */
export function buildScaledObject(intent: ScalingIntent) {
  const problems = validateScalingIntent(intent);
  if (problems.length) {
    throw new Error(problems.map(p => p.message).join('; '));
  }
  return {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledObject',
    metadata: {
      name: intent.name,
      namespace: intent.namespace,
      labels: { [ANNOTATION_KUBERNETES_ID]: intent.kubernetesId },
    },
    spec: {
      scaleTargetRef: {
        ...(intent.scaleTarget.apiVersion && {
          apiVersion: intent.scaleTarget.apiVersion,
        }),
        ...(intent.scaleTarget.kind && { kind: intent.scaleTarget.kind }),
        name: intent.scaleTarget.name,
      },
      ...(intent.minReplicaCount !== undefined && {
        minReplicaCount: intent.minReplicaCount,
      }),
      ...(intent.maxReplicaCount !== undefined && {
        maxReplicaCount: intent.maxReplicaCount,
      }),
      triggers: intent.triggers.map(t => ({
        type: t.type,
        metadata: { ...t.metadata },
        ...(t.authenticationRef && {
          authenticationRef: { name: t.authenticationRef },
        }),
      })),
    },
  };
}
