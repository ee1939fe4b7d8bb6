/**
 * Shapes of the change endpoints (`/entities/:ns/:kind/:name/changes...`)
 * as the frontend reads them.
 */
import type {
  ManifestProblem,
  ScalingIntent,
  ScalingKind,
} from '@keda-portal/plugin-keda-common';

/**
 * A pull request (or merge request) proposing a scaling change.
 *
 * @public
 */
export interface ChangePullRequest {
  /** Number (GitHub) or iid (GitLab); absent for plain Git, where the branch is the proposal. */
  number?: number;
  url: string;
  state: 'open' | 'closed' | 'merged';
  branch: string;
  title: string;
}

/**
 * What a change would do, from `POST .../changes/preview`. Nothing is written.
 *
 * @public
 */
export interface ChangePreview {
  entityRef: string;
  repository: string;
  path: string;
  layout: string;
  environment: string;
  /** The proposal branch. */
  branch: string;
  baseBranch: string;
  /** Files the change writes. */
  edits: Array<{ path: string; reason: string; created: boolean }>;
  /** Unified diff of every edit. */
  diff: string;
  /** Notes for the reviewer, in plain words. */
  notes: string[];
  /** Validation and guardrail problems; none means the change may be proposed. */
  problems: ManifestProblem[];
  /** Secret keys the TriggerAuthentications read; they must exist in the cluster. */
  secretKeys: Array<{
    namespace: string;
    secret: string;
    key: string;
    parameter: string;
  }>;
  title: string;
  body: string;
  /** The pull request already open from the branch, which a proposal updates. */
  openPullRequest?: ChangePullRequest;
  valid: boolean;
}

/**
 * What a proposal did, from `POST .../changes`.
 *
 * @public
 */
export interface ChangeProposal {
  /** `unchanged`: the branch already holds this change; nothing was written. */
  status: 'created' | 'updated' | 'unchanged';
  pullRequest?: ChangePullRequest;
  /** The commit written, when one was. */
  commit?: string;
  plan: ChangePreview;
}

/**
 * The platform team's limits for an entity, from `GET .../changes/guardrails`.
 *
 * @public
 */
export interface ChangeGuardrails {
  /** Largest allowed `maxReplicaCount`. */
  maxReplicaCount?: number;
  /** Only these trigger types may be used. */
  allowedTriggerTypes?: string[];
  /** These trigger types may not be used. */
  deniedTriggerTypes?: string[];
  /** Shortest allowed polling interval, in seconds. */
  minPollingInterval?: number;
  /** `external`: a ScaledObject with an external trigger needs a fallback. */
  fallbackRequiredFor: 'external' | 'none';
  /** Whether a ScaledObject of this entity may scale to zero. */
  scaleToZeroAllowed: boolean;
}

/**
 * Which workload's current settings to read.
 *
 * @public
 */
export interface WorkloadRef {
  name: string;
  kind?: ScalingKind;
  /** Namespace of the workload, when the manifest in Git leaves it to the folder. */
  namespace?: string;
}

/**
 * A workload's settings as Git holds them, from `GET .../changes/current`.
 *
 * @public
 */
export interface CurrentIntentResponse {
  intent: ScalingIntent;
  /** Fields in Git a scaling intent cannot hold; a proposal would remove them. */
  unsupported: string[];
  source: {
    /** File holding the object. */
    path: string;
    commit: string;
    branch: string;
    /** True when read from the open proposal's branch. */
    proposalBranch: boolean;
  };
}

/**
 * Where a component without `keda-portal.io/gitops-*` annotations should get
 * its manifests; the pull request adds the annotations.
 *
 * @public
 */
export interface GitopsChoice {
  /** Repository URL, one the backend knows (`keda.gitops.repositories`). */
  repo?: string;
  /** Folder inside the repository, e.g. `apps/shop-web`. */
  path?: string;
  /** `plain`, `kustomize` or `helm-values`. */
  layout?: string;
}

/**
 * Options of a preview or proposal.
 *
 * @public
 */
export interface ChangeOptions {
  /** For a component without GitOps annotations: where its manifests go. */
  gitops?: GitopsChoice;
}

/**
 * Answer of `GET /api/keda/changes/repositories`.
 *
 * @public
 */
export interface GitopsRepositories {
  repositories: Array<{ url: string; provider: string; baseBranch?: string }>;
  /** `keda.gitops` defaults; `path` may hold `{name}`. */
  defaults: { repo?: string; path?: string; layout?: string };
}
