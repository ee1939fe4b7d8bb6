import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { HistoryStore, Sample } from './HistoryStore';

jest.setTimeout(120_000);

// PostgreSQL comes from scripts/test.sh (Debian's server), SQLite is embedded.
const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

function sample(overrides: Partial<Sample> = {}): Sample {
  return {
    cluster: 'demo',
    namespace: 'shop',
    kind: 'ScaledObject',
    name: 'orders-api',
    sampledAt: new Date('2026-11-28T10:00:00Z'),
    replicas: 3,
    desired: 4,
    metrics: { 's0-prometheus': '40800m' },
    sourceKey: 'demo|hpas|shop|keda-hpa-orders-api|100',
    ...overrides,
  };
}

describe('HistoryStore', () => {
  it('runs on PostgreSQL and on SQLite in this run', () => {
    expect(databases.eachSupportedId().map(([id]) => id)).toEqual([
      'POSTGRES_15',
      'SQLITE_3',
    ]);
  });

  it.each(databases.eachSupportedId())(
    'writes a fleet of more than 500 samples at once on %p',
    async id => {
      const knex = await databases.init(id);
      const store = await HistoryStore.create(mockServices.database({ knex }));
      const fleet = Array.from({ length: 1200 }, (_, i) =>
        sample({ name: `worker-${i}`, sourceKey: `fleet-${i}` }),
      );
      expect(await store.record(fleet)).toBe(1200);
      // Already stored: ignored, not duplicated.
      expect(await store.record(fleet.slice(0, 700))).toBe(0);
      const [{ n }] = await knex('keda_samples').count({ n: '*' });
      expect(Number(n)).toBe(1200);
    },
  );

  it.each(databases.eachSupportedId())(
    'writes and reads samples back on %p',
    async id => {
      const knex = await databases.init(id);
      const store = await HistoryStore.create(mockServices.database({ knex }));
      await store.record([
        sample(),
        sample({
          sampledAt: new Date('2026-11-28T10:01:00Z'),
          replicas: 5,
          sourceKey: 'k2',
        }),
        sample({ name: 'other', sourceKey: 'k3' }),
      ]);
      const read = await store.read({
        namespace: 'shop',
        kind: 'ScaledObject',
        name: 'orders-api',
        since: new Date('2026-11-28T09:00:00Z'),
      });
      expect(
        read.map(s => [s.sampledAt.toISOString(), s.replicas, s.metrics]),
      ).toEqual([
        ['2026-11-28T10:00:00.000Z', 3, { 's0-prometheus': '40800m' }],
        ['2026-11-28T10:01:00.000Z', 5, { 's0-prometheus': '40800m' }],
      ]);
      const later = await store.read({
        namespace: 'shop',
        kind: 'ScaledObject',
        name: 'orders-api',
        since: new Date('2026-11-28T10:00:30Z'),
      });
      expect(later.map(s => s.replicas)).toEqual([5]);
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps one row per change when two backends record it, on %p',
    async id => {
      const knex = await databases.init(id);
      const a = await HistoryStore.create(mockServices.database({ knex }));
      const b = await HistoryStore.create(mockServices.database({ knex }));
      await Promise.all([
        a.record([sample(), sample({ sourceKey: 'k2' })]),
        b.record([
          sample(),
          sample({ sourceKey: 'k2' }),
          sample({ sourceKey: 'k3' }),
        ]),
      ]);
      expect(await a.count()).toBe(3);
    },
  );

  it.each(databases.eachSupportedId())(
    'prunes samples past the retention on %p',
    async id => {
      const knex = await databases.init(id);
      const store = await HistoryStore.create(mockServices.database({ knex }));
      await store.record([
        sample({
          sampledAt: new Date('2026-11-01T00:00:00Z'),
          sourceKey: 'old',
        }),
        sample({
          sampledAt: new Date('2026-11-27T00:00:00Z'),
          sourceKey: 'new',
        }),
      ]);
      expect(await store.prune(new Date('2026-11-14T00:00:00Z'))).toBe(1);
      expect(await store.count()).toBe(1);
    },
  );
});
