/**
 * The contract every Git provider keeps, as one set of cases run against each
 * (plain Git on a real repository; GitHub and GitLab through their fakes):
 * what a snapshot reads, that a commit is a compare-and-swap that never
 * drops someone else's commit, and what a proposal looks like afterwards.
 * What only one host does (call counts, its error texts, rate limits) stays
 * in that provider's own test file.
 */
import { InputError } from '@backstage/errors';
import { BranchMovedError, type GitProvider } from '../../types';

/** The files every contract run starts from, on `main`. */
export const CONTRACT_FILES: Record<string, string> = {
  'apps/shop/overlays/production/kustomization.yaml':
    'resources:\n  - ../../base\n',
  'apps/shop/overlays/production/patch.yaml': 'kind: Deployment\n',
  'apps/shop/base/deployment.yaml': 'kind: Deployment\nspec:\n  replicas: 2\n',
  'argocd/shop.yaml': 'kind: Application\n',
  'README.md': '# gitops\n',
};

/** A provider under test, and a look at its repository from the side. */
export interface ProviderHarness {
  provider: GitProvider;
  repoUrl: string;
  /** Where a branch points, or undefined when it does not exist. */
  tip(branch: string): string | undefined;
  /** Every file of a commit. */
  filesAt(sha: string): Record<string, string>;
  /** A commit's first parent. */
  parentOf(sha: string): string | undefined;
  /** Someone else pushes `files` on top of an existing branch; returns their commit. */
  push(branch: string, files: Record<string, string>): string;
  /** Someone else creates `branch` at main's tip. */
  createBranch(branch: string): void;
  cleanup(): void;
}

const BRANCH = 'keda/default/component/shop/production';
const FOLDER = 'apps/shop/overlays/production';
const MESSAGE = 'Autoscale shop\n\nKeda-Portal-Change: component:default/shop';

/** What {@link proposeChange} proposes. */
export interface ChangeToPropose {
  repoUrl: string;
  branch: string;
  /** Folders the snapshot reads. */
  folders: string[];
  /** New contents by path. */
  content: Record<string, string>;
  title?: string;
  labels?: string[];
  reviewers?: string[];
}

/** What the engine does for one change: snapshot, commit, open or update the proposal. */
export async function proposeChange(
  provider: GitProvider,
  change: ChangeToPropose,
) {
  const { repoUrl, branch, title = 'Autoscale shop' } = change;
  const snap = await provider.snapshot({
    repoUrl,
    branch,
    folders: change.folders,
  });
  const { sha } = await provider.commit({
    repoUrl,
    branch,
    parent: snap.branchCommit ?? snap.baseCommit,
    expectedTip: snap.branchCommit,
    files: Object.entries(change.content).map(([path, content]) => ({
      path,
      content,
    })),
    message: `${title}\n\nKeda-Portal-Change: component:default/shop`,
  });
  const pr = await provider.openPullRequest({
    repoUrl,
    branch,
    baseBranch: snap.baseBranch,
    title,
    body: 'Adds a ScaledObject.',
    labels: change.labels ?? ['keda'],
    reviewers: change.reviewers ?? ['alice'],
    existing: snap.openPullRequest,
  });
  return { snap, sha, pr };
}

/** The steps the contract's cases take on a harness. */
function contractSteps(h: ProviderHarness) {
  return {
    snapshot: (extra: { at?: string; baseBranch?: string } = {}) =>
      h.provider.snapshot({
        repoUrl: h.repoUrl,
        branch: BRANCH,
        folders: [FOLDER, 'argocd'],
        ...extra,
      }),
    propose: (
      content: Record<string, string>,
      title?: string,
      branch = BRANCH,
    ) =>
      proposeChange(h.provider, {
        repoUrl: h.repoUrl,
        branch,
        folders: [FOLDER, 'argocd'],
        content,
        title,
      }),
  };
}

/** Reads the requested folders, recursively, from the base when the branch does not exist. */
async function readsRequestedFolders(h: ProviderHarness) {
  const t = contractSteps(h);
  expect(await t.snapshot()).toEqual({
    baseBranch: 'main',
    baseCommit: h.tip('main'),
    branchCommit: undefined,
    history: [],
    files: {
      [`${FOLDER}/kustomization.yaml`]:
        CONTRACT_FILES[`${FOLDER}/kustomization.yaml`],
      [`${FOLDER}/patch.yaml`]: CONTRACT_FILES[`${FOLDER}/patch.yaml`],
      'argocd/shop.yaml': CONTRACT_FILES['argocd/shop.yaml'],
    },
    openPullRequest: undefined,
  });
}

