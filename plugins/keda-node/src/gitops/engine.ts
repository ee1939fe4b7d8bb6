/**
 * The GitOps engine: a scaling intent for an entity becomes a plan (the few
 * file edits a layout makes, validated) and then a pull request. Re-running
 * it is safe: the branch is deterministic, an unchanged plan commits nothing,
 * and commits others pushed to the branch are merged, never pushed over.
 */
import type { Entity } from '@backstage/catalog-model';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { ConflictError, InputError } from '@backstage/errors';
import {
  buildManifests,
  KedaManifest,
  ManifestProblem,
  renderManifestsYaml,
  ScalingIntent,
  validateIntent,
  ValidationOptions,
} from '@keda-portal/plugin-keda-common';
import { createTwoFilesPatch } from 'diff';
import { parseAllDocuments } from 'yaml';
import {
  checkGuardrails,
  describeGuardrails,
  GuardrailRules,
} from './guardrails';
import { layoutEditors } from './layouts';
import { mergeThreeWay } from './merge';
import {
  GitopsSettings,
  normaliseUrl,
  proposalBranch,
  resolveTarget,
} from './target';
import {
  addCatalogAnnotations,
  annotationLines,
  catalogFileIn,
} from './onboarding';
import type { ScmIntegrationRegistry } from '@backstage/integration';
import {
  BranchMovedError,
  ChangePlan,
  ChangeTarget,
  FileEdit,
  GitProvider,
  GitProviderKind,
  PullRequestInfo,
  RepoSnapshot,
} from './types';
import { KeyedMutex } from './keyedMutex';
import {
  readCurrentIntent,
  type CurrentIntentQuery,
  type CurrentIntentResult,
} from './currentIntent';

/**
 * Trailer on every commit the engine writes; it tells our commits from others'.
 *
 * @public
 */
export const CHANGE_TRAILER = 'Keda-Portal-Change';

/**
 * What a proposal did.
 *
 * @public
 */
export interface ProposalResult {
  /** `unchanged`: the branch already holds this change; nothing was written. */
  status: 'created' | 'updated' | 'unchanged';
  pullRequest?: PullRequestInfo;
  /** The commit written, when one was. */
  commit?: string;
  plan: ChangePlan;
}

/**
 * Who asks, for the pull-request text.
 *
 * @public
 */
export interface ProposalContext {
  /** e.g. `user:default/alice` */
  requestedBy?: string;
  /** Link to the entity in the portal. */
  entityUrl?: string;
  /** Reviewers to ask: GitHub `org/team` slugs or user names. */
  reviewers?: string[];
  /**
   * Files to write in the same commit as the KEDA manifests, such as a new
   * workload's Deployment and `catalog-info.yaml`. Paths are relative to the
   * entity's GitOps folder and stay inside it; when others pushed to the
   * branch, these files are merged like the layout's own edits.
   */
  extraFiles?: Array<{ path: string; content: string; reason: string }>;
  /**
   * Annotations the entity's catalog-info.yaml lacks (see
   * `applyGitopsChoice`): the proposal adds them to that file when the
   * catalog reads it from the GitOps repository's base branch, and otherwise
   * says in its notes how to add them.
   */
  catalogAnnotations?: Record<string, string>;
}

/**
 * Options of {@link GitopsEngine}.
 *
 * @public
 */
export interface GitopsEngineOptions {
  settings: GitopsSettings;
  guardrails: GuardrailRules;
  integrations: ScmIntegrationRegistry;
  providers: Partial<Record<GitProviderKind, GitProvider>>;
  /** CRD-schema check for the manifests, when loaded. */
  validation?: () => Promise<ValidationOptions>;
  /** Reviewers for an entity (e.g. its owning group as a GitHub team). */
  reviewersFor?: (entity: Entity) => string[];
  /** How often a proposal re-reads and merges when the branch moved under it. */
  maxAttempts?: number;
}

const isOwnCommit = (message: string, entityRef: string) =>
  message
    .split('\n')
    .some(line => line.trim() === `${CHANGE_TRAILER}: ${entityRef}`);

