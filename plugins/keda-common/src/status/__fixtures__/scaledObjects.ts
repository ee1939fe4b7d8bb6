/**
 * Recorded-shape fixtures: ScaledObjects, their HPAs and scale targets as
 * the Kubernetes API returns them (plain JSON; replica counts of 0 are left
 * out by the API, as here). Times are around 2026-08-21T12:10:00Z.
 */

/** The `now` the fixtures are read at. */
export const NOW = new Date('2026-08-21T12:10:00Z');

const KEDA_LABELS = { 'app.kubernetes.io/managed-by': 'keda-operator' };

// ---------------------------------------------------------------------------
// orders-api: prometheus, min 2 / max 12, scaling at 5 replicas.
// ---------------------------------------------------------------------------

export const ordersApiScaledObject = {
  apiVersion: 'keda.sh/v1alpha1',
  kind: 'ScaledObject',
  metadata: {
    name: 'orders-api',
    namespace: 'shop',
    uid: '5c0d0e7a-1f6b-4c55-9d0e-2a1f7f0f4a11',
    generation: 3,
    resourceVersion: '918273',
    creationTimestamp: '2026-08-20T09:14:02Z',
    finalizers: ['finalizer.keda.sh'],
    labels: {
      'backstage.io/kubernetes-id': 'orders-api',
      'scaledobject.keda.sh/name': 'orders-api',
    },
  },
  spec: {
    scaleTargetRef: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: 'orders-api',
    },
    pollingInterval: 30,
    cooldownPeriod: 300,
    minReplicaCount: 2,
    maxReplicaCount: 12,
    triggers: [
      {
        type: 'prometheus',
        metadata: {
          serverAddress: 'http://prometheus.monitoring:9090',
          query: 'sum(rate(http_requests_total{app="orders-api"}[1m]))',
          threshold: '50',
        },
      },
    ],
  },
  status: {
    scaleTargetKind: 'apps/v1.Deployment',
    scaleTargetGVKR: {
      group: 'apps',
      version: 'v1',
      kind: 'Deployment',
      resource: 'deployments',
    },
    originalReplicaCount: 3,
    lastActiveTime: '2026-08-21T12:09:41Z',
    externalMetricNames: ['s0-prometheus'],
    hpaName: 'keda-hpa-orders-api',
    triggersTypes: 'prometheus',
    health: {
      's0-prometheus': { numberOfFailures: 0, status: 'Happy' },
    },
    triggersActivity: { 's0-prometheus': { isActive: true } },
    conditions: [
      {
        type: 'Ready',
        status: 'True',
        reason: 'ScaledObjectReady',
        message: 'ScaledObject is defined correctly and is ready for scaling',
        lastTransitionTime: '2026-08-20T09:14:05Z',
      },
      {
        type: 'Active',
        status: 'True',
        reason: 'ScalerActive',
        message: 'Scaling is performed because triggers are active',
        lastTransitionTime: '2026-08-21T08:02:11Z',
      },
      {
        type: 'Fallback',
        status: 'False',
        reason: 'NoFallbackFound',
        message: 'No fallbacks are active on this scaled object',
        lastTransitionTime: '2026-08-20T09:14:05Z',
      },
      {
        type: 'Paused',
        status: 'False',
        reason: 'ScaledObjectUnpaused',
        message: 'pause annotation removed for ScaledObject',
        lastTransitionTime: '2026-08-20T09:14:05Z',
      },
      {
        type: 'HPAActive',
        status: 'True',
        reason: 'HPAActive',
        message: '',
        lastTransitionTime: '2026-08-20T09:15:01Z',
      },
    ],
  },
};

