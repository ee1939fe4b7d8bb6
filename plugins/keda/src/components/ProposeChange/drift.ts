/**
 * Git and the cluster can disagree: the live ScaledObject was applied by
 * hand, or Git holds a version not deployed yet. A proposal edits Git, so
 * merging it replaces whatever runs now; these helpers say so, in a short
 * summary a reviewer can read before proposing.
 */
import type {
  ScalingIntent,
  TriggerIntent,
  WorkloadView,
} from '@keda-portal/plugin-keda-common';

const REDACTED = '<redacted>';

/** `a–b replicas` with the bounds that are set. */
function bounds(min?: number, max?: number): string {
  if (min === undefined && max === undefined) return 'default replica bounds';
  return `${min ?? 0}–${max ?? 100} replicas`;
}

function triggerTypes(triggers: ReadonlyArray<{ type?: string }>): string {
  const types = triggers.map(t => t.type).filter(Boolean);
  return types.length ? types.join(', ') : 'no triggers';
}

/** One line about a workload: its triggers and replica bounds. */
export function describeLive(workload: WorkloadView): string {
  const r = workload.status.replicas;
  return `${triggerTypes(workload.triggers)}, ${bounds(r.min, r.max)}`;
}

/** One line about an intent: its triggers and replica bounds. */
export function describeIntent(intent: ScalingIntent): string {
  return `${triggerTypes(intent.triggers)}, ${bounds(
    intent.minReplicaCount,
    intent.maxReplicaCount,
  )}`;
}

function show(value: unknown): string {
  return value === undefined ? 'not set' : String(value);
}

/**
 * The differences between the settings Git holds and the live object, one
 * line each (`Maximum replicas: Git 10, cluster 20`). Secret values the live
 * view redacts are not compared.
 */
export function gitLiveDifferences(
  git: ScalingIntent,
  live: WorkloadView,
): string[] {
  const lines: string[] = [];
  const r = live.status.replicas;
  const compare = (label: string, inGit: unknown, inCluster: unknown) => {
    if (String(inGit ?? '') !== String(inCluster ?? '')) {
      lines.push(`${label}: Git ${show(inGit)}, cluster ${show(inCluster)}`);
    }
  };
  compare('Minimum replicas', git.minReplicaCount, r.min);
  compare('Maximum replicas', git.maxReplicaCount, r.max);
  if (live.kind === 'ScaledObject') {
    compare('Idle replicas', git.idleReplicaCount, r.idle);
  }
  const gitTypes = git.triggers.map(t => t.type).join(', ');
  const liveTypes = live.triggers.map(t => t.type).join(', ');
  if (gitTypes !== liveTypes) {
    lines.push(
      `Triggers: Git ${gitTypes || 'none'}, cluster ${liveTypes || 'none'}`,
    );
  } else {
    git.triggers.forEach((t, i) => {
      const other = live.triggers[i];
      const keys = new Set([
        ...Object.keys(t.metadata ?? {}),
        ...Object.keys(other?.metadata ?? {}),
      ]);
      for (const key of [...keys].sort()) {
        const a = t.metadata?.[key];
        const b = other?.metadata?.[key];
        if (b === REDACTED) continue;
        if (String(a ?? '') !== String(b ?? '')) {
          lines.push(
            `Trigger ${i + 1} (${t.type}), ${key}: Git ${show(
              a,
            )}, cluster ${show(b)}`,
          );
        }
      }
    });
  }
  return lines;
}

/**
 * What the proposal does to the triggers that run now, in plain words, or
 * undefined when it keeps every trigger type: "Merging replaces the rabbitmq
 * trigger with cron."
 */
export function replacedTriggers(
  before: ReadonlyArray<{ type?: string }>,
  after: ReadonlyArray<TriggerIntent>,
): string | undefined {
  const kept = new Set(after.map(t => t.type));
  const removed = before
    .map(t => t.type)
    .filter((t): t is string => Boolean(t) && !kept.has(t as string));
  if (!removed.length) return undefined;
  const plural = removed.length > 1 ? 'triggers' : 'trigger';
  const added = after
    .map(t => t.type)
    .filter(t => !before.some(b => b.type === t));
  return added.length
    ? `Merging replaces the ${removed.join(', ')} ${plural} with ${added.join(
        ', ',
      )}.`
    : `Merging removes the ${removed.join(', ')} ${plural}.`;
}

/** What the drift panel shows. */
export interface DriftSummary {
  /** One sentence: what differs, and what merging does. */
  title: string;
  /** Git's version, in one line; undefined when Git has none. */
  git?: string;
  /** The cluster's version, in one line. */
  cluster: string;
  /** Field-by-field differences. */
  differences: string[];
}

/**
 * The drift between Git and the live object, or undefined when they agree
 * (or there is no live object to compare with).
 */
export function driftSummary(options: {
  git?: ScalingIntent;
  live?: WorkloadView;
  /** Where Git was read, e.g. `apps/email-worker on main`. */
  gitSource?: string;
}): DriftSummary | undefined {
  const { git, live } = options;
  if (!live) return undefined;
  const where = options.gitSource ? ` (${options.gitSource})` : '';
  if (!git) {
    return {
      title: `The cluster runs ${live.kind} ${live.namespace}/${live.name}, but Git has no copy of it${where}: the pull request is all Git will hold, and merging it replaces what runs now.`,
      cluster: describeLive(live),
      differences: [],
    };
  }
  const differences = gitLiveDifferences(git, live);
  if (!differences.length) return undefined;
  return {
    title: `Git${where} and the cluster differ for ${live.kind} ${live.namespace}/${live.name}: the form starts from Git, and merging replaces what runs now.`,
    git: describeIntent(git),
    cluster: describeLive(live),
    differences,
  };
}
