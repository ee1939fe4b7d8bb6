/**
 * The GitOps engine: reads the entity's folder through its Git provider,
 * lets the layout edit it, checks the intent (domain rules, guardrails,
 * policies), and writes the plan as one commit and a pull request.
 */
import type { Entity } from '@backstage/catalog-model';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  ANNOTATION_KUBERNETES_ID,
  ANNOTATION_KUBERNETES_NAMESPACE,
  buildManifests,
  ManifestProblem,
  ScalingIntent,
  validateIntent,
} from '@keda-portal/plugin-keda-common';
import {
  readCurrentIntent,
  type CurrentIntentQuery,
  type CurrentIntentResult,
} from './currentIntent';
import type {
  GitopsEngine,
  GitopsEngineOptions,
  GitopsRepositories,
  ProposalContext,
  ProposalResult,
} from './engine';
import type { KedaGuardrailPolicy } from './extensions';
import { checkGuardrails, describeGuardrails } from './guardrails';
import { KeyedMutex } from './keyedMutex';
import { kustomizeBases, layoutEditors } from './layouts';
import { catalogFileIn } from './onboarding';
import {
  catalogEdit,
  dirname,
  editsAgainst,
  extraEdits,
  isOwnCommit,
} from './planEdits';
import { describePlan, type PlanFacts } from './proposalText';
import { normaliseUrl, proposalBranch, resolveTarget } from './target';
import type {
  ChangePlan,
  ChangeTarget,
  GitProvider,
  PullRequestInfo,
  RepoSnapshot,
} from './types';
import { writeProposal } from './writeProposal';

const lifecycleOf = (entity: Entity) =>
  (entity.spec as { lifecycle?: string } | undefined)?.lifecycle;

/**
 * The GitOps engine service's implementation.
 *
 * @public
 */
export class DefaultGitopsEngine implements GitopsEngine {
  private readonly mutex = new KeyedMutex();
  private readonly maxAttempts: number;
  private readonly providers = new Map<string, GitProvider>();
  private readonly policies: KedaGuardrailPolicy[];

  constructor(private readonly options: GitopsEngineOptions) {
    this.maxAttempts = options.maxAttempts ?? 5;
    for (const [kind, provider] of Object.entries(options.providers)) {
      if (provider) this.providers.set(kind, provider);
    }
    this.policies = [...(options.guardrailPolicies ?? [])];
  }

  extend(additions: {
    gitProviders?: GitProvider[];
    guardrailPolicies?: KedaGuardrailPolicy[];
  }): void {
    for (const provider of additions.gitProviders ?? []) {
      this.providers.set(provider.kind, provider);
    }
    this.policies.push(...(additions.guardrailPolicies ?? []));
  }

  /** Kinds an integration's type may name: the hosted providers, not plain Git. */
  private hostedKinds(): string[] {
    return [...new Set(['github', 'gitlab', ...this.providers.keys()])].filter(
      kind => kind !== 'git',
    );
  }

  target(entity: Entity): ChangeTarget {
    return resolveTarget(
      entity,
      this.options.settings,
      this.options.integrations,
      this.hostedKinds(),
    );
  }

