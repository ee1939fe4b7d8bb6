/**
 * The committed recordings belong to the current path definitions: the
 * same steps, and each recorded step in the state its step waits for.
 * (The contract tests also re-record paths and compare their shape.)
 */
import fs from 'node:fs';
import path from 'node:path';
import { RECORDED_PATHS } from './paths';

// eslint-disable-next-line no-restricted-syntax
const RECORDED_DIR = path.resolve(
  __dirname,
  '../../../../plugins/keda-common/src/status/__fixtures__/recorded',
);

describe('committed recordings', () => {
  it('cover every path and nothing else', () => {
    const files = fs
      .readdirSync(RECORDED_DIR)
      .filter(f => f.endsWith('.json'))
      .map(f => f.replace(/\.json$/, ''))
      .sort();
    expect(files).toEqual(RECORDED_PATHS.map(p => p.name).sort());
  });

  it.each(RECORDED_PATHS.map(p => [p.name, p] as const))(
    '%s: every step recorded in the state it waits for',
    (_, p) => {
      const recording = JSON.parse(
        fs.readFileSync(path.join(RECORDED_DIR, `${p.name}.json`), 'utf8'),
      );
      expect(recording).toMatchObject({
        path: p.name,
        description: p.description,
        kind: p.kind,
        name: p.object,
        namespace: p.canonicalNamespace,
      });
      expect(Object.keys(recording.steps)).toEqual(p.steps.map(s => s.name));
      for (const step of p.steps) {
        expect([step.name, step.until(recording.steps[step.name])]).toEqual([
          step.name,
          true,
        ]);
      }
    },
  );
});
