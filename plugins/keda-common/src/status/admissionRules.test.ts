import { checkAdmissionRules } from './admissionRules';
import type {
  AdmissionSnapshot,
  AdmissionWorkloadLike,
} from './admissionTypes';

const NS = 'shop';

function so(
  name: string,
  spec: Record<string, unknown> = {},
  annotations?: Record<string, string>,
) {
  return {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledObject',
    metadata: { name, namespace: NS, ...(annotations && { annotations }) },
    spec: {
      scaleTargetRef: { name: 'orders' },
      triggers: [{ type: 'kafka', metadata: { topic: 'orders' } }],
      ...spec,
    },
  };
}

function deployment(
  name: string,
  containers: Array<{ name: string; resources?: any }> | undefined,
  podResources?: any,
): AdmissionWorkloadLike {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: NS },
    spec: containers
      ? { template: { spec: { containers, resources: podResources } } }
      : undefined,
  };
}

function hpa(
  name: string,
  target: Record<string, string>,
  meta: Record<string, unknown> = {},
) {
  return {
    metadata: { name, namespace: NS, ...meta },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', ...target } },
  };
}

/** A snapshot that knows everything: an empty namespace. */
const EMPTY: AdmissionSnapshot = {
  scaledObjects: [],
  hpas: [],
  workloads: [],
  limitRanges: [],
};

const CPU = {
  type: 'cpu',
  metricType: 'Utilization',
  metadata: { value: '60' },
};

function errors(manifest: unknown, snapshot: AdmissionSnapshot = EMPTY) {
  return checkAdmissionRules([manifest], snapshot).errors;
}

