import { buildScalingStatus } from './buildScalingStatus';
import { collectKedaEvents, isKedaEvent, normalizeEvent } from './events';
import {
  ordersApiEventsCoreV1,
  ordersApiEventsV1,
} from './__fixtures__/events';
import { recordedStep } from './__fixtures__/recorded';
import { ordersApiScaledObject } from './__fixtures__/scaledObjects';

describe('KEDA events', () => {
  const all = [...ordersApiEventsV1, ...ordersApiEventsCoreV1];

  it('keeps KEDA events about the object, newest first, from both APIs', () => {
    const events = collectKedaEvents(all, {
      kind: 'ScaledObject',
      name: 'orders-api',
    });
    expect(events.map(e => [e.reason, e.time, e.count])).toEqual([
      ['KEDAScalerFailed', '2026-08-21T12:07:30.000000Z', 3],
      ['KEDAScaleTargetActivated', '2026-08-21T11:58:00Z', 1],
      ['ScaledObjectReady', '2026-08-20T09:14:04.001000Z', 1],
      ['KEDAScalersStarted', '2026-08-20T09:14:03.120331Z', 1],
    ]);
  });

  it('leaves out HPA events and events about other ScaledObjects', () => {
    const reasons = collectKedaEvents(all, {
      kind: 'ScaledObject',
      name: 'orders-api',
    }).map(e => e.reason);
    expect(reasons).not.toContain('SuccessfulRescale');
    expect(reasons).not.toContain('KEDAScaleTargetDeactivated');
  });

  it('normalises both shapes', () => {
    expect(normalizeEvent(ordersApiEventsV1[1])).toEqual({
      reason: 'KEDAScalerFailed',
      type: 'Warning',
      message:
        'error inspecting prometheus metrics: Get "http://prometheus.monitoring:9090": context deadline exceeded',
      time: '2026-08-21T12:07:30.000000Z',
      firstTime: '2026-08-21T12:04:00.500000Z',
      count: 3,
      action: 'ScalerFailed',
    });
    expect(normalizeEvent(ordersApiEventsCoreV1[0])).toEqual({
      reason: 'KEDAScaleTargetActivated',
      type: 'Normal',
      message:
        'Scaled apps/v1.Deployment shop/orders-api from 0 to 2, triggered by prometheus',
      time: '2026-08-21T11:58:00Z',
      firstTime: '2026-08-21T11:58:00Z',
      count: 1,
      action: 'ScaleTargetActivated',
    });
  });

  it('recognises KEDA events by reporter or by reason', () => {
    expect(
      isKedaEvent({ reason: 'Anything', reportingController: 'keda-operator' }),
    ).toBe(true);
    expect(isKedaEvent({ reason: 'KEDAScalerFailed' })).toBe(true);
    expect(
      isKedaEvent({
        reason: 'SuccessfulRescale',
        source: { component: 'horizontal-pod-autoscaler' },
      }),
    ).toBe(false);
  });

  it('keeps input order for equal times and puts events without a time last', () => {
    const events = collectKedaEvents([
      { reason: 'KEDAScalersStarted' },
      { reason: 'KEDAScalerFailed', lastTimestamp: '2026-08-21T12:00:00Z' },
      { reason: 'ScaledObjectReady', lastTimestamp: '2026-08-21T12:00:00Z' },
    ]);
    expect(events.map(e => e.reason)).toEqual([
      'KEDAScalerFailed',
      'ScaledObjectReady',
      'KEDAScalersStarted',
    ]);
  });

  it('is part of the status', () => {
    const status = buildScalingStatus({
      scaledObject: ordersApiScaledObject,
      events: all,
    });
    expect(status.events).toHaveLength(4);
    expect(status.events[0].reason).toBe('KEDAScalerFailed');
  });
});

describe('KEDA events as the real chain records them', () => {
  // Recorded: events.k8s.io events read through core/v1 have no count and no
  // first/last timestamps; repeats are in series, times in eventTime.
  const failing = recordedStep('failing-fallback', 'source-down').events;
  const zero = recordedStep('rabbitmq-zero', 'back-to-zero').events;

  it('keeps the operator and webhook events about the object, newest first', () => {
    const events = collectKedaEvents(failing, {
      kind: 'ScaledObject',
      name: 'notifications',
    });
    expect(new Set(events.map(e => e.reason))).toEqual(
      new Set(failing.map((e: any) => e.reason)),
    );
    expect(events.map(e => e.reason)).toContain('KEDAScalerInfo');
    const times = events.map(e => Date.parse(e.time!));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('counts repeats from series and takes the time of the last one', () => {
    const repeated = failing.find((e: any) => e.series);
    expect(normalizeEvent(repeated)).toMatchObject({
      count: repeated.series.count,
      time: repeated.series.lastObservedTime,
      firstTime: repeated.eventTime,
    });
  });

  it('shows activation and deactivation with their messages', () => {
    const events = collectKedaEvents(zero, {
      kind: 'ScaledObject',
      name: 'email-worker',
    });
    expect(
      events
        .filter(e => e.reason.startsWith('KEDAScaleTarget'))
        .map(e => [e.reason, e.type, e.message.replace(/:.*$/, '')]),
    ).toEqual([
      [
        'KEDAScaleTargetDeactivated',
        'Normal',
        'Deactivated apps/v1.Deployment shop/email-worker from 4 to 0',
      ],
      [
        'KEDAScaleTargetActivated',
        'Normal',
        'Scaled apps/v1.Deployment shop/email-worker from 0 to 1, triggered by s0-rabbitmq-emails',
      ],
      [
        'KEDAScaleTargetDeactivationFailed',
        'Warning',
        'Failed to deactivate apps/v1.Deployment shop/email-worker from 1 to 0',
      ],
    ]);
  });
});
