import {
  LoggerService,
  RootConfigService,
  UrlReaderService,
  UrlReaderServiceReadTreeOptions,
  UrlReaderServiceReadTreeResponse,
  UrlReaderServiceReadUrlOptions,
  UrlReaderServiceReadUrlResponse,
  UrlReaderServiceSearchOptions,
  UrlReaderServiceSearchResponse,
} from '@backstage/backend-plugin-api';
import {
  ReaderFactory,
  ReadTreeResponseFactory,
} from '@backstage/backend-defaults/urlReader';
import {
  InputError,
  NotFoundError,
  NotModifiedError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  normaliseUrl,
  readGitopsSettings,
} from '@keda-portal/plugin-keda-node';
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Protocols git may use for a configured remote; `ext::` could run commands. */
const ALLOWED_PROTOCOLS = 'file:http:https:ssh:git';

const GIT_ENV = {
  GIT_TERMINAL_PROMPT: '0',
  GIT_ALLOW_PROTOCOL: ALLOWED_PROTOCOLS,
  GIT_CONFIG_NOSYSTEM: '1',
  LC_ALL: 'C',
};

function git(
  cwd: string,
  args: string[],
): Promise<{ stdout: Buffer; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      args,
      {
        cwd,
        encoding: 'buffer',
        maxBuffer: 64 * 1024 * 1024,
        env: { ...process.env, ...GIT_ENV },
      },
      (error, stdout, stderr) => {
        if (error) {
          reject(
            Object.assign(
              new Error(
                `git ${args[0]} failed: ${String(
                  stderr.toString() || error.message,
                ).trim()}`,
              ),
              { code: (error as { code?: unknown }).code },
            ),
          );
        } else {
          resolve({ stdout, stderr: stderr.toString() });
        }
      },
    );
  });
}

/** A configured GitOps repository that is reached through a plain Git remote. */
interface GitRemoteRepository {
  /** The URL entities and locations use, e.g. `https://github.com/acme/gitops`. */
  url: string;
  remote: string;
}

/** `<repo url>/blob/<branch>/<path>` or `<repo url>/tree/<branch>/<path>` */
interface ParsedUrl {
  repo: GitRemoteRepository;
  /** Branch and path together: branch names may contain slashes. */
  refAndPath: string;
}

/**
 * Reads files of GitOps repositories that are listed under
 * `keda.gitops.repositories` with a plain Git `remote`, for URLs written the
 * way GitHub and GitLab write them (`<url>/blob/<branch>/<path>`). This lets
 * the catalog register the `catalog-info.yaml` of a new worker from a
 * repository that no Backstage integration can read, such as the demo's local
 * repository or a self-hosted Git server reached over SSH.
 *
 * Reads are served from a private bare clone that is fetched on every read;
 * the blob's object id is the ETag, so unchanged files cost one `ls-remote`.
 */
export class GitRemoteUrlReader implements UrlReaderService {
  /** Registers a reader for every configured repository with a remote. */
  static factory: ReaderFactory = ({ config, logger, treeResponseFactory }) => {
    const repositories = readRemoteRepositories(config);
    if (!repositories.length) return [];
    const reader = new GitRemoteUrlReader({
      repositories,
      cacheDir: path.join(
        config.getOptionalString('keda.gitops.cacheDir') ??
          path.join(os.tmpdir(), `keda-portal-gitops-${process.pid}`),
        'url-reader',
      ),
      treeResponseFactory,
      logger,
    });
    return [{ reader, predicate: url => reader.handles(url.toString()) }];
  };

  private readonly repositories: GitRemoteRepository[];
  private readonly cacheDir: string;
  private readonly treeResponseFactory: ReadTreeResponseFactory;
  private readonly logger?: LoggerService;
  /** Fetches into one bare clone must not overlap. */
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(options: {
    repositories: GitRemoteRepository[];
    cacheDir: string;
    treeResponseFactory: ReadTreeResponseFactory;
    logger?: LoggerService;
  }) {
    this.repositories = options.repositories;
    this.cacheDir = options.cacheDir;
    this.treeResponseFactory = options.treeResponseFactory;
    this.logger = options.logger;
  }

  handles(url: string): boolean {
    return this.parse(url) !== undefined;
  }

  async readUrl(
    url: string,
    options?: UrlReaderServiceReadUrlOptions,
  ): Promise<UrlReaderServiceReadUrlResponse> {
    const { repo, refAndPath } = this.parseOrThrow(url);
    const at = await this.resolve(repo, refAndPath);
    if (!at.path) {
      throw new InputError(`${url} names a branch, not a file`);
    }
    const dir = await this.clone(repo);
    let blob: string;
    try {
      blob = (
        await git(dir, ['rev-parse', '--verify', `${at.commit}:${at.path}`])
      ).stdout
        .toString()
        .trim();
    } catch {
      throw new NotFoundError(
        `${url}: no file ${at.path} on branch ${at.branch}`,
      );
    }
    if (options?.etag && options.etag === blob) {
      throw new NotModifiedError();
    }
    const content = (await git(dir, ['cat-file', 'blob', blob])).stdout;
    return { buffer: async () => content, etag: blob };
  }

