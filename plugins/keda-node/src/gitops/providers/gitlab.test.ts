import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { http } from 'msw';
import { setupServer } from 'msw/node';
import { BranchMovedError } from '../types';
import { GitlabProvider } from './gitlab';
import {
  FakeGitlab,
  GITLAB_TEST_HOST as HOST,
  GITLAB_TEST_PROJECT as PROJECT,
  GITLAB_TEST_TOKEN as TOKEN,
  json,
  PROJECT_ID,
} from './__testUtils__/gitlabFake';
import { RateLimitedError } from './http';
import { proposeChange } from './__testUtils__/providerContract';
import { FakeGitStore } from './__testUtils__/gitStoreFake';

const REPO_URL = `${HOST}/${PROJECT}`;
const BRANCH = 'keda/default/component/shop/production';

const integrations = ScmIntegrations.fromConfig(
  new ConfigReader({
    integrations: {
      github: [{ host: 'github.com', token: 'ghp_unused_here' }],
      gitlab: [
        { host: 'gitlab.com', token: TOKEN },
        {
          host: 'git.example.com',
          token: TOKEN,
          baseUrl: 'https://git.example.com/gitlab',
          apiBaseUrl: 'https://git.example.com/gitlab/api/v4',
        },
      ],
    },
  }),
);

const BASE_FILES = {
  'apps/shop/overlays/production/kustomization.yaml':
    'resources:\n  - ../../base\n',
  'apps/shop/overlays/production/patch.yaml': 'kind: Deployment\n',
  'apps/shop/base/deployment.yaml': 'kind: Deployment\nspec:\n  replicas: 2\n',
  'argocd/apps/shop.yaml': 'kind: Application\n',
  'README.md': '# gitops\n',
};

let fake: FakeGitlab;
const server = setupServer(
  http.all(`${HOST}/api/*`, ({ request }) => fake.handle(request)),
);
registerMswTestHooks(server);

