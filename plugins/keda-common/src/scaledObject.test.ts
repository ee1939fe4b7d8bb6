import {
  buildScaledObject,
  ScalingIntent,
  validateScalingIntent,
} from './scaledObject';

const intent: ScalingIntent = {
  name: 'orders-worker',
  namespace: 'orders',
  kubernetesId: 'orders-worker',
  scaleTarget: { name: 'orders-worker' },
  minReplicaCount: 0,
  maxReplicaCount: 30,
  triggers: [
    {
      type: 'kafka',
      metadata: { topic: 'orders', lagThreshold: '50' },
      authenticationRef: 'kafka-auth',
    },
  ],
};

describe('buildScaledObject', () => {
  it('renders a labelled ScaledObject with keys in review order', () => {
    const so = buildScaledObject(intent);
    expect(so.metadata.labels).toEqual({
      'backstage.io/kubernetes-id': 'orders-worker',
    });
    expect(Object.keys(so)).toEqual(['apiVersion', 'kind', 'metadata', 'spec']);
    expect(Object.keys(so.spec)).toEqual([
      'scaleTargetRef',
      'minReplicaCount',
      'maxReplicaCount',
      'triggers',
    ]);
    expect(so.spec.triggers[0]).toEqual({
      type: 'kafka',
      metadata: { topic: 'orders', lagThreshold: '50' },
      authenticationRef: { name: 'kafka-auth' },
    });
  });

  it('refuses an intent whose minimum is above its maximum', () => {
    expect(() =>
      buildScaledObject({ ...intent, minReplicaCount: 5, maxReplicaCount: 2 }),
    ).toThrow(/minReplicaCount \(5\) must not be above maxReplicaCount \(2\)/);
  });
});

describe('validateScalingIntent', () => {
  it('accepts a good intent', () => {
    expect(validateScalingIntent(intent)).toEqual([]);
  });

  it('names each bad field', () => {
    const problems = validateScalingIntent({
      ...intent,
      name: 'Orders_Worker',
      namespace: '',
      minReplicaCount: -1,
      triggers: [],
    });
    expect(problems.map(p => p.field)).toEqual([
      'name',
      'namespace',
      'minReplicaCount',
      'triggers',
    ]);
    expect(problems[0].message).toMatch(/not a valid Kubernetes name/);
  });
});
