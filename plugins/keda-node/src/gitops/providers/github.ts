/**
 * The GitHub provider: reads a snapshot with one GraphQL query and proposes a
 * change as one commit on a branch plus a pull request, through the REST git
 * database API with plain `fetch`.
 *
 * Unlike Backstage's `publish:github:pull-request` it sends only the changed
 * files (never a whole workspace) and never force-pushes: the branch moves
 * with `force: false`, so a commit someone else pushed is never dropped; the
 * engine gets a {@link BranchMovedError} and merges instead.
 *
 * Calls for a new pull request: snapshot 1, tree 1, commit 1, branch 1,
 * pull request 1, labels 1, reviewers 1 = 7.
 */
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  DefaultGithubCredentialsProvider,
  GithubCredentialsProvider,
  ScmIntegrationRegistry,
} from '@backstage/integration';
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
  encodeSegments,
  HostProfile,
  HttpClient,
  HttpProviderOptions,
  HttpRequest,
  nextLink,
  outermostFolders,
  ProviderLogger,
  RateLimitInfo,
  retryAfterMs,
  scrub,
} from './http';

/**
 * Options of {@link GithubProvider}.
 *
 * @public
 */
export interface GithubProviderOptions extends HttpProviderOptions {
  /** Defaults to `DefaultGithubCredentialsProvider.fromIntegrations(integrations)`. */
  credentialsProvider?: GithubCredentialsProvider;
}

/**
 * How many folder levels the snapshot query nests. Deeper folders cost one
 * more query per batch of subtrees, so a typical GitOps folder stays at one.
 */
export const GITHUB_TREE_DEPTH = 4;
const HISTORY_LENGTH = 20;
const PERMISSION_WRITE = 'contents: write and pull requests: write';

function githubMessage(body: unknown): string {
  if (typeof body === 'string') {
    return body.slice(0, 500);
  }
  if (!body || typeof body !== 'object') {
    return '';
  }
  const { message, errors } = body as { message?: unknown; errors?: unknown };
  const parts: string[] = [];
  if (typeof message === 'string') {
    parts.push(message);
  }
  if (Array.isArray(errors)) {
    for (const error of errors) {
      if (typeof error === 'string') {
        parts.push(error);
      } else if (error && typeof error === 'object') {
        const e = error as Record<string, unknown>;
        const field = e.field
          ? `${e.resource ? `${e.resource}.` : ''}${e.field}`
          : undefined;
        if (typeof e.message === 'string') {
          parts.push(field ? `${e.message} (field ${field})` : e.message);
        } else if (field || e.code) {
          parts.push(`${field ?? ''} ${e.code ?? ''}`.trim());
        }
      }
    }
  }
  return parts.join('; ');
}

/**
 * GitHub's documented rate limits: the primary one (403/429 with
 * `x-ratelimit-remaining: 0`, reset at `x-ratelimit-reset`), the secondary
 * one (403/429 saying "secondary rate limit", often with `retry-after`), and
 * GraphQL's `RATE_LIMITED` error, which may come with HTTP 200.
 */
function githubRateLimit(
  status: number,
  headers: Headers,
  body: unknown,
  message: string,
): RateLimitInfo | undefined {
  const graphqlLimited =
    Array.isArray((body as any)?.errors) &&
    (body as any).errors.some((e: any) => e?.type === 'RATE_LIMITED');
  if (status !== 403 && status !== 429 && !graphqlLimited) {
    return undefined;
  }
  const now = Date.now();
  const after = retryAfterMs(headers, now);
  const reset = Number(headers.get('x-ratelimit-reset'));
  const resetAt =
    Number.isFinite(reset) && reset > 0 ? new Date(reset * 1000) : undefined;
  if (headers.get('x-ratelimit-remaining') === '0' || graphqlLimited) {
    return {
      kind: 'rate limit',
      resetAt,
      waitMs:
        after ?? (resetAt ? Math.max(0, resetAt.getTime() - now) : undefined),
    };
  }
  if (/secondary rate limit|abuse detection/i.test(message)) {
    return { kind: 'secondary rate limit', waitMs: after };
  }
  if (status === 429 || after !== undefined) {
    return { kind: 'rate limit', waitMs: after };
  }
  return undefined;
}

