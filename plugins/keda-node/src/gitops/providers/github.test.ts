import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { http } from 'msw';
import { setupServer } from 'msw/node';
import { BranchMovedError } from '../types';
import { GithubProvider, GITHUB_TREE_DEPTH } from './github';
import {
  FakeGithub,
  FakePull,
  GITHUB_TEST_API as API,
  GITHUB_TEST_TOKEN as TOKEN,
  json,
} from './__testUtils__/githubFake';
import { RateLimitedError } from './http';
import { proposeChange } from './__testUtils__/providerContract';
import { blobSha, FakeGitStore } from './__testUtils__/gitStoreFake';

const REPO_URL = 'https://github.com/acme/gitops';
const BRANCH = 'keda/default/component/shop/production';

const integrations = ScmIntegrations.fromConfig(
  new ConfigReader({
    integrations: {
      github: [{ host: 'github.com', token: TOKEN }],
      gitlab: [{ host: 'gitlab.com', token: 'glpat-unused-here' }],
    },
  }),
);

const BASE_FILES = {
  'apps/shop/overlays/production/kustomization.yaml':
    'resources:\n  - ../../base\n',
  'apps/shop/overlays/production/patch.yaml': 'kind: Deployment\n',
  'apps/shop/base/deployment.yaml': 'kind: Deployment\nspec:\n  replicas: 2\n',
  'argocd/shop.yaml': 'kind: Application\n',
  'README.md': '# gitops\n',
};

let fake: FakeGithub;
const server = setupServer(
  http.all(`${API}/*`, ({ request }) => fake.handle(request)),
);
registerMswTestHooks(server);

