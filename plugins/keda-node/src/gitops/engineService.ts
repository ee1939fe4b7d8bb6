import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import os from 'node:os';
import path from 'node:path';
import { DefaultGitopsEngine } from './DefaultGitopsEngine';
import type { GitopsEngine } from './engine';
import { readGuardrails } from './guardrails';
import { GitCliProvider } from './providers/git';
import { gitPullRequestUrlFromConfig } from './providers/gitPullRequestUrl';
import { GithubProvider } from './providers/github';
import { GitlabProvider } from './providers/gitlab';
import { readGitopsSettings } from './target';

/**
 * The GitOps engine, shared by the KEDA backend plugin and the scaffolder
 * module so both write pull requests the same way. A root service: one set
 * of locks and one Git cache per backend process. Providers and policies
 * that modules add through the KEDA plugin's extension points reach it
 * through {@link GitopsEngine.extend}.
 *
 * @public
 */
export const kedaGitopsEngineServiceRef = createServiceRef<GitopsEngine>({
  id: 'keda.gitops-engine',
  scope: 'root',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.rootLogger,
      },
      factory({ config, logger }) {
        const settings = readGitopsSettings(config);
        const integrations = ScmIntegrations.fromConfig(config);
        const remotes = new Map(
          settings.repositories
            .filter(r => r.remote)
            .map(r => [r.url, r.remote!]),
        );
        const cacheDir =
          config.getOptionalString('keda.gitops.cacheDir') ??
          path.join(os.tmpdir(), `keda-portal-gitops-${process.pid}`);
        return new DefaultGitopsEngine({
          settings,
          guardrails: readGuardrails(config),
          integrations,
          providers: {
            git: new GitCliProvider({
              cacheDir,
              remoteFor: url => remotes.get(url) ?? url,
              // A plain remote has no pull requests: link a page with the diff.
              pullRequestUrl: gitPullRequestUrlFromConfig(config),
            }),
            github: new GithubProvider({ integrations, logger }),
            gitlab: new GitlabProvider({ integrations, logger }),
          },
        });
      },
    }),
});
