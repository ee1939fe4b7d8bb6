/**
 * GitHub faults on every step of the pull-request flow, through the engine
 * and the GitHub provider against a fake GitHub behind msw: server errors,
 * connection resets, primary and secondary rate limits, answers lost after
 * the call went through, and people pushing to the proposal branch at each
 * step. Whatever happens, the end state is one branch, one pull request and
 * our change on it, and every branch update is a fast-forward sent with
 * `force: false`.
 *
 * Rounds of the randomized interleaving: KEDA_FAULT_ROUNDS (default 60);
 * seed: KEDA_FAULT_SEED (printed, to replay a failure).
 */
import { registerMswTestHooks } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { ServiceUnavailableError } from '@backstage/errors';
import { ScmIntegrations } from '@backstage/integration';
import type { ScalingIntent } from '@keda-portal/plugin-keda-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { DefaultGitopsEngine } from './DefaultGitopsEngine';
import type { GitopsEngine } from './engine';
import { GithubProvider } from './providers/github';
import {
  FakeGithub,
  GITHUB_TEST_API,
  GITHUB_TEST_TOKEN,
  json,
} from './providers/__testUtils__/githubFake';
import { RateLimitedError } from './providers/http';
import { FakeGitStore } from './providers/__testUtils__/gitStoreFake';
import { readGitopsSettings } from './target';

jest.setTimeout(120_000);

const REPO_URL = 'https://github.com/acme/gitops';
const FOLDER = 'apps/shop/overlays/production';
const BRANCH = 'keda/default/component/shop/production';
const ATTEMPTS = 4;
const BASE_DELAY = 100;
const ROUNDS = Number(process.env.KEDA_FAULT_ROUNDS ?? 60);
const SEED = Number(process.env.KEDA_FAULT_SEED ?? Date.now() % 1_000_000);

const BASE_FILES = {
  [`${FOLDER}/kustomization.yaml`]:
    'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ../../base\n',
  'apps/shop/base/deployment.yaml':
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: shop\n',
  'README.md': '# gitops\n',
};

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'shop',
    namespace: 'default',
    annotations: {
      'backstage.io/kubernetes-id': 'shop',
      'keda-portal.io/gitops-repo': REPO_URL,
      'keda-portal.io/gitops-path': FOLDER,
      'keda-portal.io/gitops-layout': 'kustomize',
      'keda-portal.io/gitops-environment': 'production',
    },
  },
  spec: {
    type: 'service',
    owner: 'group:default/shop',
    lifecycle: 'production',
  },
};

const intent = (maxReplicaCount: number): ScalingIntent => ({
  name: 'shop',
  namespace: 'shop',
  kubernetesId: 'shop',
  scaleTarget: { name: 'shop' },
  minReplicaCount: 1,
  maxReplicaCount,
  triggers: [
    {
      type: 'cpu',
      metricType: 'Utilization',
      metadata: { value: '60' },
    },
  ],
});

/** Small seeded PRNG (mulberry32), so a failing interleaving can be replayed. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** How each fault answers, and what waits the client must make before retrying. */
interface FaultKind {
  respond: () => Response;
  /** Checks the waits of one retried call. */
  waits: (waits: number[]) => void;
  /** The final error once the retry budget is spent. */
  error: (action: string) => {
    type: new (...args: any[]) => Error;
    message: RegExp;
  };
  /** Whether the fault can come after the call went through (a lost answer). */
  canBeLost: boolean;
}

/** Exponential backoff with jitter: wait i lies in [base·2^i / 2, base·2^i], so each is at least the one before. */
function expectGrowingBackoff(waits: number[]) {
  waits.forEach((ms, i) => {
    const ceiling = BASE_DELAY * 2 ** i;
    expect(ms).toBeGreaterThanOrEqual(ceiling / 2);
    expect(ms).toBeLessThanOrEqual(ceiling);
    if (i > 0) expect(ms).toBeGreaterThanOrEqual(waits[i - 1]);
  });
}

const serverError = (status: number): FaultKind => ({
  respond: () =>
    json(status, {
      message: status === 500 ? 'Server Error' : 'Service Unavailable',
    }),
  waits: expectGrowingBackoff,
  error: action => ({
    type: ServiceUnavailableError,
    message: new RegExp(
      `^GitHub failed to ${action} in acme/gitops \\(HTTP ${status}, ${ATTEMPTS} attempts\\).*Try again later`,
    ),
  }),
  canBeLost: true,
});

