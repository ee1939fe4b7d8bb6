import { mockServices } from '@backstage/backend-test-utils';
import { UrlReaders } from '@backstage/backend-defaults/urlReader';
import { ConfigReader, type JsonObject } from '@backstage/config';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GitRemoteUrlReader } from './GitRemoteUrlReader';

const ENV = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.invalid',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.invalid',
};
const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, {
    cwd,
    env: ENV,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });

const REPO_URL = 'https://github.com/acme/gitops';
const WORKER_BRANCH = 'keda/default/component/billing-worker/default';

describe('GitRemoteUrlReader', () => {
  let root: string;
  let remote: string;
  let work: string;

  const readerFor = (repositories: JsonObject[]) =>
    UrlReaders.default({
      logger: mockServices.logger.mock(),
      config: new ConfigReader({
        keda: { gitops: { cacheDir: path.join(root, 'cache'), repositories } },
      }),
      factories: [GitRemoteUrlReader.factory],
    });

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'url-reader-'));
    remote = path.join(root, 'remote.git');
    work = path.join(root, 'work');
    git(root, 'init', '--quiet', '--bare', '--initial-branch=main', remote);
    git(root, 'clone', '--quiet', remote, work);
    fs.mkdirSync(path.join(work, 'apps/orders'), { recursive: true });
    fs.writeFileSync(path.join(work, 'apps/orders/deployment.yaml'), 'a: 1\n');
    git(work, 'add', '.');
    git(work, 'commit', '--quiet', '-m', 'seed');
    git(work, 'push', '--quiet', 'origin', 'HEAD:main');
    git(work, 'checkout', '--quiet', '-b', WORKER_BRANCH);
    fs.mkdirSync(path.join(work, 'apps/billing-worker'), { recursive: true });
    fs.writeFileSync(
      path.join(work, 'apps/billing-worker/catalog-info.yaml'),
      'kind: Component\n',
    );
    git(work, 'add', '.');
    git(work, 'commit', '--quiet', '-m', 'worker');
    git(work, 'push', '--quiet', 'origin', WORKER_BRANCH);
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('reads a file on a branch whose name has slashes, ahead of the GitHub reader', async () => {
    const reader = readerFor([{ url: REPO_URL, provider: 'git', remote }]);
    const url = `${REPO_URL}/blob/${WORKER_BRANCH}/apps/billing-worker/catalog-info.yaml`;
    const file = await reader.readUrl(url);
    expect((await file.buffer()).toString()).toBe('kind: Component\n');
    expect(file.etag).toMatch(/^[0-9a-f]{40}$/);

    // Same blob, same ETag: the catalog skips it.
    await expect(reader.readUrl(url, { etag: file.etag })).rejects.toThrow(
      expect.objectContaining({ name: 'NotModifiedError' }),
    );

    // The file is not on main until the pull request is merged.
    await expect(
      reader.readUrl(
        `${REPO_URL}/blob/main/apps/billing-worker/catalog-info.yaml`,
      ),
    ).rejects.toThrow(expect.objectContaining({ name: 'NotFoundError' }));
    expect(
      (
        await reader.search(
          `${REPO_URL}/blob/main/apps/billing-worker/catalog-info.yaml`,
        )
      ).files,
    ).toEqual([]);

    // After the merge it is, with the new content.
    git(work, 'checkout', '--quiet', 'main');
    git(work, 'merge', '--quiet', '--ff-only', WORKER_BRANCH);
    git(work, 'push', '--quiet', 'origin', 'main');
    const merged = await reader.search(
      `${REPO_URL}/blob/main/apps/billing-worker/catalog-info.yaml`,
    );
    expect(merged.files).toHaveLength(1);
    expect((await merged.files[0].content()).toString()).toBe(
      'kind: Component\n',
    );
  });

  it('reads a folder as a tree', async () => {
    const reader = readerFor([{ url: REPO_URL, provider: 'git', remote }]);
    const tree = await reader.readTree(`${REPO_URL}/tree/main/apps`);
    const files = await tree.files();
    expect(files.map(f => f.path).sort()).toEqual(['orders/deployment.yaml']);
    expect((await files[0].content()).toString()).toBe('a: 1\n');
  });

  it('leaves URLs of other repositories to the other readers', () => {
    expect(
      readerFor([{ url: REPO_URL, provider: 'git', remote }]).toString(),
    ).toContain('gitRemote');
    const [tuple] = GitRemoteUrlReader.factory({
      config: new ConfigReader({
        keda: {
          gitops: {
            cacheDir: path.join(root, 'cache'),
            repositories: [{ url: REPO_URL, provider: 'git', remote }],
          },
        },
      }),
      logger: mockServices.logger.mock(),
      treeResponseFactory: {} as any,
    });
    expect(
      tuple.predicate(new URL(`${REPO_URL}/blob/main/catalog-info.yaml`)),
    ).toBe(true);
    expect(
      tuple.predicate(
        new URL('https://github.com/acme/other/blob/main/catalog-info.yaml'),
      ),
    ).toBe(false);
    // GitHub repositories without a remote keep Backstage's GitHub reader.
    expect(
      GitRemoteUrlReader.factory({
        config: new ConfigReader({
          keda: {
            gitops: { repositories: [{ url: REPO_URL, provider: 'github' }] },
          },
        }),
        logger: mockServices.logger.mock(),
        treeResponseFactory: {} as any,
      }),
    ).toEqual([]);
  });

  it('refuses paths that climb out of the repository and says what is missing', async () => {
    const reader = new GitRemoteUrlReader({
      repositories: [{ url: REPO_URL, remote }],
      cacheDir: path.join(root, 'cache'),
      treeResponseFactory: {} as any,
    });
    // URL parsing resolves '..' before readers are picked; called directly,
    // the reader still refuses it.
    await expect(
      reader.readUrl(`${REPO_URL}/blob/main/../../etc/passwd`),
    ).rejects.toThrow(/'\.\.' is not allowed/);
    await expect(
      reader.readUrl(`${REPO_URL}/blob/nope/catalog-info.yaml`),
    ).rejects.toThrow(
      /no branch matches the start of 'nope\/catalog-info.yaml'/,
    );
  });
});
