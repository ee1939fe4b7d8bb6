import type { ScalingIntent } from '../types';
import { validateIntent } from './index';
import { prometheus } from './__testUtils__/rules';

describe('ScaledJob rules (rule 12: only the trigger rules)', () => {
  const job: ScalingIntent = {
    kind: 'ScaledJob',
    name: `thumbnails-${'x'.repeat(60)}`,
    namespace: 'media',
    kubernetesId: 'thumbnails',
    jobTemplate: { containers: [{ name: 'worker', image: 'acme/thumbs:1' }] },
    triggers: [prometheus],
  };
  it('accepts a long name (no HPA) and a valid job', () => {
    expect(validateIntent(job)).toEqual([]);
  });
  it('rejects duplicate trigger names and a missing image', () => {
    const problems = validateIntent({
      ...job,
      jobTemplate: { containers: [{ name: 'worker', image: '' }] },
      triggers: [prometheus, prometheus],
    });
    expect(problems.map(p => p.path)).toEqual([
      'spec.jobTargetRef.template.spec.containers[0].image',
      'spec.triggers[1].name',
    ]);
  });
  it('rejects ScaledObject-only settings in the intent', () => {
    expect(
      validateIntent({ ...job, cooldownPeriod: 30 }).map(p => p.path),
    ).toEqual(['cooldownPeriod']);
  });
});