export const ordersApiHpa = {
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: {
    name: 'keda-hpa-orders-api',
    namespace: 'shop',
    labels: {
      ...KEDA_LABELS,
      'app.kubernetes.io/name': 'keda-hpa-orders-api',
      'app.kubernetes.io/part-of': 'orders-api',
      'app.kubernetes.io/version': '2.20.1',
      'backstage.io/kubernetes-id': 'orders-api',
      'scaledobject.keda.sh/name': 'orders-api',
    },
    ownerReferences: [
      {
        apiVersion: 'keda.sh/v1alpha1',
        kind: 'ScaledObject',
        name: 'orders-api',
        uid: '5c0d0e7a-1f6b-4c55-9d0e-2a1f7f0f4a11',
        controller: true,
        blockOwnerDeletion: true,
      },
    ],
  },
  spec: {
    scaleTargetRef: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: 'orders-api',
    },
    minReplicas: 2,
    maxReplicas: 12,
    metrics: [
      {
        type: 'External',
        external: {
          metric: {
            name: 's0-prometheus',
            selector: {
              matchLabels: { 'scaledobject.keda.sh/name': 'orders-api' },
            },
          },
          target: { type: 'AverageValue', averageValue: '50' },
        },
      },
    ],
  },
  status: {
    lastScaleTime: '2026-08-21T12:04:12Z',
    currentReplicas: 5,
    desiredReplicas: 5,
    currentMetrics: [
      {
        type: 'External',
        external: {
          metric: {
            name: 's0-prometheus',
            selector: {
              matchLabels: { 'scaledobject.keda.sh/name': 'orders-api' },
            },
          },
          current: { averageValue: '40800m' },
        },
      },
    ],
    conditions: [
      {
        type: 'AbleToScale',
        status: 'True',
        lastTransitionTime: '2026-08-20T09:15:01Z',
        reason: 'ReadyForNewScale',
        message: 'recommended size matches current size',
      },
      {
        type: 'ScalingActive',
        status: 'True',
        lastTransitionTime: '2026-08-20T09:15:01Z',
        reason: 'ValidMetricFound',
        message:
          'the HPA was able to successfully calculate a replica count from external metric s0-prometheus(&LabelSelector{MatchLabels:map[string]string{scaledobject.keda.sh/name: orders-api,},MatchExpressions:[]LabelSelectorRequirement{},})',
      },
      {
        type: 'ScalingLimited',
        status: 'False',
        lastTransitionTime: '2026-08-21T12:04:12Z',
        reason: 'DesiredWithinRange',
        message: 'the desired count is within the acceptable range',
      },
    ],
  },
};

export const ordersApiDeployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'orders-api', namespace: 'shop', generation: 14 },
  spec: { replicas: 5 },
  status: {
    observedGeneration: 14,
    replicas: 5,
    updatedReplicas: 5,
    readyReplicas: 4,
    availableReplicas: 4,
    unavailableReplicas: 1,
  },
};

// ---------------------------------------------------------------------------
// email-worker: rabbitmq, min 0, scaled to zero.
// ---------------------------------------------------------------------------

export const emailWorkerScaledObject = {
  apiVersion: 'keda.sh/v1alpha1',
  kind: 'ScaledObject',
  metadata: {
    name: 'email-worker',
    namespace: 'shop',
    uid: '0b9e3d43-5f1e-4d3c-8f0f-7a44b0f0e2c2',
    generation: 1,
    creationTimestamp: '2026-08-19T16:40:00Z',
    finalizers: ['finalizer.keda.sh'],
    labels: { 'scaledobject.keda.sh/name': 'email-worker' },
  },
  spec: {
    scaleTargetRef: { name: 'email-worker' },
    maxReplicaCount: 10,
    triggers: [
      {
        type: 'rabbitmq',
        metadata: { queueName: 'emails', mode: 'QueueLength', value: '20' },
        authenticationRef: { name: 'rabbitmq-auth' },
      },
    ],
  },
  status: {
    scaleTargetKind: 'apps/v1.Deployment',
    scaleTargetGVKR: {
      group: 'apps',
      version: 'v1',
      kind: 'Deployment',
      resource: 'deployments',
    },
    originalReplicaCount: 1,
    lastActiveTime: '2026-08-21T12:03:27Z',
    externalMetricNames: ['s0-rabbitmq-emails'],
    hpaName: 'keda-hpa-email-worker',
    triggersTypes: 'rabbitmq',
    authenticationsTypes: 'rabbitmq-auth',
    health: {
      's0-rabbitmq-emails': { numberOfFailures: 0, status: 'Happy' },
    },
    triggersActivity: { 's0-rabbitmq-emails': { isActive: false } },
    conditions: [
      {
        type: 'Ready',
        status: 'True',
        reason: 'ScaledObjectReady',
        message: 'ScaledObject is defined correctly and is ready for scaling',
        lastTransitionTime: '2026-08-19T16:40:03Z',
      },
      {
        type: 'Active',
        status: 'False',
        reason: 'ScalerNotActive',
        message: 'Scaling is not performed because triggers are not active',
        lastTransitionTime: '2026-08-21T12:08:31Z',
      },
      {
        type: 'Fallback',
        status: 'False',
        reason: 'NoFallbackFound',
        message: 'No fallbacks are active on this scaled object',
        lastTransitionTime: '2026-08-19T16:40:03Z',
      },
      {
        type: 'Paused',
        status: 'False',
        reason: 'ScaledObjectUnpaused',
        message: 'pause annotation removed for ScaledObject',
        lastTransitionTime: '2026-08-19T16:40:03Z',
      },
      {
        type: 'HPAActive',
        status: 'True',
        reason: 'ScalingDisabled',
        message:
          'scaling is disabled since the replica count of the target is zero',
        lastTransitionTime: '2026-08-21T12:08:45Z',
      },
    ],
  },
};

