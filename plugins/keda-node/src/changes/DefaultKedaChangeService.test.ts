/**
 * The change use case against a real bare Git repository, through the real
 * GitOps engine and its plain Git provider; the catalog is an in-memory one
 * and permissions are decided per test.
 */
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type {
  ChangeIntent,
  ScalingIntent,
} from '@keda-portal/plugin-keda-common';
import type { GitopsEngine, ProposalContext } from '../gitops/engine';
import { createBareRepo, type BareRepo } from '../testUtils';
import { gitopsEngineFor } from './__testUtils__/engineFor';
import { DefaultKedaChangeService } from './DefaultKedaChangeService';

const REPO_URL = 'https://git.example.invalid/shop/shop-gitops';
const REF = 'component:default/orders-api';
const BRANCH = 'keda/default/component/orders-api/default';
const ALICE = mockCredentials.user('user:default/alice');

const INTENT: ChangeIntent = {
  name: 'orders-api',
  namespace: 'shop',
  scaleTarget: { name: 'orders-api' },
  minReplicaCount: 1,
  maxReplicaCount: 8,
  triggers: [
    {
      type: 'cron',
      metadata: {
        timezone: 'Europe/Amsterdam',
        start: '0 8 * * *',
        end: '0 18 * * *',
        desiredReplicas: '3',
      },
    },
  ],
};

function component(annotations: Record<string, string> = {}): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'orders-api',
      namespace: 'default',
      annotations: {
        'backstage.io/kubernetes-id': 'orders-api',
        'keda-portal.io/gitops-repo': REPO_URL,
        'keda-portal.io/gitops-path': 'apps/orders-api',
        'keda-portal.io/gitops-layout': 'plain',
        ...annotations,
      },
    },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-orders' },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/team-orders' }],
  };
}

const TEAM: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: {
    name: 'team-orders',
    namespace: 'default',
    annotations: { 'github.com/team-slug': 'shop/team-orders' },
  },
  spec: { type: 'team', children: [] },
};

