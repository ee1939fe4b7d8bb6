/**
 * The GitLab provider: reads a snapshot in four calls (two GraphQL, two
 * REST, whatever the number of folders) and proposes a change as one commit
 * through the commits API plus a merge request, with plain `fetch`.
 *
 * Unlike Backstage's `publish:gitlab:merge-request` it can update a branch
 * and merge request that already exist, sends only the changed files, and
 * never forces: the commits API's `force` is never set.
 *
 * Calls for a new merge request: snapshot 4, commit 1, reviewer ids 1
 * (only with reviewers), merge request 1 = 7.
 */
import { InputError, NotAllowedError } from '@backstage/errors';
import { ScmIntegrationRegistry } from '@backstage/integration';
import {
  BranchMovedError,
  CommitRequest,
  FileMap,
  GitProvider,
  PullRequestInfo,
  PullRequestRequest,
  RepoSnapshot,
  SnapshotRequest,
} from '../types';
import {
  BoundedMap,
  HostProfile,
  HttpClient,
  HttpProviderOptions,
  HttpRequest,
  outermostFolders,
  ProviderLogger,
  RateLimitInfo,
  retryAfterMs,
  scrub,
} from './http';

/**
 * Options of {@link GitlabProvider}.
 *
 * @public
 */
export type GitlabProviderOptions = HttpProviderOptions;

const HISTORY_LENGTH = 20;
/** GitLab's largest GraphQL page, and a sane number of paths per blobs field. */
const PAGE = 100;
const PERMISSION =
  'a token with the api scope and at least the Developer role on the project';

function gitlabMessage(body: unknown): string {
  if (typeof body === 'string') {
    return body.slice(0, 500);
  }
  if (!body || typeof body !== 'object') {
    return '';
  }
  // `message` is a string, a list, or field -> messages ("title": ["is too long"]).
  const format = (value: unknown): string => {
    if (typeof value === 'string') {
      return value;
    }
    if (Array.isArray(value)) {
      return value.map(format).join('; ');
    }
    if (value && typeof value === 'object') {
      return Object.entries(value)
        .map(([field, v]) => `${field} ${format(v)}`)
        .join('; ');
    }
    return '';
  };
  const b = body as Record<string, unknown>;
  const parts: string[] = [];
  if (b.message !== undefined) {
    parts.push(format(b.message));
  }
  if (typeof b.error === 'string') {
    parts.push(
      typeof b.error_description === 'string'
        ? `${b.error}: ${b.error_description}`
        : b.error,
    );
  }
  if (Array.isArray(b.errors)) {
    parts.push(
      b.errors.map((e: any) => (e?.message ? e.message : String(e))).join('; '),
    );
  }
  return parts.filter(Boolean).join('; ');
}

/** GitLab answers 429 with `Retry-After` and `RateLimit-Reset`. */
function gitlabRateLimit(
  status: number,
  headers: Headers,
): RateLimitInfo | undefined {
  if (status !== 429) {
    return undefined;
  }
  const now = Date.now();
  const reset = Number(headers.get('ratelimit-reset'));
  const resetAt =
    Number.isFinite(reset) && reset > 0 ? new Date(reset * 1000) : undefined;
  return {
    kind: 'rate limit',
    resetAt,
    waitMs:
      retryAfterMs(headers, now) ??
      (resetAt ? Math.max(0, resetAt.getTime() - now) : undefined),
  };
}

const gitlabProfile: HostProfile = {
  name: 'GitLab',
  baseHeaders: { accept: 'application/json' },
  authHeaders: token => ({ authorization: `Bearer ${token}` }),
  messageOf: gitlabMessage,
  rateLimit: gitlabRateLimit,
  defaultPermission: PERMISSION,
  configKey: 'integrations.gitlab',
};

interface GitlabProject {
  /** `group/sub/project`. */
  path: string;
  api: string;
  graphqlUrl: string;
  token: string;
}

/** What a snapshot learnt about a commit: which files exist, with what content. */
interface KnownCommit {
  folders: string[];
  files: FileMap;
}

const BLOBS_PAGE = `blobs(first: ${PAGE}) { nodes { path } pageInfo { hasNextPage endCursor } }`;

