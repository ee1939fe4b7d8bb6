/**
 * The engine against real Git repositories: a bare remote, our plain Git
 * provider, and clones standing in for reviewers.
 */
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { ConflictError } from '@backstage/errors';
import { ScmIntegrations } from '@backstage/integration';
import type { ScalingIntent } from '@keda-portal/plugin-keda-common';
import fs from 'node:fs';
import path from 'node:path';
import { createBareRepo, git, BareRepo } from '../testUtils/gitRepo';
import { DefaultGitopsEngine } from './DefaultGitopsEngine';
import { CHANGE_TRAILER } from './engine';
import { GitCliProvider } from './providers/git';
import { readGitopsSettings } from './target';

const REPO_URL = 'https://git.example.invalid/platform/shop-gitops';
const FOLDER = 'apps/orders-api/overlays/production';
const BRANCH = 'keda/default/component/orders-api/production';

const KUSTOMIZATION = `# Production overlay of orders-api: reviewed by the shop team.
apiVersion: kustomize.config.k8s.io/v1beta1
kind:   Kustomization
namespace: shop   # everything lands in shop

resources:
    - ../../base        # the shared base
    - "ingress.yaml"

images: [{name: orders-api, newTag: "1.42.0"}]
`;

const INGRESS = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: orders-api}
`;

function entity(layout = 'kustomize', folder = FOLDER): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'orders-api',
      namespace: 'default',
      annotations: {
        'backstage.io/kubernetes-id': 'orders-api',
        'keda-portal.io/gitops-repo': REPO_URL,
        'keda-portal.io/gitops-path': folder,
        'keda-portal.io/gitops-layout': layout,
        'keda-portal.io/gitops-environment': 'production',
      },
    },
    spec: {
      type: 'service',
      owner: 'group:default/shop',
      lifecycle: 'production',
    },
  };
}

function intent(overrides: Partial<ScalingIntent> = {}): ScalingIntent {
  return {
    name: 'orders-api',
    namespace: 'shop',
    kubernetesId: 'orders-api',
    scaleTarget: { name: 'orders-api' },
    minReplicaCount: 1,
    maxReplicaCount: 10,
    triggers: [
      {
        type: 'prometheus',
        metadata: {
          serverAddress: 'http://prometheus.monitoring:9090',
          query: 'sum(rate(http_requests_total{app="orders-api"}[2m]))',
          threshold: '50',
        },
      },
    ],
    ...overrides,
  };
}

describe('GitopsEngine on real Git repositories', () => {
  let repo: BareRepo;
  let cacheCount = 0;

  function engine() {
    return new DefaultGitopsEngine({
      settings: readGitopsSettings(
        new ConfigReader({
          keda: {
            gitops: {
              repositories: [
                { url: REPO_URL, provider: 'git', remote: repo.remote },
              ],
            },
          },
        }),
      ),
      guardrails: {},
      integrations: ScmIntegrations.fromConfig(new ConfigReader({})),
      providers: {
        // Each engine gets its own cache, like a separate backend instance.
        git: new GitCliProvider({
          cacheDir: path.join(repo.root, `cache-${++cacheCount}`),
          remoteFor: () => repo.remote,
        }),
      },
    });
  }

  beforeEach(() => {
    repo = createBareRepo({
      [`${FOLDER}/kustomization.yaml`]: KUSTOMIZATION,
      [`${FOLDER}/ingress.yaml`]: INGRESS,
      'apps/orders-api/base/deployment.yaml':
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: orders-api\n',
      'README.md': '# shop-gitops\n',
    });
  });
  afterEach(() => repo.cleanup());

  it('proposes a branch whose diff holds only the intended lines', async () => {
    const result = await engine().propose(entity(), intent());
    expect(result.status).toBe('created');
    expect(result.plan.branch).toBe(BRANCH);
    expect(repo.hasBranch(BRANCH)).toBe(true);

    const diff = repo.diff('main', BRANCH);
    const changedFiles = [...diff.matchAll(/^diff --git a\/(\S+)/gm)].map(
      m => m[1],
    );
    expect(changedFiles.sort()).toEqual([
      `${FOLDER}/kustomization.yaml`,
      `${FOLDER}/scaledobject.yaml`,
    ]);
    // In the existing file: one added line, nothing removed.
    const kustomizationDiff = diff
      .split('diff --git')
      .find(d => d.includes('kustomization.yaml'))!;
    const changed = kustomizationDiff
      .split('\n')
      .filter(l => /^[+-](?![+-])/.test(l));
    expect(changed).toEqual(['+    - scaledobject.yaml']);
    expect(repo.show(BRANCH, `${FOLDER}/kustomization.yaml`)).toBe(
      KUSTOMIZATION.replace(
        '    - "ingress.yaml"\n',
        '    - "ingress.yaml"\n    - scaledobject.yaml\n',
      ),
    );
    expect(repo.show(BRANCH, `${FOLDER}/scaledobject.yaml`)).toContain(
      'maxReplicaCount: 10',
    );
    // One commit on top of main, marked as ours.
    expect(repo.log(BRANCH)).toHaveLength(2);
    expect(git(repo.remote, 'log', '-1', '--format=%B', BRANCH)).toContain(
      `${CHANGE_TRAILER}: component:default/orders-api`,
    );
    expect(result.plan.body).toContain('| Maximum replicas | – | 10 |');
    expect(result.plan.diff).toContain('+    - scaledobject.yaml');
  });

  it('makes no commit when the same plan is proposed again', async () => {
    await engine().propose(entity(), intent());
    const before = repo.log(BRANCH);
    const again = await engine().propose(entity(), intent());
    expect(again.status).toBe('unchanged');
    expect(again.plan.edits).toEqual([]);
    expect(repo.log(BRANCH)).toEqual(before);
  });

  it('edits the proposal in place and keeps a reviewer commit on the branch', async () => {
    await engine().propose(entity(), intent());
    // A reviewer adds a file and a comment to our ScaledObject on the branch.
    const clone = repo.clone(BRANCH);
    const soFile = path.join(clone, FOLDER, 'scaledobject.yaml');
    fs.writeFileSync(
      soFile,
      `# Reviewed: ok for Black Friday\n${fs.readFileSync(soFile, 'utf8')}`,
    );
    fs.writeFileSync(path.join(clone, FOLDER, 'NOTES.md'), 'reviewed\n');
    git(clone, 'commit', '--quiet', '-am', 'Review notes');
    git(clone, 'add', '-A');
    git(clone, 'commit', '--quiet', '--amend', '--no-edit');
    git(clone, 'push', '--quiet', 'origin', BRANCH);
    const reviewerCommit = git(clone, 'rev-parse', 'HEAD').trim();

    const result = await engine().propose(
      entity(),
      intent({ maxReplicaCount: 20 }),
    );
    expect(result.status).toBe('updated');
    const log = repo.log(BRANCH);
    expect(log).toHaveLength(4);
    expect(log[1]).toBe(reviewerCommit); // built on top, not pushed over
    const so = repo.show(BRANCH, `${FOLDER}/scaledobject.yaml`)!;
    expect(so).toMatch(/^# Reviewed: ok for Black Friday\n/);
    expect(so).toContain('maxReplicaCount: 20');
    expect(so).not.toContain('maxReplicaCount: 10');
    expect(repo.show(BRANCH, `${FOLDER}/NOTES.md`)).toBe('reviewed\n');
    // Still one ScaledObject, still one resources entry.
    expect(so.match(/kind: ScaledObject/g)).toHaveLength(1);
    expect(
      repo
        .show(BRANCH, `${FOLDER}/kustomization.yaml`)!
        .match(/scaledobject\.yaml/g),
    ).toHaveLength(1);
  });

  it('refuses with a clear conflict when a reviewer changed the same line', async () => {
    await engine().propose(entity(), intent());
    const clone = repo.clone(BRANCH);
    const soFile = path.join(clone, FOLDER, 'scaledobject.yaml');
    fs.writeFileSync(
      soFile,
      fs
        .readFileSync(soFile, 'utf8')
        .replace('maxReplicaCount: 10', 'maxReplicaCount: 12'),
    );
    git(clone, 'commit', '--quiet', '-am', 'Cap at 12');
    git(clone, 'push', '--quiet', 'origin', BRANCH);
    const tip = repo.log(BRANCH)[0];

    const attempt = engine().propose(entity(), intent({ maxReplicaCount: 30 }));
    await expect(attempt).rejects.toThrow(ConflictError);
    await expect(attempt).rejects.toThrow(
      /changed apps\/orders-api\/overlays\/production\/scaledobject\.yaml on branch .* near line \d+/,
    );
    expect(repo.log(BRANCH)[0]).toBe(tip);
  });

  it('two proposals at once from two instances end in one branch with both changes, or one conflict', async () => {
    // Different lines of the same ScaledObject: the trigger threshold, and
    // the polling interval.
    await engine().propose(entity(), intent());
    const a = engine();
    const b = engine();
    const results = await Promise.allSettled([
      a.propose(
        entity(),
        intent({
          triggers: [
            {
              ...intent().triggers[0],
              metadata: { ...intent().triggers[0].metadata, threshold: '80' },
            },
          ],
        }),
      ),
      b.propose(entity(), intent({ pollingInterval: 15 })),
    ]);
    const so = repo.show(BRANCH, `${FOLDER}/scaledobject.yaml`)!;
    const failed = results.filter(
      (r): r is PromiseRejectedResult => r.status === 'rejected',
    );
    const landed = [
      so.includes("threshold: '80'"),
      so.includes('pollingInterval: 15'),
    ].filter(Boolean).length;
    // Either both changes are in the branch, or one clear conflict and the other change.
    expect({ failed: failed.length, landed }).toEqual(
      failed.length ? { failed: 1, landed: 1 } : { failed: 0, landed: 2 },
    );
    expect(failed.map(f => f.reason)).toEqual(
      failed.map(() => expect.any(ConflictError)),
    );
    expect(so.match(/kind: ScaledObject/g)).toHaveLength(1);
  });

  it('serialises proposals for the same branch within one instance', async () => {
    const e = engine();
    const results = await Promise.all([
      e.propose(entity(), intent({ maxReplicaCount: 11 })),
      e.propose(entity(), intent({ maxReplicaCount: 12 })),
      e.propose(entity(), intent({ maxReplicaCount: 12 })),
    ]);
    expect(results.map(r => r.status)).toEqual([
      'created',
      'updated',
      'unchanged',
    ]);
    expect(repo.log(BRANCH)).toHaveLength(3);
    expect(repo.show(BRANCH, `${FOLDER}/scaledobject.yaml`)).toContain(
      'maxReplicaCount: 12',
    );
  });

  it('previews without writing anything', async () => {
    const plan = await engine().plan(entity(), intent());
    expect(plan.edits.map(e => e.path).sort()).toEqual([
      `${FOLDER}/kustomization.yaml`,
      `${FOLDER}/scaledobject.yaml`,
    ]);
    expect(repo.hasBranch(BRANCH)).toBe(false);
  });

  it('refuses an invalid intent before touching Git, naming the field', async () => {
    await expect(
      engine().propose(
        entity(),
        intent({ minReplicaCount: 5, maxReplicaCount: 2 }),
      ),
    ).rejects.toThrow(/minReplicaCount/);
    expect(repo.hasBranch(BRANCH)).toBe(false);
  });

  it('refuses a repository that is not configured', async () => {
    const e = entity();
    e.metadata.annotations!['keda-portal.io/gitops-repo'] =
      'file:///etc/passwd';
    await expect(engine().plan(e, intent())).rejects.toThrow(
      /not on a configured host.*keda\.gitops\.repositories/,
    );
  });

  it('refuses a folder outside the repository', async () => {
    await expect(
      engine().plan(entity('plain', '../../etc'), intent()),
    ).rejects.toThrow(/keda-portal.io\/gitops-path .* inside the repository/);
  });
});
