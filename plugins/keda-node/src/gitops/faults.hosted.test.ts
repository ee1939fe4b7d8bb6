/**
 * GitHub and GitLab faults on every step of the proposal flow, through the
 * engine and each provider against its fake behind msw: server errors,
 * connection resets, the hosts' rate limits, and answers lost after the
 * call went through (one matrix, __testUtils__/hostedFaultMatrix.ts, run
 * against each host); then GitHub's own cases: a pull request that could
 * not be opened, and people pushing to the proposal branch at each step.
 * Whatever happens, the end state is one branch, one proposal and our
 * change on it, and no branch is ever forced.
 *
 * Rounds of the randomized interleaving: KEDA_FAULT_ROUNDS (default 60);
 * seed: KEDA_FAULT_SEED (printed, to replay a failure).
 */
import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { DefaultGitopsEngine } from './DefaultGitopsEngine';
import type { GitopsEngine } from './engine';
import { GithubProvider } from './providers/github';
import { GitlabProvider } from './providers/gitlab';
import {
  FakeGithub,
  GITHUB_TEST_API,
  GITHUB_TEST_TOKEN,
  json,
} from './providers/__testUtils__/githubFake';
import {
  FakeGitlab,
  GITLAB_TEST_HOST,
  GITLAB_TEST_PROJECT,
  GITLAB_TEST_TOKEN,
} from './providers/__testUtils__/gitlabFake';
import { RateLimitedError, RetryOptions } from './providers/http';
import { FakeGitStore } from './providers/__testUtils__/gitStoreFake';
import { readGitopsSettings } from './target';
import {
  cpuIntent,
  kustomizeEntity,
  random,
} from './__testUtils__/faultFixtures';
import {
  connectionResetFault,
  expectClearErrorThenRecovery,
  expectNoDuplicate,
  expectRecovery,
  HostedFaultMatrix,
  FAULT_ATTEMPTS,
  FAULT_BRANCH,
  FAULT_FILES,
  FAULT_FOLDER,
  FaultKind,
  FaultStep,
  serverErrorFault,
} from './__testUtils__/hostedFaultMatrix';

jest.setTimeout(120_000);

const GITHUB_REPO_URL = 'https://github.com/acme/gitops';
const GITLAB_REPO_URL = `${GITLAB_TEST_HOST}/${GITLAB_TEST_PROJECT}`;
const ROUNDS = Number(process.env.KEDA_FAULT_ROUNDS ?? 60);
const SEED = Number(process.env.KEDA_FAULT_SEED ?? Date.now() % 1_000_000);

const integrations = ScmIntegrations.fromConfig(
  new ConfigReader({
    integrations: {
      github: [{ host: 'github.com', token: GITHUB_TEST_TOKEN }],
      gitlab: [{ host: 'gitlab.com', token: GITLAB_TEST_TOKEN }],
    },
  }),
);

let github: FakeGithub | undefined;
let gitlab: FakeGitlab | undefined;
const server = setupServer(
  http.all(`${GITHUB_TEST_API}/*`, ({ request }) => github!.handle(request)),
  http.all(`${GITLAB_TEST_HOST}/api/*`, ({ request }) =>
    gitlab!.handle(request),
  ),
);
registerMswTestHooks(server);

/** An engine whose only provider is `provider`, for the repository at `url`. */
function engineWith(
  url: string,
  kind: 'github' | 'gitlab',
  provider: GithubProvider | GitlabProvider,
  maxAttempts?: number,
) {
  return new DefaultGitopsEngine({
    settings: readGitopsSettings(
      new ConfigReader({
        keda: { gitops: { repositories: [{ url, provider: kind }] } },
      }),
    ),
    guardrails: {},
    integrations,
    providers: { [kind]: provider },
    maxAttempts,
  });
}

const quiet = { warn: () => {}, info: () => {} };

/**
 * Every branch move was sent with force: false and only fast-forwards were
 * accepted; creations carry no force flag at all.
 */
function expectNoForce(fake: FakeGithub) {
  const moves = fake.refUpdates.filter(u => u.from !== undefined);
  expect(moves.filter(u => u.force !== false)).toEqual([]);
  expect(
    moves.filter(u => u.accepted && !fake.store.isAncestor(u.from!, u.to)),
  ).toEqual([]);
  expect(
    fake.refUpdates.filter(u => u.from === undefined && u.force !== undefined),
  ).toEqual([]);
}

