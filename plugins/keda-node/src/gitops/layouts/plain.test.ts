import type { ScalingIntent } from '@keda-portal/plugin-keda-common';
import {
  diffOf,
  editOf,
  layoutInput,
  lines,
  ordersIntent,
  rerun,
  runLayout,
} from './__testUtils__/layoutTesting';

/** Written by hand: odd indentation, quotes, comments, a flow map, a trailing comment. */
const EXISTING = lines(
  '# autoscaling of orders',
  'apiVersion: keda.sh/v1alpha1',
  'kind: ScaledObject',
  'metadata:',
  '    name: orders',
  '    namespace: shop',
  '    labels:',
  '        backstage.io/kubernetes-id: orders',
  '        team: payments',
  '    annotations:',
  "        autoscaling.keda.sh/paused: 'true'",
  'spec:',
  '    scaleTargetRef:',
  '        name: orders',
  '    minReplicaCount: 1',
  '',
  '    maxReplicaCount: 10   # budget',
  '    triggers:',
  '        # lag of the orders topic',
  '        - type: kafka',
  '          metadata:',
  '              bootstrapServers: kafka:9092',
  '              consumerGroup: orders',
  '              topic: orders',
  "              lagThreshold: '50'",
  '          authenticationRef:',
  '              name: orders-kafka-auth',
  '        # office hours',
  '        - type: cron',
  '          metadata: {timezone: Europe/Berlin, start: 0 8 * * *, end: 0 20 * * *, desiredReplicas: "3"}',
  '# keep in sync with the dashboards',
);

const KAFKA = ordersIntent().triggers[0];
const CRON = {
  type: 'cron',
  metadata: {
    timezone: 'Europe/Berlin',
    start: '0 8 * * *',
    end: '0 20 * * *',
    desiredReplicas: 3,
  },
};

function run(intent: ScalingIntent, files: Record<string, string>) {
  const input = layoutInput('plain', files, intent);
  const result = runLayout(input);
  expect(rerun(input, result)).toEqual([]);
  return result;
}

