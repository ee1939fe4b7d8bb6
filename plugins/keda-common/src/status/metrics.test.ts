import { buildScalingStatus } from './buildScalingStatus';
import {
  buildCompositeMetric,
  buildTriggerStatuses,
  metricTriggerIndex,
  readMetricCurrent,
  readMetricTarget,
  triggerMetadataTarget,
} from './metrics';
import { copy } from './__fixtures__/helpers';
import {
  NOW,
  notificationsPartialScaledObject,
  ordersApiHpa,
  ordersApiScaledObject,
  paymentsDeployment,
  paymentsHpa,
  paymentsScaledObject,
  searchCompositeHpa,
  searchCompositeScaledObject,
  searchDeployment,
} from './__fixtures__/scaledObjects';

describe('metricTriggerIndex', () => {
  it.each([
    ['s0-prometheus', 0],
    ['s1-kafka-payments', 1],
    ['s12-rabbitmq-a%2Fb', 12],
    ['composite-metric', undefined],
    ['cpu', undefined],
    ['prometheus', undefined],
    ['sx-foo', undefined],
  ])('%s → %p', (name, index) => {
    expect(metricTriggerIndex(name)).toBe(index);
  });
});

describe('buildTriggerStatuses', () => {
  it('s0-: an external metric with the HPA reading and target', () => {
    const [trigger] = buildTriggerStatuses(ordersApiScaledObject, ordersApiHpa);
    expect(trigger).toEqual({
      index: 0,
      type: 'prometheus',
      label: 'prometheus',
      metricNames: ['s0-prometheus'],
      hpaMetricKind: 'External',
      current: { type: 'AverageValue', value: 8.724, raw: '8724m' },
      target: { type: 'AverageValue', value: 10, raw: '10' },
      targetSource: 'hpa',
      // Recorded: KEDA keeps status.health only when fallback is set.
      active: true,
    });
  });

  it('cpu as trigger 0 shifts kafka to s1-; cpu and memory map to Resource / ContainerResource', () => {
    const triggers = buildTriggerStatuses(paymentsScaledObject, paymentsHpa);
    expect(
      triggers.map(t => [t.index, t.type, t.metricNames, t.hpaMetricKind]),
    ).toEqual([
      [0, 'cpu', ['cpu'], 'Resource'],
      [1, 'kafka', ['s1-kafka-payments'], 'External'],
      [2, 'memory', ['memory'], 'ContainerResource'],
    ]);
    expect(triggers[0]).toMatchObject({
      current: { type: 'Utilization', value: 73 },
      target: { type: 'Utilization', value: 60 },
      metricType: 'Utilization',
    });
    expect(triggers[0].active).toBeUndefined();
    expect(triggers[1]).toMatchObject({
      current: { type: 'AverageValue', value: 12 },
      target: { type: 'AverageValue', value: 50 },
      active: true,
      healthStatus: 'Happy',
    });
    expect(triggers[2]).toMatchObject({
      current: { type: 'AverageValue', value: 2 * 1024 ** 3, raw: '2Gi' },
      target: { type: 'AverageValue', value: 512 * 1024 ** 2, raw: '512Mi' },
    });
  });

  it('without an HPA, targets come from the trigger metadata (with defaults)', () => {
    const triggers = buildTriggerStatuses(notificationsPartialScaledObject);
    expect(
      triggers.map(t => [t.metricNames, t.target, t.targetSource]),
    ).toEqual([
      [
        ['s0-prometheus'],
        { type: 'AverageValue', value: 20, raw: '20' },
        'metadata',
      ],
      // kafka without lagThreshold: KEDA's default of 10.
      [
        ['s1-kafka-notifications'],
        { type: 'AverageValue', value: 10, raw: '10' },
        'metadata',
      ],
    ]);
    expect(triggers[1]).toMatchObject({
      healthStatus: 'Failing',
      failures: 2,
      active: false,
    });
  });

  it('finds metric names in health and triggersActivity when externalMetricNames is missing', () => {
    const so = copy(notificationsPartialScaledObject);
    delete (so.status as { externalMetricNames?: string[] })
      .externalMetricNames;
    expect(buildTriggerStatuses(so).map(t => t.metricNames)).toEqual([
      ['s0-prometheus'],
      ['s1-kafka-notifications'],
    ]);
  });

  it('composite-metric: one HPA metric for the formula; the triggers keep their own names', () => {
    const triggers = buildTriggerStatuses(
      searchCompositeScaledObject,
      searchCompositeHpa,
    );
    expect(
      triggers.map(t => [
        t.label,
        t.metricNames,
        t.hpaMetricKind,
        t.current,
        t.active,
      ]),
    ).toEqual([
      // Recorded: with scalingModifiers KEDA reports each trigger inactive
      // (triggersActivity) while the ScaledObject is Active.
      ['a', ['s0-cron-Etc-UTC-00xxx-5923xxx'], 'Composite', undefined, false],
      ['b', ['s1-cron-Etc-UTC-00xxx-5923xxx'], 'Composite', undefined, false],
    ]);
    expect(
      buildCompositeMetric(searchCompositeScaledObject, searchCompositeHpa),
    ).toEqual({
      metricName: 'composite-metric',
      formula: 'a + b',
      current: { type: 'AverageValue', value: 2, raw: '2' },
      target: { type: 'AverageValue', value: 2, raw: '2' },
    });
  });

  it('composite target from scalingModifiers when the HPA is not at hand', () => {
    expect(buildCompositeMetric(searchCompositeScaledObject)).toEqual({
      metricName: 'composite-metric',
      formula: 'a + b',
      target: { type: 'AverageValue', value: 2, raw: '2' },
    });
    expect(buildCompositeMetric(ordersApiScaledObject)).toBeUndefined();
  });
});

