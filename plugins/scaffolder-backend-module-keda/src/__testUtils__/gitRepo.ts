/**
 * Real Git for the tests: keda-node's shared repository helpers (a bare
 * repository seeded from files or a folder), and a real GitOps engine built
 * from keda-node's public API whose plain Git provider pushes to it.
 */
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import {
  DefaultGitopsEngine,
  GitCliProvider,
  readGitopsSettings,
  type GitopsEngine,
} from '@keda-portal/plugin-keda-node';
import type { BareRepo } from '@keda-portal/plugin-keda-node/testUtils';
import path from 'node:path';

export { createBareRepo, git } from '@keda-portal/plugin-keda-node/testUtils';
export type { BareRepo };

let caches = 0;

/** The engine, with `gitops` merged into `keda.gitops`. */
export function engineFor(
  repo: BareRepo,
  repoUrl: string,
  gitops: Record<string, unknown> = {},
): GitopsEngine {
  const config = new ConfigReader({
    keda: {
      gitops: { repositories: [{ url: repoUrl, provider: 'git' }], ...gitops },
    },
  });
  return new DefaultGitopsEngine({
    settings: readGitopsSettings(config),
    guardrails: {},
    integrations: ScmIntegrations.fromConfig(new ConfigReader({})),
    providers: {
      git: new GitCliProvider({
        cacheDir: path.join(repo.root, `cache-${++caches}`),
        remoteFor: () => repo.remote,
      }),
    },
  });
}