/** Reads the whole repository for the folder "". */
async function readsWholeRepository(h: ProviderHarness) {
  const snap = await h.provider.snapshot({
    repoUrl: h.repoUrl,
    branch: BRANCH,
    folders: ['', 'argocd'],
  });
  expect(snap.files).toEqual(CONTRACT_FILES);
}

/** Names a base branch that does not exist. */
async function namesBaseBranch(h: ProviderHarness) {
  const t = contractSteps(h);
  await expect(t.snapshot({ baseBranch: 'release-9' })).rejects.toThrow(
    /'release-9'/,
  );
}

/** Reads at a given commit when asked. */
async function readsAtCommit(h: ProviderHarness) {
  const t = contractSteps(h);
  const old = h.tip('main')!;
  h.push('main', { 'argocd/shop.yaml': 'kind: Application # v2\n' });
  const snap = await t.snapshot({ at: old });
  expect(snap.files['argocd/shop.yaml']).toBe('kind: Application\n');
  expect(snap.baseCommit).toBe(h.tip('main'));
}

/** Starts a new branch with one commit on the base that changes only the files sent. */
async function startsNewBranch(h: ProviderHarness) {
  const t = contractSteps(h);
  const change = {
    [`${FOLDER}/scaledobject.yaml`]: 'kind: ScaledObject\n',
    [`${FOLDER}/kustomization.yaml`]:
      'resources:\n  - ../../base\n  - scaledobject.yaml\n',
  };
  const { snap, sha, pr } = await t.propose(change);
  expect(h.tip(BRANCH)).toBe(sha);
  expect(h.parentOf(sha)).toBe(snap.baseCommit);
  expect(h.filesAt(sha)).toEqual({ ...CONTRACT_FILES, ...change });
  expect(h.tip('main')).toBe(snap.baseCommit);
  expect(pr).toMatchObject({
    state: 'open',
    branch: BRANCH,
    title: 'Autoscale shop',
  });
}

/** Reads the branch, its history and its open proposal once they exist. */
async function readsBranchHistory(h: ProviderHarness) {
  const t = contractSteps(h);
  const first = await t.propose({
    [`${FOLDER}/scaledobject.yaml`]: 'kind: ScaledObject\n',
  });
  const snap = await t.snapshot({ baseBranch: 'main' });
  expect(snap.branchCommit).toBe(first.sha);
  expect(snap.history.map(c => c.sha)).toEqual([first.sha, h.tip('main')]);
  expect(snap.history[0].message).toBe(MESSAGE);
  expect(snap.files[`${FOLDER}/scaledobject.yaml`]).toBe(
    'kind: ScaledObject\n',
  );
  expect(snap.openPullRequest).toMatchObject({
    url: first.pr.url,
    state: 'open',
    branch: BRANCH,
    title: 'Autoscale shop',
  });
}

/** Updates a branch with a commit on its tip, and its proposal in place. */
async function updatesBranch(h: ProviderHarness) {
  const t = contractSteps(h);
  const first = await t.propose({
    [`${FOLDER}/scaledobject.yaml`]: 'kind: ScaledObject\n',
  });
  const second = await t.propose(
    { [`${FOLDER}/scaledobject.yaml`]: 'kind: ScaledObject\nspec: {}\n' },
    'Autoscale shop (v2)',
  );
  expect(h.parentOf(second.sha)).toBe(first.sha);
  expect(h.tip(BRANCH)).toBe(second.sha);
  expect(second.pr.url).toBe(first.pr.url);
  expect(await h.provider.listPullRequests(h.repoUrl, 'keda/')).toEqual([
    expect.objectContaining({
      url: first.pr.url,
      branch: BRANCH,
      state: 'open',
      title: 'Autoscale shop (v2)',
    }),
  ]);
}

