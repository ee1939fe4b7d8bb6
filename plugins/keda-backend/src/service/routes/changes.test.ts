/**
 * The change endpoints in a real backend: the catalog, the permission
 * framework with a policy that lets only owners change (isEntityOwner), and
 * a real Git repository as the GitOps remote.
 */
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import {
  BackstageCredentials,
  coreServices,
  HttpAuthService,
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import permissionPlugin from '@backstage/plugin-permission-backend';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  AuthorizeResult,
  isResourcePermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { kedaChangeCreatePermission } from '@keda-portal/plugin-keda-common';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import express from 'express';
import Router from 'express-promise-router';
import { kedaPlugin } from '../plugin';
import { addChangeRoutes } from './changes';

const REPO_URL = 'https://git.example.invalid/platform/shop-gitops';
const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';

/** Owners may propose changes; everything else is allowed. */
class OwnersMayChange implements PermissionPolicy {
  async handle(
    query: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (
      isResourcePermission(query.permission, 'catalog-entity') &&
      query.permission.name === kedaChangeCreatePermission.name
    ) {
      return createCatalogConditionalDecision(
        query.permission,
        catalogConditions.isEntityOwner({
          claims: user?.info.ownershipEntityRefs ?? [],
        }),
      );
    }
    return { result: AuthorizeResult.ALLOW };
  }
}

const policyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'owners-may-change',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy(new OwnersMayChange());
      },
    });
  },
});

/**
 * Backstage's mock HTTP auth drops the calling plugin (the actor) from
 * on-behalf-of tokens, and the permission backend then refuses the catalog's
 * conditional queries as "direct user requests". A real backend keeps the
 * actor; so does this thin wrapper around the mock.
 */
const httpAuthKeepingActors = createServiceFactory({
  service: coreServices.httpAuth,
  deps: { plugin: coreServices.pluginMetadata },
  factory({ plugin }): HttpAuthService {
    const inner = mockServices.httpAuth({ pluginId: plugin.getId() });
    const prefix = 'Bearer mock-service-token:';
    return {
      credentials: (async (req: any, options?: any) => {
        const credentials: BackstageCredentials = await inner.credentials(
          req,
          options,
        );
        const header = String(req.headers?.authorization ?? '');
        if (
          header.startsWith(prefix) &&
          (credentials.principal as { type: string }).type === 'user'
        ) {
          const { sub } = JSON.parse(header.slice(prefix.length));
          return mockCredentials.user(
            (credentials.principal as { userEntityRef: string }).userEntityRef,
            { actor: { subject: sub ?? 'plugin' } },
          );
        }
        return credentials;
      }) as HttpAuthService['credentials'],
      issueUserCookie: (res, o) => inner.issueUserCookie(res, o),
    };
  },
});

function git(cwd: string, ...args: string[]) {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_AUTHOR_NAME: 'Seed',
      GIT_AUTHOR_EMAIL: 'seed@example.invalid',
      GIT_COMMITTER_NAME: 'Seed',
      GIT_COMMITTER_EMAIL: 'seed@example.invalid',
    },
  });
}

