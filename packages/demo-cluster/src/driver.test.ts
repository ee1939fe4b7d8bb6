import { DemoSources, LoadDriver } from './driver';
import { DemoPlan } from './waves';

/** In-memory sources that record what the driver did to them. */
function memorySources() {
  const calls: string[] = [];
  const levels = { lag: 0, depth: 0, list: 0 };
  const running = {
    prometheus: true,
    kafka: true,
    rabbitmq: true,
    redis: true,
  };
  const rates = new Map<string, number>();
  const stoppable = (name: keyof typeof running) => ({
    async stop() {
      calls.push(`stop ${name}`);
      running[name] = false;
    },
    async restart() {
      calls.push(`restart ${name}`);
      running[name] = true;
    },
  });
  const up = (name: keyof typeof running) => {
    if (!running[name]) throw new Error(`${name} is down`);
  };
  const sources: DemoSources = {
    requestRate: { setRate: (s, r) => rates.set(s, r) },
    prometheus: stoppable('prometheus'),
    kafka: {
      ...stoppable('kafka'),
      async lag(group, topic) {
        up('kafka');
        calls.push(`lag ${group} ${topic}`);
        return levels.lag;
      },
      async produce(_topic, n) {
        up('kafka');
        levels.lag += n;
      },
      async consume(_group, _topic, n) {
        up('kafka');
        levels.lag -= n;
      },
    },
    rabbitmq: {
      ...stoppable('rabbitmq'),
      async depth() {
        up('rabbitmq');
        return levels.depth;
      },
      async publish(_q, n) {
        levels.depth += n;
      },
      async consume(_q, n) {
        levels.depth -= n;
      },
    },
    redis: {
      ...stoppable('redis'),
      async length() {
        up('redis');
        return levels.list;
      },
      async push(_l, n) {
        levels.list += n;
      },
      async pop(_l, n) {
        levels.list -= n;
      },
    },
  };
  return { sources, calls, levels, running, rates };
}

const plan: DemoPlan = {
  requestRate: { kind: 'constant', value: 120 },
  consumerLag: { kind: 'sine', mean: 100, amplitude: 50, periodSeconds: 40 },
  queueDepth: {
    kind: 'burst',
    peak: 60,
    periodSeconds: 60,
    startSeconds: 20,
    lengthSeconds: 20,
  },
  retryListLength: { kind: 'constant', value: 7 },
  outages: [
    {
      source: 'kafka',
      periodSeconds: 100,
      startSeconds: 50,
      lengthSeconds: 20,
    },
  ],
};

describe('LoadDriver', () => {
  it('moves every source to the level of its wave', async () => {
    const { sources, levels, rates } = memorySources();
    const driver = new LoadDriver(sources, plan, undefined, 0);
    const first = await driver.tick(10_000);
    expect(first).toEqual({
      t: 10,
      down: [],
      requestRate: 120,
      consumerLag: 150, // the lag's crest
      queueDepth: 0,
      retryListLength: 7,
    });
    expect(rates.get('orders-api')).toBe(120);
    expect(levels).toEqual({ lag: 150, depth: 0, list: 7 });

    await driver.tick(30_000); // the middle of the burst; the lag's trough
    expect(levels).toEqual({ lag: 50, depth: 60, list: 7 });
  });

  it('stops a source for its outage, leaves it alone meanwhile and starts it again', async () => {
    const { sources, calls, running, levels } = memorySources();
    const log: string[] = [];
    const driver = new LoadDriver(sources, plan, m => log.push(m), 0);
    await driver.tick(45_000);
    const lagBefore = levels.lag;

    const during = await driver.tick(55_000);
    expect(running.kafka).toBe(false);
    expect(during.down).toEqual(['kafka']);
    expect(during.consumerLag).toBeUndefined();
    expect(levels.lag).toBe(lagBefore);
    await driver.tick(65_000);
    expect(calls.filter(c => /kafka$/.test(c) && !c.startsWith('lag'))).toEqual(
      ['stop kafka'],
    );

    const after = await driver.tick(75_000);
    expect(running.kafka).toBe(true);
    expect(after.down).toEqual([]);
    expect(after.consumerLag).toBeDefined();
    expect(log).toEqual([
      "stopping kafka (a planned outage: KEDA's scaler fails)",
      'starting kafka again',
    ]);
  });

  it('keeps going when a source does not answer, and says so once', async () => {
    const { sources, running, levels } = memorySources();
    const log: string[] = [];
    const driver = new LoadDriver(sources, plan, m => log.push(m), 0);
    running.redis = false; // stopped behind the driver's back
    await driver.tick(10_000);
    await driver.tick(15_000);
    expect(levels.lag).toBeGreaterThan(0);
    expect(log).toEqual([
      'redis did not answer (retrying every tick): Error: redis is down',
    ]);
    running.redis = true;
    const report = await driver.tick(20_000);
    expect(report.retryListLength).toBe(7);
    expect(log[1]).toBe('redis answers again');
  });

  it('brings back what it stopped when the demo ends', async () => {
    const { sources, running } = memorySources();
    const driver = new LoadDriver(sources, plan, undefined, 0);
    await driver.tick(55_000);
    expect(running.kafka).toBe(false);
    await driver.restoreAll();
    expect(running.kafka).toBe(true);
  });
});
