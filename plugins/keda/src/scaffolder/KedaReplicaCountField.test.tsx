import { replicaCountHelp } from './KedaReplicaCountField';

describe('replicaCountHelp', () => {
  it("names KEDA's default only when the template sets none", () => {
    expect(replicaCountHelp('max', { default: 10 })).toBe(
      'Most replicas KEDA scales out to.',
    );
    expect(replicaCountHelp('max', {})).toBe(
      "Most replicas KEDA scales out to. Empty means KEDA's default, 100.",
    );
    expect(
      replicaCountHelp('min', { description: 'Fewest.', default: 1 }),
    ).toBe('Fewest.');
    expect(replicaCountHelp('idle', undefined)).toBe(
      'Replicas while no trigger is active; must be below the minimum.',
    );
  });
});
