/**
 * Every step of a hosted provider's proposal flow × every fault, through
 * the engine: the step fails a few times and recovers, fails for good, or
 * goes through with its answer lost. One matrix for GitHub and GitLab; each
 * host brings its steps, its faults (with the errors they end in) and a
 * fake that records calls and proposals. The end state is always one
 * branch, one open proposal and our change on it, never forced.
 */
import { ServiceUnavailableError } from '@backstage/errors';
import { HttpResponse } from 'msw';
import type { GitopsEngine } from '../engine';
import type { RetryOptions } from '../providers/http';
import type { FakeGitStore } from '../providers/__testUtils__/gitStoreFake';
import {
  cpuIntent,
  expectGrowingBackoff,
  kustomizeEntity,
} from './faultFixtures';

export const FAULT_FOLDER = 'apps/shop/overlays/production';
export const FAULT_BRANCH = 'keda/default/component/shop/production';
export const FAULT_ATTEMPTS = 4;
export const FAULT_BASE_DELAY = 100;

export const FAULT_FILES = {
  [`${FAULT_FOLDER}/kustomization.yaml`]:
    // No base outside the folder: the engine would read it with a second
    // snapshot, and the matrix counts the calls of each step.
    'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: []\n',
  'apps/shop/base/deployment.yaml':
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: shop\n',
  'README.md': '# gitops\n',
};

/** How a fault answers, the waits the client must make, and the error it ends in. */
export interface FaultKind {
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

/** One step of the flow: the call that fails, and the action its errors name. */
export interface FaultStep {
  method: string;
  path: RegExp;
  /** The step's call as the fake logs it. */
  call: RegExp;
  action: string;
  /** Whether the step happens only when the branch and proposal exist. */
  update: boolean;
  /** Whether it writes (so an answer lost after the write is a fault worth testing). */
  writes: boolean;
  /** Our commits on the branch when the step fails for good. */
  committedOnFailure: number;
}

/** What the matrix needs of a host's fake. */
export interface FaultFake {
  readonly calls: string[];
  readonly faults: unknown[];
  readonly store: FakeGitStore;
  fail(
    method: string,
    path: RegExp,
    respond: () => Response,
    times?: number,
    options?: { after?: boolean },
  ): void;
}

/** A host under the matrix. */
export interface FaultHost<F extends FaultFake> {
  /** `GitHub`, as the provider's errors name it. */
  name: string;
  /** `pull request` or `merge request`. */
  noun: string;
  /** Name of the counts line: `[reliability] git-faults <log> fault matrix`. */
  log: string;
  token: string;
  repoUrl: string;
  steps: Record<string, FaultStep>;
  faults: Record<string, FaultKind>;
  /** A fresh fake over `files`, and an engine whose provider retries with `retry`. */
  start(
    files: Record<string, string>,
    retry: RetryOptions,
  ): { fake: F; engine: GitopsEngine };
  /** The proposals on the host: their branch and whether they are open. */
  proposals(fake: F): Array<{ branch: string; open: boolean }>;
  /** Asserts that no write forced a branch. */
  expectNeverForced(fake: F): void;
  /** Reviewers to ask, so the reviewer calls are in the flow. */
  reviewers?: string[];
}

/** A 5xx answer: retried with growing backoff, then a ServiceUnavailableError. */
export function serverErrorFault(
  host: string,
  repo: string,
  status: number,
  respond: () => Response,
): FaultKind {
  return {
    respond,
    waits: expectGrowingBackoff(FAULT_BASE_DELAY),
    error: action => ({
      type: ServiceUnavailableError,
      message: new RegExp(
        `^${host} failed to ${action} in ${repo} \\(HTTP ${status}, ${FAULT_ATTEMPTS} attempts\\).*Try again later`,
      ),
    }),
    canBeLost: true,
  };
}

/** A reset connection: retried with growing backoff, then an error naming the host. */
export function connectionResetFault(
  host: string,
  repo: string,
  hostname: string,
): FaultKind {
  return {
    respond: () => HttpResponse.error(),
    waits: expectGrowingBackoff(FAULT_BASE_DELAY),
    error: action => ({
      type: ServiceUnavailableError,
      message: new RegExp(
        `^Could not reach ${host} to ${action} in ${repo} \\(gave up after ${FAULT_ATTEMPTS} attempts\\): .*Check that this backend can reach ${hostname.replace(
          /\./g,
          '\\.',
        )}`,
      ),
    }),
    canBeLost: true,
  };
}

/** A step × fault pair of the matrix, with names for the test title. */
export type FaultCase = readonly [string, string, FaultStep, FaultKind];

/**
 * The step × fault matrix for one host. A test file runs, for each host:
 * `start` before each case, {@link expectRecovery},
 * {@link expectClearErrorThenRecovery} over `cases` and
 * {@link expectNoDuplicate} over `lostCases`, and `report` after all.
 */
export class HostedFaultMatrix<F extends FaultFake = FaultFake> {
  /** Every step with every fault. */
  readonly cases: FaultCase[];
  /** The writes with the faults that can come after the write went through. */
  readonly lostCases: FaultCase[];
  readonly counts = {
    transientCases: 0,
    persistentCases: 0,
    lostAnswerCases: 0,
    retriedCalls: 0,
    branchLeftWithoutProposalThenReused: 0,
  };
  /** The waits of the current case's retries. */
  waits: number[] = [];
  engine!: GitopsEngine;
  fake!: F;
  private readonly entity;

