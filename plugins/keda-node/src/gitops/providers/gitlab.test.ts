import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { BranchMovedError } from '../types';
import { GitlabProvider } from './gitlab';
import { RateLimitedError } from './http';
import { blobSha, executeGraphql, FakeGitStore } from './httpTestFakes';

const TOKEN = 'glpat-testtoken0123456789abc';
const HOST = 'https://gitlab.com';
const PROJECT = 'platform/deploy/gitops';
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

interface FakeMr {
  iid: number;
  title: string;
  description: string;
  source: string;
  target: string;
  state: 'opened' | 'closed' | 'merged';
  sourceProjectId: number;
  labels: string[];
  reviewerIds: number[];
  removeSourceBranch?: boolean;
}

interface Fault {
  method: string;
  path: RegExp;
  times: number;
  respond: () => Response;
}

const PROJECT_ID = 42;
const json = (
  status: number,
  body: unknown,
  headers?: Record<string, string>,
) => HttpResponse.json(body as any, { status, headers });

/**
 * GitLab behind msw: the REST commits, branches, files and merge requests
 * endpoints and the GraphQL API (project, repository tree and blobs,
 * merge requests, users), over an in-memory store, with GitLab's documented
 * status codes and messages.
 */
class FakeGitlab {
  readonly calls: string[] = [];
  readonly bodies: Array<{ call: string; body: any }> = [];
  readonly mrs: FakeMr[] = [];
  readonly faults: Fault[] = [];
  readonly users: Record<string, number> = { alice: 11, bob: 12 };
  /** Runs after a matching call was answered: to simulate a push that races ours. */
  readonly afterCalls: Array<{ match: RegExp; run: () => void }> = [];

  constructor(readonly store: FakeGitStore) {}

  fail(method: string, path: RegExp, respond: () => Response, times = 1) {
    this.faults.push({ method, path, respond, times });
  }

  async handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const { method } = request;
    const body =
      method === 'GET' || method === 'HEAD'
        ? undefined
        : await request.json().catch(() => undefined);
    let call: string;
    let sub = '';
    if (url.pathname === '/api/graphql') {
      call = `GRAPHQL ${/query\s+(\w+)/.exec(body?.query ?? '')?.[1]}`;
    } else {
      const m = /^\/api\/v4\/projects\/([^/]+)(\/.*)?$/.exec(url.pathname);
      if (!m || decodeURIComponent(m[1]) !== PROJECT) {
        this.calls.push(`${method} ${url.pathname}`);
        return json(404, { message: '404 Project Not Found' });
      }
      sub = m[2] ?? '';
      call = `${method} ${sub}`;
    }
    this.calls.push(call);
    this.bodies.push({ call, body });

