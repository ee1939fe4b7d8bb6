/**
 * Writes a plan: one commit, compare-and-swapped onto the branch (merged
 * onto what others pushed when it moved), then the pull request opened or
 * updated. No branch is left without its pull request.
 */
import { ConflictError, InputError } from '@backstage/errors';
import type { ProposalResult } from './engine';
import { mergeThreeWay } from './merge';
import { CHANGE_TRAILER, conflictError, dirname } from './planEdits';
import {
  BranchMovedError,
  type ChangePlan,
  type GitProvider,
  type PullRequestInfo,
} from './types';

/** What writing needs besides the plan. */
export interface WriteOptions {
  provider: GitProvider;
  labels: string[];
  reviewers: string[];
  /** How often to re-read and merge when the branch moved. */
  maxAttempts: number;
}

/** Where the next commit goes, and what it holds. */
interface CommitState {
  files: Array<{ path: string; content: string }>;
  parent: string;
  expectedTip?: string;
  openPr?: PullRequestInfo;
}

/** The first problem as an InputError, counting the others. */
function problemsError(plan: ChangePlan) {
  const first = plan.problems[0];
  return new InputError(
    `${first.message} ${first.fix}${
      plan.problems.length > 1
        ? ` (and ${plan.problems.length - 1} more problems)`
        : ''
    }`,
  );
}

/** Writes the plan; see the file comment. */
export async function writeProposal(
  plan: ChangePlan,
  options: WriteOptions,
): Promise<ProposalResult> {
  if (plan.problems.length) {
    throw problemsError(plan);
  }
  const { provider } = options;
  const state: CommitState = {
    files: plan.edits.map(e => ({ path: e.path, content: e.after })),
    parent: plan.basis.commit,
    expectedTip: plan.basis.branchExists ? plan.basis.commit : undefined,
    openPr: plan.openPullRequest,
  };
  const open = (existing?: PullRequestInfo) =>
    provider.openPullRequest({
      repoUrl: plan.target.repoUrl,
      branch: plan.branch,
      baseBranch: plan.basis.baseBranch,
      title: plan.title,
      body: plan.body,
      labels: options.labels,
      reviewers: options.reviewers,
      existing,
    });

  // The branch holds the change already. When its pull request is missing
  // (closed, or a failure between push and open, here or in another
  // instance), open it so no branch is left without one.
  const nothingToWrite = async (): Promise<ProposalResult> => {
    if (!state.openPr && provider.kind !== 'git') {
      return { status: 'created', pullRequest: await open(), plan };
    }
    return { status: 'unchanged', pullRequest: state.openPr, plan };
  };

  if (!state.files.length) {
    if (!plan.basis.branchExists) {
      return { status: 'unchanged', pullRequest: state.openPr, plan };
    }
    return nothingToWrite();
  }
  const commit = await commitWithRetries(plan, state, options);
  if (commit === undefined) {
    return nothingToWrite();
  }
  return {
    status: state.openPr || state.expectedTip ? 'updated' : 'created',
    pullRequest: await open(state.openPr),
    commit,
    plan,
  };
}

/**
 * Commits, and when the branch moved re-reads it, merges the plan's edits
 * onto it and tries again. Undefined when, after a merge, nothing is left
 * to write (the branch holds the change).
 */
async function commitWithRetries(
  plan: ChangePlan,
  state: CommitState,
  { provider, maxAttempts }: WriteOptions,
): Promise<string | undefined> {
  const message = `${plan.title}\n\n${plan.edits
    .map(e => `- ${e.path}: ${e.reason}`)
    .join('\n')}\n\n${CHANGE_TRAILER}: ${plan.entityRef}\n`;
  for (let attempt = 1; ; attempt++) {
    try {
      const { sha } = await provider.commit({
        repoUrl: plan.target.repoUrl,
        branch: plan.branch,
        parent: state.parent,
        expectedTip: state.expectedTip,
        files: state.files,
        message,
      });
      return sha;
    } catch (e) {
      if (!(e instanceof BranchMovedError)) {
        throw e;
      }
      if (attempt >= maxAttempts) {
        throw new ConflictError(
          `Branch ${plan.branch} kept moving while this change was written (${attempt} attempts): try again in a moment`,
        );
      }
    }
    // Someone pushed to the branch: merge our edits onto what is there now.
    const moved = await mergeOntoBranch(plan, provider);
    if (moved) {
      Object.assign(state, moved);
      if (!state.files.length) {
        return undefined;
      }
    }
  }
}

/**
 * The plan's edits merged onto the branch as it is now; undefined when the
 * branch was deleted meanwhile (the commit then starts it again from the base).
 */
async function mergeOntoBranch(
  plan: ChangePlan,
  provider: GitProvider,
): Promise<CommitState | undefined> {
  const now = await provider.snapshot({
    repoUrl: plan.target.repoUrl,
    baseBranch: plan.basis.baseBranch,
    branch: plan.branch,
    folders: [...new Set(plan.edits.map(ed => dirname(ed.path)))],
  });
  if (!now.branchCommit) {
    return undefined;
  }
  const files: Array<{ path: string; content: string }> = [];
  for (const edit of plan.edits) {
    const theirs = now.files[edit.path];
    const result = mergeThreeWay(
      plan.basis.files[edit.path] ?? '',
      edit.after,
      theirs ?? '',
    );
    if ('conflicts' in result) {
      throw conflictError(edit.path, result.conflicts[0].line, plan.branch);
    }
    if (result.text !== theirs) {
      files.push({ path: edit.path, content: result.text });
    }
  }
  return {
    files,
    parent: now.branchCommit,
    expectedTip: now.branchCommit,
    openPr: now.openPullRequest,
  };
}