  private provider(target: ChangeTarget): GitProvider {
    const provider = this.providers.get(target.provider);
    if (!provider) {
      throw new InputError(
        `No ${target.provider} provider is configured for ${target.repoUrl}: ` +
          `install a backend module that adds it through kedaGitProvidersExtensionPoint, ` +
          `or set the repository's provider to one of ${[
            ...this.providers.keys(),
          ].join(', ')}`,
      );
    }
    return provider;
  }

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
          query.namespace ?? annotations[ANNOTATION_KUBERNETES_NAMESPACE],
        kubernetesId:
          query.kubernetesId ?? annotations[ANNOTATION_KUBERNETES_ID],
      },
    );
  }

  repositories(): GitopsRepositories {
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
        if (type && this.hostedKinds().includes(type)) {
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

  guardrailsFor(entity: Entity, namespace?: string) {
    return describeGuardrails(this.options.guardrails, {
      namespace:
        namespace ??
        entity.metadata.annotations?.[ANNOTATION_KUBERNETES_NAMESPACE] ??
        '',
      lifecycle: lifecycleOf(entity),
    });
  }

  async check(
    entity: Entity,
    intent: ScalingIntent,
  ): Promise<ManifestProblem[]> {
    const validation = (await this.options.validation?.()) ?? {};
    const context = {
      namespace: intent.namespace,
      lifecycle: lifecycleOf(entity),
    };
    const fromPolicies = await Promise.all(
      this.policies.map(policy => policy.check(intent, { ...context, entity })),
    );
    return [
      ...validateIntent(intent, validation),
      ...checkGuardrails(intent, context, this.options.guardrails),
      ...fromPolicies.flat(),
    ];
  }

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
    const catalogFile = Object.keys(context.catalogAnnotations ?? {}).length
      ? catalogFileIn(entity, target.repoUrl, target.baseBranch)
      : undefined;
    const folders = [
      target.path,
      ...target.argoCdPaths,
      ...(catalogFile ? [dirname(catalogFile)] : []),
    ];
    let snapshot = await provider.snapshot({
      repoUrl: target.repoUrl,
      baseBranch: target.baseBranch,
      branch,
      folders,
    });
    // A kustomize overlay's bases (resources: [../../base]) may pin the
    // workload's replicas: read them too, level by level.
    for (let round = 0; target.layout === 'kustomize' && round < 4; round++) {
      const { missing } = kustomizeBases(target.path, snapshot.files);
      const more = missing.filter(folder => !folders.includes(folder));
      if (!more.length) break;
      folders.push(...more);
      snapshot = await provider.snapshot({
        repoUrl: target.repoUrl,
        baseBranch: target.baseBranch,
        branch,
        folders,
      });
    }
    const facts: PlanFacts = {
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
    };
    if (problems.length) {
      return describePlan(facts);
    }
    const editBase = await this.editBase(facts, provider, folders);
    return describePlan({
      ...facts,
      ...this.edits(facts, editBase.files, editBase !== snapshot, catalogFile),
    });
  }

  /**
   * Where the edits are made: when others pushed to the branch after our
   * last commit, on our last commit (then merged onto theirs, like a
   * rebase); else on the snapshot itself.
   */
  private async editBase(
    { snapshot, entityRef, target, branch }: PlanFacts,
    provider: GitProvider,
    folders: string[],
  ): Promise<RepoSnapshot> {
    const ownIndex = snapshot.history.findIndex(c =>
      isOwnCommit(c.message, entityRef),
    );
    if (!snapshot.branchCommit || ownIndex <= 0) {
      return snapshot;
    }
    return provider.snapshot({
      repoUrl: target.repoUrl,
      baseBranch: snapshot.baseBranch,
      branch,
      folders,
      at: snapshot.history[ownIndex].sha,
    });
  }

  /** The layout's, the extra files' and the catalog's edits, against the branch as it is. */
  private edits(
    facts: PlanFacts,
    files: Record<string, string>,
    rebased: boolean,
    catalogFile: string | undefined,
  ) {
    const { entity, entityRef, target, manifests, intent, context } = facts;
    const result = layoutEditors[target.layout]({
      target,
      files,
      manifests,
      intent,
    });
    const catalog = catalogEdit(
      entity,
      entityRef,
      context.catalogAnnotations ?? {},
      catalogFile,
      facts.snapshot.baseBranch,
      files,
      result.edits,
    );
    const planned = [
      ...result.edits,
      ...extraEdits(target, files, result.edits, context.extraFiles),
      ...catalog.edits,
    ];
    return {
      ...editsAgainst(planned, facts.snapshot.files, rebased, facts.branch),
      notes: [...result.notes, ...catalog.notes],
    };
  }

  async propose(
    entity: Entity,
    intent: ScalingIntent,
    context: ProposalContext = {},
  ): Promise<ProposalResult> {
    const target = this.target(entity);
    const branch = proposalBranch(entity, target.environment);
    return this.mutex.run(`${target.repoUrl}\n${branch}`, async () => {
      const plan = await this.plan(entity, intent, context);
      return writeProposal(plan, {
        provider: this.provider(plan.target),
        labels: this.options.settings.labels,
        reviewers:
          context.reviewers ?? this.options.reviewersFor?.(entity) ?? [],
        maxAttempts: this.maxAttempts,
      });
    });
  }

  async listProposals(entity: Entity): Promise<PullRequestInfo[]> {
    const target = this.target(entity);
    const provider = this.provider(target);
    const prefix = proposalBranch(entity, 'x').replace(/\/x$/, '/');
    return provider.listPullRequests(target.repoUrl, prefix);
  }
}
