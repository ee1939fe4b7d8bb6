/**
 * The plain Git provider: pushes a branch to any Git remote with the git
 * command line. There is no pull-request API behind a plain remote, so the
 * pushed branch is the proposal; reviewers merge it with their own tools.
 *
 * Objects are written with git's plumbing into a private bare repository
 * (no working tree, no checkout), so a large repository costs one fetch and
 * a proposal only creates the changed blobs.
 */
import {
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  BranchMovedError,
  CommitInfo,
  CommitRequest,
  FileMap,
  GitProvider,
  PullRequestInfo,
  PullRequestRequest,
  RepoSnapshot,
  SnapshotRequest,
} from '../types';
import { KeyedMutex } from '../keyedMutex';
import type { RetryOptions } from './http';
import { checkCommitRequest } from './checkCommit';
import { catFileBatch, PERMANENT_FAILURE, run } from './gitProcess';
import type { ProposalDiffResponse } from '@keda-portal/plugin-keda-common';

/**
 * Options of {@link GitCliProvider}.
 *
 * @public
 */
export interface GitCliProviderOptions {
  /** Where the private bare repositories live. */
  cacheDir?: string;
  /** Author and committer of the commits. */
  author?: { name: string; email: string };
  /** Maps the repository URL of an annotation to the remote actually used (e.g. a local demo repository). */
  remoteFor?: (repoUrl: string) => string;
  /**
   * The URL a proposal branch is shown at: a plain remote has no pull
   * requests, so this is a page that shows the branch's diff against its
   * base (the portal's own, or the Git server's compare view). Default:
   * `<repoUrl>#<branch>`; the example backend links the portal's own page
   * or `keda.gitops.repositories[].pullRequestUrl`.
   */
  pullRequestUrl?: (proposal: {
    repoUrl: string;
    branch: string;
    baseBranch?: string;
  }) => string;
  /**
   * How reaching the remote (ls-remote, fetch, push) is retried when it
   * fails for a reason other than a lost race. Default: 3 attempts, 500 ms
   * doubling with jitter, at most 30 s per wait.
   */
  retry?: RetryOptions;
}

const within = (file: string, folders: string[]) =>
  folders.some(f => f === '' || file === f || file.startsWith(`${f}/`));

/**
 * A Git provider for any remote, driven by the git command line.
 *
 * @public
 */
export class GitCliProvider implements GitProvider {
  readonly kind = 'git' as const;
  private readonly cacheDir: string;
  private readonly author: { name: string; email: string };
  private readonly remoteFor: (repoUrl: string) => string;
  private readonly mutex = new KeyedMutex();
  private readonly retry: Required<RetryOptions>;
  private readonly pullRequestUrl: NonNullable<
    GitCliProviderOptions['pullRequestUrl']
  >;

  constructor(options: GitCliProviderOptions = {}) {
    this.pullRequestUrl =
      options.pullRequestUrl ?? (p => `${p.repoUrl}#${p.branch}`);
    this.retry = {
      attempts: Math.max(1, options.retry?.attempts ?? 3),
      baseDelayMs: options.retry?.baseDelayMs ?? 500,
      maxDelayMs: options.retry?.maxDelayMs ?? 30_000,
      sleep:
        options.retry?.sleep ??
        (ms => new Promise(resolve => setTimeout(resolve, ms))),
    };
    this.cacheDir =
      options.cacheDir ?? path.join(os.tmpdir(), 'keda-portal-gitops');
    this.author = options.author ?? {
      name: 'KEDA Portal',
      email: 'keda-portal@noreply.invalid',
    };
    this.remoteFor = options.remoteFor ?? (url => url);
  }

  private async local(repoUrl: string): Promise<string> {
    const dir = path.join(
      this.cacheDir,
      createHash('sha256').update(repoUrl).digest('hex').slice(0, 16),
    );
    if (!fs.existsSync(path.join(dir, 'HEAD'))) {
      fs.mkdirSync(dir, { recursive: true });
      await run(['init', '--quiet', '--bare', dir]);
    }
    return dir;
  }

  private git(dir: string, args: string[], input?: string) {
    return run(
      [
        '-c',
        'protocol.ext.allow=never',
        '-c',
        `user.name=${this.author.name}`,
        '-c',
        `user.email=${this.author.email}`,
        ...args,
      ],
      { cwd: dir, input },
    );
  }

  private remote(repoUrl: string) {
    const remote = this.remoteFor(repoUrl);
    if (remote.startsWith('-') || /^ext::|^fd::/.test(remote)) {
      throw new InputError(`Refusing Git remote '${remote}'`);
    }
    return remote;
  }