const githubProfile: HostProfile = {
  name: 'GitHub',
  baseHeaders: {
    accept: 'application/vnd.github+json',
    'x-github-api-version': '2022-11-28',
  },
  authHeaders: token => ({ authorization: `Bearer ${token}` }),
  messageOf: githubMessage,
  rateLimit: githubRateLimit,
  defaultPermission: PERMISSION_WRITE,
  configKey: 'integrations.github',
};

interface GithubRepo {
  owner: string;
  name: string;
  /** `owner/name`, for messages. */
  full: string;
  api: string;
  graphqlUrl: string;
  token: string;
}

/** GitHub Enterprise serves GraphQL at /api/graphql next to /api/v3. */
function graphqlUrlFor(apiBaseUrl: string): string {
  return /\/v3$/.test(apiBaseUrl)
    ? apiBaseUrl.replace(/\/v3$/, '/graphql')
    : `${apiBaseUrl}/graphql`;
}

interface GqlBlob {
  oid: string;
  text: string | null;
  isBinary: boolean | null;
  isTruncated: boolean;
}
interface GqlTree {
  oid: string;
  entries?: Array<{ name: string; type: string; object: any }>;
}
interface GqlError {
  type?: string;
  message: string;
}

function treeFragments(): string {
  const parts = ['fragment KedaBlob on Blob { oid text isBinary isTruncated }'];
  for (let level = 1; level <= GITHUB_TREE_DEPTH; level++) {
    const deeper =
      level < GITHUB_TREE_DEPTH
        ? `...KedaTree${level + 1}`
        : '... on Tree { oid }';
    parts.push(
      `fragment KedaTree${level} on Tree { oid entries { name type object { ...KedaBlob ${deeper} } } }`,
    );
  }
  return parts.join('\n');
}

/** Selection on a Commit: its oid and tree, and each requested folder. */
function folderSelection(folders: string[]): string {
  return [
    'oid',
    'tree { oid }',
    ...folders.map((folder, i) =>
      folder === ''
        ? `f${i}: tree { ...KedaTree1 }`
        : `f${i}: file(path: $p${i}) { type object { ...KedaBlob ...KedaTree1 } }`,
    ),
  ].join(' ');
}

function snapshotQuery(
  folders: string[],
  hasBase: boolean,
  hasAt: boolean,
): string {
  const variables = [
    '$owner: String!',
    '$name: String!',
    '$branch: String!',
    '$branchRef: String!',
  ];
  if (hasBase) {
    variables.push('$baseRef: String!');
  }
  if (hasAt) {
    variables.push('$at: GitObjectID!');
  }
  folders.forEach((folder, i) => {
    if (folder !== '') {
      variables.push(`$p${i}: String!`);
    }
  });
  const files = folderSelection(folders);
  // Folders are read at both the branch and the base: which one counts is
  // known only from the answer, and the duplicate bytes are cheaper than a
  // second round trip. With `at`, only that commit's files are read.
  const refFiles = hasAt ? 'oid tree { oid }' : files;
  const base = hasBase
    ? `base: ref(qualifiedName: $baseRef) { name target { ... on Commit { ${refFiles} } } }`
    : `base: defaultBranchRef { name target { ... on Commit { ${refFiles} } } }`;
  const branch = `branch: ref(qualifiedName: $branchRef) { target { ... on Commit { history(first: ${HISTORY_LENGTH}) { nodes { oid message } } ${refFiles} } } }`;
  const at = hasAt ? `at: object(oid: $at) { ... on Commit { ${files} } }` : '';
  const pulls =
    'pullRequests(headRefName: $branch, states: [OPEN], first: 10) { nodes { number url title body state headRefName headRepository { nameWithOwner } } }';
  return [
    `query KedaSnapshot(${variables.join(', ')}) {`,
    `  repository(owner: $owner, name: $name) { ${base} ${branch} ${at} ${pulls} }`,
    '}',
    folders.length > 0 ? treeFragments() : '',
  ].join('\n');
}

function prState(state: string, merged?: boolean): PullRequestInfo['state'] {
  const s = state.toLowerCase();
  if (merged || s === 'merged') {
    return 'merged';
  }
  return s === 'open' ? 'open' : 'closed';
}

