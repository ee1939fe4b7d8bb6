import {
  applyEdits,
  diffOf,
  editOf,
  layoutInput,
  lines,
  ordersIntent,
  rerun,
  runLayout,
} from './__testUtils__/layoutTesting';

const KUSTOMIZATION = lines(
  '# Production overlay of orders',
  'apiVersion: kustomize.config.k8s.io/v1beta1',
  'kind: Kustomization',
  '',
  'namespace: shop   # everything lands here',
  'resources:',
  '  - deployment.yaml',
  '  - "service.yaml"    # quoted on purpose',
  '',
  'images: [{name: orders, newTag: "1.4.2"}]',
  '# the end',
);

const DEPLOYMENT = lines(
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: orders',
  '# the pods',
  'spec:',
  '  replicas: 2   # until KEDA takes over',
  '  selector:',
  '    matchLabels: {app: orders}',
  '  template:',
  '    metadata:',
  '      labels: {app: orders}',
  '    spec:',
  '      containers:',
  '        - name: orders',
  '          image: "registry.example.com/orders:1.4.2"',
);

const SCALED_OBJECT = lines(
  'apiVersion: keda.sh/v1alpha1',
  'kind: ScaledObject',
  'metadata:',
  '  name: orders',
  '  namespace: shop',
  '  labels:',
  '    backstage.io/kubernetes-id: orders',
  'spec:',
  '  scaleTargetRef:',
  '    name: orders',
  '  minReplicaCount: 1',
  '  maxReplicaCount: 10',
  '  triggers:',
  '    - type: kafka',
  '      metadata:',
  '        bootstrapServers: kafka:9092',
  '        consumerGroup: orders',
  '        topic: orders',
  "        lagThreshold: '50'",
  '      authenticationRef:',
  '        name: orders-kafka-auth',
);

const TRIGGER_AUTHENTICATION = lines(
  'apiVersion: keda.sh/v1alpha1',
  'kind: TriggerAuthentication',
  'metadata:',
  '  name: orders-kafka-auth',
  '  namespace: shop',
  '  labels:',
  '    backstage.io/kubernetes-id: orders',
  'spec:',
  '  secretTargetRef:',
  '    - parameter: sasl',
  '      name: kafka-creds',
  '      key: sasl',
);