const FAULTS: Record<string, FaultKind> = {
  'HTTP 500': serverError(500),
  'HTTP 502': serverError(502),
  'HTTP 503': serverError(503),
  'connection reset': {
    respond: () => HttpResponse.error(),
    waits: expectGrowingBackoff,
    error: action => ({
      type: ServiceUnavailableError,
      message: new RegExp(
        `^Could not reach GitHub to ${action} in acme/gitops \\(gave up after ${ATTEMPTS} attempts\\): .*Check that this backend can reach api\\.github\\.com`,
      ),
    }),
    canBeLost: true,
  },
  'secondary rate limit (403, retry-after: 3)': {
    respond: () =>
      json(
        403,
        {
          message:
            'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
          documentation_url:
            'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
        },
        { 'retry-after': '3' },
      ),
    waits: waits => waits.forEach(ms => expect(ms).toBe(3000)),
    error: action => ({
      type: RateLimitedError,
      message: new RegExp(
        `^GitHub secondary rate limit hit while trying to ${action} in acme/gitops \\(gave up after ${ATTEMPTS} attempts\\)\\. Retry after `,
      ),
    }),
    canBeLost: false,
  },
  'primary rate limit (403, x-ratelimit-remaining: 0)': {
    respond: () =>
      json(
        403,
        { message: 'API rate limit exceeded for installation ID 1.' },
        {
          'x-ratelimit-limit': '5000',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 2),
        },
      ),
    // Until the reset, which is at most 3 s away.
    waits: waits =>
      waits.forEach(ms => {
        expect(ms).toBeGreaterThan(0);
        expect(ms).toBeLessThanOrEqual(3000);
      }),
    error: action => ({
      type: RateLimitedError,
      message: new RegExp(
        `^GitHub rate limit hit while trying to ${action} in acme/gitops \\(gave up after ${ATTEMPTS} attempts\\)\\. Retry after \\d{4}-`,
      ),
    }),
    canBeLost: false,
  },
  'HTTP 429, retry-after: 1': {
    respond: () =>
      json(429, { message: 'Too Many Requests' }, { 'retry-after': '1' }),
    waits: waits => waits.forEach(ms => expect(ms).toBe(1000)),
    error: action => ({
      type: RateLimitedError,
      message: new RegExp(
        `^GitHub rate limit hit while trying to ${action} in acme/gitops \\(gave up after ${ATTEMPTS} attempts\\)\\. Retry after `,
      ),
    }),
    canBeLost: false,
  },
};

/** One step of the flow: the call that fails, and the action its errors name. */
interface Step {
  method: string;
  path: RegExp;
  /** The step's call as the fake logs it. */
  call: RegExp;
  action: string;
  /** Whether the step happens only when the branch and pull request exist. */
  update: boolean;
  /** Whether it writes (so an answer lost after the write is a fault worth testing). */
  writes: boolean;
  /** Our commits on the branch when the step fails for good. */
  committedOnFailure: number;
}

const STEPS: Record<string, Step> = {
  'read the snapshot (GraphQL)': {
    committedOnFailure: 0,
    method: 'POST',
    path: /^\/graphql$/,
    call: /^GRAPHQL KedaSnapshot$/,
    action: 'read the repository snapshot',
    update: false,
    writes: false,
  },
  'create the tree': {
    committedOnFailure: 0,
    method: 'POST',
    path: /\/git\/trees$/,
    call: /^POST .*\/git\/trees$/,
    action: `write the files for ${BRANCH}`,
    update: false,
    writes: true,
  },
  'create the commit': {
    committedOnFailure: 0,
    method: 'POST',
    path: /\/git\/commits$/,
    call: /^POST .*\/git\/commits$/,
    action: `write the commit for ${BRANCH}`,
    update: false,
    writes: true,
  },
  'create the branch': {
    committedOnFailure: 0,
    method: 'POST',
    path: /\/git\/refs$/,
    call: /^POST .*\/git\/refs$/,
    action: `create the branch ${BRANCH}`,
    update: false,
    writes: true,
  },
  'open the pull request': {
    committedOnFailure: 1,
    method: 'POST',
    path: /\/pulls$/,
    call: /^POST .*\/pulls$/,
    action: `open a pull request from ${BRANCH}`,
    update: false,
    writes: true,
  },
  'move the branch (update)': {
    committedOnFailure: 1,
    method: 'PATCH',
    path: /\/git\/refs\/heads\//,
    call: /^PATCH .*\/git\/refs\/heads\//,
    action: `move the branch ${BRANCH}`,
    update: true,
    writes: true,
  },
  'update the pull request (update)': {
    committedOnFailure: 2,
    method: 'PATCH',
    path: /\/pulls\/\d+$/,
    call: /^PATCH .*\/pulls\/\d+$/,
    action: 'update pull request #1',
    update: true,
    writes: true,
  },
};