function restPullRequest(pr: any): PullRequestInfo {
  return {
    number: pr.number,
    url: pr.html_url,
    state: prState(pr.state, Boolean(pr.merged_at)),
    branch: pr.head?.ref,
    title: pr.title,
    body: pr.body ?? undefined,
  };
}

/**
 * {@link GitProvider} for GitHub and GitHub Enterprise.
 *
 * @public
 */
export class GithubProvider implements GitProvider {
  readonly kind = 'github' as const;
  private readonly integrations: ScmIntegrationRegistry;
  private readonly credentials: GithubCredentialsProvider;
  private readonly http: HttpClient;
  private readonly logger?: ProviderLogger;
  /** Commit sha to its tree sha, learnt from snapshots; saves a call per commit. */
  private readonly treeOf = new BoundedMap<string, string>(1000);

  constructor(options: GithubProviderOptions) {
    this.integrations = options.integrations;
    this.credentials =
      options.credentialsProvider ??
      DefaultGithubCredentialsProvider.fromIntegrations(options.integrations);
    this.logger = options.logger;
    this.http = new HttpClient(githubProfile, options);
  }

  private async repo(repoUrl: string): Promise<GithubRepo> {
    let url: URL;
    try {
      url = new URL(repoUrl);
    } catch {
      throw new InputError(
        `'${repoUrl}' is not a repository URL; expected https://github.com/<owner>/<repo>`,
      );
    }
    const integration = this.integrations.github.byUrl(repoUrl);
    if (!integration) {
      throw new InputError(
        `No GitHub integration is configured for ${url.host} (repository ${repoUrl}); ` +
          `add one under integrations.github in app-config with host: ${url.host}`,
      );
    }
    const [owner, rawName] = url.pathname.split('/').filter(Boolean);
    const name = rawName?.replace(/\.git$/, '');
    if (!owner || !name) {
      throw new InputError(
        `'${repoUrl}' does not name a GitHub repository; expected https://${url.host}/<owner>/<repo>`,
      );
    }
    const full = `${owner}/${name}`;
    let token: string | undefined;
    try {
      ({ token } = await this.credentials.getCredentials({
        url: `https://${url.host}/${full}`,
      }));
    } catch (error) {
      throw new NotAllowedError(
        `Could not get GitHub credentials for ${full} on ${url.host}: ${
          (error as Error).message
        }. Check the token or GitHub App under integrations.github.`,
      );
    }
    if (!token) {
      throw new NotAllowedError(
        `No GitHub credentials are configured for ${url.host}, so ${full} cannot be changed. ` +
          `Add a token or a GitHub App under integrations.github (host: ${url.host}) with ${PERMISSION_WRITE}.`,
      );
    }
    const api = integration.config.apiBaseUrl ?? 'https://api.github.com';
    return {
      owner,
      name,
      full,
      api,
      graphqlUrl: graphqlUrlFor(api),
      token,
    };
  }

  private rest(repo: GithubRepo, path: string): string {
    return `${repo.api}/repos/${encodeURIComponent(
      repo.owner,
    )}/${encodeURIComponent(repo.name)}${path}`;
  }

  private call<T = any>(
    repo: GithubRepo,
    request: Omit<HttpRequest, 'token' | 'repo'>,
  ) {
    return this.http.send<T>({
      ...request,
      token: repo.token,
      repo: repo.full,
    });
  }