function snapshotQuery(folders: string[], hasAt: boolean): string {
  const variables = ['$fullPath: ID!', '$branch: String!'];
  if (folders.length > 0) {
    variables.push(hasAt ? '$at: String!' : '$base: String');
  }
  folders.forEach((_, i) => variables.push(`$p${i}: String!`));
  // Listings at both the branch and the base: which one counts is known
  // only once the branch history arrives, and asking for both costs no call.
  const trees = folders.flatMap((_, i) =>
    hasAt
      ? [
          `a${i}: tree(ref: $at, path: $p${i}, recursive: true) { ${BLOBS_PAGE} }`,
        ]
      : [
          `b${i}: tree(ref: $branch, path: $p${i}, recursive: true) { ${BLOBS_PAGE} }`,
          `r${i}: tree(ref: $base, path: $p${i}, recursive: true) { ${BLOBS_PAGE} }`,
        ],
  );
  return [
    `query KedaGitlabSnapshot(${variables.join(', ')}) {`,
    '  project(fullPath: $fullPath) {',
    `    repository { rootRef ${trees.join(' ')} }`,
    '    mergeRequests(sourceBranches: [$branch], state: opened, first: 10) {',
    '      nodes { iid webUrl title description state sourceBranch sourceProject { fullPath } }',
    '    }',
    '  }',
    '}',
  ].join('\n');
}

function mrState(state: string): PullRequestInfo['state'] {
  if (state === 'opened') {
    return 'open';
  }
  return state === 'merged' ? 'merged' : 'closed';
}

function restMergeRequest(mr: any): PullRequestInfo {
  return {
    number: mr.iid,
    url: mr.web_url,
    state: mrState(mr.state),
    branch: mr.source_branch,
    title: mr.title,
    body: mr.description ?? undefined,
  };
}

/**
 * {@link GitProvider} for GitLab (gitlab.com and self-managed).
 *
 * @public
 */
export class GitlabProvider implements GitProvider {
  readonly kind = 'gitlab' as const;
  private readonly integrations: ScmIntegrationRegistry;
  private readonly http: HttpClient;
  private readonly logger?: ProviderLogger;
  /**
   * Commit sha to the files a snapshot saw there. Commits never change, so
   * this is never stale; it lets `commit` choose create or update without
   * asking again.
   */
  private readonly known = new BoundedMap<string, KnownCommit>(200);

  constructor(options: GitlabProviderOptions) {
    this.integrations = options.integrations;
    this.logger = options.logger;
    this.http = new HttpClient(gitlabProfile, options);
  }

  private project(repoUrl: string): GitlabProject {
    let url: URL;
    try {
      url = new URL(repoUrl);
    } catch {
      throw new InputError(
        `'${repoUrl}' is not a repository URL; expected https://gitlab.com/<group>/<project>`,
      );
    }
    const integration = this.integrations.gitlab.byUrl(repoUrl);
    if (!integration) {
      throw new InputError(
        `No GitLab integration is configured for ${url.host} (repository ${repoUrl}); ` +
          `add one under integrations.gitlab in app-config with host: ${url.host}`,
      );
    }
    const { token, apiBaseUrl, baseUrl } = integration.config;
    // Instances served under a path (https://host/gitlab/...) keep it out of the project path.
    const relative = new URL(baseUrl).pathname.replace(/\/+$/, '');
    let path = decodeURIComponent(url.pathname);
    if (relative && path.startsWith(`${relative}/`)) {
      path = path.slice(relative.length);
    }
    path = path
      .split('/-/')[0]
      .replace(/^\/+|\/+$/g, '')
      .replace(/\.git$/, '');
    if (!path.includes('/')) {
      throw new InputError(
        `'${repoUrl}' does not name a GitLab project; expected https://${url.host}/<group>/<project>`,
      );
    }
    if (!token) {
      throw new NotAllowedError(
        `No GitLab token is configured for ${url.host}, so ${path} cannot be changed. ` +
          `Set integrations.gitlab[].token (host: ${url.host}) to ${PERMISSION}.`,
      );
    }
    return {
      path,
      api: apiBaseUrl,
      graphqlUrl: `${apiBaseUrl.replace(/\/v4\/?$/, '')}/graphql`,
      token,
    };
  }

  private rest(project: GitlabProject, suffix: string): string {
    return `${project.api}/projects/${encodeURIComponent(
      project.path,
    )}${suffix}`;
  }

  private call<T = any>(
    project: GitlabProject,
    request: Omit<HttpRequest, 'token' | 'repo'>,
  ) {
    return this.http.send<T>({
      ...request,
      token: project.token,
      repo: project.path,
    });
  }

