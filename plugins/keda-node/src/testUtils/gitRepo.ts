/**
 * Real Git repositories for tests: a bare "remote" seeded with files or a
 * folder, clones standing in for reviewers who push to a proposal branch,
 * and a GitOps engine whose plain Git provider pushes to it.
 */
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ENV = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'Reviewer',
  GIT_AUTHOR_EMAIL: 'reviewer@example.invalid',
  GIT_COMMITTER_NAME: 'Reviewer',
  GIT_COMMITTER_EMAIL: 'reviewer@example.invalid',
};

/**
 * Runs git as a reviewer would; throws with git's stderr on failure.
 *
 * @public
 */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    env: ENV,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/**
 * Like {@link git}, without blocking: for pushes that race the engine.
 *
 * @public
 */
export function gitAsync(cwd: string, ...args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      args,
      { cwd, env: ENV, encoding: 'utf8' },
      (error, stdout, stderr) =>
        error
          ? reject(Object.assign(error, { stderr: String(stderr) }))
          : resolve(String(stdout)),
    );
  });
}

/**
 * Installs an `update` hook on a bare remote that records every ref update
 * (`<ref> <old> <new>`, one a line, in `log`) and refuses any that is not a
 * fast-forward, as a protected branch would: a force-push fails the push.
 *
 * @public
 */
export function installFastForwardOnlyHook(remote: string, log: string) {
  const hook = path.join(remote, 'hooks', 'update');
  fs.writeFileSync(
    hook,
    [
      '#!/bin/sh',
      'zero=$(git hash-object --stdin </dev/null | tr "0-9a-f" "0")',
      'if [ "$2" != "$zero" ] && [ "$3" != "$zero" ] &&',
      '  ! git merge-base --is-ancestor "$2" "$3"; then',
      `  echo "$1 $2 $3 REFUSED" >> '${log}'`,
      '  echo "refusing non-fast-forward update of $1 ($2 -> $3)" >&2',
      '  exit 1',
      'fi',
      `echo "$1 $2 $3" >> '${log}'`,
      '',
    ].join('\n'),
    { mode: 0o755 },
  );
}

/**
 * A bare repository standing in for a GitOps remote.
 *
 * @public
 */
export interface BareRepo {
  /** Path of the bare remote. */
  remote: string;
  /** Scratch folder holding it; removed by `cleanup`. */
  root: string;
  /** A fresh clone of the remote (checked out at `branch` when given). */
  clone(branch?: string): string;
  /** File content on a branch of the remote, or undefined. */
  show(branch: string, file: string): string | undefined;
  /** Commit shas of a branch, newest first. */
  log(branch: string): string[];
  /** `git diff base..branch` on the remote. */
  diff(base: string, branch: string): string;
  /** Whether the branch exists on the remote. */
  hasBranch(branch: string): boolean;
  /** Paths a branch adds or changes compared with main, sorted. */
  changedFiles(branch: string): string[];
  /** Commits `files` onto `branch` as a reviewer would, from a clone; returns the new commit. */
  pushAsReviewer(branch: string, files: Record<string, string>): string;
  cleanup(): void;
}

function writeFiles(dir: string, files: Record<string, string>) {
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), content);
  }
}

/**
 * A bare repository whose `main` holds `seed`: files (path to content), or
 * a copy of a folder.
 *
 * @public
 */
export function createBareRepo(
  seed: Record<string, string> | string,
): BareRepo {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'keda-git-test-'));
  const remote = path.join(root, 'remote.git');
  git(root, 'init', '--quiet', '--bare', '--initial-branch=main', remote);
  const work = path.join(root, 'seed');
  git(root, 'init', '--quiet', '--initial-branch=main', work);
  if (typeof seed === 'string') {
    fs.cpSync(seed, work, { recursive: true });
  } else {
    writeFiles(work, seed);
  }
  git(work, 'add', '-A');
  git(work, 'commit', '--quiet', '-m', 'Seed');
  git(work, 'push', '--quiet', remote, 'main');
  let clones = 0;
  const clone = (branch?: string) => {
    const dir = path.join(root, `clone-${++clones}`);
    git(root, 'clone', '--quiet', remote, dir);
    if (branch) git(dir, 'checkout', '--quiet', branch);
    return dir;
  };
  return {
    remote,
    root,
    clone,
    show(branch, file) {
      try {
        return git(remote, 'show', `${branch}:${file}`);
      } catch {
        return undefined;
      }
    },
    log: branch => git(remote, 'log', '--format=%H', branch).trim().split('\n'),
    diff: (base, branch) => git(remote, 'diff', `${base}..${branch}`),
    hasBranch: branch =>
      git(remote, 'branch', '--list', branch).trim().replace(/^\* /, '') ===
      branch,
    changedFiles: branch =>
      git(remote, 'diff', '--name-only', `main..${branch}`)
        .trim()
        .split('\n')
        .filter(Boolean)
        .sort(),
    pushAsReviewer(branch, files) {
      const dir = clone(branch);
      writeFiles(dir, files);
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