describe('GithubProvider', () => {
  let waits: number[];
  let logger: { warn: jest.Mock; info: jest.Mock };
  let provider: GithubProvider;

  beforeEach(() => {
    fake = new FakeGithub(FakeGitStore.withFiles(BASE_FILES));
    waits = [];
    logger = { warn: jest.fn(), info: jest.fn() };
    provider = new GithubProvider({
      integrations,
      logger,
      retry: {
        attempts: 3,
        baseDelayMs: 10,
        maxDelayMs: 5_000,
        sleep: async ms => {
          waits.push(ms);
        },
      },
    });
  });

  const snapshot = (
    extra: Partial<Parameters<GithubProvider['snapshot']>[0]> = {},
  ) =>
    provider.snapshot({
      repoUrl: REPO_URL,
      branch: BRANCH,
      folders: ['apps/shop/overlays/production', 'argocd'],
      ...extra,
    });

  const propose = (content: Record<string, string>, title?: string) =>
    proposeChange(provider, {
      repoUrl: REPO_URL,
      branch: BRANCH,
      folders: ['apps/shop/overlays/production', 'argocd'],
      content,
      title,
      labels: ['keda', 'autoscaling'],
      reviewers: ['alice', 'acme/platform'],
    });

  it('reads the requested folders, recursively, in one GraphQL call', async () => {
    const snap = await snapshot();
    expect(fake.calls).toEqual(['GRAPHQL KedaSnapshot']);
    expect(snap).toEqual({
      baseBranch: 'main',
      baseCommit: fake.store.tip('main'),
      branchCommit: undefined,
      history: [],
      files: {
        'apps/shop/overlays/production/kustomization.yaml':
          BASE_FILES['apps/shop/overlays/production/kustomization.yaml'],
        'apps/shop/overlays/production/patch.yaml':
          BASE_FILES['apps/shop/overlays/production/patch.yaml'],
        'argocd/shop.yaml': BASE_FILES['argocd/shop.yaml'],
      },
      openPullRequest: undefined,
    });
  });

  it('reads the whole repository for the folder ""', async () => {
    const snap = await snapshot({ folders: ['', 'argocd'] });
    expect(snap.files).toEqual(BASE_FILES);
    // apps/shop/overlays/production is deeper than the query nests from the root.
    expect(fake.calls).toEqual(['GRAPHQL KedaSnapshot', 'GRAPHQL KedaTrees']);
    const { variables } = fake.bodies[0].body;
    expect(Object.keys(variables).sort()).toEqual([
      'branch',
      'branchRef',
      'name',
      'owner',
    ]);
  });

  it('follows folders deeper than the query nests, and large files through the blob API', async () => {
    const deep = `deep/${Array.from(
      { length: GITHUB_TREE_DEPTH + 2 },
      (_, i) => `l${i}`,
    ).join('/')}`;
    const big = 'x'.repeat(2000);
    fake.store.push('main', {
      [`${deep}/values.yaml`]: 'a: 1\n',
      'deep/big.yaml': big,
    });
    fake.truncateAbove = 1000;

    const snap = await snapshot({ folders: ['deep'] });
    expect(snap.files).toEqual({
      [`${deep}/values.yaml`]: 'a: 1\n',
      'deep/big.yaml': big,
    });
    expect(fake.calls).toEqual([
      'GRAPHQL KedaSnapshot',
      'GRAPHQL KedaTrees',
      `GET /repos/acme/gitops/git/blobs/${blobSha(big)}`,
    ]);
  });

  it('reads the branch, its history and its open pull request when they exist', async () => {
    const first = await propose({
      'apps/shop/overlays/production/scaledobject.yaml': 'kind: ScaledObject\n',
    });
    fake.calls.length = 0;

    const snap = await snapshot({ baseBranch: 'main' });
    expect(fake.calls).toEqual(['GRAPHQL KedaSnapshot']);
    expect(snap.branchCommit).toBe(first.sha);
    expect(snap.history[0]).toEqual({
      sha: first.sha,
      message: 'Autoscale shop\n\nKeda-Portal-Change: component:default/shop',
    });
    expect(snap.history).toHaveLength(2);
    expect(snap.files['apps/shop/overlays/production/scaledobject.yaml']).toBe(
      'kind: ScaledObject\n',
    );
    expect(snap.openPullRequest).toEqual({
      number: 1,
      url: 'https://github.com/acme/gitops/pull/1',
      state: 'open',
      branch: BRANCH,
      title: 'Autoscale shop',
      body: 'Adds a ScaledObject.',
    });
  });

  it('opens a new pull request in 7 calls, sending only the changed files', async () => {
    const change = {
      'apps/shop/overlays/production/scaledobject.yaml': 'kind: ScaledObject\n',
      'apps/shop/overlays/production/kustomization.yaml':
        'resources:\n  - ../../base\n  - scaledobject.yaml\n',
    };
    const { snap, sha, pr } = await propose(change);

    expect(fake.calls).toEqual([
      'GRAPHQL KedaSnapshot',
      'POST /repos/acme/gitops/git/trees',
      'POST /repos/acme/gitops/git/commits',
      'POST /repos/acme/gitops/git/refs',
      'POST /repos/acme/gitops/pulls',
      'POST /repos/acme/gitops/issues/1/labels',
      'POST /repos/acme/gitops/pulls/1/requested_reviewers',
    ]);
    expect(fake.calls.length).toBeLessThanOrEqual(8);

    const treeBody = fake.bodies.find(b => b.call.endsWith('/git/trees'))!.body;
    expect(treeBody.tree.map((e: any) => e.path).sort()).toEqual(
      Object.keys(change).sort(),
    );
    expect(treeBody.base_tree).toBe(fake.store.commit(snap.baseCommit)!.tree);

    expect(fake.store.tip(BRANCH)).toBe(sha);
    expect(fake.store.commit(sha)!.parents).toEqual([snap.baseCommit]);
    expect(Object.fromEntries(fake.store.filesAt(sha))).toEqual({
      ...BASE_FILES,
      ...change,
    });
    expect(pr).toEqual({
      number: 1,
      url: 'https://github.com/acme/gitops/pull/1',
      state: 'open',
      branch: BRANCH,
      title: 'Autoscale shop',
      body: 'Adds a ScaledObject.',
    });
    expect(fake.pulls[0]).toMatchObject({
      base: 'main',
      labels: ['keda', 'autoscaling'],
      reviewers: ['alice'],
      teams: ['platform'],
    });
  });

  it('updates an existing pull request: a commit on top, then PATCH of title and body', async () => {
    const first = await propose({
      'apps/shop/overlays/production/scaledobject.yaml': 'kind: ScaledObject\n',
    });
    fake.calls.length = 0;
    fake.bodies.length = 0;

    const second = await propose(
      {
        'apps/shop/overlays/production/scaledobject.yaml':
          'kind: ScaledObject\nspec: {}\n',
      },
      'Autoscale shop (v2)',
    );
    expect(fake.calls).toEqual([
      'GRAPHQL KedaSnapshot',
      'POST /repos/acme/gitops/git/trees',
      'POST /repos/acme/gitops/git/commits',
      `PATCH /repos/acme/gitops/git/refs/heads/${BRANCH}`,
      'PATCH /repos/acme/gitops/pulls/1',
      'POST /repos/acme/gitops/issues/1/labels',
    ]);
    expect(
      fake.bodies.find(b =>
        b.call.startsWith('PATCH /repos/acme/gitops/git/refs'),
      )!.body,
    ).toEqual({ sha: second.sha, force: false });
    expect(
      fake.bodies.find(b => b.call === 'PATCH /repos/acme/gitops/pulls/1')!
        .body,
    ).toEqual({
      title: 'Autoscale shop (v2)',
      body: 'Adds a ScaledObject.',
    });
    expect(fake.store.commit(second.sha)!.parents).toEqual([first.sha]);
    expect(second.pr.title).toBe('Autoscale shop (v2)');
    expect(fake.pulls).toHaveLength(1);
  });

  it('writes nothing when the files already have the content', async () => {
    const change = {
      'apps/shop/overlays/production/scaledobject.yaml': 'kind: ScaledObject\n',
    };
    const first = await propose(change);
    fake.calls.length = 0;
    const snap = await snapshot();
    const result = await provider.commit({
      repoUrl: REPO_URL,
      branch: BRANCH,
      parent: snap.branchCommit!,
      expectedTip: snap.branchCommit,
      files: [
        { path: Object.keys(change)[0], content: Object.values(change)[0] },
      ],
      message: 'again',
    });
    expect(result.sha).toBe(first.sha);
    expect(fake.calls).toEqual([
      'GRAPHQL KedaSnapshot',
      'POST /repos/acme/gitops/git/trees',
    ]);
    expect(fake.store.tip(BRANCH)).toBe(first.sha);
  });

  it('adopts a pull request that already exists instead of failing', async () => {
    const snap = await snapshot();
    await provider.commit({
      repoUrl: REPO_URL,
      branch: BRANCH,
      parent: snap.baseCommit,
      files: [{ path: 'a.yaml', content: 'a: 1\n' }],
      message: 'create',
    });
    fake.pulls.push({
      number: 7,
      title: 'old',
      body: 'old',
      head: BRANCH,
      base: 'main',
      state: 'open',
      headRepo: 'acme/gitops',
      labels: [],
      reviewers: [],
      teams: [],
    });
    const pr = await provider.openPullRequest({
      repoUrl: REPO_URL,
      branch: BRANCH,
      baseBranch: 'main',
      title: 'new title',
      body: 'new body',
      labels: [],
      reviewers: [],
    });
    expect(pr).toMatchObject({
      number: 7,
      title: 'new title',
      body: 'new body',
    });
    expect(fake.pulls).toHaveLength(1);
  });

  it('logs a warning, and still returns the pull request, when reviewers cannot be asked', async () => {
    const snap = await snapshot();
    await provider.commit({
      repoUrl: REPO_URL,
      branch: BRANCH,
      parent: snap.baseCommit,
      files: [{ path: 'a.yaml', content: 'a: 1\n' }],
      message: 'create',
    });
    const pr = await provider.openPullRequest({
      repoUrl: REPO_URL,
      branch: BRANCH,
      baseBranch: 'main',
      title: 't',
      body: 'b',
      labels: [],
      reviewers: ['mallory'],
    });
    expect(pr.number).toBe(1);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /did not request reviews from mallory.*collaborators/,
      ),
    );
  });

  it('says which permission is missing on a 403 from a GitHub App', async () => {
    fake.fail('POST', /\/git\/trees$/, () =>
      json(403, {
        message: 'Resource not accessible by integration',
        documentation_url:
          'https://docs.github.com/rest/git/trees#create-a-tree',
        status: '403',
      }),
    );
    const snap = await snapshot();
    const error = await provider
      .commit({
        repoUrl: REPO_URL,
        branch: BRANCH,
        parent: snap.baseCommit,
        files: [{ path: 'a.yaml', content: 'a: 1\n' }],
        message: 'create',
      })
      .catch(e => e);
    expect(error.name).toBe('NotAllowedError');
    expect(error.message).toMatch(/lack permission/);
    expect(error.message).toMatch(/acme\/gitops/);
    expect(error.message).toMatch(/contents: write/);
    expect(error.message).toMatch(/Resource not accessible by integration/);
  });

  it('says the repository is missing or invisible on a 404', async () => {
    const error = await provider
      .snapshot({
        repoUrl: 'https://github.com/acme/nope.git',
        branch: BRANCH,
        folders: ['x'],
      })
      .catch(e => e);
    expect(error.name).toBe('NotFoundError');
    expect(error.message).toMatch(
      /acme\/nope was not found on GitHub, or is not visible/,
    );
  });

  it('names a missing base branch', async () => {
    const error = await snapshot({ baseBranch: 'release' }).catch(e => e);
    expect(error.name).toBe('NotFoundError');
    expect(error.message).toMatch(/Base branch 'release' of acme\/gitops/);
  });

  it("passes GitHub's 422 message and field on", async () => {
    const error = await provider
      .openPullRequest({
        repoUrl: REPO_URL,
        branch: 'no-such-branch',
        baseBranch: 'main',
        title: 't',
        body: 'b',
        labels: [],
        reviewers: [],
      })
      .catch(e => e);
    expect(error.name).toBe('InputError');
    expect(error.message).toMatch(
      /GitHub refused to open a pull request from no-such-branch in acme\/gitops/,
    );
    expect(error.message).toMatch(/PullRequest\.head invalid/);
  });

  it('says the credentials were rejected on a 401, without the token', async () => {
    fake.fail('POST', /^\/graphql$/, () =>
      json(401, { message: 'Bad credentials', status: '401' }),
    );
    const error = await snapshot().catch(e => e);
    expect(error.name).toBe('NotAllowedError');
    expect(error.message).toMatch(/rejected the configured credentials/);
    expect(error.message).toMatch(/integrations\.github/);
    expect(error.message).not.toContain(TOKEN);
  });

  it('retries a secondary rate limit, honouring retry-after, then succeeds', async () => {
    fake.fail(
      'POST',
      /\/git\/commits$/,
      () =>
        json(
          403,
          {
            message:
              'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
            status: '403',
          },
          { 'retry-after': '3' },
        ),
      2,
    );
    const { sha } = await propose({ 'a.yaml': 'a: 1\n' });
    expect(fake.store.tip(BRANCH)).toBe(sha);
    expect(waits).toEqual([3000, 3000]);
    expect(fake.calls.filter(c => c.endsWith('/git/commits'))).toHaveLength(3);
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringMatching(/secondary rate limit/),
    );
  });

  it('backs off exponentially when the secondary limit gives no retry-after', async () => {
    fake.fail(
      'POST',
      /^\/graphql$/,
      () => json(403, { message: 'You have exceeded a secondary rate limit.' }),
      2,
    );
    await snapshot();
    expect(waits).toHaveLength(2);
    expect(waits[0]).toBeGreaterThanOrEqual(5);
    expect(waits[0]).toBeLessThanOrEqual(10);
    expect(waits[1]).toBeGreaterThanOrEqual(10);
    expect(waits[1]).toBeLessThanOrEqual(20);
  });

  it('gives up on a persistent rate limit with an error saying when to retry', async () => {
    fake.fail(
      'POST',
      /^\/graphql$/,
      () =>
        json(
          403,
          { message: 'You have exceeded a secondary rate limit.' },
          { 'retry-after': '1' },
        ),
      10,
    );
    const error = await snapshot().catch(e => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error.name).toBe('ServiceUnavailableError');
    expect(error.message).toMatch(
      /GitHub secondary rate limit hit while trying to read the repository snapshot in acme\/gitops \(gave up after 3 attempts\)\. Retry after /,
    );
    expect(error.retryAt).toBeInstanceOf(Date);
    expect(fake.calls).toHaveLength(3);
  });

  it('fails at once when the primary limit resets later than it is worth waiting', async () => {
    const reset = Math.floor(Date.now() / 1000) + 30 * 60;
    fake.fail('POST', /^\/graphql$/, () =>
      json(
        403,
        { message: 'API rate limit exceeded for installation ID 1.' },
        { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) },
      ),
    );
    const error = await snapshot().catch(e => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error.message).toMatch(/GitHub rate limit hit/);
    expect(error.message).toContain(new Date(reset * 1000).toISOString());
    expect(error.message).toMatch(/in about 30 minutes/);
    expect(fake.calls).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it('retries server errors, and recognises its own branch when a creation whose answer was lost is retried', async () => {
    fake.fail('POST', /^\/graphql$/, () =>
      json(502, { message: 'Server Error' }),
    );
    const snap = await snapshot();
    expect(fake.calls).toEqual([
      'GRAPHQL KedaSnapshot',
      'GRAPHQL KedaSnapshot',
    ]);

    // The branch is created, but the answer is a 502: the retry finds our
    // own commit there and succeeds instead of reporting a race.
    fake.fail(
      'POST',
      /\/git\/refs$/,
      () => json(502, { message: 'Server Error' }),
      1,
      { after: true },
    );
    const { sha } = await provider.commit({
      repoUrl: REPO_URL,
      branch: BRANCH,
      parent: snap.baseCommit,
      files: [{ path: 'a.yaml', content: 'a: 1\n' }],
      message: 'create',
    });
    expect(fake.store.tip(BRANCH)).toBe(sha);
    expect(fake.calls.slice(-3)).toEqual([
      'POST /repos/acme/gitops/git/refs',
      'POST /repos/acme/gitops/git/refs',
      `GET /repos/acme/gitops/git/ref/heads/${BRANCH}`,
    ]);

    // Someone else's branch of the same name is still a race.
    fake.store.branches.delete(BRANCH);
    fake.store.push(BRANCH, { 'b.yaml': 'theirs\n' });
    const raced = await provider
      .commit({
        repoUrl: REPO_URL,
        branch: BRANCH,
        parent: snap.baseCommit,
        files: [{ path: 'a.yaml', content: 'a: 2\n' }],
        message: 'create',
      })
      .catch(e => e);
    expect(raced).toBeInstanceOf(BranchMovedError);
  });

  it('never puts the token in an error, even when GitHub echoes it', async () => {
    fake.fail('POST', /\/pulls$/, () =>
      json(422, { message: `Validation Failed for token ${TOKEN}` }),
    );
    const error = await provider
      .openPullRequest({
        repoUrl: REPO_URL,
        branch: BRANCH,
        baseBranch: 'main',
        title: 't',
        body: 'b',
        labels: [],
        reviewers: [],
      })
      .catch(e => e);
    expect(error.name).toBe('InputError');
    expect(error.message).not.toContain(TOKEN);
    expect(error.message).toContain('***');
  });

  it('names the config key to add for a host without an integration', async () => {
    const error = await provider
      .snapshot({
        repoUrl: 'https://ghe.example.com/acme/gitops',
        branch: BRANCH,
        folders: [],
      })
      .catch(e => e);
    expect(error.name).toBe('InputError');
    expect(error.message).toMatch(
      /No GitHub integration is configured for ghe\.example\.com/,
    );
    expect(error.message).toMatch(/integrations\.github/);
    expect(error.message).toContain('https://ghe.example.com/acme/gitops');
  });

  it('says credentials are missing when github.com has no token', async () => {
    const anonymous = new GithubProvider({
      integrations: ScmIntegrations.fromConfig(new ConfigReader({})),
    });
    const error = await anonymous
      .snapshot({ repoUrl: REPO_URL, branch: BRANCH, folders: [] })
      .catch(e => e);
    expect(error.name).toBe('NotAllowedError');
    expect(error.message).toMatch(
      /No GitHub credentials are configured for github\.com/,
    );
    expect(fake.calls).toEqual([]);
  });

  it('lists open pull requests by branch prefix, across pages, leaving forks out', async () => {
    const pull = (
      number: number,
      head: string,
      headRepo = 'acme/gitops',
    ): FakePull => ({
      number,
      title: `pr ${number}`,
      body: '',
      head,
      base: 'main',
      state: 'open',
      headRepo,
      labels: [],
      reviewers: [],
      teams: [],
    });
    for (let i = 1; i <= 120; i++) {
      fake.pulls.push(
        pull(i, i % 2 ? `keda/default/component/app${i}/prod` : `feature/${i}`),
      );
    }
    fake.pulls.push(
      pull(121, 'keda/default/component/forked/prod', 'someone/gitops'),
    );
    fake.pulls.push({
      ...pull(122, 'keda/default/component/closed/prod'),
      state: 'closed',
    });

    const found = await provider.listPullRequests(REPO_URL, 'keda/default/');
    expect(found).toHaveLength(60);
    expect(
      found.every(
        p => p.branch.startsWith('keda/default/') && p.state === 'open',
      ),
    ).toBe(true);
    expect(fake.calls).toEqual([
      'GET /repos/acme/gitops/pulls',
      'GET /repos/acme/gitops/pulls',
    ]);
  });
});
