/**
 * What the demo pretends KEDA's scalers measure, over time. Pure functions of
 * the clock, so the demo is reproducible and testable. This is a simulation
 * for the demo cluster only; the plugins never depend on it.
 */
import { CronSchedule } from './cron';

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
 * - `flaky`: like wave, with outages of its event source (see {@link isFailing});
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

/** How long a `flaky` scaler stays healthy between two outages. */
export const FLAKY_HEALTHY_SECONDS = 120;

/** KEDA's example threshold, for a flaky scaler without a fallback section. */
const DEFAULT_FAILURE_THRESHOLD = 3;

/**
 * How long a `flaky` scaler's outage lasts: long enough for the failure
 * count to pass `fallback.failureThreshold` (KEDA falls back once
 * `numberOfFailures > failureThreshold`) and for fallback replicas to be
 * served for two polls. With a 30 s polling interval and a threshold of 3,
 * 150 s, fallback from 90 s to 150 s into the outage.
 */
export function outageSeconds(
  bounds: Pick<ScalingBounds, 'pollingSeconds' | 'fallback'>,
) {
  const threshold =
    bounds.fallback?.failureThreshold ?? DEFAULT_FAILURE_THRESHOLD;
  return bounds.pollingSeconds * (threshold + 2);
}

/** Seconds into the current outage of a `flaky` scaler, or undefined while healthy. */
function secondsIntoOutage(
  scenario: Scenario,
  bounds: Pick<ScalingBounds, 'pollingSeconds' | 'fallback'>,
  nowMs: number,
) {
  if (scenario !== 'flaky') return undefined;
  const t = phase(nowMs, FLAKY_HEALTHY_SECONDS + outageSeconds(bounds));
  return t >= FLAKY_HEALTHY_SECONDS ? t - FLAKY_HEALTHY_SECONDS : undefined;
}

/**
 * True while a `flaky` scenario's event source is down: healthy for
 * {@link FLAKY_HEALTHY_SECONDS}, then down for {@link outageSeconds}.
 */
export function isFailing(
  scenario: Scenario,
  bounds: Pick<ScalingBounds, 'pollingSeconds' | 'fallback'>,
  nowMs: number,
) {
  return secondsIntoOutage(scenario, bounds, nowMs) !== undefined;
}

/**
 * The state at `nowMs`, following KEDA's rules: the HPA scales between
 * max(min, 1) and max from the metric; KEDA scales to and from zero on
 * activation, after `cooldownPeriod` of inactivity; once the failed polls in
 * a row exceed `fallback.failureThreshold`, fallback replicas are served.
 */
export function simulate(
  scenario: Scenario,
  bounds: ScalingBounds,
  nowMs: number,
): SimulatedState {
  const outage = secondsIntoOutage(scenario, bounds, nowMs);
  const failing = outage !== undefined;
  // One failed poll at the outage's start, then one per polling interval.
  const failures =
    outage !== undefined ? Math.floor(outage / bounds.pollingSeconds) + 1 : 0;
  const value = failing ? 0 : metricValue(scenario, nowMs, bounds.target);
  const desired = Math.ceil(value / bounds.target);
  const active = !failing && value > 0;

  // Inactive long enough (cooldown since the last active moment) means zero.
  let idleLongEnough = false;
  if (!active && bounds.min === 0) {
    const inactiveSince = scenario === 'zero' ? phase(nowMs, 120) : 0;
    idleLongEnough = inactiveSince >= bounds.cooldownSeconds;
  }

  // KEDA (pkg/fallback): fallback once numberOfFailures > failureThreshold.
  const fallback =
    failing &&
    bounds.fallback !== undefined &&
    failures > bounds.fallback.failureThreshold;

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

/** A cron trigger's window, as its metadata gives it. */
export interface CronWindow {
  /** Five-field cron expression of the window's start. */
  start: string;
  /** Five-field cron expression of the window's end. */
  end: string;
  /** IANA time zone both expressions are read in. */
  timezone: string;
}

/**
 * Whether a cron trigger is active at `nowMs`, as KEDA's cron scaler decides
 * it: active when, read in the trigger's time zone, the next end comes
 * before the next start (we are between a start and its end).
 */
export function isCronActive(window: CronWindow, nowMs: number): boolean {
  const next = (expression: string) =>
    new CronSchedule(expression).next(nowMs, window.timezone) ?? Infinity;
  return next(window.end) < next(window.start);
}
