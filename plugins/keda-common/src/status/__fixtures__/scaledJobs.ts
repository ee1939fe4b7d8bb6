/**
 * Recorded-shape fixtures: a ScaledJob and its Jobs as the API returns them.
 */

export const thumbnailsScaledJob = {
  apiVersion: 'keda.sh/v1alpha1',
  kind: 'ScaledJob',
  metadata: {
    name: 'thumbnails',
    namespace: 'media',
    uid: '6f1d2c3b-4a59-4e6f-8a7b-9c0d1e2f3a4b',
    generation: 2,
    creationTimestamp: '2026-08-19T08:00:00Z',
    finalizers: ['finalizer.keda.sh'],
  },
  spec: {
    jobTargetRef: {
      parallelism: 1,
      completions: 1,
      backoffLimit: 2,
      template: {
        spec: {
          restartPolicy: 'Never',
          containers: [
            { name: 'worker', image: 'registry.example/thumbs:1.4' },
          ],
        },
      },
    },
    pollingInterval: 15,
    successfulJobsHistoryLimit: 5,
    failedJobsHistoryLimit: 5,
    maxReplicaCount: 10,
    scalingStrategy: { strategy: 'default' },
    triggers: [
      {
        type: 'rabbitmq',
        metadata: { queueName: 'thumbnails', mode: 'QueueLength', value: '1' },
        authenticationRef: { name: 'rabbitmq-auth' },
      },
    ],
  },
  status: {
    lastActiveTime: '2026-08-21T12:09:45Z',
    externalMetricNames: ['s0-rabbitmq-thumbnails'],
    triggersTypes: 'rabbitmq',
    authenticationsTypes: 'rabbitmq-auth',
    triggersActivity: { 's0-rabbitmq-thumbnails': { isActive: true } },
    conditions: [
      {
        type: 'Ready',
        status: 'True',
        reason: 'ScaledJobReady',
        message: 'ScaledJob is defined correctly and is ready to scaling',
        lastTransitionTime: '2026-08-19T08:00:02Z',
      },
      {
        type: 'Active',
        status: 'True',
        reason: 'ScalerActive',
        message: 'Scaling is performed because triggers are active',
        lastTransitionTime: '2026-08-21T12:05:00Z',
      },
      {
        type: 'Paused',
        status: 'False',
        reason: 'ScaledJobUnpaused',
        message: 'ScaledJob is not paused',
        lastTransitionTime: '2026-08-19T08:00:02Z',
      },
    ],
  },
};

function job(name: string, status: Record<string, unknown>) {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name,
      namespace: 'media',
      labels: { 'scaledjob.keda.sh/name': 'thumbnails' },
      annotations: { 'scaledjob.keda.sh/generation': '2' },
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