  private async graphql<T>(
    repo: GithubRepo,
    action: string,
    query: string,
    variables: Record<string, unknown>,
  ): Promise<T> {
    const request = {
      method: 'POST' as const,
      url: repo.graphqlUrl,
      body: { query, variables },
      action,
      permission: 'contents: read and pull requests: read',
    };
    const { data: answer } = await this.call<{
      data?: T;
      errors?: GqlError[];
    }>(repo, request);
    const data = answer?.data;
    const errors = answer?.errors ?? [];
    if (errors.length > 0) {
      const text = scrub(errors.map(e => e.message).join('; '), [repo.token]);
      const full = { ...request, repo: repo.full };
      const repositoryMissing = !data || (data as any).repository === null;
      if (
        errors.some(e => e.type === 'FORBIDDEN') ||
        /not accessible by integration/i.test(text)
      ) {
        throw this.http.toError(full, 403, text);
      }
      if (repositoryMissing && errors.some(e => e.type === 'NOT_FOUND')) {
        throw this.http.toError(full, 404, text);
      }
      // NOT_FOUND on a nested lookup (a ref, an object) just means "absent".
      if (repositoryMissing || errors.some(e => e.type !== 'NOT_FOUND')) {
        throw new InputError(
          `GitHub could not ${action} in ${repo.full}: ${text}`,
        );
      }
    }
    if (!data || (data as any).repository === null) {
      throw this.http.toError({ ...request, repo: repo.full }, 404, '');
    }
    return data;
  }

  async snapshot(request: SnapshotRequest): Promise<RepoSnapshot> {
    const repo = await this.repo(request.repoUrl);
    const folders = outermostFolders(request.folders);
    const variables: Record<string, unknown> = {
      owner: repo.owner,
      name: repo.name,
      branch: request.branch,
      branchRef: `refs/heads/${request.branch}`,
    };
    if (request.baseBranch) {
      variables.baseRef = `refs/heads/${request.baseBranch}`;
    }
    if (request.at) {
      variables.at = request.at;
    }
    folders.forEach((folder, i) => {
      if (folder !== '') {
        variables[`p${i}`] = folder;
      }
    });

    const data = await this.graphql<{ repository: any }>(
      repo,
      'read the repository snapshot',
      snapshotQuery(folders, Boolean(request.baseBranch), Boolean(request.at)),
      variables,
    );
    const { repository } = data;

    const base = repository.base;
    if (!base?.target?.oid) {
      if (request.baseBranch) {
        throw this.http.toError(
          {
            repo: repo.full,
            action: 'read the base branch',
            notFound: `Base branch '${request.baseBranch}' of ${repo.full}`,
          },
          404,
          '',
        );
      }
      throw new InputError(
        `${repo.full} has no default branch on GitHub; is the repository empty? Push a first commit or name a base branch.`,
      );
    }
    const branch = repository.branch?.target?.oid
      ? repository.branch.target
      : undefined;
    for (const commit of [base.target, branch, repository.at]) {
      if (commit?.oid && commit.tree?.oid) {
        this.treeOf.set(commit.oid, commit.tree.oid);
      }
    }
    if (request.at && !repository.at?.oid) {
      throw this.http.toError(
        {
          repo: repo.full,
          action: 'read the snapshot commit',
          notFound: `Commit ${request.at} in ${repo.full}`,
        },
        404,
        '',
      );
    }
    const source = request.at ? repository.at : branch ?? base.target;
    const files = await this.readFolders(repo, source, folders);

    const own = (repository.pullRequests?.nodes ?? []).find(
      (pr: any) =>
        pr.headRefName === request.branch &&
        pr.headRepository?.nameWithOwner?.toLowerCase() ===
          repo.full.toLowerCase(),
    );
    return {
      baseBranch: base.name,
      baseCommit: base.target.oid,
      branchCommit: branch?.oid,
      history: (branch?.history?.nodes ?? []).map((c: any) => ({
        sha: c.oid,
        message: c.message,
      })),
      files,
      openPullRequest: own
        ? {
            number: own.number,
            url: own.url,
            state: prState(own.state),
            branch: own.headRefName,
            title: own.title,
            body: own.body ?? undefined,
          }
        : undefined,
    };
  }

