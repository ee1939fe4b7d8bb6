import { buildScalingStatus } from './buildScalingStatus';
import { copy, withCondition } from './__fixtures__/helpers';
import {
  NOW,
  checkoutDeployment,
  checkoutHpa,
  checkoutScaledObject,
  emailWorkerDeployment,
  emailWorkerHpa,
  emailWorkerScaledObject,
  invoicesCheckFailedScaledObject,
  notificationsDeployment,
  notificationsPartialScaledObject,
  ordersApiDeployment,
  ordersApiHpa,
  ordersApiScaledObject,
  ordersConsumerDeployment,
  ordersConsumerHpa,
  ordersConsumerScaledObject,
  reportsDeployment,
  reportsPausedScaledObject,
} from './__fixtures__/scaledObjects';
import { recorded } from './__fixtures__/recorded';
import type { ScalingHealth, ScalingStatusInput } from './types';

interface ReasonCase {
  reason: string;
  condition: 'Ready' | 'Active' | 'Fallback' | 'Paused' | 'HPAActive';
  input: ScalingStatusInput;
  health: ScalingHealth;
  explanation: RegExp;
  diagnosis: string;
}

const ordersApi: ScalingStatusInput = {
  scaledObject: ordersApiScaledObject,
  hpa: ordersApiHpa,
  target: ordersApiDeployment,
  now: NOW,
};

const emailWorker: ScalingStatusInput = {
  scaledObject: emailWorkerScaledObject,
  hpa: emailWorkerHpa,
  target: emailWorkerDeployment,
  now: NOW,
};

const ordersConsumer: ScalingStatusInput = {
  scaledObject: ordersConsumerScaledObject,
  hpa: ordersConsumerHpa,
  target: ordersConsumerDeployment,
  now: NOW,
};

const notifications: ScalingStatusInput = {
  scaledObject: notificationsPartialScaledObject,
  target: notificationsDeployment,
  now: NOW,
};

/** Recorded: no fallback, the Prometheus gone; the trigger fails, nothing helps. */
const triggerErrorWithoutFallback = (): ScalingStatusInput =>
  recorded('failing-no-fallback', 'source-down');

/**
 * email-worker cooling down at 3 replicas after its last activity at 12:06.
 * Hand-written from the recorded idle state: with a cooldown of seconds the
 * chain passes ScalerCooldown too fast to record it reliably.
 */
function coolingDown(): ScalingStatusInput {
  let so = withCondition(emailWorkerScaledObject, {
    type: 'Active',
    status: 'False',
    reason: 'ScalerCooldown',
    message: 'Scaler cooling down because triggers are not active',
  });
  so = withCondition(so, {
    type: 'HPAActive',
    status: 'True',
    reason: 'HPAActive',
  });
  so.status.lastActiveTime = '2026-08-21T12:06:10Z';
  so.spec.cooldownPeriod = 300;
  return {
    ...emailWorker,
    scaledObject: so,
    target: {
      ...emailWorkerDeployment,
      spec: { replicas: 3 },
      status: { replicas: 3, readyReplicas: 3, availableReplicas: 3 },
    },
  };
}

/**
 * The recorded orders-api with only the HPA failing. Hand-written: in the
 * recorded paths the HPA fails only together with a failing trigger.
 */
function hpaActive(reason: string, message = ''): ScalingStatusInput {
  return {
    ...ordersApi,
    scaledObject: withCondition(ordersApiScaledObject, {
      type: 'HPAActive',
      status: 'False',
      reason,
      message,
      lastTransitionTime: '2026-08-21T12:05:00Z',
    }),
  };
}

