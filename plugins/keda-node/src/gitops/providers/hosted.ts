/**
 * What the GitHub and GitLab providers share: finding the integration for a
 * repository URL, sending calls with the repository's token, the checks
 * before a commit, adopting a pull request that exists already, and the
 * filtered listing. Each provider keeps only its own API sequence.
 */
import { InputError } from '@backstage/errors';
import type { ScmIntegrationRegistry } from '@backstage/integration';
import type { PullRequestInfo } from '../types';
import {
  HostProfile,
  HttpClient,
  HttpProviderOptions,
  HttpRequest,
  ProviderLogger,
  RateLimitInfo,
  retryAfterMs,
} from './http';

/** A host profile plus where its integration lives. */
export type HostedProfile = HostProfile & {
  integration: 'github' | 'gitlab';
  /** What a repository URL looks like, for messages: `https://github.com/<owner>/<repo>`. */
  example: string;
};

/** A repository on a hosted service, resolved from its URL. */
export interface HostedRepo {
  /** `owner/repo` or `group/sub/project`, for messages and the token scrub. */
  full: string;
  token: string;
}

/** The host's message in an error body that is not JSON, or undefined for JSON objects. */
export function plainMessage(body: unknown): string | undefined {
  if (typeof body === 'string') {
    return body.slice(0, 500);
  }
  if (!body || typeof body !== 'object') {
    return '';
  }
  return undefined;
}

/**
 * A rate limit whose quota resets at the epoch seconds in `resetHeader`:
 * wait what `retry-after` says, else until the reset.
 */
export function resetLimit(
  headers: Headers,
  resetHeader: string,
  kind = 'rate limit',
): RateLimitInfo {
  const now = Date.now();
  const reset = Number(headers.get(resetHeader));
  const resetAt =
    Number.isFinite(reset) && reset > 0 ? new Date(reset * 1000) : undefined;
  return {
    kind,
    resetAt,
    waitMs:
      retryAfterMs(headers, now) ??
      (resetAt ? Math.max(0, resetAt.getTime() - now) : undefined),
  };
}

/**
 * Reads a host's pull or merge request JSON as the engine sees it. `fields`
 * names, space-separated and dotted where nested, where the number, URL,
 * source branch, title and body are; a null body counts as none.
 */
export function pullRequestReader(
  fields: string,
  state: (raw: any) => PullRequestInfo['state'],
): (raw: any) => PullRequestInfo {
  const paths = fields.split(' ').map(field => field.split('.'));
  return raw => {
    const [number, url, branch, title, body] = paths.map(path =>
      path.reduce((value, key) => value?.[key], raw),
    );
    return {
      number: Number(number),
      url,
      state: state(raw),
      branch,
      title,
      body: body ?? undefined,
    };
  };
}

/**
 * Base of the providers that talk to a host's HTTP API: the integration
 * lookup, calls with the repository's token, and what follows from
 * `listOpen`. Subclasses implement {@link GitProvider}.
 */
export abstract class HostedGitProvider<R extends HostedRepo> {
  abstract readonly kind: string;
  protected readonly integrations: ScmIntegrationRegistry;
  protected readonly http: HttpClient;
  protected readonly logger?: ProviderLogger;

  constructor(
    protected readonly profile: HostedProfile,
    options: HttpProviderOptions,
  ) {
    this.integrations = options.integrations;
    this.logger = options.logger;
    this.http = new HttpClient(profile, options);
  }

  /** The repository a URL names, with its token; errors name the config to add. */
  protected abstract repo(repoUrl: string): Promise<R>;

  /** Open pull requests of this repository (not forks), optionally from one branch. */
  protected abstract listOpen(
    repo: R,
    branch?: string,
  ): Promise<PullRequestInfo[]>;

  /** The parsed URL and the integration configured for its host. */
  protected integrationFor(repoUrl: string) {
    const { name, integration: key, example } = this.profile;
    let url: URL;
    try {
      url = new URL(repoUrl);
    } catch {
      throw new InputError(
        `'${repoUrl}' is not a repository URL; expected ${example}`,
      );
    }
    const integration = this.integrations[key].byUrl(repoUrl);
    if (!integration) {
      throw new InputError(
        `No ${name} integration is configured for ${url.host} (repository ${repoUrl}); ` +
          `add one under integrations.${key} in app-config with host: ${url.host}`,
      );
    }
    return { url, config: integration.config };
  }

  protected call<T = any>(
    repo: R,
    request: Omit<HttpRequest, 'token' | 'repo'>,
  ) {
    return this.http.send<T>({
      ...request,
      token: repo.token,
      repo: repo.full,
    });
  }

  protected notFound(repo: R, action: string, what?: string) {
    return this.http.toError(
      { repo: repo.full, action, notFound: what },
      404,
      '',
    );
  }

  /** A snapshot without a base: the named branch is missing, or the repository is empty. */
  protected missingBase(repo: R, baseBranch: string | undefined) {
    if (baseBranch) {
      return this.notFound(
        repo,
        'read the base branch',
        `Base branch '${baseBranch}' of ${repo.full}`,
      );
    }
    return new InputError(
      `${repo.full} has no default branch on ${this.profile.name}; is the repository empty? Push a first commit or name a base branch.`,
    );
  }

  /**
   * The open pull request from `branch` that the host says exists (opened
   * meanwhile, or by a retried call), to adopt instead of failing.
   */
  protected async existingOpen(
    repo: R,
    branch: string,
    noun: string,
    hostMessage: string,
  ): Promise<number> {
    const [open] = await this.listOpen(repo, branch);
    if (open?.number === undefined) {
      throw new InputError(
        `${this.profile.name} says a ${noun} from ${branch} already exists in ${repo.full}, but it could not be found: ${hostMessage}`,
      );
    }
    return open.number;
  }

  async listPullRequests(
    repoUrl: string,
    branchPrefix: string,
  ): Promise<PullRequestInfo[]> {
    const repo = await this.repo(repoUrl);
    const open = await this.listOpen(repo);
    return open.filter(pr => pr.branch.startsWith(branchPrefix));
  }
}
