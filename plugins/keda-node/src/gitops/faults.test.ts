/**
 * Git faults against real repositories: a bare remote that disappears, a
 * port nobody listens on, and reviewers who push to the proposal branch
 * while the engine writes. The remote's `update` hook refuses (and logs)
 * every non-fast-forward update, so a force-push anywhere fails the test.
 *
 * Rounds of the randomized interleaving: KEDA_FAULT_ROUNDS (default 30);
 * seed: KEDA_FAULT_SEED (printed, to replay a failure).
 */
import { ConfigReader } from '@backstage/config';
import { ConflictError, ServiceUnavailableError } from '@backstage/errors';
import { ScmIntegrations } from '@backstage/integration';
import type { ScalingIntent } from '@keda-portal/plugin-keda-common';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import {
  GitHttpServer,
  startGitHttpServer,
} from './__testUtils__/gitHttpServer';
import {
  createBareRepo,
  git,
  gitAsync,
  installFastForwardOnlyHook,
  BareRepo,
} from '../testUtils/gitRepo';
import { DefaultGitopsEngine } from './DefaultGitopsEngine';
import { kustomizeEntity, random } from './__testUtils__/faultFixtures';
import { GitCliProvider, GitCliProviderOptions } from './providers/git';
import { readGitopsSettings } from './target';
import { BranchMovedError, CommitRequest } from './types';

jest.setTimeout(180_000);

const REPO_URL = 'https://git.example.invalid/platform/shop-gitops';
const FOLDER = 'apps/orders-api/overlays/production';
const BRANCH = 'keda/default/component/orders-api/production';
const ROUNDS = Number(process.env.KEDA_FAULT_ROUNDS ?? 30);
const SEED = Number(process.env.KEDA_FAULT_SEED ?? Date.now() % 1_000_000);

const entity = kustomizeEntity('orders-api', REPO_URL, FOLDER);

const intent = (maxReplicaCount = 10): ScalingIntent => ({
  name: 'orders-api',
  namespace: 'shop',
  kubernetesId: 'orders-api',
  scaleTarget: { name: 'orders-api' },
  minReplicaCount: 1,
  maxReplicaCount,
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
});

/** The plain Git provider, with a hook before each commit and a count of lost races. */
class ObservedGitProvider extends GitCliProvider {
  beforeCommit?: (request: CommitRequest) => Promise<void> | void;
  lostRaces = 0;

  async commit(request: CommitRequest) {
    await this.beforeCommit?.(request);
    try {
      return await super.commit(request);
    } catch (e) {
      if (e instanceof BranchMovedError) this.lostRaces += 1;
      throw e;
    }
  }
}

/** A local port with nothing listening on it (bound, then released). */
async function deadPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise(resolve => server.close(resolve));
  return port;
}

/** `<ref> <old> <new>` lines the hook wrote; REFUSED marks a refused force-push. */
function refUpdates(log: string) {
  if (!fs.existsSync(log)) return [];
  return fs
    .readFileSync(log, 'utf8')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map(line => line.split(' '));
}

const isAncestor = (repoDir: string, ancestor: string, tip: string) => {
  try {
    git(repoDir, 'merge-base', '--is-ancestor', ancestor, tip);
    return true;
  } catch {
    return false;
  }
};