export const emailWorkerHpa = {
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: {
    name: 'keda-hpa-email-worker',
    namespace: 'shop',
    labels: {
      ...KEDA_LABELS,
      'app.kubernetes.io/name': 'keda-hpa-email-worker',
      'app.kubernetes.io/part-of': 'email-worker',
      'scaledobject.keda.sh/name': 'email-worker',
    },
  },
  spec: {
    scaleTargetRef: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: 'email-worker',
    },
    minReplicas: 1,
    maxReplicas: 10,
    metrics: [
      {
        type: 'External',
        external: {
          metric: {
            name: 's0-rabbitmq-emails',
            selector: {
              matchLabels: { 'scaledobject.keda.sh/name': 'email-worker' },
            },
          },
          target: { type: 'AverageValue', averageValue: '20' },
        },
      },
    ],
  },
  status: {
    lastScaleTime: '2026-08-21T11:55:02Z',
    desiredReplicas: 0,
    currentMetrics: null,
    conditions: [
      {
        type: 'AbleToScale',
        status: 'True',
        lastTransitionTime: '2026-08-21T11:55:02Z',
        reason: 'SucceededGetScale',
        message:
          "the HPA controller was able to get the target's current scale",
      },
      {
        type: 'ScalingActive',
        status: 'False',
        lastTransitionTime: '2026-08-21T12:08:45Z',
        reason: 'ScalingDisabled',
        message:
          'scaling is disabled since the replica count of the target is zero',
      },
    ],
  },
};

export const emailWorkerDeployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'email-worker', namespace: 'shop', generation: 9 },
  spec: { replicas: 0 },
  status: { observedGeneration: 9 },
};

// ---------------------------------------------------------------------------
// orders-consumer: kafka with fallback, the trigger failing.
// ---------------------------------------------------------------------------

