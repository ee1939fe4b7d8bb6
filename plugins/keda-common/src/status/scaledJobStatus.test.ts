import { buildScalingStatus } from './buildScalingStatus';
import { copy, withCondition } from './__fixtures__/helpers';
import { NOW } from './__fixtures__/scaledObjects';
import { recorded } from './__fixtures__/recorded';
import { thumbnailsJobs, thumbnailsScaledJob } from './__fixtures__/scaledJobs';
import type { ScalingHealth, ScalingStatusInput } from './types';

const thumbnails: ScalingStatusInput = {
  scaledJob: thumbnailsScaledJob,
  jobs: thumbnailsJobs,
  now: NOW,
};

/** Recorded: the list cleared, the trigger quiet (Jobs: the finished ones). */
function inactive(): ScalingStatusInput {
  const quiet = recorded('scaledjob', 'quiet');
  return {
    ...quiet,
    jobs: thumbnailsJobs.filter(j => !j.status.active),
  };
}

function partial(): ScalingStatusInput {
  const sj = withCondition(thumbnailsScaledJob, {
    type: 'Ready',
    status: 'Unknown',
    reason: 'PartialTriggerError',
    message: 'Some triggers defined in ScaledJob are not working correctly',
  });
  sj.spec.triggers.push({
    type: 'aws-sqs-queue',
    metadata: {
      queueURL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/thumbs',
      awsRegion: 'eu-west-1',
    },
  } as never);
  // Recorded: KEDA v2.21.0 writes no externalMetricNames on a ScaledJob.
  sj.status.externalMetricNames = [
    's0-redis-thumbnails',
    's1-aws-sqs-https---sqs-eu-west-1-amazonaws-com-123456789012-thumbs',
  ];
  return { ...thumbnails, scaledJob: sj };
}

function paused(): ScalingStatusInput {
  const sj = withCondition(thumbnailsScaledJob, {
    type: 'Paused',
    status: 'True',
    reason: 'ScaledJobPaused',
    message: 'ScaledJob is paused',
  });
  (sj.metadata as { annotations?: Record<string, string> }).annotations = {
    'autoscaling.keda.sh/paused': 'true',
  };
  (sj.status as { Paused?: string }).Paused = 'true';
  return { ...thumbnails, scaledJob: sj };
}

const CASES: Array<{
  reason: string;
  condition: 'Ready' | 'Active' | 'Paused';
  input: ScalingStatusInput;
  health: ScalingHealth;
  explanation: RegExp;
  diagnosis: string;
}> = [
  {
    reason: 'ScaledJobReady',
    condition: 'Ready',
    input: thumbnails,
    health: 'ok',
    explanation: /accepted the ScaledJob/,
    diagnosis: 'Running 2 jobs (at most 3) on redis: a trigger is active',
  },
  {
    reason: 'ScaledJobCheckFailed',
    condition: 'Ready',
    input: {
      ...thumbnails,
      scaledJob: withCondition(thumbnailsScaledJob, {
        type: 'Ready',
        status: 'False',
        reason: 'ScaledJobCheckFailed',
        message:
          'ScaledJob.keda.sh "thumbnails" is invalid: trigger names must be unique',
      }),
    },
    health: 'failing',
    explanation: /rejected the ScaledJob/,
    diagnosis:
      'Not creating jobs: the ScaledJob check failed (ScaledJob.keda.sh "thumbnails" is invalid: trigger names must be unique)',
  },
  {
    reason: 'TriggerError',
    condition: 'Ready',
    input: {
      ...inactive(),
      scaledJob: withCondition(inactive().scaledJob!, {
        type: 'Ready',
        status: 'False',
        reason: 'TriggerError',
        message: 'Triggers defined in ScaledJob are not working correctly',
      }),
    },
    health: 'failing',
    explanation: /cannot tell how many Jobs to run/,
    diagnosis: 'Not creating jobs: the redis trigger is failing',
  },
  {
    reason: 'PartialTriggerError',
    condition: 'Ready',
    input: partial(),
    health: 'degraded',
    explanation: /Jobs are created from the working triggers/,
    diagnosis:
      'Creating jobs from redis while other triggers fail: 2 jobs running',
  },
  {
    reason: 'ScalerActive',
    condition: 'Active',
    input: thumbnails,
    health: 'ok',
    explanation: /KEDA creates Jobs/,
    diagnosis: 'Running 2 jobs (at most 3) on redis: a trigger is active',
  },
  {
    reason: 'ScalerNotActive',
    condition: 'Active',
    input: inactive(),
    health: 'idle',
    explanation: /no new Jobs are created/,
    diagnosis: 'No jobs running: no trigger active since 12:09',
  },
  {
    reason: 'ScaledJobPaused',
    condition: 'Paused',
    input: paused(),
    health: 'paused',
    explanation: /no new Jobs are created; running Jobs finish/,
    diagnosis:
      'Paused by autoscaling.keda.sh/paused: no new jobs are created; 2 running jobs can finish',
  },
  {
    reason: 'ScaledJobUnpaused',
    condition: 'Paused',
    // Hand-written: recorded, a never-paused ScaledJob has Paused=False
    // without a reason; the chain did not pause and unpause one here.
    input: {
      ...thumbnails,
      scaledJob: withCondition(thumbnailsScaledJob, {
        type: 'Paused',
        status: 'False',
        reason: 'ScaledJobUnpaused',
        message: 'ScaledJob is not paused',
      }),
    },
    health: 'ok',
    explanation: /KEDA creates Jobs normally/,
    diagnosis: 'Running 2 jobs (at most 3) on redis: a trigger is active',
  },
];