  /** Flattens the nested trees of the query into files, reading what it could not reach. */
  private async readFolders(
    repo: GithubRepo,
    commit: any,
    folders: string[],
  ): Promise<FileMap> {
    const files: FileMap = {};
    const deep: Array<{ oid: string; path: string }> = [];
    const cut: Array<{ oid: string; path: string }> = [];

    const addBlob = (blob: GqlBlob, path: string) => {
      if (blob.isBinary) {
        return; // GitOps manifests are text; binaries are never edited.
      }
      if (blob.isTruncated || blob.text === null) {
        cut.push({ oid: blob.oid, path });
      } else {
        files[path] = blob.text;
      }
    };
    const addTree = (tree: GqlTree, prefix: string) => {
      if (!tree.entries) {
        deep.push({ oid: tree.oid, path: prefix });
        return;
      }
      for (const entry of tree.entries) {
        const path = prefix ? `${prefix}/${entry.name}` : entry.name;
        if (entry.type === 'blob' && entry.object) {
          addBlob(entry.object, path);
        } else if (entry.type === 'tree' && entry.object) {
          addTree(entry.object, path);
        } // 'commit' entries are submodules: nothing to read.
      }
    };

    folders.forEach((folder, i) => {
      const node = commit?.[`f${i}`];
      if (!node) {
        return; // the folder does not exist (yet)
      }
      if (folder === '') {
        addTree(node, '');
      } else if (node.type === 'tree' && node.object) {
        addTree(node.object, folder);
      } else if (node.type === 'blob' && node.object) {
        addBlob(node.object, folder);
      }
    });

    // Trees deeper than the query nests: one more query per batch of them.
    for (let round = 0; deep.length > 0; round++) {
      if (round >= 20) {
        throw new InputError(
          `The folders ${folders.join(', ')} of ${
            repo.full
          } nest too deeply to read`,
        );
      }
      const batch = deep.splice(0, 50);
      const query = [
        `query KedaTrees($owner: String!, $name: String!, ${batch
          .map((_, i) => `$o${i}: GitObjectID!`)
          .join(', ')}) {`,
        `  repository(owner: $owner, name: $name) { ${batch
          .map((_, i) => `d${i}: object(oid: $o${i}) { ...KedaTree1 }`)
          .join(' ')} }`,
        '}',
        treeFragments(),
      ].join('\n');
      const variables: Record<string, unknown> = {
        owner: repo.owner,
        name: repo.name,
      };
      batch.forEach((tree, i) => {
        variables[`o${i}`] = tree.oid;
      });
      const data = await this.graphql<{ repository: any }>(
        repo,
        'read nested folders',
        query,
        variables,
      );
      batch.forEach((tree, i) => {
        const node = data.repository[`d${i}`];
        if (node) {
          addTree(node, tree.path);
        }
      });
    }

    // Blobs GraphQL cut short (large files): the REST blob API has them whole.
    for (let i = 0; i < cut.length; i += 5) {
      await Promise.all(
        cut.slice(i, i + 5).map(async blob => {
          const { data } = await this.call<{
            content: string;
            encoding: string;
          }>(repo, {
            method: 'GET',
            url: this.rest(repo, `/git/blobs/${blob.oid}`),
            action: `read ${blob.path}`,
            notFound: `File ${blob.path}`,
            permission: 'contents: read',
          });
          files[blob.path] =
            data.encoding === 'base64'
              ? Buffer.from(data.content, 'base64').toString('utf8')
              : data.content;
        }),
      );
    }
    return files;
  }

