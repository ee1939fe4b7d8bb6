/**
 * A ScaledJob and its Jobs. The ScaledJob is recorded from the real chain;
 * the Jobs below are hand-written: the recorded path does not reach
 * completed or failed Jobs (kwok's pods of the recorded Jobs were still
 * running when the triggers went quiet, and nothing makes a Job fail).
 */
import { recordedStep } from './recorded';

/** thumbnails: a ScaledJob running 3 Jobs (recorded: scaledjob, running-jobs). */
export const thumbnailsScaledJob = recordedStep(
  'scaledjob',
  'running-jobs',
).scaledJob;

/** The recorded Jobs: all three still running when recorded. */
export const thumbnailsRecordedJobs = recordedStep('scaledjob', 'running-jobs')
  .jobs!;

function job(name: string, status: Record<string, unknown>) {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name,
      namespace: 'media',
      labels: { 'scaledjob.keda.sh/name': 'thumbnails' },
      annotations: { 'scaledjob.keda.sh/generation': '1' },
    },
    status,
  };
}

export const thumbnailsJobs = [
  job('thumbnails-7xk2p', {
    startTime: '2026-08-21T12:08:00Z',
    active: 1,
    ready: 1,
  }),
  job('thumbnails-q9d4m', {
    startTime: '2026-08-21T12:09:00Z',
    active: 1,
    ready: 0,
  }),
  job('thumbnails-b2c8w', {
    startTime: '2026-08-21T12:01:00Z',
    completionTime: '2026-08-21T12:02:10Z',
    succeeded: 1,
    conditions: [
      {
        type: 'Complete',
        status: 'True',
        lastProbeTime: '2026-08-21T12:02:10Z',
        lastTransitionTime: '2026-08-21T12:02:10Z',
      },
    ],
  }),
  job('thumbnails-f5n1z', {
    startTime: '2026-08-21T11:50:00Z',
    failed: 3,
    conditions: [
      {
        type: 'Failed',
        status: 'True',
        reason: 'BackoffLimitExceeded',
        message: 'Job has reached the specified backoff limit',
        lastTransitionTime: '2026-08-21T11:53:00Z',
      },
    ],
  }),
];