export const ordersConsumerScaledObject = {
  apiVersion: 'keda.sh/v1alpha1',
  kind: 'ScaledObject',
  metadata: {
    name: 'orders-consumer',
    namespace: 'shop',
    uid: 'a3f0c1b2-7d4e-4e8a-b1c0-5f6e7d8c9b0a',
    generation: 2,
    creationTimestamp: '2026-08-18T10:00:00Z',
    finalizers: ['finalizer.keda.sh'],
    labels: { 'scaledobject.keda.sh/name': 'orders-consumer' },
  },
  spec: {
    scaleTargetRef: { name: 'orders-consumer' },
    minReplicaCount: 1,
    maxReplicaCount: 20,
    fallback: { failureThreshold: 3, replicas: 6 },
    triggers: [
      {
        type: 'kafka',
        metadata: {
          bootstrapServers: 'kafka.data:9092',
          consumerGroup: 'orders',
          topic: 'orders',
          lagThreshold: '100',
        },
        authenticationRef: {
          name: 'kafka-sasl',
          kind: 'ClusterTriggerAuthentication',
        },
      },
    ],
  },
  status: {
    scaleTargetKind: 'apps/v1.Deployment',
    originalReplicaCount: 2,
    lastActiveTime: '2026-08-21T11:41:10Z',
    externalMetricNames: ['s0-kafka-orders'],
    hpaName: 'keda-hpa-orders-consumer',
    triggersTypes: 'kafka',
    authenticationsTypes: 'kafka-sasl',
    health: {
      's0-kafka-orders': { numberOfFailures: 4, status: 'Failing' },
    },
    triggersActivity: { 's0-kafka-orders': { isActive: false } },
    conditions: [
      {
        type: 'Ready',
        status: 'False',
        reason: 'TriggerError',
        message: 'Triggers defined in ScaledObject are not working correctly',
        lastTransitionTime: '2026-08-21T12:06:40Z',
      },
      {
        type: 'Active',
        status: 'False',
        reason: 'ScalerNotActive',
        message: 'Scaling is not performed because triggers are not active',
        lastTransitionTime: '2026-08-21T12:06:40Z',
      },
      {
        type: 'Fallback',
        status: 'True',
        reason: 'FallbackExists',
        message: 'At least one trigger is falling back on this scaled object',
        lastTransitionTime: '2026-08-21T12:07:40Z',
      },
      {
        type: 'Paused',
        status: 'False',
        reason: 'ScaledObjectUnpaused',
        message: 'pause annotation removed for ScaledObject',
        lastTransitionTime: '2026-08-18T10:00:02Z',
      },
      {
        type: 'HPAActive',
        status: 'True',
        reason: 'HPAActive',
        message: '',
        lastTransitionTime: '2026-08-18T10:01:00Z',
      },
    ],
  },
};

export const ordersConsumerHpa = {
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name: 'keda-hpa-orders-consumer', namespace: 'shop' },
  spec: {
    minReplicas: 1,
    maxReplicas: 20,
    metrics: [
      {
        type: 'External',
        external: {
          metric: {
            name: 's0-kafka-orders',
            selector: {
              matchLabels: { 'scaledobject.keda.sh/name': 'orders-consumer' },
            },
          },
          target: { type: 'AverageValue', averageValue: '100' },
        },
      },
    ],
  },
  status: {
    currentReplicas: 6,
    desiredReplicas: 6,
    // The metrics server answers with fallback.replicas x target.
    currentMetrics: [
      {
        type: 'External',
        external: {
          metric: { name: 's0-kafka-orders' },
          current: { averageValue: '100' },
        },
      },
    ],
    conditions: [
      {
        type: 'ScalingActive',
        status: 'True',
        lastTransitionTime: '2026-08-18T10:01:00Z',
        reason: 'ValidMetricFound',
        message:
          'the HPA was able to successfully calculate a replica count from external metric s0-kafka-orders',
      },
    ],
  },
};

export const ordersConsumerDeployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'orders-consumer', namespace: 'shop' },
  spec: { replicas: 6 },
  status: {
    replicas: 6,
    readyReplicas: 6,
    availableReplicas: 6,
    updatedReplicas: 6,
  },
};

// ---------------------------------------------------------------------------
// checkout: pinned at max 30.
// ---------------------------------------------------------------------------