const SCALED_OBJECT_CASES: ReasonCase[] = [
  {
    reason: 'ScaledObjectReady',
    condition: 'Ready',
    input: ordersApi,
    health: 'ok',
    explanation: /accepted the ScaledObject/,
    diagnosis:
      'Scaling between 1 and 6 on prometheus: 4 replicas, 8.72 per replica against a target of 10 (34.9 in total over 4 replicas)',
  },
  {
    reason: 'ScaledObjectCheckFailed',
    condition: 'Ready',
    input: { scaledObject: invoicesCheckFailedScaledObject, now: NOW },
    health: 'failing',
    explanation: /rejected the ScaledObject/,
    diagnosis:
      'Not scaling: the ScaledObject check failed (ScaledObject doesn\'t have correct scaleTargetRef specification: deployments.apps "invoices" not found)',
  },
  {
    reason: 'TriggerError',
    condition: 'Ready',
    input: triggerErrorWithoutFallback(),
    health: 'failing',
    explanation: /Every trigger returned an error/,
    diagnosis:
      // Recorded: without fallback KEDA keeps no status.health, so the
      // failing trigger is not named.
      'Not scaling: every trigger is failing and no fallback is active; replicas stay at 2',
  },
  {
    reason: 'ErrorGettingCurrentReplicas',
    condition: 'Ready',
    input: {
      ...ordersApi,
      scaledObject: withCondition(ordersApiScaledObject, {
        type: 'Ready',
        status: 'False',
        reason: 'ErrorGettingCurrentReplicas',
        message:
          'Error getting current replicas count for ScaleTarget: deployments.apps "orders-api" is forbidden',
      }),
    },
    health: 'failing',
    explanation: /could not read the replica count/,
    diagnosis:
      'Not scaling: KEDA cannot read the replica count of Deployment orders-api; replicas stay at 4',
  },
  {
    reason: 'PartialTriggerError',
    condition: 'Ready',
    input: notifications,
    health: 'degraded',
    explanation: /At least one trigger works/,
    diagnosis:
      'Scaling on prometheus while the kafka trigger failed 2 times in a row: 4 replicas',
  },
  {
    reason: 'ScalerActive',
    condition: 'Active',
    input: ordersApi,
    health: 'ok',
    explanation: /above its activation threshold/,
    diagnosis:
      'Scaling between 1 and 6 on prometheus: 4 replicas, 8.72 per replica against a target of 10 (34.9 in total over 4 replicas)',
  },
  {
    reason: 'ScalerNotActive',
    condition: 'Active',
    input: emailWorker,
    health: 'idle',
    explanation: /No trigger is above its activation threshold/,
    diagnosis: 'Scaled to 0: no trigger active since 12:09; cooldown 2 s',
  },
  {
    reason: 'ScalerCooldown',
    condition: 'Active',
    input: coolingDown(),
    health: 'ok',
    explanation: /cooldown period/,
    diagnosis:
      'Cooling down at 3 replicas: no trigger active since 12:06; scales to 0 at 12:11 unless a trigger becomes active',
  },
  {
    reason: 'UnknownState',
    condition: 'Active',
    input: { scaledObject: invoicesCheckFailedScaledObject, now: NOW },
    health: 'failing',
    explanation: /could not tell whether the triggers are active/,
    diagnosis:
      'Not scaling: the ScaledObject check failed (ScaledObject doesn\'t have correct scaleTargetRef specification: deployments.apps "invoices" not found)',
  },
  {
    reason: 'FallbackExists',
    condition: 'Fallback',
    input: ordersConsumer,
    health: 'degraded',
    explanation: /fallback\.replicas/,
    diagnosis:
      'Serving 5 fallback replicas: the prometheus trigger failed 9 times in a row',
  },
  {
    reason: 'NoFallbackFound',
    condition: 'Fallback',
    input: ordersApi,
    health: 'ok',
    explanation: /No trigger is in fallback/,
    diagnosis:
      'Scaling between 1 and 6 on prometheus: 4 replicas, 8.72 per replica against a target of 10 (34.9 in total over 4 replicas)',
  },
  {
    reason: 'ScaledObjectPaused',
    condition: 'Paused',
    input: {
      scaledObject: reportsPausedScaledObject,
      target: reportsDeployment,
      now: NOW,
    },
    health: 'paused',
    explanation: /paused by an annotation/,
    diagnosis: 'Paused at 1 replica by autoscaling.keda.sh/paused-replicas',
  },
  {
    reason: 'ScaledObjectUnpaused',
    condition: 'Paused',
    // Recorded: KEDA writes ScaledObjectUnpaused only after a pause; before
    // one, Paused=False has no reason.
    input: recorded('paused', 'unpaused'),
    health: 'ok',
    explanation: /No pause annotation is set/,
    diagnosis:
      'Scaling between 1 and 5 on cron: 3 replicas, 1 per replica against a target of 1 (3 in total over 3 replicas)',
  },
  {
    reason: 'HPAActive',
    condition: 'HPAActive',
    input: ordersApi,
    health: 'ok',
    explanation: /computes a replica count between 1 and the maximum/,
    diagnosis:
      'Scaling between 1 and 6 on prometheus: 4 replicas, 8.72 per replica against a target of 10 (34.9 in total over 4 replicas)',
  },
  {
    reason: 'ScalingDisabled',
    condition: 'HPAActive',
    input: emailWorker,
    health: 'idle',
    explanation: /at 0 replicas, where the HPA does nothing/,
    diagnosis: 'Scaled to 0: no trigger active since 12:09; cooldown 2 s',
  },
  {
    reason: 'FailedGetExternalMetric',
    condition: 'HPAActive',
    input: hpaActive(
      'FailedGetExternalMetric',
      'the HPA was unable to compute the replica count: unable to get external metric shop/s0-prometheus',
    ),
    health: 'degraded',
    explanation: /could not read an external metric from KEDA/,
    diagnosis:
      'The HPA cannot compute a replica count (FailedGetExternalMetric); replicas stay at 4',
  },
  {
    reason: 'HPAMetricsUnavailable',
    condition: 'HPAActive',
    input: hpaActive('HPAMetricsUnavailable'),
    health: 'degraded',
    explanation: /cannot read a metric/,
    diagnosis:
      'The HPA cannot compute a replica count (HPAMetricsUnavailable); replicas stay at 4',
  },
];

