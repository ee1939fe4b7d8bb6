/**
 * Shared types of the GitOps engine: where a change goes, what a layout
 * edits, and what a Git provider must do. The engine (engine.ts) ties them
 * together; layouts and providers never call each other.
 */
import type {
  KedaManifest,
  ManifestProblem,
  ScalingIntent,
} from '@keda-portal/plugin-keda-common';

/**
 * How a GitOps folder is organised.
 *
 * @public
 */
export type GitopsLayout = 'kustomize' | 'helm-values' | 'plain';

/**
 * Which kind of Git host a repository lives on: the built-in `github`,
 * `gitlab` and `git` (any remote), or the kind of a provider added through
 * `kedaGitProvidersExtensionPoint`, such as `bitbucketServer`.
 *
 * @public
 */
export type GitProviderKind = 'github' | 'gitlab' | 'git' | (string & {});

/**
 * Where an entity's KEDA manifests live.
 *
 * @public
 */
export interface ChangeTarget {
  provider: GitProviderKind;
  /** Repository URL as written in the annotation or config. */
  repoUrl: string;
  /** Folder inside the repository, posix, no leading or trailing slash ('' = root). */
  path: string;
  layout: GitopsLayout;
  /** Branch pull requests target; the repository's default when absent. */
  baseBranch?: string;
  /** For `helm-values`: the values file, relative to `path`. Default `values.yaml`. */
  valuesFile?: string;
  /** Environment name used in the branch name, e.g. `production`. */
  environment: string;
  /** Folders (repo-relative) searched for Argo CD Applications. */
  argoCdPaths: string[];
}

/**
 * File contents by repo-relative posix path.
 *
 * @public
 */
export type FileMap = Record<string, string>;

/**
 * One file a plan writes.
 *
 * @public
 */
export interface FileEdit {
  /** Repo-relative posix path. */
  path: string;
  /** Content before; absent for a new file. */
  before?: string;
  /** Content after. Deleting files is never part of a plan. */
  after: string;
  /** Why this file changes, in plain words. */
  reason: string;
}

/** What a layout gets: the files it may read and what to put there. */
export interface LayoutInput {
  target: ChangeTarget;
  /**
   * Current contents of every file under `target.path` (recursively) and
   * under each of `target.argoCdPaths`, keyed by repo-relative path.
   */
  files: FileMap;
  /** Manifests from `buildManifests(intent)`: the scaled object first, then TriggerAuthentications. */
  manifests: KedaManifest[];
  intent: ScalingIntent;
}

/** What a layout returns: the edits and the notes a reviewer should read. */
export interface LayoutResult {
  /** Only files whose content actually changes. */
  edits: FileEdit[];
  /**
   * Plain-language notes for the pull request, e.g. that `spec.replicas`
   * was removed from the Deployment and why.
   */
  notes: string[];
}

/** A layout: pure, deterministic, no I/O. */
export type LayoutEditor = (input: LayoutInput) => LayoutResult;

/**
 * An open (or recently closed) pull request or merge request.
 *
 * @public
 */
export interface PullRequestInfo {
  /** Number (GitHub) or iid (GitLab); absent for plain Git, where the branch is the proposal. */
  number?: number;
  url: string;
  state: 'open' | 'closed' | 'merged';
  branch: string;
  title: string;
  /** Body or description as stored by the provider. */
  body?: string;
}

/**
 * One commit on a branch, newest first in {@link RepoSnapshot.history}.
 *
 * @public
 */
export interface CommitInfo {
  sha: string;
  message: string;
}

/**
 * Everything a plan needs from the repository, read in as few calls as possible.
 *
 * @public
 */
export interface RepoSnapshot {
  /** The base branch actually used (the default branch when none was asked for). */
  baseBranch: string;
  baseCommit: string;
  /** Tip of the proposal branch when it exists. */
  branchCommit?: string;
  /**
   * Recent commits of the proposal branch, newest first (at most 20); empty
   * when the branch does not exist. Our own commits carry the trailer
   * `Keda-Portal-Change: <entity ref>`.
   */
  history: CommitInfo[];
  /** Contents under the requested folders at the branch tip if it exists, else at the base. */
  files: FileMap;
  /** The open pull request from the branch, if any. */
  openPullRequest?: PullRequestInfo;
}