describe('kustomize layout', () => {
  it('adds new files, lists each once under resources and unpins the replicas', () => {
    const input = layoutInput(
      'kustomize',
      {
        'apps/orders/kustomization.yaml': KUSTOMIZATION,
        'apps/orders/deployment.yaml': DEPLOYMENT,
        'apps/orders/service.yaml': 'kind: Service\nmetadata: {name: orders}\n',
      },
      ordersIntent(),
    );
    const result = runLayout(input);

    expect(result.edits.map(e => [e.path, e.before === undefined])).toEqual([
      ['apps/orders/scaledobject.yaml', true],
      ['apps/orders/triggerauthentication.yaml', true],
      ['apps/orders/kustomization.yaml', false],
      ['apps/orders/deployment.yaml', false],
    ]);
    expect(editOf(result, 'apps/orders/scaledobject.yaml').after).toBe(
      SCALED_OBJECT,
    );
    expect(editOf(result, 'apps/orders/triggerauthentication.yaml').after).toBe(
      TRIGGER_AUTHENTICATION,
    );
    expect(diffOf(editOf(result, 'apps/orders/kustomization.yaml'))).toBe(
      lines(
        '--- apps/orders/kustomization.yaml',
        '+++ apps/orders/kustomization.yaml',
        '@@ -8,2 +8,4 @@',
        '   - "service.yaml"    # quoted on purpose',
        '+  - scaledobject.yaml',
        '+  - triggerauthentication.yaml',
        ' ',
      ),
    );
    expect(diffOf(editOf(result, 'apps/orders/deployment.yaml'))).toBe(
      lines(
        '--- apps/orders/deployment.yaml',
        '+++ apps/orders/deployment.yaml',
        '@@ -6,3 +6,2 @@',
        ' spec:',
        '-  replicas: 2   # until KEDA takes over',
        '   selector:',
      ),
    );
    expect(result.notes).toEqual([
      expect.stringMatching(
        /^Removed spec\.replicas from Deployment orders in apps\/orders\/deployment\.yaml: .*HPA owns the replica count.*every sync\.$/,
      ),
    ]);
    expect(editOf(result, 'apps/orders/kustomization.yaml').reason).toBe(
      'Lists scaledobject.yaml and triggerauthentication.yaml under resources.',
    );
    expect(rerun(input, result)).toEqual([]);
  });

  it('follows an unindented resources list in kustomization.yml', () => {
    const input = layoutInput(
      'kustomize',
      {
        'apps/orders/kustomization.yml': lines(
          'resources:',
          '- ../../base',
          '- ./scaledobject.yaml',
          'namePrefix: prod-',
        ),
        'apps/orders/scaledobject.yaml': SCALED_OBJECT,
      },
      ordersIntent(),
    );
    const result = runLayout(input);

    // The scaled object is already there and listed (as ./scaledobject.yaml).
    expect(result.edits.map(e => e.path)).toEqual([
      'apps/orders/triggerauthentication.yaml',
      'apps/orders/kustomization.yml',
    ]);
    expect(diffOf(editOf(result, 'apps/orders/kustomization.yml'))).toBe(
      lines(
        '--- apps/orders/kustomization.yml',
        '+++ apps/orders/kustomization.yml',
        '@@ -3,2 +3,3 @@',
        ' - ./scaledobject.yaml',
        '+- triggerauthentication.yaml',
        ' namePrefix: prod-',
      ),
    );
    expect(result.notes).toEqual([
      "Deployment orders was not found under apps/orders or base. If its manifest sets spec.replicas, remove that line (or have your GitOps tool ignore it): KEDA's HPA owns the replica count.",
    ]);
    expect(rerun(input, result)).toEqual([]);
  });

  it('appends to a flow resources list and adds resources when there is none', () => {
    const flow = runLayout(
      layoutInput(
        'kustomize',
        {
          'apps/orders/Kustomization': 'resources: [deployment.yaml]  # all\n',
        },
        ordersIntent({
          triggers: [
            { type: 'cpu', metricType: 'Utilization', metadata: { value: 60 } },
          ],
        }),
      ),
    );
    expect(editOf(flow, 'apps/orders/Kustomization').after).toBe(
      'resources: [deployment.yaml, scaledobject.yaml]  # all\n',
    );

    const none = runLayout(
      layoutInput(
        'kustomize',
        { 'apps/orders/kustomization.yaml': 'kind: Kustomization\n' },
        ordersIntent({
          triggers: [
            { type: 'cpu', metricType: 'Utilization', metadata: { value: 60 } },
          ],
        }),
      ),
    );
    expect(editOf(none, 'apps/orders/kustomization.yaml').after).toBe(
      lines('kind: Kustomization', 'resources:', '  - scaledobject.yaml'),
    );
  });

  it('edits an existing ScaledObject in a multi-document file in place', () => {
    const worker = lines(
      '# orders worker: the Deployment and its autoscaling live together',
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: orders',
      'spec:',
      '  selector: {matchLabels: {app: orders}}',
      '---',
      'apiVersion: keda.sh/v1alpha1',
      'kind: ScaledObject',
      'metadata:',
      '  name: orders',
      '  labels:',
      '    backstage.io/kubernetes-id: orders',
      "    team: payments        # ours, not the portal's",
      'spec:',
      '  scaleTargetRef: {name: orders}',
      '  minReplicaCount: 0   # scale to zero at night',
      '  maxReplicaCount: 5',
      '  triggers:',
      '    # queue depth',
      '    - type: kafka',
      '      metadata:',
      '        bootstrapServers: kafka:9092',
      '        consumerGroup: orders',
      '        topic: orders',
      '        lagThreshold: "20"',
      '      authenticationRef: {name: orders-kafka-auth}',
      '---',
      'kind: Service',
      'metadata: {name: orders}',
    );
    const input = layoutInput(
      'kustomize',
      {
        'apps/orders/kustomization.yaml': lines(
          'resources:',
          '- worker.yaml',
          '- auth.yaml',
        ),
        'apps/orders/worker.yaml': worker,
        'apps/orders/auth.yaml': TRIGGER_AUTHENTICATION,
      },
      ordersIntent(),
    );
    const result = runLayout(input);

    expect(result.edits.map(e => e.path)).toEqual(['apps/orders/worker.yaml']);
    expect(diffOf(result.edits[0])).toBe(
      lines(
        '--- apps/orders/worker.yaml',
        '+++ apps/orders/worker.yaml',
        // No namespace: the object had none (issue 20, item 4).
        '@@ -17,4 +17,4 @@',
        '   scaleTargetRef: {name: orders}',
        '-  minReplicaCount: 0   # scale to zero at night',
        '-  maxReplicaCount: 5',
        '+  minReplicaCount: 1   # scale to zero at night',
        '+  maxReplicaCount: 10',
        '   triggers:',
        '@@ -26,3 +26,3 @@',
        '         topic: orders',
        '-        lagThreshold: "20"',
        '+        lagThreshold: "50"',
        '       authenticationRef: {name: orders-kafka-auth}',
      ),
    );
    expect(result.edits[0].reason).toBe(
      'Updates ScaledObject orders in place.',
    );
    expect(result.notes).toEqual([]);
    expect(rerun(input, result)).toEqual([]);
  });

  it('does not mistake a patch for the ScaledObject', () => {
    const input = layoutInput(
      'kustomize',
      {
        'apps/orders/kustomization.yaml': lines(
          'resources: [../../base]',
          'patches:',
          '  - path: keda-patch.yaml',
        ),
        'apps/orders/keda-patch.yaml': lines(
          'apiVersion: keda.sh/v1alpha1',
          'kind: ScaledObject',
          'metadata: {name: orders}',
          'spec: {maxReplicaCount: 3}',
        ),
      },
      ordersIntent({
        triggers: [
          { type: 'cpu', metricType: 'Utilization', metadata: { value: 60 } },
        ],
      }),
    );
    const result = runLayout(input);
    expect(result.edits.map(e => e.path)).toEqual([
      'apps/orders/scaledobject.yaml',
      'apps/orders/kustomization.yaml',
    ]);
  });

  it('explains how to fix a folder without a kustomization', () => {
    const input = layoutInput(
      'kustomize',
      { 'apps/orders/deployment.yaml': DEPLOYMENT },
      ordersIntent(),
    );
    expect(() => runLayout(input)).toThrow(
      "apps/orders is not a kustomize folder: there is no kustomization.yaml in it. Add a kustomization.yaml that lists the folder's resources, or set the GitOps layout to 'plain' (or 'helm-values').",
    );
  });

  it('names the file when a kustomization is not valid YAML', () => {
    const input = layoutInput(
      'kustomize',
      { 'apps/orders/kustomization.yaml': 'resources: [a\n' },
      ordersIntent(),
    );
    expect(() => runLayout(input)).toThrow(/apps\/orders\/kustomization\.yaml/);
  });

  it('keeps the result stable when applied twice', () => {
    const input = layoutInput(
      'kustomize',
      {
        'apps/orders/kustomization.yaml': KUSTOMIZATION,
        'apps/orders/deployment.yaml': DEPLOYMENT,
      },
      ordersIntent(),
    );
    const first = runLayout(input);
    const files = applyEdits(input.files, first.edits);
    const second = runLayout({ ...input, files });
    expect(second).toEqual({ edits: [], notes: [] });
  });
});