  /** Runs `fn` on the repository's private copy, one at a time per repository. */
  private async locked<T>(
    repoUrl: string,
    fn: (dir: string, remote: string) => Promise<T>,
  ): Promise<T> {
    const remote = this.remote(repoUrl);
    const dir = await this.local(repoUrl);
    return this.mutex.run(dir, () => fn(dir, remote));
  }

  /** The base branch (the remote's default when none is asked) and the tips of it and the proposal branch. */
  private async tips(
    dir: string,
    remote: string,
    request: { branch: string; baseBranch?: string },
  ) {
    const { heads, defaultBranch } = await this.heads(dir, remote);
    const baseBranch = request.baseBranch ?? defaultBranch ?? 'main';
    return {
      baseBranch,
      baseCommit: heads.get(baseBranch),
      branchCommit: heads.get(request.branch),
    };
  }

  /** Heads on the remote, by branch name, plus the default branch. */
  private async heads(dir: string, remote: string) {
    const out = await this.reach(remote, 'list its branches', () =>
      this.git(dir, ['ls-remote', '--symref', remote]),
    );
    const heads = new Map<string, string>();
    let defaultBranch: string | undefined;
    for (const line of out.stdout.split('\n')) {
      const sym = /^ref: refs\/heads\/(\S+)\tHEAD$/.exec(line);
      if (sym) defaultBranch = sym[1];
      const ref = /^([0-9a-f]{40,64})\trefs\/heads\/(.+)$/.exec(line);
      if (ref) heads.set(ref[2], ref[1]);
    }
    return { heads, defaultBranch };
  }

  /**
   * Runs a command that talks to the remote, retrying with exponential
   * backoff and jitter while the remote is unreachable; then fails with an
   * error naming the remote and what to check. `isRace` failures (a push
   * that lost the compare-and-swap) are the caller's, never retried here.
   */
  private async reach<T>(
    remote: string,
    action: string,
    fn: () => Promise<T>,
    isRace: (e: Error) => boolean = () => false,
  ): Promise<T> {
    const { attempts, baseDelayMs, maxDelayMs, sleep } = this.retry;
    for (let attempt = 1; ; attempt++) {
      try {
        return await fn();
      } catch (e) {
        const error = e as Error;
        if (isRace(error)) throw error;
        // `push --porcelain` reports a refused ref on stdout: `!<tab>ref<tab>why`.
        const refused = ((error as { stdout?: string }).stdout ?? '')
          .split('\n')
          .filter(line => line.startsWith('!'))
          .map(line => line.split('\t').pop())
          .join('; ');
        const permanent = PERMANENT_FAILURE.test(
          `${error.message}\n${refused}`,
        );
        if (!permanent && attempt < attempts) {
          const ceiling = Math.min(
            maxDelayMs,
            baseDelayMs * 2 ** (attempt - 1),
          );
          await sleep(Math.round(ceiling / 2 + (Math.random() * ceiling) / 2));
          continue;
        }
        // Credentials in a remote URL never reach a message.
        const hide = (text: string) => text.replace(/\/\/[^/@\s]+@/g, '//***@');
        if (permanent) {
          throw new ServiceUnavailableError(
            `The GitOps repository ${hide(remote)} refused to ${action}${
              refused ? ` (${refused})` : ''
            }: ${hide(
              error.message,
            )}. Check the credentials this backend uses for it and the branch's protection rules.`,
          );
        }
        throw new ServiceUnavailableError(
          `Could not reach the GitOps repository ${hide(remote)} to ${action}${
            attempt > 1 ? ` (gave up after ${attempt} attempts)` : ''
          }: ${hide(error.message)}. ` +
            `Check that the remote URL is right, that this backend can reach it and that its credentials are valid: proposing again is safe.`,
        );
      }
    }
  }

  private async readFiles(dir: string, commit: string, folders: string[]) {
    const listed = await this.git(dir, [
      'ls-tree',
      '-r',
      '-z',
      '--full-tree',
      commit,
    ]);
    const blobs: Array<{ path: string; sha: string }> = [];
    for (const entry of listed.stdout.split('\0')) {
      const m = /^\d+ blob ([0-9a-f]+)\t(.+)$/s.exec(entry);
      if (m && within(m[2], folders)) blobs.push({ path: m[2], sha: m[1] });
    }
    const files: FileMap = {};
    if (!blobs.length) return files;
    // One `cat-file --batch` for all blobs, not a process per file.
    const out = await catFileBatch(
      dir,
      blobs.map(b => b.sha),
    );
    blobs.forEach((blob, i) => {
      files[blob.path] = out[i];
    });
    return files;
  }

