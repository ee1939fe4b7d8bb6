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
} from '@backstage/integration';
import * as git from '../../types';
import { checkCommitRequest } from '../checkCommit';
import { HostedGitProvider } from '../hosted';
import {
  BoundedMap,
  encodeSegments,
  HttpProviderOptions,
  nextLink,
  outermostFolders,
  scrub,
} from '../http';
import {
  githubProfile,
  GithubRepo,
  graphqlPullRequest,
  graphqlUrlFor,
  PERMISSION_WRITE,
  restPullRequest,
} from './api';
import { snapshotQuery } from './queries';
import { readFolders } from './readFolders';

/**
 * Options of {@link GithubProvider}.
 *
 * @public
 */
export interface GithubProviderOptions extends HttpProviderOptions {
  /** Defaults to `DefaultGithubCredentialsProvider.fromIntegrations(integrations)`. */
  credentialsProvider?: GithubCredentialsProvider;
}

interface GqlError {
  type?: string;
  message: string;
}

/**
 * {@link GitProvider} for GitHub and GitHub Enterprise.
 *
 * @public
 */
export class GithubProvider
  extends HostedGitProvider<GithubRepo>
  implements git.GitProvider
{
  readonly kind = 'github' as const;
  private readonly credentials: GithubCredentialsProvider;
  /** Commit sha to its tree sha, learnt from snapshots; saves a call per commit. */
  private readonly treeOf = new BoundedMap<string, string>(1000);

  constructor(options: GithubProviderOptions) {
    super(githubProfile, options);
    this.credentials =
      options.credentialsProvider ??
      DefaultGithubCredentialsProvider.fromIntegrations(options.integrations);
  }

  protected async repo(repoUrl: string): Promise<GithubRepo> {
    const { url, config } = this.integrationFor(repoUrl);
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
    const api = config.apiBaseUrl ?? 'https://api.github.com';
    return { owner, name, full, api, graphqlUrl: graphqlUrlFor(api), token };
  }

  private rest(repo: GithubRepo, path: string): string {
    return `${repo.api}/repos/${encodeURIComponent(
      repo.owner,
    )}/${encodeURIComponent(repo.name)}${path}`;
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

  async snapshot(request: git.SnapshotRequest): Promise<git.RepoSnapshot> {
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

    const { repository } = await this.graphql<{ repository: any }>(
      repo,
      'read the repository snapshot',
      snapshotQuery(folders, Boolean(request.baseBranch), Boolean(request.at)),
      variables,
    );
    const base = repository.base;
    if (!base?.target?.oid) {
      throw this.missingBase(repo, request.baseBranch);
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
      throw this.notFound(
        repo,
        'read the snapshot commit',
        `Commit ${request.at} in ${repo.full}`,
      );
    }
    const source = request.at ? repository.at : branch ?? base.target;
    const files = await readFolders(
      {
        full: repo.full,
        graphql: (action, query, vars) =>
          this.graphql(repo, action, query, {
            owner: repo.owner,
            name: repo.name,
            ...vars,
          }),
        blob: (oid, path) => this.blob(repo, oid, path),
      },
      source,
      folders,
    );

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
      openPullRequest: own ? graphqlPullRequest(own) : undefined,
    };
  }

  /** A blob GraphQL cut short, whole, from the REST blob API. */
  private async blob(repo: GithubRepo, oid: string, path: string) {
    const { data } = await this.call<{ content: string; encoding: string }>(
      repo,
      {
        method: 'GET',
        url: this.rest(repo, `/git/blobs/${oid}`),
        action: `read ${path}`,
        notFound: `File ${path}`,
        permission: 'contents: read',
      },
    );
    return data.encoding === 'base64'
      ? Buffer.from(data.content, 'base64').toString('utf8')
      : data.content;
  }

  async commit(request: git.CommitRequest): Promise<{ sha: string }> {
    checkCommitRequest(request);
    const { branch, parent, expectedTip } = request;
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
      await this.createBranch(repo, branch, commit.sha);
    } else {
      await this.moveBranch(repo, branch, commit.sha);
    }
    return { sha: commit.sha };
  }

  private async createBranch(repo: GithubRepo, branch: string, sha: string) {
    const action = `create the branch ${branch}`;
    const created = await this.call(repo, {
      method: 'POST',
      url: this.rest(repo, '/git/refs'),
      body: { ref: `refs/heads/${branch}`, sha },
      action,
      permission: 'contents: write',
      accept: [422],
    });
    if (created.status !== 422) {
      return;
    }
    if (!/already exists/i.test(created.message)) {
      throw this.http.toError(
        { repo: repo.full, action },
        422,
        created.message,
      );
    }
    // A retried creation whose first try went through (its answer was
    // lost) finds our own commit there: that is success, not a race.
    if ((await this.branchTip(repo, branch)) !== sha) {
      throw new git.BranchMovedError(
        branch,
        `Branch ${branch} was created in ${repo.full} by someone else meanwhile`,
      );
    }
  }

  /**
   * force: false makes GitHub refuse anything but a fast-forward, so a
   * commit pushed by someone else since the snapshot is never dropped.
   */
  private async moveBranch(repo: GithubRepo, branch: string, sha: string) {
    const action = `move the branch ${branch}`;
    const moved = await this.call(repo, {
      method: 'PATCH',
      url: this.rest(repo, `/git/refs/heads/${encodeSegments(branch)}`),
      body: { sha, force: false },
      action,
      notFound: `Branch ${branch} of ${repo.full}`,
      permission: 'contents: write',
      accept: [422],
    });
    if (moved.status !== 422) {
      return;
    }
    if (/fast.?forward|does not exist/i.test(moved.message)) {
      throw new git.BranchMovedError(
        branch,
        `Branch ${branch} in ${repo.full} moved while the change was being written (${moved.message})`,
      );
    }
    throw this.http.toError({ repo: repo.full, action }, 422, moved.message);
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

  async openPullRequest(
    request: git.PullRequestRequest,
  ): Promise<git.PullRequestInfo> {
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

    const action = `open a pull request from ${request.branch}`;
    const created = await this.call(repo, {
      method: 'POST',
      url: this.rest(repo, '/pulls'),
      body: {
        title: request.title,
        body: request.body,
        head: request.branch,
        base: request.baseBranch,
      },
      action,
      permission: 'pull requests: write',
      accept: [422],
    });
    let pull: git.PullRequestInfo;
    if (created.status === 422) {
      if (!/pull request already exists/i.test(created.message)) {
        throw this.http.toError(
          { repo: repo.full, action },
          422,
          created.message,
        );
      }
      // Opened meanwhile (or by a retried call): adopt and update it.
      const number = await this.existingOpen(
        repo,
        request.branch,
        'pull request',
        created.message,
      );
      pull = await this.updatePull(repo, number, request);
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
    request: git.PullRequestRequest,
  ): Promise<git.PullRequestInfo> {
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

  protected async listOpen(
    repo: GithubRepo,
    branch?: string,
  ): Promise<git.PullRequestInfo[]> {
    const query = new URLSearchParams({ state: 'open', per_page: '100' });
    if (branch) {
      query.set('head', `${repo.owner}:${branch}`);
    }
    let url: string | undefined = this.rest(repo, `/pulls?${query}`);
    const out: git.PullRequestInfo[] = [];
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
}
