import {
  buildManifests,
  intentFromManifests,
  type ScalingIntent,
} from '@keda-portal/plugin-keda-common';
import {
  diffOf,
  layoutInput,
  lines,
  ordersIntent,
  rerun,
  runLayout,
} from './__testUtils__/layoutTesting';
import { kedaValues, manifestsFromHelmValues } from './helmValues';

const VALUES = lines(
  '# Default values for orders.',
  'replicaCount: 2',
  '',
  'image:',
  '    repository: "registry.example.com/orders"',
  '    tag: 1.4.2   # bumped by CI',
  '',
  'autoscaling: {enabled: false}',
  '# keep this last',
);

function run(
  intent: ScalingIntent,
  files: Record<string, string>,
  valuesFile?: string,
) {
  const input = layoutInput('helm-values', files, intent, { valuesFile });
  const result = runLayout(input);
  expect(rerun(input, result)).toEqual([]);
  return result;
}

describe('helm-values layout', () => {
  it('appends a keda block at the end of the values file, in its indentation', () => {
    const result = run(ordersIntent(), {
      'apps/orders/values.yaml': VALUES,
      // The chart's Deployment is not looked at.
      'apps/orders/templates/deployment.yaml':
        'kind: Deployment\nmetadata: {name: orders}\nspec: {replicas: {{ .Values.replicaCount }}}\n',
    });
    expect(result.edits).toHaveLength(1);
    expect(diffOf(result.edits[0])).toBe(
      lines(
        '--- apps/orders/values.yaml',
        '+++ apps/orders/values.yaml',
        '@@ -9,1 +9,27 @@',
        ' # keep this last',
        '+',
        '+# KEDA autoscaling, edited by KEDA Portal: the chart renders the ScaledObject from this block.',
        '+keda:',
        '+    enabled: true',
        '+    name: orders',
        '+    labels:',
        '+        backstage.io/kubernetes-id: orders',
        '+    scaleTargetRef:',
        '+        name: orders',
        '+    minReplicaCount: 1',
        '+    maxReplicaCount: 10',
        '+    triggers:',
        '+        - type: kafka',
        '+          metadata:',
        '+              bootstrapServers: kafka:9092',
        '+              consumerGroup: orders',
        '+              topic: orders',
        "+              lagThreshold: '50'",
        '+          authenticationRef:',
        '+              name: orders-kafka-auth',
        '+    triggerAuthentications:',
        '+        - name: orders-kafka-auth',
        '+          secretTargetRef:',
        '+              - parameter: sasl',
        '+                name: kafka-creds',
        '+                key: sasl',
      ),
    );
    expect(result.edits[0].reason).toBe(
      'Adds a keda block for ScaledObject orders.',
    );
    expect(result.notes).toEqual([
      'Added a keda block to apps/orders/values.yaml. The chart must render the ScaledObject and its TriggerAuthentications from .Values.keda when keda.enabled is true; a chart without such a template ignores the block.',
    ]);
  });

  it('edits an existing block key by key and keeps what is not ours', () => {
    const values = lines(
      'replicaCount: 2',
      'keda:',
      '  enabled: false   # switched on by the portal',
      '  name: orders',
      '  labels: {backstage.io/kubernetes-id: orders}',
      '  scaleTargetRef: {name: orders}',
      '  minReplicaCount: 1',
      '  maxReplicaCount: 10',
      '  fallback:',
      '    failureThreshold: 3',
      '    replicas: 2',
      '  triggers:',
      '  # the main queue',
      '  - type: kafka',
      '    metadata:',
      '      bootstrapServers: kafka:9092',
      '      consumerGroup: orders',
      '      topic: orders',
      "      lagThreshold: '50'",
      '    authenticationRef:',
      '      name: orders-kafka-auth',
      '  triggerAuthentications:',
      '  - name: orders-kafka-auth',
      '    secretTargetRef: [{parameter: sasl, name: kafka-creds, key: sasl}]',
      '  extraLabels: {tier: backend}   # the chart adds these',
      'service:',
      '  port: 8080',
    );
    const kafka = ordersIntent().triggers[0];
    const result = run(
      ordersIntent({
        maxReplicaCount: 20,
        pollingInterval: 10,
        triggers: [
          { ...kafka, metadata: { ...kafka.metadata, lagThreshold: 100 } },
          { type: 'cpu', metricType: 'Utilization', metadata: { value: 70 } },
        ],
      }),
      { 'apps/orders/values.yaml': values },
    );
    expect(diffOf(result.edits[0])).toBe(
      lines(
        '--- apps/orders/values.yaml',
        '+++ apps/orders/values.yaml',
        '@@ -2,3 +2,3 @@',
        ' keda:',
        '-  enabled: false   # switched on by the portal',
        '+  enabled: true   # switched on by the portal',
        '   name: orders',
        '@@ -7,6 +7,4 @@',
        '   minReplicaCount: 1',
        '-  maxReplicaCount: 10',
        '-  fallback:',
        '-    failureThreshold: 3',
        '-    replicas: 2',
        '+  maxReplicaCount: 20',
        '+  pollingInterval: 10',
        '   triggers:',
        '@@ -18,5 +16,9 @@',
        '       topic: orders',
        "-      lagThreshold: '50'",
        "+      lagThreshold: '100'",
        '     authenticationRef:',
        '       name: orders-kafka-auth',
        '+  - type: cpu',
        '+    metricType: Utilization',
        '+    metadata:',
        "+      value: '70'",
        '   triggerAuthentications:',
      ),
    );
    expect(result.edits[0].reason).toBe(
      'Updates the keda block for ScaledObject orders.',
    );
    expect(result.notes).toEqual([]);
  });

  it('creates a missing values file and writes a ScaledJob block', () => {
    const intent = ordersIntent({
      kind: 'ScaledJob',
      scaleTarget: undefined,
      jobTemplate: { containers: [{ name: 'work', image: 'orders:1' }] },
      pause: { paused: true },
      triggers: [
        {
          type: 'cron',
          metadata: {
            timezone: 'UTC',
            start: '0 1 * * *',
            end: '0 2 * * *',
            desiredReplicas: 1,
          },
        },
      ],
    });
    const result = run(intent, {}, 'values-production.yaml');
    expect(result.edits).toEqual([
      {
        path: 'apps/orders/values-production.yaml',
        after: lines(
          '# KEDA autoscaling, edited by KEDA Portal: the chart renders the ScaledJob from this block.',
          'keda:',
          '  enabled: true',
          '  kind: ScaledJob',
          '  name: orders',
          '  labels:',
          '    backstage.io/kubernetes-id: orders',
          '  annotations:',
          "    autoscaling.keda.sh/paused: 'true'",
          '  minReplicaCount: 1',
          '  maxReplicaCount: 10',
          '  jobTargetRef:',
          '    template:',
          '      spec:',
          '        containers:',
          '          - name: work',
          '            image: orders:1',
          '        restartPolicy: Never',
          '  triggers:',
          '    - type: cron',
          '      metadata:',
          '        timezone: UTC',
          '        start: 0 1 * * *',
          '        end: 0 2 * * *',
          "        desiredReplicas: '1'",
          '  triggerAuthentications: []',
        ),
        reason: 'Adds a keda block for ScaledJob orders.',
      },
    ]);
    expect(result.notes).toEqual([
      'Created apps/orders/values-production.yaml with a keda block. The chart must render the ScaledJob from .Values.keda when keda.enabled is true; a chart without such a template ignores the block.',
    ]);
  });

  it('turns an empty flow map into a block and keeps a comment-only file', () => {
    const cpu = ordersIntent({
      triggers: [
        { type: 'cpu', metricType: 'Utilization', metadata: { value: 60 } },
      ],
    });
    const flow = run(cpu, { 'apps/orders/values.yaml': '{}  # nothing yet\n' });
    expect(flow.edits[0].after).toBe(
      lines(
        '# nothing yet',
        'keda:',
        '  enabled: true',
        '  name: orders',
        '  labels:',
        '    backstage.io/kubernetes-id: orders',
        '  scaleTargetRef:',
        '    name: orders',
        '  minReplicaCount: 1',
        '  maxReplicaCount: 10',
        '  triggers:',
        '    - type: cpu',
        '      metricType: Utilization',
        '      metadata:',
        "        value: '60'",
        '  triggerAuthentications: []',
      ),
    );
    const windows = run(cpu, {
      'apps/orders/values.yaml': 'image:\r\n  tag: v1\r\n',
    });
    expect(windows.edits[0].after).toMatch(
      /^image:\r\n {2}tag: v1\r\n\r\n# KEDA autoscaling.*\r\nkeda:\r\n {2}enabled: true\r\n/,
    );
    expect(windows.edits[0].after.replace(/\r\n/g, '')).not.toContain('\n');
    const comments = run(cpu, { 'apps/orders/values.yaml': '# no values' });
    expect(
      comments.edits[0].after.startsWith('# no values\n\n# KEDA autoscaling'),
    ).toBe(true);
  });

  it('edits a ScaledObject manifest the chart already has instead of adding a block', () => {
    const existing = lines(
      'apiVersion: keda.sh/v1alpha1',
      'kind: ScaledObject',
      'metadata:',
      '  name: orders',
      '  namespace: shop',
      '  labels: {backstage.io/kubernetes-id: orders}',
      'spec:',
      '  scaleTargetRef: {name: orders}',
      '  minReplicaCount: 1',
      '  maxReplicaCount: 10',
      '  triggers: []',
    );
    const result = run(ordersIntent(), {
      'apps/orders/values.yaml': VALUES,
      'apps/orders/templates/keda.yaml': existing,
      'apps/orders/templates/broken.yaml':
        '{{- if .Values.x }}\nkind: [\n{{- end }}\n',
    });
    expect(result.edits.map(e => e.path)).toEqual([
      'apps/orders/templates/keda.yaml',
      'apps/orders/templates/triggerauthentication.yaml',
    ]);
    expect(result.notes).toEqual([
      "Warning: ScaledObject orders exists as a plain manifest in apps/orders/templates/keda.yaml, so this change edits that file and not the chart's values (apps/orders/values.yaml has no keda block). To manage it through the chart instead, delete apps/orders/templates/keda.yaml and propose again.",
    ]);
    expect(diffOf(result.edits[0])).toBe(
      lines(
        '--- apps/orders/templates/keda.yaml',
        '+++ apps/orders/templates/keda.yaml',
        '@@ -10,2 +10,10 @@',
        '   maxReplicaCount: 10',
        '-  triggers: []',
        '+  triggers:',
        '+    - type: kafka',
        '+      metadata:',
        '+        bootstrapServers: kafka:9092',
        '+        consumerGroup: orders',
        '+        topic: orders',
        "+        lagThreshold: '50'",
        '+      authenticationRef:',
        '+        name: orders-kafka-auth',
      ),
    );
  });

  it('derives the block from the manifests', () => {
    const block = kedaValues(
      buildManifests(
        ordersIntent({
          idleReplicaCount: 0,
          cooldownPeriod: 300,
          hpa: { scaleDown: { stabilizationWindowSeconds: 60 } },
        }),
      ),
    );
    expect(Object.keys(block)).toEqual([
      'enabled',
      'name',
      'labels',
      'scaleTargetRef',
      'minReplicaCount',
      'maxReplicaCount',
      'idleReplicaCount',
      'cooldownPeriod',
      'advanced',
      'triggers',
      'triggerAuthentications',
    ]);
    expect(block.advanced).toEqual({
      horizontalPodAutoscalerConfig: {
        behavior: { scaleDown: { stabilizationWindowSeconds: 60 } },
      },
    });
  });

  it('resolves the values file path and keeps it inside the folder', () => {
    const result = run(ordersIntent(), {}, './env/../env/values.yaml');
    expect(result.edits.map(e => e.path)).toEqual([
      'apps/orders/env/values.yaml',
    ]);
    const input = layoutInput('helm-values', {}, ordersIntent(), {
      valuesFile: '../shared/values.yaml',
    });
    expect(() => runLayout(input)).toThrow(
      "The values file apps/shared/values.yaml is outside the folder apps/orders; set valuesFile to a path inside it, or point the target at the chart's folder.",
    );
  });

  it('refuses a values file that is not a map', () => {
    const input = layoutInput(
      'helm-values',
      { 'apps/orders/values.yaml': '- a\n- b\n' },
      ordersIntent(),
    );
    expect(() => runLayout(input)).toThrow(
      'apps/orders/values.yaml is not a map of values',
    );
  });
});

