/**
 * A real GitOps engine for tests: its plain Git provider pushes to a bare
 * repository whatever URL the entity names.
 */
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import path from 'node:path';
import { DefaultGitopsEngine } from '../../gitops/DefaultGitopsEngine';
import type { GitopsEngine, GitopsEngineOptions } from '../../gitops/engine';
import { GitCliProvider } from '../../gitops/providers/git';
import { readGitopsSettings } from '../../gitops/target';
import type { BareRepo } from '../../testUtils';

let caches = 0;

/**
 * A GitOps engine whose plain Git provider pushes to the bare repository,
 * whatever URL the entity names; `gitops` is merged into `keda.gitops`, and
 * `options` into the engine's options.
 *
 *
 */
export function gitopsEngineFor(
  repo: BareRepo,
  repoUrl: string,
  gitops: Record<string, unknown> = {},
  options: Partial<GitopsEngineOptions> = {},
): GitopsEngine {
  return new DefaultGitopsEngine({
    settings: readGitopsSettings(
      new ConfigReader({
        keda: {
          gitops: {
            repositories: [{ url: repoUrl, provider: 'git' }],
            ...gitops,
          },
        },
      }),
    ),
    guardrails: {},
    integrations: ScmIntegrations.fromConfig(new ConfigReader({})),
    providers: {
      git: new GitCliProvider({
        cacheDir: path.join(repo.root, `cache-${++caches}`),
        remoteFor: () => repo.remote,
      }),
    },
    ...options,
  });
}
