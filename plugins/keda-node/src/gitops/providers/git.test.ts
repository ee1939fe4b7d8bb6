/**
 * The plain Git provider's proposal links and branch diffs, against a real
 * bare repository.
 */
import { ConfigReader } from '@backstage/config';
import path from 'node:path';
import { createBareRepo, git, BareRepo } from '../../testUtils/gitRepo';
import { GitCliProvider } from './git';
import { gitPullRequestUrlFromConfig } from './gitPullRequestUrl';

const REPO_URL = 'https://github.com/keda-portal-demo/shop-gitops';
const BRANCH = 'keda/default/component/orders-api/default';
const FILE = 'apps/orders-api/scaledobject.yaml';

describe('GitCliProvider', () => {
  let repo: BareRepo;
  let caches = 0;
  const provider = (
    options: Partial<ConstructorParameters<typeof GitCliProvider>[0]> = {},
  ) =>
    new GitCliProvider({
      cacheDir: path.join(repo.root, `cache-${++caches}`),
      remoteFor: () => repo.remote,
      ...options,
    });

  /** A proposal branch with one commit, the base moved on since. */
  async function propose(p: GitCliProvider) {
    const snapshot = await p.snapshot({
      repoUrl: REPO_URL,
      branch: BRANCH,
      folders: ['apps'],
    });
    await p.commit({
      repoUrl: REPO_URL,
      branch: BRANCH,
      parent: snapshot.baseCommit,
      message: 'Update KEDA autoscaling for orders-api\n\nmax 12 -> 20',
      files: [{ path: FILE, content: 'maxReplicaCount: 20\n' }],
    });
    const clone = repo.clone('main');
    git(clone, 'commit', '--allow-empty', '-q', '-m', 'Unrelated change');
    git(clone, 'push', '-q', 'origin', 'main');
  }

  beforeEach(() => {
    repo = createBareRepo({ [FILE]: 'maxReplicaCount: 12\n' });
  });
  afterEach(() => repo.cleanup());

  it("shows a proposal branch's commits and diff since it left the base", async () => {
    const p = provider();
    await propose(p);
    const diff = await p.branchDiff({ repoUrl: REPO_URL, branch: BRANCH });
    expect(diff).toMatchObject({
      branch: BRANCH,
      baseBranch: 'main',
      title: 'Update KEDA autoscaling for orders-api',
      branchCommit: repo.log(BRANCH)[0],
      baseCommit: repo.log('main')[0],
    });
    expect(diff.commits.map(c => c.subject)).toEqual([
      'Update KEDA autoscaling for orders-api',
    ]);
    // Only the branch's change: not the base's later commit undone.
    const changed = diff.diff.split('\n').filter(l => /^[+-](?![+-])/.test(l));
    expect(changed).toEqual(['-maxReplicaCount: 12', '+maxReplicaCount: 20']);
    expect(diff.diff).toContain(`+++ b/${FILE}`);
  });

  it('says when the branch is not there', async () => {
    await expect(
      provider().branchDiff({ repoUrl: REPO_URL, branch: 'keda/gone' }),
    ).rejects.toThrow(/has no branch 'keda\/gone': it was merged and deleted/);
  });

  it('links proposals to the page its options name, in the opened and the listed proposal', async () => {
    const p = provider({
      pullRequestUrl: gitPullRequestUrlFromConfig(
        new ConfigReader({ app: { baseUrl: 'http://localhost:3000/' } }),
      ),
    });
    await propose(p);
    const expected = `http://localhost:3000/keda/changes?repo=${encodeURIComponent(
      REPO_URL,
    )}&branch=${encodeURIComponent(BRANCH)}`;
    const opened = await p.openPullRequest({
      repoUrl: REPO_URL,
      branch: BRANCH,
      baseBranch: 'main',
      title: 't',
      body: 'b',
      labels: [],
      reviewers: [],
    });
    expect(opened.url).toBe(expected);
    const [listed] = await p.listPullRequests(REPO_URL, 'keda/');
    expect(listed.url).toBe(expected);
    const snapshot = await p.snapshot({
      repoUrl: REPO_URL,
      branch: BRANCH,
      folders: [],
    });
    expect(snapshot.openPullRequest?.url).toBe(expected);
  });

  it('keeps the repository URL with the branch as anchor without options', async () => {
    const opened = await provider().openPullRequest({
      repoUrl: REPO_URL,
      branch: BRANCH,
      baseBranch: 'main',
      title: 't',
      body: 'b',
      labels: [],
      reviewers: [],
    });
    expect(opened.url).toBe(`${REPO_URL}#${BRANCH}`);
  });
});

describe('gitPullRequestUrlFromConfig', () => {
  const proposal = { repoUrl: REPO_URL, branch: BRANCH, baseBranch: 'main' };

  it("fills a repository's template, the branch's slashes kept in {branchPath}", () => {
    const urlFor = gitPullRequestUrlFromConfig(
      new ConfigReader({
        app: { baseUrl: 'http://localhost:3000' },
        keda: {
          gitops: {
            repositories: [
              {
                url: `${REPO_URL}.git`,
                pullRequestUrl:
                  'https://git.example.com/shop/compare/{baseBranch}...{branchPath}',
              },
              { url: 'https://git.example.com/other' },
            ],
          },
        },
      }),
    );
    expect(urlFor(proposal)).toBe(
      `https://git.example.com/shop/compare/main...${BRANCH}`,
    );
    // Other plain-Git repositories: the portal's page.
    expect(
      urlFor({ ...proposal, repoUrl: 'https://git.example.com/other' }),
    ).toBe(
      `http://localhost:3000/keda/changes?repo=${encodeURIComponent(
        'https://git.example.com/other',
      )}&branch=${encodeURIComponent(BRANCH)}`,
    );
  });

  it('refuses a template that is not an http(s) URL with the branch in it, naming the key', () => {
    expect(() =>
      gitPullRequestUrlFromConfig(
        new ConfigReader({
          keda: {
            gitops: {
              repositories: [
                {
                  url: REPO_URL,
                  pullRequestUrl: 'ftp://git.example.com/{branch}',
                },
              ],
            },
          },
        }),
      ),
    ).toThrow(
      "keda.gitops.repositories[0].pullRequestUrl must be an http(s) URL with {branch} or {branchPath} in it, got 'ftp://git.example.com/{branch}'",
    );
  });

  it('falls back to the repository URL without an app base URL', () => {
    expect(gitPullRequestUrlFromConfig(new ConfigReader({}))(proposal)).toBe(
      `${REPO_URL}#${BRANCH}`,
    );
  });
});