describe('metric readings', () => {
  it('reads each target type', () => {
    expect(readMetricTarget({ type: 'Value', value: '3k' })).toEqual({
      type: 'Value',
      value: 3000,
      raw: '3k',
    });
    expect(
      readMetricTarget({ type: 'Utilization', averageUtilization: 80 }),
    ).toEqual({
      type: 'Utilization',
      value: 80,
    });
    expect(readMetricTarget({ type: 'AverageValue' })).toBeUndefined();
  });

  it('reads the current value that matches the target type', () => {
    const current = { averageUtilization: 73, averageValue: '365m' };
    expect(readMetricCurrent(current, 'Utilization')).toEqual({
      type: 'Utilization',
      value: 73,
    });
    expect(readMetricCurrent(current, 'AverageValue')).toEqual({
      type: 'AverageValue',
      value: 0.365,
      raw: '365m',
    });
    expect(readMetricCurrent({ value: '7' })).toEqual({
      type: 'Value',
      value: 7,
      raw: '7',
    });
  });

  it('trigger metadata targets', () => {
    expect(
      triggerMetadataTarget({
        type: 'aws-sqs-queue',
        metadata: { queueURL: 'q' },
      }),
    ).toEqual({ type: 'AverageValue', value: 5, raw: '5' });
    expect(
      triggerMetadataTarget({ type: 'cpu', metadata: { value: '70' } }),
    ).toEqual({ type: 'Utilization', value: 70 });
    expect(
      triggerMetadataTarget({
        type: 'metrics-api',
        metricType: 'Value',
        metadata: { targetValue: '1.5k' },
      }),
    ).toEqual({ type: 'Value', value: 1500, raw: '1.5k' });
    expect(
      triggerMetadataTarget({ type: 'some-external', metadata: { url: 'x' } }),
    ).toBeUndefined();
  });
});