describe('plain layout', () => {
  it('writes new files next to the workload and removes its replica pin', () => {
    const result = run(ordersIntent(), {
      'apps/orders/deployment.yaml': lines(
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: {name: orders, namespace: shop}',
        'spec:',
        '  replicas: 1',
      ),
      'apps/orders/README.md': '# not yaml: [\n',
    });
    expect(result.edits.map(e => [e.path, e.reason])).toEqual([
      ['apps/orders/scaledobject.yaml', 'Adds ScaledObject orders.'],
      [
        'apps/orders/triggerauthentication.yaml',
        'Adds TriggerAuthentication orders-kafka-auth.',
      ],
      [
        'apps/orders/deployment.yaml',
        'Removes spec.replicas from Deployment orders, which KEDA now scales.',
      ],
    ]);
    expect(editOf(result, 'apps/orders/deployment.yaml').after).toBe(
      lines(
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: {name: orders, namespace: shop}',
        'spec: {}',
      ),
    );
  });

  it('changes only the values that differ', () => {
    const result = run(
      ordersIntent({
        maxReplicaCount: 20,
        triggers: [
          { ...KAFKA, metadata: { ...KAFKA.metadata, lagThreshold: 100 } },
          { ...CRON, metadata: { ...CRON.metadata, end: '0 22 * * *' } },
        ],
      }),
      { 'apps/orders/scaledobject.yaml': EXISTING },
    );
    // The pause annotation goes with the pause; the team label stays.
    expect(diffOf(editOf(result, 'apps/orders/scaledobject.yaml'))).toBe(
      lines(
        '--- apps/orders/scaledobject.yaml',
        '+++ apps/orders/scaledobject.yaml',
        '@@ -9,4 +9,2 @@',
        '         team: payments',
        '-    annotations:',
        "-        autoscaling.keda.sh/paused: 'true'",
        ' spec:',
        '@@ -16,3 +14,3 @@',
        ' ',
        '-    maxReplicaCount: 10   # budget',
        '+    maxReplicaCount: 20   # budget',
        '     triggers:',
        '@@ -24,3 +22,3 @@',
        '               topic: orders',
        "-              lagThreshold: '50'",
        "+              lagThreshold: '100'",
        '           authenticationRef:',
        '@@ -29,3 +27,3 @@',
        '         - type: cron',
        '-          metadata: {timezone: Europe/Berlin, start: 0 8 * * *, end: 0 20 * * *, desiredReplicas: "3"}',
        '+          metadata: {timezone: Europe/Berlin, start: 0 8 * * *, end: 0 22 * * *, desiredReplicas: "3"}',
        ' # keep in sync with the dashboards',
      ),
    );
    expect(editOf(result, 'apps/orders/scaledobject.yaml').reason).toBe(
      'Updates ScaledObject orders in place.',
    );
  });

  it('removes a trigger at the end', () => {
    const result = run(ordersIntent({ pause: { paused: true } }), {
      'apps/orders/scaledobject.yaml': EXISTING,
    });
    expect(diffOf(editOf(result, 'apps/orders/scaledobject.yaml'))).toBe(
      lines(
        '--- apps/orders/scaledobject.yaml',
        '+++ apps/orders/scaledobject.yaml',
        '@@ -27,5 +27,2 @@',
        '               name: orders-kafka-auth',
        '-        # office hours',
        '-        - type: cron',
        '-          metadata: {timezone: Europe/Berlin, start: 0 8 * * *, end: 0 20 * * *, desiredReplicas: "3"}',
        ' # keep in sync with the dashboards',
      ),
    );
  });

  it('adds a trigger at the end and new keys where the manifest has them', () => {
    const result = run(
      ordersIntent({
        pause: { paused: true },
        pollingInterval: 15,
        fallback: { failureThreshold: 3, replicas: 2 },
        triggers: [
          KAFKA,
          CRON,
          { type: 'cpu', metricType: 'Utilization', metadata: { value: 70 } },
        ],
      }),
      { 'apps/orders/scaledobject.yaml': EXISTING },
    );
    expect(diffOf(editOf(result, 'apps/orders/scaledobject.yaml'))).toBe(
      lines(
        '--- apps/orders/scaledobject.yaml',
        '+++ apps/orders/scaledobject.yaml',
        '@@ -14,2 +14,3 @@',
        '         name: orders',
        '+    pollingInterval: 15',
        '     minReplicaCount: 1',
        '@@ -17,2 +18,5 @@',
        '     maxReplicaCount: 10   # budget',
        '+    fallback:',
        '+        failureThreshold: 3',
        '+        replicas: 2',
        '     triggers:',
        '@@ -30,2 +34,6 @@',
        '           metadata: {timezone: Europe/Berlin, start: 0 8 * * *, end: 0 20 * * *, desiredReplicas: "3"}',
        '+        - type: cpu',
        '+          metricType: Utilization',
        '+          metadata:',
        "+              value: '70'",
        ' # keep in sync with the dashboards',
      ),
    );
  });

  it('updates an existing TriggerAuthentication in place and adds a missing one', () => {
    const auth = lines(
      'apiVersion: keda.sh/v1alpha1',
      'kind: TriggerAuthentication',
      'metadata:',
      '  name: orders-kafka-auth',
      '  namespace: shop',
      '  labels: {backstage.io/kubernetes-id: orders}',
      'spec:',
      '  secretTargetRef:',
      '  - {parameter: sasl, name: kafka-creds, key: sasl}',
      '  - {parameter: tls, name: kafka-creds, key: tls}',
      '---',
      'apiVersion: keda.sh/v1alpha1',
      'kind: TriggerAuthentication',
      'metadata:',
      '  name: orders-old-auth',
      '  labels: {backstage.io/kubernetes-id: orders}',
      'spec:',
      '  podIdentity: {provider: azure-workload}',
    );
    const intent = ordersIntent({
      triggers: [
        KAFKA,
        {
          type: 'aws-sqs-queue',
          name: 'sqs',
          metadata: { queueURL: 'https://sqs/q', awsRegion: 'eu-west-1' },
          authentication: { podIdentity: { provider: 'aws' } },
        },
      ],
    });
    const result = run(intent, {
      'apps/orders/keda/auth.yaml': auth,
    });
    expect(diffOf(editOf(result, 'apps/orders/keda/auth.yaml'))).toBe(
      lines(
        '--- apps/orders/keda/auth.yaml',
        '+++ apps/orders/keda/auth.yaml',
        '@@ -9,3 +9,2 @@',
        '   - {parameter: sasl, name: kafka-creds, key: sasl}',
        '-  - {parameter: tls, name: kafka-creds, key: tls}',
        ' ---',
      ),
    );
    expect(editOf(result, 'apps/orders/triggerauthentication.yaml').after).toBe(
      lines(
        'apiVersion: keda.sh/v1alpha1',
        'kind: TriggerAuthentication',
        'metadata:',
        '  name: orders-sqs-auth',
        '  namespace: shop',
        '  labels:',
        '    backstage.io/kubernetes-id: orders',
        'spec:',
        '  podIdentity:',
        '    provider: aws',
      ),
    );
    expect(result.notes).toContain(
      'TriggerAuthentication orders-old-auth in apps/orders/keda/auth.yaml is no longer used by the new triggers; it was left in place, delete it if nothing else uses it.',
    );
  });

  it('appends a document to an existing scaledobject.yaml that holds another object', () => {
    const other = lines(
      'apiVersion: keda.sh/v1alpha1',
      'kind: ScaledObject',
      'metadata: {name: billing}',
      'spec: {scaleTargetRef: {name: billing}, triggers: []}',
    );
    const result = run(
      ordersIntent({
        triggers: [
          { type: 'cpu', metricType: 'Utilization', metadata: { value: 60 } },
        ],
      }),
      { 'apps/orders/scaledobject.yaml': other },
    );
    const edit = editOf(result, 'apps/orders/scaledobject.yaml');
    expect(
      edit.after.startsWith(`${other}---\napiVersion: keda.sh/v1alpha1\n`),
    ).toBe(true);
  });

  it('writes and updates a ScaledJob', () => {
    const job = (image: string): ScalingIntent =>
      ordersIntent({
        kind: 'ScaledJob',
        name: 'orders-import',
        scaleTarget: undefined,
        jobTemplate: {
          containers: [{ name: 'import', image, args: ['--batch', '50'] }],
          backoffLimit: 2,
        },
        triggers: [
          {
            type: 'rabbitmq',
            metadata: { queueName: 'imports', mode: 'QueueLength', value: 5 },
            authentication: { name: 'rabbit-auth' },
          },
        ],
      });
    const first = run(job('importer:1'), {});
    expect(first.edits.map(e => e.path)).toEqual([
      'apps/orders/scaledjob.yaml',
    ]);
    const text = first.edits[0].after;
    expect(text).toBe(
      lines(
        'apiVersion: keda.sh/v1alpha1',
        'kind: ScaledJob',
        'metadata:',
        '  name: orders-import',
        '  namespace: shop',
        '  labels:',
        '    backstage.io/kubernetes-id: orders',
        'spec:',
        '  jobTargetRef:',
        '    backoffLimit: 2',
        '    template:',
        '      spec:',
        '        containers:',
        '          - name: import',
        '            image: importer:1',
        '            args:',
        '              - --batch',
        "              - '50'",
        '        restartPolicy: Never',
        '  minReplicaCount: 1',
        '  maxReplicaCount: 10',
        '  triggers:',
        '    - type: rabbitmq',
        '      metadata:',
        '        queueName: imports',
        '        mode: QueueLength',
        "        value: '5'",
        '      authenticationRef:',
        '        name: rabbit-auth',
      ),
    );
    const second = run(job('importer:2'), {
      'apps/orders/scaledjob.yaml': text,
    });
    expect(diffOf(second.edits[0])).toBe(
      lines(
        '--- apps/orders/scaledjob.yaml',
        '+++ apps/orders/scaledjob.yaml',
        '@@ -14,3 +14,3 @@',
        '           - name: import',
        '-            image: importer:1',
        '+            image: importer:2',
        '             args:',
      ),
    );
    expect(second.notes).toEqual([]);
  });

  it('names the file when an edit target is not valid YAML', () => {
    const input = layoutInput(
      'plain',
      { 'apps/orders/scaledobject.yaml': 'kind: [\n' },
      ordersIntent(),
    );
    expect(() => runLayout(input)).toThrow(
      /^apps\/orders\/scaledobject\.yaml is not valid YAML/,
    );
  });
});
