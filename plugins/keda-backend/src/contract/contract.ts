/**
 * What the portal must answer at each step of each recorded path: checks of
 * the `/scaling` answer (the real backend, its live reader watching the real
 * chain) against what the real KEDA operator and HPA controller wrote.
 */
import {
  parseQuantity,
  type ScalingStatus,
  type WorkloadView,
} from '@keda-portal/plugin-keda-common';
import type { Snapshot } from '@keda-portal/keda-testenv';

export type StepCheck = (view: WorkloadView, snapshot: Snapshot) => void;

function cond(status: ScalingStatus, type: string) {
  const c = status.conditions.find(x => x.type === type);
  return c && `${c.status} ${c.reason ?? ''}`.trim();
}

function reasons(status: ScalingStatus): string[] {
  return status.events.map(e => e.reason);
}

/** The HPA's current value of its n-th metric, as it wrote it. */
function hpaCurrent(s: Snapshot, n = 0): string | undefined {
  const m = s.hpa?.status?.currentMetrics?.[n];
  const v = m?.external?.current ?? m?.resource?.current;
  return v?.averageValue ?? v?.value;
}

function hpaTarget(s: Snapshot, n = 0): string | undefined {
  const t = s.hpa?.spec?.metrics?.[n]?.external?.target;
  return t?.averageValue ?? t?.value;
}

/** Trigger n's current value and target are the HPA's, as numbers and raw. */
function triggerAgainstHpa(view: WorkloadView, s: Snapshot, n = 0) {
  const t = view.status.triggers[n];
  expect(t.targetSource).toBe('hpa');
  expect(t.hpaMetricKind).toBe('External');
  expect(t.target?.type).toBe('AverageValue');
  expect(t.target?.value).toBe(parseQuantity(hpaTarget(s, n)!));
  expect(t.current?.raw).toBe(hpaCurrent(s, n));
  expect(t.current?.value).toBe(parseQuantity(hpaCurrent(s, n)!));
}

function replicasAre(view: WorkloadView, n: number) {
  expect(view.status.replicas.current).toBe(n);
  expect(view.status.replicas.desired).toBe(n);
}

const scaledTo =
  (n: number, perReplica: [number, number], target: number): StepCheck =>
  (view, s) => {
    expect(view.status.health).toBe('ok');
    expect(cond(view.status, 'Ready')).toBe('True ScaledObjectReady');
    expect(cond(view.status, 'Active')).toBe('True ScalerActive');
    replicasAre(view, n);
    expect(view.status.replicas.hpaDesired).toBe(n);
    triggerAgainstHpa(view, s);
    const t = view.status.triggers[0];
    expect(t.target?.value).toBe(target);
    expect(t.current!.value).toBeGreaterThanOrEqual(perReplica[0]);
    expect(t.current!.value).toBeLessThanOrEqual(perReplica[1]);
    expect(t.active).toBe(true);
  };

/**
 * A Prometheus rate over 5 s of a counter growing 8 per second, per replica
 * of 2: about 4, but a just-started Prometheus has few samples in the window.
 */
const PROMETHEUS_AT_8: [number, number] = [2, 6];

const idleAtZero: StepCheck = view => {
  expect(view.status.health).toBe('idle');
  expect(cond(view.status, 'Active')).toBe('False ScalerNotActive');
  expect(view.status.replicas.current ?? 0).toBe(0);
  expect(view.status.replicas.desired).toBe(0);
  expect(view.status.triggers[0].active).toBe(false);
};

