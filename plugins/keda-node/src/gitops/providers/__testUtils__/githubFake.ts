/**
 * GitHub behind msw for tests (no runtime use): the REST git database,
 * pulls, labels and reviewers endpoints and the GraphQL API over an
 * in-memory {@link FakeGitStore}, answering with GitHub's documented status
 * codes and bodies. Faults can be injected per call, before the call takes
 * effect (refused) or after it (done, but the answer is lost).
 */
import { HttpResponse } from 'msw';
import { blobSha, executeGraphql, FakeGitStore, treeSha } from './gitStoreFake';

export const GITHUB_TEST_TOKEN = 'ghp_testtoken0123456789abcdef';
export const GITHUB_TEST_API = 'https://api.github.com';
const TOKEN = GITHUB_TEST_TOKEN;
const API = GITHUB_TEST_API;

export interface FakePull {
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

export interface Fault {
  method: string;
  path: RegExp;
  times: number;
  respond: () => Response;
  /** Apply the call first, then answer with the fault: done, but the answer is lost. */
  after?: boolean;
}

/** One attempt to move or create a branch, as the fake saw it. */
export interface RefUpdate {
  branch: string;
  from?: string;
  to: string;
  /** As sent; `force: false` is what a safe update says. */
  force?: unknown;
  accepted: boolean;
}

export const json = (
  status: number,
  body: unknown,
  headers?: Record<string, string>,
) => HttpResponse.json(body as any, { status, headers });

/**
 * GitHub behind msw: the REST git database, pulls, labels and reviewers
 * endpoints and the GraphQL API, over an in-memory store, answering with
 * the documented status codes and bodies.
 */
export class FakeGithub {
  readonly calls: string[] = [];
  readonly bodies: Array<{ call: string; body: any }> = [];
  readonly pulls: FakePull[] = [];
  readonly faults: Fault[] = [];
  readonly refUpdates: RefUpdate[] = [];
  /** Runs before each call is answered: lets a test push "as someone else" at an exact step. */
  beforeAnswer?: (call: string) => void;
  collaborators = new Set(['alice', 'bob']);
  /** Blob text above this size comes back truncated from GraphQL, as GitHub does for large files. */
  truncateAbove = Number.POSITIVE_INFINITY;
  private readonly treeIndex = new Map<
    string,
    { files: Map<string, string>; prefix: string }
  >();

  constructor(readonly store: FakeGitStore) {}

  fail(
    method: string,
    path: RegExp,
    respond: () => Response,
    times = 1,
    options: { after?: boolean } = {},
  ) {
    this.faults.push({ method, path, respond, times, ...options });
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
    this.beforeAnswer?.(call);

    const fault = this.faults.find(
      f => f.times > 0 && f.method === method && f.path.test(path),
    );
    if (fault) {
      fault.times -= 1;
      if (!fault.after) {
        return fault.respond();
      }
      await this.answer(request, method, path, url, body);
      return fault.respond();
    }
    return this.answer(request, method, path, url, body);
  }

  private async answer(
    request: Request,
    method: string,
    path: string,
    url: URL,
    body: any,
  ): Promise<Response> {
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
      this.refUpdates.push({
        branch,
        to: body.sha,
        force: body.force,
        accepted: !store.tip(branch),
      });
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
      this.refUpdates.push({
        branch,
        from: current,
        to: body.sha,
        force: body.force,
        accepted:
          Boolean(current) &&
          (Boolean(body.force) || store.isAncestor(current!, body.sha)),
      });
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
    m = method === 'GET' ? /^\/git\/ref\/heads\/(.+)$/.exec(path) : null;
    if (m) {
      const branch = decodeURIComponent(m[1]);
      const tip = store.tip(branch);
      return tip
        ? json(200, {
            ref: `refs/heads/${branch}`,
            object: { sha: tip, type: 'commit' },
          })
        : json(404, { message: 'Not Found', status: '404' });
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