    for (const fault of this.faults) {
      if (
        fault.times > 0 &&
        fault.method === method &&
        fault.path.test(sub || url.pathname)
      ) {
        fault.times -= 1;
        return fault.respond();
      }
    }
    if (request.headers.get('authorization') !== `Bearer ${TOKEN}`) {
      return json(401, { message: '401 Unauthorized' });
    }
    const response =
      url.pathname === '/api/graphql'
        ? this.graphql(body)
        : this.rest(method, sub, url.searchParams, body);
    for (const hook of this.afterCalls.splice(0)) {
      if (hook.match.test(call)) hook.run();
      else this.afterCalls.push(hook);
    }
    return response;
  }

  private resolveRef(ref: string | null | undefined): string | undefined {
    const { store } = this;
    if (ref === null || ref === undefined || ref === 'HEAD') {
      return store.tip(store.defaultBranch);
    }
    return store.tip(ref) ?? (store.commit(ref) ? ref : undefined);
  }

  private graphql(body: any): Response {
    const { store } = this;
    const mrNode = (mr: FakeMr) => ({
      __typename: 'MergeRequest',
      iid: String(mr.iid),
      webUrl: `${HOST}/${PROJECT}/-/merge_requests/${mr.iid}`,
      title: mr.title,
      description: mr.description,
      state: mr.state,
      sourceBranch: mr.source,
      targetBranch: mr.target,
      sourceProject: {
        __typename: 'Project',
        fullPath:
          mr.sourceProjectId === PROJECT_ID ? PROJECT : 'someone/gitops',
      },
    });
    const project = {
      __typename: 'Project',
      fullPath: PROJECT,
      webUrl: `${HOST}/${PROJECT}`,
      repository: {
        __typename: 'Repository',
        rootRef: store.defaultBranch,
        // An unknown ref lists nothing rather than failing.
        tree: ({ ref, path = '', recursive = false }: any) => {
          const sha = this.resolveRef(ref);
          const files = sha ? [...store.filesAt(sha).keys()].sort() : [];
          const lead = path ? `${path}/` : '';
          const inside = files.filter(
            f =>
              f.startsWith(lead) &&
              (recursive || !f.slice(lead.length).includes('/')),
          );
          return {
            __typename: 'Tree',
            blobs: ({ first = 100, after }: any) => {
              const start = after
                ? Number(Buffer.from(after, 'base64').toString())
                : 0;
              const page = inside.slice(start, start + Math.min(first, 100));
              const end = start + page.length;
              return {
                __typename: 'BlobConnection',
                nodes: page.map(p => ({
                  __typename: 'Blob',
                  path: p,
                  name: p.split('/').pop(),
                  type: 'blob',
                })),
                pageInfo: {
                  __typename: 'PageInfo',
                  hasNextPage: end < inside.length,
                  endCursor: Buffer.from(String(end)).toString('base64'),
                },
              };
            },
          };
        },
        blobs: ({ paths, ref }: any) => {
          const sha = this.resolveRef(ref);
          const files = sha ? store.filesAt(sha) : new Map<string, string>();
          return {
            __typename: 'RepositoryBlobConnection',
            nodes: paths
              .filter((p: string) => files.has(p))
              .map((p: string) => ({
                __typename: 'RepositoryBlob',
                path: p,
                rawBlob: files.get(p),
              })),
          };
        },
      },
      mergeRequests: ({ sourceBranches, state, first = 100 }: any) => ({
        __typename: 'MergeRequestConnection',
        nodes: this.mrs
          .filter(mr => !sourceBranches || sourceBranches.includes(mr.source))
          .filter(mr => !state || mr.state === state)
          .slice(0, first)
          .map(mrNode),
      }),
    };
    return json(
      200,
      executeGraphql(body.query, body.variables, {
        project: ({ fullPath }: any) => (fullPath === PROJECT ? project : null),
        users: ({ usernames }: any) => ({
          __typename: 'UserCoreConnection',
          nodes: usernames
            .filter((u: string) => u in this.users)
            .map((u: string) => ({
              __typename: 'UserCore',
              id: `gid://gitlab/User/${this.users[u]}`,
              username: u,
            })),
        }),
      }),
    );
  }

  private mrJson(mr: FakeMr) {
    return {
      id: 1000 + mr.iid,
      iid: mr.iid,
      project_id: PROJECT_ID,
      title: mr.title,
      description: mr.description,
      state: mr.state,
      source_branch: mr.source,
      target_branch: mr.target,
      source_project_id: mr.sourceProjectId,
      target_project_id: PROJECT_ID,
      labels: mr.labels,
      reviewers: mr.reviewerIds.map(id => ({ id })),
      web_url: `${HOST}/${PROJECT}/-/merge_requests/${mr.iid}`,
    };
  }

  private commitJson(sha: string) {
    const c = this.store.commit(sha)!;
    return {
      id: c.sha,
      short_id: c.sha.slice(0, 8),
      title: c.message.split('\n')[0],
      message: c.message,
      parent_ids: c.parents,
      web_url: `${HOST}/${PROJECT}/-/commit/${c.sha}`,
    };
  }

  private rest(method: string, sub: string, query: URLSearchParams, body: any) {
    const { store } = this;
    let m: RegExpExecArray | null;

    if (method === 'GET' && sub === '/repository/commits') {
      const sha = this.resolveRef(query.get('ref_name'));
      const perPage = Number(query.get('per_page') ?? 20);
      return json(
        200,
        sha ? store.history(sha, perPage).map(c => this.commitJson(c.sha)) : [],
      );
    }
    m = method === 'GET' ? /^\/repository\/branches\/([^/]+)$/.exec(sub) : null;
    if (m) {
      const name = decodeURIComponent(m[1]);
      const tip = store.tip(name);
      return tip
        ? json(200, {
            name,
            merged: false,
            protected: false,
            default: name === store.defaultBranch,
            commit: this.commitJson(tip),
          })
        : json(404, { message: '404 Branch Not Found' });
    }
    m = method === 'HEAD' ? /^\/repository\/files\/([^/]+)$/.exec(sub) : null;
    if (m) {
      const path = decodeURIComponent(m[1]);
      const sha = this.resolveRef(query.get('ref'));
      const content = sha ? store.filesAt(sha).get(path) : undefined;
      if (content === undefined) {
        return new HttpResponse(null, { status: 404 });
      }
      return new HttpResponse(null, {
        status: 200,
        headers: {
          'x-gitlab-file-path': path,
          'x-gitlab-ref': query.get('ref') ?? '',
          'x-gitlab-blob-id': blobSha(content),
          'x-gitlab-commit-id': sha!,
          'x-gitlab-last-commit-id': store.lastCommitFor(sha!, path)!,
          'x-gitlab-size': String(content.length),
        },
      });
    }
    if (method === 'POST' && sub === '/repository/commits') {
      const {
        branch,
        start_branch: startBranch,
        start_sha: startSha,
        force,
      } = body;
      if (startBranch && startSha) {
        return json(400, {
          message: "You can't pass both start_branch and start_sha",
        });
      }
      const newBranch =
        startSha !== undefined ||
        (startBranch !== undefined && startBranch !== branch);
      if (newBranch && store.tip(branch) && !force) {
        return json(400, {
          message: `A branch called '${branch}' already exists. Switch to that branch in order to make changes`,
        });
      }
      const parent = startSha ?? store.tip(startBranch ?? branch);
      if (!parent || !store.commit(parent)) {
        return json(400, {
          message: 'You can only create or edit files when you are on a branch',
        });
      }
      const files = new Map(store.filesAt(parent));
      for (const action of body.actions) {
        const exists = files.has(action.file_path);
        if (action.action === 'create' && exists) {
          return json(400, { message: 'A file with this name already exists' });
        }
        if (action.action === 'update' && !exists) {
          return json(400, { message: "A file with this name doesn't exist" });
        }
        if (
          action.action === 'update' &&
          action.last_commit_id &&
          store.lastCommitFor(parent, action.file_path) !==
            action.last_commit_id
        ) {
          return json(400, {
            message:
              'You are attempting to update a file that has changed since you started editing it.',
          });
        }
        files.set(action.file_path, action.content);
      }
      const sha = store.commitTree(
        [parent],
        store.putTree(files),
        body.commit_message,
      );
      store.branches.set(branch, sha);
      return json(201, {
        ...this.commitJson(sha),
        stats: { additions: 1, deletions: 0, total: 1 },
      });
    }
    if (method === 'POST' && sub === '/merge_requests') {
      const open = this.mrs.find(
        mr => mr.source === body.source_branch && mr.state === 'opened',
      );
      if (open) {
        return json(409, {
          message: [
            `Another open merge request already exists for this source branch: !${open.iid}`,
          ],
        });
      }
      if (typeof body.title === 'string' && body.title.length > 255) {
        return json(400, {
          message: { title: ['is too long (maximum is 255 characters)'] },
        });
      }
      const mr: FakeMr = {
        iid: this.mrs.length + 1,
        title: body.title,
        description: body.description,
        source: body.source_branch,
        target: body.target_branch,
        state: 'opened',
        sourceProjectId: PROJECT_ID,
        labels: body.labels ? String(body.labels).split(',') : [],
        reviewerIds: body.reviewer_ids ?? [],
        removeSourceBranch: body.remove_source_branch,
      };
      this.mrs.push(mr);
      return json(201, this.mrJson(mr));
    }
    m = method === 'PUT' ? /^\/merge_requests\/(\d+)$/.exec(sub) : null;
    if (m) {
      const mr = this.mrs.find(r => r.iid === Number(m![1]));
      if (!mr) return json(404, { message: '404 Not found' });
      mr.title = body.title ?? mr.title;
      mr.description = body.description ?? mr.description;
      if (body.add_labels) {
        mr.labels = [
          ...new Set([...mr.labels, ...String(body.add_labels).split(',')]),
        ];
      }
      return json(200, this.mrJson(mr));
    }
    if (method === 'GET' && sub === '/merge_requests') {
      const perPage = Number(query.get('per_page') ?? 20);
      const page = Number(query.get('page') ?? 1);
      const all = this.mrs
        .filter(mr => mr.state === query.get('state'))
        .filter(
          mr =>
            !query.get('source_branch') ||
            mr.source === query.get('source_branch'),
        );
      const more = all.length > page * perPage;
      return json(
        200,
        all
          .slice((page - 1) * perPage, page * perPage)
          .map(mr => this.mrJson(mr)),
        {
          'x-next-page': more ? String(page + 1) : '',
          'x-page': String(page),
          'x-total': String(all.length),
        },
      );
    }
    return json(404, { error: '404 Not Found' });
  }
}

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

  async function propose(
    content: Record<string, string>,
    title = 'Autoscale shop',
  ) {
    const snap = await snapshot();
    const { sha } = await provider.commit({
      repoUrl: REPO_URL,
      branch: BRANCH,
      parent: snap.branchCommit ?? snap.baseCommit,
      expectedTip: snap.branchCommit,
      files: Object.entries(content).map(([path, c]) => ({ path, content: c })),
      message: `${title}\n\nKeda-Portal-Change: component:default/shop`,
    });
    const pr = await provider.openPullRequest({
      repoUrl: REPO_URL,
      branch: BRANCH,
      baseBranch: snap.baseBranch,
      title,
      body: 'Adds a ScaledObject.',
      labels: ['keda', 'autoscaling'],
      reviewers: ['alice'],
      existing: snap.openPullRequest,
    });
    return { snap, sha, pr };
  }

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

  it('reads at a given commit when asked', async () => {
    const old = fake.store.tip('main')!;
    fake.store.push('main', {
      'argocd/apps/shop.yaml': 'kind: Application # v2\n',
    });
    const snap = await snapshot({ at: old });
    expect(snap.files['argocd/apps/shop.yaml']).toBe('kind: Application\n');
    expect(snap.baseCommit).toBe(fake.store.tip('main'));
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