  private async history(dir: string, tip: string): Promise<CommitInfo[]> {
    const out = await this.git(dir, [
      'log',
      '-n',
      '20',
      '--format=%H%x00%B%x1e',
      tip,
    ]);
    return out.stdout
      .split('\x1e')
      .map(s => s.replace(/^\n/, ''))
      .filter(Boolean)
      .map(s => {
        const [sha, message] = s.split('\0');
        return { sha, message: message.trim() };
      });
  }

  async snapshot(request: SnapshotRequest): Promise<RepoSnapshot> {
    return this.locked(request.repoUrl, async (dir, remote) => {
      const { baseBranch, baseCommit, branchCommit } = await this.tips(
        dir,
        remote,
        request,
      );
      if (!baseCommit) {
        throw new InputError(
          `The GitOps repository ${request.repoUrl} has no branch '${baseBranch}': set keda-portal.io/gitops-branch or keda.gitops.baseBranch to an existing branch`,
        );
      }
      const refspecs = [`+refs/heads/${baseBranch}:refs/keda/base`];
      if (branchCommit) {
        refspecs.push(`+refs/heads/${request.branch}:refs/keda/branch`);
      }
      await this.reach(remote, 'fetch its branches', () =>
        this.git(dir, ['fetch', '--quiet', '--no-tags', remote, ...refspecs]),
      );
      const at = request.at ?? branchCommit ?? baseCommit;
      return {
        baseBranch,
        baseCommit,
        branchCommit,
        history: branchCommit ? await this.history(dir, branchCommit) : [],
        files: await this.readFiles(dir, at, request.folders),
        openPullRequest: branchCommit
          ? await this.describe(
              dir,
              request.repoUrl,
              request.branch,
              branchCommit,
              baseBranch,
            )
          : undefined,
      };
    });
  }

  /** The branch stands for the proposal; its first-line subject is the title. */
  private async describe(
    dir: string,
    repoUrl: string,
    branch: string,
    tip: string,
    baseBranch?: string,
  ): Promise<PullRequestInfo> {
    const subject = (
      await this.git(dir, ['log', '-n', '1', '--format=%s', tip])
    ).stdout.trim();
    return {
      url: this.pullRequestUrl({ repoUrl, branch, baseBranch }),
      state: 'open',
      branch,
      title: subject,
    };
  }

  async commit(request: CommitRequest): Promise<{ sha: string }> {
    checkCommitRequest(request);
    return this.locked(request.repoUrl, async (dir, remote) => {
      // A private index: the bare repository has none, and no checkout is needed.
      const index = path.join(
        dir,
        `keda-index-${process.pid}-${Date.now()}-${Math.random()
          .toString(36)
          .slice(2)}`,
      );
      const env = { GIT_INDEX_FILE: index };
      const git = (args: string[], input?: string) =>
        run(
          [
            '-c',
            `user.name=${this.author.name}`,
            '-c',
            `user.email=${this.author.email}`,
            ...args,
          ],
          { cwd: dir, input, env },
        );
      try {
        await git(['read-tree', request.parent]);
        for (const file of request.files) {
          const sha = (
            await git(['hash-object', '-w', '--stdin'], file.content)
          ).stdout.trim();
          await git([
            'update-index',
            '--add',
            '--cacheinfo',
            `100644,${sha},${file.path}`,
          ]);
        }
        const tree = (await git(['write-tree'])).stdout.trim();
        const commit = (
          await git(
            ['commit-tree', tree, '-p', request.parent],
            request.message,
          )
        ).stdout.trim();
        // The lease makes the push a compare-and-swap on the branch, and it
        // is never a force: the new commit always descends from the tip.
        const lease = `--force-with-lease=refs/heads/${request.branch}:${
          request.expectedTip ?? ''
        }`;
        // Lost the race: the lease failed, or the remote could not take the
        // ref because another push was updating it at that moment.
        const lostRace = (e: Error) => {
          const { stderr = '', stdout = '' } = e as {
            stderr?: string;
            stdout?: string;
          };
          return /stale info|\[rejected\]|non-fast-forward|fetch first|cannot lock ref|failed to update ref|failed to lock/.test(
            `${stderr}\n${stdout}`,
          );
        };
        // A push retried after one that did land fails its lease: the engine
        // then re-reads, finds its change there and writes nothing more.
        try {
          await this.reach(
            remote,
            `push branch ${request.branch}`,
            () =>
              this.git(dir, [
                'push',
                '--quiet',
                '--porcelain',
                lease,
                remote,
                `${commit}:refs/heads/${request.branch}`,
              ]),
            lostRace,
          );
        } catch (e) {
          if (!lostRace(e as Error)) throw e;
          // Our own earlier try may have landed with its answer lost (the
          // connection dropped and was re-sent): then the branch is ours.
          const { heads } = await this.heads(dir, remote);
          if (heads.get(request.branch) === commit) return { sha: commit };
          throw new BranchMovedError(request.branch);
        }
        return { sha: commit };
      } finally {
        fs.rmSync(index, { force: true });
      }
    });
  }

