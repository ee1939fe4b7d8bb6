/**
 * The words of a proposal: its title, and a body that says what changes
 * (a before/after table), which files, the notes, the validation result,
 * the secrets the cluster must hold, and the rendered manifests.
 */
import type { Entity } from '@backstage/catalog-model';
import {
  KEDA_CONTROL_ANNOTATIONS,
  KedaManifest,
  ManifestProblem,
  renderManifestsYaml,
  ScalingIntent,
} from '@keda-portal/plugin-keda-common';
import { createTwoFilesPatch } from 'diff';
import { parseAllDocuments } from 'yaml';
import type { ProposalContext } from './engine';
import type { ChangePlan, ChangeTarget, FileEdit, RepoSnapshot } from './types';

/** What a plan is described from. */
export interface PlanFacts {
  entity: Entity;
  entityRef: string;
  target: ChangeTarget;
  branch: string;
  intent: ScalingIntent;
  manifests: KedaManifest[];
  problems: ManifestProblem[];
  snapshot: RepoSnapshot;
  edits: FileEdit[];
  notes: string[];
  basisFiles: Record<string, string | undefined>;
  context: ProposalContext;
}

type SecretKey = ChangePlan['secretKeys'][number];

/** Reads the scaled object a folder already has, for the before/after table. */
function existingObject(
  files: Record<string, string | undefined>,
  kind: string,
  name: string,
): Record<string, any> | undefined {
  for (const text of Object.values(files)) {
    if (!text) continue;
    try {
      for (const doc of parseAllDocuments(text)) {
        const value = (doc as { toJS?: () => unknown }).toJS?.() as any;
        if (value?.kind === kind && value?.metadata?.name === name) {
          return value;
        }
        if (value && typeof value === 'object' && value.keda?.triggers) {
          // helm-values: the keda block holds the same settings
          return { spec: value.keda, metadata: {} };
        }
      }
    } catch {
      // not YAML we can read: no "before" column for it
    }
  }
  return undefined;
}

function summarise(obj: Record<string, any> | undefined) {
  const spec = obj?.spec ?? {};
  const annotations = obj?.metadata?.annotations ?? {};
  const triggers = Array.isArray(spec.triggers)
    ? spec.triggers.map((t: any) => t?.type).join(', ')
    : undefined;
  let paused: string | undefined;
  if (annotations[KEDA_CONTROL_ANNOTATIONS.pausedReplicas] !== undefined) {
    paused = `at ${
      annotations[KEDA_CONTROL_ANNOTATIONS.pausedReplicas]
    } replicas`;
  } else if (
    annotations[KEDA_CONTROL_ANNOTATIONS.paused] === 'true' ||
    spec.paused === true
  ) {
    paused = 'yes';
  }
  return {
    'Minimum replicas': spec.minReplicaCount,
    'Maximum replicas': spec.maxReplicaCount,
    'Idle replicas': spec.idleReplicaCount,
    'Polling interval (s)': spec.pollingInterval,
    'Cooldown period (s)': spec.cooldownPeriod,
    Triggers: triggers,
    Fallback: spec.fallback
      ? `${spec.fallback.replicas} replicas after ${spec.fallback.failureThreshold} failures`
      : undefined,
    Paused: paused,
  } as Record<string, unknown>;
}

const cell = (v: unknown) =>
  v === undefined || v === '' ? '–' : String(v).replace(/\|/g, '\\|');

/** A note as a list item; lines after the first are YAML to copy. */
function noteMarkdown(note: string): string {
  const [head, ...more] = note.split('\n');
  const rest = more.filter(line => line.trim() !== '');
  if (!rest.length) return `- ${head}`;
  return [
    `- ${head}`,
    '',
    '  ```yaml',
    '  metadata:',
    '    annotations:',
    ...rest.map(line => `  ${line}`),
    '  ```',
  ].join('\n');
}

/** The keys the TriggerAuthentications read from cluster secrets. */
function secretKeysOf(p: PlanFacts): SecretKey[] {
  return p.manifests
    .filter(m => m.kind === 'TriggerAuthentication')
    .flatMap(m =>
      (
        (m.spec.secretTargetRef as
          | Array<{ parameter: string; name: string; key: string }>
          | undefined) ?? []
      ).map(r => ({
        namespace: m.metadata.namespace ?? p.intent.namespace,
        secret: r.name,
        key: r.key,
        parameter: r.parameter,
      })),
    );
}