export const checkoutScaledObject = {
  apiVersion: 'keda.sh/v1alpha1',
  kind: 'ScaledObject',
  metadata: {
    name: 'checkout',
    namespace: 'shop',
    labels: { 'scaledobject.keda.sh/name': 'checkout' },
  },
  spec: {
    scaleTargetRef: { name: 'checkout' },
    minReplicaCount: 3,
    maxReplicaCount: 30,
    triggers: [
      {
        type: 'aws-sqs-queue',
        name: 'checkout-queue',
        metadata: {
          queueURL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/checkout',
          awsRegion: 'eu-west-1',
        },
        authenticationRef: { name: 'aws-irsa' },
      },
    ],
  },
  status: {
    scaleTargetKind: 'apps/v1.Deployment',
    lastActiveTime: '2026-08-21T12:09:58Z',
    externalMetricNames: [
      's0-aws-sqs-https---sqs-eu-west-1-amazonaws-com-123456789012-checkout',
    ],
    hpaName: 'keda-hpa-checkout',
    health: {
      's0-aws-sqs-https---sqs-eu-west-1-amazonaws-com-123456789012-checkout': {
        numberOfFailures: 0,
        status: 'Happy',
      },
    },
    triggersActivity: {
      's0-aws-sqs-https---sqs-eu-west-1-amazonaws-com-123456789012-checkout': {
        isActive: true,
      },
    },
    conditions: [
      {
        type: 'Ready',
        status: 'True',
        reason: 'ScaledObjectReady',
        message: 'ScaledObject is defined correctly and is ready for scaling',
        lastTransitionTime: '2026-08-20T07:00:00Z',
      },
      {
        type: 'Active',
        status: 'True',
        reason: 'ScalerActive',
        message: 'Scaling is performed because triggers are active',
        lastTransitionTime: '2026-08-21T09:00:00Z',
      },
      {
        type: 'Fallback',
        status: 'False',
        reason: 'NoFallbackFound',
        message: 'No fallbacks are active on this scaled object',
        lastTransitionTime: '2026-08-20T07:00:00Z',
      },
      {
        type: 'Paused',
        status: 'False',
        reason: 'ScaledObjectUnpaused',
        message: 'pause annotation removed for ScaledObject',
        lastTransitionTime: '2026-08-20T07:00:00Z',
      },
    ],
  },
};

export const checkoutHpa = {
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name: 'keda-hpa-checkout', namespace: 'shop' },
  spec: {
    minReplicas: 3,
    maxReplicas: 30,
    metrics: [
      {
        type: 'External',
        external: {
          metric: {
            name: 's0-aws-sqs-https---sqs-eu-west-1-amazonaws-com-123456789012-checkout',
          },
          target: { type: 'AverageValue', averageValue: '5' },
        },
      },
    ],
  },
  status: {
    currentReplicas: 30,
    desiredReplicas: 30,
    currentMetrics: [
      {
        type: 'External',
        external: {
          metric: {
            name: 's0-aws-sqs-https---sqs-eu-west-1-amazonaws-com-123456789012-checkout',
          },
          current: { averageValue: '1.5k' },
        },
      },
    ],
    conditions: [
      {
        type: 'ScalingActive',
        status: 'True',
        lastTransitionTime: '2026-08-20T07:01:00Z',
        reason: 'ValidMetricFound',
        message:
          'the HPA was able to successfully calculate a replica count from external metric',
      },
      {
        type: 'ScalingLimited',
        status: 'True',
        lastTransitionTime: '2026-08-21T11:20:00Z',
        reason: 'TooManyReplicas',
        message:
          'the desired replica count is more than the maximum replica count',
      },
    ],
  },
};

export const checkoutDeployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'checkout', namespace: 'shop' },
  spec: { replicas: 30 },
  status: { replicas: 30, readyReplicas: 30, availableReplicas: 30 },
};

// ---------------------------------------------------------------------------
// reports: paused at 2 by paused-replicas (no HPA while paused).
// ---------------------------------------------------------------------------

