/**
 * What the demo's load generator aims for, over time: pure functions of the
 * seconds since the demo started, so the demo is reproducible and testable.
 * The driver moves the real event sources towards these levels; KEDA and the
 * HPA controller do the rest.
 */

/** A level that changes over time. */
export type Wave =
  /** Always the same. */
  | { kind: 'constant'; value: number }
  /** `mean + amplitude * sin(2π (t + shift) / period)`, never below 0. */
  | {
      kind: 'sine';
      mean: number;
      amplitude: number;
      periodSeconds: number;
      shiftSeconds?: number;
    }
  /**
   * Zero, except from `startSeconds` for `lengthSeconds` of every period:
   * a half sine up to `peak` and back.
   */
  | {
      kind: 'burst';
      peak: number;
      periodSeconds: number;
      startSeconds: number;
      lengthSeconds: number;
    };

/** An event source the driver can take away. */
export type SourceName = 'prometheus' | 'kafka' | 'rabbitmq' | 'redis';

/** A source is stopped from `startSeconds` for `lengthSeconds` of every period. */
export interface Outage {
  source: SourceName;
  periodSeconds: number;
  startSeconds: number;
  lengthSeconds: number;
}

/** What the driver aims for, per demo workload. */
export interface DemoPlan {
  /** orders-api's request rate, per second (Prometheus). */
  requestRate: Wave;
  /** orders-consumer's consumer-group lag on topic `orders` (Kafka). */
  consumerLag: Wave;
  /** Messages waiting in email-worker's `emails` queue (RabbitMQ). */
  queueDepth: Wave;
  /** E-mails to retry in the `email-retries` list (Redis). */
  retryListLength: Wave;
  outages: Outage[];
}

/**
 * The demo's plan, in a 10-minute cycle of outages. With the example
 * ScaledObjects (examples/cluster):
 * - orders-api: 20 to 380 requests/s over 4 minutes against a target of 50
 *   per replica: 2 (its minimum) to 8 replicas. Prometheus stops 5 minutes
 *   into every 10, for 2 minutes: the query fails, and once the failures
 *   pass `failureThreshold: 3` KEDA serves the 6 fallback replicas until
 *   Prometheus is back;
 * - orders-consumer: a lag of 50 to 450 over 5 minutes against 50 per
 *   replica: 1 to 9 replicas. Kafka stops 2 minutes into every 10, for
 *   2.5 minutes: KEDA cannot build the kafka scaler while no broker answers,
 *   its trigger fails and the HPA keeps the replicas it has (KEDA's
 *   fallback does not engage for a scaler it cannot build);
 * - email-worker: an empty queue, then a burst of up to 150 messages from
 *   minute 2 to minute 4 of every 6 (value 20: up to 8 replicas), and 25
 *   retries in Redis from 3:20 to 4:20 (list length 10: 3 replicas); idle
 *   otherwise, so it scales to zero 30 s (its cooldown) after both are
 *   empty and stays there for about 3 minutes.
 */
export const DEFAULT_PLAN: DemoPlan = {
  requestRate: {
    kind: 'sine',
    mean: 200,
    amplitude: 180,
    periodSeconds: 240,
  },
  consumerLag: {
    kind: 'sine',
    mean: 250,
    amplitude: 200,
    periodSeconds: 300,
  },
  queueDepth: {
    kind: 'burst',
    peak: 150,
    periodSeconds: 360,
    startSeconds: 120,
    lengthSeconds: 120,
  },
  retryListLength: {
    kind: 'burst',
    peak: 25,
    periodSeconds: 360,
    startSeconds: 200,
    lengthSeconds: 60,
  },
  outages: [
    {
      source: 'kafka',
      periodSeconds: 600,
      startSeconds: 120,
      lengthSeconds: 150,
    },
    {
      source: 'prometheus',
      periodSeconds: 600,
      startSeconds: 300,
      lengthSeconds: 120,
    },
  ],
};

/** Seconds into a repeating cycle of `period` seconds (t may be negative). */
function phase(t: number, period: number) {
  return ((t % period) + period) % period;
}