describe('GitlabProvider', () => {
  let waits: number[];
  let logger: { warn: jest.Mock; info: jest.Mock };
  let provider: GitlabProvider;

  beforeEach(() => {
    fake = new FakeGitlab(FakeGitStore.withFiles(BASE_FILES));
    waits = [];
    logger = { warn: jest.fn(), info: jest.fn() };
    provider = new GitlabProvider({
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
    extra: Partial<Parameters<GitlabProvider['snapshot']>[0]> = {},
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
    });

  /** The snapshot's first three calls run in parallel, so their order varies. */
  const SNAPSHOT_CALLS = [
    'GET /repository/commits',
    'GET /repository/commits',
    'GRAPHQL KedaGitlabSnapshot',
  ];

  it('reads the requested folders, recursively, in four calls', async () => {
    const snap = await snapshot();
    expect(fake.calls.slice(0, 3).sort()).toEqual(SNAPSHOT_CALLS);
    expect(fake.calls.slice(3)).toEqual(['GRAPHQL KedaGitlabBlobs']);
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
        'argocd/apps/shop.yaml': BASE_FILES['argocd/apps/shop.yaml'],
      },
      openPullRequest: undefined,
    });
  });

  it('pages through large folders and reads their blobs in one call', async () => {
    const many = Object.fromEntries(
      Array.from({ length: 150 }, (_, i) => [
        `argocd/apps/app${i}.yaml`,
        `n: ${i}\n`,
      ]),
    );
    fake.store.push('main', many);
    const snap = await snapshot({ folders: ['argocd'] });
    expect(Object.keys(snap.files)).toHaveLength(151);
    expect(snap.files['argocd/apps/app149.yaml']).toBe('n: 149\n');
    expect(fake.calls.slice(3)).toEqual([
      'GRAPHQL KedaGitlabTreePage',
      'GRAPHQL KedaGitlabBlobs',
    ]);
  });

  it('reads the branch, its history and its open merge request when they exist', async () => {
    const first = await propose({
      'apps/shop/overlays/production/scaledobject.yaml': 'kind: ScaledObject\n',
    });
    const snap = await snapshot({ baseBranch: 'main' });
    expect(snap.branchCommit).toBe(first.sha);
    expect(snap.history.map(c => c.sha)).toEqual([
      first.sha,
      fake.store.tip('main'),
    ]);
    expect(snap.history[0].message).toMatch(
      /Keda-Portal-Change: component:default\/shop/,
    );
    expect(snap.files['apps/shop/overlays/production/scaledobject.yaml']).toBe(
      'kind: ScaledObject\n',
    );
    expect(snap.openPullRequest).toEqual({
      number: 1,
      url: `${HOST}/${PROJECT}/-/merge_requests/1`,
      state: 'open',
      branch: BRANCH,
      title: 'Autoscale shop',
      body: 'Adds a ScaledObject.',
    });
  });

  it('opens a new merge request in 7 calls, choosing create or update from the snapshot', async () => {
    const change = {
      'apps/shop/overlays/production/scaledobject.yaml': 'kind: ScaledObject\n',
      'apps/shop/overlays/production/kustomization.yaml':
        'resources:\n  - ../../base\n  - scaledobject.yaml\n',
    };
    const { snap, sha, pr } = await propose(change);
    expect(fake.calls.slice(0, 3).sort()).toEqual(SNAPSHOT_CALLS);
    expect(fake.calls.slice(3)).toEqual([
      'GRAPHQL KedaGitlabBlobs',
      'POST /repository/commits',
      'GRAPHQL KedaGitlabUsers',
      'POST /merge_requests',
    ]);
    expect(fake.calls.length).toBeLessThanOrEqual(8);

    const commitBody = fake.bodies.find(
      b => b.call === 'POST /repository/commits',
    )!.body;
    expect(commitBody).toEqual({
      branch: BRANCH,
      start_sha: snap.baseCommit,
      commit_message:
        'Autoscale shop\n\nKeda-Portal-Change: component:default/shop',
      actions: [
        {
          action: 'create',
          file_path: 'apps/shop/overlays/production/scaledobject.yaml',
          content: 'kind: ScaledObject\n',
        },
        {
          action: 'update',
          file_path: 'apps/shop/overlays/production/kustomization.yaml',
          content: 'resources:\n  - ../../base\n  - scaledobject.yaml\n',
        },
      ],
    });
    expect(
      fake.bodies.find(b => b.call === 'POST /merge_requests')!.body,
    ).toEqual({
      source_branch: BRANCH,
      target_branch: 'main',
      title: 'Autoscale shop',
      description: 'Adds a ScaledObject.',
      labels: 'keda,autoscaling',
      reviewer_ids: [11],
      remove_source_branch: true,
    });
    expect(fake.store.tip(BRANCH)).toBe(sha);
    expect(Object.fromEntries(fake.store.filesAt(sha))).toEqual({
      ...BASE_FILES,
      ...change,
    });
    expect(pr).toEqual({
      number: 1,
      url: `${HOST}/${PROJECT}/-/merge_requests/1`,
      state: 'open',
      branch: BRANCH,
      title: 'Autoscale shop',
      body: 'Adds a ScaledObject.',
    });
  });

  it('updates an existing merge request: checked commit on top, then PUT', async () => {
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
    const path = encodeURIComponent(
      'apps/shop/overlays/production/scaledobject.yaml',
    );
    expect(fake.calls.slice(4, 6).sort()).toEqual(
      [
        `GET /repository/branches/${encodeURIComponent(BRANCH)}`,
        `HEAD /repository/files/${path}`,
      ].sort(),
    );
    expect(fake.calls.slice(6)).toEqual([
      'POST /repository/commits',
      'PUT /merge_requests/1',
    ]);
    const commitBody = fake.bodies.find(
      b => b.call === 'POST /repository/commits',
    )!.body;
    expect(commitBody.start_sha).toBeUndefined();
    expect(commitBody.actions).toEqual([
      {
        action: 'update',
        file_path: 'apps/shop/overlays/production/scaledobject.yaml',
        content: 'kind: ScaledObject\nspec: {}\n',
        last_commit_id: first.sha,
      },
    ]);
    expect(
      fake.bodies.find(b => b.call === 'PUT /merge_requests/1')!.body,
    ).toEqual({
      title: 'Autoscale shop (v2)',
      description: 'Adds a ScaledObject.',
      add_labels: 'keda,autoscaling',
    });
    expect(fake.store.commit(second.sha)!.parents).toEqual([first.sha]);
    expect(second.pr.title).toBe('Autoscale shop (v2)');
    expect(fake.mrs).toHaveLength(1);
  });

  it('writes nothing when the files already have the content', async () => {
    const change = {
      'apps/shop/overlays/production/scaledobject.yaml': 'kind: ScaledObject\n',
    };
    const first = await propose(change);
    const snap = await snapshot();
    fake.calls.length = 0;
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
    expect(fake.calls).not.toContain('POST /repository/commits');
  });

  it('throws BranchMovedError, and commits nothing, when the branch moved since the snapshot', async () => {
    await propose({
      'apps/shop/overlays/production/scaledobject.yaml': 'kind: ScaledObject\n',
    });
    const snap = await snapshot();
    const theirs = fake.store.push(BRANCH, {
      'argocd/apps/shop.yaml': 'kind: Application # reviewer\n',
    });
    fake.calls.length = 0;
    await expect(
      provider.commit({
        repoUrl: REPO_URL,
        branch: BRANCH,
        parent: snap.branchCommit!,
        expectedTip: snap.branchCommit,
        files: [
          {
            path: 'apps/shop/overlays/production/scaledobject.yaml',
            content: 'x: 1\n',
          },
        ],
        message: 'update',
      }),
    ).rejects.toBeInstanceOf(BranchMovedError);
    expect(fake.calls).not.toContain('POST /repository/commits');
    expect(fake.store.tip(BRANCH)).toBe(theirs);
  });

  it('throws BranchMovedError when a file is changed between the tip check and the commit', async () => {
    await propose({
      'apps/shop/overlays/production/scaledobject.yaml': 'kind: ScaledObject\n',
    });
    const snap = await snapshot();
    let theirs = '';
    fake.afterCalls.push({
      match: /^GET \/repository\/branches\//,
      run: () => {
        theirs = fake.store.push(BRANCH, {
          'apps/shop/overlays/production/scaledobject.yaml':
            'kind: ScaledObject # theirs\n',
        });
      },
    });
    const error = await provider
      .commit({
        repoUrl: REPO_URL,
        branch: BRANCH,
        parent: snap.branchCommit!,
        expectedTip: snap.branchCommit,
        files: [
          {
            path: 'apps/shop/overlays/production/scaledobject.yaml',
            content: 'x: 1\n',
          },
        ],
        message: 'update',
      })
      .catch(e => e);
    expect(error).toBeInstanceOf(BranchMovedError);
    expect(error.message).toMatch(/changed since you started editing it/);
    expect(fake.store.tip(BRANCH)).toBe(theirs);
  });

  it('keeps a racing push to other files and says so', async () => {
    await propose({
      'apps/shop/overlays/production/scaledobject.yaml': 'kind: ScaledObject\n',
    });
    const snap = await snapshot();
    let theirs = '';
    fake.afterCalls.push({
      match: /^GET \/repository\/branches\//,
      run: () => {
        theirs = fake.store.push(BRANCH, { 'README.md': '# gitops, edited\n' });
      },
    });
    const { sha } = await provider.commit({
      repoUrl: REPO_URL,
      branch: BRANCH,
      parent: snap.branchCommit!,
      expectedTip: snap.branchCommit,
      files: [
        {
          path: 'apps/shop/overlays/production/scaledobject.yaml',
          content: 'x: 1\n',
        },
      ],
      message: 'update',
    });
    expect(fake.store.commit(sha)!.parents).toEqual([theirs]);
    expect(fake.store.filesAt(sha).get('README.md')).toBe('# gitops, edited\n');
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(/someone pushed in between/),
    );
  });

  it('throws BranchMovedError when the branch was created meanwhile', async () => {
    const snap = await snapshot();
    fake.store.branches.set(BRANCH, snap.baseCommit);
    const error = await provider
      .commit({
        repoUrl: REPO_URL,
        branch: BRANCH,
        parent: snap.baseCommit,
        files: [{ path: 'a.yaml', content: 'a: 1\n' }],
        message: 'create',
      })
      .catch(e => e);
    expect(error).toBeInstanceOf(BranchMovedError);
    expect(error.message).toMatch(/A branch called .* already exists/);
  });

  it('asks GitLab whether files outside the snapshot exist', async () => {
    const snap = await snapshot();
    fake.calls.length = 0;
    await provider.commit({
      repoUrl: REPO_URL,
      branch: BRANCH,
      parent: snap.baseCommit,
      files: [{ path: 'README.md', content: '# new\n' }],
      message: 'create',
    });
    expect(fake.calls).toEqual([
      `HEAD /repository/files/README.md`,
      'POST /repository/commits',
    ]);
    expect(fake.bodies.at(-1)!.body.actions[0].action).toBe('update');
  });

  it('adopts a merge request that already exists instead of failing', async () => {
    const snap = await snapshot();
    await provider.commit({
      repoUrl: REPO_URL,
      branch: BRANCH,
      parent: snap.baseCommit,
      files: [{ path: 'a.yaml', content: 'a: 1\n' }],
      message: 'create',
    });
    fake.mrs.push({
      iid: 9,
      title: 'old',
      description: 'old',
      source: BRANCH,
      target: 'main',
      state: 'opened',
      sourceProjectId: PROJECT_ID,
      labels: ['team'],
      reviewerIds: [],
    });
    const pr = await provider.openPullRequest({
      repoUrl: REPO_URL,
      branch: BRANCH,
      baseBranch: 'main',
      title: 'new title',
      body: 'new body',
      labels: ['keda'],
      reviewers: [],
    });
    expect(pr).toMatchObject({
      number: 9,
      title: 'new title',
      body: 'new body',
    });
    expect(fake.mrs[0].labels).toEqual(['team', 'keda']);
    expect(fake.mrs).toHaveLength(1);
  });

  it('skips reviewers it cannot resolve, with a warning', async () => {
    const snap = await snapshot();
    await provider.commit({
      repoUrl: REPO_URL,
      branch: BRANCH,
      parent: snap.baseCommit,
      files: [{ path: 'a.yaml', content: 'a: 1\n' }],
      message: 'create',
    });
    await provider.openPullRequest({
      repoUrl: REPO_URL,
      branch: BRANCH,
      baseBranch: 'main',
      title: 't',
      body: 'b',
      labels: [],
      reviewers: ['bob', 'mallory', 'platform/sre'],
    });
    expect(fake.mrs[0].reviewerIds).toEqual([12]);
    expect(
      fake.bodies.find(b => b.call === 'POST /merge_requests')!.body.labels,
    ).toBeUndefined();
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(/No GitLab users named mallory/),
    );
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(/not groups; skipped platform\/sre/),
    );
  });

  it('says which permission is missing on a 403', async () => {
    fake.fail('POST', /^\/repository\/commits$/, () =>
      json(403, { message: '403 Forbidden' }),
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
    expect(error.message).toMatch(
      /lack permission to create the branch .* in platform\/deploy\/gitops/,
    );
    expect(error.message).toMatch(/api scope and at least the Developer role/);
  });

  it('says the project is missing or invisible on a 404', async () => {
    const error = await provider
      .snapshot({
        repoUrl: `${HOST}/platform/nope.git`,
        branch: BRANCH,
        folders: ['x'],
      })
      .catch(e => e);
    expect(error.name).toBe('NotFoundError');
    expect(error.message).toMatch(
      /platform\/nope was not found on GitLab, or is not visible/,
    );
  });

  it('names a missing base branch', async () => {
    const error = await snapshot({ baseBranch: 'release' }).catch(e => e);
    expect(error.name).toBe('NotFoundError');
    expect(error.message).toMatch(
      /Base branch 'release' of platform\/deploy\/gitops/,
    );
  });

  it("passes GitLab's validation message and field on", async () => {
    const error = await provider
      .openPullRequest({
        repoUrl: REPO_URL,
        branch: BRANCH,
        baseBranch: 'main',
        title: 'x'.repeat(300),
        body: 'b',
        labels: [],
        reviewers: [],
      })
      .catch(e => e);
    expect(error.name).toBe('InputError');
    expect(error.message).toMatch(
      /GitLab refused to open a merge request from .* \(HTTP 400\): title is too long/,
    );
  });

  it('retries a 429 honouring Retry-After, then succeeds', async () => {
    fake.fail(
      'POST',
      /^\/merge_requests$/,
      () =>
        json(
          429,
          { message: 'Retry later' },
          { 'retry-after': '2', 'ratelimit-remaining': '0' },
        ),
      2,
    );
    const { pr } = await propose({ 'a.yaml': 'a: 1\n' });
    expect(pr.number).toBe(1);
    expect(waits).toEqual([2000, 2000]);
  });

  it('gives up on a persistent rate limit with an error saying when to retry', async () => {
    const reset = Math.floor(Date.now() / 1000) + 3;
    fake.fail(
      'GET',
      /^\/repository\/commits$/,
      () =>
        json(
          429,
          { message: 'Retry later' },
          { 'ratelimit-reset': String(reset) },
        ),
      10,
    );
    const error = await snapshot().catch(e => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error.message).toMatch(
      /GitLab rate limit hit while trying to read the commits of .* \(gave up after 3 attempts\)\. Retry after /,
    );
    expect(error.retryAt.getTime()).toBe(reset * 1000);
  });

  it('says the credentials were rejected on a 401, without the token', async () => {
    const bad = new GitlabProvider({
      integrations: ScmIntegrations.fromConfig(
        new ConfigReader({
          integrations: {
            gitlab: [{ host: 'gitlab.com', token: 'glpat-wrongtoken99' }],
          },
        }),
      ),
    });
    const error = await bad
      .snapshot({ repoUrl: REPO_URL, branch: BRANCH, folders: [] })
      .catch(e => e);
    expect(error.name).toBe('NotAllowedError');
    expect(error.message).toMatch(/rejected the configured credentials/);
    expect(error.message).toMatch(/integrations\.gitlab/);
    expect(error.message).not.toContain('glpat-wrongtoken99');
  });

  it('never puts the token in an error, even when GitLab echoes it', async () => {
    fake.fail('POST', /^\/merge_requests$/, () =>
      json(400, { message: `bad token ${TOKEN}` }),
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
    expect(error.message).not.toContain(TOKEN);
    expect(error.message).toContain('***');
  });

  it('names the config key to add for a host without an integration', async () => {
    const error = await provider
      .snapshot({
        repoUrl: 'https://gitlab.internal/team/app',
        branch: BRANCH,
        folders: [],
      })
      .catch(e => e);
    expect(error.name).toBe('InputError');
    expect(error.message).toMatch(
      /No GitLab integration is configured for gitlab\.internal/,
    );
    expect(error.message).toMatch(/integrations\.gitlab/);
  });

  it('finds the project path on an instance served under a path', async () => {
    const seen: string[] = [];
    server.use(
      http.all('https://git.example.com/gitlab/api/*', ({ request }) => {
        seen.push(new URL(request.url).pathname);
        return request.url.endsWith('/graphql')
          ? json(200, { data: { project: null } })
          : json(404, { message: '404 Project Not Found' });
      }),
    );
    const error = await provider
      .snapshot({
        repoUrl: 'https://git.example.com/gitlab/team/app/-/tree/main',
        branch: BRANCH,
        folders: [],
      })
      .catch(e => e);
    expect(error.name).toBe('NotFoundError');
    expect(error.message).toMatch(
      /Repository team\/app was not found on GitLab/,
    );
    expect(seen).toContain('/gitlab/api/graphql');
    expect(seen).toContain(
      '/gitlab/api/v4/projects/team%2Fapp/repository/commits',
    );
  });

  it('lists open merge requests by branch prefix, across pages, leaving forks out', async () => {
    for (let i = 1; i <= 130; i++) {
      fake.mrs.push({
        iid: i,
        title: `mr ${i}`,
        description: '',
        source: i % 2 ? `keda/default/component/app${i}/prod` : `feature/${i}`,
        target: 'main',
        state: i === 3 ? 'merged' : 'opened',
        sourceProjectId: i === 5 ? 77 : PROJECT_ID,
        labels: [],
        reviewerIds: [],
      });
    }
    const found = await provider.listPullRequests(REPO_URL, 'keda/default/');
    expect(found).toHaveLength(63);
    expect(
      found.every(
        p => p.branch.startsWith('keda/default/') && p.state === 'open',
      ),
    ).toBe(true);
    expect(fake.calls).toEqual(['GET /merge_requests', 'GET /merge_requests']);
  });
});
