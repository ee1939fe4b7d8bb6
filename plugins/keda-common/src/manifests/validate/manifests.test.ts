import { buildManifests } from '../build';
import { validateManifests } from './index';
import { base, cron } from './__testUtils__/rules';

describe('validateManifests', () => {
  it('takes parameters from a TriggerAuthentication in the same set', () => {
    const manifests = buildManifests({
      ...base,
      triggers: [
        {
          type: 'dynatrace',
          metadata: { host: 'https://x', threshold: '5', metricSelector: 'm' },
          authentication: {
            name: 'dt',
            secretRefs: [{ parameter: 'password', secretName: 'dt', key: 'p' }],
          },
        },
      ],
    });
    expect(validateManifests(manifests).map(p => p.path)).toEqual([
      'spec.triggers[0].metadata.token',
    ]);
  });

  it('reports unknown fields, wrong types and duplicates', () => {
    const [so] = buildManifests(base);
    const broken = {
      ...so,
      spec: {
        ...so.spec,
        minReplicas: 1,
        maxReplicaCount: '10',
        triggers: [
          { type: 'cron', metadata: { ...cron.metadata, desiredReplicas: 3 } },
        ],
      },
    };
    expect(
      validateManifests([broken, so]).map(p => `${p.manifest} ${p.path}`),
    ).toEqual([
      'ScaledObject/web spec.minReplicas',
      'ScaledObject/web spec.maxReplicaCount',
      'ScaledObject/web spec.triggers[0].metadata.desiredReplicas',
      'ScaledObject/web metadata.name',
    ]);
  });

  it('never throws on garbage', () => {
    for (const value of [
      null,
      1,
      'x',
      [],
      {},
      {
        kind: 'ScaledObject',
        apiVersion: 'keda.sh/v1alpha1',
        metadata: 1,
        spec: { triggers: 'x', advanced: { scalingModifiers: { formula: 5 } } },
      },
    ]) {
      expect(() => validateManifests([value])).not.toThrow();
    }
  });
});
