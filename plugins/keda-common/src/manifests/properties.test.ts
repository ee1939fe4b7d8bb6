import fc from 'fast-check';
import { buildManifests } from './build';
import { intentArbitrary } from './__testUtils__/arbitraries';
import { loadKedaModelsForTests } from './__testUtils__/kedaModels';
import { createCrdSchemaValidator } from './schema';
import { validateIntent, validateManifests } from './validate';
import { parseManifestsYaml, renderManifestsYaml } from './yaml';

const schema = createCrdSchemaValidator(loadKedaModelsForTests());

describe('properties of 10,000 generated intents', () => {
  it('build never throws, problems name a path, YAML round-trips, accepted ones pass the CRD schema', () => {
    let accepted = 0;
    let rejected = 0;
    fc.assert(
      fc.property(intentArbitrary, intent => {
        const manifests = buildManifests(intent);
        expect(manifests.length).toBeGreaterThanOrEqual(1);
        const problems = validateIntent(intent);
        for (const p of problems) {
          expect(p.path).toMatch(/^[A-Za-z([]/);
          expect(p.message.startsWith(p.path)).toBe(true);
          expect(p.fix).not.toBe('');
        }
        // What we accept, the (older) CRD schema of the models accepts too.
        const schemaProblems =
          problems.length === 0 ? validateManifests(manifests, { schema }) : [];
        expect(schemaProblems).toEqual([]);
        if (problems.length === 0) accepted++;
        else rejected++;
        expect(parseManifestsYaml(renderManifestsYaml(manifests))).toEqual(
          manifests,
        );
      }),
      { numRuns: 10000 },
    );
    // Both sides of validation are exercised.
    expect(accepted).toBeGreaterThan(1000);
    expect(rejected).toBeGreaterThan(1000);
  });
});