describe('Git faults with the plain Git provider', () => {
  let repo: BareRepo;
  let hookLog: string;
  let caches = 0;
  let waits: number[];

  function setup(
    options: Partial<GitCliProviderOptions> & {
      onSleep?: (n: number) => void;
    } = {},
  ) {
    const { onSleep, ...providerOptions } = options;
    const cacheDir = path.join(repo.root, `cache-${++caches}`);
    const provider = new ObservedGitProvider({
      cacheDir,
      remoteFor: () => repo.remote,
      retry: {
        attempts: 4,
        baseDelayMs: 40,
        sleep: async ms => {
          waits.push(ms);
          onSleep?.(waits.length);
        },
      },
      ...providerOptions,
    });
    const engine = new DefaultGitopsEngine({
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
      providers: { git: provider },
    });
    return { engine, provider, cacheDir };
  }

  /** The remote's path disappears (moved away) and comes back. */
  const hideRemote = () => fs.renameSync(repo.remote, `${repo.remote}.away`);
  const restoreRemote = () => {
    if (fs.existsSync(`${repo.remote}.away`)) {
      fs.renameSync(`${repo.remote}.away`, repo.remote);
    }
  };

  /** Both repositories are intact, and the branch (if any) has exactly `commits` commits over main. */
  function expectConsistent(cacheDir: string | undefined, commits: number) {
    git(repo.remote, 'fsck', '--no-progress', '--strict');
    if (cacheDir && fs.existsSync(path.join(cacheDir, 'HEAD'))) {
      git(cacheDir, 'fsck', '--no-progress');
      // The cache holds only its own tracking refs, never a branch of ours.
      const refs = git(cacheDir, 'for-each-ref', '--format=%(refname)')
        .trim()
        .split('\n')
        .filter(Boolean);
      expect(refs.every(r => r.startsWith('refs/keda/'))).toBe(true);
    }
    if (commits === 0) {
      expect(repo.hasBranch(BRANCH)).toBe(false);
    } else {
      expect(
        git(repo.remote, 'rev-list', '--count', `main..${BRANCH}`).trim(),
      ).toBe(String(commits));
    }
  }

  /** Every waited backoff is at least the one before: exponential, with jitter inside each step. */
  function expectGrowingBackoff(base: number, count: number) {
    expect(waits).toHaveLength(count);
    waits.forEach((ms, i) => {
      const ceiling = base * 2 ** i;
      expect(ms).toBeGreaterThanOrEqual(ceiling / 2);
      expect(ms).toBeLessThanOrEqual(ceiling);
      if (i > 0) expect(ms).toBeGreaterThanOrEqual(waits[i - 1]);
    });
  }

  beforeEach(() => {
    repo = createBareRepo({
      [`${FOLDER}/kustomization.yaml`]:
        'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ../../base\n',
      'apps/orders-api/base/deployment.yaml':
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: orders-api\n',
      'README.md': '# shop-gitops\n',
    });
    hookLog = path.join(repo.root, 'ref-updates.log');
    installFastForwardOnlyHook(repo.remote, hookLog);
    waits = [];
  });
  afterEach(() => {
    restoreRemote();
    // No test may have tried a non-fast-forward update.
    const refused = refUpdates(hookLog).filter(u => u[3] === 'REFUSED');
    repo.cleanup();
    if (refused.length) {
      throw new Error(`Non-fast-forward updates tried: ${refused.join('; ')}`);
    }
  });

  it('the hook refuses a force-push, so any force-push by the engine would fail these tests', () => {
    const clone = repo.clone();
    git(clone, 'commit', '--quiet', '--allow-empty', '-m', 'One');
    git(clone, 'push', '--quiet', 'origin', 'main');
    git(clone, 'reset', '--quiet', '--hard', 'HEAD~1');
    git(clone, 'commit', '--quiet', '--allow-empty', '-m', 'Rewritten');
    expect(() =>
      execQuiet(() => git(clone, 'push', '--force', 'origin', 'main')),
    ).toThrow(/hook declined|remote rejected/);
    const updates = refUpdates(hookLog);
    expect(updates.map(u => u[3] ?? 'ok')).toEqual(['ok', 'REFUSED']);
    // Reset the log: this test's refusal was the point.
    fs.rmSync(hookLog);
  });

  it('remote path gone: retried with growing backoff, then a clear error; nothing half-written; proposing later makes one commit', async () => {
    const { engine, cacheDir } = setup();
    hideRemote();
    const error = await engine.propose(entity, intent()).catch(e => e);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error.message).toMatch(
      /^Could not reach the GitOps repository .*remote\.git to list its branches \(gave up after 4 attempts\): .*does not appear to be a git repository.*Check that the remote URL is right.*proposing again is safe/s,
    );
    expectGrowingBackoff(40, 3);
    restoreRemote();
    expectConsistent(cacheDir, 0);

    const result = await engine.propose(entity, intent());
    expect(result.status).toBe('created');
    expectConsistent(cacheDir, 1);
    expect(refUpdates(hookLog)).toHaveLength(1);
    report('remote path gone', { attempts: 4, waits });
  });

  it('remote back during the backoff: the same proposal goes through, once', async () => {
    const { engine, cacheDir } = setup({
      onSleep: n => n === 2 && restoreRemote(),
    });
    hideRemote();
    const result = await engine.propose(entity, intent());
    expect(result.status).toBe('created');
    expectGrowingBackoff(40, 2);
    expectConsistent(cacheDir, 1);
    expect(git(repo.remote, 'log', '-1', '--format=%H', BRANCH).trim()).toBe(
      result.commit,
    );
  });

  it('remote lost between snapshot and push: the push is retried, then fails clearly; the next proposal pushes one commit', async () => {
    const { engine, provider, cacheDir } = setup();
    provider.beforeCommit = () => hideRemote();
    const error = await engine.propose(entity, intent()).catch(e => e);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error.message).toContain(
      `to push branch ${BRANCH} (gave up after 4 attempts)`,
    );
    expectGrowingBackoff(40, 3);
    restoreRemote();
    // The commit object may sit in the cache, but no branch points at it.
    expectConsistent(cacheDir, 0);

    provider.beforeCommit = undefined;
    waits.length = 0;
    const result = await engine.propose(entity, intent());
    expect(result.status).toBe('created');
    expect(waits).toEqual([]);
    expectConsistent(cacheDir, 1);
  });

  it('remote lost between snapshot and push, back during the backoff: exactly one commit', async () => {
    const { engine, provider, cacheDir } = setup({
      onSleep: n => n === 1 && restoreRemote(),
    });
    provider.beforeCommit = () => hideRemote();
    const result = await engine.propose(entity, intent());
    expect(result.status).toBe('created');
    expect(waits).toHaveLength(1);
    expectConsistent(cacheDir, 1);
  });

  it('a remote that refuses the push (protected branch): no retry, a clear error, nothing written', async () => {
    fs.writeFileSync(
      path.join(repo.remote, 'hooks', 'pre-receive'),
      '#!/bin/sh\necho "keda/* branches are protected here" >&2\nexit 1\n',
      { mode: 0o755 },
    );
    const { engine, cacheDir } = setup();
    const error = await engine.propose(entity, intent()).catch(e => e);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error.message).toMatch(
      /^The GitOps repository .*remote\.git refused/,
    );
    expect(error.message).toContain(
      `refused to push branch ${BRANCH} ([remote rejected] (pre-receive hook declined)): `,
    );
    expect(error.message).toMatch(
      /keda\/\* branches are protected here.*Check the credentials this backend uses for it and the branch's protection rules\.$/s,
    );
    expect(waits).toEqual([]);
    expectConsistent(cacheDir, 0);
  });

  it.each([
    ['git://', (port: number) => `git://127.0.0.1:${port}/shop-gitops.git`],
    ['http://', (port: number) => `http://127.0.0.1:${port}/shop-gitops.git`],
  ])(
    'a %s remote on a port nobody listens on: retried, then a clear error without credentials',
    async (_scheme, urlFor) => {
      const port = await deadPort();
      const remote = urlFor(port).replace('//', '//bot:s3cret-token@');
      const { engine } = setup({
        remoteFor: () => (remote.startsWith('git://') ? urlFor(port) : remote),
      });
      const error = await engine.propose(entity, intent()).catch(e => e);
      expect(error).toBeInstanceOf(ServiceUnavailableError);
      expect(error.message).toContain(`127.0.0.1:${port}/shop-gitops.git`);
      expect(error.message).toMatch(/gave up after 4 attempts/);
      expect(error.message).toMatch(
        /[Cc]onnection refused|[Cc]ouldn't connect|[Ff]ailed to connect/,
      );
      expect(error.message).not.toContain('s3cret-token');
      expectGrowingBackoff(40, 3);
      expectConsistent(undefined, 0);
    },
  );

  describe('over smart HTTP, from a Git host in trouble', () => {
    let host: GitHttpServer;
    beforeEach(async () => {
      host = await startGitHttpServer(repo.root);
    });
    afterEach(() => host.close());
    const overHttp = () => setup({ remoteFor: () => host.url('remote.git') });

    it.each([503, 502, 500, 'reset'] as const)(
      'ref listing answered %s twice: retried with growing backoff, then one commit',
      async answer => {
        host.faults.push(
          { service: 'upload-pack', step: 'refs', answer },
          { service: 'upload-pack', step: 'refs', answer },
        );
        const { engine, cacheDir } = overHttp();
        const result = await engine.propose(entity, intent());
        expect(result.status).toBe('created');
        expectGrowingBackoff(40, 2);
        expect(host.faults).toEqual([]);
        expectConsistent(cacheDir, 1);
        report(`ref listing answered ${answer} twice`, {
          requests: host.log.length,
          waits,
        });
      },
    );

    it('a host that keeps answering 503: a clear error after 4 attempts, nothing written', async () => {
      for (let i = 0; i < 4; i++) {
        host.faults.push({ service: 'upload-pack', answer: 503 });
      }
      const { engine, cacheDir } = overHttp();
      const error = await engine.propose(entity, intent()).catch(e => e);
      expect(error).toBeInstanceOf(ServiceUnavailableError);
      expect(error.message).toContain(
        `Could not reach the GitOps repository ${host.url(
          'remote.git',
        )} to list its branches (gave up after 4 attempts)`,
      );
      expect(error.message).toContain('503');
      expectGrowingBackoff(40, 3);
      expectConsistent(cacheDir, 0);
    });

    const pushes = () =>
      host.log.filter(l => l.startsWith('POST /remote.git/git-receive-pack'));

    it.each([503, 'reset'] as const)(
      'push refused with %s before it takes effect: repeated, one commit',
      async answer => {
        host.faults.push({ service: 'receive-pack', step: 'pack', answer });
        const { engine, cacheDir } = overHttp();
        const result = await engine.propose(entity, intent());
        expect(result.status).toBe('created');
        // A 503 is ours to retry; a reset connection git's HTTP client
        // (curl) re-sends by itself before we see anything.
        expect(waits).toHaveLength(answer === 503 ? 1 : 0);
        expect(pushes()).toEqual([
          `POST /remote.git/git-receive-pack -> ${answer}`,
          'POST /remote.git/git-receive-pack -> 200',
        ]);
        expectConsistent(cacheDir, 1);
      },
    );

    it.each([
      ['a new branch', 503, false],
      ['a new branch', 'reset', false],
      ['an existing branch', 503, true],
      ['an existing branch', 'reset', true],
    ] as const)(
      'push to %s lands but the answer is lost (%s): the repeated push writes nothing twice, never forces',
      async (what, answer, existing) => {
        const { engine, provider, cacheDir } = overHttp();
        if (existing) await engine.propose(entity, intent(10));
        host.faults.push({
          service: 'receive-pack',
          step: 'pack',
          answer,
          after: true,
        });
        const result = await engine.propose(entity, intent(20));
        // The repeated push finds the branch already at our commit: a 503
        // is retried by us and git sees nothing left to push; a reset POST
        // is re-sent by curl, whose stale lease fails, and the provider then
        // sees its own commit at the tip. Either way: success, written once.
        expect(result.status).toBe(existing ? 'updated' : 'created');
        expect(provider.lostRaces).toBe(0);
        expect(git(repo.remote, 'rev-parse', BRANCH).trim()).toBe(
          result.commit,
        );
        expect(pushes().slice(existing ? 1 : 0)[0]).toBe(
          `POST /remote.git/git-receive-pack -> ${answer}`,
        );
        expect(waits).toHaveLength(answer === 503 ? 1 : 0);
        expectConsistent(cacheDir, existing ? 2 : 1);
        expect(repo.show(BRANCH, `${FOLDER}/scaledobject.yaml`)).toContain(
          'maxReplicaCount: 20',
        );
        // Ref updates the remote was asked for: a re-sent one repeats the
        // same fast-forward (and fails its old-value check), never another.
        const updates = new Set(
          refUpdates(hookLog)
            .filter(u => u[0] === `refs/heads/${BRANCH}`)
            .map(u => u.join(' ')),
        );
        expect(updates.size).toBe(existing ? 2 : 1);
        report(`push to ${what} lands, answer lost (${answer})`, {
          status: result.status,
          pushRequests: pushes(),
          waits,
        });
      },
    );
  });

  it('a reviewer pushes between snapshot and push: the engine merges onto their commit, never over it', async () => {
    const { engine, provider } = setup();
    await engine.propose(entity, intent(10));
    const clone = repo.clone(BRANCH);
    let reviewerCommit = '';
    provider.beforeCommit = () => {
      provider.beforeCommit = undefined;
      fs.writeFileSync(path.join(clone, FOLDER, 'NOTES.md'), 'Reviewed.\n');
      git(clone, 'add', '-A');
      git(clone, 'commit', '--quiet', '-m', 'Review notes');
      git(clone, 'push', '--quiet', 'origin', BRANCH);
      reviewerCommit = git(clone, 'rev-parse', 'HEAD').trim();
    };
    const result = await engine.propose(entity, intent(20));
    expect(result.status).toBe('updated');
    expect(provider.lostRaces).toBe(1);
    const tip = git(repo.remote, 'rev-parse', BRANCH).trim();
    expect(tip).toBe(result.commit);
    expect(git(repo.remote, 'rev-parse', `${tip}~1`).trim()).toBe(
      reviewerCommit,
    );
    expect(repo.show(BRANCH, `${FOLDER}/NOTES.md`)).toBe('Reviewed.\n');
    expect(repo.show(BRANCH, `${FOLDER}/scaledobject.yaml`)).toContain(
      'maxReplicaCount: 20',
    );
    // Every update of the branch was a fast-forward (the hook checked).
    expect(
      refUpdates(hookLog).filter(u => u[0] === `refs/heads/${BRANCH}`),
    ).toHaveLength(3);
  });

  it.each([1, 2, 3, 4, 5])(
    'a reviewer pushes before each of the first %i push attempts: merged every time, or a clear conflict past the budget of 5',
    async pushesBefore => {
      const { engine, provider } = setup();
      await engine.propose(entity, intent(10));
      const clone = repo.clone(BRANCH);
      const reviewerCommits: string[] = [];
      let attempt = 0;
      provider.beforeCommit = () => {
        attempt += 1;
        if (attempt > pushesBefore) return;
        fs.writeFileSync(
          path.join(clone, FOLDER, `note-${attempt}.md`),
          `Note ${attempt}\n`,
        );
        git(clone, 'add', '-A');
        git(clone, 'commit', '--quiet', '-m', `Note ${attempt}`);
        git(clone, 'push', '--quiet', 'origin', BRANCH);
        reviewerCommits.push(git(clone, 'rev-parse', 'HEAD').trim());
      };
      const outcome = await engine
        .propose(entity, intent(20))
        .then(r => r.status)
        .catch(e => e);
      // The engine's budget is 5 attempts: a fifth lost race ends in a clear conflict.
      expect(outcome instanceof ConflictError ? 'conflict' : outcome).toBe(
        pushesBefore < 5 ? 'updated' : 'conflict',
      );
      expect(String(outcome)).toMatch(
        pushesBefore < 5
          ? /updated/
          : /kept moving .*\(5 attempts\): try again/,
      );
      expect(provider.lostRaces).toBe(pushesBefore);
      const tip = git(repo.remote, 'rev-parse', BRANCH).trim();
      expect(
        reviewerCommits.filter(c => !isAncestor(repo.remote, c, tip)),
      ).toEqual([]);
      expect(
        git(repo.remote, 'rev-list', '--count', `main..${BRANCH}`).trim(),
      ).toBe(String(1 + pushesBefore + (pushesBefore < 5 ? 1 : 0)));
      report(`reviewer pushes before ${pushesBefore} push attempt(s)`, {
        outcome: String(outcome),
        lostRaces: provider.lostRaces,
      });
    },
  );

  it(`randomized interleavings of a reviewer's push and a proposal (${ROUNDS} rounds): the reviewer's commit always survives`, async () => {
    const next = random(SEED);
    const { engine, provider } = setup();
    await engine.propose(entity, intent(10));
    const clone = repo.clone(BRANCH);
    const counts = {
      rounds: 0,
      reviewerFirst: 0,
      engineFirst: 0,
      engineRetriedCas: 0,
      reviewerRebased: 0,
      engineGaveUp: 0,
    };
    const problems: string[] = [];

    for (let round = 1; round <= ROUNDS; round++) {
      const racesBefore = provider.lostRaces;
      const delay = Math.floor(next() * 120);
      let rebased = false;
      // The reviewer: sync, commit a note, push; when the engine got there
      // first, rebase and push again, as a person would.
      const reviewer = (async () => {
        await new Promise(resolve => setTimeout(resolve, delay));
        await gitAsync(clone, 'fetch', '--quiet', 'origin');
        await gitAsync(clone, 'reset', '--quiet', '--hard', `origin/${BRANCH}`);
        fs.writeFileSync(
          path.join(clone, FOLDER, `note-${round}.md`),
          `Round ${round}\n`,
        );
        await gitAsync(clone, 'add', '-A');
        await gitAsync(clone, 'commit', '--quiet', '-m', `Note ${round}`);
        for (let tries = 0; ; tries++) {
          try {
            await gitAsync(clone, 'push', '--quiet', 'origin', BRANCH);
            break;
          } catch (e) {
            if (tries > 10) throw e;
            rebased = true;
            await gitAsync(
              clone,
              'pull',
              '--quiet',
              '--rebase',
              'origin',
              BRANCH,
            );
          }
        }
        return (await gitAsync(clone, 'rev-parse', 'HEAD')).trim();
      })();
      const proposal = engine.propose(entity, intent(10 + round)).then(
        r => r,
        e => e as Error,
      );
      const [reviewerCommit, outcome] = await Promise.all([reviewer, proposal]);

      const tip = git(repo.remote, 'rev-parse', BRANCH).trim();
      if (!isAncestor(repo.remote, reviewerCommit, tip)) {
        problems.push(`round ${round}: reviewer commit ${reviewerCommit} lost`);
      }
      if (
        repo.show(BRANCH, `${FOLDER}/note-${round}.md`) !== `Round ${round}\n`
      ) {
        problems.push(`round ${round}: reviewer's note missing at the tip`);
      }
      if (outcome instanceof ConflictError) {
        // Acceptable: the branch kept moving past the CAS budget.
        counts.engineGaveUp += 1;
      } else if (outcome instanceof Error) {
        problems.push(`round ${round}: ${outcome.message}`);
      } else if (
        !outcome.commit ||
        !isAncestor(repo.remote, outcome.commit, tip) ||
        !repo
          .show(BRANCH, `${FOLDER}/scaledobject.yaml`)
          ?.includes(`maxReplicaCount: ${10 + round}`)
      ) {
        problems.push(
          `round ${round}: proposal ${outcome.commit} not at the tip`,
        );
      } else if (isAncestor(repo.remote, reviewerCommit, outcome.commit)) {
        counts.reviewerFirst += 1;
      } else {
        counts.engineFirst += 1;
      }
      if (provider.lostRaces > racesBefore) counts.engineRetriedCas += 1;
      if (rebased) counts.reviewerRebased += 1;
      counts.rounds += 1;
    }

    const branchUpdates = refUpdates(hookLog).filter(
      u => u[0] === `refs/heads/${BRANCH}`,
    );
    // One creation, then only fast-forwards (a refused one fails afterEach).
    expect(branchUpdates[0][1]).toMatch(/^0+$/);
    branchUpdates
      .slice(1)
      .forEach(([, from, to]) =>
        expect(isAncestor(repo.remote, from, to)).toBe(true),
      );
    git(repo.remote, 'fsck', '--no-progress', '--strict');
    expect(problems).toEqual([]);
    expect(counts.rounds).toBe(ROUNDS);
    expect(
      counts.reviewerFirst + counts.engineFirst + counts.engineGaveUp,
    ).toBe(ROUNDS);
    report('randomized interleavings', {
      seed: SEED,
      ...counts,
      branchUpdates: branchUpdates.length,
    });
  });
});

/** Runs a git command whose stderr is expected, keeping the test output clean. */
function execQuiet<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    const error = e as Error & { stderr?: string };
    throw new Error(`${error.message}\n${error.stderr ?? ''}`);
  }
}

/** Prints the measured figures, for docs/reliability/git-faults.md. */
function report(scenario: string, figures: Record<string, unknown>) {
  // eslint-disable-next-line no-console
  console.log(
    `[reliability] git-faults ${scenario}: ${JSON.stringify(figures)}`,
  );
}
