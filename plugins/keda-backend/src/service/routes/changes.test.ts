/**
 * The change endpoints in a real backend: the catalog, the permission
 * framework with a policy that lets only owners change (isEntityOwner), and
 * a real Git repository as the GitOps remote.
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import {
  ALICE,
  BOB,
  git,
  REPO_URL,
  startKedaTestBackend,
  validIntent,
  type TestBackend,
} from '../../__testUtils__/testBackend';

const url = '/api/keda/entities/default/component/orders-api/changes';
const BRANCH = 'keda/default/component/orders-api/default';

describe('change endpoints', () => {
  let backend: TestBackend;
  beforeAll(async () => {
    backend = await startKedaTestBackend({
      files: {
        'apps/stock-sync/deployment.yaml':
          'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: stock-sync\nspec:\n  replicas: 1\n  template: {}\n',
      },
      catalog: `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: stock-sync
spec:
  type: service
  lifecycle: production
  owner: ${ALICE}
`,
    });
  }, 60_000);
  afterAll(async () => {
    await backend?.stop();
  });

  const as = (user: string) => mockCredentials.user.header(user);
  const intent = validIntent();

  it('lets the owner propose and refuses a non-owner with 403', async () => {
    const { server, remote } = backend;
    const current = `${url}/current`;
    const missing = await request(server)
      .get(`${current}?name=orders-api`)
      .set('Authorization', as(BOB));
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toBe(
      `No ScaledObject or ScaledJob orders-api in apps/orders-api of ${REPO_URL} yet; a proposal will add it to that folder`,
    );
    for (const query of ['', '?name=Orders_API', '?name=a&kind=Deployment']) {
      const res = await request(server)
        .get(`${current}${query}`)
        .set('Authorization', as(ALICE));
      expect(res.status).toBe(400);
    }

    const refused = await request(server)
      .post(url)
      .set('Authorization', as(BOB))
      .send({ intent });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(
      /may not propose scaling changes to component:default\/orders-api \(permission keda\.change\.create\)/,
    );
    expect(() =>
      git(remote, 'rev-parse', '--verify', `refs/heads/${BRANCH}`),
    ).toThrow();

    const preview = await request(server)
      .post(`${url}/preview`)
      .set('Authorization', as(ALICE))
      .send({ intent });
    expect(preview.status).toBe(200);
    expect(preview.body.valid).toBe(true);
    expect(preview.body.edits.map((e: { path: string }) => e.path)).toEqual([
      'apps/orders-api/scaledobject.yaml',
    ]);

    const created = await request(server)
      .post(url)
      .set('Authorization', as(ALICE))
      .send({ intent });
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('created');
    expect(
      git(remote, 'show', `${BRANCH}:apps/orders-api/scaledobject.yaml`),
    ).toContain('maxReplicaCount: 8');

    const again = await request(server)
      .post(url)
      .set('Authorization', as(ALICE))
      .send({ intent });
    expect(again.status).toBe(200);
    expect(again.body.status).toBe('unchanged');

    // What the pull request holds is what the form starts from.
    const found = await request(server)
      .get(`${current}?name=orders-api&kind=ScaledObject&namespace=shop`)
      .set('Authorization', as(BOB));
    expect(found.status).toBe(200);
    expect(found.body.intent).toMatchObject({
      name: 'orders-api',
      maxReplicaCount: 8,
    });
    expect(found.body.source).toMatchObject({
      path: 'apps/orders-api/scaledobject.yaml',
      branch: BRANCH,
      proposalBranch: true,
    });

    const listed = await request(server).get(url).set('Authorization', as(BOB));
    expect(listed.status).toBe(200);
    expect(listed.body.pullRequests).toEqual([
      expect.objectContaining({ branch: BRANCH, state: 'open' }),
    ]);

    const bad = await request(server)
      .post(`${url}/preview`)
      .set('Authorization', as(ALICE))
      .send({ intent: { ...intent, minReplicaCount: 9 } });
    expect(bad.status).toBe(200);
    expect(bad.body.valid).toBe(false);
    expect(bad.body.problems[0].path).toMatch(/minReplicaCount/);

    const refusedCreate = await request(server)
      .post(url)
      .set('Authorization', as(ALICE))
      .send({ intent: { ...intent, minReplicaCount: 9 } });
    expect(refusedCreate.status).toBe(400);
    expect(refusedCreate.body.error.message).toMatch(/minReplicaCount/);

    const noBody = await request(server)
      .post(url)
      .set('Authorization', as(ALICE))
      .send({});
    expect(noBody.status).toBe(400);
    expect(noBody.body.error.message).toMatch(/intent is missing/);
  }, 120_000);

  it('lets a component without annotations choose its repository', async () => {
    const { server, remote } = backend;
    // The backend names what is missing, lists the repositories it knows,
    // and previews with the user's choice.
    const bare = '/api/keda/entities/default/component/stock-sync/changes';
    const sync = {
      ...intent,
      name: 'stock-sync',
      scaleTarget: { name: 'stock-sync' },
    };
    const missing = await request(server)
      .post(`${bare}/preview`)
      .set('Authorization', as(ALICE))
      .send({ intent: sync });
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toMatch(
      /The entity has no GitOps repository: add the annotation keda-portal.io\/gitops-repo/,
    );
    const repositories = await request(server)
      .get('/api/keda/changes/repositories')
      .set('Authorization', as(BOB));
    expect(repositories.status).toBe(200);
    expect(repositories.body.repositories).toEqual([
      { url: REPO_URL, provider: 'git' },
    ]);
    expect(JSON.stringify(repositories.body)).not.toContain(remote);
    // Audited like every other change route.
    expect(
      backend.logs.filter(l => l.includes('change-repositories')).join('\n'),
    ).toMatch(/"status":"succeeded"/);
    const chosen = await request(server)
      .post(`${bare}/preview`)
      .set('Authorization', as(ALICE))
      .send({
        intent: sync,
        gitops: { repo: REPO_URL, path: 'apps/stock-sync', layout: 'plain' },
      });
    expect(chosen.status).toBe(200);
    expect(chosen.body.valid).toBe(true);
    expect(chosen.body.path).toBe('apps/stock-sync');
    expect(chosen.body.diff).toContain(
      'backstage.io/kubernetes-id: stock-sync',
    );
    // The catalog reads stock-sync from a file, not this repository: the
    // preview says which annotations to add.
    expect(chosen.body.notes.join('\n')).toMatch(
      /component:default\/stock-sync's catalog-info.yaml is not in this repository on main[\s\S]*keda-portal.io\/gitops-path: apps\/stock-sync/,
    );
    const badChoice = await request(server)
      .post(`${bare}/preview`)
      .set('Authorization', as(ALICE))
      .send({ intent: sync, gitops: 'apps/stock-sync' });
    expect(badChoice.status).toBe(400);
    expect(badChoice.body.error.message).toMatch(/^gitops must be an object/);
  }, 120_000);
});