  constructor(readonly host: FaultHost<F>) {
    this.entity = kustomizeEntity('shop', host.repoUrl, FAULT_FOLDER);
    this.cases = Object.entries(host.steps).flatMap(([stepName, step]) =>
      Object.entries(host.faults).map(
        ([faultName, fault]) => [stepName, faultName, step, fault] as const,
      ),
    );
    this.lostCases = this.cases.filter(
      ([, , step, fault]) => step.writes && fault.canBeLost,
    );
  }

  /** A fresh fake and engine, with a retry budget whose waits are recorded. */
  start() {
    const waits: number[] = [];
    this.waits = waits;
    ({ fake: this.fake, engine: this.engine } = this.host.start(FAULT_FILES, {
      attempts: FAULT_ATTEMPTS,
      baseDelayMs: FAULT_BASE_DELAY,
      maxDelayMs: 5_000,
      sleep: async ms => {
        waits.push(ms);
      },
    }));
  }

  /** Prints the figures, for the reliability log. */
  report() {
    // eslint-disable-next-line no-console
    console.log(
      `[reliability] git-faults ${this.host.log} fault matrix: ${JSON.stringify(
        this.counts,
      )}`,
    );
  }

  propose(max: number) {
    return this.engine.propose(this.entity, cpuIntent('shop', max), {
      reviewers: this.host.reviewers,
    });
  }

  callsOf(step: FaultStep) {
    return this.fake.calls.filter(c => step.call.test(c));
  }

