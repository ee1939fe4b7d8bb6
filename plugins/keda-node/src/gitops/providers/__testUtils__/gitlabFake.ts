/**
 * GitLab behind msw for tests (no runtime use): the REST commits, branches,
 * files and merge requests endpoints and the GraphQL API (project,
 * repository tree and blobs, merge requests, users) over an in-memory
 * {@link FakeGitStore}, with GitLab's documented status codes and messages.
 * Faults can be injected per call, before the call takes effect (refused)
 * or after it (done, but the answer is lost).
 */
import { HttpResponse } from 'msw';
import { blobSha, executeGraphql, FakeGitStore } from './gitStoreFake';

export const GITLAB_TEST_TOKEN = 'glpat-testtoken0123456789abc';
export const GITLAB_TEST_HOST = 'https://gitlab.com';
export const GITLAB_TEST_PROJECT = 'platform/deploy/gitops';
const TOKEN = GITLAB_TEST_TOKEN;
const HOST = GITLAB_TEST_HOST;
const PROJECT = GITLAB_TEST_PROJECT;

export interface FakeMr {
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

export interface Fault {
  method: string;
  path: RegExp;
  times: number;
  respond: () => Response;
  /** Apply the call first, then answer with the fault: done, but the answer is lost. */
  after?: boolean;
}

export const PROJECT_ID = 42;
export const json = (
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
export class FakeGitlab {
  readonly calls: string[] = [];
  readonly bodies: Array<{ call: string; body: any }> = [];
  readonly mrs: FakeMr[] = [];
  readonly faults: Fault[] = [];
  readonly users: Record<string, number> = { alice: 11, bob: 12 };
  /** Runs after a matching call was answered: to simulate a push that races ours. */
  readonly afterCalls: Array<{ match: RegExp; run: () => void }> = [];

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

    const fault = this.faults.find(
      f =>
        f.times > 0 &&
        f.method === method &&
        // a REST path, or a GraphQL call by name ('GRAPHQL KedaGitlabBlobs')
        (f.path.test(sub || url.pathname) || f.path.test(call)),
    );
    if (fault) {
      fault.times -= 1;
      if (!fault.after) {
        return fault.respond();
      }
    }
    const response = this.answer(request, url, method, sub, call, body);
    return fault ? fault.respond() : response;
  }

  private answer(
    request: Request,
    url: URL,
    method: string,
    sub: string,
    call: string,
    body: any,
  ): Response {
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
