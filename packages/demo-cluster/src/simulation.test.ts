import { isFailing, metricValue, simulate, ScalingBounds } from './simulation';

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

  it('fails a flaky scaler for a minute in three and serves fallback after the threshold', () => {
    const bounds = {
      ...zeroBounds,
      min: 1,
      pollingSeconds: 15,
      fallback: { failureThreshold: 3, replicas: 6 },
    };
    expect(isFailing('flaky', at(99))).toBe(false);
    expect(simulate('flaky', bounds, at(101))).toMatchObject({
      failing: true,
      failures: 1,
      fallback: false,
    });
    expect(simulate('flaky', bounds, at(135))).toMatchObject({
      failing: true,
      failures: 3,
      fallback: true,
      replicas: 6,
    });
    expect(simulate('flaky', bounds, at(165)).failing).toBe(false);
  });

  it('changes over a minute', () => {
    const values = [0, 15, 30, 45, 60].map(s => metricValue('wave', at(s), 10));
    expect(new Set(values).size).toBeGreaterThan(1);
  });
});