describe('diagnosis readings', () => {
  it('names the trigger that drives the HPA when there are several', () => {
    const status = buildScalingStatus({
      scaledObject: paymentsScaledObject,
      hpa: paymentsHpa,
      target: paymentsDeployment,
      now: NOW,
    });
    // memory: 2Gi per replica against 512Mi is the highest ratio (4x).
    expect(status.diagnosis).toBe(
      'Scaling between 2 and 8 on cpu, kafka and memory: 4 replicas, memory at 2Gi per replica against a target of 512Mi',
    );
  });

  it('with two external triggers, names the one that drives', () => {
    const both = copy(notificationsPartialScaledObject);
    both.status.health['s1-kafka-notifications'] = {
      numberOfFailures: 0,
      status: 'Happy',
    };
    both.status.conditions[0] = {
      type: 'Ready',
      status: 'True',
      reason: 'ScaledObjectReady',
      message: 'ScaledObject is defined correctly and is ready for scaling',
      lastTransitionTime: '2026-08-21T12:09:00Z',
    };
    const metric = (name: string, averageValue: string) => ({
      type: 'External',
      external: { metric: { name }, current: { averageValue } },
    });
    const target = (name: string, averageValue: string) => ({
      type: 'External',
      external: {
        metric: { name },
        target: { type: 'AverageValue', averageValue },
      },
    });
    const hpa = {
      spec: {
        maxReplicas: 15,
        metrics: [
          target('s0-prometheus', '20'),
          target('s1-kafka-notifications', '10'),
        ],
      },
      status: {
        currentReplicas: 4,
        desiredReplicas: 4,
        currentMetrics: [
          metric('s0-prometheus', '15'),
          metric('s1-kafka-notifications', '9'),
        ],
      },
    };
    expect(
      buildScalingStatus({
        scaledObject: both,
        hpa,
        target: { spec: { replicas: 4 }, status: { replicas: 4 } },
      }).diagnosis,
    ).toBe(
      'Scaling between 1 and 15 on prometheus and kafka: 4 replicas, 9 per replica against a target of 10 on kafka (36 in total over 4 replicas)',
    );
  });

  it('a Value target reads as a total, labelled so', () => {
    const both = copy(notificationsPartialScaledObject);
    both.status.health['s1-kafka-notifications'] = {
      numberOfFailures: 0,
      status: 'Happy',
    };
    both.status.conditions[0] = {
      type: 'Ready',
      status: 'True',
      reason: 'ScaledObjectReady',
      message: 'ScaledObject is defined correctly and is ready for scaling',
      lastTransitionTime: '2026-08-21T12:09:00Z',
    };
    const metric = (name: string, value: string) => ({
      type: 'External',
      external: { metric: { name }, current: { value } },
    });
    const target = (name: string, value: string) => ({
      type: 'External',
      external: { metric: { name }, target: { type: 'Value', value } },
    });
    const hpa = {
      spec: {
        maxReplicas: 15,
        metrics: [
          target('s0-prometheus', '200'),
          target('s1-kafka-notifications', '50'),
        ],
      },
      status: {
        currentReplicas: 4,
        desiredReplicas: 4,
        currentMetrics: [
          metric('s0-prometheus', '15'),
          metric('s1-kafka-notifications', '65'),
        ],
      },
    };
    expect(
      buildScalingStatus({
        scaledObject: both,
        hpa,
        target: { spec: { replicas: 4 }, status: { replicas: 4 } },
      }).diagnosis,
    ).toBe(
      'Scaling between 1 and 15 on prometheus and kafka: 4 replicas, 65 in total against a target of 50 on kafka',
    );
  });

  it('utilization reads as a percentage', () => {
    const so = copy(paymentsScaledObject);
    so.spec.triggers = so.spec.triggers.slice(0, 1);
    const status = buildScalingStatus({
      scaledObject: so,
      hpa: paymentsHpa,
      target: paymentsDeployment,
    });
    expect(status.diagnosis).toBe(
      'Scaling between 2 and 8 on cpu: 4 replicas, cpu at 73% against a target of 60%',
    );
  });

  it('composite: the formula and the combined metric', () => {
    const status = buildScalingStatus({
      scaledObject: searchCompositeScaledObject,
      hpa: searchCompositeHpa,
      target: searchDeployment,
      now: NOW,
    });
    expect(status.health).toBe('ok');
    expect(status.diagnosis).toBe(
      'Scaling between 1 and 10 on the formula a + b: 3 replicas, 2 per replica against a target of 2 (6 in total over 3 replicas)',
    );
  });
});