/** The wave's level at `t` seconds, rounded to a whole number, never negative. */
export function waveValue(wave: Wave, t: number): number {
  let value: number;
  switch (wave.kind) {
    case 'constant':
      value = wave.value;
      break;
    case 'sine':
      value =
        wave.mean +
        wave.amplitude *
          Math.sin(
            (2 * Math.PI * (t + (wave.shiftSeconds ?? 0))) / wave.periodSeconds,
          );
      break;
    case 'burst': {
      const into = phase(t, wave.periodSeconds) - wave.startSeconds;
      value =
        into >= 0 && into < wave.lengthSeconds
          ? wave.peak * Math.sin((Math.PI * into) / wave.lengthSeconds)
          : 0;
      break;
    }
    default:
      throw new Error(
        `wave kind '${
          (wave as { kind: string }).kind
        }' is unknown; use constant, sine or burst`,
      );
  }
  return Math.max(0, Math.round(value));
}

/** Whether the outage's source is stopped at `t` seconds. */
export function isDown(outage: Outage, t: number): boolean {
  const into = phase(t, outage.periodSeconds) - outage.startSeconds;
  return into >= 0 && into < outage.lengthSeconds;
}

/** The sources the plan has stopped at `t` seconds. */
export function sourcesDown(plan: DemoPlan, t: number): Set<SourceName> {
  return new Set(plan.outages.filter(o => isDown(o, t)).map(o => o.source));
}

/**
 * How to move a level (a queue's depth, a list's length, a lag) to a
 * target: how many items to add or to take away, at most `maxStep` of
 * either per tick so a source is never flooded.
 */
export function levelStep(
  current: number,
  target: number,
  maxStep = 1000,
): { add: number; remove: number } {
  const diff = Math.max(-maxStep, Math.min(maxStep, target - current));
  return diff >= 0 ? { add: diff, remove: 0 } : { add: 0, remove: -diff };
}

/**
 * Checks a plan read from a file, naming the field and the fix.
 * Returns the plan typed.
 */
export function parsePlan(input: unknown, where: string): DemoPlan {
  const fail = (field: string, problem: string, fix: string): never => {
    throw new Error(`${where}: ${field} ${problem}; ${fix}`);
  };
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return fail('the plan', 'is not an object', 'write a JSON object');
  }
  const plan = { ...DEFAULT_PLAN, ...(input as Partial<DemoPlan>) };
  const positive = (field: string, v: unknown) => {
    if (typeof v !== 'number' || !(v > 0)) {
      fail(field, `is ${JSON.stringify(v)}`, 'give a number above 0');
    }
  };
  const nonNegative = (field: string, v: unknown) => {
    if (typeof v !== 'number' || !(v >= 0)) {
      fail(field, `is ${JSON.stringify(v)}`, 'give a number of 0 or more');
    }
  };
  for (const key of [
    'requestRate',
    'consumerLag',
    'queueDepth',
    'retryListLength',
  ] as const) {
    const wave = plan[key] as Wave;
    switch (wave?.kind) {
      case 'constant':
        nonNegative(`${key}.value`, wave.value);
        break;
      case 'sine':
        nonNegative(`${key}.mean`, wave.mean);
        nonNegative(`${key}.amplitude`, wave.amplitude);
        positive(`${key}.periodSeconds`, wave.periodSeconds);
        break;
      case 'burst':
        nonNegative(`${key}.peak`, wave.peak);
        positive(`${key}.periodSeconds`, wave.periodSeconds);
        nonNegative(`${key}.startSeconds`, wave.startSeconds);
        positive(`${key}.lengthSeconds`, wave.lengthSeconds);
        break;
      default:
        fail(
          `${key}.kind`,
          `is ${JSON.stringify((wave as { kind?: unknown })?.kind)}`,
          'use constant, sine or burst',
        );
    }
  }
  if (!Array.isArray(plan.outages)) {
    fail('outages', 'is not a list', 'give a list (empty for none)');
  }
  plan.outages.forEach((o, i) => {
    if (!['prometheus', 'kafka', 'rabbitmq', 'redis'].includes(o?.source)) {
      fail(
        `outages[${i}].source`,
        `is ${JSON.stringify(o?.source)}`,
        'use prometheus, kafka, rabbitmq or redis',
      );
    }
    positive(`outages[${i}].periodSeconds`, o.periodSeconds);
    nonNegative(`outages[${i}].startSeconds`, o.startSeconds);
    positive(`outages[${i}].lengthSeconds`, o.lengthSeconds);
  });
  return plan;
}