  async commit(request: CommitRequest): Promise<{ sha: string }> {
    const { branch, parent, expectedTip } = request;
    if (request.files.length === 0) {
      throw new InputError(`Nothing to commit to ${branch}: no files changed`);
    }
    if (expectedTip !== undefined && parent !== expectedTip) {
      // The fast-forward check below only protects `expectedTip` when the
      // new commit sits right on top of it.
      throw new InputError(
        `Cannot commit to ${branch}: the parent ${parent} is not the expected tip ${expectedTip}`,
      );
    }
    const repo = await this.repo(request.repoUrl);

    let baseTree = this.treeOf.get(parent);
    if (!baseTree) {
      const { data } = await this.call(repo, {
        method: 'GET',
        url: this.rest(repo, `/git/commits/${parent}`),
        action: `read commit ${parent.slice(0, 12)}`,
        notFound: `Commit ${parent}`,
        permission: 'contents: read',
      });
      baseTree = data.tree.sha as string;
    }

    // Only the changed files, inline; everything else comes from base_tree.
    const { data: tree } = await this.call(repo, {
      method: 'POST',
      url: this.rest(repo, '/git/trees'),
      body: {
        base_tree: baseTree,
        tree: request.files.map(file => ({
          path: file.path,
          mode: '100644',
          type: 'blob',
          content: file.content,
        })),
      },
      action: `write the files for ${branch}`,
      permission: 'contents: write',
    });
    if (tree.sha === baseTree && expectedTip === parent) {
      this.logger?.info(
        `No change to commit on ${branch} in ${repo.full}: the files already have this content`,
      );
      return { sha: parent };
    }

    const { data: commit } = await this.call(repo, {
      method: 'POST',
      url: this.rest(repo, '/git/commits'),
      body: { message: request.message, tree: tree.sha, parents: [parent] },
      action: `write the commit for ${branch}`,
      permission: 'contents: write',
    });
    this.treeOf.set(commit.sha, tree.sha);

    if (expectedTip === undefined) {
      const created = await this.call(repo, {
        method: 'POST',
        url: this.rest(repo, '/git/refs'),
        body: { ref: `refs/heads/${branch}`, sha: commit.sha },
        action: `create the branch ${branch}`,
        permission: 'contents: write',
        accept: [422],
      });
      if (created.status === 422) {
        if (/already exists/i.test(created.message)) {
          // A retried creation whose first try went through (its answer was
          // lost) finds our own commit there: that is success, not a race.
          if ((await this.branchTip(repo, branch)) === commit.sha) {
            return { sha: commit.sha };
          }
          throw new BranchMovedError(
            branch,
            `Branch ${branch} was created in ${repo.full} by someone else meanwhile`,
          );
        }
        throw this.http.toError(
          { repo: repo.full, action: `create the branch ${branch}` },
          422,
          created.message,
        );
      }
    } else {
      // force: false makes GitHub refuse anything but a fast-forward, so a
      // commit pushed by someone else since the snapshot is never dropped.
      const moved = await this.call(repo, {
        method: 'PATCH',
        url: this.rest(repo, `/git/refs/heads/${encodeSegments(branch)}`),
        body: { sha: commit.sha, force: false },
        action: `move the branch ${branch}`,
        notFound: `Branch ${branch} of ${repo.full}`,
        permission: 'contents: write',
        accept: [422],
      });
      if (moved.status === 422) {
        if (/fast.?forward|does not exist/i.test(moved.message)) {
          throw new BranchMovedError(
            branch,
            `Branch ${branch} in ${repo.full} moved while the change was being written (${moved.message})`,
          );
        }
        throw this.http.toError(
          { repo: repo.full, action: `move the branch ${branch}` },
          422,
          moved.message,
        );
      }
    }
    return { sha: commit.sha };
  }

  /** Where a branch points now, or undefined when it does not exist. */
  private async branchTip(
    repo: GithubRepo,
    branch: string,
  ): Promise<string | undefined> {
    const { status, data } = await this.call(repo, {
      method: 'GET',
      url: this.rest(repo, `/git/ref/heads/${encodeSegments(branch)}`),
      action: `read the branch ${branch}`,
      permission: 'contents: read',
      accept: [404],
    });
    return status === 404 ? undefined : data?.object?.sha;
  }

  async openPullRequest(request: PullRequestRequest): Promise<PullRequestInfo> {
    const repo = await this.repo(request.repoUrl);
    if (request.existing?.number !== undefined) {
      const updated = await this.updatePull(
        repo,
        request.existing.number,
        request,
      );
      // Reviewers were asked when it was opened; asking again would only
      // notify them twice. Labels are additive, so re-adding is harmless.
      await this.addLabels(repo, updated.number!, request.labels);
      return updated;
    }

    const created = await this.call(repo, {
      method: 'POST',
      url: this.rest(repo, '/pulls'),
      body: {
        title: request.title,
        body: request.body,
        head: request.branch,
        base: request.baseBranch,
      },
      action: `open a pull request from ${request.branch}`,
      permission: 'pull requests: write',
      accept: [422],
    });
    let pull: PullRequestInfo;
    if (created.status === 422) {
      if (!/pull request already exists/i.test(created.message)) {
        throw this.http.toError(
          {
            repo: repo.full,
            action: `open a pull request from ${request.branch}`,
          },
          422,
          created.message,
        );
      }
      // Opened meanwhile (or by a retried call): adopt and update it.
      const [existing] = await this.listOpen(repo, {
        head: `${repo.owner}:${request.branch}`,
      });
      if (!existing?.number) {
        throw new InputError(
          `GitHub says a pull request from ${request.branch} already exists in ${repo.full}, but it could not be found: ${created.message}`,
        );
      }
      pull = await this.updatePull(repo, existing.number, request);
    } else {
      pull = restPullRequest(created.data);
    }
    await this.addLabels(repo, pull.number!, request.labels);
    await this.requestReviewers(repo, pull.number!, request.reviewers);
    return pull;
  }

