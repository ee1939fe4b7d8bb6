/**
 * Real Git for the tests: a bare repository standing in for the GitOps
 * remote, seeded from files or a folder, and the engine pointed at it.
 */
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import {
  GitCliProvider,
  DefaultGitopsEngine,
  type GitopsEngine,
  readGitopsSettings,
} from '@keda-portal/plugin-keda-node';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const GIT_ENV = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'Reviewer',
  GIT_AUTHOR_EMAIL: 'reviewer@example.invalid',
  GIT_COMMITTER_NAME: 'Reviewer',
  GIT_COMMITTER_EMAIL: 'reviewer@example.invalid',
};

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    env: GIT_ENV,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export interface BareRepo {
  /** Path of the bare repository. */
  remote: string;
  /** Scratch folder holding it; removed by `cleanup`. */
  root: string;
  /** Whether the branch exists. */
  hasBranch(branch: string): boolean;
  /** Commits of a branch, newest first. */
  log(branch: string): string[];
  /** A file on a branch, or undefined. */
  show(branch: string, file: string): string | undefined;
  /** Paths a branch adds or changes compared with main. */
  changedFiles(branch: string): string[];
  /** Commits `files` onto `branch` as a reviewer would, from a clone. */
  pushAsReviewer(branch: string, files: Record<string, string>): string;
  cleanup(): void;
}

function copyInto(from: string, to: string) {
  fs.cpSync(from, to, { recursive: true });
}

/** A bare repository whose `main` holds `files` (path to content), or a copy of a folder. */
export function createBareRepo(
  seed: Record<string, string> | string,
): BareRepo {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'keda-scaffolder-git-'));
  const remote = path.join(root, 'remote.git');
  git(root, 'init', '--quiet', '--bare', '--initial-branch=main', remote);
  const work = path.join(root, 'seed');
  git(root, 'init', '--quiet', '--initial-branch=main', work);
  if (typeof seed === 'string') {
    copyInto(seed, work);
  } else {
    for (const [file, content] of Object.entries(seed)) {
      fs.mkdirSync(path.dirname(path.join(work, file)), { recursive: true });
      fs.writeFileSync(path.join(work, file), content);
    }
  }
  git(work, 'add', '-A');
  git(work, 'commit', '--quiet', '-m', 'Seed');
  git(work, 'push', '--quiet', remote, 'main');
  let clones = 0;

  const hasBranch = (branch: string) =>
    git(remote, 'branch', '--list', branch).trim().replace(/^\* /, '') ===
    branch;
  return {
    remote,
    root,
    hasBranch,
    log: branch => git(remote, 'log', '--format=%H', branch).trim().split('\n'),
    show(branch, file) {
      try {
        return git(remote, 'show', `${branch}:${file}`);
      } catch {
        return undefined;
      }
    },
    changedFiles: branch =>
      git(remote, 'diff', '--name-only', `main..${branch}`)
        .trim()
        .split('\n')
        .filter(Boolean)
        .sort(),
    pushAsReviewer(branch, files) {
      const dir = path.join(root, `clone-${++clones}`);
      git(root, 'clone', '--quiet', '--branch', branch, remote, dir);
      for (const [file, content] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        fs.writeFileSync(path.join(dir, file), content);
      }
      git(dir, 'add', '-A');
      git(dir, 'commit', '--quiet', '-m', 'Review');
      git(dir, 'push', '--quiet', 'origin', branch);
      return git(dir, 'rev-parse', 'HEAD').trim();
    },
    cleanup() {
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

let caches = 0;

/**
 * A GitOps engine whose plain Git provider pushes to the bare repository,
 * whatever URL the entity names; `gitops` is merged into `keda.gitops`.
 */
export function engineFor(
  repo: BareRepo,
  repoUrl: string,
  gitops: Record<string, unknown> = {},
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
  });
}
