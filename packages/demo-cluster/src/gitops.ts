/**
 * The demo's GitOps repository: a local bare repository seeded from
 * examples/gitops the first time, kept across restarts so proposal branches
 * survive. The portal's plain Git provider pushes to it.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

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

/** Creates `<dir>/shop-gitops.git` from `seed` unless it exists; returns its path. */
export function ensureDemoGitopsRepo(dir: string, seed: string): string {
  const bare = path.join(dir, 'shop-gitops.git');
  if (fs.existsSync(path.join(bare, 'HEAD'))) return bare;
  fs.mkdirSync(dir, { recursive: true });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-gitops-'));
  try {
    fs.cpSync(seed, work, { recursive: true });
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
