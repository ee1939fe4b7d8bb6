/**
 * Shared HTTP plumbing of the GitHub and GitLab providers: one `fetch` per
 * call (so every call is counted and controlled), retries with exponential
 * backoff and jitter for rate limits and server errors, and errors that say
 * what to do, in Backstage's error classes. Tokens never reach a message.
 */
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import type { ScmIntegrationRegistry } from '@backstage/integration';

/**
 * What the providers log: a subset of Backstage's LoggerService (which fits).
 *
 * @public
 */
export interface ProviderLogger {
  warn(message: string): void;
  info(message: string): void;
}

/**
 * How rate limits, server errors and network failures are retried.
 *
 * @public
 */
export interface RetryOptions {
  /** Tries in all, the first one included. Default 4. */
  attempts?: number;
  /** First backoff; it doubles on every retry, with jitter. Default 500 ms. */
  baseDelayMs?: number;
  /**
   * Longest single wait. When a host asks for a longer pause (a primary rate
   * limit that resets in half an hour), the call fails at once with a
   * `RateLimitedError` saying when to retry, instead of hanging.
   * Default 30 s.
   */
  maxDelayMs?: number;
  /** Replaces the timer, so tests can see the waits without waiting. */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Options shared by {@link GithubProvider} and {@link GitlabProvider}.
 *
 * @public
 */
export interface HttpProviderOptions {
  integrations: ScmIntegrationRegistry;
  logger?: ProviderLogger;
  /** Defaults to the global fetch of Node 22. */
  fetch?: typeof fetch;
  retry?: RetryOptions;
}

/**
 * The host is rate-limiting us; `retryAt` says when it is worth trying again.
 *
 * @public
 */
export class RateLimitedError extends ServiceUnavailableError {
  constructor(message: string, readonly retryAt?: Date) {
    super(message);
  }
}

/** A rate-limit answer, as read from the response. */
export interface RateLimitInfo {
  /** How long the host asks us to wait, when it says. */
  waitMs?: number;
  /** When the quota resets, when the host says. */
  resetAt?: Date;
  /** Wording for the final error, e.g. 'secondary rate limit'. */
  kind: string;
}

/** What differs between hosts. */
export interface HostProfile {
  name: 'GitHub' | 'GitLab';
  /** Auth headers for a token. */
  authHeaders(token: string): Record<string, string>;
  /** Headers every call carries. */
  baseHeaders: Record<string, string>;
  /** Reads the human message from an error body. */
  messageOf(body: unknown): string;
  /** Says whether the answer is a rate limit (any status, GraphQL included). */
  rateLimit(
    status: number,
    headers: Headers,
    body: unknown,
    message: string,
  ): RateLimitInfo | undefined;
  /** The permission a write needs when the request does not name one. */
  defaultPermission: string;
  /** Where in app-config the credentials live, e.g. `integrations.github`. */
  configKey: string;
}

/** One call. */
export interface HttpRequest {
  method: 'GET' | 'HEAD' | 'POST' | 'PATCH' | 'PUT';
  url: string;
  token: string;
  body?: unknown;
  /** Verb phrase for errors: 'create the branch keda/x'. */
  action: string;
  /** Repository as people write it: `owner/repo`, `group/sub/project`. */
  repo: string;
  /** What a 404 means was not found; default `repository <repo>`. */
  notFound?: string;
  /** Permission named in 401/403 errors; default the profile's. */
  permission?: string;
  /** Statuses handed back to the caller instead of thrown. */
  accept?: number[];
  /**
   * Whether a 5xx or a network failure may be retried. False for writes that
   * are not safe to repeat, i.e. that would take effect twice if the first
   * try went through but its answer was lost. Rate-limit answers are always
   * retried: the host refused them before doing anything.
   */
  retryable?: boolean;
}

/** The answer to a call that succeeded or whose status was accepted. */
export interface HttpResult<T = any> {
  status: number;
  headers: Headers;
  data: T;
  /** The host's message, for accepted error statuses. */
  message: string;
}

const DEFAULT_RETRY: Required<Omit<RetryOptions, 'sleep'>> = {
  attempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
};

/** Replaces every occurrence of the secrets in a text. */
export function scrub(
  text: string,
  secrets: Array<string | undefined>,
): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) {
      out = out.split(secret).join('***');
    }
  }
  return out;
}