describe('buildScalingStatus: every ScaledObject condition reason', () => {
  it.each(SCALED_OBJECT_CASES.map(c => [c.reason, c] as const))(
    '%s',
    (_, c) => {
      const status = buildScalingStatus(c.input);
      const condition = status.conditions.find(x => x.type === c.condition);
      expect(condition?.reason).toBe(c.reason);
      expect(condition?.explanation).toMatch(c.explanation);
      expect(status.health).toBe(c.health);
      expect(status.diagnosis).toBe(c.diagnosis);
    },
  );

  it('lists the five conditions in a fixed order with their since times', () => {
    // Recorded: KEDA v2.21.0 writes no lastTransitionTime, so no since.
    const status = buildScalingStatus(ordersApi);
    expect(status.conditions.map(c => [c.type, c.status, c.since])).toEqual([
      ['Ready', 'True', undefined],
      ['Active', 'True', undefined],
      ['Fallback', 'False', undefined],
      ['Paused', 'False', undefined],
      ['HPAActive', 'True', undefined],
    ]);
    expect(status.conditions.every(c => c.reported)).toBe(true);
    const dated = withCondition(ordersApiScaledObject, {
      type: 'Ready',
      status: 'True',
      reason: 'ScaledObjectReady',
      lastTransitionTime: '2026-08-20T09:14:05Z',
    });
    expect(
      buildScalingStatus({ ...ordersApi, scaledObject: dated }).conditions[0]
        .since,
    ).toBe('2026-08-20T09:14:05Z');
  });

  it('fills in the defaults for conditions KEDA has not written', () => {
    // Fallback=Unknown without a reason: what KEDA writes on a new object
    // before its first check (seen on the chain; the recorded check-failed
    // state already has Fallback=False NoFallbackFound).
    const status = buildScalingStatus({
      scaledObject: withCondition(invoicesCheckFailedScaledObject, {
        type: 'Fallback',
        status: 'Unknown',
      }),
    });
    const byType = Object.fromEntries(status.conditions.map(c => [c.type, c]));
    expect(byType.Fallback).toMatchObject({
      status: 'Unknown',
      reported: true,
    });
    expect(byType.Fallback.reason).toBeUndefined();
    expect(byType.Paused).toMatchObject({ status: 'False', reported: true });
    expect(byType.HPAActive).toMatchObject({
      status: 'Unknown',
      reported: false,
    });
    expect(byType.HPAActive.explanation).toMatch(/older KEDA versions/);
  });

  it('reads the HPA reason from the message when KEDA normalises it to HPAMetricsUnavailable', () => {
    const status = buildScalingStatus(
      hpaActive(
        'HPAMetricsUnavailable',
        'FailedGetExternalMetric: unable to get metrics',
      ),
    );
    const condition = status.conditions.find(c => c.type === 'HPAActive');
    expect(condition?.explanation).toMatch(/could not read an external metric/);
    expect(status.health).toBe('degraded');
    expect(status.diagnosis).toBe(
      'The HPA cannot compute a replica count (FailedGetExternalMetric); replicas stay at 4',
    );
    expect(status.reasons.map(r => r.code)).toEqual(['hpa-not-scaling']);
  });

  it('derives HPAActive from the HPA when KEDA does not write it', () => {
    const so = copy(ordersApiScaledObject);
    so.status.conditions = so.status.conditions.filter(
      (c: { type: string }) => c.type !== 'HPAActive',
    );
    const hpa = copy(ordersApiHpa);
    hpa.status.conditions[1] = {
      type: 'ScalingActive',
      status: 'False',
      lastTransitionTime: '2026-08-21T12:05:00Z',
      reason: 'FailedGetExternalMetric',
      message: 'the HPA was unable to compute the replica count',
    };
    const status = buildScalingStatus({ ...ordersApi, scaledObject: so, hpa });
    const condition = status.conditions.find(c => c.type === 'HPAActive');
    expect(condition).toMatchObject({
      status: 'False',
      reason: 'FailedGetExternalMetric',
      reported: false,
      since: '2026-08-21T12:05:00Z',
    });
    expect(status.health).toBe('degraded');
  });

  it('accepts the UnkownState spelling of older KEDA releases', () => {
    const so = withCondition(invoicesCheckFailedScaledObject, {
      type: 'Active',
      status: 'Unknown',
      reason: 'UnkownState',
      message: 'ScaledObject check failed',
    });
    const status = buildScalingStatus({ scaledObject: so });
    expect(
      status.conditions.find(c => c.type === 'Active')?.explanation,
    ).toMatch(/could not tell whether the triggers are active/);
  });

  it('says when activation is forced', () => {
    const so = copy(ordersApiScaledObject);
    (so.metadata as { annotations?: Record<string, string> }).annotations = {
      'autoscaling.keda.sh/force-activation': 'true',
    };
    const status = buildScalingStatus({ ...ordersApi, scaledObject: so });
    expect(
      status.conditions.find(c => c.type === 'Active')?.explanation,
    ).toMatch(/forced by the autoscaling\.keda\.sh\/force-activation/);
  });
});

