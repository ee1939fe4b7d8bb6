import {
  checkAdmissionRules,
  validateManifests,
} from '@keda-portal/plugin-keda-common';
import { generateCases, randomSource } from './__testUtils__/cases';
import { FIXTURE } from './__testUtils__/fixtures';

describe('generateCases', () => {
  it('replays a seed and varies with it', () => {
    expect(generateCases(7, 50)).toEqual(generateCases(7, 50));
    expect(generateCases(7, 50)).not.toEqual(generateCases(8, 50));
    const r = randomSource(1);
    const values = Array.from({ length: 1000 }, () => r.int(0, 9));
    expect(new Set(values).size).toBe(10);
  });

  it('covers every family with unique names, real creates only for resource triggers', () => {
    const cases = generateCases(20261203, 360);
    const families = new Set(cases.map(c => c.family.split(':')[0]));
    expect([...families].sort()).toEqual([
      'cluster',
      'fallback',
      'names',
      'replicas',
      'resources',
      'scaledJob',
      'scalingModifiers',
      'triggerAuthentication',
      'triggers',
    ]);
    const names = cases.map(
      c => `${c.manifest.kind}/${c.manifest.metadata.name}`,
    );
    expect(new Set(names).size).toBe(names.length);
    const creates = cases.filter(c => c.mode === 'create');
    expect(creates.length).toBeGreaterThan(30);
    // Real creates: only where KEDA skips the rule on dry runs (cpu and
    // memory), each on its own workload, so they never meet each other.
    expect(
      creates.filter(
        c =>
          !c.manifest.spec.triggers.some((t: any) =>
            ['cpu', 'memory'].includes(t.type),
          ) ||
          c.manifest.spec.scaleTargetRef.name !== `wl-${c.id}` ||
          c.manifest.spec.advanced !== undefined,
      ),
    ).toEqual([]);
  });

  it('gives our side cases to accept and to refuse, cluster rules included', () => {
    const cases = generateCases(20261203, 360);
    const snapshot = {
      scaledObjects: [
        {
          metadata: { name: FIXTURE.takenScaledObject, namespace: 'ns' },
          spec: { scaleTargetRef: { name: FIXTURE.taken } },
        },
      ],
      hpas: [],
      workloads: [],
      limitRanges: [],
    };
    let accepted = 0;
    let clusterRefused = 0;
    for (const c of cases) {
      const manifest = {
        ...c.manifest,
        metadata: { ...c.manifest.metadata, namespace: 'ns' },
      };
      const problems = validateManifests([manifest]);
      const { errors } = checkAdmissionRules([manifest], snapshot);
      if (!problems.length && !errors.length) accepted++;
      if (errors.length) clusterRefused++;
    }
    expect(accepted).toBeGreaterThan(60);
    expect(cases.length - accepted).toBeGreaterThan(60);
    expect(clusterRefused).toBeGreaterThan(20);
  });
});