const integrations = ScmIntegrations.fromConfig(
  new ConfigReader({
    integrations: {
      github: [{ host: 'github.com', token: GITHUB_TEST_TOKEN }],
    },
  }),
);

let fake: FakeGithub;
const server = setupServer(
  http.all(`${GITHUB_TEST_API}/*`, ({ request }) => fake.handle(request)),
);
registerMswTestHooks(server);

const counts = {
  transientCases: 0,
  persistentCases: 0,
  lostAnswerCases: 0,
  retriedCalls: 0,
  recoveredOnNextProposal: 0,
  branchLeftWithoutPrThenReused: 0,
};

/**
 * Every branch move was sent with force: false and only fast-forwards were
 * accepted; creations carry no force flag at all.
 */
function expectNoForce(github: FakeGithub) {
  const moves = github.refUpdates.filter(u => u.from !== undefined);
  expect(moves.filter(u => u.force !== false)).toEqual([]);
  expect(
    moves.filter(u => u.accepted && !github.store.isAncestor(u.from!, u.to)),
  ).toEqual([]);
  expect(
    github.refUpdates.filter(
      u => u.from === undefined && u.force !== undefined,
    ),
  ).toEqual([]);
}

afterAll(() => {
  // eslint-disable-next-line no-console
  console.log(
    `[reliability] git-faults github fault matrix: ${JSON.stringify(counts)}`,
  );
});

