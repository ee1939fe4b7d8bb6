/**
 * What the proposing actions share: one run of the change use case (a plan
 * in a dry run, else a proposal written at most once per task), and the
 * step outputs it becomes.
 */
import type {
  ChangePreview,
  ChangeProposal,
} from '@keda-portal/plugin-keda-common';
import type {
  KedaChangeCaller,
  KedaChangeRequest,
  KedaChangeService,
  KedaNewComponentRequest,
} from '@keda-portal/plugin-keda-node';
import type { Z } from './intent';

/** What a proposal step reports. */
export type ProposeOutcome = {
  status: 'created' | 'updated' | 'unchanged' | 'dry-run';
  branch: string;
  /** The branch the pull request merges into. */
  baseBranch: string;
  diff: string;
  files: string[];
  pullRequestUrl?: string;
  pullRequestNumber?: number;
  commit?: string;
  /** Notes for the reviewer, e.g. which catalog annotations to add by hand. */
  notes?: string[];
};

/** Emits an outcome as step outputs, leaving out what is not there. */
export function emitOutcome<K extends string>(
  output: (name: K, value: any) => void,
  outcome: ProposeOutcome,
) {
  for (const [name, value] of Object.entries(outcome)) {
    if (value !== undefined) output(name as K, value);
  }
}

function fromPreview(plan: ChangePreview): Omit<ProposeOutcome, 'status'> {
  const pr = plan.openPullRequest;
  return {
    branch: plan.branch,
    baseBranch: plan.baseBranch,
    diff: plan.diff,
    files: plan.edits.map(e => e.path),
    notes: plan.notes,
    ...(pr && { pullRequestUrl: pr.url }),
    ...(pr?.number !== undefined && { pullRequestNumber: pr.number }),
  };
}

function fromProposal(result: ChangeProposal): ProposeOutcome {
  const pr = result.pullRequest;
  return {
    ...fromPreview(result.plan),
    status: result.status,
    ...(pr && { pullRequestUrl: pr.url }),
    ...(pr?.number !== undefined && { pullRequestNumber: pr.number }),
    ...(result.commit && { commit: result.commit }),
  };
}

/**
 * Runs one proposal through the change use case or, in a dry run, only its
 * plan; an invalid intent is refused with the same message either way,
 * before Git is read.
 */
export async function runProposal(options: {
  changes: KedaChangeService;
  request: KedaChangeRequest | KedaNewComponentRequest;
  caller: KedaChangeCaller;
  isDryRun?: boolean;
  /** The step's `ctx.checkpoint`. */
  checkpoint: (opts: { key: string; fn: () => Promise<any> }) => Promise<any>;
}): Promise<ProposeOutcome> {
  const { changes, request, caller } = options;
  if (options.isDryRun) {
    const plan = await changes.preview(request, caller, {
      refuseProblems: true,
    });
    return { status: 'dry-run', ...fromPreview(plan) };
  }
  // A task that is retried after this step wrote its commit gets the stored
  // answer (JSON, as the API sends it) back instead of proposing again.
  const result = await changes.propose(request, caller, {
    once: (key, write) => options.checkpoint({ key, fn: write }),
  });
  return fromProposal(result);
}

/** Output schema shared by the proposing actions. */
export const proposalOutputSchema = {
  status: (z: Z) =>
    z
      .enum(['created', 'updated', 'unchanged', 'dry-run'])
      .describe(
        'created / updated: a commit was written; unchanged: the branch already holds this change; dry-run: nothing was written',
      ),
  branch: (z: Z) =>
    z
      .string()
      .describe(
        'The proposal branch, keda/<namespace>/<kind>/<name>/<environment>',
      ),
  baseBranch: (z: Z) =>
    z.string().describe('The branch the pull request merges into'),
  diff: (z: Z) =>
    z.string().describe('Unified diff of the proposed file changes'),
  files: (z: Z) =>
    z
      .array(z.string())
      .describe('Repository paths the proposal adds or changes'),
  pullRequestUrl: (z: Z) =>
    z
      .string()
      .optional()
      .describe(
        'The pull or merge request (for a plain Git remote: the repository URL with #<branch>); in a dry run only when one is already open',
      ),
  pullRequestNumber: (z: Z) =>
    z
      .number()
      .optional()
      .describe('Number (GitHub) or iid (GitLab) of the pull request'),
  commit: (z: Z) =>
    z.string().optional().describe('The commit written, when one was'),
  notes: (z: Z) =>
    z
      .array(z.string())
      .optional()
      .describe(
        "Notes for the reviewer, e.g. the catalog annotations to add by hand when the component's catalog-info.yaml is not in the GitOps repository",
      ),
};
