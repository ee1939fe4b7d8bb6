/**
 * What the engine-level fault tests share: an entity whose manifests go to
 * a kustomize folder, a CPU intent, backoff checks and a seeded PRNG.
 */
import type { Entity } from '@backstage/catalog-model';
import type { ScalingIntent } from '@keda-portal/plugin-keda-common';

/** A production Component whose KEDA manifests go to `folder` of `repoUrl`. */
export function kustomizeEntity(
  name: string,
  repoUrl: string,
  folder: string,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'backstage.io/kubernetes-id': name,
        'keda-portal.io/gitops-repo': repoUrl,
        'keda-portal.io/gitops-path': folder,
        'keda-portal.io/gitops-layout': 'kustomize',
        'keda-portal.io/gitops-environment': 'production',
      },
    },
    spec: {
      type: 'service',
      owner: 'group:default/shop',
      lifecycle: 'production',
    },
  };
}

/** Scale `name` in namespace shop on CPU, between 1 and `maxReplicaCount`. */
export function cpuIntent(
  name: string,
  maxReplicaCount: number,
  value = '60',
): ScalingIntent {
  return {
    name,
    namespace: 'shop',
    kubernetesId: name,
    scaleTarget: { name },
    minReplicaCount: 1,
    maxReplicaCount,
    triggers: [{ type: 'cpu', metricType: 'Utilization', metadata: { value } }],
  };
}

/**
 * Exponential backoff with jitter from `base`: wait i lies in
 * [base·2^i / 2, base·2^i], so each is at least the one before.
 */
export function expectGrowingBackoff(base: number) {
  return (waits: number[]) =>
    waits.forEach((ms, i) => {
      const ceiling = base * 2 ** i;
      expect(ms).toBeGreaterThanOrEqual(ceiling / 2);
      expect(ms).toBeLessThanOrEqual(ceiling);
      if (i > 0) expect(ms).toBeGreaterThanOrEqual(waits[i - 1]);
    });
}

/** Small seeded PRNG (mulberry32), so a failing interleaving can be replayed. */
export function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
