import {
  diffOf,
  editOf,
  layoutInput,
  lines,
  ordersIntent,
  rerun,
  runLayout,
} from './__testUtils__/layoutTesting';

const CPU = ordersIntent({
  triggers: [
    { type: 'cpu', metricType: 'Utilization', metadata: { value: 60 } },
  ],
});

const PINNED_DEPLOYMENT = lines(
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: orders',
  'spec:',
  '  replicas: 3',
  '  template: {}',
);

const APPLICATION = lines(
  '# orders in production',
  'apiVersion: argoproj.io/v1alpha1',
  'kind: Application',
  'metadata:',
  '  name: orders-production',
  '  namespace: argocd',
  'spec:',
  '  project: default',
  '  source:',
  '    repoURL: git@github.com:acme/gitops.git',
  '    targetRevision: main',
  '    path: apps/orders/   # the overlay',
  '  destination:',
  '    server: https://kubernetes.default.svc',
  '    namespace: shop',
  '  syncPolicy:',
  '    automated: {prune: true, selfHeal: true}',
  '    syncOptions:',
  '    - CreateNamespace=true',
);

describe('spec.replicas and Argo CD', () => {
  it('makes the Argo CD Application ignore the replicas instead of editing the Deployment', () => {
    const input = layoutInput(
      'plain',
      {
        'apps/orders/deployment.yaml': PINNED_DEPLOYMENT,
        'argocd/orders.yaml': APPLICATION,
        'argocd/other.yaml': APPLICATION.replace(
          'apps/orders/',
          'apps/payments',
        ).replace('orders-production', 'payments'),
      },
      CPU,
    );
    const result = runLayout(input);

    expect(result.edits.map(e => e.path)).toEqual([
      'apps/orders/scaledobject.yaml',
      'argocd/orders.yaml',
    ]);
    expect(diffOf(editOf(result, 'argocd/orders.yaml'))).toBe(
      lines(
        '--- argocd/orders.yaml',
        '+++ argocd/orders.yaml',
        '@@ -19,1 +19,8 @@',
        '     - CreateNamespace=true',
        '+    - RespectIgnoreDifferences=true',
        '+  ignoreDifferences:',
        '+  - group: apps',
        '+    kind: Deployment',
        '+    name: orders',
        '+    jsonPointers:',
        '+    - /spec/replicas',
      ),
    );
    expect(result.notes).toEqual([
      "Argo CD Application orders-production (argocd/orders.yaml) deploys this folder, so it now ignores differences in spec.replicas of Deployment orders and syncs with RespectIgnoreDifferences=true: KEDA's HPA owns the replica count and Argo CD would otherwise reset it on every sync. The Deployment orders itself was left unchanged.",
    ]);
    expect(rerun(input, result)).toEqual([]);
  });

  it('merges into existing ignoreDifferences of a multi-source Application', () => {
    const app = lines(
      'apiVersion: argoproj.io/v1alpha1',
      'kind: Application',
      'metadata: {name: orders}',
      'spec:',
      '  sources:',
      '    - repoURL: https://github.com/acme/charts',
      '      path: charts/common',
      '    - repoURL: https://github.com/acme/gitops',
      '      path: apps/orders',
      '  ignoreDifferences:',
      '    - kind: Secret',
      '      jsonPointers: [/data]',
      '  syncPolicy:',
      '    syncOptions: [RespectIgnoreDifferences=false]',
    );
    const input = layoutInput(
      'kustomize',
      {
        'apps/orders/kustomization.yaml': 'resources: [deployment.yaml]\n',
        'apps/orders/deployment.yaml': PINNED_DEPLOYMENT,
        'argocd/orders.yaml': app,
      },
      ordersIntent({
        scaleTarget: { name: 'orders', kind: 'StatefulSet' },
        triggers: CPU.triggers,
      }),
    );
    const result = runLayout(input);

    expect(editOf(result, 'argocd/orders.yaml').after).toBe(
      lines(
        'apiVersion: argoproj.io/v1alpha1',
        'kind: Application',
        'metadata: {name: orders}',
        'spec:',
        '  sources:',
        '    - repoURL: https://github.com/acme/charts',
        '      path: charts/common',
        '    - repoURL: https://github.com/acme/gitops',
        '      path: apps/orders',
        '  ignoreDifferences:',
        '    - kind: Secret',
        '      jsonPointers: [/data]',
        '    - group: apps',
        '      kind: StatefulSet',
        '      name: orders',
        '      jsonPointers:',
        '        - /spec/replicas',
        '  syncPolicy:',
        '    syncOptions: [RespectIgnoreDifferences=true]',
      ),
    );
    // The Deployment is not the scale target (a StatefulSet is), and is not found.
    expect(result.edits.map(e => e.path)).not.toContain(
      'apps/orders/deployment.yaml',
    );
    expect(rerun(input, result)).toEqual([]);
  });

  it('leaves an Application alone when the Deployment does not pin replicas', () => {
    const input = layoutInput(
      'plain',
      {
        'apps/orders/deployment.yaml': PINNED_DEPLOYMENT.replace(
          '  replicas: 3\n',
          '',
        ),
        'argocd/orders.yaml': APPLICATION,
      },
      CPU,
    );
    const result = runLayout(input);
    expect(result.edits.map(e => e.path)).toEqual([
      'apps/orders/scaledobject.yaml',
    ]);
    expect(result.notes).toEqual([]);
  });

  it('ignores Applications of another repository or another folder', () => {
    const input = layoutInput(
      'plain',
      {
        'apps/orders/deployment.yaml': PINNED_DEPLOYMENT,
        'argocd/orders.yaml': APPLICATION.replace('acme/gitops', 'acme/legacy'),
        'argocd/nested.yaml': APPLICATION.replace(
          'apps/orders/',
          'apps/orders/base',
        ),
      },
      CPU,
    );
    const result = runLayout(input);
    expect(result.edits.map(e => e.path)).toEqual([
      'apps/orders/scaledobject.yaml',
      'apps/orders/deployment.yaml',
    ]);
  });

  it('adds ignoreDifferences when the Deployment lives outside the folder', () => {
    const input = layoutInput(
      'plain',
      { 'argocd/orders.yaml': APPLICATION },
      CPU,
    );
    const result = runLayout(input);
    expect(result.edits.map(e => e.path)).toEqual([
      'apps/orders/scaledobject.yaml',
      'argocd/orders.yaml',
    ]);
  });

  it('removes the pin from every matching workload document, even in patches', () => {
    const patch = lines(
      '# production runs more pods',
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: orders',
      'spec:',
      '  replicas: 5',
    );
    const input = layoutInput(
      'plain',
      {
        'apps/orders/base/deployment.yaml': PINNED_DEPLOYMENT,
        'apps/orders/replicas-patch.yaml': patch,
      },
      CPU,
    );
    const result = runLayout(input);
    expect(editOf(result, 'apps/orders/replicas-patch.yaml').after).toBe(
      lines(
        '# production runs more pods',
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata:',
        '  name: orders',
        'spec: {}',
      ),
    );
    expect(result.notes).toHaveLength(2);
    expect(rerun(input, result)).toEqual([]);
  });

  it('has nothing to do for a ScaledJob', () => {
    const input = layoutInput(
      'plain',
      {
        'apps/orders/deployment.yaml': PINNED_DEPLOYMENT,
        'argocd/orders.yaml': APPLICATION,
      },
      ordersIntent({
        kind: 'ScaledJob',
        scaleTarget: undefined,
        jobTemplate: { containers: [{ name: 'work', image: 'orders:1' }] },
      }),
    );
    const result = runLayout(input);
    expect(result.edits.map(e => e.path)).toEqual([
      'apps/orders/scaledjob.yaml',
      'apps/orders/triggerauthentication.yaml',
    ]);
    expect(result.notes).toEqual([]);
  });
});
