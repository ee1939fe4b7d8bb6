/**
 * The engine's plans and pull requests as the API shows them: everything
 * but the engine's internals (file contents, manifests, pull-request bodies).
 */
import type {
  ChangePreview,
  ChangeProposal,
  ChangePullRequest,
} from '@keda-portal/plugin-keda-common';
import type { ProposalResult } from '../gitops/engine';
import type { ChangePlan, PullRequestInfo } from '../gitops/types';

export function pullRequestView({
  body: _body,
  ...pr
}: PullRequestInfo): ChangePullRequest {
  return pr;
}

export function planView(plan: ChangePlan): ChangePreview {
  return {
    entityRef: plan.entityRef,
    repository: plan.target.repoUrl,
    path: plan.target.path,
    layout: plan.target.layout,
    environment: plan.target.environment,
    branch: plan.branch,
    baseBranch: plan.basis.baseBranch,
    edits: plan.edits.map(e => ({
      path: e.path,
      reason: e.reason,
      created: e.before === undefined,
    })),
    diff: plan.diff,
    notes: plan.notes,
    problems: plan.problems,
    secretKeys: plan.secretKeys,
    title: plan.title,
    body: plan.body,
    ...(plan.openPullRequest && {
      openPullRequest: pullRequestView(plan.openPullRequest),
    }),
    valid: plan.problems.length === 0,
  };
}

export function proposalView(result: ProposalResult): ChangeProposal {
  return {
    status: result.status,
    ...(result.pullRequest && {
      pullRequest: pullRequestView(result.pullRequest),
    }),
    ...(result.commit && { commit: result.commit }),
    plan: planView(result.plan),
  };
}