  async openPullRequest(request: PullRequestRequest): Promise<PullRequestInfo> {
    // Nothing to open on a plain remote: the pushed branch is the proposal.
    return {
      url: this.pullRequestUrl({
        repoUrl: request.repoUrl,
        branch: request.branch,
        baseBranch: request.baseBranch,
      }),
      state: 'open',
      branch: request.branch,
      title: request.title,
      body: request.body,
    };
  }

  async listPullRequests(
    repoUrl: string,
    branchPrefix: string,
  ): Promise<PullRequestInfo[]> {
    return this.locked(repoUrl, async (dir, remote) => {
      const { heads } = await this.heads(dir, remote);
      const found = [...heads.keys()].filter(b => b.startsWith(branchPrefix));
      if (!found.length) return [];
      await this.reach(remote, 'fetch its proposal branches', () =>
        this.git(dir, [
          'fetch',
          '--quiet',
          '--no-tags',
          remote,
          ...found.map(b => `+refs/heads/${b}:refs/keda/list/${b}`),
        ]),
      );
      return Promise.all(
        found.map(b => this.describe(dir, repoUrl, b, heads.get(b)!)),
      );
    });
  }

  /**
   * What a proposal branch changes: its commits since it left the base
   * branch and the diff from that point (as a pull request shows it). For
   * the page a plain remote's pull-request URL leads to.
   */
  async branchDiff(request: {
    repoUrl: string;
    branch: string;
    baseBranch?: string;
  }): Promise<BranchDiff> {
    return this.locked(request.repoUrl, async (dir, remote) => {
      const { baseBranch, baseCommit, branchCommit } = await this.tips(
        dir,
        remote,
        request,
      );
      if (!branchCommit) {
        throw new NotFoundError(
          `The GitOps repository ${request.repoUrl} has no branch '${request.branch}': it was merged and deleted, or never pushed`,
        );
      }
      if (!baseCommit) {
        throw new NotFoundError(
          `The GitOps repository ${request.repoUrl} has no base branch '${baseBranch}'`,
        );
      }
      await this.reach(remote, 'fetch the proposal branch', () =>
        this.git(dir, [
          'fetch',
          '--quiet',
          '--no-tags',
          remote,
          `+refs/heads/${baseBranch}:refs/keda/diff/base`,
          `+refs/heads/${request.branch}:refs/keda/diff/branch`,
        ]),
      );
      // Like a pull request: the changes since the branch left the base.
      const mergeBase = (
        await this.git(dir, ['merge-base', baseCommit, branchCommit]).catch(
          () => ({ stdout: baseCommit }),
        )
      ).stdout.trim();
      const log = await this.git(dir, [
        'log',
        '--format=%H%x00%s%x00%an%x00%aI%x1e',
        `${mergeBase}..${branchCommit}`,
      ]);
      const commits = log.stdout
        .split('\x1e')
        .map(c => c.replace(/^\n/, ''))
        .filter(Boolean)
        .map(c => {
          const [sha, subject, author, date] = c.split('\0');
          return { sha, subject, author, date };
        });
      const diff = (
        await this.git(dir, [
          'diff',
          '--no-color',
          '--no-ext-diff',
          mergeBase,
          branchCommit,
        ])
      ).stdout;
      return {
        repoUrl: request.repoUrl,
        branch: request.branch,
        baseBranch,
        baseCommit,
        branchCommit,
        mergeBase,
        title: commits[0]?.subject ?? '',
        commits,
        diff,
      };
    });
  }
}

/**
 * What a proposal branch changes against its base branch: the backend's
 * `/changes/diff` answer without the entity, which the route adds.
 *
 * @public
 */
export type BranchDiff = Omit<ProposalDiffResponse, 'entityRef'>;
