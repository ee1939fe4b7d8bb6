/**
 * The pure parts of the "Propose change" dialog: the starting intent when
 * Git has none to offer, the pause controls, which problem belongs under
 * which field, and errors in plain words.
 */
import type {
  ManifestProblem,
  ScalingIntent,
  TriggerIntent,
  WorkloadView,
} from '@keda-portal/plugin-keda-common';

/** How the dialog shows `intent.pause`. */
export type PauseMode = 'running' | 'paused' | 'pausedAt';

const REDACTED = '<redacted>';

/**
 * A starting intent built from the live object, for when the backend cannot
 * read the workload's settings from Git. The live view does not show
 * everything (timings, fallback, HPA behaviour, metric types), and values
 * of secret parameters are redacted: those are left out, and listed in
 * `dropped` so the dialog can say so.
 */
export function intentFromWorkload(
  workload: WorkloadView,
  kubernetesId: string,
): { intent: ScalingIntent; dropped: string[] } {
  const dropped: string[] = [];
  const r = workload.status.replicas;
  const triggers: TriggerIntent[] = workload.triggers.map((t, i) => {
    const metadata: Record<string, string> = {};
    for (const [key, value] of Object.entries(t.metadata ?? {})) {
      if (value === REDACTED) {
        dropped.push(`triggers[${i}].metadata.${key}`);
      } else {
        metadata[key] = value;
      }
    }
    return {
      type: t.type,
      ...(t.name ? { name: t.name } : {}),
      ...(Object.keys(metadata).length ? { metadata } : {}),
      ...(t.authenticationRef?.name
        ? {
            authentication: {
              name: t.authenticationRef.name,
              ...(t.authenticationRef.kind === 'ClusterTriggerAuthentication'
                ? { kind: t.authenticationRef.kind }
                : {}),
            },
          }
        : {}),
    };
  });
  const isJob = workload.kind === 'ScaledJob';
  let pause: ScalingIntent['pause'];
  if (r.paused !== undefined && !isJob) pause = { replicas: r.paused };
  else if (workload.status.health === 'paused') pause = { paused: true };
  const intent: ScalingIntent = {
    ...(isJob ? { kind: 'ScaledJob' as const } : {}),
    name: workload.name,
    namespace: workload.namespace,
    kubernetesId,
    ...(workload.scaleTarget && !isJob
      ? {
          scaleTarget: {
            name: workload.scaleTarget.name,
            // KEDA's default; writing it out would only add noise to the diff.
            ...(workload.scaleTarget.kind !== 'Deployment'
              ? { kind: workload.scaleTarget.kind }
              : {}),
          },
        }
      : {}),
    ...(r.min !== undefined ? { minReplicaCount: r.min } : {}),
    ...(r.max !== undefined ? { maxReplicaCount: r.max } : {}),
    ...(r.idle !== undefined && !isJob ? { idleReplicaCount: r.idle } : {}),
    triggers,
    ...(pause ? { pause } : {}),
  };
  return { intent, dropped };
}

/** The pause control's state for an intent. */
export function pauseModeOf(intent: ScalingIntent): PauseMode {
  if (intent.pause?.replicas !== undefined && intent.kind !== 'ScaledJob') {
    return 'pausedAt';
  }
  return intent.pause?.paused ? 'paused' : 'running';
}

/**
 * The intent with the pause control applied: `paused` holds the current
 * replicas (`autoscaling.keda.sh/paused`), `pausedAt` scales to `replicas`
 * and holds there (`autoscaling.keda.sh/paused-replicas`), `running` removes
 * both.
 */
export function withPause(
  intent: ScalingIntent,
  mode: PauseMode,
  replicas: number | undefined,
): ScalingIntent {
  const { pause: _old, ...rest } = intent;
  if (mode === 'paused') return { ...rest, pause: { paused: true } };
  if (mode === 'pausedAt')
    return { ...rest, pause: { replicas: replicas ?? 0 } };
  return rest;
}

/** The fields of the dialog that problems can point at. */
export type FormField =
  | 'minReplicaCount'
  | 'maxReplicaCount'
  | 'idleReplicaCount'
  | 'pause'
  | 'triggers';

