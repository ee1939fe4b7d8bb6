/**
 * ScaledObjects, their HPAs and scale targets. Where the real chain reaches
 * the state, the fixture is a recorded one (recorded/*.json, from KEDA
 * v2.21.0 and the HPA controller of Kubernetes v1.37.2; see recorded.ts).
 * The rest are hand-written in the API's shape, each saying why the chain
 * here cannot reach it. Times are around 2026-08-21T12:10:00Z.
 */
import { recordedStep } from './recorded';

/** The `now` the fixtures are read at. */
export const NOW = new Date('2026-08-21T12:10:00Z');

// ---------------------------------------------------------------------------
// Recorded (recorded/<path>.json, step).
// ---------------------------------------------------------------------------

/** orders-api: prometheus, min 1 / max 6, scaled up to 4 (prometheus, scaled-up). */
const ordersApi = recordedStep('prometheus', 'scaled-up');
export const ordersApiScaledObject = ordersApi.scaledObject;
export const ordersApiHpa = ordersApi.hpa;
export const ordersApiDeployment = ordersApi.target;

/** email-worker: rabbitmq, min 0, back at zero after activity (rabbitmq-zero, back-to-zero). */
const emailWorker = recordedStep('rabbitmq-zero', 'back-to-zero');
export const emailWorkerScaledObject = emailWorker.scaledObject;
export const emailWorkerHpa = emailWorker.hpa;
export const emailWorkerDeployment = emailWorker.target;

/**
 * orders-consumer: a failing trigger with fallback, serving 5 fallback
 * replicas (failing-fallback, source-down; its ScaledObject is named
 * notifications there and its trigger is prometheus).
 */
const ordersConsumer = recordedStep('failing-fallback', 'source-down');
export const ordersConsumerScaledObject = ordersConsumer.scaledObject;
export const ordersConsumerHpa = ordersConsumer.hpa;
export const ordersConsumerDeployment = ordersConsumer.target;

/** reports: paused at 1 by paused-replicas, no HPA (paused, paused-replicas). */
const reportsPaused = recordedStep('paused', 'paused-replicas');
export const reportsPausedScaledObject = reportsPaused.scaledObject;
export const reportsDeployment = reportsPaused.target;

/** invoices: the Deployment does not exist (check-failed, check-failed). */
export const invoicesCheckFailedScaledObject = recordedStep(
  'check-failed',
  'check-failed',
).scaledObject;

/** search: scalingModifiers over two cron triggers (scaling-modifiers, scaled). */
const search = recordedStep('scaling-modifiers', 'scaled');
export const searchCompositeScaledObject = search.scaledObject;
export const searchCompositeHpa = search.hpa;
export const searchDeployment = search.target;

// ---------------------------------------------------------------------------
// checkout: pinned at max 30. Hand-written: aws-sqs-queue needs AWS, which
// this machine cannot reach (the metric name shape is KEDA's).
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
// payments: cpu (Utilization) + kafka; the kafka metric is s1-, not s0-.
// Hand-written: cpu and memory triggers need the resource metrics API
// (metrics-server), which the chain here does not run.
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
// ---------------------------------------------------------------------------
// notifications: two triggers, kafka failing, prometheus active
// (Ready=Unknown PartialTriggerError). Hand-written: no recorded path has
// two triggers with one failing yet.
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