  private async graphql<T>(
    project: GitlabProject,
    action: string,
    query: string,
    variables: Record<string, unknown>,
  ): Promise<T> {
    const { data: answer } = await this.call<{
      data?: T;
      errors?: Array<{ message: string }>;
    }>(project, {
      method: 'POST',
      url: project.graphqlUrl,
      body: { query, variables },
      action,
    });
    if (answer?.errors?.length || !answer?.data) {
      const text = scrub(
        (answer?.errors ?? []).map(e => e.message).join('; ') || 'no data',
        [project.token],
      );
      throw new InputError(
        `GitLab could not ${action} in ${project.path}: ${text}`,
      );
    }
    return answer.data;
  }

  private notFound(project: GitlabProject, action: string, what?: string) {
    return this.http.toError(
      { repo: project.path, action, notFound: what },
      404,
      '',
    );
  }

  async snapshot(request: SnapshotRequest): Promise<RepoSnapshot> {
    const project = this.project(request.repoUrl);
    const folders = outermostFolders(request.folders);
    const variables: Record<string, unknown> = {
      fullPath: project.path,
      branch: request.branch,
    };
    if (folders.length > 0) {
      if (request.at) {
        variables.at = request.at;
      } else {
        variables.base = request.baseBranch ?? null; // null: the default branch
      }
    }
    folders.forEach((folder, i) => {
      variables[`p${i}`] = folder;
    });
    const commits = (ref: string | undefined, perPage: number) => {
      const query = new URLSearchParams({ per_page: String(perPage) });
      if (ref) {
        query.set('ref_name', ref);
      }
      return this.call<any[]>(project, {
        method: 'GET',
        url: this.rest(project, `/repository/commits?${query}`),
        action: `read the commits of ${ref ?? 'the default branch'}`,
        accept: [404],
      });
    };

    // Three calls at once: GraphQL for the facts and listings, REST for the
    // branch history and the base tip (GitLab GraphQL has no commit log).
    const [meta, history, base] = await Promise.all([
      this.graphql<{ project: any }>(
        project,
        'read the repository snapshot',
        snapshotQuery(folders, Boolean(request.at)),
        variables,
      ),
      commits(request.branch, HISTORY_LENGTH),
      commits(request.baseBranch, 1),
    ]);
    if (!meta.project) {
      throw this.notFound(project, 'read the repository snapshot');
    }
    const repository = meta.project.repository;
    const baseBranch: string | undefined =
      request.baseBranch ?? repository?.rootRef ?? undefined;
    const baseCommit: string | undefined =
      base.status === 200 ? base.data[0]?.id : undefined;
    if (!baseBranch || !baseCommit) {
      if (request.baseBranch) {
        throw this.notFound(
          project,
          'read the base branch',
          `Base branch '${request.baseBranch}' of ${project.path}`,
        );
      }
      throw new InputError(
        `${project.path} has no default branch on GitLab; is the repository empty? Push a first commit or name a base branch.`,
      );
    }
    const branchCommits: any[] = history.status === 200 ? history.data : [];
    const branchCommit: string | undefined = branchCommits[0]?.id;

    const readAt = request.at ?? branchCommit ?? baseCommit;
    // Listing aliases: a = at the asked commit, b = branch, r = base.
    let prefix = branchCommit ? 'b' : 'r';
    if (request.at) {
      prefix = 'a';
    }
    const paths = new Set<string>();
    for (let i = 0; i < folders.length; i++) {
      const tree = repository?.[`${prefix}${i}`];
      for (const node of tree?.blobs?.nodes ?? []) {
        paths.add(node.path);
      }
      let page = tree?.blobs?.pageInfo;
      while (page?.hasNextPage) {
        const next = await this.graphql<{ project: any }>(
          project,
          `list ${folders[i] || 'the repository'}`,
          [
            'query KedaGitlabTreePage($fullPath: ID!, $ref: String!, $path: String!, $after: String!) {',
            '  project(fullPath: $fullPath) { repository {',
            `    tree(ref: $ref, path: $path, recursive: true) { blobs(first: ${PAGE}, after: $after) { nodes { path } pageInfo { hasNextPage endCursor } } }`,
            '  } }',
            '}',
          ].join('\n'),
          {
            fullPath: project.path,
            ref: readAt,
            path: folders[i],
            after: page.endCursor,
          },
        );
        const blobs = next.project?.repository?.tree?.blobs;
        for (const node of blobs?.nodes ?? []) {
          paths.add(node.path);
        }
        page = blobs?.pageInfo;
      }
    }

    const files = await this.readBlobs(project, readAt, [...paths]);
    this.known.set(readAt, { folders, files });

    const own = (meta.project.mergeRequests?.nodes ?? []).find(
      (mr: any) =>
        mr.sourceBranch === request.branch &&
        (!mr.sourceProject ||
          mr.sourceProject.fullPath.toLowerCase() ===
            project.path.toLowerCase()),
    );
    return {
      baseBranch,
      baseCommit,
      branchCommit,
      history: branchCommits.map(c => ({ sha: c.id, message: c.message })),
      files,
      openPullRequest: own
        ? {
            number: Number(own.iid),
            url: own.webUrl,
            state: mrState(own.state),
            branch: own.sourceBranch,
            title: own.title,
            body: own.description ?? undefined,
          }
        : undefined,
    };
  }