describe('checkAdmissionRules', () => {
  it('accepts a ScaledObject in an empty namespace', () => {
    expect(checkAdmissionRules([so('orders')], EMPTY)).toEqual({
      errors: [],
      warnings: [],
    });
  });

  it('refuses a second ScaledObject for the same workload, not for another kind or namespace', () => {
    const other = so('orders-old');
    const [problem] = errors(so('orders'), {
      ...EMPTY,
      scaledObjects: [other],
    });
    expect(problem).toMatchObject({
      path: 'spec.scaleTargetRef.name',
      manifest: 'ScaledObject/orders',
      message:
        "spec.scaleTargetRef.name: the Deployment 'orders' is already scaled by the ScaledObject 'orders-old'",
    });
    expect(problem.fix).toMatch(/Change the ScaledObject 'orders-old'/);
    // Same name, other kind: KEDA compares group/version.kind.
    const statefulSet = so('orders-sts', {
      scaleTargetRef: {
        name: 'orders',
        kind: 'StatefulSet',
        apiVersion: 'apps/v1',
      },
    });
    expect(
      errors(so('orders'), { ...EMPTY, scaledObjects: [statefulSet] }),
    ).toEqual([]);
    // apiVersion left out means apps/v1, as KEDA reads it.
    const explicit = so('orders-explicit', {
      scaleTargetRef: {
        name: 'orders',
        kind: 'Deployment',
        apiVersion: 'apps/v1',
      },
    });
    expect(
      errors(so('orders'), { ...EMPTY, scaledObjects: [explicit] }),
    ).toHaveLength(1);
    const elsewhere = { ...other, metadata: { name: 'x', namespace: 'other' } };
    expect(
      errors(so('orders'), { ...EMPTY, scaledObjects: [elsewhere] }),
    ).toEqual([]);
    // The ScaledObject itself, as the cluster holds it, is no conflict.
    expect(
      errors(so('orders'), { ...EMPTY, scaledObjects: [so('orders')] }),
    ).toEqual([]);
  });

  it('refuses an HPA name another ScaledObject uses', () => {
    const other = so('payments', {
      scaleTargetRef: { name: 'payments' },
      advanced: { horizontalPodAutoscalerConfig: { name: 'shared' } },
    });
    const incoming = so('orders', {
      advanced: { horizontalPodAutoscalerConfig: { name: 'shared' } },
    });
    const [problem] = errors(incoming, { ...EMPTY, scaledObjects: [other] });
    expect(problem.path).toBe(
      'spec.advanced.horizontalPodAutoscalerConfig.name',
    );
    expect(problem.message).toMatch(
      /'shared' is already used by the ScaledObject 'payments'/,
    );
    // The default name keda-hpa-<name> collides too.
    const named = so('payments', {
      scaleTargetRef: { name: 'payments' },
      advanced: { horizontalPodAutoscalerConfig: { name: 'keda-hpa-orders' } },
    });
    expect(
      errors(so('orders'), { ...EMPTY, scaledObjects: [named] })[0].path,
    ).toBe('metadata.name');
  });

  it('refuses a workload a foreign HPA scales, with KEDA’s three exceptions', () => {
    const foreign = hpa('orders-hpa', { kind: 'Deployment', name: 'orders' });
    const snapshot = { ...EMPTY, hpas: [foreign] };
    const [problem] = errors(so('orders'), snapshot);
    expect(problem.message).toMatch(/already scaled by the HPA 'orders-hpa'/);
    expect(problem.fix).toMatch(/transfer-hpa-ownership/);
    // 1. The HPA is this ScaledObject's own.
    const owned = hpa(
      'keda-hpa-orders',
      { kind: 'Deployment', name: 'orders' },
      { ownerReferences: [{ kind: 'ScaledObject', name: 'orders' }] },
    );
    expect(errors(so('orders'), { ...EMPTY, hpas: [owned] })).toEqual([]);
    // 2. Ownership transfer, naming the HPA.
    const transfer = { 'scaledobject.keda.sh/transfer-hpa-ownership': 'true' };
    const taking = so(
      'orders',
      { advanced: { horizontalPodAutoscalerConfig: { name: 'orders-hpa' } } },
      transfer,
    );
    expect(errors(taking, snapshot)).toEqual([]);
    const [unnamed] = errors(so('orders', {}, transfer), snapshot);
    expect(unnamed.path).toBe(
      'spec.advanced.horizontalPodAutoscalerConfig.name',
    );
    expect(unnamed.fix).toBe(
      'Set spec.advanced.horizontalPodAutoscalerConfig.name: orders-hpa.',
    );
    // 3. The HPA opts out of the check.
    const optedOut = hpa(
      'orders-hpa',
      { kind: 'Deployment', name: 'orders' },
      { annotations: { 'validations.keda.sh/hpa-ownership': 'false' } },
    );
    expect(errors(so('orders'), { ...EMPTY, hpas: [optedOut] })).toEqual([]);
    // An HPA of another workload or kind is no conflict.
    const sts = hpa('x', { kind: 'StatefulSet', name: 'orders' });
    expect(errors(so('orders'), { ...EMPTY, hpas: [sts] })).toEqual([]);
  });

  it('warns when the snapshot holds only KEDA’s HPAs, unless the ScaledObject keeps its target', () => {
    const partial = { ...EMPTY, hpasOnlyKedaManaged: true };
    const { errors: none, warnings } = checkAdmissionRules(
      [so('orders')],
      partial,
    );
    expect(none).toEqual([]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0].message).toMatch(/sees only the HPAs KEDA manages/);
    const existing = { ...partial, scaledObjects: [so('orders')] };
    expect(checkAdmissionRules([so('orders')], existing).warnings).toEqual([]);
  });

  it('requires cpu and memory requests on every container, or the one named', () => {
    const incoming = so('orders', {
      minReplicaCount: 1,
      triggers: [
        CPU,
        {
          type: 'memory',
          metricType: 'AverageValue',
          metadata: { value: '200Mi' },
        },
      ],
    });
    const target = deployment('orders', [
      { name: 'app', resources: { requests: { cpu: '100m' } } },
      { name: 'sidecar', resources: { limits: { memory: '64Mi', cpu: '0' } } },
    ]);
    const found = errors(incoming, { ...EMPTY, workloads: [target] });
    expect(found.map(p => p.message)).toEqual([
      "spec.triggers[0].type: the container 'sidecar' of the Deployment 'orders' has no cpu request, so KEDA refuses the cpu trigger",
      "spec.triggers[1].type: the container 'app' of the Deployment 'orders' has no memory request, so KEDA refuses the memory trigger",
    ]);
    expect(found[0].fix).toMatch(
      /Set resources.requests.cpu on the container 'sidecar'/,
    );
    // containerName narrows the check to that container.
    const named = so('orders', {
      minReplicaCount: 1,
      triggers: [{ ...CPU, metadata: { value: '60', containerName: 'app' } }],
    });
    expect(errors(named, { ...EMPTY, workloads: [target] })).toEqual([]);
    // A LimitRange default serves every container.
    const defaults = [
      {
        metadata: { name: 'd', namespace: NS },
        spec: {
          limits: [
            {
              type: 'Container',
              defaultRequest: { cpu: '50m', memory: '32Mi' },
            },
          ],
        },
      },
    ];
    expect(
      errors(incoming, {
        ...EMPTY,
        workloads: [target],
        limitRanges: defaults,
      }),
    ).toEqual([]);
    // So does a pod-level request, but not for a containerName trigger.
    const podLevel = deployment('orders', [{ name: 'app' }], {
      requests: { cpu: '1' },
    });
    expect(
      errors(so('orders', { minReplicaCount: 1, triggers: [CPU] }), {
        ...EMPTY,
        workloads: [podLevel],
      }),
    ).toEqual([]);
    const podLevelNamed = so('orders', {
      minReplicaCount: 1,
      triggers: [{ ...CPU, metadata: { value: '60', containerName: 'app' } }],
    });
    expect(
      errors(podLevelNamed, { ...EMPTY, workloads: [podLevel] }),
    ).toHaveLength(1);
  });

  it('refuses cpu and memory triggers for a missing workload, and warns when its containers are unknown', () => {
    const incoming = so('orders', { minReplicaCount: 1, triggers: [CPU] });
    expect(errors(incoming)[0].message).toMatch(
      /the Deployment 'orders' does not exist in namespace shop/,
    );
    const trimmed = { ...EMPTY, workloads: [deployment('orders', undefined)] };
    const check = checkAdmissionRules([incoming], trimmed);
    expect(check.errors).toEqual([]);
    expect(check.warnings[0].message).toMatch(/cannot see the containers/);
    // Without LimitRanges a missing request is a warning, not a pass.
    const noRanges = {
      ...EMPTY,
      limitRanges: undefined,
      workloads: [deployment('orders', [{ name: 'app' }])],
    };
    const unsure = checkAdmissionRules([incoming], noRanges);
    expect(unsure.errors).toEqual([]);
    expect(unsure.warnings[0].message).toMatch(
      /unless a LimitRange of namespace shop/,
    );
  });

  it('refuses only cpu/memory triggers with a minimum of 0 on a Deployment or StatefulSet', () => {
    const target = deployment('orders', [
      { name: 'app', resources: { requests: { cpu: '1' } } },
    ]);
    const snapshot = { ...EMPTY, workloads: [target] };
    for (const min of [undefined, 0]) {
      const [problem] = errors(
        so('orders', { minReplicaCount: min, triggers: [CPU] }),
        snapshot,
      );
      expect(problem.path).toBe('spec.minReplicaCount');
    }
    expect(
      errors(so('orders', { minReplicaCount: 1, triggers: [CPU] }), snapshot),
    ).toEqual([]);
    // An event trigger next to it can scale to zero.
    const mixed = so('orders', {
      triggers: [CPU, { type: 'kafka', metadata: {} }],
    });
    expect(errors(mixed, snapshot)).toEqual([]);
    // Other kinds: KEDA lets it pass; it cannot work, so a warning.
    const rs = so('orders', {
      scaleTargetRef: {
        name: 'orders',
        kind: 'ReplicaSet',
        apiVersion: 'apps/v1',
      },
      triggers: [CPU],
    });
    const check = checkAdmissionRules([rs], snapshot);
    expect(check.errors).toEqual([]);
    expect(check.warnings[0].path).toBe('spec.minReplicaCount');
  });

  it('refuses a scale target kind the cluster does not serve', () => {
    const rollout = so('orders', {
      scaleTargetRef: {
        name: 'orders',
        kind: 'Rollout',
        apiVersion: 'argoproj.io/v1alpha1',
      },
    });
    expect(
      errors(rollout, { ...EMPTY, servedKinds: ['apps/v1.ReplicaSet'] })[0]
        .path,
    ).toBe('spec.scaleTargetRef.kind');
    expect(
      errors(rollout, {
        ...EMPTY,
        servedKinds: ['argoproj.io/v1alpha1.Rollout'],
      }),
    ).toEqual([]);
    // Unknown: a warning.
    const unsure = checkAdmissionRules([rollout], EMPTY);
    expect(unsure.errors).toEqual([]);
    expect(unsure.warnings[0].message).toMatch(
      /cannot tell whether the cluster serves argoproj.io\/v1alpha1.Rollout/,
    );
    // A bad apiVersion is refused outright.
    const bad = so('orders', {
      scaleTargetRef: { name: 'orders', apiVersion: 'a/b/c' },
    });
    expect(errors(bad)[0].path).toBe('spec.scaleTargetRef.apiVersion');
  });

  it('names the cluster, ignores other kinds and never throws', () => {
    const check = checkAdmissionRules(
      [
        null,
        'text',
        { kind: 'ScaledJob', spec: {} },
        { kind: 'ScaledObject', spec: { triggers: 'no' } },
        so('orders'),
      ],
      { ...EMPTY, cluster: 'prod', scaledObjects: [so('orders-old')] },
    );
    expect(check.errors.map(e => e.message)).toEqual([
      "spec.scaleTargetRef.name: the Deployment 'orders' is already scaled by the ScaledObject 'orders-old' (cluster prod)",
    ]);
  });
});
