/**
 * GitOps folders written with hostile formatting (issue 20, item 4): every
 * edit is asserted as an exact diff, so any byte outside the intended change
 * that moves fails the test.
 */
import type { FileMap, LayoutResult } from '../types';
import {
  diffOf,
  editOf,
  layoutInput,
  lines,
  ordersIntent,
  rerun,
  runLayout,
} from './__testUtils__/layoutTesting';

const crlf = (text: string) => text.replace(/\n/g, '\r\n');

/** A ScaledObject for `orders` without metadata.namespace. */
const SCALED_OBJECT_NO_NAMESPACE = lines(
  'apiVersion: keda.sh/v1alpha1',
  'kind: ScaledObject',
  'metadata:',
  '  name: orders',
  '  labels:',
  '    backstage.io/kubernetes-id: orders',
  '    team: payments\t# owned by payments',
  '  annotations: {example.com/owner: "payments"}',
  'spec:',
  '  scaleTargetRef: {name: orders}',
  '  minReplicaCount: 0',
  '  maxReplicaCount: 5',
  '  triggers:',
  '    - type: kafka',
  '      metadata:',
  '        bootstrapServers: kafka:9092',
  '        consumerGroup: orders',
  '        topic: orders',
  '        lagThreshold: "20"',
  '      authenticationRef: {name: orders-kafka-auth}',
);

const TRIGGER_AUTHENTICATION = lines(
  'apiVersion: keda.sh/v1alpha1',
  'kind: TriggerAuthentication',
  'metadata:',
  '  name: orders-kafka-auth',
  '  labels: {backstage.io/kubernetes-id: orders}',
  'spec:',
  '  secretTargetRef: [{parameter: sasl, name: kafka-creds, key: sasl}]',
);

function run(
  layout: 'kustomize' | 'plain' | 'helm-values',
  files: FileMap,
  target: Record<string, unknown> = {},
): LayoutResult {
  const input = layoutInput(layout, files, ordersIntent(), target);
  const result = runLayout(input);
  expect(rerun(input, result)).toEqual([]);
  return result;
}

