/**
 * Real Git repositories for tests: a bare "remote" seeded with files, and
 * clones standing in for reviewers who push to a proposal branch.
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

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: ENV, encoding: 'utf8' });
}

/** Like {@link git}, without blocking: for pushes that race the engine. */
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

export interface TestRepo {
  /** Path of the bare remote. */
  remote: string;
  /** Scratch folder; removed by `cleanup`. */
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
  cleanup(): void;
}

/** A bare repository whose `main` holds `files`. */
export function createTestRepo(files: Record<string, string>): TestRepo {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'keda-gitops-test-'));
  const remote = path.join(root, 'remote.git');
  git(root, 'init', '--quiet', '--bare', '--initial-branch=main', remote);
  const seed = path.join(root, 'seed');
  git(root, 'init', '--quiet', '--initial-branch=main', seed);
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(seed, file)), { recursive: true });
    fs.writeFileSync(path.join(seed, file), content);
  }
  git(seed, 'add', '-A');
  git(seed, 'commit', '--quiet', '-m', 'Seed');
  git(seed, 'push', '--quiet', remote, 'main');
  let clones = 0;
  return {
    remote,
    root,
    clone(branch) {
      const dir = path.join(root, `clone-${++clones}`);
      git(root, 'clone', '--quiet', remote, dir);
      if (branch) git(dir, 'checkout', '--quiet', branch);
      return dir;
    },
    show(branch, file) {
      try {
        return execFileSync('git', ['show', `${branch}:${file}`], {
          cwd: remote,
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'ignore'],
        });
      } catch {
        return undefined;
      }
    },
    log(branch) {
      return git(remote, 'log', '--format=%H', branch).trim().split('\n');
    },
    diff(base, branch) {
      return git(remote, 'diff', `${base}..${branch}`);
    },
    hasBranch(branch) {
      return (
        git(remote, 'branch', '--list', branch).trim().replace(/^\* /, '') ===
        branch
      );
    },
    cleanup() {
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}