/**
 * Request for {@link GitProvider.snapshot}.
 *
 * @public
 */
export interface SnapshotRequest {
  repoUrl: string;
  baseBranch?: string;
  branch: string;
  /** Repo-relative folders to read recursively ('' = whole repo). */
  folders: string[];
  /** Read at this commit instead of the branch or base tip. */
  at?: string;
}

/**
 * Request for {@link GitProvider.commit}.
 *
 * @public
 */
export interface CommitRequest {
  repoUrl: string;
  branch: string;
  /** Parent of the new commit. */
  parent: string;
  /**
   * Where the branch must point now for the update to go through
   * (compare-and-swap); undefined means the branch must not exist yet.
   */
  expectedTip?: string;
  /** Full new contents of each changed file; every other file stays as in `parent`. */
  files: Array<{ path: string; content: string }>;
  message: string;
}

/**
 * Request for {@link GitProvider.openPullRequest}.
 *
 * @public
 */
export interface PullRequestRequest {
  repoUrl: string;
  branch: string;
  baseBranch: string;
  title: string;
  body: string;
  labels: string[];
  /** Team slugs (GitHub `org/team`) or user names asked to review. */
  reviewers: string[];
  /** Update this one instead of creating a new one. */
  existing?: PullRequestInfo;
}

/**
 * A Git host. Built in: `git` (any remote, through the git CLI), `github`
 * and `gitlab` (their HTTP APIs, credentials from the integration package).
 * Adopters add others through `kedaGitProvidersExtensionPoint`; the
 * provider contract suite in `__testUtils__` says what each must do.
 *
 * @public
 */
export interface GitProvider {
  readonly kind: GitProviderKind;
  /** Reads the snapshot: for GitHub one GraphQL call, for plain Git one fetch. */
  snapshot(request: SnapshotRequest): Promise<RepoSnapshot>;
  /**
   * Writes one commit and moves the branch to it, only if the branch still
   * points at `expectedTip`. Never forces. Throws {@link BranchMovedError}
   * when the branch moved (someone else pushed): the engine then re-reads
   * and merges.
   */
  commit(request: CommitRequest): Promise<{ sha: string }>;
  /** Creates the pull request, or updates title and body of `existing`. */
  openPullRequest(request: PullRequestRequest): Promise<PullRequestInfo>;
  /** Open pull requests whose branch starts with `branchPrefix`. */
  listPullRequests(
    repoUrl: string,
    branchPrefix: string,
  ): Promise<PullRequestInfo[]>;
}

/**
 * The branch moved under us: re-read, merge and try again.
 *
 * @public
 */
export class BranchMovedError extends Error {
  readonly name = 'BranchMovedError';
  constructor(readonly branch: string, message?: string) {
    super(
      message ?? `Branch ${branch} moved while the change was being written`,
    );
  }
}

/**
 * A whole change, ready to propose: what changes, why, and how it checks out.
 *
 * @public
 */
export interface ChangePlan {
  entityRef: string;
  target: ChangeTarget;
  /** Proposal branch: `keda/<namespace>/<kind>/<name>/<environment>`. */
  branch: string;
  intent: ScalingIntent;
  manifests: KedaManifest[];
  edits: FileEdit[];
  notes: string[];
  /** Problems from the domain core's validation and the guardrails; none = valid. */
  problems: ManifestProblem[];
  /** Secret keys the TriggerAuthentications read, which must exist in the cluster. */
  secretKeys: Array<{
    namespace: string;
    secret: string;
    key: string;
    parameter: string;
  }>;
  /** Unified diff of all edits. */
  diff: string;
  /** The snapshot the edits were computed from. */
  basis: {
    /** Commit the edits apply to (branch tip, or base when there is no branch). */
    commit: string;
    baseBranch: string;
    branchExists: boolean;
    /** Contents of the edited files at `commit` (absent = file did not exist). */
    files: Record<string, string | undefined>;
  };
  openPullRequest?: PullRequestInfo;
  title: string;
  body: string;
}
