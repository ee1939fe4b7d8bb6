import {
  FLAKY_HEALTHY_SECONDS,
  isCronActive,
  isFailing,
  metricValue,
  outageSeconds,
  simulate,
  ScalingBounds,
} from './simulation';

const at = (seconds: number) => seconds * 1000;

describe('simulate', () => {
  const zeroBounds: ScalingBounds = {
    min: 0,
    max: 10,
    target: 20,
    cooldownSeconds: 30,
    pollingSeconds: 30,
  };

  it('scales a zero-scenario worker to 0 after the cooldown and back on work', () => {
    expect(simulate('zero', zeroBounds, at(10)).replicas).toBe(1); // idle, cooling down
    expect(simulate('zero', zeroBounds, at(40))).toMatchObject({
      replicas: 0,
      active: false,
    });
    const busy = simulate('zero', zeroBounds, at(85));
    expect(busy.active).toBe(true);
    expect(busy.replicas).toBeGreaterThan(1);
    expect(busy.replicas).toBeLessThanOrEqual(10);
  });

  it('keeps the HPA floor of max(min, 1) and the ceiling of max', () => {
    const bounds = { ...zeroBounds, min: 2, max: 4 };
    for (let s = 0; s < 240; s += 5) {
      const { replicas } = simulate('wave', bounds, at(s));
      expect(replicas).toBeGreaterThanOrEqual(2);
      expect(replicas).toBeLessThanOrEqual(4);
    }
  });

  it('serves fallback only once the failed polls exceed failureThreshold', () => {
    const bounds = {
      ...zeroBounds,
      min: 1,
      pollingSeconds: 15,
      fallback: { failureThreshold: 3, replicas: 6 },
    };
    const outage = FLAKY_HEALTHY_SECONDS; // seconds into the cycle
    expect(isFailing('flaky', bounds, at(outage - 1))).toBe(false);
    expect(simulate('flaky', bounds, at(outage + 1))).toMatchObject({
      failing: true,
      failures: 1,
      fallback: false,
    });
    // Three failed polls: at the threshold, not past it (KEDA uses >).
    expect(simulate('flaky', bounds, at(outage + 31))).toMatchObject({
      failing: true,
      failures: 3,
      fallback: false,
    });
    expect(simulate('flaky', bounds, at(outage + 46))).toMatchObject({
      failing: true,
      failures: 4,
      fallback: true,
      replicas: 6,
    });
    const back = outage + outageSeconds(bounds) + 1;
    expect(simulate('flaky', bounds, at(back))).toMatchObject({
      failing: false,
      failures: 0,
      fallback: false,
    });
  });

  it("reaches orders-consumer's fallback with its own spec (30 s polls, threshold 3)", () => {
    // examples/cluster/20-orders-consumer.yaml: no pollingInterval (KEDA's 30 s).
    const bounds: ScalingBounds = {
      min: 1,
      max: 30,
      target: 50,
      cooldownSeconds: 300,
      pollingSeconds: 30,
      fallback: { failureThreshold: 3, replicas: 6 },
    };
    const cycle = FLAKY_HEALTHY_SECONDS + outageSeconds(bounds);
    let maxFailures = 0;
    let fallbackSeconds = 0;
    const fallbackReplicas = new Set<number>();
    for (let s = 0; s < cycle; s += 5) {
      const state = simulate('flaky', bounds, at(s));
      maxFailures = Math.max(maxFailures, state.failures);
      if (state.fallback) {
        fallbackSeconds += 5;
        fallbackReplicas.add(state.replicas);
      }
    }
    expect(maxFailures).toBeGreaterThan(3);
    expect(fallbackSeconds).toBeGreaterThanOrEqual(60);
    expect([...fallbackReplicas]).toEqual([6]);
  });

  it('changes over a minute', () => {
    const values = [0, 15, 30, 45, 60].map(s => metricValue('wave', at(s), 10));
    expect(new Set(values).size).toBeGreaterThan(1);
  });
});

describe('isCronActive', () => {
  // examples/cluster/40-nightly-report.yaml
  const nightly = {
    start: '0 2 * * *',
    end: '0 4 * * *',
    timezone: 'Europe/Amsterdam',
  };
  const active = (iso: string) => isCronActive(nightly, Date.parse(iso));

  it('is active only between 02:00 and 04:00 Amsterdam time, in winter (UTC+1)', () => {
    expect(active('2026-12-03T18:00:00Z')).toBe(false); // 19:00 in Amsterdam
    expect(active('2026-12-04T00:59:00Z')).toBe(false); // 01:59
    expect(active('2026-12-04T01:00:00Z')).toBe(true); // 02:00
    expect(active('2026-12-04T02:30:00Z')).toBe(true); // 03:30
    expect(active('2026-12-04T02:59:00Z')).toBe(true); // 03:59
    expect(active('2026-12-04T03:00:00Z')).toBe(false); // 04:00
    expect(active('2026-12-04T10:00:00Z')).toBe(false);
  });

  it('follows daylight saving time (UTC+2 in summer)', () => {
    expect(active('2026-07-04T00:30:00Z')).toBe(true); // 02:30 CEST
    expect(active('2026-07-04T02:30:00Z')).toBe(false); // 04:30 CEST, 02:30 UTC
  });

  it('handles a window across midnight and weekday fields', () => {
    const weekendNights = {
      start: '0 22 * * 5',
      end: '0 6 * * 6',
      timezone: 'UTC',
    };
    // 2026-12-04 is a Friday.
    expect(
      isCronActive(weekendNights, Date.parse('2026-12-04T23:00:00Z')),
    ).toBe(true);
    expect(
      isCronActive(weekendNights, Date.parse('2026-12-05T07:00:00Z')),
    ).toBe(false);
    expect(
      isCronActive(weekendNights, Date.parse('2026-12-03T23:00:00Z')),
    ).toBe(false);
  });

  it('throws on an expression or zone the cron scaler would refuse', () => {
    expect(() =>
      isCronActive({ ...nightly, timezone: 'Mars/Olympus' }, Date.now()),
    ).toThrow();
    expect(() =>
      isCronActive({ ...nightly, start: '61 2 * * *' }, Date.now()),
    ).toThrow();
  });
});