function conflictError(path: string, line: number, branch: string) {
  return new ConflictError(
    `Someone changed ${path} on branch ${branch} near line ${line}, where this proposal also changes it. ` +
      `Review their commit on the branch: either merge or close the pull request and propose again, ` +
      `or edit the branch by hand to include your change.`,
  );
}

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
  if (annotations['autoscaling.keda.sh/paused-replicas'] !== undefined) {
    paused = `at ${annotations['autoscaling.keda.sh/paused-replicas']} replicas`;
  } else if (
    annotations['autoscaling.keda.sh/paused'] === 'true' ||
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

/**
 * The GitOps engine service.
 *
 * @public
 */
export class GitopsEngine {
  private readonly mutex = new KeyedMutex();
  private readonly maxAttempts: number;

  constructor(private readonly options: GitopsEngineOptions) {
    this.maxAttempts = options.maxAttempts ?? 5;
  }

  /** Where the entity's manifests go; throws InputError naming the annotation to fix. */
  target(entity: Entity): ChangeTarget {
    return resolveTarget(
      entity,
      this.options.settings,
      this.options.integrations,
    );
  }

  private provider(target: ChangeTarget): GitProvider {
    const provider = this.options.providers[target.provider];
    if (!provider) {
      throw new InputError(
        `No ${target.provider} provider is configured for ${target.repoUrl}`,
      );
    }
    return provider;
  }

  /**
   * A workload's settings as Git holds them: at the tip of the entity's
   * proposal branch when it exists (what its pull request would merge), else
   * on the base branch. Undefined when the entity's folder has no such
   * ScaledObject or ScaledJob.
   */
  async currentIntent(
    entity: Entity,
    query: CurrentIntentQuery,
  ): Promise<CurrentIntentResult | undefined> {
    const target = this.target(entity);
    const annotations = entity.metadata.annotations ?? {};
    return readCurrentIntent(
      {
        provider: this.provider(target),
        target,
        branch: proposalBranch(entity, target.environment),
      },
      {
        name: query.name,
        kind: query.kind,
        namespace:
          query.namespace ?? annotations['backstage.io/kubernetes-namespace'],
        kubernetesId:
          query.kubernetesId ?? annotations['backstage.io/kubernetes-id'],
      },
    );
  }

  /**
   * The GitOps repositories a proposal may go to (`keda.gitops.repositories`
   * and `keda.gitops.repo`), for forms; never their push remotes.
   */
  repositories(): {
    repositories: Array<{
      url: string;
      provider: GitProviderKind;
      baseBranch?: string;
    }>;
    defaults: { repo?: string; path?: string; layout?: string };
  } {
    const { settings } = this.options;
    const listed = settings.repositories.map(r => ({
      url: r.url,
      provider: r.provider,
      ...(r.baseBranch ? { baseBranch: r.baseBranch } : {}),
    }));
    const fallback = settings.repo ? normaliseUrl(settings.repo) : undefined;
    if (fallback && !listed.some(r => r.url === fallback)) {
      try {
        const host = new URL(fallback).host;
        const type = this.options.integrations.byHost(host)?.type;
        if (type === 'github' || type === 'gitlab') {
          listed.push({ url: fallback, provider: type });
        }
      } catch {
        // not a URL: resolveTarget names the problem when it is used
      }
    }
    return {
      repositories: listed,
      defaults: {
        repo: fallback,
        path: settings.path,
        layout: settings.layout,
      },
    };
  }

  /** The platform team's effective limits for this entity, for forms. */
  guardrailsFor(entity: Entity, namespace?: string) {
    return describeGuardrails(this.options.guardrails, {
      namespace:
        namespace ??
        entity.metadata.annotations?.['backstage.io/kubernetes-namespace'] ??
        '',
      lifecycle: (entity.spec as { lifecycle?: string } | undefined)?.lifecycle,
    });
  }

  /** Guardrail and domain checks of an intent for this entity, without reading Git. */
  async check(
    entity: Entity,
    intent: ScalingIntent,
  ): Promise<ManifestProblem[]> {
    const validation = (await this.options.validation?.()) ?? {};
    return [
      ...validateIntent(intent, validation),
      ...checkGuardrails(
        intent,
        {
          namespace: intent.namespace,
          lifecycle: (entity.spec as { lifecycle?: string } | undefined)
            ?.lifecycle,
        },
        this.options.guardrails,
      ),
    ];
  }

  /** The plan for an intent: file edits, diff, validation. Reads Git, writes nothing. */
  async plan(
    entity: Entity,
    intent: ScalingIntent,
    context: ProposalContext = {},
  ): Promise<ChangePlan> {
    const target = this.target(entity);
    const provider = this.provider(target);
    const entityRef = stringifyEntityRef(entity);
    const branch = proposalBranch(entity, target.environment);
    const problems = await this.check(entity, intent);
    const manifests = problems.length ? [] : buildManifests(intent);
    const missing = context.catalogAnnotations ?? {};
    const catalogFile = Object.keys(missing).length
      ? catalogFileIn(entity, target.repoUrl, target.baseBranch)
      : undefined;
    const folders = [
      target.path,
      ...target.argoCdPaths,
      ...(catalogFile ? [dirname(catalogFile)] : []),
    ];
    const snapshot = await provider.snapshot({
      repoUrl: target.repoUrl,
      baseBranch: target.baseBranch,
      branch,
      folders,
    });
    if (problems.length) {
      return this.describe({
        entity,
        entityRef,
        target,
        branch,
        intent,
        manifests,
        problems,
        snapshot,
        edits: [],
        notes: [],
        basisFiles: {},
        context,
      });
    }

    // When others pushed to the branch after our last commit, our edit is
    // made on our last commit and merged onto theirs, like a rebase.
    const tip = snapshot.branchCommit;
    const ownIndex = snapshot.history.findIndex(c =>
      isOwnCommit(c.message, entityRef),
    );
    let editBase: RepoSnapshot = snapshot;
    if (tip && ownIndex > 0) {
      editBase = await provider.snapshot({
        repoUrl: target.repoUrl,
        baseBranch: snapshot.baseBranch,
        branch,
        folders,
        at: snapshot.history[ownIndex].sha,
      });
    }
    const layout = layoutEditors[target.layout];
    const result = layout({
      target,
      files: editBase.files,
      manifests,
      intent,
    });
    const edits: FileEdit[] = [];
    const basisFiles: Record<string, string | undefined> = {};
    const catalog = catalogEdit(
      entity,
      entityRef,
      missing,
      catalogFile,
      snapshot.baseBranch,
      editBase.files,
      result.edits,
    );
    const planned = [
      ...result.edits,
      ...extraEdits(target, editBase.files, result.edits, context.extraFiles),
      ...catalog.edits,
    ];
    for (const edit of planned) {
      const current = snapshot.files[edit.path];
      let after = edit.after;
      if (editBase !== snapshot) {
        const merged = mergeThreeWay(
          edit.before ?? '',
          edit.after,
          current ?? '',
        );
        if ('conflicts' in merged) {
          throw conflictError(edit.path, merged.conflicts[0].line, branch);
        }
        after = merged.text;
      }
      basisFiles[edit.path] = current;
      if (after !== current) {
        edits.push({ ...edit, before: current, after });
      }
    }
    return this.describe({
      entity,
      entityRef,
      target,
      branch,
      intent,
      manifests,
      problems,
      snapshot,
      edits,
      notes: [...result.notes, ...catalog.notes],
      basisFiles,
      context,
    });
  }

  private describe(p: {
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
  }): ChangePlan {
    const kind = p.intent.kind ?? 'ScaledObject';
    const before = existingObject(p.snapshot.files, kind, p.intent.name);
    const after = p.manifests[0];
    const secretKeys = p.manifests
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
    const diff = p.edits
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
    const action = before ? 'Update' : 'Add';
    const title = `${action} KEDA autoscaling for ${p.entity.metadata.name} (${p.target.environment})`;

    const rowsBefore = summarise(before);
    const rowsAfter = summarise(after);
    const table = Object.keys(rowsAfter)
      .filter(k => rowsBefore[k] !== undefined || rowsAfter[k] !== undefined)
      .map(
        k =>
          `| ${k} | ${cell(rowsBefore[k])} | ${cell(rowsAfter[k])} |${
            String(rowsBefore[k]) !== String(rowsAfter[k]) ? ' changed' : ''
          }`,
      );
    const body = [
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
      ...(p.edits.length
        ? p.edits.map(
            e =>
              `- \`${e.path}\` (${
                e.before === undefined ? 'new' : 'edited'
              }): ${e.reason}`,
          )
        : ['- No file changes: the repository already holds this change.']),
      ...(p.notes.length
        ? ['', '## Notes', '', ...p.notes.map(noteMarkdown)]
        : []),
      '',
      '## Validation',
      '',
      p.problems.length
        ? p.problems
            .map(
              pr =>
                `- ${pr.manifest ? `${pr.manifest}: ` : ''}${pr.message} Fix: ${
                  pr.fix
                }`,
            )
            .join('\n')
        : "Passed: KEDA's schema and admission rules as KEDA Portal checks them, and the platform team's guardrails.",
      '',
      '## Secrets the cluster must have',
      '',
      secretKeys.length
        ? [
            'The TriggerAuthentication reads these keys; create them in the cluster before merging (values never go into Git):',
            '',
            '| Namespace | Secret | Key | Trigger parameter |',
            '| --- | --- | --- | --- |',
            ...secretKeys.map(
              s =>
                `| ${s.namespace} | ${s.secret} | ${s.key} | ${s.parameter} |`,
            ),
          ].join('\n')
        : 'None.',
      '',
      '## Rendered manifests',
      '',
      '```yaml',
      p.manifests.length
        ? renderManifestsYaml(p.manifests).trimEnd()
        : '# none',
      '```',
      '',
      `<!-- keda-portal: entity=${p.entityRef} branch=${p.branch} -->`,
    ].join('\n');

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
      diff,
      basis: {
        commit: p.snapshot.branchCommit ?? p.snapshot.baseCommit,
        baseBranch: p.snapshot.baseBranch,
        branchExists: p.snapshot.branchCommit !== undefined,
        files: p.basisFiles,
      },
      openPullRequest: p.snapshot.openPullRequest,
      title,
      body,
    };
  }

  /**
   * Plans and proposes in one step, one at a time per branch in this
   * process; across processes the branch update is a compare-and-swap.
   */
  async propose(
    entity: Entity,
    intent: ScalingIntent,
    context: ProposalContext = {},
  ): Promise<ProposalResult> {
    const target = this.target(entity);
    const branch = proposalBranch(entity, target.environment);
    return this.mutex.run(`${target.repoUrl}\n${branch}`, async () => {
      const plan = await this.plan(entity, intent, context);
      return this.proposePlan(entity, plan, context);
    });
  }

  /** Writes a plan: one commit (merged onto the branch if it moved) and the pull request. */
  private async proposePlan(
    entity: Entity,
    plan: ChangePlan,
    context: ProposalContext,
  ): Promise<ProposalResult> {
    if (plan.problems.length) {
      const first = plan.problems[0];
      throw new InputError(
        `${first.message} ${first.fix}${
          plan.problems.length > 1
            ? ` (and ${plan.problems.length - 1} more problems)`
            : ''
        }`,
      );
    }
    const provider = this.provider(plan.target);
    const reviewers =
      context.reviewers ?? this.options.reviewersFor?.(entity) ?? [];
    let files = plan.edits.map(e => ({ path: e.path, content: e.after }));
    let parent = plan.basis.commit;
    let expectedTip = plan.basis.branchExists ? plan.basis.commit : undefined;
    let openPr = plan.openPullRequest;

    // The branch holds the change already. When its pull request is missing
    // (closed, or a failure between push and open, here or in another
    // instance), open it so no branch is left without one.
    const nothingToWrite = async (): Promise<ProposalResult> => {
      if (!openPr && provider.kind !== 'git') {
        const pullRequest = await provider.openPullRequest({
          repoUrl: plan.target.repoUrl,
          branch: plan.branch,
          baseBranch: plan.basis.baseBranch,
          title: plan.title,
          body: plan.body,
          labels: this.options.settings.labels,
          reviewers,
        });
        return { status: 'created', pullRequest, plan };
      }
      return { status: 'unchanged', pullRequest: openPr, plan };
    };

    if (!files.length) {
      if (!plan.basis.branchExists) {
        return { status: 'unchanged', pullRequest: openPr, plan };
      }
      return nothingToWrite();
    }

    const message = `${plan.title}\n\n${plan.edits
      .map(e => `- ${e.path}: ${e.reason}`)
      .join('\n')}\n\n${CHANGE_TRAILER}: ${plan.entityRef}\n`;
    let commit: string | undefined;
    for (let attempt = 1; ; attempt++) {
      try {
        commit = (
          await provider.commit({
            repoUrl: plan.target.repoUrl,
            branch: plan.branch,
            parent,
            expectedTip,
            files,
            message,
          })
        ).sha;
        break;
      } catch (e) {
        if (!(e instanceof BranchMovedError) || attempt >= this.maxAttempts) {
          if (e instanceof BranchMovedError) {
            throw new ConflictError(
              `Branch ${plan.branch} kept moving while this change was written (${attempt} attempts): try again in a moment`,
            );
          }
          throw e;
        }
        // Someone pushed to the branch: merge our edits onto what is there now.
        const now = await provider.snapshot({
          repoUrl: plan.target.repoUrl,
          baseBranch: plan.basis.baseBranch,
          branch: plan.branch,
          folders: [...new Set(plan.edits.map(ed => dirname(ed.path)))],
        });
        if (!now.branchCommit) {
          // The branch was deleted meanwhile: start it again from the base.
          continue;
        }
        const merged: Array<{ path: string; content: string }> = [];
        for (const edit of plan.edits) {
          const theirs = now.files[edit.path];
          const result = mergeThreeWay(
            plan.basis.files[edit.path] ?? '',
            edit.after,
            theirs ?? '',
          );
          if ('conflicts' in result) {
            throw conflictError(
              edit.path,
              result.conflicts[0].line,
              plan.branch,
            );
          }
          if (result.text !== theirs) {
            merged.push({ path: edit.path, content: result.text });
          }
        }
        files = merged;
        parent = now.branchCommit;
        expectedTip = now.branchCommit;
        openPr = now.openPullRequest;
        if (!files.length) {
          return nothingToWrite();
        }
      }
    }
    const pullRequest = await provider.openPullRequest({
      repoUrl: plan.target.repoUrl,
      branch: plan.branch,
      baseBranch: plan.basis.baseBranch,
      title: plan.title,
      body: plan.body,
      labels: this.options.settings.labels,
      reviewers,
      existing: openPr,
    });
    return {
      status: openPr || expectedTip ? 'updated' : 'created',
      pullRequest,
      commit,
      plan,
    };
  }

  /** Open proposals for the entity, over every environment. */
  async listProposals(entity: Entity): Promise<PullRequestInfo[]> {
    const target = this.target(entity);
    const provider = this.provider(target);
    const prefix = proposalBranch(entity, 'x').replace(/\/x$/, '/');
    return provider.listPullRequests(target.repoUrl, prefix);
  }
}