const githubServerError = (status: number) =>
  serverErrorFault('GitHub', 'acme/gitops', status, () =>
    json(status, {
      message: status === 500 ? 'Server Error' : 'Service Unavailable',
    }),
  );

const GITHUB_FAULTS: Record<string, FaultKind> = {
  'HTTP 500': githubServerError(500),
  'HTTP 502': githubServerError(502),
  'HTTP 503': githubServerError(503),
  'connection reset': connectionResetFault(
    'GitHub',
    'acme/gitops',
    'api.github.com',
  ),
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
        `^GitHub secondary rate limit hit while trying to ${action} in acme/gitops \\(gave up after ${FAULT_ATTEMPTS} attempts\\)\\. Retry after `,
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
        `^GitHub rate limit hit while trying to ${action} in acme/gitops \\(gave up after ${FAULT_ATTEMPTS} attempts\\)\\. Retry after \\d{4}-`,
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
        `^GitHub rate limit hit while trying to ${action} in acme/gitops \\(gave up after ${FAULT_ATTEMPTS} attempts\\)\\. Retry after `,
      ),
    }),
    canBeLost: false,
  },
};

const GITHUB_STEPS: Record<string, FaultStep> = {
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
    action: `write the files for ${FAULT_BRANCH}`,
    update: false,
    writes: true,
  },
  'create the commit': {
    committedOnFailure: 0,
    method: 'POST',
    path: /\/git\/commits$/,
    call: /^POST .*\/git\/commits$/,
    action: `write the commit for ${FAULT_BRANCH}`,
    update: false,
    writes: true,
  },
  'create the branch': {
    committedOnFailure: 0,
    method: 'POST',
    path: /\/git\/refs$/,
    call: /^POST .*\/git\/refs$/,
    action: `create the branch ${FAULT_BRANCH}`,
    update: false,
    writes: true,
  },
  'open the pull request': {
    committedOnFailure: 1,
    method: 'POST',
    path: /\/pulls$/,
    call: /^POST .*\/pulls$/,
    action: `open a pull request from ${FAULT_BRANCH}`,
    update: false,
    writes: true,
  },
  'move the branch (update)': {
    committedOnFailure: 1,
    method: 'PATCH',
    path: /\/git\/refs\/heads\//,
    call: /^PATCH .*\/git\/refs\/heads\//,
    action: `move the branch ${FAULT_BRANCH}`,
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

const GITHUB_MATRIX = new HostedFaultMatrix({
  name: 'GitHub',
  noun: 'pull request',
  log: 'github',
  token: GITHUB_TEST_TOKEN,
  repoUrl: GITHUB_REPO_URL,
  steps: GITHUB_STEPS,
  faults: GITHUB_FAULTS,
  reviewers: ['alice'],
  start(files, retry) {
    const fake = new FakeGithub(FakeGitStore.withFiles(files));
    github = fake;
    const provider = new GithubProvider({ integrations, logger: quiet, retry });
    return { fake, engine: engineWith(GITHUB_REPO_URL, 'github', provider) };
  },
  proposals: fake =>
    fake.pulls.map(p => ({ branch: p.head, open: p.state === 'open' })),
  expectNeverForced: expectNoForce,
});

const gitlabServerError = (status: number) =>
  serverErrorFault('GitLab', GITLAB_TEST_PROJECT, status, () =>
    json(status, { message: `${status} Internal Server Error` }),
  );

const GITLAB_FAULTS: Record<string, FaultKind> = {
  'HTTP 500': gitlabServerError(500),
  'HTTP 502': gitlabServerError(502),
  'HTTP 503': gitlabServerError(503),
  'connection reset': connectionResetFault(
    'GitLab',
    GITLAB_TEST_PROJECT,
    'gitlab.com',
  ),
  'HTTP 429, Retry-After: 2': {
    // GitLab's documented rate-limit answer.
    respond: () =>
      new HttpResponse('Retry later\n', {
        status: 429,
        headers: {
          'retry-after': '2',
          'ratelimit-limit': '600',
          'ratelimit-observed': '601',
          'ratelimit-remaining': '0',
          'ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 2),
        },
      }),
    waits: waits => waits.forEach(ms => expect(ms).toBe(2000)),
    error: action => ({
      type: RateLimitedError,
      message: new RegExp(
        `^GitLab rate limit hit while trying to ${action} in ${GITLAB_TEST_PROJECT} \\(gave up after ${FAULT_ATTEMPTS} attempts\\)\\. Retry after \\d{4}-`,
      ),
    }),
    canBeLost: false,
  },
};

const GITLAB_STEPS: Record<string, FaultStep> = {
  'read the blobs (GraphQL)': {
    committedOnFailure: 0,
    method: 'POST',
    path: /^GRAPHQL KedaGitlabBlobs$/,
    call: /^GRAPHQL KedaGitlabBlobs$/,
    action: 'read the files',
    update: false,
    writes: false,
  },
  'commit onto a new branch': {
    committedOnFailure: 0,
    method: 'POST',
    path: /^\/repository\/commits$/,
    call: /^POST \/repository\/commits$/,
    action: `create the branch ${FAULT_BRANCH}`,
    update: false,
    writes: true,
  },
  'open the merge request': {
    committedOnFailure: 1,
    method: 'POST',
    path: /^\/merge_requests$/,
    call: /^POST \/merge_requests$/,
    action: `open a merge request from ${FAULT_BRANCH}`,
    update: false,
    writes: true,
  },
  'read the branch tip (update)': {
    committedOnFailure: 1,
    method: 'GET',
    path: /^\/repository\/branches\//,
    call: /^GET \/repository\/branches\//,
    action: `read the branch ${FAULT_BRANCH}`,
    update: true,
    writes: false,
  },
  'commit onto the branch (update)': {
    committedOnFailure: 1,
    method: 'POST',
    path: /^\/repository\/commits$/,
    call: /^POST \/repository\/commits$/,
    action: `commit to the branch ${FAULT_BRANCH}`,
    update: true,
    writes: true,
  },
  'update the merge request (update)': {
    committedOnFailure: 2,
    method: 'PUT',
    path: /^\/merge_requests\/\d+$/,
    call: /^PUT \/merge_requests\/\d+$/,
    action: 'update merge request !1',
    update: true,
    writes: true,
  },
};

const GITLAB_MATRIX = new HostedFaultMatrix({
  name: 'GitLab',
  noun: 'merge request',
  log: 'gitlab',
  token: GITLAB_TEST_TOKEN,
  repoUrl: GITLAB_REPO_URL,
  steps: GITLAB_STEPS,
  faults: GITLAB_FAULTS,
  start(files, retry) {
    const fake = new FakeGitlab(FakeGitStore.withFiles(files));
    gitlab = fake;
    const provider = new GitlabProvider({ integrations, logger: quiet, retry });
    return { fake, engine: engineWith(GITLAB_REPO_URL, 'gitlab', provider) };
  },
  proposals: fake =>
    fake.mrs.map(m => ({ branch: m.source, open: m.state === 'opened' })),
  // GitLab's commits API is never asked to force.
  expectNeverForced: fake =>
    expect(
      fake.bodies.filter(
        b =>
          b.call === 'POST /repository/commits' && b.body.force !== undefined,
      ),
    ).toEqual([]),
});

describe.each([
  ['GitHub', GITHUB_MATRIX],
  ['GitLab', GITLAB_MATRIX],
] as const)('%s faults through the engine', (_host, matrix) => {
  const m = matrix as HostedFaultMatrix;
  beforeEach(() => m.start());
  afterAll(() => m.report());

  it.each(m.cases)(
    `%s, %s, then recovers: retried with the right waits, one branch, one ${m.host.noun}, one commit`,
    (_s, _f, step, fault) => expectRecovery(m, step, fault),
  );

  it.each(m.cases)(
    '%s, %s, for good: a clear error after the retry budget; the next proposal finishes the job',
    (_s, _f, step, fault) => expectClearErrorThenRecovery(m, step, fault),
  );

  it.each(m.lostCases)(
    '%s goes through but the answer is lost (%s): the retry does not duplicate anything',
    (_s, _f, step, fault) => expectNoDuplicate(m, step, fault),
  );
});

const entity = kustomizeEntity('shop', GITHUB_REPO_URL, FAULT_FOLDER);
const intent = (max: number) => cpuIntent('shop', max);

describe('a GitHub pull request that could not be opened', () => {
  let fake: FakeGithub;
  let engine: GitopsEngine;
  const retry: RetryOptions = {
    attempts: FAULT_ATTEMPTS,
    baseDelayMs: 1,
    sleep: async () => {},
  };

  beforeEach(() => {
    fake = new FakeGithub(FakeGitStore.withFiles(FAULT_FILES));
    github = fake;
    engine = engineWith(
      GITHUB_REPO_URL,
      'github',
      new GithubProvider({ integrations, logger: quiet, retry }),
    );
  });

  const propose = (max: number) =>
    engine.propose(entity, intent(max), { reviewers: ['alice'] });

  it('a PR-open failure leaves the branch; the next proposal reuses it and opens exactly one PR', async () => {
    fake.fail(
      'POST',
      /\/pulls$/,
      GITHUB_FAULTS['HTTP 502'].respond,
      FAULT_ATTEMPTS,
    );
    await expect(propose(20)).rejects.toThrow(/open a pull request/);
    const branchTip = fake.store.tip(FAULT_BRANCH);
    expect(branchTip).toBeDefined();
    expect(fake.pulls).toHaveLength(0);

    const result = await propose(20);
    expect(result.status).toBe('created');
    expect(result.commit).toBeUndefined();
    // The same commit: nothing was written again, only the PR opened.
    expect(fake.store.tip(FAULT_BRANCH)).toBe(branchTip);
    expect(
      fake.calls.filter(c => /\/git\/(trees|commits|refs)/.test(c)),
    ).toEqual([
      'POST /repos/acme/gitops/git/trees',
      'POST /repos/acme/gitops/git/commits',
      'POST /repos/acme/gitops/git/refs',
    ]);
    expect([...fake.store.branches.keys()].sort()).toEqual([
      FAULT_BRANCH,
      'main',
    ]);
    expect(
      fake.store.filesAt(branchTip!).get(`${FAULT_FOLDER}/scaledobject.yaml`),
    ).toContain('maxReplicaCount: 20');
    expect(fake.pulls).toHaveLength(1);
    expect(fake.pulls[0]).toMatchObject({ head: FAULT_BRANCH, state: 'open' });
    expectNoForce(fake);
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
    const fake = new FakeGithub(FakeGitStore.withFiles(FAULT_FILES));
    github = fake;
    const engine = engineWith(
      GITHUB_REPO_URL,
      'github',
      new GithubProvider({
        integrations,
        retry: { attempts: FAULT_ATTEMPTS, sleep: async () => {} },
      }),
      5,
    );
    await engine.propose(entity, intent(10));

    for (let round = 1; round <= ROUNDS; round++) {
      // 1 to 3 pushes by reviewers, each right before a random call.
      const pushes = 1 + Math.floor(next() * 3);
      const plan = Array.from({ length: pushes }, () => ({
        moment: MOMENTS[Math.floor(next() * MOMENTS.length)],
        skip: Math.floor(next() * 2),
      }));
      const reviewerCommits: string[] = [];
      fake.beforeAnswer = call => {
        const due = plan[0];
        if (!due || !due.moment.test(call)) return;
        if (due.skip > 0) {
          due.skip -= 1;
          return;
        }
        plan.shift();
        reviewerCommits.push(
          fake.store.push(
            FAULT_BRANCH,
            {
              [`${FAULT_FOLDER}/notes/round-${round}-${reviewerCommits.length}.md`]:
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

      const tip = fake.store.tip(FAULT_BRANCH)!;
      for (const sha of reviewerCommits) {
        expect(fake.store.isAncestor(sha, tip)).toBe(true);
      }
      // The only acceptable failure: the branch kept moving past the CAS
      // budget. Otherwise the tip holds our change on top of theirs.
      const failure = outcome instanceof Error ? outcome : undefined;
      expect(
        failure
          ? `${failure.name}: ${failure.message}`
          : fake.store.filesAt(tip).get(`${FAULT_FOLDER}/scaledobject.yaml`),
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
