/**
 * Hand-written Events about ScaledObjects, in both APIs, to test the
 * model's two input shapes. The real chain's events are in recorded/*.json
 * (core/v1, what the portal's reader reads; KEDA records through
 * events.k8s.io, so they have no count or first/last timestamps). The
 * events.k8s.io/v1 shape is not recorded: the reader never reads it. The
 * core/v1 ones below are in the old demo driver's shape (first/last
 * timestamps, count), as other event recorders write them.
 */

/** events.k8s.io/v1, as KEDA's recorder writes them. */
export const ordersApiEventsV1 = [
  {
    apiVersion: 'events.k8s.io/v1',
    kind: 'Event',
    metadata: {
      name: 'orders-api.17e0a1b2c3d4e5f6',
      namespace: 'shop',
      creationTimestamp: '2026-08-20T09:14:03Z',
    },
    eventTime: '2026-08-20T09:14:03.120331Z',
    reportingController: 'keda-operator',
    reportingInstance: 'keda-operator-6d9f8b7c5-x2x4p',
    action: 'ScalersWatchStarted',
    reason: 'KEDAScalersStarted',
    regarding: {
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledObject',
      name: 'orders-api',
      namespace: 'shop',
    },
    note: 'Started scalers watch',
    type: 'Normal',
  },
  {
    apiVersion: 'events.k8s.io/v1',
    kind: 'Event',
    metadata: {
      name: 'orders-api.17e0a1b2c3d4e5f7',
      namespace: 'shop',
      creationTimestamp: '2026-08-21T12:04:00Z',
    },
    eventTime: '2026-08-21T12:04:00.500000Z',
    series: { count: 3, lastObservedTime: '2026-08-21T12:07:30.000000Z' },
    reportingController: 'keda-operator',
    reportingInstance: 'keda-operator-6d9f8b7c5-x2x4p',
    action: 'ScalerFailed',
    reason: 'KEDAScalerFailed',
    regarding: {
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledObject',
      name: 'orders-api',
      namespace: 'shop',
    },
    note: 'error inspecting prometheus metrics: Get "http://prometheus.monitoring:9090": context deadline exceeded',
    type: 'Warning',
  },
  {
    apiVersion: 'events.k8s.io/v1',
    kind: 'Event',
    metadata: {
      name: 'orders-api.17e0a1b2c3d4e5f8',
      namespace: 'shop',
      creationTimestamp: '2026-08-20T09:14:04Z',
    },
    eventTime: '2026-08-20T09:14:04.001000Z',
    reportingController: 'keda-operator',
    reportingInstance: 'keda-operator-6d9f8b7c5-x2x4p',
    action: 'ScaledObjectReady',
    reason: 'ScaledObjectReady',
    regarding: {
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledObject',
      name: 'orders-api',
      namespace: 'shop',
    },
    note: 'ScaledObject is ready for scaling',
    type: 'Normal',
  },
];

/** core/v1, as the demo driver writes them (and kubectl shows them). */
export const ordersApiEventsCoreV1 = [
  {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: {
      name: 'orders-api.x7k2q',
      namespace: 'shop',
      creationTimestamp: '2026-08-21T11:58:00Z',
    },
    involvedObject: {
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledObject',
      name: 'orders-api',
      namespace: 'shop',
      uid: '5c0d0e7a-1f6b-4c55-9d0e-2a1f7f0f4a11',
    },
    reason: 'KEDAScaleTargetActivated',
    action: 'ScaleTargetActivated',
    message:
      'Scaled apps/v1.Deployment shop/orders-api from 0 to 2, triggered by prometheus',
    source: { component: 'keda-operator' },
    reportingComponent: 'keda-operator',
    reportingInstance: 'keda-operator-demo',
    firstTimestamp: '2026-08-21T11:58:00Z',
    lastTimestamp: '2026-08-21T11:58:00Z',
    count: 1,
    type: 'Normal',
    eventTime: null,
  },
  {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: {
      name: 'keda-hpa-orders-api.17e0b',
      namespace: 'shop',
      creationTimestamp: '2026-08-21T12:04:12Z',
    },
    involvedObject: {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      name: 'keda-hpa-orders-api',
      namespace: 'shop',
    },
    reason: 'SuccessfulRescale',
    message:
      'New size: 5; reason: external metric s0-prometheus(&LabelSelector{...}) above target',
    source: { component: 'horizontal-pod-autoscaler' },
    reportingComponent: 'horizontal-pod-autoscaler',
    reportingInstance: '',
    firstTimestamp: '2026-08-21T12:04:12Z',
    lastTimestamp: '2026-08-21T12:04:12Z',
    count: 1,
    type: 'Normal',
    eventTime: null,
  },
  {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: {
      name: 'email-worker.p3m9z',
      namespace: 'shop',
      creationTimestamp: '2026-08-21T12:08:31Z',
    },
    involvedObject: {
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledObject',
      name: 'email-worker',
      namespace: 'shop',
    },
    reason: 'KEDAScaleTargetDeactivated',
    message: 'Deactivated apps/v1.Deployment shop/email-worker from 1 to 0',
    source: { component: 'keda-operator' },
    firstTimestamp: '2026-08-21T12:08:31Z',
    lastTimestamp: '2026-08-21T12:08:31Z',
    count: 1,
    type: 'Normal',
    eventTime: null,
  },
];
