/**
 * No branch without its pull request: the engine on the GitHub fake when a
 * proposal fails, or another instance wins the race, after the branch was
 * pushed and before the pull request was opened.
 */
import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ServiceUnavailableError } from '@backstage/errors';
import { ScmIntegrations } from '@backstage/integration';
import { http } from 'msw';
import { setupServer } from 'msw/node';
import { DefaultGitopsEngine } from './DefaultGitopsEngine';
import { cpuIntent, kustomizeEntity } from './__testUtils__/faultFixtures';
import type { GitopsEngine } from './engine';
import { GithubProvider } from './providers/github';
import {
  FakeGithub,
  GITHUB_TEST_API,
  GITHUB_TEST_TOKEN,
  json,
} from './providers/__testUtils__/githubFake';
import { FakeGitStore } from './providers/__testUtils__/gitStoreFake';
import { readGitopsSettings } from './target';

const REPO_URL = 'https://github.com/acme/gitops';
const FOLDER = 'apps/shop/overlays/production';
const BRANCH = 'keda/default/component/shop/production';

const entity = kustomizeEntity('shop', REPO_URL, FOLDER);
const intent = cpuIntent('shop', 10, '70');

let fake: FakeGithub;
const server = setupServer(
  http.all(`${GITHUB_TEST_API}/*`, ({ request }) => fake.handle(request)),
);
registerMswTestHooks(server);

describe('GitopsEngine: no branch left without its pull request', () => {
  let waits: number[];
  let engine: GitopsEngine;

  beforeEach(() => {
    fake = new FakeGithub(
      FakeGitStore.withFiles({
        [`${FOLDER}/kustomization.yaml`]: 'resources:\n  - ../../base\n',
        'apps/shop/base/deployment.yaml':
          'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: shop\n',
      }),
    );
    waits = [];
    const integrations = ScmIntegrations.fromConfig(
      new ConfigReader({
        integrations: {
          github: [{ host: 'github.com', token: GITHUB_TEST_TOKEN }],
        },
      }),
    );
    engine = new DefaultGitopsEngine({
      settings: readGitopsSettings(new ConfigReader({})),
      guardrails: {},
      integrations,
      providers: {
        github: new GithubProvider({
          integrations,
          retry: {
            attempts: 3,
            baseDelayMs: 10,
            sleep: async ms => {
              waits.push(ms);
            },
          },
        }),
      },
    });
  });

  /** Exactly one branch over main, one open pull request from it, one commit with our change. */
  function expectOneBranchOnePullRequestOneCommit() {
    const { store } = fake;
    const tip = store.tip(BRANCH)!;
    expect(tip).toBeDefined();
    expect([...store.branches.keys()].sort()).toEqual([BRANCH, 'main'].sort());
    expect(store.history(tip, 10).map(c => c.parents.length)).toEqual([1, 0]);
    expect(store.filesAt(tip).get(`${FOLDER}/scaledobject.yaml`)).toContain(
      'maxReplicaCount: 10',
    );
    expect(
      fake.pulls.filter(p => p.head === BRANCH && p.state === 'open'),
    ).toHaveLength(1);
  }

  it('a proposal whose pull request could not be opened (GitHub 502) is completed by the next one', async () => {
    // Every try to open the pull request fails: the branch is pushed, the PR is not.
    fake.fail(
      'POST',
      /\/pulls$/,
      () => json(502, { message: 'Bad Gateway' }),
      3,
    );
    const error = await engine.propose(entity, intent).catch(e => e);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error.message).toMatch(
      /GitHub failed to open a pull request from keda\/default\/component\/shop\/production in acme\/gitops \(HTTP 502, 3 attempts\).*Try again later/,
    );
    expect(waits).toHaveLength(2);
    expect(fake.store.tip(BRANCH)).toBeDefined();
    expect(fake.pulls).toHaveLength(0);

    const result = await engine.propose(entity, intent);
    expect(result.status).toBe('created');
    expect(result.pullRequest?.number).toBe(1);
    expectOneBranchOnePullRequestOneCommit();
  });

  it('another instance pushed the same change first and failed before its pull request: this one opens it', async () => {
    // Between our snapshot and our branch creation, another backend
    // instance creates the branch with the same files, then dies.
    fake.fail('POST', /\/git\/refs$/, () => {
      const { store } = fake;
      const ours = [...store.commits.values()].pop()!;
      store.branches.set(
        BRANCH,
        store.commitTree(ours.parents, ours.tree, ours.message),
      );
      return json(422, {
        message: 'Reference already exists',
        documentation_url:
          'https://docs.github.com/rest/git/refs#create-a-reference',
        status: '422',
      });
    });
    const result = await engine.propose(entity, intent);
    expect(result.status).toBe('created');
    expect(result.pullRequest?.branch).toBe(BRANCH);
    expectOneBranchOnePullRequestOneCommit();
    // Our own commit was never put on any branch.
    expect(
      fake.calls.filter(c => c === 'POST /repos/acme/gitops/pulls'),
    ).toHaveLength(1);
  });
});