export const reportsPausedScaledObject = {
  apiVersion: 'keda.sh/v1alpha1',
  kind: 'ScaledObject',
  metadata: {
    name: 'reports',
    namespace: 'shop',
    annotations: { 'autoscaling.keda.sh/paused-replicas': '2' },
    labels: { 'scaledobject.keda.sh/name': 'reports' },
  },
  spec: {
    scaleTargetRef: { name: 'reports' },
    triggers: [
      {
        type: 'cron',
        metadata: {
          timezone: 'Europe/Paris',
          start: '0 8 * * 1-5',
          end: '0 18 * * 1-5',
          desiredReplicas: '4',
        },
      },
    ],
  },
  status: {
    scaleTargetKind: 'apps/v1.Deployment',
    externalMetricNames: ['s0-cron-Europe-Paris-08xx1-5-018xx1-5'],
    pausedReplicaCount: 2,
    conditions: [
      {
        type: 'Ready',
        status: 'True',
        reason: 'ScaledObjectReady',
        message: 'ScaledObject is defined correctly and is ready for scaling',
        lastTransitionTime: '2026-08-20T07:00:00Z',
      },
      {
        type: 'Active',
        status: 'Unknown',
        reason: 'UnknownState',
        message: 'ScaledObject check failed',
        lastTransitionTime: '2026-08-20T07:00:00Z',
      },
      {
        type: 'Fallback',
        status: 'False',
        reason: 'NoFallbackFound',
        message: 'No fallbacks are active on this scaled object',
        lastTransitionTime: '2026-08-20T07:00:00Z',
      },
      {
        type: 'Paused',
        status: 'True',
        reason: 'ScaledObjectPaused',
        message: 'ScaledObject is paused',
        lastTransitionTime: '2026-08-21T10:30:00Z',
      },
    ],
  },
};

export const reportsDeployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'reports', namespace: 'shop' },
  spec: { replicas: 2 },
  status: { replicas: 2, readyReplicas: 2, availableReplicas: 2 },
};

// ---------------------------------------------------------------------------
// invoices: the check failed (no target); Active UnknownState.
// ---------------------------------------------------------------------------

export const invoicesCheckFailedScaledObject = {
  apiVersion: 'keda.sh/v1alpha1',
  kind: 'ScaledObject',
  metadata: { name: 'invoices', namespace: 'shop' },
  spec: {
    scaleTargetRef: { name: 'invoices' },
    triggers: [
      {
        type: 'redis',
        metadata: { address: 'redis.data:6379', listName: 'invoices' },
      },
    ],
  },
  status: {
    conditions: [
      {
        type: 'Ready',
        status: 'False',
        reason: 'ScaledObjectCheckFailed',
        message:
          'ScaledObject doesn\'t have correct scaleTargetRef specification: deployments.apps "invoices" not found',
        lastTransitionTime: '2026-08-21T12:01:00Z',
      },
      {
        type: 'Active',
        status: 'Unknown',
        reason: 'UnknownState',
        message: 'ScaledObject check failed',
        lastTransitionTime: '2026-08-21T12:01:00Z',
      },
      {
        type: 'Fallback',
        status: 'Unknown',
        lastTransitionTime: '2026-08-21T12:01:00Z',
      },
      {
        type: 'Paused',
        status: 'False',
        lastTransitionTime: '2026-08-21T12:01:00Z',
      },
    ],
  },
};

// ---------------------------------------------------------------------------
// payments: cpu (Utilization) + kafka; the kafka metric is s1-, not s0-.
// ---------------------------------------------------------------------------

export const paymentsScaledObject = {
  apiVersion: 'keda.sh/v1alpha1',
  kind: 'ScaledObject',
  metadata: { name: 'payments', namespace: 'pay' },
  spec: {
    scaleTargetRef: { name: 'payments' },
    minReplicaCount: 2,
    maxReplicaCount: 8,
    triggers: [
      { type: 'cpu', metricType: 'Utilization', metadata: { value: '60' } },
      {
        type: 'kafka',
        metadata: {
          bootstrapServers: 'kafka.data:9092',
          consumerGroup: 'payments',
          topic: 'payments',
          lagThreshold: '50',
        },
      },
      {
        type: 'memory',
        metricType: 'AverageValue',
        metadata: { value: '512Mi', containerName: 'app' },
      },
    ],
  },
  status: {
    scaleTargetKind: 'apps/v1.Deployment',
    externalMetricNames: ['s1-kafka-payments'],
    resourceMetricNames: ['cpu', 'memory'],
    hpaName: 'keda-hpa-payments',
    health: { 's1-kafka-payments': { numberOfFailures: 0, status: 'Happy' } },
    triggersActivity: { 's1-kafka-payments': { isActive: true } },
    conditions: [
      {
        type: 'Ready',
        status: 'True',
        reason: 'ScaledObjectReady',
        message: 'ScaledObject is defined correctly and is ready for scaling',
      },
      {
        type: 'Active',
        status: 'True',
        reason: 'ScalerActive',
        message: 'Scaling is performed because triggers are active',
      },
      {
        type: 'Fallback',
        status: 'False',
        reason: 'NoFallbackFound',
        message: 'No fallbacks are active on this scaled object',
      },
      {
        type: 'Paused',
        status: 'False',
        reason: 'ScaledObjectUnpaused',
        message: 'pause annotation removed for ScaledObject',
      },
    ],
  },
};