  /** Contents of many files in one GraphQL call (per 500 paths). */
  private async readBlobs(
    project: GitlabProject,
    ref: string,
    paths: string[],
  ): Promise<FileMap> {
    const files: FileMap = {};
    const chunks: string[][] = [];
    for (let i = 0; i < paths.length; i += PAGE) {
      chunks.push(paths.slice(i, i + PAGE));
    }
    for (let i = 0; i < chunks.length; i += 5) {
      const group = chunks.slice(i, i + 5);
      const query = [
        `query KedaGitlabBlobs($fullPath: ID!, $ref: String!, ${group
          .map((_, j) => `$c${j}: [String!]!`)
          .join(', ')}) {`,
        `  project(fullPath: $fullPath) { repository { ${group
          .map(
            (_, j) =>
              `c${j}: blobs(paths: $c${j}, ref: $ref) { nodes { path rawBlob } }`,
          )
          .join(' ')} } }`,
        '}',
      ].join('\n');
      const variables: Record<string, unknown> = {
        fullPath: project.path,
        ref,
      };
      group.forEach((chunk, j) => {
        variables[`c${j}`] = chunk;
      });
      const data = await this.graphql<{ project: any }>(
        project,
        'read the files',
        query,
        variables,
      );
      group.forEach((_, j) => {
        for (const node of data.project?.repository?.[`c${j}`]?.nodes ?? []) {
          if (typeof node.rawBlob === 'string') {
            files[node.path] = node.rawBlob;
          }
        }
      });
    }
    return files;
  }

  private async branchTip(
    project: GitlabProject,
    branch: string,
  ): Promise<string | undefined> {
    const res = await this.call(project, {
      method: 'GET',
      url: this.rest(
        project,
        `/repository/branches/${encodeURIComponent(branch)}`,
      ),
      action: `read the branch ${branch}`,
      accept: [404],
    });
    return res.status === 200 ? res.data.commit.id : undefined;
  }

  /** Whether a file exists at `ref`, and the last commit that changed it. */
  private async fileMeta(
    project: GitlabProject,
    path: string,
    ref: string,
  ): Promise<{ exists: boolean; lastCommitId?: string }> {
    const res = await this.call(project, {
      method: 'HEAD',
      url: this.rest(
        project,
        `/repository/files/${encodeURIComponent(path)}?ref=${encodeURIComponent(
          ref,
        )}`,
      ),
      action: `read ${path}`,
      accept: [404],
    });
    return {
      exists: res.status === 200,
      lastCommitId: res.headers.get('x-gitlab-last-commit-id') ?? undefined,
    };
  }