/** Throws BranchMovedError, and keeps their commit, when someone pushed to the branch. */
async function refusesMovedBranch(h: ProviderHarness) {
  const t = contractSteps(h);
  await t.propose({
    [`${FOLDER}/scaledobject.yaml`]: 'kind: ScaledObject\n',
  });
  const snap = await t.snapshot();
  const theirs = h.push(BRANCH, {
    'argocd/shop.yaml': 'kind: Application # reviewer\n',
  });
  const error = await h.provider
    .commit({
      repoUrl: h.repoUrl,
      branch: BRANCH,
      parent: snap.branchCommit!,
      expectedTip: snap.branchCommit,
      files: [{ path: `${FOLDER}/scaledobject.yaml`, content: 'x: 1\n' }],
      message: 'update',
    })
    .catch(e => e);
  expect(error).toBeInstanceOf(BranchMovedError);
  expect(error.branch).toBe(BRANCH);
  expect(h.tip(BRANCH)).toBe(theirs);
}

/** Throws BranchMovedError, and leaves it alone, when the branch was created meanwhile. */
async function refusesBranchCreatedMeanwhile(h: ProviderHarness) {
  const t = contractSteps(h);
  const snap = await t.snapshot();
  h.createBranch(BRANCH);
  const error = await h.provider
    .commit({
      repoUrl: h.repoUrl,
      branch: BRANCH,
      parent: snap.baseCommit,
      files: [{ path: 'a.yaml', content: 'a: 1\n' }],
      message: 'create',
    })
    .catch(e => e);
  expect(error).toBeInstanceOf(BranchMovedError);
  expect(error.branch).toBe(BRANCH);
  expect(h.tip(BRANCH)).toBe(snap.baseCommit);
}

/** Refuses a commit without files, or one whose parent is not the expected tip, and writes nothing. */
async function refusesCommitWithout(h: ProviderHarness) {
  const t = contractSteps(h);
  const { sha } = await t.propose({ 'a.yaml': 'a: 1\n' });
  const base = h.tip('main')!;
  const request = {
    repoUrl: h.repoUrl,
    branch: BRANCH,
    message: 'bad',
  };
  await expect(
    h.provider.commit({
      ...request,
      parent: sha,
      expectedTip: sha,
      files: [],
    }),
  ).rejects.toThrow(
    new InputError(`Nothing to commit to ${BRANCH}: no files changed`),
  );
  await expect(
    h.provider.commit({
      ...request,
      parent: base,
      expectedTip: sha,
      files: [{ path: 'a.yaml', content: 'a: 2\n' }],
    }),
  ).rejects.toThrow(
    `Cannot commit to ${BRANCH}: the parent ${base} is not the expected tip ${sha}`,
  );
  expect(h.tip(BRANCH)).toBe(sha);
}

/** Lists the open proposals whose branch starts with the prefix. */
async function listsOpenProposals(h: ProviderHarness) {
  const t = contractSteps(h);
  const ours = await t.propose({ 'a.yaml': 'a: 1\n' });
  await t.propose({ 'b.yaml': 'b: 1\n' }, 'Other work', 'feature/other');
  const listed = await h.provider.listPullRequests(
    h.repoUrl,
    'keda/default/component/shop/',
  );
  expect(listed).toEqual([
    expect.objectContaining({ url: ours.pr.url, branch: BRANCH }),
  ]);
  expect(await h.provider.listPullRequests(h.repoUrl, 'keda/other/')).toEqual(
    [],
  );
}

/**
 * The contract, case by case: each runs on a fresh harness over
 * {@link CONTRACT_FILES} and throws when the provider breaks it. A test
 * file runs every case against each provider.
 */
export const GIT_PROVIDER_CONTRACT: Record<
  string,
  (h: ProviderHarness) => Promise<void>
> = {
  'reads the requested folders, recursively, from the base when the branch does not exist':
    readsRequestedFolders,
  'reads the whole repository for the folder ""': readsWholeRepository,
  'names a base branch that does not exist': namesBaseBranch,
  'reads at a given commit when asked': readsAtCommit,
  'starts a new branch with one commit on the base that changes only the files sent':
    startsNewBranch,
  'reads the branch, its history and its open proposal once they exist':
    readsBranchHistory,
  'updates a branch with a commit on its tip, and its proposal in place':
    updatesBranch,
  'throws BranchMovedError, and keeps their commit, when someone pushed to the branch':
    refusesMovedBranch,
  'throws BranchMovedError, and leaves it alone, when the branch was created meanwhile':
    refusesBranchCreatedMeanwhile,
  'refuses a commit without files, or one whose parent is not the expected tip, and writes nothing':
    refusesCommitWithout,
  'lists the open proposals whose branch starts with the prefix':
    listsOpenProposals,
};