export const paymentsHpa = {
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name: 'keda-hpa-payments', namespace: 'pay' },
  spec: {
    minReplicas: 2,
    maxReplicas: 8,
    metrics: [
      {
        type: 'Resource',
        resource: {
          name: 'cpu',
          target: { type: 'Utilization', averageUtilization: 60 },
        },
      },
      {
        type: 'External',
        external: {
          metric: {
            name: 's1-kafka-payments',
            selector: {
              matchLabels: { 'scaledobject.keda.sh/name': 'payments' },
            },
          },
          target: { type: 'AverageValue', averageValue: '50' },
        },
      },
      {
        type: 'ContainerResource',
        containerResource: {
          name: 'memory',
          container: 'app',
          target: { type: 'AverageValue', averageValue: '512Mi' },
        },
      },
    ],
  },
  status: {
    currentReplicas: 4,
    desiredReplicas: 4,
    currentMetrics: [
      {
        type: 'Resource',
        resource: {
          name: 'cpu',
          current: { averageUtilization: 73, averageValue: '365m' },
        },
      },
      {
        type: 'External',
        external: {
          metric: { name: 's1-kafka-payments' },
          current: { averageValue: '12' },
        },
      },
      {
        type: 'ContainerResource',
        containerResource: {
          name: 'memory',
          container: 'app',
          current: { averageValue: '2Gi' },
        },
      },
    ],
    conditions: [
      {
        type: 'ScalingActive',
        status: 'True',
        reason: 'ValidMetricFound',
        message:
          'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)',
      },
    ],
  },
};

export const paymentsDeployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'payments', namespace: 'pay' },
  spec: { replicas: 4 },
  status: { replicas: 4, readyReplicas: 4, availableReplicas: 4 },
};

// ---------------------------------------------------------------------------
// search: scalingModifiers, one composite-metric on the HPA.
// ---------------------------------------------------------------------------

export const searchCompositeScaledObject = {
  apiVersion: 'keda.sh/v1alpha1',
  kind: 'ScaledObject',
  metadata: { name: 'search', namespace: 'web' },
  spec: {
    scaleTargetRef: { name: 'search' },
    minReplicaCount: 1,
    maxReplicaCount: 10,
    advanced: {
      scalingModifiers: {
        formula: '(rps + queue) / 2',
        target: '50',
        metricType: 'AverageValue',
      },
    },
    triggers: [
      {
        type: 'prometheus',
        name: 'rps',
        metadata: {
          serverAddress: 'http://prometheus.monitoring:9090',
          query: 'sum(rate(search_requests_total[1m]))',
          threshold: '100',
        },
      },
      {
        type: 'rabbitmq',
        name: 'queue',
        metadata: { queueName: 'reindex', mode: 'QueueLength', value: '30' },
        authenticationRef: { name: 'rabbitmq-auth' },
      },
    ],
  },
  status: {
    scaleTargetKind: 'apps/v1.Deployment',
    externalMetricNames: ['s0-prometheus', 's1-rabbitmq-reindex'],
    compositeScalerName: 'composite-metric',
    hpaName: 'keda-hpa-search',
    health: {
      's0-prometheus': { numberOfFailures: 0, status: 'Happy' },
      's1-rabbitmq-reindex': { numberOfFailures: 0, status: 'Happy' },
    },
    triggersActivity: {
      's0-prometheus': { isActive: true },
      's1-rabbitmq-reindex': { isActive: false },
    },
    conditions: [
      {
        type: 'Ready',
        status: 'True',
        reason: 'ScaledObjectReady',
        message: 'ScaledObject is defined correctly and is ready for scaling',
      },
      {
        type: 'Active',
        status: 'True',
        reason: 'ScalerActive',
        message: 'Scaling is performed because triggers are active',
      },
      {
        type: 'Fallback',
        status: 'False',
        reason: 'NoFallbackFound',
        message: 'No fallbacks are active on this scaled object',
      },
      {
        type: 'Paused',
        status: 'False',
        reason: 'ScaledObjectUnpaused',
        message: 'pause annotation removed for ScaledObject',
      },
    ],
  },
};

