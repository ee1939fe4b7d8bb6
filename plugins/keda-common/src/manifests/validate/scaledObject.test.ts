import { checkRule, type Rule } from './__testUtils__/rules';

describe('ScaledObject rules', () => {
  it.each<Rule>([
    {
      rule: '1: min <= max',
      pass: { minReplicaCount: 10, maxReplicaCount: 10 },
      fail: { minReplicaCount: 11, maxReplicaCount: 10 },
      path: 'spec.minReplicaCount',
      message: /must not be above maxReplicaCount/,
    },
    {
      rule: '1: min <= default max 100',
      pass: { minReplicaCount: 100, maxReplicaCount: undefined },
      fail: { minReplicaCount: 101, maxReplicaCount: undefined },
      path: 'spec.minReplicaCount',
      message: /\(100, the default\)/,
    },
    {
      rule: '2: idle < min',
      pass: { idleReplicaCount: 0, minReplicaCount: 1 },
      fail: { idleReplicaCount: 1, minReplicaCount: 1 },
      path: 'spec.idleReplicaCount',
      message: /must be below minReplicaCount/,
    },
    {
      // KEDA checks the HPA minimum: a set min of 0 counts as 1.
      rule: '2: idle < min, an explicit min 0 counting as 1',
      pass: { idleReplicaCount: 0, minReplicaCount: 0 },
      fail: { idleReplicaCount: 0, minReplicaCount: undefined },
      path: 'spec.idleReplicaCount',
      message: /must be below minReplicaCount \(0, the default\)/,
    },
    {
      rule: '3: name <= 63',
      pass: { name: 'a'.repeat(54) },
      fail: { name: 'a'.repeat(64) },
      path: 'metadata.name',
      message: /at most 63/,
    },
    {
      rule: '3: derived HPA name <= 63',
      pass: { name: 'a'.repeat(54) },
      fail: { name: 'a'.repeat(55) },
      path: 'metadata.name',
      message: /keda-hpa-a+', is longer than 63/,
    },
    {
      rule: '3: custom HPA name lifts the derived limit',
      pass: { name: 'a'.repeat(60), hpa: { name: 'web-hpa' } },
      fail: { hpa: { name: 'h'.repeat(64) } },
      path: 'spec.advanced.horizontalPodAutoscalerConfig.name',
      message: /at most 63/,
    },
    {
      rule: '3: an empty HPA name means the default',
      pass: { hpa: { name: '' } },
      fail: { hpa: { name: 'Web_HPA' } },
      path: 'spec.advanced.horizontalPodAutoscalerConfig.name',
      message: /./,
    },
    {
      rule: '8: fallback numbers >= 0',
      pass: { fallback: { failureThreshold: 3, replicas: 0 } },
      fail: { fallback: { failureThreshold: -1, replicas: 2 } },
      path: 'spec.fallback.failureThreshold',
      message: /between 0 and/,
    },
    {
      rule: '8: fallback needs a non-cpu/memory trigger',
      pass: { fallback: { failureThreshold: 3, replicas: 2 } },
      fail: {
        fallback: { failureThreshold: 3, replicas: 2 },
        triggers: [
          { type: 'cpu', metricType: 'Utilization', metadata: { value: '60' } },
        ],
      },
      path: 'spec.fallback',
      message: /not cpu or memory/,
    },
    {
      rule: '8: behavior scalingModifiers needs a formula',
      pass: {
        fallback: {
          failureThreshold: 3,
          replicas: 2,
          behavior: 'scalingModifiers',
        },
        scalingModifiers: { formula: 'rps ?? 8', target: '10' },
      },
      fail: {
        fallback: {
          failureThreshold: 3,
          replicas: 2,
          behavior: 'scalingModifiers',
        },
      },
      path: 'spec.fallback.behavior',
      message: /needs spec.advanced.scalingModifiers.formula/,
    },
    {
      rule: '9: formula required',
      pass: { scalingModifiers: { formula: 'rps', target: '5' } },
      fail: { scalingModifiers: { formula: '', target: '5' } },
      path: 'spec.advanced.scalingModifiers.formula',
      message: /must not be empty/,
    },
    {
      rule: '9: target is a float > 0',
      pass: { scalingModifiers: { formula: 'rps', target: '0.5' } },
      fail: { scalingModifiers: { formula: 'rps', target: '0' } },
      path: 'spec.advanced.scalingModifiers.target',
      message: /above 0/,
    },
    {
      rule: '9: metricType not Utilization',
      pass: {
        scalingModifiers: { formula: 'rps', target: '5', metricType: 'Value' },
      },
      fail: {
        scalingModifiers: {
          formula: 'rps',
          target: '5',
          metricType: 'Utilization' as any,
        },
      },
      path: 'spec.advanced.scalingModifiers.metricType',
      message: /Utilization/,
    },
    {
      rule: '9: formula parses',
      pass: {
        scalingModifiers: { formula: '(rps + office) / 2', target: '5' },
      },
      fail: { scalingModifiers: { formula: '(rps + office / 2', target: '5' } },
      path: 'spec.advanced.scalingModifiers.formula',
      message: /cannot be parsed/,
    },
    {
      rule: '9: formula uses named non-cpu triggers',
      pass: { scalingModifiers: { formula: 'max(rps, office)', target: '5' } },
      fail: { scalingModifiers: { formula: 'rps + queue', target: '5' } },
      path: 'spec.advanced.scalingModifiers.formula',
      message: /'queue', which is not the name of a trigger/,
    },
    {
      rule: 'CRD: pollingInterval >= 1',
      pass: { pollingInterval: 1 },
      fail: { pollingInterval: 0 },
      path: 'spec.pollingInterval',
      message: /between 1 and/,
    },
    {
      rule: 'CRD: maxReplicaCount >= 1',
      pass: { maxReplicaCount: 1 },
      fail: { maxReplicaCount: 0, minReplicaCount: 0 },
      path: 'spec.maxReplicaCount',
      message: /between 1 and/,
    },
    {
      rule: 'HPA policy period <= 1800',
      pass: {
        hpa: {
          scaleDown: {
            policies: [{ type: 'Percent', value: 50, periodSeconds: 60 }],
          },
        },
      },
      fail: {
        hpa: {
          scaleDown: {
            policies: [{ type: 'Percent', value: 50, periodSeconds: 3600 }],
          },
        },
      },
      path: 'spec.advanced.horizontalPodAutoscalerConfig.behavior.scaleDown.policies[0].periodSeconds',
      message: /between 1 and 1800/,
    },
  ])('$rule', rule => checkRule(rule));
});