/**
 * The edit that adds missing annotations to the entity's catalog-info.yaml
 * when the catalog reads it from this repository's base branch; otherwise a
 * note that says which annotations to add, and where.
 */
function catalogEdit(
  entity: Entity,
  entityRef: string,
  missing: Record<string, string>,
  catalogFile: string | undefined,
  baseBranch: string,
  files: Record<string, string>,
  otherEdits: FileEdit[],
): { edits: FileEdit[]; notes: string[] } {
  const keys = Object.keys(missing);
  if (!keys.length) return { edits: [], notes: [] };
  const lines = annotationLines(missing);
  const why =
    'so the Autoscaling tab finds the workload and later changes come to this folder';
  const text = catalogFile !== undefined ? files[catalogFile] : undefined;
  const after =
    text !== undefined && !otherEdits.some(e => e.path === catalogFile)
      ? addCatalogAnnotations(text, entity, missing)
      : undefined;
  if (catalogFile !== undefined && after !== undefined) {
    return {
      edits:
        after === text
          ? []
          : [
              {
                path: catalogFile,
                before: text,
                after,
                reason: `Adds the annotations ${keys.join(
                  ', ',
                )} to ${entityRef}, ${why}`,
              },
            ],
      notes: [],
    };
  }
  const location =
    entity.metadata.annotations?.['backstage.io/managed-by-location'];
  return {
    edits: [],
    notes: [
      `${entityRef}'s catalog-info.yaml is not in this repository on ${baseBranch}${
        location ? ` (the catalog reads it from ${location})` : ''
      }, so this pull request cannot add its annotations: add these under metadata.annotations of ${entityRef}, ${why}:\n\n${lines}`,
    ],
  };
}

/** A proposal's extra files as edits inside the entity's GitOps folder. */
function extraEdits(
  target: ChangeTarget,
  files: Record<string, string>,
  layoutEdits: FileEdit[],
  extraFiles: ProposalContext['extraFiles'] = [],
): FileEdit[] {
  return extraFiles.flatMap(file => {
    if (
      file.path.includes('\\') ||
      file.path.split('/').some(p => p === '' || p === '.' || p === '..')
    ) {
      throw new InputError(
        `Extra file '${file.path}' must be a relative path inside the GitOps folder, without '..'`,
      );
    }
    const path = target.path ? `${target.path}/${file.path}` : file.path;
    if (layoutEdits.some(e => e.path === path)) {
      throw new InputError(
        `Extra file ${path} is written by the ${target.layout} layout already: choose another file name`,
      );
    }
    if (files[path] === file.content) return [];
    return [
      { path, before: files[path], after: file.content, reason: file.reason },
    ];
  });
}

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

function dirname(path: string) {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}