  /**
   * GitLab's commits API has no "expected parent": compare-and-swap is
   * built from what it does offer.
   *
   * - New branch: `start_sha` pins the parent to the commit the plan was
   *   made on (`start_branch` would take the base's tip of the moment), and
   *   GitLab refuses when the branch already exists.
   * - Existing branch: the tip is checked right before the commit, and each
   *   updated file carries `last_commit_id`, so GitLab refuses to overwrite
   *   a file someone changed since; a `create` is refused if the file
   *   appeared meanwhile.
   *
   * Residual race: a push landing between the tip check and the commit that
   * touches none of our files is not detected; our commit then lands on top
   * of it. Nothing is lost (no force, and our files were unchanged since the
   * plan), but the new commit's parent is not `expectedTip`; that is logged.
   */
  async commit(request: CommitRequest): Promise<{ sha: string }> {
    const { branch, parent, expectedTip } = request;
    if (request.files.length === 0) {
      throw new InputError(`Nothing to commit to ${branch}: no files changed`);
    }
    if (expectedTip !== undefined && parent !== expectedTip) {
      throw new InputError(
        `Cannot commit to ${branch}: the parent ${parent} is not the expected tip ${expectedTip}`,
      );
    }
    const project = this.project(request.repoUrl);
    const known = this.known.get(parent);
    const covers = (path: string) =>
      Boolean(known) &&
      known!.folders.some(
        f => f === '' || path === f || path.startsWith(`${f}/`),
      );
    const existing = expectedTip !== undefined;
    const unchanged =
      existing &&
      request.files.every(
        f => covers(f.path) && known!.files[f.path] === f.content,
      );
    // Ask GitLab about a file when the snapshot did not see its folder, or
    // when it is updated on an existing branch (for its last_commit_id).
    const asked = unchanged
      ? []
      : request.files.filter(
          f => !covers(f.path) || (existing && f.path in known!.files),
        );
    const [tip, metas] = await Promise.all([
      existing ? this.branchTip(project, branch) : Promise.resolve(undefined),
      Promise.all(asked.map(f => this.fileMeta(project, f.path, parent))),
    ]);
    if (existing && tip !== expectedTip) {
      throw new BranchMovedError(
        branch,
        tip
          ? `Branch ${branch} in ${project.path} moved to ${tip} while the change was being written`
          : `Branch ${branch} in ${project.path} was deleted while the change was being written`,
      );
    }
    if (unchanged) {
      this.logger?.info(
        `No change to commit on ${branch} in ${project.path}: the files already have this content`,
      );
      return { sha: parent };
    }
    const meta = new Map(asked.map((f, i) => [f.path, metas[i]]));

    const actions = request.files.map(file => {
      const m = meta.get(file.path);
      const exists = m ? m.exists : file.path in known!.files;
      if (!exists) {
        return {
          action: 'create',
          file_path: file.path,
          content: file.content,
        };
      }
      return {
        action: 'update',
        file_path: file.path,
        content: file.content,
        ...(existing && m?.lastCommitId
          ? { last_commit_id: m.lastCommitId }
          : {}),
      };
    });
    const res = await this.call(project, {
      method: 'POST',
      url: this.rest(project, '/repository/commits'),
      body: {
        branch,
        commit_message: request.message,
        actions,
        ...(existing ? {} : { start_sha: parent }),
      },
      action: existing
        ? `commit to the branch ${branch}`
        : `create the branch ${branch}`,
      accept: [400],
      // Safe to repeat after a lost answer: if the first try landed, GitLab
      // refuses the repeat (the new branch exists, a created file exists, or
      // an updated file's last_commit_id moved) and the engine, re-reading,
      // finds its change there. It never commits the same change twice.
    });
    if (res.status === 400) {
      if (
        /already exists|does(?: not|n['’]t) exist|changed since/i.test(
          res.message,
        )
      ) {
        throw new BranchMovedError(
          branch,
          `Branch ${branch} in ${project.path} changed while the change was being written (GitLab: ${res.message})`,
        );
      }
      const status = /not allowed to push|protected branch/i.test(res.message)
        ? 403
        : 400;
      throw this.http.toError(
        { repo: project.path, action: `commit to the branch ${branch}` },
        status,
        res.message,
      );
    }
    const sha: string = res.data.id;
    const landedOn: string | undefined = res.data.parent_ids?.[0];
    if (landedOn && landedOn !== parent) {
      this.logger?.warn(
        `Commit ${sha} on ${branch} in ${project.path} landed on ${landedOn}, not on ${parent}: ` +
          'someone pushed in between. Their changes are kept and touched none of the files written.',
      );
    } else if (known && request.files.every(f => covers(f.path))) {
      const files = { ...known.files };
      for (const file of request.files) {
        files[file.path] = file.content;
      }
      this.known.set(sha, { folders: known.folders, files });
    }
    return { sha };
  }

  async openPullRequest(request: PullRequestRequest): Promise<PullRequestInfo> {
    const project = this.project(request.repoUrl);
    if (request.existing?.number !== undefined) {
      return this.update(project, request.existing.number, request);
    }
    const reviewerIds = await this.reviewerIds(project, request.reviewers);
    const created = await this.call(project, {
      method: 'POST',
      url: this.rest(project, '/merge_requests'),
      body: {
        source_branch: request.branch,
        target_branch: request.baseBranch,
        title: request.title,
        description: request.body,
        remove_source_branch: true,
        ...(request.labels.length > 0
          ? { labels: request.labels.join(',') }
          : {}),
        ...(reviewerIds.length > 0 ? { reviewer_ids: reviewerIds } : {}),
      },
      action: `open a merge request from ${request.branch}`,
      accept: [409],
    });
    if (created.status !== 409) {
      return restMergeRequest(created.data);
    }
    // "Another open merge request already exists for this source branch": adopt it.
    const [open] = await this.listOpen(project, request.branch);
    if (open?.number === undefined) {
      throw new InputError(
        `GitLab says a merge request from ${request.branch} already exists in ${project.path}, but it could not be found: ${created.message}`,
      );
    }
    return this.update(project, open.number, request);
  }

  private async update(
    project: GitlabProject,
    iid: number,
    request: PullRequestRequest,
  ): Promise<PullRequestInfo> {
    const { data } = await this.call(project, {
      method: 'PUT',
      url: this.rest(project, `/merge_requests/${iid}`),
      body: {
        title: request.title,
        description: request.body,
        // add_labels keeps labels people put on the merge request.
        ...(request.labels.length > 0
          ? { add_labels: request.labels.join(',') }
          : {}),
      },
      action: `update merge request !${iid}`,
      notFound: `Merge request !${iid} of ${project.path}`,
    });
    return restMergeRequest(data);
  }

  /** User ids for the usernames, in one call; what cannot be resolved is skipped with a warning. */
  private async reviewerIds(
    project: GitlabProject,
    reviewers: string[],
  ): Promise<number[]> {
    const users = reviewers.map(r => r.replace(/^@/, '')).filter(Boolean);
    const groups = users.filter(u => u.includes('/'));
    if (groups.length > 0) {
      this.logger?.warn(
        `GitLab merge requests take users as reviewers, not groups; skipped ${groups.join(
          ', ',
        )} in ${project.path}`,
      );
    }
    const names = users.filter(u => !u.includes('/'));
    if (names.length === 0) {
      return [];
    }
    try {
      const data = await this.graphql<{ users: any }>(
        project,
        'look up the reviewers',
        'query KedaGitlabUsers($usernames: [String!]!) { users(usernames: $usernames) { nodes { id username } } }',
        { usernames: names },
      );
      const byName = new Map<string, number>(
        (data.users?.nodes ?? []).map((u: any) => [
          String(u.username).toLowerCase(),
          Number(String(u.id).split('/').pop()),
        ]),
      );
      const missing = names.filter(n => !byName.has(n.toLowerCase()));
      if (missing.length > 0) {
        this.logger?.warn(
          `No GitLab users named ${missing.join(
            ', ',
          )}; they are not asked to review in ${project.path}`,
        );
      }
      return names
        .map(n => byName.get(n.toLowerCase()))
        .filter((id): id is number => Number.isInteger(id));
    } catch (error) {
      this.logger?.warn(
        `Reviewers are not set on the merge request in ${project.path}: ${
          (error as Error).message
        }`,
      );
      return [];
    }
  }

  private async listOpen(
    project: GitlabProject,
    sourceBranch?: string,
  ): Promise<PullRequestInfo[]> {
    const out: PullRequestInfo[] = [];
    let page: string | null = '1';
    for (let n = 0; page && n < 20; n++) {
      const query = new URLSearchParams({
        state: 'opened',
        per_page: String(PAGE),
        page,
      });
      if (sourceBranch) {
        query.set('source_branch', sourceBranch);
      }
      const res: { data: any[]; headers: Headers } = await this.call<any[]>(
        project,
        {
          method: 'GET',
          url: this.rest(project, `/merge_requests?${query}`),
          action: 'list open merge requests',
        },
      );
      for (const mr of res.data) {
        // Only branches of this project, not same-named ones in forks.
        if (
          mr.source_project_id === undefined ||
          mr.source_project_id === mr.target_project_id
        ) {
          out.push(restMergeRequest(mr));
        }
      }
      page = res.headers.get('x-next-page') || null;
    }
    return out;
  }

  async listPullRequests(
    repoUrl: string,
    branchPrefix: string,
  ): Promise<PullRequestInfo[]> {
    const project = this.project(repoUrl);
    const open = await this.listOpen(project);
    return open.filter(mr => mr.branch.startsWith(branchPrefix));
  }
}
