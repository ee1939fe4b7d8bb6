/**
 * The GitOps engine's contract: a scaling intent for an entity becomes a
 * plan (the few file edits a layout makes, validated) and then a pull
 * request. {@link DefaultGitopsEngine} implements it; the KEDA backend
 * plugin and the scaffolder module get it from `kedaGitopsEngineServiceRef`.
 */
import type { Entity } from '@backstage/catalog-model';
import type { ScmIntegrationRegistry } from '@backstage/integration';
import type {
  ManifestProblem,
  ScalingIntent,
  ValidationOptions,
} from '@keda-portal/plugin-keda-common';
import type { CurrentIntentQuery, CurrentIntentResult } from './currentIntent';
import type { KedaGuardrailPolicy } from './extensions';
import type { EffectiveGuardrails, GuardrailRules } from './guardrails';
import type { GitopsSettings } from './target';
import type {
  ChangePlan,
  ChangeTarget,
  GitProvider,
  GitProviderKind,
  PullRequestInfo,
} from './types';

export { CHANGE_TRAILER } from './planEdits';

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
 * The GitOps repositories a proposal may go to, for forms.
 *
 * @public
 */
export interface GitopsRepositories {
  repositories: Array<{
    url: string;
    provider: GitProviderKind;
    baseBranch?: string;
  }>;
  defaults: { repo?: string; path?: string; layout?: string };
}

/**
 * Options of {@link DefaultGitopsEngine}.
 *
 * @public
 */
export interface GitopsEngineOptions {
  settings: GitopsSettings;
  guardrails: GuardrailRules;
  integrations: ScmIntegrationRegistry;
  providers: Partial<Record<GitProviderKind, GitProvider>>;
  /** Policies checked after `guardrails`; more come through `extend`. */
  guardrailPolicies?: KedaGuardrailPolicy[];
  /** CRD-schema check for the manifests, when loaded. */
  validation?: () => Promise<ValidationOptions>;
  /** Reviewers for an entity (e.g. its owning group as a GitHub team). */
  reviewersFor?: (entity: Entity) => string[];
  /** How often a proposal re-reads and merges when the branch moved under it. */
  maxAttempts?: number;
}

/**
 * The GitOps engine service: plans and proposes scaling changes as pull
 * requests. Re-running it is safe: the branch is deterministic, an
 * unchanged plan commits nothing, and commits others pushed to the branch
 * are merged, never pushed over.
 *
 * @public
 */
export interface GitopsEngine {
  /** Where the entity's manifests go; throws InputError naming the annotation to fix. */
  target(entity: Entity): ChangeTarget;
  /**
   * A workload's settings as Git holds them: at the tip of the entity's
   * proposal branch when it exists (what its pull request would merge), else
   * on the base branch. Undefined when the entity's folder has no such
   * ScaledObject or ScaledJob.
   */
  currentIntent(
    entity: Entity,
    query: CurrentIntentQuery,
  ): Promise<CurrentIntentResult | undefined>;
  /**
   * The GitOps repositories a proposal may go to (`keda.gitops.repositories`
   * and `keda.gitops.repo`), for forms; never their push remotes.
   */
  repositories(): GitopsRepositories;
  /** The platform team's effective limits for this entity, for forms. */
  guardrailsFor(entity: Entity, namespace?: string): EffectiveGuardrails;
  /** Guardrail, policy and domain checks of an intent for this entity, without reading Git. */
  check(entity: Entity, intent: ScalingIntent): Promise<ManifestProblem[]>;
  /** The plan for an intent: file edits, diff, validation. Reads Git, writes nothing. */
  plan(
    entity: Entity,
    intent: ScalingIntent,
    context?: ProposalContext,
  ): Promise<ChangePlan>;
  /**
   * Plans and proposes in one step, one at a time per branch in this
   * process; across processes the branch update is a compare-and-swap.
   */
  propose(
    entity: Entity,
    intent: ScalingIntent,
    context?: ProposalContext,
  ): Promise<ProposalResult>;
  /** Open proposals for the entity, over every environment. */
  listProposals(entity: Entity): Promise<PullRequestInfo[]>;
  /**
   * Adds Git providers (replacing a built-in one of the same kind) and
   * guardrail policies; what the KEDA plugin's extension points collected.
   */
  extend(additions: {
    gitProviders?: GitProvider[];
    guardrailPolicies?: KedaGuardrailPolicy[];
  }): void;
}
