/**
 * What the demo pretends KEDA's scalers measure, over time. Pure functions of
 * the clock, so the demo is reproducible and testable. This is a simulation
 * for the demo cluster only; the plugins never depend on it.
 */

/** One ScaledObject's simulated state at a moment. */
export interface SimulatedState {
  /** The trigger's metric value (what `currentMetrics` reports). */
  value: number;
  /** Whether the trigger is above its activation threshold. */
  active: boolean;
  /** Whether the scaler cannot reach its event source right now. */
  failing: boolean;
  /** How many polls in a row have failed (KEDA's `health.numberOfFailures`). */
  failures: number;
  /** Replicas the workload should run. */
  replicas: number;
  /** Replicas the HPA asks for from the metric alone (before min/max and fallback). */
  desired: number;
  /** Whether KEDA is serving fallback replicas. */
  fallback: boolean;
}

/** The knobs of a ScaledObject the simulation honours. */
export interface ScalingBounds {
  min: number;
  max: number;
  /** Target value per replica. */
  target: number;
  cooldownSeconds: number;
  pollingSeconds: number;
  fallback?: { failureThreshold: number; replicas: number };
}

/** How a workload behaves in the demo. */
export type Scenario = 'wave' | 'flaky' | 'zero';

const TWO_PI = 2 * Math.PI;

/** Seconds into a repeating cycle of `period` seconds. */
function phase(nowMs: number, period: number) {
  return (nowMs / 1000) % period;
}

function clamp(n: number, lo: number, hi: number) {
  return Math.max(lo, Math.min(hi, n));
}

/**
 * The metric value of a scenario at a moment:
 * - `wave`: request rate rising and falling every two minutes, never idle;
 * - `flaky`: like wave, but the event source is unreachable for 60 s of every 3 minutes;
 * - `zero`: an empty queue for 50 s of every 2 minutes, then a burst of work.
 */
export function metricValue(scenario: Scenario, nowMs: number, target: number) {
  switch (scenario) {
    case 'zero': {
      const t = phase(nowMs, 120);
      if (t < 50) return 0;
      return Math.round(target * (1 + 4 * Math.sin((Math.PI * (t - 50)) / 70)));
    }
    case 'flaky':
    case 'wave':
    default: {
      const t = phase(nowMs, 120);
      return Math.round(target * (2.5 + 2 * Math.sin((TWO_PI * t) / 120)));
    }
  }
}

/** True while a `flaky` scenario's event source is down. */
export function isFailing(scenario: Scenario, nowMs: number) {
  return (
    scenario === 'flaky' && phase(nowMs, 180) >= 100 && phase(nowMs, 180) < 160
  );
}

/**
 * The state at `nowMs`, following KEDA's rules: the HPA scales between
 * max(min, 1) and max from the metric; KEDA scales to and from zero on
 * activation, after `cooldownPeriod` of inactivity; after
 * `fallback.failureThreshold` failed polls, fallback replicas are served.
 */
export function simulate(
  scenario: Scenario,
  bounds: ScalingBounds,
  nowMs: number,
): SimulatedState {
  const failing = isFailing(scenario, nowMs);
  const failures = failing
    ? Math.floor((phase(nowMs, 180) - 100) / bounds.pollingSeconds) + 1
    : 0;
  const value = failing ? 0 : metricValue(scenario, nowMs, bounds.target);
  const desired = Math.ceil(value / bounds.target);
  const active = !failing && value > 0;

  // Inactive long enough (cooldown since the last active moment) means zero.
  let idleLongEnough = false;
  if (!active && bounds.min === 0) {
    const inactiveSince = scenario === 'zero' ? phase(nowMs, 120) : 0;
    idleLongEnough = inactiveSince >= bounds.cooldownSeconds;
  }

  const fallback =
    failing &&
    bounds.fallback !== undefined &&
    failures >= bounds.fallback.failureThreshold;

  let replicas: number;
  if (fallback) {
    replicas = bounds.fallback!.replicas;
  } else if (bounds.min === 0 && !active) {
    replicas = idleLongEnough ? 0 : 1;
  } else {
    replicas = clamp(desired, Math.max(bounds.min, 1), bounds.max);
  }
  return { value, active, failing, failures, replicas, desired, fallback };
}