describe('GitHub faults through the engine', () => {
  let waits: number[];
  let engine: GitopsEngine;

  beforeEach(() => {
    fake = new FakeGithub(FakeGitStore.withFiles(BASE_FILES));
    waits = [];
    engine = new DefaultGitopsEngine({
      settings: readGitopsSettings(
        new ConfigReader({
          keda: {
            gitops: { repositories: [{ url: REPO_URL, provider: 'github' }] },
          },
        }),
      ),
      guardrails: {},
      integrations,
      providers: {
        github: new GithubProvider({
          integrations,
          logger: { warn: () => {}, info: () => {} },
          retry: {
            attempts: ATTEMPTS,
            baseDelayMs: BASE_DELAY,
            maxDelayMs: 5_000,
            sleep: async ms => {
              waits.push(ms);
            },
          },
        }),
      },
    });
  });

  const propose = (max: number) =>
    engine.propose(entity, intent(max), { reviewers: ['alice'] });

  const callsOf = (step: Step) => fake.calls.filter(c => step.call.test(c));

  /** Our commits on the branch, oldest first (first-parent, down to main). */
  function branchCommits() {
    const tip = fake.store.tip(BRANCH);
    if (!tip) return [];
    const main = fake.store.tip('main')!;
    const out = [];
    for (const c of fake.store.history(tip, 100)) {
      if (c.sha === main || fake.store.isAncestor(c.sha, main)) break;
      out.push(c);
    }
    return out.reverse();
  }

  /**
   * The end state the issue asks for: one proposal branch, one open pull
   * request from it, `commits` commits of ours with the wanted change, and
   * only fast-forward updates sent with force: false.
   */
  function expectFinalState(max: number, commits: number) {
    expect([...fake.store.branches.keys()].sort()).toEqual([BRANCH, 'main']);
    const open = fake.pulls.filter(p => p.state === 'open');
    expect(open).toHaveLength(1);
    expect(open[0].head).toBe(BRANCH);
    expect(fake.pulls).toHaveLength(1);
    const ours = branchCommits();
    expect(ours).toHaveLength(commits);
    ours.forEach(c =>
      expect(c.message).toContain('Keda-Portal-Change: component:default/shop'),
    );
    const tip = fake.store.tip(BRANCH)!;
    expect(
      fake.store.filesAt(tip).get(`${FOLDER}/scaledobject.yaml`),
    ).toContain(`maxReplicaCount: ${max}`);
    expectOnlyFastForwards();
  }

  function expectOnlyFastForwards() {
    expectNoForce(fake);
  }

  /** For update steps: a proposal already open (branch + PR), before the faults start. */
  async function openFirst(step: Step) {
    if (!step.update) return 0;
    await propose(10);
    expectFinalState(10, 1);
    fake.calls.length = 0;
    return 1;
  }

  const matrix = Object.entries(STEPS).flatMap(([stepName, step]) =>
    Object.entries(FAULTS).map(
      ([faultName, fault]) => [stepName, faultName, step, fault] as const,
    ),
  );

  it.each(matrix)(
    '%s, %s, then recovers: retried with the right waits, one branch, one PR, one commit',
    async (_s, _f, step, fault) => {
      const before = await openFirst(step);
      fake.fail(step.method, step.path, fault.respond, ATTEMPTS - 1);

      const result = await propose(20);

      expect(result.pullRequest?.number).toBe(1);
      expect(callsOf(step)).toHaveLength(ATTEMPTS);
      expect(waits).toHaveLength(ATTEMPTS - 1);
      fault.waits(waits);
      expectFinalState(20, before + 1);
      counts.transientCases += 1;
      counts.retriedCalls += ATTEMPTS - 1;
    },
  );

  it.each(matrix)(
    '%s, %s, for good: a clear error after the retry budget; the next proposal finishes the job',
    async (_s, _f, step, fault) => {
      const before = await openFirst(step);
      fake.fail(step.method, step.path, fault.respond, Number.MAX_SAFE_INTEGER);

      const error = await propose(20).catch(e => e);

      const expected = fault.error(step.action);
      expect(error).toBeInstanceOf(expected.type);
      expect(error.message).toMatch(expected.message);
      expect(error.message).not.toContain(GITHUB_TEST_TOKEN);
      expect(callsOf(step)).toHaveLength(ATTEMPTS);
      fault.waits(waits);
      // Nothing half-written that the next proposal could not finish: the
      // commits that got through, and a branch without its pull request only
      // when opening the pull request is what failed.
      expect(fake.pulls.length).toBe(before);
      expect(branchCommits()).toHaveLength(step.committedOnFailure);
      const branchWithoutPr =
        fake.store.tip(BRANCH) !== undefined && fake.pulls.length === 0;
      expect(branchWithoutPr).toBe(
        step.action.startsWith('open a pull request'),
      );
      expectOnlyFastForwards();

      fake.faults.length = 0;
      const result = await propose(20);
      expect(result.pullRequest?.number).toBe(1);
      expectFinalState(20, before + 1);
      counts.persistentCases += 1;
      counts.recoveredOnNextProposal += 1;
      if (branchWithoutPr) counts.branchLeftWithoutPrThenReused += 1;
    },
  );

  const lost = matrix.filter(
    ([, , step, fault]) => step.writes && fault.canBeLost,
  );

  it.each(lost)(
    '%s goes through but the answer is lost (%s): the retry does not duplicate anything',
    async (_s, _f, step, fault) => {
      const before = await openFirst(step);
      fake.fail(step.method, step.path, fault.respond, 1, { after: true });

      const result = await propose(20);

      expect(result.pullRequest?.number).toBe(1);
      expect(callsOf(step).length).toBeGreaterThanOrEqual(2);
      expectFinalState(20, before + 1);
      counts.lostAnswerCases += 1;
    },
  );

  it('a PR-open failure leaves the branch; the next proposal reuses it and opens exactly one PR', async () => {
    fake.fail('POST', /\/pulls$/, FAULTS['HTTP 502'].respond, ATTEMPTS);
    await expect(propose(20)).rejects.toThrow(/open a pull request/);
    const branchTip = fake.store.tip(BRANCH);
    expect(branchTip).toBeDefined();
    expect(fake.pulls).toHaveLength(0);

    const result = await propose(20);
    expect(result.status).toBe('created');
    expect(result.commit).toBeUndefined();
    // The same commit: nothing was written again, only the PR opened.
    expect(fake.store.tip(BRANCH)).toBe(branchTip);
    expect(
      fake.calls.filter(c => /\/git\/(trees|commits|refs)/.test(c)),
    ).toEqual([
      'POST /repos/acme/gitops/git/trees',
      'POST /repos/acme/gitops/git/commits',
      'POST /repos/acme/gitops/git/refs',
    ]);
    expectFinalState(20, 1);
  });
});

