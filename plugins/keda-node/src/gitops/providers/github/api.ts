/**
 * How GitHub answers: its error bodies, its rate limits, its pull requests,
 * and the host profile the HTTP client sends calls with.
 */
import type { PullRequestInfo } from '../../types';
import * as hosted from '../hosted';
import { RateLimitInfo, retryAfterMs } from '../http';

export const PERMISSION_WRITE = 'contents: write and pull requests: write';

export interface GithubRepo extends hosted.HostedRepo {
  owner: string;
  name: string;
  api: string;
  graphqlUrl: string;
}

function githubMessage(body: unknown): string {
  const plain = hosted.plainMessage(body);
  if (plain !== undefined) {
    return plain;
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
  if (headers.get('x-ratelimit-remaining') === '0' || graphqlLimited) {
    return hosted.resetLimit(headers, 'x-ratelimit-reset');
  }
  const after = retryAfterMs(headers);
  if (/secondary rate limit|abuse detection/i.test(message)) {
    return { kind: 'secondary rate limit', waitMs: after };
  }
  if (status === 429 || after !== undefined) {
    return { kind: 'rate limit', waitMs: after };
  }
  return undefined;
}

export const githubProfile: hosted.HostedProfile = {
  name: 'GitHub',
  integration: 'github',
  example: 'https://github.com/<owner>/<repo>',
  baseHeaders: {
    accept: 'application/vnd.github+json',
    'x-github-api-version': '2022-11-28',
  },
  authHeaders: (token: string) => ({ authorization: `Bearer ${token}` }),
  messageOf: githubMessage,
  rateLimit: githubRateLimit,
  defaultPermission: PERMISSION_WRITE,
  configKey: 'integrations.github',
};

/** GitHub Enterprise serves GraphQL at /api/graphql next to /api/v3. */
export function graphqlUrlFor(apiBaseUrl: string): string {
  return /\/v3$/.test(apiBaseUrl)
    ? apiBaseUrl.replace(/\/v3$/, '/graphql')
    : `${apiBaseUrl}/graphql`;
}

export function prState(
  state: string,
  merged?: boolean,
): PullRequestInfo['state'] {
  const s = state.toLowerCase();
  if (merged || s === 'merged') {
    return 'merged';
  }
  return s === 'open' ? 'open' : 'closed';
}

/** A pull request from the REST API. */
export const restPullRequest = hosted.pullRequestReader(
  'number html_url head.ref title body',
  pr => prState(pr.state, Boolean(pr.merged_at)),
);

/** A pull request from the GraphQL API. */
export const graphqlPullRequest = hosted.pullRequestReader(
  'number url headRefName title body',
  pr => prState(pr.state),
);
