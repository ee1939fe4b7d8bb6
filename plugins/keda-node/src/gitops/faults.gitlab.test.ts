/**
 * GitLab faults on every step of the merge-request flow, through the engine
 * and the GitLab provider against a fake GitLab behind msw: server errors,
 * connection resets, 429 with Retry-After, and answers lost after the call
 * went through. The end state is one branch, one merge request and our
 * change on it; GitLab's commits API is never asked to `force`.
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
import { GitlabProvider } from './providers/gitlab';
import {
  FakeGitlab,
  GITLAB_TEST_HOST,
  GITLAB_TEST_PROJECT,
  GITLAB_TEST_TOKEN,
  json,
} from './providers/__testUtils__/gitlabFake';
import { RateLimitedError } from './providers/http';
import { FakeGitStore } from './providers/__testUtils__/gitStoreFake';
import { readGitopsSettings } from './target';

jest.setTimeout(120_000);

const REPO_URL = `${GITLAB_TEST_HOST}/${GITLAB_TEST_PROJECT}`;
const FOLDER = 'apps/shop/overlays/production';
const BRANCH = 'keda/default/component/shop/production';
const ATTEMPTS = 4;
const BASE_DELAY = 100;

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
    { type: 'cpu', metricType: 'Utilization', metadata: { value: '60' } },
  ],
});

/** Exponential backoff with jitter: wait i lies in [base·2^i / 2, base·2^i]. */
function expectGrowingBackoff(waits: number[]) {
  waits.forEach((ms, i) => {
    const ceiling = BASE_DELAY * 2 ** i;
    expect(ms).toBeGreaterThanOrEqual(ceiling / 2);
    expect(ms).toBeLessThanOrEqual(ceiling);
    if (i > 0) expect(ms).toBeGreaterThanOrEqual(waits[i - 1]);
  });
}

interface FaultKind {
  respond: () => Response;
  waits: (waits: number[]) => void;
  error: (action: string) => {
    type: new (...args: any[]) => Error;
    message: RegExp;
  };
  canBeLost: boolean;
}

const serverError = (status: number): FaultKind => ({
  respond: () => json(status, { message: `${status} Internal Server Error` }),
  waits: expectGrowingBackoff,
  error: action => ({
    type: ServiceUnavailableError,
    message: new RegExp(
      `^GitLab failed to ${action} in ${GITLAB_TEST_PROJECT} \\(HTTP ${status}, ${ATTEMPTS} attempts\\).*Try again later`,
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
        `^Could not reach GitLab to ${action} in ${GITLAB_TEST_PROJECT} \\(gave up after ${ATTEMPTS} attempts\\): .*Check that this backend can reach gitlab\\.com`,
      ),
    }),
    canBeLost: true,
  },
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
        `^GitLab rate limit hit while trying to ${action} in ${GITLAB_TEST_PROJECT} \\(gave up after ${ATTEMPTS} attempts\\)\\. Retry after \\d{4}-`,
      ),
    }),
    canBeLost: false,
  },
};

interface Step {
  method: string;
  path: RegExp;
  call: RegExp;
  action: string;
  update: boolean;
  writes: boolean;
  /** Our commits on the branch when the step fails for good. */
  committedOnFailure: number;
}

const STEPS: Record<string, Step> = {
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
    action: `create the branch ${BRANCH}`,
    update: false,
    writes: true,
  },
  'open the merge request': {
    committedOnFailure: 1,
    method: 'POST',
    path: /^\/merge_requests$/,
    call: /^POST \/merge_requests$/,
    action: `open a merge request from ${BRANCH}`,
    update: false,
    writes: true,
  },
  'read the branch tip (update)': {
    committedOnFailure: 1,
    method: 'GET',
    path: /^\/repository\/branches\//,
    call: /^GET \/repository\/branches\//,
    action: `read the branch ${BRANCH}`,
    update: true,
    writes: false,
  },
  'commit onto the branch (update)': {
    committedOnFailure: 1,
    method: 'POST',
    path: /^\/repository\/commits$/,
    call: /^POST \/repository\/commits$/,
    action: `commit to the branch ${BRANCH}`,
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

const integrations = ScmIntegrations.fromConfig(
  new ConfigReader({
    integrations: {
      gitlab: [{ host: 'gitlab.com', token: GITLAB_TEST_TOKEN }],
    },
  }),
);

let fake: FakeGitlab;
const server = setupServer(
  http.all(`${GITLAB_TEST_HOST}/api/*`, ({ request }) => fake.handle(request)),
);
registerMswTestHooks(server);

const counts = {
  transientCases: 0,
  persistentCases: 0,
  lostAnswerCases: 0,
  retriedCalls: 0,
  branchLeftWithoutMrThenReused: 0,
};

afterAll(() => {
  // eslint-disable-next-line no-console
  console.log(
    `[reliability] git-faults gitlab fault matrix: ${JSON.stringify(counts)}`,
  );
});

describe('GitLab faults through the engine', () => {
  let waits: number[];
  let engine: GitopsEngine;

  beforeEach(() => {
    fake = new FakeGitlab(FakeGitStore.withFiles(BASE_FILES));
    waits = [];
    engine = new DefaultGitopsEngine({
      settings: readGitopsSettings(
        new ConfigReader({
          keda: {
            gitops: { repositories: [{ url: REPO_URL, provider: 'gitlab' }] },
          },
        }),
      ),
      guardrails: {},
      integrations,
      providers: {
        gitlab: new GitlabProvider({
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

  const propose = (max: number) => engine.propose(entity, intent(max));
  const callsOf = (step: Step) => fake.calls.filter(c => step.call.test(c));

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

  function expectNeverForced() {
    const commits = fake.bodies.filter(
      b => b.call === 'POST /repository/commits',
    );
    expect(commits.filter(b => b.body.force !== undefined)).toEqual([]);
  }

  /** One branch, one open merge request from it, `commits` commits of ours, the wanted change at the tip. */
  function expectFinalState(max: number, commits: number) {
    expect([...fake.store.branches.keys()].sort()).toEqual([BRANCH, 'main']);
    expect(fake.mrs).toHaveLength(1);
    expect(fake.mrs[0]).toMatchObject({ source: BRANCH, state: 'opened' });
    const ours = branchCommits();
    expect(ours).toHaveLength(commits);
    ours.forEach(c =>
      expect(c.message).toContain('Keda-Portal-Change: component:default/shop'),
    );
    const tip = fake.store.tip(BRANCH)!;
    expect(
      fake.store.filesAt(tip).get(`${FOLDER}/scaledobject.yaml`),
    ).toContain(`maxReplicaCount: ${max}`);
    expectNeverForced();
  }

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
    '%s, %s, then recovers: retried with the right waits, one branch, one MR, one commit',
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
      expect(error.message).not.toContain(GITLAB_TEST_TOKEN);
      expect(callsOf(step)).toHaveLength(ATTEMPTS);
      fault.waits(waits);
      expect(fake.mrs).toHaveLength(before);
      expect(branchCommits()).toHaveLength(step.committedOnFailure);
      const branchWithoutMr =
        fake.store.tip(BRANCH) !== undefined && fake.mrs.length === 0;
      expect(branchWithoutMr).toBe(
        step.action.startsWith('open a merge request'),
      );
      expectNeverForced();

      fake.faults.length = 0;
      const result = await propose(20);
      expect(result.pullRequest?.number).toBe(1);
      expectFinalState(20, before + 1);
      counts.persistentCases += 1;
      if (branchWithoutMr) counts.branchLeftWithoutMrThenReused += 1;
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
});
