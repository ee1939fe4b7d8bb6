/**
 * The status of a ScaledJob, with its Jobs: explained conditions, the Jobs
 * counted by state, the findings behind the health and one diagnosis
 * sentence.
 */
import { formatClock, plural } from './format';
import { buildTriggerStatuses } from './metrics';
import {
  assembleStatus,
  conditionView,
  DEFAULT_MAX,
  DEFAULT_MIN,
  findCondition,
  readPause,
  triggerNames,
} from './statusParts';
import type {
  JobCountsView,
  JobLike,
  KubeConditionLike,
  PauseView,
  ReplicaStatusView,
  ScaledJobLike,
  ScalingHealthReason,
  ScalingStatus,
  ScalingStatusInput,
  TriggerStatusView,
} from './types';

/** What the findings and the diagnosis are derived from. */
interface ScaledJobFacts {
  ready?: KubeConditionLike;
  triggers: TriggerStatusView[];
  pause?: PauseView;
  jobs?: JobCountsView;
  replicas: ReplicaStatusView;
  running?: number;
  anyActive: boolean;
  pinned: boolean;
  lastActiveTime?: string;
  now?: Date;
}

function countJobs(jobs: JobLike[]): JobCountsView {
  const counts: JobCountsView = {
    running: 0,
    succeeded: 0,
    failed: 0,
    total: jobs.length,
  };
  for (const job of jobs) {
    const finished = (job.status?.conditions ?? []).find(
      c =>
        (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True',
    );
    if (finished?.type === 'Complete') counts.succeeded += 1;
    else if (finished?.type === 'Failed') counts.failed += 1;
    else if ((job.status?.active ?? 0) > 0 || !job.status?.completionTime) {
      counts.running += 1;
    } else {
      counts.succeeded += 1;
    }
  }
  return counts;
}

function findings(f: ScaledJobFacts): ScalingHealthReason[] {
  const reasons: ScalingHealthReason[] = [];
  const { pause, ready } = f;
  if (pause) {
    reasons.push({
      code: 'paused',
      health: 'paused',
      message: `Paused by ${pause.by.join(', ')}`,
    });
  }
  if (ready?.status === 'False') {
    reasons.push({
      code: 'not-ready',
      health: 'failing',
      message: `Ready is False (${ready.reason ?? 'no reason'})${
        ready.message ? `: ${ready.message}` : ''
      }`,
    });
  }
  if (ready?.status === 'Unknown' && ready.reason === 'PartialTriggerError') {
    reasons.push({
      code: 'partial-trigger-error',
      health: 'degraded',
      message: 'Some triggers are failing; Jobs are created from the others',
    });
  }
  if (f.pinned) {
    reasons.push({
      code: 'pinned-at-max',
      health: 'degraded',
      message: `At the maximum of ${plural(f.replicas.max, 'job')}`,
    });
  }
  if (!f.anyActive && (f.running ?? 0) === 0) {
    reasons.push({
      code: 'idle',
      health: 'idle',
      message: 'No trigger is active and no job is running',
    });
  }
  return reasons;
}

function diagnose(f: ScaledJobFacts): string {
  const { pause, ready, running, triggers } = f;
  const since = formatClock(f.lastActiveTime, f.now);
  const sinceText = since ? ` since ${since}` : '';
  const runningText =
    running !== undefined ? plural(running, 'job') : undefined;
  if (pause) {
    return `Paused by ${pause.by.join(' and ')}: no new jobs are created${
      running ? `; ${plural(running, 'running job')} can finish` : ''
    }`;
  }
  if (ready?.status === 'False') {
    return ready.reason === 'TriggerError'
      ? `Not creating jobs: ${
          triggers.length === 1
            ? `the ${triggers[0].label} trigger is failing`
            : 'every trigger is failing'
        }`
      : `Not creating jobs: the ScaledJob check failed${
          ready.message ? ` (${ready.message})` : ''
        }`;
  }
  if (f.pinned) {
    return `Running the maximum of ${plural(
      f.replicas.max,
      'job',
    )}: raise maxReplicaCount or the target`;
  }
  if (ready?.reason === 'PartialTriggerError') {
    const active = triggers.filter(t => t.active);
    return `Creating jobs from ${
      active.length > 0 ? triggerNames(active) : 'the working triggers'
    } while other triggers fail${
      runningText ? `: ${runningText} running` : ''
    }`;
  }
  if (f.anyActive) {
    return `${
      runningText ? `Running ${runningText}` : 'Creating jobs'
    } (at most ${f.replicas.max}) on ${triggerNames(
      triggers,
    )}: a trigger is active`;
  }
  if (running) {
    return `Finishing ${plural(running, 'job')}: no trigger active${sinceText}`;
  }
  return `${
    f.jobs ? 'No jobs running' : 'Idle'
  }: no trigger active${sinceText}`;
}

export function buildScaledJobStatus(
  sj: ScaledJobLike,
  input: ScalingStatusInput,
): ScalingStatus {
  const spec = sj.spec ?? {};
  const status = sj.status ?? {};
  const ready = findCondition(status.conditions, 'Ready');
  const activeCond = findCondition(status.conditions, 'Active');
  const pausedCond = findCondition(status.conditions, 'Paused');
  const triggers = buildTriggerStatuses(sj);
  const pause = readPause(sj.metadata, pausedCond, {
    statusPaused: status.Paused === 'true',
  });
  const jobs = input.jobs ? countJobs(input.jobs) : undefined;
  const replicas: ReplicaStatusView = {
    min: spec.minReplicaCount ?? DEFAULT_MIN,
    max: spec.maxReplicaCount ?? DEFAULT_MAX,
  };
  if (jobs) replicas.current = jobs.running;
  const running = jobs?.running;
  const anyActive =
    activeCond?.status === 'True' || triggers.some(t => t.active === true);
  const f: ScaledJobFacts = {
    ready,
    triggers,
    pause,
    jobs,
    replicas,
    running,
    anyActive,
    pinned:
      !pause &&
      anyActive &&
      running !== undefined &&
      replicas.max > 0 &&
      running >= replicas.max,
    lastActiveTime: status.lastActiveTime,
    now: input.now,
  };
  return assembleStatus('ScaledJob', sj, input, {
    reasons: findings(f),
    conditions: [
      conditionView('ScaledJob', 'Ready', ready, 'Unknown'),
      conditionView('ScaledJob', 'Active', activeCond, 'Unknown'),
      conditionView('ScaledJob', 'Paused', pausedCond, 'False'),
    ],
    triggers,
    replicas,
    diagnosis: diagnose(f),
    pause,
    jobs,
  });
}
