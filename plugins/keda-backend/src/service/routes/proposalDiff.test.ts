/**
 * `GET /changes/diff`: a plain-Git proposal's commits and diff, against a real
 * bare repository, with the caller's permission on the entity the branch
 * names checked first.
 */
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import Router from 'express-promise-router';
import request from 'supertest';
import { git } from '../../__testUtils__/git';
import { addProposalDiffRoute } from './proposalDiff';

const REPO_URL = 'https://github.com/keda-portal-demo/shop-gitops';
const BRANCH = 'keda/default/component/orders-api/default';
const FILE = 'apps/orders-api/overlays/production/scaledobject.yaml';

describe('GET /changes/diff', () => {
  let root: string;
  let remote: string;

  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'proposal-diff-'));
    const work = path.join(root, 'work');
    fs.mkdirSync(path.dirname(path.join(work, FILE)), { recursive: true });
    fs.writeFileSync(path.join(work, FILE), 'maxReplicaCount: 12\n');
    git(work, 'init', '-q', '--initial-branch=main');
    git(work, 'add', '-A');
    git(work, 'commit', '-q', '-m', 'Seed');
    git(work, 'checkout', '-q', '-b', BRANCH);
    fs.writeFileSync(path.join(work, FILE), 'maxReplicaCount: 20\n');
    git(work, 'commit', '-q', '-am', 'Update KEDA autoscaling for orders-api');
    git(work, 'checkout', '-q', 'main'); // the remote's default branch
    remote = path.join(root, 'remote.git');
    git(root, 'clone', '-q', '--bare', work, remote);
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  function app(allow = true) {
    const router = Router();
    const permissions = mockServices.permissions.mock({
      authorize: async requests =>
        requests.map(() => ({
          result: allow ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
        })),
    });
    addProposalDiffRoute(router, {
      config: new ConfigReader({
        keda: {
          gitops: {
            repositories: [
              { url: REPO_URL, provider: 'git', remote },
              {
                url: 'https://github.com/org/hosted',
                provider: 'github',
              },
            ],
          },
        },
      }),
      httpAuth: mockServices.httpAuth({
        defaultCredentials: mockCredentials.none(),
      }),
      permissions,
      auditor: mockServices.auditor.mock(),
      cacheDir: path.join(root, `cache-${Math.random()}`),
    });
    const server = express();
    server.use(router);
    server.use(
      MiddlewareFactory.create({
        config: mockServices.rootConfig(),
        logger: mockServices.logger.mock(),
      }).error(),
    );
    return { server, permissions };
  }

  const get = (server: express.Express, query: Record<string, string>) =>
    request(server)
      .get(`/changes/diff?${new URLSearchParams(query)}`)
      .set('authorization', mockCredentials.user.header());

  it("answers the branch's commits and diff against the base", async () => {
    const { server, permissions } = app();
    const res = await get(server, { repo: REPO_URL, branch: BRANCH });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      entityRef: 'component:default/orders-api',
      branch: BRANCH,
      baseBranch: 'main',
      title: 'Update KEDA autoscaling for orders-api',
    });
    expect(res.body.diff).toContain('-maxReplicaCount: 12');
    expect(res.body.diff).toContain('+maxReplicaCount: 20');
    // Permission on the entity the branch names.
    expect(permissions.authorize).toHaveBeenCalledWith(
      [
        expect.objectContaining({
          resourceRef: 'component:default/orders-api',
          permission: expect.objectContaining({ name: 'keda.scaling.read' }),
        }),
      ],
      expect.anything(),
    );
  });

  it('refuses a caller without read permission on that entity', async () => {
    const res = await get(app(false).server, {
      repo: REPO_URL,
      branch: BRANCH,
    });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(
      'You may not read the scaling proposals of component:default/orders-api',
    );
  });

  it('refuses an anonymous caller', async () => {
    const res = await request(app().server).get(
      `/changes/diff?${new URLSearchParams({
        repo: REPO_URL,
        branch: BRANCH,
      })}`,
    );
    expect(res.status).toBe(401);
  });

  it('names the field and the fix for bad input', async () => {
    const { server } = app();
    expect((await get(server, { branch: BRANCH })).body.error.message).toMatch(
      /^repo is missing: give the GitOps repository URL/,
    );
    expect((await get(server, { repo: REPO_URL })).body.error.message).toMatch(
      /^branch is missing/,
    );
    const notOurs = await get(server, { repo: REPO_URL, branch: 'main' });
    expect(notOurs.status).toBe(400);
    expect(notOurs.body.error.message).toBe(
      "branch 'main' is not a KEDA Portal proposal branch: use keda/<namespace>/<kind>/<name>/<environment>",
    );
  });

  it('only reads plain Git repositories the config lists', async () => {
    const { server } = app();
    const hosted = await get(server, {
      repo: 'https://github.com/org/hosted',
      branch: BRANCH,
    });
    expect(hosted.status).toBe(404);
    expect(hosted.body.error.message).toMatch(
      /is not a plain Git repository of keda.gitops.repositories/,
    );
    const gone = await get(server, {
      repo: REPO_URL,
      branch: 'keda/default/component/email-worker/default',
    });
    expect(gone.status).toBe(404);
    expect(gone.body.error.message).toMatch(
      /has no branch 'keda\/default\/component\/email-worker\/default'/,
    );
  });
});