  private async updatePull(
    repo: GithubRepo,
    number: number,
    request: PullRequestRequest,
  ): Promise<PullRequestInfo> {
    const { data } = await this.call(repo, {
      method: 'PATCH',
      url: this.rest(repo, `/pulls/${number}`),
      body: { title: request.title, body: request.body },
      action: `update pull request #${number}`,
      notFound: `Pull request #${number} of ${repo.full}`,
      permission: 'pull requests: write',
    });
    return restPullRequest(data);
  }

  /** Labels and reviewers are extras: the pull request exists, so failures only warn. */
  private async addLabels(repo: GithubRepo, number: number, labels: string[]) {
    if (labels.length === 0) {
      return;
    }
    try {
      await this.call(repo, {
        method: 'POST',
        url: this.rest(repo, `/issues/${number}/labels`),
        body: { labels },
        action: `label pull request #${number}`,
        permission: 'pull requests: write (or issues: write)',
      });
    } catch (error) {
      this.logger?.warn(
        `Pull request #${number} in ${repo.full} was not labelled: ${
          (error as Error).message
        }`,
      );
    }
  }

  private async requestReviewers(
    repo: GithubRepo,
    number: number,
    reviewers: string[],
  ) {
    const users: string[] = [];
    const teams: string[] = [];
    for (const raw of reviewers) {
      const name = raw.replace(/^@/, '');
      if (name.includes('/')) {
        teams.push(name.slice(name.indexOf('/') + 1)); // org/team -> team slug
      } else if (name) {
        users.push(name);
      }
    }
    if (users.length === 0 && teams.length === 0) {
      return;
    }
    try {
      const asked = await this.call(repo, {
        method: 'POST',
        url: this.rest(repo, `/pulls/${number}/requested_reviewers`),
        body: { reviewers: users, team_reviewers: teams },
        action: `request reviews on pull request #${number}`,
        permission: 'pull requests: write',
        accept: [422],
      });
      if (asked.status === 422) {
        this.logger?.warn(
          `GitHub did not request reviews from ${reviewers.join(
            ', ',
          )} on pull request #${number} in ${repo.full}: ${asked.message}`,
        );
      }
    } catch (error) {
      this.logger?.warn(
        `Reviews were not requested on pull request #${number} in ${
          repo.full
        }: ${(error as Error).message}`,
      );
    }
  }

  private async listOpen(
    repo: GithubRepo,
    filter: { head?: string },
  ): Promise<PullRequestInfo[]> {
    const query = new URLSearchParams({ state: 'open', per_page: '100' });
    if (filter.head) {
      query.set('head', filter.head);
    }
    let url: string | undefined = this.rest(repo, `/pulls?${query}`);
    const out: PullRequestInfo[] = [];
    for (let page = 0; url && page < 20; page++) {
      const res: { data: any[]; headers: Headers } = await this.call<any[]>(
        repo,
        {
          method: 'GET',
          url,
          action: 'list open pull requests',
          permission: 'pull requests: read',
        },
      );
      for (const pr of res.data) {
        // Only branches of this repository, not same-named ones in forks.
        if (
          pr.head?.repo?.full_name?.toLowerCase() === repo.full.toLowerCase()
        ) {
          out.push(restPullRequest(pr));
        }
      }
      url = nextLink(res.headers);
    }
    return out;
  }

  async listPullRequests(
    repoUrl: string,
    branchPrefix: string,
  ): Promise<PullRequestInfo[]> {
    const repo = await this.repo(repoUrl);
    const open = await this.listOpen(repo, {});
    return open.filter(pr => pr.branch.startsWith(branchPrefix));
  }
}