describe('DefaultKedaChangeService', () => {
  let repo: BareRepo;
  let engine: GitopsEngine;
  /** The contexts the engine got for proposals. */
  let contexts: ProposalContext[];

  beforeEach(() => {
    repo = createBareRepo({
      'apps/orders-api/deployment.yaml':
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: orders-api\n',
    });
    const real = gitopsEngineFor(repo, REPO_URL);
    contexts = [];
    engine = Object.assign(Object.create(real), {
      propose: (entity: Entity, intent: ScalingIntent, context = {}) => {
        contexts.push(context);
        return real.propose(entity, intent, context);
      },
    });
  });
  afterEach(() => repo.cleanup());

  function service(
    options: {
      entities?: Entity[];
      decide?: (permission: string) => AuthorizeResult;
    } = {},
  ) {
    const decide = options.decide ?? (() => AuthorizeResult.ALLOW);
    const permissions = mockServices.permissions.mock({
      authorize: async requests =>
        requests.map(r => ({ result: decide(r.permission.name) })) as any,
      authorizeConditional: async requests =>
        requests.map(r => ({ result: decide(r.permission.name) })) as any,
    });
    return {
      permissions,
      changes: new DefaultKedaChangeService({
        engine,
        catalog: catalogServiceMock({
          entities: options.entities ?? [component(), TEAM],
        }),
        permissions,
        auth: mockServices.auth(),
        appBaseUrl: 'http://localhost:3000/',
      }),
    };
  }

  it('proposes with the requester, a link to the entity and the owning team as reviewers', async () => {
    const { changes } = service();
    const result = await changes.propose(
      { entityRef: REF, intent: INTENT },
      { credentials: ALICE },
    );
    expect(result.status).toBe('created');
    expect(result.plan.branch).toBe(BRANCH);
    expect(repo.show(BRANCH, 'apps/orders-api/scaledobject.yaml')).toContain(
      'backstage.io/kubernetes-id: orders-api',
    );
    expect(contexts[0]).toMatchObject({
      requestedBy: 'user:default/alice',
      // The trailing slash of app.baseUrl does not double.
      entityUrl:
        'http://localhost:3000/catalog/default/component/orders-api/autoscaling',
      reviewers: ['shop/team-orders'],
    });
    expect(result.plan.body).toContain('user:default/alice');
    // The API's shape: no pull-request bodies, no engine internals.
    expect(JSON.stringify(result)).not.toContain('"basis"');
  });

  it('names the requester the caller gives, e.g. the task initiator', async () => {
    const { changes } = service();
    await changes.propose(
      { entityRef: REF, intent: INTENT },
      { credentials: ALICE, requestedBy: 'user:default/bob' },
    );
    expect(contexts[0].requestedBy).toBe('user:default/bob');
  });

  it('refuses without keda.change.create, before reading the catalog or Git', async () => {
    const { changes } = service({ decide: () => AuthorizeResult.DENY });
    for (const call of [
      () =>
        changes.preview(
          { entityRef: REF, intent: INTENT },
          { credentials: ALICE },
        ),
      () =>
        changes.propose(
          { entityRef: REF, intent: INTENT },
          { credentials: ALICE },
        ),
    ]) {
      await expect(call()).rejects.toThrow(
        `You may not propose scaling changes to ${REF} (permission keda.change.create); ask one of its owners`,
      );
    }
    expect(repo.hasBranch(BRANCH)).toBe(false);
  });

  it('refuses reads without keda.scaling.read, and an entity the catalog lacks', async () => {
    const denied = service({ decide: () => AuthorizeResult.DENY }).changes;
    await expect(
      denied.listProposals(REF, { credentials: ALICE }),
    ).rejects.toThrow(`You may not read the scaling data of ${REF}`);
    const { changes } = service({ entities: [] });
    await expect(
      changes.guardrails(REF, { credentials: ALICE }),
    ).rejects.toMatchObject({
      name: 'NotFoundError',
      message: `No entity ${REF} in the catalog`,
    });
  });

  it('lets a change onboard an entity without Kubernetes annotations, but not the reads', async () => {
    const bare = component();
    delete bare.metadata.annotations!['backstage.io/kubernetes-id'];
    const { changes } = service({ entities: [bare] });
    const preview = await changes.preview(
      { entityRef: REF, intent: INTENT },
      { credentials: ALICE },
    );
    expect(preview.valid).toBe(true);
    // Without the annotation the entity's name labels the manifests.
    expect(preview.diff).toContain('backstage.io/kubernetes-id: orders-api');
    await expect(
      changes.listProposals(REF, { credentials: ALICE }),
    ).rejects.toThrow(
      `${REF} has neither backstage.io/kubernetes-id nor backstage.io/kubernetes-label-selector: add one so its cluster objects can be found`,
    );
  });

  it("refuses a kubernetesId that differs from the entity's", async () => {
    const { changes } = service();
    await expect(
      changes.preview(
        { entityRef: REF, intent: { ...INTENT, kubernetesId: 'other' } },
        { credentials: ALICE },
      ),
    ).rejects.toThrow(
      "intent.kubernetesId 'other' differs from the entity's backstage.io/kubernetes-id 'orders-api'",
    );
  });

  it('refuses an invalid intent before Git is read; a preview shows the problems', async () => {
    const { changes } = service();
    const invalid = { ...INTENT, minReplicaCount: 9 };
    const preview = await changes.preview(
      { entityRef: REF, intent: invalid },
      { credentials: ALICE },
    );
    expect(preview.valid).toBe(false);
    expect(preview.problems[0].path).toMatch(/minReplicaCount/);
    const message = `${preview.problems[0].message} ${preview.problems[0].fix}`;
    await expect(
      changes.preview(
        { entityRef: REF, intent: invalid },
        { credentials: ALICE },
        { refuseProblems: true },
      ),
    ).rejects.toThrow(message);
    await expect(
      changes.propose(
        { entityRef: REF, intent: invalid },
        { credentials: ALICE },
      ),
    ).rejects.toThrow(message);
    // A value of the wrong type is refused by field, before any plan.
    await expect(
      changes.propose(
        {
          entityRef: REF,
          intent: { ...INTENT, maxReplicaCount: 'ten' as any },
        },
        { credentials: ALICE },
      ),
    ).rejects.toThrow(/^intent.maxReplicaCount: must be a number/);
    expect(repo.hasBranch(BRANCH)).toBe(false);
  });

  it('writes at most once per entity and branch through `once`', async () => {
    const { changes } = service();
    const store = new Map<string, any>();
    const once = async (key: string, write: () => Promise<any>) => {
      if (!store.has(key)) store.set(key, await write());
      return store.get(key);
    };
    const first = await changes.propose(
      { entityRef: REF, intent: INTENT },
      { credentials: ALICE },
      { once },
    );
    expect([...store.keys()]).toEqual([`keda.gitops.propose.${REF}.${BRANCH}`]);
    const log = repo.log(BRANCH);
    const retry = await changes.propose(
      { entityRef: REF, intent: { ...INTENT, maxReplicaCount: 12 } },
      { credentials: ALICE },
      { once },
    );
    expect(retry).toEqual(first);
    expect(repo.log(BRANCH)).toEqual(log);
  });

  it('answers current settings from Git, 404 naming the folder before a proposal', async () => {
    const { changes } = service();
    await expect(
      changes.currentSettings(
        REF,
        { name: 'orders-api' },
        { credentials: ALICE },
      ),
    ).rejects.toMatchObject({
      name: 'NotFoundError',
      message: `No ScaledObject or ScaledJob orders-api in apps/orders-api of ${REPO_URL} yet; a proposal will add it to that folder`,
    });
    await changes.propose(
      { entityRef: REF, intent: INTENT },
      { credentials: ALICE },
    );
    const current = await changes.currentSettings(
      REF,
      { name: 'orders-api', kind: 'ScaledObject' },
      { credentials: ALICE },
    );
    expect(current.intent).toMatchObject({
      name: 'orders-api',
      maxReplicaCount: 8,
    });
    expect(current.source).toMatchObject({
      branch: BRANCH,
      proposalBranch: true,
    });
    const listed = await changes.listProposals(REF, { credentials: ALICE });
    expect(listed.pullRequests).toEqual([
      expect.objectContaining({ branch: BRANCH, state: 'open' }),
    ]);
    expect(listed.pullRequests[0]).not.toHaveProperty('body');
  });

  it('lists repositories only for a caller who may change some entity', async () => {
    const allowed = await service().changes.repositories({
      credentials: ALICE,
    });
    expect(allowed.repositories).toEqual([{ url: REPO_URL, provider: 'git' }]);
    await expect(
      service({ decide: () => AuthorizeResult.DENY }).changes.repositories({
        credentials: ALICE,
      }),
    ).rejects.toThrow(/may not propose scaling changes to any entity/);
  });

  it('proposes a new component with its files, which no permission names yet', async () => {
    const { changes, permissions } = service({ entities: [] });
    const worker = component();
    worker.metadata.name = 'invoice-worker';
    worker.metadata.annotations!['backstage.io/kubernetes-id'] =
      'invoice-worker';
    worker.metadata.annotations!['keda-portal.io/gitops-path'] =
      'apps/invoice-worker';
    const result = await changes.propose(
      {
        component: worker,
        intent: {
          ...INTENT,
          name: 'invoice-worker',
          scaleTarget: { name: 'invoice-worker' },
        },
        files: [
          {
            path: 'catalog-info.yaml',
            content: 'kind: Component\n',
            reason: 'Registers it.',
          },
        ],
      },
      { credentials: ALICE },
    );
    expect(result.status).toBe('created');
    expect(
      repo.changedFiles('keda/default/component/invoice-worker/default'),
    ).toEqual([
      'apps/invoice-worker/catalog-info.yaml',
      'apps/invoice-worker/scaledobject.yaml',
    ]);
    expect(permissions.authorize).not.toHaveBeenCalled();
  });
});
