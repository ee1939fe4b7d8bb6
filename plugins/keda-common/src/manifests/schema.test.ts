import { buildManifests } from './build';
import { loadKedaModelsForTests } from './__testUtils__/kedaModels';
import { createCrdSchemaValidator, schemaProblemsFromErrors } from './schema';

const validate = createCrdSchemaValidator(loadKedaModelsForTests());

describe('CRD schema validation', () => {
  it('accepts a built ScaledObject', () => {
    const [so] = buildManifests({
      name: 'orders',
      namespace: 'orders',
      kubernetesId: 'orders',
      scaleTarget: { name: 'orders' },
      triggers: [
        { type: 'cpu', metricType: 'Utilization', metadata: { value: '60' } },
      ],
    });
    expect(validate(so)).toEqual([]);
  });

  it('maps schema errors to field paths with a fix', () => {
    const problems = validate({
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledObject',
      metadata: { name: 'x' },
      spec: {
        scaleTargetRef: {},
        pollingInterval: 0,
        triggers: [{ type: 'kafka', metadata: { lagThreshold: 50 } }],
      },
    });
    expect(problems.map(p => p.path)).toEqual(
      expect.arrayContaining([
        'spec.scaleTargetRef.name',
        'spec.triggers[0].metadata.lagThreshold',
      ]),
    );
    for (const p of problems) expect(p.fix).toBeTruthy();
  });

  it('is weaker than the real CRD for minimums (our own rules cover them)', () => {
    // The generated models carry no kubebuilder minimums or CEL rules.
    expect(
      validate({
        apiVersion: 'keda.sh/v1alpha1',
        kind: 'ScaledObject',
        metadata: { name: 'x' },
        spec: {
          scaleTargetRef: { name: 'x' },
          pollingInterval: 0,
          triggers: [{ type: 'cpu', metadata: {} }],
        },
      }),
    ).toEqual([]);
  });

  it('ignores what the models do not know yet (fallback behavior scalingModifiers)', () => {
    const [so] = buildManifests({
      name: 'orders',
      namespace: 'orders',
      kubernetesId: 'orders',
      scaleTarget: { name: 'orders' },
      fallback: {
        failureThreshold: 3,
        replicas: 2,
        behavior: 'scalingModifiers',
      },
      scalingModifiers: { formula: 'a ?? 2', target: '5' },
      triggers: [
        { type: 'cpu', metricType: 'Utilization', metadata: { value: '60' } },
      ],
    });
    expect(validate(so)).toEqual([]);
  });

  it('formats keys that are not plain words in brackets', () => {
    expect(
      schemaProblemsFromErrors([
        {
          instancePath: '/metadata/labels/backstage.io~1kubernetes-id',
          keyword: 'type',
          params: { type: 'string' },
          message: 'must be string',
        },
      ])[0].path,
    ).toBe("metadata.labels['backstage.io/kubernetes-id']");
  });

  it('says a name pattern in words, not as a regular expression', () => {
    const [problem] = schemaProblemsFromErrors([
      {
        instancePath: '/spec/scaleTargetRef/name',
        keyword: 'pattern',
        params: { pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$' },
        message: 'must match pattern "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"',
      },
    ]);
    expect(problem.message).toBe(
      'spec.scaleTargetRef.name: is not in the expected format (CRD schema)',
    );
    expect(problem.fix).toBe(
      "Write spec.scaleTargetRef.name with lower-case letters, digits and '-', starting and ending with a letter or digit, e.g. orders-api.",
    );
    expect(`${problem.message} ${problem.fix}`).not.toContain('[a-z0-9]');
  });
});