export const searchCompositeHpa = {
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name: 'keda-hpa-search', namespace: 'web' },
  spec: {
    minReplicas: 1,
    maxReplicas: 10,
    metrics: [
      {
        type: 'External',
        external: {
          metric: {
            name: 'composite-metric',
            selector: {
              matchLabels: { 'scaledobject.keda.sh/name': 'search' },
            },
          },
          target: { type: 'AverageValue', averageValue: '50' },
        },
      },
    ],
  },
  status: {
    currentReplicas: 3,
    desiredReplicas: 3,
    currentMetrics: [
      {
        type: 'External',
        external: {
          metric: { name: 'composite-metric' },
          current: { averageValue: '45' },
        },
      },
    ],
    conditions: [
      {
        type: 'ScalingActive',
        status: 'True',
        reason: 'ValidMetricFound',
        message:
          'the HPA was able to successfully calculate a replica count from external metric composite-metric',
      },
    ],
  },
};

export const searchDeployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'search', namespace: 'web' },
  spec: { replicas: 3 },
  status: { replicas: 3, readyReplicas: 3, availableReplicas: 3 },
};

// ---------------------------------------------------------------------------
// notifications: two triggers, kafka failing, prometheus active
// (Ready=Unknown PartialTriggerError).
// ---------------------------------------------------------------------------

export const notificationsPartialScaledObject = {
  apiVersion: 'keda.sh/v1alpha1',
  kind: 'ScaledObject',
  metadata: { name: 'notifications', namespace: 'shop' },
  spec: {
    scaleTargetRef: { name: 'notifications' },
    minReplicaCount: 1,
    maxReplicaCount: 15,
    triggers: [
      {
        type: 'prometheus',
        metadata: {
          serverAddress: 'http://prometheus.monitoring:9090',
          query: 'sum(notifications_pending)',
          threshold: '20',
        },
      },
      {
        type: 'kafka',
        metadata: {
          bootstrapServers: 'kafka.data:9092',
          consumerGroup: 'notify',
          topic: 'notifications',
        },
      },
    ],
  },
  status: {
    scaleTargetKind: 'apps/v1.Deployment',
    lastActiveTime: '2026-08-21T12:09:50Z',
    externalMetricNames: ['s0-prometheus', 's1-kafka-notifications'],
    hpaName: 'keda-hpa-notifications',
    health: {
      's0-prometheus': { numberOfFailures: 0, status: 'Happy' },
      's1-kafka-notifications': { numberOfFailures: 2, status: 'Failing' },
    },
    triggersActivity: {
      's0-prometheus': { isActive: true },
      's1-kafka-notifications': { isActive: false },
    },
    conditions: [
      {
        type: 'Ready',
        status: 'Unknown',
        reason: 'PartialTriggerError',
        message:
          'Some triggers defined in ScaledObject are not working correctly',
        lastTransitionTime: '2026-08-21T12:08:00Z',
      },
      {
        type: 'Active',
        status: 'True',
        reason: 'ScalerActive',
        message: 'Scaling is performed because triggers are active',
        lastTransitionTime: '2026-08-21T11:00:00Z',
      },
      {
        type: 'Fallback',
        status: 'False',
        reason: 'NoFallbackFound',
        message: 'No fallbacks are active on this scaled object',
      },
      {
        type: 'Paused',
        status: 'False',
        reason: 'ScaledObjectUnpaused',
        message: 'pause annotation removed for ScaledObject',
      },
    ],
  },
};

export const notificationsDeployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'notifications', namespace: 'shop' },
  spec: { replicas: 4 },
  status: { replicas: 4, readyReplicas: 4, availableReplicas: 4 },
};