describe('manifestsFromHelmValues', () => {
  const job: ScalingIntent = {
    kind: 'ScaledJob',
    name: 'nightly-report',
    namespace: 'shop',
    kubernetesId: 'reports',
    jobTemplate: {
      containers: [{ name: 'report', image: 'ghcr.io/example/report:1.2.0' }],
      restartPolicy: 'OnFailure',
      backoffLimit: 2,
    },
    scalingStrategy: { strategy: 'accurate' },
    successfulJobsHistoryLimit: 3,
    triggers: [
      {
        type: 'cron',
        metadata: {
          timezone: 'Europe/Amsterdam',
          start: '0 2 * * *',
          end: '0 3 * * *',
          desiredReplicas: '1',
        },
      },
    ],
    pause: { paused: true },
  };

  it('reads back the keda block the helm-values layout writes', () => {
    const scaledObject = ordersIntent({
      fallback: { failureThreshold: 3, replicas: 6 },
      hpa: { scaleDown: { stabilizationWindowSeconds: 300 } },
      pause: { replicas: 2 },
    });
    for (const intent of [scaledObject, job]) {
      const manifests = buildManifests(intent);
      const values = { replicaCount: 2, keda: kedaValues(manifests) };
      const read = intentFromManifests(
        manifestsFromHelmValues(values),
        intent.name,
        { namespace: intent.namespace },
      );
      expect(read && buildManifests(read)).toEqual(manifests);
    }
  });

  it('has nothing for a disabled or missing block', () => {
    expect(manifestsFromHelmValues({})).toEqual([]);
    expect(manifestsFromHelmValues(undefined)).toEqual([]);
    expect(
      manifestsFromHelmValues({ keda: { enabled: false, name: 'x' } }),
    ).toEqual([]);
  });
});