describe('change endpoints', () => {
  let root: string;
  let remote: string;

  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'keda-changes-'));
    remote = path.join(root, 'remote.git');
    git(root, 'init', '--quiet', '--bare', '--initial-branch=main', remote);
    const seed = path.join(root, 'seed');
    fs.mkdirSync(path.join(seed, 'apps', 'orders-api'), { recursive: true });
    fs.writeFileSync(
      path.join(seed, 'apps', 'orders-api', 'deployment.yaml'),
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: orders-api\nspec:\n  template: {}\n',
    );
    fs.mkdirSync(path.join(seed, 'apps', 'stock-sync'), { recursive: true });
    fs.writeFileSync(
      path.join(seed, 'apps', 'stock-sync', 'deployment.yaml'),
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: stock-sync\nspec:\n  replicas: 1\n  template: {}\n',
    );
    git(root, 'init', '--quiet', '--initial-branch=main', seed);
    git(seed, 'add', '-A');
    git(seed, 'commit', '--quiet', '-m', 'Seed');
    git(seed, 'push', '--quiet', remote, 'main');
    fs.writeFileSync(
      path.join(root, 'catalog.yaml'),
      `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: orders-api
  annotations:
    backstage.io/kubernetes-id: orders-api
    backstage.io/kubernetes-namespace: shop
    keda-portal.io/gitops-repo: ${REPO_URL}
    keda-portal.io/gitops-path: apps/orders-api
    keda-portal.io/gitops-layout: plain
spec:
  type: service
  lifecycle: production
  owner: ${ALICE}
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: stock-sync
spec:
  type: service
  lifecycle: production
  owner: ${ALICE}
`,
    );
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  const intent = {
    name: 'orders-api',
    namespace: 'shop',
    scaleTarget: { name: 'orders-api' },
    minReplicaCount: 1,
    maxReplicaCount: 8,
    triggers: [
      {
        type: 'prometheus',
        metadata: {
          serverAddress: 'http://prometheus.monitoring:9090',
          query: 'sum(rate(http_requests_total[2m]))',
          threshold: '40',
        },
      },
    ],
  };
  const url = '/api/keda/entities/default/component/orders-api/changes';

  it('lets the owner propose and refuses a non-owner with 403', async () => {
    const { server } = await startTestBackend({
      features: [
        catalogPlugin,
        permissionPlugin,
        policyModule,
        kedaPlugin,
        mockServices.rootConfig.factory({
          data: {
            backend: { baseUrl: 'http://localhost:7007' },
            app: { baseUrl: 'http://localhost:3000' },
            permission: { enabled: true },
            catalog: {
              locations: [
                { type: 'file', target: path.join(root, 'catalog.yaml') },
              ],
            },
            keda: {
              kubeconfig: false,
              gitops: {
                cacheDir: path.join(root, 'cache'),
                repositories: [{ url: REPO_URL, provider: 'git', remote }],
              },
            },
          },
        }),
        // The real permission client, so the policy above decides.
        permissionsServiceFactory,
        httpAuthKeepingActors,
      ],
    });

    // Wait until the catalog has processed the entity.
    const deadline = Date.now() + 15_000;
    for (;;) {
      const res = await request(server)
        .get('/api/catalog/entities/by-name/component/default/orders-api')
        .set('Authorization', mockCredentials.user.header(ALICE));
      if (res.status === 200 && res.body.relations?.length) break;
      if (Date.now() > deadline)
        throw new Error(
          `catalog did not process: ${res.status} ${JSON.stringify(
            res.body,
          ).slice(0, 500)}`,
        );
      await new Promise(r => setTimeout(r, 250));
    }

    const refused = await request(server)
      .post(url)
      .set('Authorization', mockCredentials.user.header(BOB))
      .send({ intent });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(
      /may not propose scaling changes to component:default\/orders-api \(permission keda\.change\.create\)/,
    );
    expect(() =>
      git(
        remote,
        'rev-parse',
        '--verify',
        'refs/heads/keda/default/component/orders-api/default',
      ),
    ).toThrow();

    const preview = await request(server)
      .post(`${url}/preview`)
      .set('Authorization', mockCredentials.user.header(ALICE))
      .send({ intent });
    expect(preview.status).toBe(200);
    expect(preview.body.valid).toBe(true);
    expect(preview.body.edits.map((e: { path: string }) => e.path)).toEqual([
      'apps/orders-api/scaledobject.yaml',
    ]);

    const created = await request(server)
      .post(url)
      .set('Authorization', mockCredentials.user.header(ALICE))
      .send({ intent });
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('created');
    expect(
      git(
        remote,
        'show',
        'keda/default/component/orders-api/default:apps/orders-api/scaledobject.yaml',
      ),
    ).toContain('maxReplicaCount: 8');

    const again = await request(server)
      .post(url)
      .set('Authorization', mockCredentials.user.header(ALICE))
      .send({ intent });
    expect(again.status).toBe(200);
    expect(again.body.status).toBe('unchanged');

    const listed = await request(server)
      .get(url)
      .set('Authorization', mockCredentials.user.header(BOB));
    expect(listed.status).toBe(200);
    expect(listed.body.pullRequests).toEqual([
      expect.objectContaining({
        branch: 'keda/default/component/orders-api/default',
        state: 'open',
      }),
    ]);

    const bad = await request(server)
      .post(`${url}/preview`)
      .set('Authorization', mockCredentials.user.header(ALICE))
      .send({ intent: { ...intent, minReplicaCount: 9 } });
    expect(bad.status).toBe(200);
    expect(bad.body.valid).toBe(false);
    expect(bad.body.problems[0].path).toMatch(/minReplicaCount/);

    const refusedCreate = await request(server)
      .post(url)
      .set('Authorization', mockCredentials.user.header(ALICE))
      .send({ intent: { ...intent, minReplicaCount: 9 } });
    expect(refusedCreate.status).toBe(400);
    expect(refusedCreate.body.error.message).toMatch(/minReplicaCount/);

    const noBody = await request(server)
      .post(url)
      .set('Authorization', mockCredentials.user.header(ALICE))
      .send({});
    expect(noBody.status).toBe(400);
    expect(noBody.body.error.message).toMatch(/intent is missing/);

    // A component without annotations: the backend names what is missing,
    // lists the repositories it knows, and previews with the user's choice.
    const bare = '/api/keda/entities/default/component/stock-sync/changes';
    const sync = {
      ...intent,
      name: 'stock-sync',
      scaleTarget: { name: 'stock-sync' },
    };
    const missing = await request(server)
      .post(`${bare}/preview`)
      .set('Authorization', mockCredentials.user.header(ALICE))
      .send({ intent: sync });
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toMatch(
      /The entity has no GitOps repository: add the annotation keda-portal.io\/gitops-repo/,
    );
    const repositories = await request(server)
      .get('/api/keda/changes/repositories')
      .set('Authorization', mockCredentials.user.header(BOB));
    expect(repositories.status).toBe(200);
    expect(repositories.body.repositories).toEqual([
      { url: REPO_URL, provider: 'git' },
    ]);
    expect(JSON.stringify(repositories.body)).not.toContain(remote);
    const chosen = await request(server)
      .post(`${bare}/preview`)
      .set('Authorization', mockCredentials.user.header(ALICE))
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
      .set('Authorization', mockCredentials.user.header(ALICE))
      .send({ intent: sync, gitops: 'apps/stock-sync' });
    expect(badChoice.status).toBe(400);
    expect(badChoice.body.error.message).toMatch(/^gitops must be an object/);
  }, 120_000);
});

