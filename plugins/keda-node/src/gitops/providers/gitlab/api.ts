/**
 * How GitLab answers: its error bodies, its rate limit, its merge requests,
 * and the host profile the HTTP client sends calls with.
 */
import type { PullRequestInfo } from '../../types';
import * as hosted from '../hosted';
import type { RateLimitInfo } from '../http';

export const PERMISSION =
  'a token with the api scope and at least the Developer role on the project';

export interface GitlabProject extends hosted.HostedRepo {
  api: string;
  graphqlUrl: string;
}

/** `message` is a string, a list, or field -> messages ("title": ["is too long"]). */
function formatMessage(value: unknown): string {
  if (typeof value === 'string') {
    return value;
  }
  if (Array.isArray(value)) {
    return value.map(formatMessage).join('; ');
  }
  if (value && typeof value === 'object') {
    return Object.entries(value)
      .map(([field, v]) => `${field} ${formatMessage(v)}`)
      .join('; ');
  }
  return '';
}

function gitlabMessage(body: unknown): string {
  const plain = hosted.plainMessage(body);
  if (plain !== undefined) {
    return plain;
  }
  const b = body as Record<string, unknown>;
  const parts: string[] = [];
  if (b.message !== undefined) {
    parts.push(formatMessage(b.message));
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
  return status === 429
    ? hosted.resetLimit(headers, 'ratelimit-reset')
    : undefined;
}

export const gitlabProfile: hosted.HostedProfile = {
  name: 'GitLab',
  integration: 'gitlab',
  example: 'https://gitlab.com/<group>/<project>',
  baseHeaders: { accept: 'application/json' },
  authHeaders: token => ({ authorization: `Bearer ${token}` }),
  messageOf: gitlabMessage,
  rateLimit: gitlabRateLimit,
  defaultPermission: PERMISSION,
  configKey: 'integrations.gitlab',
};

export function mrState(state: string): PullRequestInfo['state'] {
  if (state === 'opened') {
    return 'open';
  }
  return state === 'merged' ? 'merged' : 'closed';
}

/** A merge request from the REST API. */
export const restMergeRequest = hosted.pullRequestReader(
  'iid web_url source_branch title description',
  mr => mrState(mr.state),
);

/** A merge request from the GraphQL API (its iid is a string there). */
export const graphqlMergeRequest = hosted.pullRequestReader(
  'iid webUrl sourceBranch title description',
  mr => mrState(mr.state),
);
