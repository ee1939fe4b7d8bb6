import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { BranchMovedError } from '../types';
import { GithubProvider, GITHUB_TREE_DEPTH } from './github';
import { RateLimitedError } from './http';
import {
  blobSha,
  executeGraphql,
  FakeGitStore,
  treeSha,
} from './httpTestFakes';

const TOKEN = 'ghp_testtoken0123456789abcdef';
const API = 'https://api.github.com';
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

interface FakePull {
  number: number;
  title: string;
  body: string;
  head: string;
  base: string;
  state: 'open' | 'closed';
  headRepo: string;
  labels: string[];
  reviewers: string[];
  teams: string[];
}

interface Fault {
  method: string;
  path: RegExp;
  times: number;
  respond: () => Response;
}

const json = (
  status: number,
  body: unknown,
  headers?: Record<string, string>,
) => HttpResponse.json(body as any, { status, headers });

/**
 * GitHub behind msw: the REST git database, pulls, labels and reviewers
 * endpoints and the GraphQL API, over an in-memory store, answering with
 * the documented status codes and bodies.
 */
class FakeGithub {
  readonly calls: string[] = [];
  readonly bodies: Array<{ call: string; body: any }> = [];
  readonly pulls: FakePull[] = [];
  readonly faults: Fault[] = [];
  collaborators = new Set(['alice', 'bob']);
  /** Blob text above this size comes back truncated from GraphQL, as GitHub does for large files. */
  truncateAbove = Number.POSITIVE_INFINITY;
  private readonly treeIndex = new Map<
    string,
    { files: Map<string, string>; prefix: string }
  >();

  constructor(readonly store: FakeGitStore) {}

  fail(method: string, path: RegExp, respond: () => Response, times = 1) {
    this.faults.push({ method, path, respond, times });
  }

  async handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const { method } = request;
    const path = url.pathname;
    const body =
      method === 'GET' || method === 'HEAD'
        ? undefined
        : await request.json().catch(() => undefined);
    const call =
      path === '/graphql'
        ? `GRAPHQL ${/query\s+(\w+)/.exec(body?.query ?? '')?.[1]}`
        : `${method} ${path}`;
    this.calls.push(call);
    this.bodies.push({ call, body });

