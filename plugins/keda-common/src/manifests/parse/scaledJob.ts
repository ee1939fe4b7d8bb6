/**
 * A ScaledJob spec read back into the fields of an intent: the Job template
 * (containers with plain env values), history limits and scaling strategy.
 */
import {
  INTENT_SCALED_JOB_SPEC,
  isObj,
  JOB_CONTAINER,
  JOB_SETTINGS,
  MULTIPLE_SCALERS_CALCULATIONS,
  RESTART_POLICIES,
  SCALING_STRATEGY,
  STRATEGIES,
  type Obj,
} from '../fields';
import type {
  JobContainerIntent,
  JobTemplateIntent,
  ScalingIntent,
} from '../types';
import { defined, nonEmpty, scalarText, someOf, type Reader } from './reader';

function resourcesFrom(
  r: Reader,
  raw: Obj,
  path: string,
): JobContainerIntent['resources'] {
  const resourcesRaw = r.obj(raw, 'resources', path);
  if (!resourcesRaw) return undefined;
  const rPath = `${path}.resources`;
  r.rest(resourcesRaw, ['requests', 'limits'], rPath);
  return nonEmpty(
    defined<NonNullable<JobContainerIntent['resources']>>([
      ['requests', r.stringMap(resourcesRaw, 'requests', rPath)],
      ['limits', r.stringMap(resourcesRaw, 'limits', rPath)],
    ]),
  );
}

function containerFrom(
  r: Reader,
  raw: unknown,
  path: string,
): JobContainerIntent | undefined {
  if (!isObj(raw)) {
    r.skip(path);
    return undefined;
  }
  r.rest(raw, JOB_CONTAINER, path);
  const name = r.text(raw, 'name', path);
  const image = r.text(raw, 'image', path);
  if (name === undefined || image === undefined) {
    r.skip(path);
    return undefined;
  }
  const env = r.list(raw, 'env', path)?.flatMap((e, i) => {
    // Only plain values: `valueFrom` (a Secret, a field) has no place in an intent.
    if (
      isObj(e) &&
      typeof e.name === 'string' &&
      Object.keys(e).every(k => k === 'name' || k === 'value')
    ) {
      return [{ name: e.name, value: scalarText(e.value) ?? '' }];
    }
    r.skip(`${path}.env[${i}]`);
    return [];
  });
  const resources = resourcesFrom(r, raw, path);
  const command = r.strings(raw, 'command', path);
  const args = r.strings(raw, 'args', path);
  return defined<JobContainerIntent>([
    ['name', name],
    ['image', image],
    ['command', someOf(command)],
    ['args', someOf(args)],
    ['env', someOf(env)],
    ['resources', resources],
  ]);
}

function jobTemplateFrom(r: Reader, spec: Obj): JobTemplateIntent {
  const job = r.obj(spec, 'jobTargetRef', 'spec') ?? {};
  const jPath = 'spec.jobTargetRef';
  r.rest(job, [...JOB_SETTINGS, 'template'], jPath);
  const template = r.obj(job, 'template', jPath) ?? {};
  r.rest(template, ['spec'], `${jPath}.template`);
  const podPath = `${jPath}.template.spec`;
  const pod = r.obj(template, 'spec', `${jPath}.template`) ?? {};
  r.rest(pod, ['containers', 'restartPolicy'], podPath);
  const containers = (r.list(pod, 'containers', podPath) ?? []).flatMap(
    (c, i) => containerFrom(r, c, `${podPath}.containers[${i}]`) ?? [],
  );
  const restartPolicy = r.oneOf(
    pod,
    'restartPolicy',
    podPath,
    RESTART_POLICIES,
  );
  return defined<JobTemplateIntent>([
    ['containers', containers],
    // `Never` is what the builder writes when none is given.
    ['restartPolicy', restartPolicy === 'Never' ? undefined : restartPolicy],
    ...JOB_SETTINGS.map((key): [keyof JobTemplateIntent, unknown] => [
      key,
      r.int(job, key, jPath),
    ]),
  ]);
}

function scalingStrategyFrom(
  r: Reader,
  spec: Obj,
): ScalingIntent['scalingStrategy'] {
  const strategyRaw = r.obj(spec, 'scalingStrategy', 'spec');
  if (!strategyRaw) return undefined;
  const sPath = 'spec.scalingStrategy';
  r.rest(strategyRaw, SCALING_STRATEGY, sPath);
  const conditions = r.strings(strategyRaw, 'pendingPodConditions', sPath);
  return nonEmpty(
    defined<NonNullable<ScalingIntent['scalingStrategy']>>([
      ['strategy', r.oneOf(strategyRaw, 'strategy', sPath, STRATEGIES)],
      [
        'customScalingQueueLengthDeduction',
        r.int(strategyRaw, 'customScalingQueueLengthDeduction', sPath),
      ],
      [
        'customScalingRunningJobPercentage',
        r.text(strategyRaw, 'customScalingRunningJobPercentage', sPath),
      ],
      ['pendingPodConditions', someOf(conditions)],
      [
        'multipleScalersCalculation',
        r.oneOf(
          strategyRaw,
          'multipleScalersCalculation',
          sPath,
          MULTIPLE_SCALERS_CALCULATIONS,
        ),
      ],
    ]),
  );
}

export function scaledJobFields(r: Reader, spec: Obj): Partial<ScalingIntent> {
  r.rest(spec, INTENT_SCALED_JOB_SPEC, 'spec');
  const jobTemplate = jobTemplateFrom(r, spec);
  const scalingStrategy = scalingStrategyFrom(r, spec);
  return defined<Partial<ScalingIntent>>([
    ['jobTemplate', jobTemplate],
    ['minReplicaCount', r.int(spec, 'minReplicaCount', 'spec')],
    ['maxReplicaCount', r.int(spec, 'maxReplicaCount', 'spec')],
    ['pollingInterval', r.int(spec, 'pollingInterval', 'spec')],
    ['scalingStrategy', scalingStrategy],
    [
      'successfulJobsHistoryLimit',
      r.int(spec, 'successfulJobsHistoryLimit', 'spec'),
    ],
    ['failedJobsHistoryLimit', r.int(spec, 'failedJobsHistoryLimit', 'spec')],
  ]);
}