/** Per path, per step: what the answer says once the chain reached it. */
export const CHECKS: Record<string, Record<string, StepCheck>> = {
  prometheus: {
    'scaled-up': scaledTo(4, [6, 14], 10),
    'scaled-down': (view, s) => {
      replicasAre(view, 1);
      triggerAgainstHpa(view, s);
      expect(view.status.triggers[0].current!.value).toBeGreaterThan(2);
      expect(view.status.triggers[0].current!.value).toBeLessThan(8);
      expect(view.status.diagnosis).toMatch(/prometheus/);
    },
  },
  'rabbitmq-zero': {
    idle: (view, s) => {
      idleAtZero(view, s);
      expect(view.status.replicas.min).toBe(0);
      expect(reasons(view.status)).toContain('KEDAScaleTargetDeactivated');
    },
    activated: (view, s) => {
      scaledTo(4, [4.5, 4.5], 5)(view, s);
      expect(view.triggers[0].authenticationRef?.name).toBe('rabbitmq-auth');
      expect(reasons(view.status)).toContain('KEDAScaleTargetActivated');
    },
    'back-to-zero': (view, s) => {
      idleAtZero(view, s);
      expect(
        view.status.events.filter(
          e => e.reason === 'KEDAScaleTargetDeactivated',
        ).length,
      ).toBeGreaterThanOrEqual(1);
    },
  },
  'redis-idle': {
    idle: (view, s) => {
      idleAtZero(view, s);
      expect(view.status.replicas.idle).toBe(0);
      expect(view.status.replicas.min).toBe(1);
    },
    'scaled-up': (view, s) => {
      scaledTo(3, [4, 4], 5)(view, s);
      expect(view.status.triggers[0].authenticationRef?.name).toBe(
        'redis-auth',
      );
    },
    'idle-again': idleAtZero,
  },
  kafka: {
    'scaled-up': scaledTo(4, [8.75, 8.75], 10),
    'scaled-down': (view, s) => {
      replicasAre(view, 1);
      triggerAgainstHpa(view, s);
      expect(view.status.triggers[0].current?.value).toBe(0);
    },
  },
  postgresql: {
    'scaled-up': (view, s) => {
      scaledTo(3, [4, 4], 5)(view, s);
      expect(view.triggers[0].authenticationRef?.name).toBe('postgres-auth');
    },
    'scaled-down': (view, s) => {
      replicasAre(view, 1);
      triggerAgainstHpa(view, s);
      expect(view.status.triggers[0].current?.value).toBe(0);
    },
  },
  cron: {
    'scaled-up': scaledTo(3, [1, 1], 1),
    'scaled-down': (view, s) => {
      expect(view.status.health).toBe('ok');
      expect(view.status.triggers[0].active).toBe(false);
      expect(cond(view.status, 'Active')).toBe('False ScalerNotActive');
      replicasAre(view, 1);
      triggerAgainstHpa(view, s);
    },
  },
  'failing-no-fallback': {
    healthy: scaledTo(2, PROMETHEUS_AT_8, 4),
    'source-down': view => {
      expect(view.status.health).toBe('failing');
      expect(cond(view.status, 'Ready')).toBe('False TriggerError');
      expect(cond(view.status, 'Fallback')).toBe('False NoFallbackFound');
      expect(cond(view.status, 'HPAActive')).toBe(
        'False FailedGetExternalMetric',
      );
      // KEDA keeps status.health only for ScaledObjects with fallback.
      expect(view.status.triggers[0].healthStatus).toBeUndefined();
      replicasAre(view, 2);
      expect(view.status.replicas.fallback).toBeUndefined();
      expect(reasons(view.status)).toContain('KEDAScalerFailed');
      // Without fallback KEDA keeps no status.health: no trigger to name.
      expect(view.status.diagnosis).toMatch(/every trigger is failing/);
    },
    recovered: scaledTo(2, PROMETHEUS_AT_8, 4),
  },
  'failing-fallback': {
    healthy: scaledTo(2, PROMETHEUS_AT_8, 4),
    'source-down': view => {
      expect(view.status.health).toBe('degraded');
      expect(cond(view.status, 'Fallback')).toBe('True FallbackExists');
      expect(view.status.replicas.fallback).toBe(5);
      replicasAre(view, 5);
      expect(view.status.triggers[0].healthStatus).toBe('Failing');
      expect(view.status.triggers[0].failures).toBeGreaterThanOrEqual(3);
      // ScaledObjectFallbackActivated/Deactivated come from the scale loop
      // only when it sees the change first; the metrics path often does.

      expect(reasons(view.status)).toContain('KEDAScalerFailed');
      expect(view.status.diagnosis).toMatch(/fallback replicas/);
    },
    recovered: (view, s) => {
      scaledTo(2, PROMETHEUS_AT_8, 4)(view, s);
      expect(cond(view.status, 'Fallback')).toBe('False NoFallbackFound');
      expect(view.status.triggers[0].healthStatus).toBe('Happy');
    },
  },
  'redis-down': {
    healthy: scaledTo(2, [4, 4], 4),
    'source-down': view => {
      // KEDA leaves Ready and Active True and never falls back here; the
      // only trigger fails, so nothing scales.
      expect(view.status.health).toBe('failing');
      expect(view.status.triggers[0].healthStatus).toBe('Failing');
      expect(view.status.replicas.fallback).toBeUndefined();
      replicasAre(view, 2);
      expect(reasons(view.status)).toContain('KEDAScalerFailed');
    },
    recovered: (view, s) => {
      scaledTo(2, [4, 4], 4)(view, s);
      expect(view.status.triggers[0].healthStatus).toBe('Happy');
    },
  },
  paused: {
    running: scaledTo(3, [1, 1], 1),
    paused: view => {
      expect(view.status.health).toBe('paused');
      expect(cond(view.status, 'Paused')).toBe('True ScaledObjectPaused');
      expect(view.status.pause?.full).toBe(true);
      expect(view.status.pause?.by).toContain('autoscaling.keda.sh/paused');
      expect(view.status.replicas.hpaDesired).toBeUndefined();
      // ScaledObjectPaused is emitted only by the reconcile that first
      // writes Paused=True, and a retried one does not: not always there.
      expect(reasons(view.status)).toContain('KEDAScalersStopped');
    },
    'paused-replicas': view => {
      expect(view.status.health).toBe('paused');
      expect(view.status.pause?.replicas).toBe(1);
      expect(view.status.replicas.paused).toBe(1);
      replicasAre(view, 1);
      expect(view.status.diagnosis).toMatch(/paused-replicas/);
    },
    unpaused: (view, s) => {
      scaledTo(3, [1, 1], 1)(view, s);
      expect(cond(view.status, 'Paused')).toBe('False ScaledObjectUnpaused');
    },
  },
  scaledjob: {
    'running-jobs': view => {
      expect(view.kind).toBe('ScaledJob');
      expect(cond(view.status, 'Ready')).toBe('True ScaledJobReady');
      expect(cond(view.status, 'Active')).toBe('True ScalerActive');
      expect(view.status.triggers[0].active).toBe(true);
      // Reported by KEDA's scale handler, not by keda-operator.
      expect(reasons(view.status)).toContain('KEDAJobsCreated');
      expect(reasons(view.status)).toContain('ScaledJobActive');
    },
    quiet: view => {
      expect(cond(view.status, 'Active')).toBe('False ScalerNotActive');
      expect(view.status.triggers[0].active).toBe(false);
    },
  },
  'scaling-modifiers': {
    scaled: (view, s) => {
      expect(view.status.health).toBe('ok');
      replicasAre(view, 3);
      expect(view.status.composite).toMatchObject({
        metricName: 'composite-metric',
        formula: 'a + b',
        target: { type: 'AverageValue', value: 2 },
        current: { value: 2, raw: hpaCurrent(s) },
      });
      expect(view.status.triggers.map(t => t.name)).toEqual(['a', 'b']);
    },
  },
  'check-failed': {
    'check-failed': view => {
      expect(view.status.health).toBe('failing');
      expect(cond(view.status, 'Ready')).toBe('False ScaledObjectCheckFailed');
      expect(reasons(view.status)).toContain('ScaledObjectCheckFailed');
      expect(view.status.diagnosis).toMatch(/check failed/);
    },
  },
};
