import {
  hpaNameFromSpec,
  hpaNameOf,
  isEventAbout,
  scaleTargetKind,
} from './clusterRules';

describe('cluster rules', () => {
  const so = (extra: object = {}) => ({
    metadata: { name: 'orders', namespace: 'shop', uid: 'u1' },
    spec: { scaleTargetRef: { name: 'orders' } },
    ...extra,
  });

  it("names the HPA as KEDA does: status, then the spec's name, then keda-hpa-<name>", () => {
    expect(hpaNameOf(so())).toBe('keda-hpa-orders');
    const named = so({
      spec: {
        scaleTargetRef: { name: 'orders' },
        advanced: { horizontalPodAutoscalerConfig: { name: 'orders-hpa' } },
      },
    });
    expect(hpaNameOf(named)).toBe('orders-hpa');
    expect(hpaNameFromSpec(named)).toBe('orders-hpa');
    const reported = { ...named, status: { hpaName: 'reported-hpa' } };
    expect(hpaNameOf(reported)).toBe('reported-hpa');
    expect(hpaNameFromSpec(reported)).toBe('orders-hpa');
  });

  it('defaults the scale target kind to Deployment', () => {
    expect(scaleTargetKind({})).toBe('Deployment');
    expect(scaleTargetKind(undefined)).toBe('Deployment');
    expect(scaleTargetKind({ kind: 'StatefulSet' })).toBe('StatefulSet');
  });

  it('matches events by uid when they have one, else by kind, name and namespace', () => {
    const object = { kind: 'ScaledObject', ...so() };
    const about = (involvedObject: object) =>
      isEventAbout({ involvedObject }, object);
    expect(about({ uid: 'u1' })).toBe(true);
    expect(
      about({
        uid: 'old',
        kind: 'ScaledObject',
        name: 'orders',
        namespace: 'shop',
      }),
    ).toBe(false);
    expect(
      about({ kind: 'ScaledObject', name: 'orders', namespace: 'shop' }),
    ).toBe(true);
    expect(
      about({ kind: 'ScaledJob', name: 'orders', namespace: 'shop' }),
    ).toBe(false);
    expect(
      about({ kind: 'ScaledObject', name: 'orders', namespace: 'web' }),
    ).toBe(false);
  });
});