function parseBody(text: string): unknown {
  if (!text) {
    return undefined;
  }
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function formatWhen(at: Date, now: number): string {
  const minutes = Math.max(1, Math.ceil((at.getTime() - now) / 60_000));
  return `${at.toISOString()} (in about ${minutes} minute${
    minutes === 1 ? '' : 's'
  })`;
}

/** Reads `retry-after` as seconds or as an HTTP date. */
export function retryAfterMs(headers: Headers, now = Date.now()) {
  const value = headers.get('retry-after');
  if (value === null || value.trim() === '') {
    return undefined;
  }
  const seconds = Number(value);
  if (Number.isFinite(seconds)) {
    return Math.max(0, seconds * 1000);
  }
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Sends calls for one provider. Counting, retrying and error wording live
 * here so the providers read as the API sequence they perform.
 */
export class HttpClient {
  private readonly fetchImpl: typeof fetch;
  private readonly retry: Required<Omit<RetryOptions, 'sleep'>>;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly logger?: ProviderLogger;

  constructor(
    private readonly profile: HostProfile,
    options: Pick<HttpProviderOptions, 'fetch' | 'retry' | 'logger'>,
  ) {
    this.logger = options.logger;
    this.fetchImpl = options.fetch ?? ((...args) => fetch(...args));
    this.retry = {
      attempts: Math.max(1, options.retry?.attempts ?? DEFAULT_RETRY.attempts),
      baseDelayMs: options.retry?.baseDelayMs ?? DEFAULT_RETRY.baseDelayMs,
      maxDelayMs: options.retry?.maxDelayMs ?? DEFAULT_RETRY.maxDelayMs,
    };
    this.sleep =
      options.retry?.sleep ??
      (ms => new Promise(resolve => setTimeout(resolve, ms)));
  }

  /** Exponential backoff with "equal jitter": half fixed, half random. */
  private backoff(attempt: number): number {
    const ceiling = Math.min(
      this.retry.maxDelayMs,
      this.retry.baseDelayMs * 2 ** (attempt - 1),
    );
    return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
  }

  async send<T = any>(request: HttpRequest): Promise<HttpResult<T>> {
    const { profile } = this;
    const headers: Record<string, string> = {
      ...profile.baseHeaders,
      ...profile.authHeaders(request.token),
    };
    if (request.body !== undefined) {
      headers['content-type'] = 'application/json';
    }
    const retryable = request.retryable ?? true;
    const secrets = [request.token];

    for (let attempt = 1; ; attempt++) {
      const last = attempt >= this.retry.attempts;
      let response: Response;
      try {
        response = await this.fetchImpl(request.url, {
          method: request.method,
          headers,
          body:
            request.body === undefined
              ? undefined
              : JSON.stringify(request.body),
        });
      } catch (error) {
        if (retryable && !last) {
          await this.sleep(this.backoff(attempt));
          continue;
        }
        const reason = scrub(
          String((error as Error)?.message ?? error),
          secrets,
        );
        throw new ServiceUnavailableError(
          `Could not reach ${profile.name} to ${request.action} in ${
            request.repo
          }${
            attempt > 1 ? ` (gave up after ${attempt} attempts)` : ''
          }: ${reason}. Check that this backend can reach ${
            new URL(request.url).host
          } (network, proxy, DNS), then try again.`,
        );
      }

      const text = request.method === 'HEAD' ? '' : await response.text();
      const data = parseBody(text);
      const message = scrub(
        response.ok ? '' : profile.messageOf(data) || response.statusText,
        secrets,
      );

      const limit = profile.rateLimit(
        response.status,
        response.headers,
        data,
        message,
      );
      if (limit) {
        const wait = limit.waitMs ?? this.backoff(attempt);
        if (!last && wait <= this.retry.maxDelayMs) {
          this.logger?.info(
            `${profile.name} ${limit.kind} while trying to ${request.action} in ${request.repo}; retrying in ${wait} ms`,
          );
          await this.sleep(wait);
          continue;
        }
        const now = Date.now();
        const retryAt =
          limit.resetAt ??
          (limit.waitMs !== undefined
            ? new Date(now + limit.waitMs)
            : undefined);
        throw new RateLimitedError(
          `${profile.name} ${limit.kind} hit while trying to ${
            request.action
          } in ${request.repo}${
            last && attempt > 1 ? ` (gave up after ${attempt} attempts)` : ''
          }. Retry after ${
            retryAt ? formatWhen(retryAt, now) : 'a few minutes'
          }.${message ? ` ${profile.name} said: ${message}` : ''}`,
          retryAt,
        );
      }

      if (response.ok || request.accept?.includes(response.status)) {
        return {
          status: response.status,
          headers: response.headers,
          data: data as T,
          message,
        };
      }

      if (response.status >= 500 && retryable && !last) {
        await this.sleep(this.backoff(attempt));
        continue;
      }
      throw this.toError(request, response.status, message, attempt);
    }
  }

  /** The error for a final, unaccepted status. */
  toError(
    request: Pick<HttpRequest, 'action' | 'repo' | 'notFound' | 'permission'>,
    status: number,
    message: string,
    attempts = 1,
  ): Error {
    const { profile } = this;
    const said = message ? `: ${message}` : '';
    const permission = request.permission ?? profile.defaultPermission;
    if (status === 401) {
      return new NotAllowedError(
        `${profile.name} rejected the configured credentials (HTTP 401${said}) while trying to ${request.action} in ${request.repo}. ` +
          `Check the token or app under ${profile.configKey} in app-config; it needs ${permission}.`,
      );
    }
    if (status === 403) {
      return new NotAllowedError(
        `The ${profile.name} credentials lack permission to ${request.action} in ${request.repo} (HTTP 403${said}). ` +
          `Grant them ${permission} on ${request.repo} (configured under ${profile.configKey}).`,
      );
    }
    if (status === 404) {
      return new NotFoundError(
        `${request.notFound ?? `Repository ${request.repo}`} was not found on ${
          profile.name
        }, or is not visible to the configured credentials (while trying to ${
          request.action
        }). Check the URL, and that the credentials under ${
          profile.configKey
        } can read ${request.repo}.`,
      );
    }
    if (status === 409) {
      return new ConflictError(
        `${profile.name} refused to ${request.action} in ${request.repo}${said}`,
      );
    }
    if (status === 400 || status === 422) {
      return new InputError(
        `${profile.name} refused to ${request.action} in ${request.repo} (HTTP ${status})${said}`,
      );
    }
    if (status >= 500) {
      return new ServiceUnavailableError(
        `${profile.name} failed to ${request.action} in ${
          request.repo
        } (HTTP ${status}${
          attempts > 1 ? `, ${attempts} attempts` : ''
        })${said}. Try again later.`,
      );
    }
    return new Error(
      `${profile.name} answered HTTP ${status} while trying to ${request.action} in ${request.repo}${said}`,
    );
  }
}

/** Splits a comma-separated `Link` header into its `rel="next"` target. */
export function nextLink(headers: Headers): string | undefined {
  const link = headers.get('link');
  if (!link) {
    return undefined;
  }
  for (const part of link.split(',')) {
    const match = part.match(/<([^>]+)>\s*;\s*rel="?next"?/);
    if (match) {
      return match[1];
    }
  }
  return undefined;
}

/** Map with a size cap: the oldest entries go first. For immutable facts only. */
export class BoundedMap<K, V> {
  private readonly map = new Map<K, V>();
  constructor(private readonly limit: number) {}
  get(key: K): V | undefined {
    return this.map.get(key);
  }
  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    while (this.map.size > this.limit) {
      const oldest = this.map.keys().next().value as K;
      this.map.delete(oldest);
    }
  }
}

/** Encodes each segment of a slash-separated name, keeping the slashes. */
export function encodeSegments(name: string): string {
  return name.split('/').map(encodeURIComponent).join('/');
}

/**
 * Drops folders inside other requested folders: one listing of `a` already
 * holds `a/b`. '' (the whole repository) holds everything.
 */
export function outermostFolders(folders: string[]): string[] {
  const clean = [
    ...new Set(folders.map(f => f.replace(/^\/+|\/+$/g, ''))),
  ].sort();
  if (clean.includes('')) {
    return [''];
  }
  return clean.filter(
    folder =>
      !clean.some(other => other !== folder && folder.startsWith(`${other}/`)),
  );
}