  async readTree(
    url: string,
    options?: UrlReaderServiceReadTreeOptions,
  ): Promise<UrlReaderServiceReadTreeResponse> {
    const { repo, refAndPath } = this.parseOrThrow(url);
    const at = await this.resolve(repo, refAndPath);
    if (options?.etag && options.etag === at.commit) {
      throw new NotModifiedError();
    }
    const dir = await this.clone(repo);
    // Backstage's tar reader drops the archive's top folder, as in GitHub's.
    const args = ['archive', '--format=tar', '--prefix=tree/', at.commit];
    if (at.path) args.push('--', at.path);
    const child = spawn('git', args, {
      cwd: dir,
      env: { ...process.env, ...GIT_ENV },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return this.treeResponseFactory.fromTarArchive({
      stream: child.stdout,
      subpath: at.path,
      etag: at.commit,
      filter: options?.filter,
    });
  }

  async search(
    url: string,
    options?: UrlReaderServiceSearchOptions,
  ): Promise<UrlReaderServiceSearchResponse> {
    if (/[*?[\]{}]/.test(url)) {
      throw new InputError(
        `${url}: patterns are not supported for Git remotes; register each catalog-info.yaml by its full URL`,
      );
    }
    try {
      const file = await this.readUrl(url, options);
      return {
        etag: file.etag ?? '',
        files: [{ url, content: file.buffer }],
      };
    } catch (e) {
      if ((e as Error).name === 'NotFoundError') return { etag: '', files: [] };
      throw e;
    }
  }

  toString() {
    return `gitRemote{repositories=${this.repositories
      .map(r => r.url)
      .join(',')}}`;
  }

  private parse(url: string): ParsedUrl | undefined {
    for (const repo of this.repositories) {
      for (const kind of ['blob', 'tree']) {
        const prefix = `${repo.url}/${kind}/`;
        if (url.startsWith(prefix) && url.length > prefix.length) {
          return { repo, refAndPath: decodeURI(url.slice(prefix.length)) };
        }
      }
    }
    return undefined;
  }

  private parseOrThrow(url: string): ParsedUrl {
    const parsed = this.parse(url);
    if (!parsed) {
      throw new InputError(
        `${url} is not a <repository>/blob/<branch>/<path> URL of a repository under keda.gitops.repositories`,
      );
    }
    if (parsed.refAndPath.split('/').some(s => s === '..')) {
      throw new InputError(`${url}: '..' is not allowed in the path`);
    }
    return parsed;
  }

  /**
   * Splits `<branch>/<path>` against the remote's branches; the longest
   * branch that matches wins, since names like `keda/team/worker` have slashes.
   */
  private async resolve(repo: GitRemoteRepository, refAndPath: string) {
    const dir = await this.clone(repo);
    let listed: Buffer;
    try {
      listed = (await git(dir, ['ls-remote', '--heads', repo.remote])).stdout;
    } catch (e) {
      throw new ServiceUnavailableError(
        `Could not reach the GitOps repository ${repo.url}: ${
          (e as Error).message
        }`,
      );
    }
    let best: { branch: string; commit: string } | undefined;
    for (const line of listed.toString().split('\n')) {
      const m = /^([0-9a-f]{40,64})\trefs\/heads\/(.+)$/.exec(line);
      if (!m) continue;
      const [, commit, branch] = m;
      const matches =
        refAndPath === branch || refAndPath.startsWith(`${branch}/`);
      if (matches && (!best || branch.length > best.branch.length)) {
        best = { branch, commit };
      }
    }
    if (!best) {
      throw new NotFoundError(
        `${repo.url}: no branch matches the start of '${refAndPath}'`,
      );
    }
    const { branch, commit } = best;
    await this.serially(dir, async () => {
      const have = await git(dir, ['cat-file', '-e', `${commit}^{commit}`])
        .then(() => true)
        .catch(() => false);
      if (!have) {
        this.logger?.debug(`Fetching ${branch} of ${repo.url}`);
        await git(dir, [
          'fetch',
          '--quiet',
          '--no-tags',
          repo.remote,
          `+refs/heads/${branch}:refs/url-reader/${branch}`,
        ]);
      }
    });
    return {
      branch,
      commit,
      path: refAndPath.slice(branch.length).replace(/^\/+|\/+$/g, ''),
    };
  }

  private async clone(repo: GitRemoteRepository): Promise<string> {
    const dir = path.join(
      this.cacheDir,
      createHash('sha256').update(repo.url).digest('hex').slice(0, 16),
    );
    if (!fs.existsSync(path.join(dir, 'HEAD'))) {
      await this.serially(dir, async () => {
        if (fs.existsSync(path.join(dir, 'HEAD'))) return;
        fs.mkdirSync(dir, { recursive: true });
        await git(dir, ['init', '--quiet', '--bare', dir]);
      });
    }
    return dir;
  }

  private serially<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(key) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(fn);
    this.queues.set(key, next);
    return next;
  }
}

function readRemoteRepositories(
  config: RootConfigService,
): GitRemoteRepository[] {
  return readGitopsSettings(config)
    .repositories.filter(r => r.provider === 'git' && r.remote)
    .map(r => ({ url: normaliseUrl(r.url), remote: r.remote! }));
}
