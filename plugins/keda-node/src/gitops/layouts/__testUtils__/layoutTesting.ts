/**
 * Test-only: inputs for the layout editors and exact diffs of their edits,
 * so a test fails when any byte outside the intended change moves.
 */
import {
  buildManifests,
  type ScalingIntent,
} from '@keda-portal/plugin-keda-common';
import { createTwoFilesPatch } from 'diff';
import type {
  FileEdit,
  FileMap,
  GitopsLayout,
  LayoutInput,
  LayoutResult,
} from '../../types';
import { layoutEditors } from '../index';

export const FOLDER = 'apps/orders';

/** A kafka-scaled `orders` Deployment with one TriggerAuthentication. */
export function ordersIntent(
  overrides: Partial<ScalingIntent> = {},
): ScalingIntent {
  return {
    name: 'orders',
    namespace: 'shop',
    kubernetesId: 'orders',
    scaleTarget: { name: 'orders' },
    minReplicaCount: 1,
    maxReplicaCount: 10,
    triggers: [
      {
        type: 'kafka',
        metadata: {
          bootstrapServers: 'kafka:9092',
          consumerGroup: 'orders',
          topic: 'orders',
          lagThreshold: 50,
        },
        authentication: {
          secretRefs: [
            { parameter: 'sasl', secretName: 'kafka-creds', key: 'sasl' },
          ],
        },
      },
    ],
    ...overrides,
  };
}

export function layoutInput(
  layout: GitopsLayout,
  files: FileMap,
  intent: ScalingIntent,
  target: Partial<LayoutInput['target']> = {},
): LayoutInput {
  return {
    target: {
      provider: 'git',
      repoUrl: 'https://github.com/acme/gitops.git',
      path: FOLDER,
      layout,
      environment: 'production',
      argoCdPaths: ['argocd'],
      ...target,
    },
    files,
    manifests: buildManifests(intent),
    intent,
  };
}

export function runLayout(input: LayoutInput): LayoutResult {
  return layoutEditors[input.target.layout](input);
}

/** The files after the edits. */
export function applyEdits(files: FileMap, edits: FileEdit[]): FileMap {
  const out = { ...files };
  for (const edit of edits) out[edit.path] = edit.after;
  return out;
}

/** Runs the layout on its own result and returns the edits (should be none). */
export function rerun(input: LayoutInput, result: LayoutResult): FileEdit[] {
  return runLayout({ ...input, files: applyEdits(input.files, result.edits) })
    .edits;
}

/** Unified diff of one edit with one line of context, without the `Index:` header. */
export function diffOf(edit: FileEdit): string {
  return createTwoFilesPatch(
    edit.path,
    edit.path,
    edit.before ?? '',
    edit.after,
    undefined,
    undefined,
    { context: 1 },
  )
    .split('\n')
    .slice(2)
    .join('\n');
}

export function editOf(result: LayoutResult, path: string): FileEdit {
  const edit = result.edits.find(e => e.path === path);
  if (!edit) {
    throw new Error(
      `no edit of ${path}; edited: ${result.edits.map(e => e.path).join(', ')}`,
    );
  }
  return edit;
}

/** Joins lines with newlines and ends with one, for readable fixtures. */
export function lines(...text: string[]): string {
  return `${text.join('\n')}\n`;
}