describe('people pushing to the proposal branch during a GitHub proposal', () => {
  /** Calls after which a reviewer may push, in the update flow. */
  const MOMENTS = [
    /^GRAPHQL KedaSnapshot$/,
    /^POST .*\/git\/trees$/,
    /^POST .*\/git\/commits$/,
    /^PATCH .*\/git\/refs\/heads\//,
  ];

  it(`randomized interleavings (${ROUNDS} rounds): the reviewer's commits always survive, never a force`, async () => {
    const next = random(SEED);
    const tally = {
      seed: SEED,
      rounds: 0,
      reviewerPushes: 0,
      refusedNonFastForward: 0,
      proposalsUpdated: 0,
      proposalsGaveUp: 0,
    };
    const github = new FakeGithub(FakeGitStore.withFiles(BASE_FILES));
    fake = github;
    const engine = new DefaultGitopsEngine({
      settings: readGitopsSettings(
        new ConfigReader({
          keda: {
            gitops: { repositories: [{ url: REPO_URL, provider: 'github' }] },
          },
        }),
      ),
      guardrails: {},
      integrations,
      providers: {
        github: new GithubProvider({
          integrations,
          retry: { attempts: ATTEMPTS, sleep: async () => {} },
        }),
      },
      maxAttempts: 5,
    });
    await engine.propose(entity, intent(10));

    for (let round = 1; round <= ROUNDS; round++) {
      // 1 to 3 pushes by reviewers, each right before a random call.
      const pushes = 1 + Math.floor(next() * 3);
      const plan = Array.from({ length: pushes }, () => ({
        moment: MOMENTS[Math.floor(next() * MOMENTS.length)],
        skip: Math.floor(next() * 2),
      }));
      const reviewerCommits: string[] = [];
      github.beforeAnswer = call => {
        const due = plan[0];
        if (!due || !due.moment.test(call)) return;
        if (due.skip > 0) {
          due.skip -= 1;
          return;
        }
        plan.shift();
        reviewerCommits.push(
          github.store.push(
            BRANCH,
            {
              [`${FOLDER}/notes/round-${round}-${reviewerCommits.length}.md`]:
                'ok\n',
            },
            `Reviewer note ${round}`,
          ),
        );
      };
      const refusedBefore = fake.refUpdates.filter(u => !u.accepted).length;

      const outcome = await engine
        .propose(entity, intent(10 + round))
        .catch(e => e as Error);
      fake.beforeAnswer = undefined;

      const tip = fake.store.tip(BRANCH)!;
      for (const sha of reviewerCommits) {
        expect(fake.store.isAncestor(sha, tip)).toBe(true);
      }
      // The only acceptable failure: the branch kept moving past the CAS
      // budget. Otherwise the tip holds our change on top of theirs.
      const failure = outcome instanceof Error ? outcome : undefined;
      expect(
        failure
          ? `${failure.name}: ${failure.message}`
          : fake.store.filesAt(tip).get(`${FOLDER}/scaledobject.yaml`),
      ).toMatch(
        failure
          ? /^ConflictError: .*kept moving/
          : new RegExp(`maxReplicaCount: ${10 + round}\\b`),
      );
      tally[failure ? 'proposalsGaveUp' : 'proposalsUpdated'] += 1;
      tally.reviewerPushes += reviewerCommits.length;
      tally.refusedNonFastForward +=
        fake.refUpdates.filter(u => !u.accepted).length - refusedBefore;
      tally.rounds += 1;
    }

    expectNoForce(fake);
    expect(fake.pulls).toHaveLength(1);
    expect(tally.rounds).toBe(ROUNDS);
    // The races did happen: some updates were refused as non-fast-forward.
    expect(tally.refusedNonFastForward).toBeGreaterThan(0);
    // eslint-disable-next-line no-console
    console.log(
      `[reliability] git-faults github interleavings: ${JSON.stringify(tally)}`,
    );
  });
});