describe('buildScalingStatus: every ScaledJob condition reason', () => {
  it.each(CASES.map(c => [c.reason, c] as const))('%s', (_, c) => {
    const status = buildScalingStatus(c.input);
    expect(status.kind).toBe('ScaledJob');
    const condition = status.conditions.find(x => x.type === c.condition);
    expect(condition?.reason).toBe(c.reason);
    expect(condition?.explanation).toMatch(c.explanation);
    expect(status.health).toBe(c.health);
    expect(status.diagnosis).toBe(c.diagnosis);
  });
});

describe('buildScalingStatus: ScaledJob', () => {
  it('has Ready, Active and Paused, no HPA condition', () => {
    const status = buildScalingStatus(thumbnails);
    expect(status.conditions.map(c => c.type)).toEqual([
      'Ready',
      'Active',
      'Paused',
    ]);
  });

  it('counts the jobs', () => {
    const status = buildScalingStatus(thumbnails);
    expect(status.jobs).toEqual({
      running: 2,
      succeeded: 1,
      failed: 1,
      total: 4,
    });
    expect(status.replicas).toEqual({ min: 0, max: 3, current: 2 });
  });

  it('maps triggers and activity by metric name', () => {
    const status = buildScalingStatus(thumbnails);
    expect(status.triggers).toEqual([
      {
        index: 0,
        type: 'redis',
        label: 'redis',
        metricNames: ['s0-redis-thumbnails'],
        active: true,
        authenticationRef: {
          name: 'redis-auth',
          kind: 'TriggerAuthentication',
        },
        target: { type: 'AverageValue', value: 1, raw: '1' },
        targetSource: 'metadata',
      },
    ]);
  });

  it('status.Paused alone means paused', () => {
    const sj = copy(thumbnailsScaledJob);
    (sj.status as { Paused?: string }).Paused = 'true';
    const status = buildScalingStatus({ scaledJob: sj });
    expect(status.health).toBe('paused');
    expect(status.pause?.by).toEqual(['status.Paused']);
  });

  it('running the maximum of jobs is degraded', () => {
    const sj = copy(thumbnailsScaledJob);
    sj.spec.maxReplicaCount = 2;
    const status = buildScalingStatus({ ...thumbnails, scaledJob: sj });
    expect(status.health).toBe('degraded');
    expect(status.diagnosis).toBe(
      'Running the maximum of 2 jobs: raise maxReplicaCount or the target',
    );
  });

  it('jobs still running after the triggers went quiet', () => {
    const input = inactive();
    const status = buildScalingStatus({ ...input, jobs: thumbnailsJobs });
    expect(status.health).toBe('ok');
    expect(status.diagnosis).toBe(
      'Finishing 2 jobs: no trigger active since 12:09',
    );
  });

  it('without the Jobs at hand', () => {
    const status = buildScalingStatus({ ...inactive(), jobs: undefined });
    expect(status.jobs).toBeUndefined();
    expect(status.health).toBe('idle');
    expect(status.diagnosis).toBe('Idle: no trigger active since 12:09');
  });
});