  /** Our commits on the branch, oldest first (first-parent, down to main). */
  branchCommits() {
    const { store } = this.fake;
    const tip = store.tip(FAULT_BRANCH);
    if (!tip) return [];
    const main = store.tip('main')!;
    const out = [];
    for (const c of store.history(tip, 100)) {
      if (c.sha === main || store.isAncestor(c.sha, main)) break;
      out.push(c);
    }
    return out.reverse();
  }
}

/** One branch, one open proposal from it, `commits` commits of ours, the wanted change at the tip, never forced. */
function expectFinalState(m: HostedFaultMatrix, max: number, commits: number) {
  const { store } = m.fake;
  expect([...store.branches.keys()].sort()).toEqual([FAULT_BRANCH, 'main']);
  expect(m.host.proposals(m.fake)).toEqual([
    { branch: FAULT_BRANCH, open: true },
  ]);
  const ours = m.branchCommits();
  expect(ours).toHaveLength(commits);
  for (const c of ours) {
    expect(c.message).toContain('Keda-Portal-Change: component:default/shop');
  }
  const tip = store.tip(FAULT_BRANCH)!;
  expect(store.filesAt(tip).get(`${FAULT_FOLDER}/scaledobject.yaml`)).toContain(
    `maxReplicaCount: ${max}`,
  );
  m.host.expectNeverForced(m.fake);
}

/** For update steps: a proposal already open (branch + proposal), before the faults start. */
async function openFirst(m: HostedFaultMatrix, step: FaultStep) {
  if (!step.update) return 0;
  await m.propose(10);
  expectFinalState(m, 10, 1);
  m.fake.calls.length = 0;
  return 1;
}

/** The step fails a few times, then works: retried with the right waits, one branch, one proposal, one commit. */
export async function expectRecovery(
  m: HostedFaultMatrix,
  step: FaultStep,
  fault: FaultKind,
) {
  const before = await openFirst(m, step);
  m.fake.fail(step.method, step.path, fault.respond, FAULT_ATTEMPTS - 1);

  const result = await m.propose(20);

  expect(result.pullRequest?.number).toBe(1);
  expect(m.callsOf(step)).toHaveLength(FAULT_ATTEMPTS);
  expect(m.waits).toHaveLength(FAULT_ATTEMPTS - 1);
  fault.waits(m.waits);
  expectFinalState(m, 20, before + 1);
  m.counts.transientCases += 1;
  m.counts.retriedCalls += FAULT_ATTEMPTS - 1;
}

/** The step always fails: a clear error after the retry budget; the next proposal finishes the job. */
export async function expectClearErrorThenRecovery(
  m: HostedFaultMatrix,
  step: FaultStep,
  fault: FaultKind,
) {
  const { fake, host } = m;
  const before = await openFirst(m, step);
  fake.fail(step.method, step.path, fault.respond, Number.MAX_SAFE_INTEGER);

  const error = await m.propose(20).then(
    () => undefined,
    (e: Error) => e,
  );

  const expected = fault.error(step.action);
  expect(error).toBeInstanceOf(expected.type);
  expect(error?.message).toMatch(expected.message);
  expect(error?.message).not.toContain(host.token);
  expect(m.callsOf(step)).toHaveLength(FAULT_ATTEMPTS);
  fault.waits(m.waits);
  // Nothing half-written that the next proposal could not finish: the
  // commits that got through, and a branch without its proposal only
  // when opening the proposal is what failed.
  expect(host.proposals(fake)).toHaveLength(before);
  expect(m.branchCommits()).toHaveLength(step.committedOnFailure);
  const branchWithoutProposal =
    fake.store.tip(FAULT_BRANCH) !== undefined &&
    host.proposals(fake).length === 0;
  expect(branchWithoutProposal).toBe(
    step.action.startsWith(`open a ${host.noun}`),
  );
  host.expectNeverForced(fake);

  fake.faults.length = 0;
  const result = await m.propose(20);
  expect(result.pullRequest?.number).toBe(1);
  expectFinalState(m, 20, before + 1);
  m.counts.persistentCases += 1;
  if (branchWithoutProposal) {
    m.counts.branchLeftWithoutProposalThenReused += 1;
  }
}

/** The write goes through but its answer is lost: the retry duplicates nothing. */
export async function expectNoDuplicate(
  m: HostedFaultMatrix,
  step: FaultStep,
  fault: FaultKind,
) {
  const before = await openFirst(m, step);
  m.fake.fail(step.method, step.path, fault.respond, 1, { after: true });

  const result = await m.propose(20);

  expect(result.pullRequest?.number).toBe(1);
  expect(m.callsOf(step).length).toBeGreaterThanOrEqual(2);
  expectFinalState(m, 20, before + 1);
  m.counts.lostAnswerCases += 1;
}