describe('buildScalingStatus: health findings', () => {
  it('pins at max: degraded with the maximum in the sentence', () => {
    const status = buildScalingStatus({
      scaledObject: checkoutScaledObject,
      hpa: checkoutHpa,
      target: checkoutDeployment,
      now: NOW,
    });
    expect(status.health).toBe('degraded');
    expect(status.reasons.map(r => r.code)).toEqual(['pinned-at-max']);
    expect(status.diagnosis).toBe(
      'Pinned at the maximum of 30 replicas: raise maxReplicaCount or the target',
    );
    expect(status.triggers[0]).toMatchObject({
      label: 'checkout-queue',
      current: { type: 'AverageValue', value: 1500, raw: '1.5k' },
      target: { type: 'AverageValue', value: 5 },
      targetSource: 'hpa',
    });
  });

  it('is not pinned when the HPA already wants fewer replicas', () => {
    const hpa = copy(checkoutHpa);
    hpa.status.desiredReplicas = 20;
    const status = buildScalingStatus({
      scaledObject: checkoutScaledObject,
      hpa,
      target: checkoutDeployment,
    });
    expect(status.health).toBe('ok');
  });

  it('fallback is degraded, not failing', () => {
    // Recorded: while fallback serves, KEDA v2.21.0 leaves Ready=True and
    // the trigger's isActive as last read; the HPA reads the fallback value.
    const status = buildScalingStatus(ordersConsumer);
    expect(status.health).toBe('degraded');
    expect(status.reasons.map(r => [r.code, r.health])).toEqual([
      ['all-triggers-failing', 'degraded'],
      ['fallback-active', 'degraded'],
      ['hpa-not-scaling', 'degraded'],
    ]);
    expect(status.replicas.fallback).toBe(5);
    expect(status.triggers[0]).toMatchObject({
      healthStatus: 'Failing',
      failures: 9,
      active: true,
    });
  });

  it('fallback with Ready=False TriggerError is degraded, not failing', () => {
    // Hand-written variant: Ready=False TriggerError together with
    // fallback was not seen on the chain, but older KEDA releases wrote it.
    const so = withCondition(ordersConsumerScaledObject, {
      type: 'Ready',
      status: 'False',
      reason: 'TriggerError',
      message: 'Triggers defined in ScaledObject are not working correctly',
    });
    const status = buildScalingStatus({ ...ordersConsumer, scaledObject: so });
    expect(status.health).toBe('degraded');
    expect(status.reasons.map(r => [r.code, r.health])).toEqual([
      ['not-ready', 'degraded'],
      ['all-triggers-failing', 'degraded'],
      ['fallback-active', 'degraded'],
      ['hpa-not-scaling', 'degraded'],
    ]);
  });

  it('every trigger failing without a Ready=False yet is failing', () => {
    // Recorded: Redis stopped under a ScaledObject with fallback; KEDA
    // cannot build the scaler, counts one failure and leaves Ready True.
    const status = buildScalingStatus(recorded('redis-down', 'source-down'));
    expect(status.health).toBe('failing');
    expect(status.reasons.map(r => r.code)).toEqual(['all-triggers-failing']);
  });

  it('paused wins over everything else', () => {
    const so = withCondition(ordersConsumerScaledObject, {
      type: 'Paused',
      status: 'True',
      reason: 'ScaledObjectPaused',
      message: 'ScaledObject is paused',
    });
    const status = buildScalingStatus({ ...ordersConsumer, scaledObject: so });
    expect(status.health).toBe('paused');
    expect(status.pause).toEqual({
      full: true,
      scaleIn: false,
      scaleOut: false,
      by: ['Paused condition'],
    });
    expect(status.diagnosis).toBe(
      'Paused at 5 replicas (ScaledObjectPaused): KEDA makes no changes',
    );
  });

  it('reads autoscaling.keda.sh/paused like Go ParseBool: non-bool counts as true', () => {
    const make = (value: string) => {
      const so = copy(ordersApiScaledObject);
      (so.metadata as { annotations?: Record<string, string> }).annotations = {
        'autoscaling.keda.sh/paused': value,
      };
      return buildScalingStatus({ ...ordersApi, scaledObject: so });
    };
    expect(make('false').health).toBe('ok');
    expect(make('0').health).toBe('ok');
    expect(make('true').health).toBe('paused');
    expect(make('yes').health).toBe('paused');
    expect(make('true').diagnosis).toBe(
      'Paused at 4 replicas by autoscaling.keda.sh/paused: KEDA makes no changes and the HPA is removed',
    );
  });

  it('paused-scale-in keeps the HPA and says which way is blocked', () => {
    const so = withCondition(ordersApiScaledObject, {
      type: 'Paused',
      status: 'True',
      reason: 'ScaledObjectPaused',
    });
    (so.metadata as { annotations?: Record<string, string> }).annotations = {
      'autoscaling.keda.sh/paused-scale-in': 'true',
    };
    const status = buildScalingStatus({ ...ordersApi, scaledObject: so });
    expect(status.health).toBe('paused');
    expect(status.pause).toMatchObject({ full: false, scaleIn: true });
    expect(status.diagnosis).toBe(
      'Scale-in paused at 4 replicas by autoscaling.keda.sh/paused-scale-in: replicas can be added but not removed',
    );
  });

  it('idle count: idle at 1 below min 2', () => {
    const so = copy(emailWorkerScaledObject);
    Object.assign(so.spec, { idleReplicaCount: 1, minReplicaCount: 2 });
    const status = buildScalingStatus({
      ...emailWorker,
      scaledObject: so,
      target: {
        spec: { replicas: 1 },
        status: { replicas: 1, readyReplicas: 1, availableReplicas: 1 },
      },
    });
    expect(status.health).toBe('idle');
    expect(status.replicas).toMatchObject({ min: 2, idle: 1, current: 1 });
    expect(status.diagnosis).toBe(
      'Idle at 1 replica: no trigger active since 12:09; cooldown 2 s',
    );
  });

  it('at 0 with an active trigger is activating, not idle', () => {
    const so = withCondition(emailWorkerScaledObject, {
      type: 'Active',
      status: 'True',
      reason: 'ScalerActive',
    });
    const status = buildScalingStatus({ ...emailWorker, scaledObject: so });
    expect(status.health).toBe('ok');
    expect(status.diagnosis).toBe(
      'Activating: a trigger on rabbitmq is active, scaling from 0 to 1',
    );
  });

  it('infers 0 from the conditions when the target is not at hand', () => {
    const status = buildScalingStatus({
      scaledObject: emailWorkerScaledObject,
      now: NOW,
    });
    expect(status.replicas.current).toBeUndefined();
    expect(status.health).toBe('idle');
    expect(status.diagnosis).toBe(
      'Scaled to 0: no trigger active since 12:09; cooldown 2 s',
    );
  });

  it('adds the date when the last activity was on another day', () => {
    const status = buildScalingStatus({
      ...emailWorker,
      now: new Date('2026-08-22T08:00:00Z'),
    });
    expect(status.diagnosis).toBe(
      'Scaled to 0: no trigger active since 12:09 on 2026-08-21; cooldown 2 s',
    );
  });

  it('is deterministic', () => {
    expect(buildScalingStatus(ordersApi)).toEqual(
      buildScalingStatus(ordersApi),
    );
  });

  it('needs a ScaledObject or a ScaledJob', () => {
    expect(() => buildScalingStatus({})).toThrow(/scaledObject or a scaledJob/);
  });
});

