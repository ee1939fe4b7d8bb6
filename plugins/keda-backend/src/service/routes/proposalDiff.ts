/**
 * `GET /changes/diff?repo=<url>&branch=<branch>`: what a proposal branch on a
 * plain Git remote changes against its base branch. A plain remote has no
 * pull requests, so the portal's proposal page (the plain Git provider's
 * pull-request link) shows this instead. Reads Git, writes nothing.
 */
import {
  AuditorService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type { Config } from '@backstage/config';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  AuthorizeResult,
  type PermissionEvaluator,
} from '@backstage/plugin-permission-common';
import {
  kedaScalingReadPermission,
  type ProposalDiffQuery,
  type ProposalDiffResponse,
} from '@keda-portal/plugin-keda-common';
import {
  GitCliProvider,
  normaliseUrl,
  readGitopsSettings,
} from '@keda-portal/plugin-keda-node';
import type express from 'express';
import { audited } from './audited';
import os from 'node:os';
import path from 'node:path';

export interface ProposalDiffOptions {
  config: Config;
  httpAuth: HttpAuthService;
  permissions: PermissionsService | PermissionEvaluator;
  auditor: AuditorService;
  /** Where the route's own read-only Git cache lives. */
  cacheDir?: string;
}

/** `keda/<namespace>/<kind>/<name>/<environment>`, as proposalBranch writes it. */
const PROPOSAL_BRANCH =
  /^keda\/([a-z0-9._-]+)\/([a-z0-9._-]+)\/([a-z0-9._-]+)\/([a-z0-9._-]+)$/;

/** Adds the route; only plain Git repositories of `keda.gitops.repositories`. */
export function addProposalDiffRoute(
  router: express.Router,
  options: ProposalDiffOptions,
) {
  const { permissions } = options;
  const settings = readGitopsSettings(options.config);
  const plainRepos = new Map(
    settings.repositories
      .filter(r => r.provider === 'git')
      .map(r => [r.url, r]),
  );
  const git = new GitCliProvider({
    cacheDir:
      options.cacheDir ??
      path.join(os.tmpdir(), `keda-portal-proposal-diff-${process.pid}`),
    remoteFor: url => plainRepos.get(normaliseUrl(url))?.remote ?? url,
  });

  router.get<{}, ProposalDiffResponse, unknown, Partial<ProposalDiffQuery>>(
    '/changes/diff',
    async (req, res) => {
      const { repo, branch } = req.query;
      if (typeof repo !== 'string' || !repo) {
        throw new InputError(
          'repo is missing: give the GitOps repository URL once, e.g. ?repo=https://github.com/org/gitops&branch=keda/default/component/orders-api/default',
        );
      }
      if (typeof branch !== 'string' || !branch) {
        throw new InputError(
          'branch is missing: give the proposal branch once, e.g. &branch=keda/default/component/orders-api/default',
        );
      }
      const m = PROPOSAL_BRANCH.exec(branch);
      if (!m) {
        throw new InputError(
          `branch '${branch}' is not a KEDA Portal proposal branch: use keda/<namespace>/<kind>/<name>/<environment>`,
        );
      }
      // The branch names the entity; reading its proposal is reading its scaling.
      const entityRef = stringifyEntityRef({
        namespace: m[1],
        kind: m[2],
        name: m[3],
      });
      const { body } = await audited(
        options,
        req,
        { eventId: 'proposal-diff-fetch', meta: { entityRef, repo, branch } },
        async credentials => {
          const [decision] = await permissions.authorize(
            [{ permission: kedaScalingReadPermission, resourceRef: entityRef }],
            { credentials },
          );
          if (decision.result !== AuthorizeResult.ALLOW) {
            throw new NotAllowedError(
              `You may not read the scaling proposals of ${entityRef}`,
            );
          }
          const configured = plainRepos.get(normaliseUrl(repo));
          if (!configured) {
            throw new NotFoundError(
              `${repo} is not a plain Git repository of keda.gitops.repositories: its pull requests live on its Git host`,
            );
          }
          const diff = await git.branchDiff({
            repoUrl: configured.url,
            branch,
            baseBranch: configured.baseBranch ?? settings.baseBranch,
          });
          return {
            body: { entityRef, ...diff },
            meta: { commit: diff.branchCommit },
          };
        },
      );
      res.json(body);
    },
  );
}
