/**
 * How GitLab answers: its error bodies, its rate limit, its merge requests,
 * and the host profile the HTTP client sends calls with.
 */
import type { PullRequestInfo } from '../../types';
import {
  plainMessage,
  pullRequestInfo,
  resetLimit,
  type HostedProfile,
  type HostedRepo,
} from '../hosted';
import type { RateLimitInfo } from '../http';

export const PERMISSION =
  'a token with the api scope and at least the Developer role on the project';

export interface GitlabProject extends HostedRepo {
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
  const plain = plainMessage(body);
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
  return status === 429 ? resetLimit(headers, 'ratelimit-reset') : undefined;
}

export const gitlabProfile: HostedProfile = {
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
export function restMergeRequest(mr: any): PullRequestInfo {
  return pullRequestInfo(
    mr.iid,
    mr.web_url,
    mrState(mr.state),
    mr.source_branch,
    mr.title,
    mr.description,
  );
}

/** A merge request from the GraphQL API (its iid is a string there). */
export function graphqlMergeRequest(mr: any): PullRequestInfo {
  return pullRequestInfo(
    Number(mr.iid),
    mr.webUrl,
    mrState(mr.state),
    mr.sourceBranch,
    mr.title,
    mr.description,
  );
}
