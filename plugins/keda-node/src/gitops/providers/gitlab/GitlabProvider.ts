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
import type { GitLabIntegrationConfig } from '@backstage/integration';
import * as git from '../../types';
import { checkCommitRequest } from '../checkCommit';
import { HostedGitProvider } from '../hosted';
import {
  BoundedMap,
  HttpProviderOptions,
  outermostFolders,
  scrub,
} from '../http';
import {
  GitlabProject,
  gitlabProfile,
  graphqlMergeRequest,
  PERMISSION,
  restMergeRequest,
} from './api';
import { PAGE, snapshotQuery, USERS_QUERY } from './queries';
import { readFiles } from './readFiles';

/**
 * Options of {@link GitlabProvider}.
 *
 * @public
 */
export type GitlabProviderOptions = HttpProviderOptions;

const HISTORY_LENGTH = 20;

/** What a snapshot learnt about a commit: which files exist, with what content. */
interface KnownCommit {
  folders: string[];
  files: git.FileMap;
}

/** What GitLab knows about a file at a commit. */
interface FileMeta {
  exists: boolean;
  lastCommitId?: string;
}

/**
 * {@link GitProvider} for GitLab (gitlab.com and self-managed).
 *
 * @public
 */
export class GitlabProvider
  extends HostedGitProvider<GitlabProject>
  implements git.GitProvider
{
  readonly kind = 'gitlab' as const;
  /**
   * Commit sha to the files a snapshot saw there. Commits never change, so
   * this is never stale; it lets `commit` choose create or update without
   * asking again.
   */
  private readonly known = new BoundedMap<string, KnownCommit>(200);

  constructor(options: GitlabProviderOptions) {
    super(gitlabProfile, options);
  }

  protected async repo(repoUrl: string): Promise<GitlabProject> {
    const { url, config } = this.integrationFor(repoUrl);
    const { token, apiBaseUrl, baseUrl } = config as GitLabIntegrationConfig;
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
      full: path,
      api: apiBaseUrl,
      graphqlUrl: `${apiBaseUrl.replace(/\/v4\/?$/, '')}/graphql`,
      token,
    };
  }

  private rest(project: GitlabProject, suffix: string): string {
    return `${project.api}/projects/${encodeURIComponent(
      project.full,
    )}${suffix}`;
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
        `GitLab could not ${action} in ${project.full}: ${text}`,
      );
    }
    return answer.data;
  }

  /** The newest commits of a branch (the default one without `ref`). */
  private commits(project: GitlabProject, ref: string | undefined, n: number) {
    const query = new URLSearchParams({ per_page: String(n) });
    if (ref) {
      query.set('ref_name', ref);
    }
    return this.call<any[]>(project, {
      method: 'GET',
      url: this.rest(project, `/repository/commits?${query}`),
      action: `read the commits of ${ref ?? 'the default branch'}`,
      accept: [404],
    });
  }

  async snapshot(request: git.SnapshotRequest): Promise<git.RepoSnapshot> {
    const project = await this.repo(request.repoUrl);
    const folders = outermostFolders(request.folders);
    const variables: Record<string, unknown> = {
      fullPath: project.full,
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

    // Three calls at once: GraphQL for the facts and listings, REST for the
    // branch history and the base tip (GitLab GraphQL has no commit log).
    const [meta, history, base] = await Promise.all([
      this.graphql<{ project: any }>(
        project,
        'read the repository snapshot',
        snapshotQuery(folders, Boolean(request.at)),
        variables,
      ),
      this.commits(project, request.branch, HISTORY_LENGTH),
      this.commits(project, request.baseBranch, 1),
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
      throw this.missingBase(project, request.baseBranch);
    }
    const branchCommits: any[] = history.status === 200 ? history.data : [];
    const branchCommit: string | undefined = branchCommits[0]?.id;

    const readAt = request.at ?? branchCommit ?? baseCommit;
    // Listing aliases: a = at the asked commit, b = branch, r = base.
    let prefix = branchCommit ? 'b' : 'r';
    if (request.at) {
      prefix = 'a';
    }
    const files = await readFiles(
      (action, query, vars) =>
        this.graphql(project, action, query, {
          fullPath: project.full,
          ...vars,
        }),
      readAt,
      folders,
      folders.map((_, i) => repository?.[`${prefix}${i}`]),
    );
    this.known.set(readAt, { folders, files });

    const own = (meta.project.mergeRequests?.nodes ?? []).find(
      (mr: any) =>
        mr.sourceBranch === request.branch &&
        (!mr.sourceProject ||
          mr.sourceProject.fullPath.toLowerCase() ===
            project.full.toLowerCase()),
    );
    return {
      baseBranch,
      baseCommit,
      branchCommit,
      history: branchCommits.map(c => ({ sha: c.id, message: c.message })),
      files,
      openPullRequest: own ? graphqlMergeRequest(own) : undefined,
    };
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
  ): Promise<FileMeta> {
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
  async commit(request: git.CommitRequest): Promise<{ sha: string }> {
    checkCommitRequest(request);
    const { branch, parent, expectedTip } = request;
    const project = await this.repo(request.repoUrl);
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
      throw new git.BranchMovedError(
        branch,
        tip
          ? `Branch ${branch} in ${project.full} moved to ${tip} while the change was being written`
          : `Branch ${branch} in ${project.full} was deleted while the change was being written`,
      );
    }
    if (unchanged) {
      this.logger?.info(
        `No change to commit on ${branch} in ${project.full}: the files already have this content`,
      );
      return { sha: parent };
    }
    const meta = new Map(asked.map((f, i) => [f.path, metas[i]]));
    const actions = request.files.map(file => {
      const m = meta.get(file.path);
      return fileAction(
        file,
        m ? m.exists : file.path in known!.files,
        existing ? m?.lastCommitId : undefined,
      );
    });
    const sha = await this.postCommit(project, request, actions);
    const landedOn = sha.parent;
    if (landedOn && landedOn !== parent) {
      this.logger?.warn(
        `Commit ${sha.id} on ${branch} in ${project.full} landed on ${landedOn}, not on ${parent}: ` +
          'someone pushed in between. Their changes are kept and touched none of the files written.',
      );
    } else if (known && request.files.every(f => covers(f.path))) {
      const files = { ...known.files };
      for (const file of request.files) {
        files[file.path] = file.content;
      }
      this.known.set(sha.id, { folders: known.folders, files });
    }
    return { sha: sha.id };
  }

  /** Sends the commit; a refusal that means "someone else wrote here" is a BranchMovedError. */
  private async postCommit(
    project: GitlabProject,
    request: git.CommitRequest,
    actions: object[],
  ): Promise<{ id: string; parent?: string }> {
    const { branch } = request;
    const existing = request.expectedTip !== undefined;
    const res = await this.call(project, {
      method: 'POST',
      url: this.rest(project, '/repository/commits'),
      body: {
        branch,
        commit_message: request.message,
        actions,
        ...(existing ? {} : { start_sha: request.parent }),
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
        throw new git.BranchMovedError(
          branch,
          `Branch ${branch} in ${project.full} changed while the change was being written (GitLab: ${res.message})`,
        );
      }
      const status = /not allowed to push|protected branch/i.test(res.message)
        ? 403
        : 400;
      throw this.http.toError(
        { repo: project.full, action: `commit to the branch ${branch}` },
        status,
        res.message,
      );
    }
    return { id: res.data.id, parent: res.data.parent_ids?.[0] };
  }

  async openPullRequest(
    request: git.PullRequestRequest,
  ): Promise<git.PullRequestInfo> {
    const project = await this.repo(request.repoUrl);
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
    const iid = await this.existingOpen(
      project,
      request.branch,
      'merge request',
      created.message,
    );
    return this.update(project, iid, request);
  }

  private async update(
    project: GitlabProject,
    iid: number,
    request: git.PullRequestRequest,
  ): Promise<git.PullRequestInfo> {
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
      notFound: `Merge request !${iid} of ${project.full}`,
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
        )} in ${project.full}`,
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
        USERS_QUERY,
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
          )}; they are not asked to review in ${project.full}`,
        );
      }
      return names
        .map(n => byName.get(n.toLowerCase()))
        .filter((id): id is number => Number.isInteger(id));
    } catch (error) {
      this.logger?.warn(
        `Reviewers are not set on the merge request in ${project.full}: ${
          (error as Error).message
        }`,
      );
      return [];
    }
  }

  protected async listOpen(
    project: GitlabProject,
    sourceBranch?: string,
  ): Promise<git.PullRequestInfo[]> {
    const out: git.PullRequestInfo[] = [];
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
}

/** The commits API action for one file: create it, or update it (checked against its last commit). */
function fileAction(
  file: { path: string; content: string },
  exists: boolean,
  lastCommitId: string | undefined,
) {
  if (!exists) {
    return { action: 'create', file_path: file.path, content: file.content };
  }
  return {
    action: 'update',
    file_path: file.path,
    content: file.content,
    ...(lastCommitId ? { last_commit_id: lastCommitId } : {}),
  };
}
