/**
 * The rules of a ScaledJob spec: the Job template (containers with unique
 * names and an image), history limits, replica bounds, rollout and the
 * scaling strategy. Triggers are checked in triggers.ts.
 */
import {
  isObj,
  MULTIPLE_SCALERS_CALCULATIONS,
  RESTART_POLICIES,
  ROLLOUT_STRATEGIES,
  SCALED_JOB_SPEC,
  SCALING_STRATEGY,
  STRATEGIES,
  type Obj,
} from '../fields';
import type { PathSegment } from '../paths';
import { INT32_MAX, NUMBER, type Checker } from './checker';

function checkContainers(c: Checker, podSpec: Obj, podPath: PathSegment[]) {
  const containers = podSpec.containers;
  if (!Array.isArray(containers) || containers.length === 0) {
    c.add(
      [...podPath, 'containers'],
      'needs at least one container',
      'Add a container with a name and an image.',
    );
    return;
  }
  const seen = new Set<string>();
  containers.forEach((container, i) => {
    const cp = [...podPath, 'containers', i];
    if (!isObj(container)) {
      c.add(cp, 'must be an object', 'Write name and image.');
      return;
    }
    const name = c.string(container, cp, 'name', true, 'a container name');
    c.name([...cp, 'name'], name, 'label', 'the container name');
    if (name !== undefined) {
      if (seen.has(name))
        c.add(
          [...cp, 'name'],
          `the container name '${name}' is used twice`,
          'Give each container its own name.',
        );
      seen.add(name);
    }
    c.string(container, cp, 'image', true, 'a container image');
  });
}

function checkJobTargetRef(c: Checker, spec: Obj) {
  const job = spec.jobTargetRef;
  const at: PathSegment[] = ['spec', 'jobTargetRef'];
  if (!isObj(job)) {
    c.add(
      at,
      'is required',
      'Add jobTargetRef with a Job template (containers).',
    );
    return;
  }
  for (const key of [
    'parallelism',
    'completions',
    'backoffLimit',
    'ttlSecondsAfterFinished',
  ]) {
    c.integer(job, at, key, 0);
  }
  c.integer(job, at, 'activeDeadlineSeconds', 1, Number.MAX_SAFE_INTEGER);
  const template = job.template;
  const podSpec = isObj(template) ? template.spec : undefined;
  if (!isObj(podSpec)) {
    c.add(
      [...at, 'template', 'spec'],
      'is required',
      'Add template.spec with the containers of the Job.',
    );
    return;
  }
  const podPath = [...at, 'template', 'spec'];
  c.oneOf(podSpec, podPath, 'restartPolicy', RESTART_POLICIES);
  checkContainers(c, podSpec, podPath);
}

function checkScalingStrategy(c: Checker, spec: Obj) {
  const strategy = spec.scalingStrategy;
  if (strategy !== undefined && !isObj(strategy)) {
    c.add(
      ['spec', 'scalingStrategy'],
      'must be an object',
      'Write strategy and its settings.',
    );
  }
  if (!isObj(strategy)) return;
  const sp: PathSegment[] = ['spec', 'scalingStrategy'];
  c.unknownFields(strategy, sp, SCALING_STRATEGY, 'scalingStrategy');
  c.oneOf(strategy, sp, 'strategy', STRATEGIES);
  c.oneOf(
    strategy,
    sp,
    'multipleScalersCalculation',
    MULTIPLE_SCALERS_CALCULATIONS,
  );
  c.integer(strategy, sp, 'customScalingQueueLengthDeduction', -INT32_MAX - 1);
  const percentage = c.string(
    strategy,
    sp,
    'customScalingRunningJobPercentage',
    false,
  );
  if (percentage !== undefined) {
    const n = Number(percentage);
    if (!NUMBER.test(percentage.trim()) || n < 0 || n > 1) {
      c.add(
        [...sp, 'customScalingRunningJobPercentage'],
        `must be a fraction between 0 and 1, got '${percentage}'`,
        "Write e.g. '0.5'.",
      );
    }
  }
  const conditions = strategy.pendingPodConditions;
  if (
    conditions !== undefined &&
    (!Array.isArray(conditions) ||
      conditions.some(x => typeof x !== 'string' || !x))
  ) {
    c.add(
      [...sp, 'pendingPodConditions'],
      'must be a list of pod condition types',
      'Write e.g. [Ready, PodScheduled].',
    );
  }
}

export function checkScaledJob(c: Checker, spec: Obj) {
  c.unknownFields(spec, ['spec'], SCALED_JOB_SPEC, 'a ScaledJob spec');
  checkJobTargetRef(c, spec);
  c.integer(spec, ['spec'], 'pollingInterval', 1);
  c.integer(spec, ['spec'], 'successfulJobsHistoryLimit', 0);
  c.integer(spec, ['spec'], 'failedJobsHistoryLimit', 0);
  const min = c.integer(spec, ['spec'], 'minReplicaCount', 0);
  const max = c.integer(spec, ['spec'], 'maxReplicaCount', 1);
  if (min !== undefined && min > (max ?? 100)) {
    c.add(
      ['spec', 'minReplicaCount'],
      `minReplicaCount (${min}) must not be above maxReplicaCount (${
        max ?? 100
      })`,
      'Lower minReplicaCount or raise maxReplicaCount.',
    );
  }
  c.oneOf(spec, ['spec'], 'rolloutStrategy', ROLLOUT_STRATEGIES);
  const rollout = spec.rollout;
  if (isObj(rollout)) {
    c.oneOf(rollout, ['spec', 'rollout'], 'strategy', ROLLOUT_STRATEGIES);
    c.oneOf(rollout, ['spec', 'rollout'], 'propagationPolicy', [
      'foreground',
      'background',
    ]);
  }
  checkScalingStrategy(c, spec);
}
