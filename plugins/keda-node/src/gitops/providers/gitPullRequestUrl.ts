/**
 * Where a plain-Git proposal's "pull request" link leads: a configured URL
 * template, or the portal's own proposal page with the branch's diff.
 */
import type { Config } from '@backstage/config';
import { normaliseUrl } from '../target';
import type { GitCliProviderOptions } from './git';

/** The portal's own page for a plain-Git proposal, under the app's base URL. */
const PORTAL_PROPOSAL_PATH = '/keda/changes';

/**
 * Fills a pull-request URL template: `{repoUrl}`, `{branch}` and
 * `{baseBranch}` are replaced by their URL-encoded values (`{branchPath}`
 * by the branch with its slashes kept, for paths like `/compare/main...{branchPath}`).
 */
export function fillPullRequestUrlTemplate(
  template: string,
  values: { repoUrl: string; branch: string; baseBranch?: string },
): string {
  return template.replace(
    /\{(repoUrl|branch|branchPath|baseBranch)\}/g,
    (_, key) => {
      if (key === 'branchPath') {
        return values.branch.split('/').map(encodeURIComponent).join('/');
      }
      const value = (values as Record<string, string | undefined>)[key] ?? '';
      return encodeURIComponent(value);
    },
  );
}

/**
 * The plain Git provider's pull-request URLs from config: a repository's
 * `keda.gitops.repositories[].pullRequestUrl` template when set, else the
 * portal's own proposal page (`app.baseUrl` + `/keda/changes`), which shows
 * the branch's diff against its base.
 */
export function gitPullRequestUrlFromConfig(
  config: Config,
): NonNullable<GitCliProviderOptions['pullRequestUrl']> {
  const templates = new Map<string, string>();
  (config.getOptionalConfigArray('keda.gitops.repositories') ?? []).forEach(
    (r, i) => {
      const template = r.getOptionalString('pullRequestUrl');
      if (template === undefined) return;
      if (!/^https?:\/\//.test(template) || !template.includes('{branch')) {
        throw new Error(
          `keda.gitops.repositories[${i}].pullRequestUrl must be an http(s) URL with {branch} or {branchPath} in it, got '${template}'`,
        );
      }
      templates.set(normaliseUrl(r.getString('url')), template);
    },
  );
  const appBaseUrl = config.getOptionalString('app.baseUrl');
  const portalPage = appBaseUrl
    ? `${appBaseUrl.replace(
        /\/+$/,
        '',
      )}${PORTAL_PROPOSAL_PATH}?repo={repoUrl}&branch={branch}`
    : undefined;
  return proposal => {
    const template =
      templates.get(normaliseUrl(proposal.repoUrl)) ?? portalPage;
    return template
      ? fillPullRequestUrlTemplate(template, proposal)
      : `${proposal.repoUrl}#${proposal.branch}`;
  };
}