describe('layouts on hostile formatting', () => {
  it('keeps metadata.namespace absent when the object had none (kustomization namespace, tabs in comments)', () => {
    const result = run('kustomize', {
      'apps/orders/kustomization.yaml': lines(
        'namespace: shop\t\t# set for every object',
        'resources: [scaledobject.yaml, auth.yaml, deployment.yaml]',
      ),
      'apps/orders/scaledobject.yaml': SCALED_OBJECT_NO_NAMESPACE,
      'apps/orders/auth.yaml': TRIGGER_AUTHENTICATION,
      'apps/orders/deployment.yaml': lines(
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: {name: orders}',
        'spec: {template: {spec: {containers: [{name: o, image: o}]}}}',
      ),
    });
    expect(result.edits.map(e => e.path)).toEqual([
      'apps/orders/scaledobject.yaml',
    ]);
    expect(diffOf(result.edits[0])).toBe(
      lines(
        '--- apps/orders/scaledobject.yaml',
        '+++ apps/orders/scaledobject.yaml',
        '@@ -10,4 +10,4 @@',
        '   scaleTargetRef: {name: orders}',
        '-  minReplicaCount: 0',
        '-  maxReplicaCount: 5',
        '+  minReplicaCount: 1',
        '+  maxReplicaCount: 10',
        '   triggers:',
        '@@ -18,3 +18,3 @@',
        '         topic: orders',
        '-        lagThreshold: "20"',
        '+        lagThreshold: "50"',
        '       authenticationRef: {name: orders-kafka-auth}',
      ),
    );
  });

  it("refuses a change for another namespace than the kustomization's", () => {
    expect(() =>
      run('kustomize', {
        'apps/orders/kustomization.yaml': lines(
          'namespace: checkout',
          'resources: [scaledobject.yaml]',
        ),
        'apps/orders/scaledobject.yaml': SCALED_OBJECT_NO_NAMESPACE,
      }),
    ).toThrow(
      "The folder apps/orders deploys to namespace 'checkout' (namespace: in apps/orders/kustomization.yaml), but this change is for namespace 'shop'. Propose it for the workload in 'checkout', or point the entity's GitOps path at the folder that deploys to 'shop'.",
    );
  });

  it('refuses to edit an object without namespace that Argo CD deploys to another namespace', () => {
    expect(() =>
      run('plain', {
        'apps/orders/scaledobject.yaml': SCALED_OBJECT_NO_NAMESPACE,
        'argocd/orders.yaml': lines(
          'apiVersion: argoproj.io/v1alpha1',
          'kind: Application',
          'metadata: {name: orders}',
          'spec:',
          '  source: {repoURL: "https://github.com/acme/gitops.git", path: apps/orders}',
          '  destination: {server: "https://kubernetes.default.svc", namespace: checkout}',
        ),
      }),
    ).toThrow(
      "The folder apps/orders deploys to namespace 'checkout' (the destination of Argo CD Application orders in argocd/orders.yaml), but this change is for namespace 'shop'.",
    );
  });

  it('patches a replicas pin of a kustomize base out in the overlay, and drops the overlay replicas entry', () => {
    const result = run(
      'kustomize',
      {
        'apps/orders/overlays/production/kustomization.yaml': lines(
          '# production',
          'resources:',
          '  - ../../base',
          'replicas:',
          '  - {name: orders, count: 4}',
          '  - {name: audit, count: 1}',
        ),
        'apps/orders/base/kustomization.yaml': lines(
          'resources: [deployment.yaml]',
        ),
        'apps/orders/base/deployment.yaml': lines(
          'apiVersion: apps/v1',
          'kind: Deployment',
          'metadata: {name: orders}',
          'spec:',
          '  replicas: 3',
          '  template: {spec: {containers: [{name: o, image: o}]}}',
        ),
      },
      { path: 'apps/orders/overlays/production' },
    );
    const path = 'apps/orders/overlays/production/kustomization.yaml';
    expect(result.edits.map(e => e.path)).toEqual([
      'apps/orders/overlays/production/scaledobject.yaml',
      'apps/orders/overlays/production/triggerauthentication.yaml',
      path,
    ]);
    expect(diffOf(editOf(result, path))).toBe(
      lines(
        `--- ${path}`,
        `+++ ${path}`,
        '@@ -3,4 +3,11 @@',
        '   - ../../base',
        '+  - scaledobject.yaml',
        '+  - triggerauthentication.yaml',
        ' replicas:',
        '-  - {name: orders, count: 4}',
        '   - {name: audit, count: 1}',
        '+patches:',
        '+  - target:',
        '+      group: apps',
        '+      kind: Deployment',
        '+      name: orders',
        '+    patch: \'[{"op": "remove", "path": "/spec/replicas"}]\'',
      ),
    );
    expect(result.notes).toEqual([
      `Removed the replicas entry for Deployment orders from ${path}: KEDA's HPA owns the replica count.`,
      `Deployment orders pins spec.replicas in apps/orders/base/deployment.yaml, a base this overlay uses (and others may): ${path} now patches it out for this overlay, so KEDA's HPA owns the replica count here.`,
    ]);
  });

  it('shows the choice in the preview when a plain ScaledObject and a disabled keda block both exist', () => {
    const values = lines(
      'image: "{{ .Values.registry }}/orders:{{ .Chart.AppVersion }}"',
      'podAnnotations: {checksum/config: \'{{ include "orders.config" . | sha256sum }}\'}',
      'keda:',
      '  enabled: false',
    );
    const result = run('helm-values', {
      'apps/orders/values.yaml': values,
      'apps/orders/templates/scaledobject.yaml': lines(
        'apiVersion: keda.sh/v1alpha1',
        'kind: ScaledObject',
        'metadata: {name: orders, namespace: shop, labels: {backstage.io/kubernetes-id: orders}}',
        'spec:',
        '  scaleTargetRef: {name: orders}',
        '  maxReplicaCount: 10',
        '  triggers: []',
      ),
    });
    expect(result.notes[0]).toBe(
      "Warning: ScaledObject orders exists as a plain manifest in apps/orders/templates/scaledobject.yaml, so this change edits that file and not the chart's values (keda.enabled stays false in apps/orders/values.yaml). To manage it through the chart instead, delete apps/orders/templates/scaledobject.yaml and propose again.",
    );
    expect(result.edits.map(e => e.path)).not.toContain(
      'apps/orders/values.yaml',
    );
  });

  it('appends a keda block after Helm templates in strings without touching them', () => {
    const values = lines(
      'image: "{{ .Values.registry }}/orders:{{ .Chart.AppVersion }}"',
      'podAnnotations: {checksum/config: \'{{ include "orders.config" . | sha256sum }}\'}',
      'args: ["--brokers={{ .Values.kafka }}", "--group=orders", "--topic=orders", "--partitions=12", "--replication=3", "--timeout=30s", "--retries=5", "--backoff=2s"]',
    );
    const result = run('helm-values', { 'apps/orders/values.yaml': values });
    const diff = diffOf(result.edits[0]);
    expect(diff.split('\n').slice(0, 6)).toEqual([
      '--- apps/orders/values.yaml',
      '+++ apps/orders/values.yaml',
      '@@ -3,1 +3,27 @@',
      ' args: ["--brokers={{ .Values.kafka }}", "--group=orders", "--topic=orders", "--partitions=12", "--replication=3", "--timeout=30s", "--retries=5", "--backoff=2s"]',
      '+',
      '+# KEDA autoscaling, edited by KEDA Portal: the chart renders the ScaledObject from this block.',
    ]);
    expect(result.edits[0].after.startsWith(values)).toBe(true);
  });

  it('writes new files with CRLF next to CRLF files, and keeps CRLF in the edited kustomization', () => {
    const kustomization = crlf(lines('resources:', '  - deployment.yaml'));
    const result = run('kustomize', {
      'apps/orders/kustomization.yaml': kustomization,
      'apps/orders/deployment.yaml': crlf(
        lines(
          'apiVersion: apps/v1',
          'kind: Deployment',
          'metadata: {name: orders}',
          'spec: {template: {spec: {containers: [{name: o, image: o}]}}}',
        ),
      ),
    });
    const so = editOf(result, 'apps/orders/scaledobject.yaml');
    expect(so.after).toContain('\r\n');
    expect(so.after.replace(/\r\n/g, '')).not.toContain('\n');
    expect(editOf(result, 'apps/orders/kustomization.yaml').after).toBe(
      crlf(
        lines(
          'resources:',
          '  - deployment.yaml',
          '  - scaledobject.yaml',
          '  - triggerauthentication.yaml',
        ),
      ),
    );
  });

  it('keeps a byte order mark and a very long flow sequence', () => {
    const resources = Array.from({ length: 40 }, (_, i) => `r${i}.yaml`);
    const kustomization = `\uFEFFresources: [${resources.join(', ')}]\n`;
    const result = run('kustomize', {
      'apps/orders/kustomization.yaml': kustomization,
      'apps/orders/scaledobject.yaml': `\uFEFF${SCALED_OBJECT_NO_NAMESPACE}`,
    });
    const edit = editOf(result, 'apps/orders/scaledobject.yaml');
    expect(edit.after.startsWith('\uFEFFapiVersion: keda.sh/v1alpha1\n')).toBe(
      true,
    );
    expect(diffOf(edit)).toBe(
      lines(
        '--- apps/orders/scaledobject.yaml',
        '+++ apps/orders/scaledobject.yaml',
        '@@ -10,4 +10,4 @@',
        '   scaleTargetRef: {name: orders}',
        '-  minReplicaCount: 0',
        '-  maxReplicaCount: 5',
        '+  minReplicaCount: 1',
        '+  maxReplicaCount: 10',
        '   triggers:',
        '@@ -18,3 +18,3 @@',
        '         topic: orders',
        '-        lagThreshold: "20"',
        '+        lagThreshold: "50"',
        '       authenticationRef: {name: orders-kafka-auth}',
      ),
    );
    // The new TriggerAuthentication file joins the long flow sequence.
    const k = editOf(result, 'apps/orders/kustomization.yaml');
    expect(k.after).toBe(
      `\uFEFFresources: [${[...resources, 'triggerauthentication.yaml'].join(
        ', ',
      )}]\n`,
    );
  });

  it('keeps what the model cannot hold in an existing keda block (HPA tolerance), editing only the changed line', () => {
    const values = lines(
      'keda:',
      '  enabled: true',
      '  name: orders',
      '  labels: {backstage.io/kubernetes-id: orders, team: payments}',
      '  scaleTargetRef: {name: orders}',
      '  minReplicaCount: 1',
      '  maxReplicaCount: 5',
      '  advanced:',
      '    horizontalPodAutoscalerConfig:',
      '      behavior:',
      "        scaleUp: {tolerance: '0.05'}   # {{ not a template }}",
      '  triggers:',
      '    - type: kafka',
      '      metadata: {bootstrapServers: "kafka:9092", consumerGroup: orders, topic: orders, lagThreshold: "50"}',
      '      authenticationRef: {name: orders-kafka-auth}',
      '  triggerAuthentications:',
      '    - name: orders-kafka-auth',
      '      secretTargetRef: [{parameter: sasl, name: kafka-creds, key: sasl}]',
    );
    const result = run('helm-values', { 'apps/orders/values.yaml': values });
    expect(diffOf(result.edits[0])).toBe(
      lines(
        '--- apps/orders/values.yaml',
        '+++ apps/orders/values.yaml',
        '@@ -6,3 +6,3 @@',
        '   minReplicaCount: 1',
        '-  maxReplicaCount: 5',
        '+  maxReplicaCount: 10',
        '   advanced:',
      ),
    );
  });
});