describe('GET .../changes/current', () => {
  const entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'orders-api', namespace: 'default' },
  };
  const current = {
    intent: {
      name: 'orders-api',
      namespace: 'shop',
      kubernetesId: 'orders-api',
      scaleTarget: { name: 'orders-api' },
      maxReplicaCount: 8,
      triggers: [],
    },
    unsupported: [],
    source: {
      path: 'apps/orders-api/scaledobject.yaml',
      commit: 'abc',
      branch: 'main',
      proposalBranch: false,
    },
  };

  function app(engine: Record<string, unknown>) {
    const router = Router();
    const events: string[] = [];
    addChangeRoutes(router, {
      gitops: {
        target: () => ({
          repoUrl: REPO_URL,
          path: 'apps/orders-api',
        }),
        ...engine,
      } as any,
      readableEntity: async (_req, eventId) => {
        events.push(eventId);
        return {
          entity,
          entityRef: 'component:default/orders-api',
          audit: {
            success: async () => {},
            fail: async () => {},
          } as any,
          credentials: mockCredentials.user(ALICE),
        };
      },
    });
    const server = express();
    server.use(router);
    server.use(
      MiddlewareFactory.create({
        config: mockServices.rootConfig(),
        logger: mockServices.logger.mock(),
      }).error(),
    );
    return { server, events };
  }
  const currentUrl = '/entities/default/component/orders-api/changes/current';

  it('answers what the engine reads from Git', async () => {
    const currentIntent = jest.fn(async () => current);
    const { server, events } = app({ currentIntent });
    const res = await request(server).get(
      `${currentUrl}?name=orders-api&kind=ScaledObject&namespace=shop`,
    );
    expect(res.status).toBe(200);
    expect(res.body).toEqual(current);
    expect(currentIntent).toHaveBeenCalledWith(entity, {
      name: 'orders-api',
      kind: 'ScaledObject',
      namespace: 'shop',
    });
    expect(events).toEqual(['change-current']);
  });

  it('is 404 when Git has no such object, or the engine cannot read it', async () => {
    const missing = await request(
      app({ currentIntent: async () => undefined }).server,
    ).get(`${currentUrl}?name=orders-api`);
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toBe(
      `No ScaledObject or ScaledJob orders-api in apps/orders-api of ${REPO_URL} yet; a proposal will add it to that folder`,
    );
    const unable = await request(app({}).server).get(
      `${currentUrl}?name=orders-api`,
    );
    expect(unable.status).toBe(404);
  });

  it('refuses a query that names no valid object', async () => {
    const { server } = app({ currentIntent: async () => current });
    for (const query of ['', '?name=Orders_API', '?name=a&kind=Deployment']) {
      const res = await request(server).get(`${currentUrl}${query}`);
      expect(res.status).toBe(400);
    }
  });
});
