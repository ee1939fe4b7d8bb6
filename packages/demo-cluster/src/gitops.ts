/**
 * The demo's GitOps repository: a local bare repository seeded from
 * examples/gitops the first time (placeholders filled in), kept across
 * restarts so proposal branches survive. The portal's plain Git provider
 * pushes to it.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DemoValues, renderTree } from './render';

/** The URL the example entities' `keda-portal.io/gitops-repo` annotations name. */
export const DEMO_GITOPS_URL =
  'https://github.com/keda-portal-demo/shop-gitops';

function git(cwd: string, args: string[]) {
  execFileSync('git', args, {
    cwd,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: {
      ...process.env,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_AUTHOR_NAME: 'KEDA Portal demo',
      GIT_AUTHOR_EMAIL: 'demo@keda-portal.invalid',
      GIT_COMMITTER_NAME: 'KEDA Portal demo',
      GIT_COMMITTER_EMAIL: 'demo@keda-portal.invalid',
    },
  });
}

/**
 * Creates `<dir>/shop-gitops.git` from `seed` (placeholders filled in with
 * `values`) unless it exists; returns its path.
 */
export function ensureDemoGitopsRepo(
  dir: string,
  seed: string,
  values: DemoValues,
): string {
  const bare = path.join(dir, 'shop-gitops.git');
  if (fs.existsSync(path.join(bare, 'HEAD'))) return bare;
  fs.mkdirSync(dir, { recursive: true });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-gitops-'));
  try {
    renderTree(seed, work, values);
    git(work, ['init', '--quiet', '--initial-branch=main']);
    git(work, ['add', '-A']);
    git(work, ['commit', '--quiet', '-m', 'Shop GitOps repository']);
    const tmp = `${bare}.tmp-${process.pid}`;
    git(dir, ['clone', '--quiet', '--bare', work, tmp]);
    fs.renameSync(tmp, bare);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  return bare;
}

/**
 * When an event source had to move to another port (its old one was taken),
 * rewrites the old address to the new one on the repository's main branch,
 * in one commit, so Git keeps matching the cluster. Returns whether it
 * committed.
 */
export function moveDemoAddresses(
  bare: string,
  moved: Array<{ from: string; to: string }>,
): boolean {
  if (moved.length === 0) return false;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-gitops-'));
  try {
    git(work, ['clone', '--quiet', bare, '.']);
    let changed = false;
    const visit = (folder: string) => {
      for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
        if (entry.name === '.git') continue;
        const file = path.join(folder, entry.name);
        if (entry.isDirectory()) {
          visit(file);
          continue;
        }
        const text = fs.readFileSync(file, 'utf8');
        const next = moved.reduce((t, m) => t.split(m.from).join(m.to), text);
        if (next !== text) {
          fs.writeFileSync(file, next);
          changed = true;
        }
      }
    };
    visit(work);
    if (!changed) return false;
    git(work, ['commit', '--quiet', '-am', "The demo's event sources moved"]);
    git(work, ['push', '--quiet', 'origin', 'HEAD:main']);
    return true;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
