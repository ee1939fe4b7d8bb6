/**
 * Requests and answers of the change endpoints of `/api/keda`
 * (`/entities/:namespace/:kind/:name/changes...` and `/changes/...`). The
 * backend's routes, the change use case in plugin-keda-node and the
 * frontend's client all compile against these.
 */
import type { ManifestProblem, ScalingIntent, ScalingKind } from '../manifests';

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
 * A key of a Kubernetes Secret that a TriggerAuthentication of a change
 * reads, for the trigger parameter `parameter`.
 *
 * @public
 */
export interface ChangeSecretKey {
  namespace: string;
  secret: string;
  key: string;
  parameter: string;
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
  secretKeys: ChangeSecretKey[];
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
 * The intent of a change: `kubernetesId` may be left out, and is then the
 * entity's `backstage.io/kubernetes-id` (else its name).
 *
 * @public
 */
export type ChangeIntent = Omit<ScalingIntent, 'kubernetesId'> & {
  kubernetesId?: string;
};

/**
 * Body of `POST .../changes/preview` and `POST .../changes`.
 *
 * @public
 */
export interface ChangeRequestBody extends ChangeOptions {
  intent: ChangeIntent;
}

/**
 * Answer of `GET .../changes`: the entity's open proposals.
 *
 * @public
 */
export interface ChangeListResponse {
  pullRequests: ChangePullRequest[];
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

/**
 * Query of `GET /api/keda/changes/diff`.
 *
 * @public
 */
export interface ProposalDiffQuery {
  /** The GitOps repository URL. */
  repo: string;
  /** The proposal branch, `keda/<namespace>/<kind>/<name>/<environment>`. */
  branch: string;
}

/**
 * Answer of `GET /api/keda/changes/diff?repo=&branch=`: a proposal branch of
 * a plain Git repository (which has no pull-request page of its own), its
 * commits and its diff since it left the base branch.
 *
 * @public
 */
export interface ProposalDiffResponse {
  /** The entity the branch name encodes. */
  entityRef: string;
  repoUrl: string;
  branch: string;
  baseBranch: string;
  /** Tip of the base branch. */
  baseCommit: string;
  /** Tip of the proposal branch. */
  branchCommit: string;
  /** Where the branch left the base branch; the diff starts here. */
  mergeBase: string;
  /** Subject of the branch's newest commit. */
  title: string;
  /** The branch's commits since the merge base, newest first. */
  commits: Array<{
    sha: string;
    subject: string;
    author: string;
    date: string;
  }>;
  /** Unified diff from the merge base to the branch's tip. */
  diff: string;
}
