/**
 * The Git provider contract (see __testUtils__/providerContract.ts), run
 * against each built-in provider: plain Git on a real bare repository,
 * GitHub and GitLab through their fakes behind msw.
 */
import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { http } from 'msw';
import { setupServer } from 'msw/node';
import path from 'node:path';
import { createBareRepo, git } from '../../testUtils/gitRepo';
import { GitCliProvider } from './git';
import { GithubProvider } from './github';
import { GitlabProvider } from './gitlab';
import {
  FakeGithub,
  GITHUB_TEST_API,
  GITHUB_TEST_TOKEN,
} from './__testUtils__/githubFake';
import {
  FakeGitlab,
  GITLAB_TEST_HOST,
  GITLAB_TEST_PROJECT,
  GITLAB_TEST_TOKEN,
} from './__testUtils__/gitlabFake';
import { FakeGitStore } from './__testUtils__/gitStoreFake';
import {
  CONTRACT_FILES,
  GIT_PROVIDER_CONTRACT,
  ProviderHarness,
} from './__testUtils__/providerContract';

let github: FakeGithub | undefined;
let gitlab: FakeGitlab | undefined;
const server = setupServer(
  http.all(`${GITHUB_TEST_API}/*`, ({ request }) => github!.handle(request)),
  http.all(`${GITLAB_TEST_HOST}/api/*`, ({ request }) =>
    gitlab!.handle(request),
  ),
);
registerMswTestHooks(server);

const integrations = ScmIntegrations.fromConfig(
  new ConfigReader({
    integrations: {
      github: [{ host: 'github.com', token: GITHUB_TEST_TOKEN }],
      gitlab: [{ host: 'gitlab.com', token: GITLAB_TEST_TOKEN }],
    },
  }),
);
const retry = { attempts: 2, baseDelayMs: 1, sleep: async () => {} };

/** The fake store seen as the contract sees a repository. */
function storeHarness(
  store: FakeGitStore,
  provider: ProviderHarness['provider'],
  repoUrl: string,
): ProviderHarness {
  return {
    provider,
    repoUrl,
    tip: branch => store.tip(branch),
    filesAt: sha => Object.fromEntries(store.filesAt(sha)),
    parentOf: sha => store.commit(sha)?.parents[0],
    push: (branch, files) => store.push(branch, files),
    createBranch: branch => {
      store.branches.set(branch, store.tip('main')!);
    },
    cleanup: () => {},
  };
}

function gitHarness(files: Record<string, string>): ProviderHarness {
  const repo = createBareRepo(files);
  const rev = (ref: string) => {
    try {
      return git(repo.remote, 'rev-parse', '--verify', '-q', ref).trim();
    } catch {
      return undefined;
    }
  };
  return {
    provider: new GitCliProvider({
      cacheDir: path.join(repo.root, 'cache'),
      remoteFor: () => repo.remote,
      retry,
    }),
    repoUrl: 'https://git.example.com/acme/gitops.git',
    tip: branch => rev(`refs/heads/${branch}`),
    filesAt: sha =>
      Object.fromEntries(
        git(repo.remote, 'ls-tree', '-r', '--name-only', sha)
          .trim()
          .split('\n')
          .map(file => [file, git(repo.remote, 'show', `${sha}:${file}`)]),
      ),
    parentOf: sha => rev(`${sha}^`),
    push: (branch, changes) => repo.pushAsReviewer(branch, changes),
    createBranch: branch => {
      git(repo.remote, 'branch', branch, 'main');
    },
    cleanup: () => repo.cleanup(),
  };
}

function githubHarness(files: Record<string, string>): ProviderHarness {
  github = new FakeGithub(FakeGitStore.withFiles(files));
  return storeHarness(
    github.store,
    new GithubProvider({ integrations, retry }),
    'https://github.com/acme/gitops',
  );
}

function gitlabHarness(files: Record<string, string>): ProviderHarness {
  gitlab = new FakeGitlab(FakeGitStore.withFiles(files));
  return storeHarness(
    gitlab.store,
    new GitlabProvider({ integrations, retry }),
    `${GITLAB_TEST_HOST}/${GITLAB_TEST_PROJECT}`,
  );
}

describe.each([
  ['GitCliProvider (plain Git)', gitHarness],
  ['GithubProvider', githubHarness],
  ['GitlabProvider', gitlabHarness],
])('%s: the Git provider contract', (_name, setup) => {
  let harness: ProviderHarness;
  beforeEach(() => {
    harness = setup(CONTRACT_FILES);
  });
  afterEach(() => harness.cleanup());

  it.each(Object.entries(GIT_PROVIDER_CONTRACT))(
    '%s',
    async (_title, check) => {
      await expect(check(harness)).resolves.toBeUndefined();
    },
  );
});