    for (const fault of this.faults) {
      if (fault.times > 0 && fault.method === method && fault.path.test(path)) {
        fault.times -= 1;
        return fault.respond();
      }
    }
    if (request.headers.get('authorization') !== `Bearer ${TOKEN}`) {
      return json(401, {
        message: 'Bad credentials',
        documentation_url: 'https://docs.github.com/rest',
        status: '401',
      });
    }
    if (path === '/graphql' && method === 'POST') {
      return this.graphql(body);
    }
    const m = /^\/repos\/acme\/gitops(\/.*)$/.exec(path);
    if (!m) {
      return json(404, { message: 'Not Found', status: '404' });
    }
    return this.rest(method, m[1], url.searchParams, body);
  }

  private graphql(body: any): Response {
    const result: any = executeGraphql(body.query, body.variables, {
      repository: ({ owner, name }: any) =>
        owner === 'acme' && name === 'gitops' ? this.repositoryNode() : null,
    });
    if (result.data && result.data.repository === null) {
      result.errors = [
        {
          type: 'NOT_FOUND',
          path: ['repository'],
          message: `Could not resolve to a Repository with the name '${body.variables.owner}/${body.variables.name}'.`,
        },
      ];
    }
    return json(200, result);
  }

  private repositoryNode() {
    const { store } = this;
    return {
      __typename: 'Repository',
      nameWithOwner: 'acme/gitops',
      defaultBranchRef: () => this.refNode(store.defaultBranch),
      ref: ({ qualifiedName }: any) => {
        const branch = /^refs\/heads\/(.+)$/.exec(qualifiedName)?.[1];
        return branch && store.tip(branch) ? this.refNode(branch) : null;
      },
      object: ({ oid }: any) => {
        const tree = this.treeIndex.get(oid);
        return tree
          ? this.treeNode(tree.files, tree.prefix)
          : this.commitNode(oid);
      },
      pullRequests: ({ headRefName, states, first }: any) => {
        const nodes = this.pulls
          .filter(p => !headRefName || p.head === headRefName)
          .filter(p => !states || states.includes(p.state.toUpperCase()))
          .slice(0, first)
          .map(p => ({
            __typename: 'PullRequest',
            number: p.number,
            url: `https://github.com/acme/gitops/pull/${p.number}`,
            title: p.title,
            body: p.body,
            state: p.state.toUpperCase(),
            headRefName: p.head,
            baseRefName: p.base,
            headRepository: {
              __typename: 'Repository',
              nameWithOwner: p.headRepo,
            },
          }));
        return {
          __typename: 'PullRequestConnection',
          nodes,
          totalCount: nodes.length,
        };
      },
    };
  }

  private refNode(branch: string) {
    return {
      __typename: 'Ref',
      name: branch,
      prefix: 'refs/heads/',
      target: this.commitNode(this.store.tip(branch)!),
    };
  }

  private commitNode(sha: string): any {
    const commit = this.store.commit(sha);
    if (!commit) {
      return null;
    }
    return {
      __typename: 'Commit',
      __implements: ['GitObject'],
      oid: commit.sha,
      message: commit.message,
      tree: () => this.treeNode(commit.files, ''),
      file: ({ path }: any) => this.entryNode(commit.files, path),
      history: ({ first }: any) => ({
        __typename: 'CommitHistoryConnection',
        nodes: this.store.history(sha, first).map(c => this.commitNode(c.sha)),
      }),
    };
  }

  private treeNode(files: Map<string, string>, prefix: string): any {
    const oid = treeSha(files, prefix);
    this.treeIndex.set(oid, { files, prefix });
    return {
      __typename: 'Tree',
      __implements: ['GitObject'],
      oid,
      entries: () => {
        const lead = prefix ? `${prefix}/` : '';
        const names = new Set<string>();
        for (const path of files.keys()) {
          if (path.startsWith(lead)) {
            names.add(path.slice(lead.length).split('/')[0]);
          }
        }
        return [...names].sort().map(n => this.entryNode(files, lead + n));
      },
    };
  }

  private entryNode(files: Map<string, string>, path: string): any {
    const name = path.split('/').pop()!;
    const content = files.get(path);
    if (content !== undefined) {
      const truncated = content.length > this.truncateAbove;
      return {
        __typename: 'TreeEntry',
        name,
        path,
        type: 'blob',
        mode: 33188,
        oid: blobSha(content),
        object: {
          __typename: 'Blob',
          __implements: ['GitObject'],
          oid: blobSha(content),
          byteSize: content.length,
          isBinary: false,
          isTruncated: truncated,
          text: truncated ? content.slice(0, this.truncateAbove) : content,
        },
      };
    }
    if ([...files.keys()].some(p => p.startsWith(`${path}/`))) {
      return {
        __typename: 'TreeEntry',
        name,
        path,
        type: 'tree',
        mode: 16384,
        oid: treeSha(files, path),
        object: this.treeNode(files, path),
      };
    }
    return null;
  }

  private pullJson(p: FakePull) {
    return {
      number: p.number,
      html_url: `https://github.com/acme/gitops/pull/${p.number}`,
      state: p.state,
      title: p.title,
      body: p.body,
      merged_at: null,
      head: { ref: p.head, repo: { full_name: p.headRepo } },
      base: { ref: p.base },
      labels: p.labels.map(name => ({ name })),
    };
  }

  private rest(
    method: string,
    path: string,
    query: URLSearchParams,
    body: any,
  ) {
    const { store } = this;
    let m: RegExpExecArray | null;

    m = method === 'GET' ? /^\/git\/commits\/(\w+)$/.exec(path) : null;
    if (m) {
      const commit = store.commit(m[1]);
      return commit
        ? json(200, {
            sha: commit.sha,
            message: commit.message,
            tree: { sha: commit.tree },
            parents: commit.parents.map(sha => ({ sha })),
          })
        : json(404, { message: 'Not Found', status: '404' });
    }
    if (method === 'POST' && path === '/git/trees') {
      const base = store.trees.get(body.base_tree);
      if (!base) {
        return json(422, { message: 'Invalid tree info', status: '422' });
      }
      const files = new Map(base);
      for (const entry of body.tree) {
        if (entry.content !== undefined) files.set(entry.path, entry.content);
        else if (entry.sha === null) files.delete(entry.path);
      }
      return json(201, {
        sha: store.putTree(files),
        truncated: false,
        tree: [],
      });
    }
    if (method === 'POST' && path === '/git/commits') {
      if (!store.trees.has(body.tree)) {
        return json(422, { message: 'Tree SHA does not exist', status: '422' });
      }
      const sha = store.commitTree(body.parents, body.tree, body.message);
      return json(201, {
        sha,
        message: body.message,
        tree: { sha: body.tree },
        parents: body.parents.map((p: string) => ({ sha: p })),
      });
    }
    if (method === 'POST' && path === '/git/refs') {
      const branch = String(body.ref).replace(/^refs\/heads\//, '');
      if (store.tip(branch)) {
        return json(422, {
          message: 'Reference already exists',
          documentation_url:
            'https://docs.github.com/rest/git/refs#create-a-reference',
          status: '422',
        });
      }
      store.branches.set(branch, body.sha);
      return json(201, {
        ref: body.ref,
        object: { sha: body.sha, type: 'commit' },
      });
    }
    m = method === 'PATCH' ? /^\/git\/refs\/heads\/(.+)$/.exec(path) : null;
    if (m) {
      const branch = decodeURIComponent(m[1]);
      const current = store.tip(branch);
      if (!current) {
        return json(422, {
          message: 'Reference does not exist',
          status: '422',
        });
      }
      if (!body.force && !store.isAncestor(current, body.sha)) {
        return json(422, {
          message: 'Update is not a fast forward',
          documentation_url:
            'https://docs.github.com/rest/git/refs#update-a-reference',
          status: '422',
        });
      }
      store.branches.set(branch, body.sha);
      return json(200, {
        ref: `refs/heads/${branch}`,
        object: { sha: body.sha },
      });
    }
    m = method === 'GET' ? /^\/git\/blobs\/(\w+)$/.exec(path) : null;
    if (m) {
      for (const commit of store.commits.values()) {
        for (const content of commit.files.values()) {
          if (blobSha(content) === m[1]) {
            return json(200, {
              sha: m[1],
              size: content.length,
              encoding: 'base64',
              content: Buffer.from(content).toString('base64'),
            });
          }
        }
      }
      return json(404, { message: 'Not Found', status: '404' });
    }
    if (method === 'POST' && path === '/pulls') {
      if (!store.tip(body.head)) {
        return json(422, {
          message: 'Validation Failed',
          errors: [{ resource: 'PullRequest', field: 'head', code: 'invalid' }],
          status: '422',
        });
      }
      if (this.pulls.some(p => p.head === body.head && p.state === 'open')) {
        return json(422, {
          message: 'Validation Failed',
          errors: [
            {
              resource: 'PullRequest',
              code: 'custom',
              message: `A pull request already exists for acme:${body.head}.`,
            },
          ],
          status: '422',
        });
      }
      const pull: FakePull = {
        number: this.pulls.length + 1,
        title: body.title,
        body: body.body,
        head: body.head,
        base: body.base,
        state: 'open',
        headRepo: 'acme/gitops',
        labels: [],
        reviewers: [],
        teams: [],
      };
      this.pulls.push(pull);
      return json(201, this.pullJson(pull));
    }
    if (method === 'GET' && path === '/pulls') {
      const head = query.get('head')?.replace(/^acme:/, '');
      const perPage = Number(query.get('per_page') ?? 30);
      const page = Number(query.get('page') ?? 1);
      const all = this.pulls
        .filter(p => p.state === query.get('state'))
        .filter(p => !head || p.head === head);
      const headers: Record<string, string> = {};
      if (all.length > page * perPage) {
        const next = new URLSearchParams(query);
        next.set('page', String(page + 1));
        headers.link = `<${API}/repos/acme/gitops/pulls?${next}>; rel="next"`;
      }
      return json(
        200,
        all
          .slice((page - 1) * perPage, page * perPage)
          .map(p => this.pullJson(p)),
        headers,
      );
    }
    m = method === 'PATCH' ? /^\/pulls\/(\d+)$/.exec(path) : null;
    if (m) {
      const pull = this.pulls.find(p => p.number === Number(m![1]));
      if (!pull) return json(404, { message: 'Not Found', status: '404' });
      Object.assign(pull, {
        title: body.title ?? pull.title,
        body: body.body ?? pull.body,
      });
      return json(200, this.pullJson(pull));
    }
    m = method === 'POST' ? /^\/issues\/(\d+)\/labels$/.exec(path) : null;
    if (m) {
      const pull = this.pulls.find(p => p.number === Number(m![1]));
      if (!pull) return json(404, { message: 'Not Found', status: '404' });
      pull.labels = [...new Set([...pull.labels, ...body.labels])];
      return json(
        200,
        pull.labels.map((name, id) => ({ id, name })),
      );
    }
    m =
      method === 'POST'
        ? /^\/pulls\/(\d+)\/requested_reviewers$/.exec(path)
        : null;
    if (m) {
      const pull = this.pulls.find(p => p.number === Number(m![1]));
      if (!pull) return json(404, { message: 'Not Found', status: '404' });
      if (
        (body.reviewers ?? []).some((r: string) => !this.collaborators.has(r))
      ) {
        return json(422, {
          message:
            'Reviews may only be requested from collaborators. One or more of the users or teams you specified is not a collaborator of the acme/gitops repository.',
          status: '422',
        });
      }
      pull.reviewers.push(...(body.reviewers ?? []));
      pull.teams.push(...(body.team_reviewers ?? []));
      return json(201, this.pullJson(pull));
    }
    return json(404, { message: 'Not Found', status: '404' });
  }
}

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

  /** What the engine does for one change: snapshot, commit, open or update the pull request. */
  async function propose(
    content: Record<string, string>,
    title = 'Autoscale shop',
  ) {
    const snap = await snapshot();
    const parent = snap.branchCommit ?? snap.baseCommit;
    const { sha } = await provider.commit({
      repoUrl: REPO_URL,
      branch: BRANCH,
      parent,
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
      reviewers: ['alice', 'acme/platform'],
      existing: snap.openPullRequest,
    });
    return { snap, sha, pr };
  }

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

  it('reads at a given commit when asked', async () => {
    const old = fake.store.tip('main')!;
    fake.store.push('main', { 'argocd/shop.yaml': 'kind: Application # v2\n' });
    const snap = await snapshot({ at: old });
    expect(snap.files['argocd/shop.yaml']).toBe('kind: Application\n');
    expect(snap.baseCommit).toBe(fake.store.tip('main'));
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

  it('throws BranchMovedError, and keeps the other commit, when someone pushed to the branch', async () => {
    await propose({
      'apps/shop/overlays/production/scaledobject.yaml': 'kind: ScaledObject\n',
    });
    const snap = await snapshot();
    const theirs = fake.store.push(BRANCH, {
      'argocd/shop.yaml': 'kind: Application # reviewer\n',
    });

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
    expect(fake.store.tip(BRANCH)).toBe(theirs);
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
    expect(error.branch).toBe(BRANCH);
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

  it('retries server errors on safe calls only', async () => {
    fake.fail('POST', /^\/graphql$/, () =>
      json(502, { message: 'Server Error' }),
    );
    const snap = await snapshot();
    expect(fake.calls).toEqual([
      'GRAPHQL KedaSnapshot',
      'GRAPHQL KedaSnapshot',
    ]);

    // A branch creation that timed out may have happened: not repeated.
    fake.fail('POST', /\/git\/refs$/, () =>
      json(502, { message: 'Server Error' }),
    );
    const error = await provider
      .commit({
        repoUrl: REPO_URL,
        branch: BRANCH,
        parent: snap.baseCommit,
        files: [{ path: 'a.yaml', content: 'a: 1\n' }],
        message: 'create',
      })
      .catch(e => e);
    expect(error.name).toBe('ServiceUnavailableError');
    expect(error.message).toMatch(
      /GitHub failed to create the branch .* \(HTTP 502\)/,
    );
    expect(fake.calls.filter(c => c.endsWith('/git/refs'))).toHaveLength(1);
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