/** The form field a problem is about, or undefined for the general list. */
export function fieldOf(problem: ManifestProblem): FormField | undefined {
  const path = problem.path;
  if (/(^|\.)triggers(\[|\.|$)/.test(path)) return 'triggers';
  if (/(^|\.)minReplicaCount$/.test(path)) return 'minReplicaCount';
  if (/(^|\.)maxReplicaCount$/.test(path)) return 'maxReplicaCount';
  if (/(^|\.)idleReplicaCount$/.test(path)) return 'idleReplicaCount';
  if (/paused|(^|\.)pause(\.|$)/.test(path)) return 'pause';
  return undefined;
}

const FIELD_LABELS: Record<FormField, string> = {
  minReplicaCount: 'Minimum replicas',
  maxReplicaCount: 'Maximum replicas',
  idleReplicaCount: 'Idle replicas',
  pause: 'Pause',
  triggers: 'Triggers',
};

/**
 * A name for the field a problem is about, for the list under the diff:
 * `Trigger 2, query` rather than `spec.triggers[1].metadata.query`.
 */
export function fieldLabel(problem: ManifestProblem): string {
  const field = fieldOf(problem);
  if (field === 'triggers') {
    const match =
      /triggers\[(\d+)\](?:\.metadata(?:\.([\w.-]+)|\['([^']+)'\]))?/.exec(
        problem.path,
      );
    if (!match) return FIELD_LABELS.triggers;
    const key = match[2] ?? match[3];
    return `Trigger ${Number(match[1]) + 1}${key ? `, ${key}` : ''}`;
  }
  return field ? FIELD_LABELS[field] : problem.path;
}

/**
 * A problem's message and fix, without the path its message starts with
 * (the label says which field), so no path is shown twice.
 */
export function problemLine(problem: ManifestProblem): string {
  const prefix = `${problem.path}: `;
  const message = problem.message.startsWith(prefix)
    ? problem.message.slice(prefix.length)
    : problem.message;
  return problem.fix
    ? `${message.replace(/[.;]?$/, '.')} ${problem.fix}`
    : message;
}

/**
 * The guardrails the dialog can check while the user types, as problems
 * that name the field, the limit and the fix; the preview checks all.
 */
export function guardrailProblems(
  intent: ScalingIntent,
  guardrails:
    | {
        maxReplicaCount?: number;
        scaleToZeroAllowed?: boolean;
        allowedTriggerTypes?: string[];
        deniedTriggerTypes?: string[];
      }
    | undefined,
): ManifestProblem[] {
  if (!guardrails) return [];
  const problems: ManifestProblem[] = [];
  const max = guardrails.maxReplicaCount;
  if (
    max !== undefined &&
    intent.maxReplicaCount !== undefined &&
    intent.maxReplicaCount > max
  ) {
    problems.push({
      path: 'spec.maxReplicaCount',
      message: `Maximum replicas ${intent.maxReplicaCount} is above the platform team's limit of ${max} here`,
      fix: `Lower it to ${max} or less, or ask the platform team to raise the limit.`,
    });
  }
  if (
    guardrails.scaleToZeroAllowed === false &&
    intent.kind !== 'ScaledJob' &&
    intent.minReplicaCount === 0
  ) {
    problems.push({
      path: 'spec.minReplicaCount',
      message: 'Minimum replicas 0 (scale to zero) is not allowed here',
      fix: 'Set it to 1 or more.',
    });
  }
  const allowed = guardrails.allowedTriggerTypes ?? [];
  const denied = guardrails.deniedTriggerTypes ?? [];
  intent.triggers.forEach((t, i) => {
    const type = t.type;
    if (!type) return;
    if ((allowed.length && !allowed.includes(type)) || denied.includes(type)) {
      problems.push({
        path: `spec.triggers[${i}].type`,
        message: `Trigger type ${type} is not allowed here by the platform team`,
        fix: allowed.length
          ? `Use one of: ${allowed.join(', ')}.`
          : 'Choose another trigger type.',
      });
    }
  });
  return problems;
}

/** An error of the change endpoints, in words a component owner can act on. */
export function describeError(error: Error): { title: string; detail: string } {
  const e = error as Error & {
    statusCode?: number;
    cause?: { message?: string };
  };
  const detail = e.cause?.message || e.message;
  switch (e.statusCode) {
    case 403:
      return {
        title:
          'You may not propose changes to this component: only its owners can.',
        detail,
      };
    case 409:
      return {
        title:
          'Someone else changed the same lines on the proposal branch meanwhile. Look at the pull request, then preview and propose again.',
        detail,
      };
    case 429:
      return {
        title:
          'Too many change requests in a short time: wait a minute and try again.',
        detail,
      };
    case 400:
      return { title: 'The change was refused.', detail };
    default:
      return { title: 'The request failed.', detail };
  }
}

/** True for a 404 answer (no such object in Git, or an older backend). */
export function isNotFound(error: unknown): boolean {
  return (error as { statusCode?: number } | undefined)?.statusCode === 404;
}
