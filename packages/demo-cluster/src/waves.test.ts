import {
  DEFAULT_PLAN,
  isDown,
  levelStep,
  parsePlan,
  sourcesDown,
  waveValue,
} from './waves';

/** Replicas the HPA asks for: the metric over its per-replica target, within bounds. */
const replicas = (value: number, target: number, min: number, max: number) =>
  Math.min(max, Math.max(min, Math.ceil(value / target)));

const seconds = (from: number, to: number, step = 5) =>
  Array.from(
    { length: Math.floor((to - from) / step) },
    (_, i) => from + i * step,
  );

describe('waveValue', () => {
  it('follows a sine around its mean and never goes below zero', () => {
    const wave = {
      kind: 'sine',
      mean: 10,
      amplitude: 20,
      periodSeconds: 100,
    } as const;
    expect(waveValue(wave, 0)).toBe(10);
    expect(waveValue(wave, 25)).toBe(30);
    expect(waveValue(wave, 75)).toBe(0);
    expect(waveValue(wave, 125)).toBe(30);
    expect(waveValue({ ...wave, shiftSeconds: 25 }, 0)).toBe(30);
  });

  it('is zero outside a burst and peaks in its middle, every period', () => {
    const wave = {
      kind: 'burst',
      peak: 100,
      periodSeconds: 60,
      startSeconds: 20,
      lengthSeconds: 20,
    } as const;
    expect(waveValue(wave, 0)).toBe(0);
    expect(waveValue(wave, 19)).toBe(0);
    expect(waveValue(wave, 30)).toBe(100);
    expect(waveValue(wave, 40)).toBe(0);
    expect(waveValue(wave, 90)).toBe(100);
    expect(waveValue(wave, -30)).toBe(100);
  });

  it('refuses an unknown kind, naming the kinds', () => {
    expect(() => waveValue({ kind: 'square' } as any, 0)).toThrow(
      "wave kind 'square' is unknown; use constant, sine or burst",
    );
  });
});

describe('outages', () => {
  const kafka = {
    source: 'kafka',
    periodSeconds: 600,
    startSeconds: 180,
    lengthSeconds: 150,
  } as const;

  it('stop a source for its length, every period', () => {
    expect(isDown(kafka, 179)).toBe(false);
    expect(isDown(kafka, 180)).toBe(true);
    expect(isDown(kafka, 329)).toBe(true);
    expect(isDown(kafka, 330)).toBe(false);
    expect(isDown(kafka, 780)).toBe(true);
  });

  it('lists the sources down at a moment', () => {
    expect([...sourcesDown(DEFAULT_PLAN, 200)]).toEqual(['kafka']);
    expect([...sourcesDown(DEFAULT_PLAN, 360)]).toEqual(['prometheus']);
    expect([...sourcesDown(DEFAULT_PLAN, 100)]).toEqual([]);
    expect([...sourcesDown(DEFAULT_PLAN, 280)]).toEqual([]);
  });
});

describe('levelStep', () => {
  it('adds or takes away the difference, capped per tick', () => {
    expect(levelStep(10, 25)).toEqual({ add: 15, remove: 0 });
    expect(levelStep(25, 10)).toEqual({ add: 0, remove: 15 });
    expect(levelStep(7, 7)).toEqual({ add: 0, remove: 0 });
    expect(levelStep(0, 5000, 1000)).toEqual({ add: 1000, remove: 0 });
    expect(levelStep(5000, 0, 1000)).toEqual({ add: 0, remove: 1000 });
  });
});

describe('the default plan, against the example ScaledObjects', () => {
  it('moves orders-api between its minimum of 2 and 8 replicas (target 50)', () => {
    const counts = seconds(0, 240).map(t =>
      replicas(waveValue(DEFAULT_PLAN.requestRate, t), 50, 2, 12),
    );
    expect(Math.min(...counts)).toBe(2);
    expect(Math.max(...counts)).toBe(8);
    // Always above the activation threshold of 5.
    for (const t of seconds(0, 240)) {
      expect(waveValue(DEFAULT_PLAN.requestRate, t)).toBeGreaterThan(5);
    }
  });

  it('moves orders-consumer between 1 and 9 replicas (lag threshold 50)', () => {
    const counts = seconds(0, 300).map(t =>
      replicas(waveValue(DEFAULT_PLAN.consumerLag, t), 50, 1, 30),
    );
    expect(Math.min(...counts)).toBe(1);
    expect(Math.max(...counts)).toBe(9);
  });

  it("takes Prometheus away long enough for orders-api's fallback, and Kafka apart from it", () => {
    const outage = (source: string) =>
      DEFAULT_PLAN.outages.find(o => o.source === source)!;
    const prometheus = outage('prometheus');
    // Fallback once failures exceed 3: HPA syncs and polls come every few
    // seconds, so within 30 s; then at least a minute of fallback replicas.
    expect(prometheus.lengthSeconds).toBeGreaterThanOrEqual(30 + 60);
    const kafka = outage('kafka');
    // One source at a time, so each failure shows on its own.
    for (let t = 0; t < 600; t++) {
      expect(isDown(kafka, t) && isDown(prometheus, t)).toBe(false);
    }
    // Healthy again for longer than the outages.
    expect(
      600 - kafka.lengthSeconds - prometheus.lengthSeconds,
    ).toBeGreaterThan(kafka.lengthSeconds);
  });

  it('leaves email-worker idle long enough to scale to zero (cooldown 30 s), then wakes it', () => {
    const active = (t: number) =>
      waveValue(DEFAULT_PLAN.queueDepth, t) > 0 ||
      waveValue(DEFAULT_PLAN.retryListLength, t) > 0;
    const idle = seconds(0, 360, 1).filter(t => !active(t));
    // Idle from the end of the retries (4:20) to the next burst (2:00 of the
    // next cycle): 220 s, of which the cooldown takes 30.
    expect(idle.length).toBeGreaterThanOrEqual(200);
    expect(active(0)).toBe(false);
    expect(active(180)).toBe(true);
    expect(active(300)).toBe(false);
    const peak = Math.max(
      ...seconds(0, 360, 1).map(t => waveValue(DEFAULT_PLAN.queueDepth, t)),
    );
    expect(replicas(peak, 20, 0, 10)).toBe(8);
  });
});

describe('parsePlan', () => {
  it('fills what a plan file leaves out from the default plan', () => {
    const plan = parsePlan({ outages: [] }, 'plan.json');
    expect(plan.outages).toEqual([]);
    expect(plan.requestRate).toEqual(DEFAULT_PLAN.requestRate);
  });

  it('names the field, the problem and the fix', () => {
    expect(() =>
      parsePlan(
        { queueDepth: { kind: 'burst', peak: 5, periodSeconds: 0 } },
        'plan.json',
      ),
    ).toThrow(
      'plan.json: queueDepth.periodSeconds is 0; give a number above 0',
    );
    expect(() =>
      parsePlan(
        {
          outages: [
            {
              source: 'postgres',
              periodSeconds: 1,
              startSeconds: 0,
              lengthSeconds: 1,
            },
          ],
        },
        'plan.json',
      ),
    ).toThrow(
      'plan.json: outages[0].source is "postgres"; use prometheus, kafka, rabbitmq or redis',
    );
    expect(() => parsePlan([], 'plan.json')).toThrow(/not an object/);
    expect(() => parsePlan('x', 'plan.json')).toThrow(
      'plan.json: the plan is not an object; write a JSON object',
    );
  });
});