/** Unified diff of all edits. */
function diffOf(edits: FileEdit[]): string {
  return edits
    .map(e =>
      createTwoFilesPatch(
        e.before === undefined ? '/dev/null' : `a/${e.path}`,
        `b/${e.path}`,
        e.before ?? '',
        e.after,
        undefined,
        undefined,
        { context: 3 },
      ).replace(/^=+\n/, ''),
    )
    .join('');
}

/** The "What changes" table rows. */
function changeTable(before: Record<string, any> | undefined, after: unknown) {
  const rowsBefore = summarise(before);
  const rowsAfter = summarise(after as Record<string, any> | undefined);
  return Object.keys(rowsAfter)
    .filter(k => rowsBefore[k] !== undefined || rowsAfter[k] !== undefined)
    .map(
      k =>
        `| ${k} | ${cell(rowsBefore[k])} | ${cell(rowsAfter[k])} |${
          String(rowsBefore[k]) !== String(rowsAfter[k]) ? ' changed' : ''
        }`,
    );
}

function validationText(problems: ManifestProblem[]): string {
  return problems.length
    ? problems
        .map(
          pr =>
            `- ${pr.manifest ? `${pr.manifest}: ` : ''}${pr.message} Fix: ${
              pr.fix
            }`,
        )
        .join('\n')
    : "Passed: KEDA's schema and admission rules as KEDA Portal checks them, and the platform team's guardrails.";
}

function secretsText(secretKeys: SecretKey[]): string {
  return secretKeys.length
    ? [
        'The TriggerAuthentication reads these keys; create them in the cluster before merging (values never go into Git):',
        '',
        '| Namespace | Secret | Key | Trigger parameter |',
        '| --- | --- | --- | --- |',
        ...secretKeys.map(
          s => `| ${s.namespace} | ${s.secret} | ${s.key} | ${s.parameter} |`,
        ),
      ].join('\n')
    : 'None.';
}

function filesText(edits: FileEdit[]): string[] {
  return edits.length
    ? edits.map(
        e =>
          `- \`${e.path}\` (${e.before === undefined ? 'new' : 'edited'}): ${
            e.reason
          }`,
      )
    : ['- No file changes: the repository already holds this change.'];
}

/** The pull request's body. */
function bodyOf(
  p: PlanFacts,
  action: string,
  kind: string,
  table: string[],
  secretKeys: SecretKey[],
): string {
  return [
    `${action}s event-driven autoscaling of ${
      p.context.entityUrl
        ? `[${p.entityRef}](${p.context.entityUrl})`
        : `\`${p.entityRef}\``
    } with a KEDA ${kind} \`${p.intent.namespace}/${p.intent.name}\`${
      p.context.requestedBy
        ? `, proposed by \`${p.context.requestedBy}\` in KEDA Portal`
        : ''
    }.`,
    '',
    '## What changes',
    '',
    '| Setting | Before | After | |',
    '| --- | --- | --- | --- |',
    ...table,
    '',
    '## Files',
    '',
    ...filesText(p.edits),
    ...(p.notes.length
      ? ['', '## Notes', '', ...p.notes.map(noteMarkdown)]
      : []),
    '',
    '## Validation',
    '',
    validationText(p.problems),
    '',
    '## Secrets the cluster must have',
    '',
    secretsText(secretKeys),
    '',
    '## Rendered manifests',
    '',
    '```yaml',
    p.manifests.length ? renderManifestsYaml(p.manifests).trimEnd() : '# none',
    '```',
    '',
    `<!-- keda-portal: entity=${p.entityRef} branch=${p.branch} -->`,
  ].join('\n');
}

/** The plan, with its diff, title and body. */
export function describePlan(p: PlanFacts): ChangePlan {
  const kind = p.intent.kind ?? 'ScaledObject';
  const before = existingObject(p.snapshot.files, kind, p.intent.name);
  const secretKeys = secretKeysOf(p);
  const action = before ? 'Update' : 'Add';
  const table = changeTable(before, p.manifests[0]);
  return {
    entityRef: p.entityRef,
    target: p.target,
    branch: p.branch,
    intent: p.intent,
    manifests: p.manifests,
    edits: p.edits,
    notes: p.notes,
    problems: p.problems,
    secretKeys,
    diff: diffOf(p.edits),
    basis: {
      commit: p.snapshot.branchCommit ?? p.snapshot.baseCommit,
      baseBranch: p.snapshot.baseBranch,
      branchExists: p.snapshot.branchCommit !== undefined,
      files: p.basisFiles,
    },
    openPullRequest: p.snapshot.openPullRequest,
    title: `${action} KEDA autoscaling for ${p.entity.metadata.name} (${p.target.environment})`,
    body: bodyOf(p, action, kind, table, secretKeys),
  };
}