describe('buildScalingStatus: replicas', () => {
  it('uses the ScaledObject bounds, not the HPA min of at least 1', () => {
    const status = buildScalingStatus(emailWorker);
    expect(status.replicas).toEqual({
      min: 0,
      max: 5,
      current: 0,
      ready: 0,
      available: 0,
      desired: 0,
      hpaDesired: 0,
      hpaMin: 1,
      hpaMax: 5,
      originalReplicaCount: 1,
    });
  });

  it('defaults min to 0 and max to 100', () => {
    const so = copy(ordersApiScaledObject);
    delete (so.spec as { minReplicaCount?: number }).minReplicaCount;
    delete (so.spec as { maxReplicaCount?: number }).maxReplicaCount;
    const status = buildScalingStatus({ scaledObject: so });
    expect(status.replicas.min).toBe(0);
    expect(status.replicas.max).toBe(100);
    expect(status.diagnosis).toBe('Scaling between 0 and 100 on prometheus');
  });

  it('actual from the target status, desired from the target spec', () => {
    const status = buildScalingStatus(ordersApi);
    expect(status.replicas).toEqual({
      min: 1,
      max: 6,
      current: 4,
      ready: 3,
      available: 3,
      desired: 4,
      hpaDesired: 4,
      hpaCurrent: 4,
      hpaMin: 1,
      hpaMax: 6,
      originalReplicaCount: 1,
    });
  });

  it('paused: the paused count, no HPA', () => {
    const status = buildScalingStatus({
      scaledObject: reportsPausedScaledObject,
      target: reportsDeployment,
    });
    expect(status.replicas).toMatchObject({ paused: 1, current: 1 });
    expect(status.replicas.hpaDesired).toBeUndefined();
    expect(status.pause).toEqual({
      full: true,
      scaleIn: false,
      scaleOut: false,
      by: ['autoscaling.keda.sh/paused-replicas'],
      replicas: 1,
    });
  });

  it('paused-replicas annotation alone, before KEDA wrote the status', () => {
    const so = copy(reportsPausedScaledObject);
    delete (so.status as { pausedReplicaCount?: number }).pausedReplicaCount;
    (so.metadata.annotations as Record<string, string>)[
      'autoscaling.keda.sh/paused-replicas'
    ] = '0';
    const status = buildScalingStatus({ scaledObject: so });
    expect(status.replicas.paused).toBe(0);
    expect(status.health).toBe('paused');
    expect(status.diagnosis).toBe(
      'Paused at 0 replicas by autoscaling.keda.sh/paused-replicas',
    );
  });

  it('fallback replicas only while Fallback=True', () => {
    expect(buildScalingStatus(ordersConsumer).replicas.fallback).toBe(5);
    const so = withCondition(ordersConsumerScaledObject, {
      type: 'Fallback',
      status: 'False',
      reason: 'NoFallbackFound',
    });
    expect(
      buildScalingStatus({ ...ordersConsumer, scaledObject: so }).replicas
        .fallback,
    ).toBeUndefined();
  });
});
