/**
 * keda:gitops:propose against a real bare Git repository, through the real
 * GitOps engine and its plain Git provider; the catalog is an in-memory one.
 */
import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import type { GitopsEngine } from '@keda-portal/plugin-keda-node';
import { parseAllDocuments } from 'yaml';
import {
  BareRepo,
  createBareRepo,
  engineFor,
  git,
} from '../__testUtils__/gitRepo';
import {
  BAD_INTENTS,
  domainMessage,
  KAFKA_INTENT,
} from '../__testUtils__/intents';
import { changeServiceFor } from '../__testUtils__/changes';
import { outputsOf } from '../__testUtils__/outputs';
import { createProposeAction } from './propose';

const REPO_URL = 'https://git.example.invalid/shop/shop-gitops';
const FOLDER = 'apps/orders-consumer';
const BRANCH = 'keda/default/component/orders-consumer/production';
const ENTITY_REF = 'component:default/orders-consumer';

const DEPLOYMENT = `# orders-consumer: reviewed by team-orders
apiVersion: apps/v1
kind: Deployment
metadata:
  name: orders-consumer
  namespace: shop
spec:
  replicas: 2   # pinned until autoscaling
  selector:
    matchLabels: {app.kubernetes.io/name: orders-consumer}
  template:
    metadata:
      labels: {app.kubernetes.io/name: orders-consumer}
    spec:
      containers:
        - name: orders-consumer
          image: registry.example.com/shop/orders-consumer:1.4.2
`;

function entity(annotations: Record<string, string> = {}): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'orders-consumer',
      namespace: 'default',
      annotations: {
        'backstage.io/kubernetes-id': 'orders-consumer',
        'backstage.io/kubernetes-namespace': 'shop',
        'keda-portal.io/gitops-repo': REPO_URL,
        'keda-portal.io/gitops-path': FOLDER,
        'keda-portal.io/gitops-layout': 'plain',
        'keda-portal.io/gitops-environment': 'production',
        ...annotations,
      },
    },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-orders' },
  };
}

describe('keda:gitops:propose', () => {
  let repo: BareRepo;
  let engine: GitopsEngine;

  beforeEach(() => {
    repo = createBareRepo({
      [`${FOLDER}/deployment.yaml`]: DEPLOYMENT,
      'README.md': '# shop-gitops\n',
    });
    engine = engineFor(repo, REPO_URL);
  });
  afterEach(() => repo.cleanup());

  function action(
    options: {
      entities?: Entity[];
      permissions?: ReturnType<typeof mockServices.permissions>;
    } = {},
  ) {
    return createProposeAction({
      changes: changeServiceFor(
        engine,
        options.entities ?? [entity()],
        options.permissions,
      ),
    });
  }

  function context(
    input: Record<string, unknown>,
    extra: { isDryRun?: boolean; checkpoint?: jest.Mock } = {},
  ) {
    const ctx = {
      ...createMockActionContext({
        input: input as any,
        workspacePath: repo.root,
      }),
      isDryRun: extra.isDryRun ?? false,
    };
    if (extra.checkpoint) ctx.checkpoint = extra.checkpoint;
    return ctx;
  }

  it('creates the proposal branch with the KEDA manifests', async () => {
    const ctx = context({ entityRef: ENTITY_REF, intent: KAFKA_INTENT });
    await action().handler(ctx as any);

    const out = outputsOf(ctx);
    expect(out.status).toBe('created');
    expect(out.branch).toBe(BRANCH);
    expect(out.pullRequestUrl).toBe(`${REPO_URL}#${BRANCH}`);
    expect(out.pullRequestNumber).toBeUndefined(); // plain Git has none
    expect(out.commit).toBe(repo.log(BRANCH)[0]);
    expect(out.files.sort()).toEqual(repo.changedFiles(BRANCH));
    expect(repo.changedFiles(BRANCH)).toEqual([
      `${FOLDER}/deployment.yaml`,
      `${FOLDER}/scaledobject.yaml`,
      `${FOLDER}/triggerauthentication.yaml`,
    ]);
    expect(out.diff).toContain(`+++ b/${FOLDER}/scaledobject.yaml`);
    expect(out.diff).toContain('+  maxReplicaCount: 30');

    const docs = parseAllDocuments(
      repo.show(BRANCH, `${FOLDER}/scaledobject.yaml`)!,
    ).map(d => d.toJS());
    expect(docs[0]).toMatchObject({
      kind: 'ScaledObject',
      metadata: {
        name: 'orders-consumer',
        labels: { 'backstage.io/kubernetes-id': 'orders-consumer' },
      },
      spec: { minReplicaCount: 0, maxReplicaCount: 30 },
    });
    // KEDA owns the replica count now: the Deployment's is released, the
    // rest of the file stays as the team wrote it.
    const deployment = repo.show(BRANCH, `${FOLDER}/deployment.yaml`)!;
    expect(deployment).not.toMatch(/replicas: 2/);
    expect(deployment).toMatch(/^# orders-consumer: reviewed by team-orders/);
    // One commit, marked as the engine's for this entity.
    expect(repo.log(BRANCH)).toHaveLength(2);
    expect(git(repo.remote, 'log', '-1', '--format=%B', BRANCH)).toContain(
      'Keda-Portal-Change: component:default/orders-consumer',
    );
  });

  it('is unchanged, with no new commit, when proposed again', async () => {
    await action().handler(
      context({ entityRef: ENTITY_REF, intent: KAFKA_INTENT }) as any,
    );
    const before = repo.log(BRANCH);

    const again = context({ entityRef: ENTITY_REF, intent: KAFKA_INTENT });
    await action().handler(again as any);
    const out = outputsOf(again);
    expect(out.status).toBe('unchanged');
    expect(out.diff).toBe('');
    expect(out.files).toEqual([]);
    expect(out.commit).toBeUndefined();
    expect(out.pullRequestUrl).toBe(`${REPO_URL}#${BRANCH}`);
    expect(repo.log(BRANCH)).toEqual(before);
  });

  it('updates the branch when the intent changes', async () => {
    await action().handler(
      context({ entityRef: ENTITY_REF, intent: KAFKA_INTENT }) as any,
    );
    const ctx = context({
      entityRef: ENTITY_REF,
      intent: { ...KAFKA_INTENT, maxReplicaCount: 12 },
    });
    await action().handler(ctx as any);
    expect(outputsOf(ctx).status).toBe('updated');
    expect(repo.log(BRANCH)).toHaveLength(3);
    expect(repo.show(BRANCH, `${FOLDER}/scaledobject.yaml`)).toContain(
      'maxReplicaCount: 12',
    );
  });

  it('keys its checkpoint by entity and branch, so a retried task does not propose twice', async () => {
    // The scaffolder keeps successful checkpoints in the task state and
    // hands them back on a retry; this store plays that part.
    const store = new Map<string, unknown>();
    const checkpoint = jest.fn(
      async ({ key, fn }: { key: string; fn: () => Promise<unknown> }) => {
        if (!store.has(key)) store.set(key, await fn());
        return store.get(key);
      },
    );
    const first = context(
      { entityRef: ENTITY_REF, intent: KAFKA_INTENT },
      { checkpoint },
    );
    await action().handler(first as any);
    expect([...store.keys()]).toEqual([
      `keda.gitops.propose.${ENTITY_REF}.${BRANCH}`,
    ]);
    const log = repo.log(BRANCH);

    // The retry runs the step again, with an intent that would change the branch.
    const retry = context(
      {
        entityRef: ENTITY_REF,
        intent: { ...KAFKA_INTENT, maxReplicaCount: 12 },
      },
      { checkpoint },
    );
    await action().handler(retry as any);
    expect(outputsOf(retry)).toEqual(outputsOf(first));
    expect(repo.log(BRANCH)).toEqual(log);
  });

  it('only plans in a dry run: outputs the diff, pushes nothing', async () => {
    const checkpoint = jest.fn();
    const ctx = context(
      { entityRef: ENTITY_REF, intent: KAFKA_INTENT },
      { isDryRun: true, checkpoint },
    );
    await action().handler(ctx as any);

    const out = outputsOf(ctx);
    expect(out.status).toBe('dry-run');
    expect(out.branch).toBe(BRANCH);
    expect(out.diff).toContain(`+++ b/${FOLDER}/scaledobject.yaml`);
    expect(out.files).toHaveLength(3);
    expect(out.pullRequestUrl).toBeUndefined();
    expect(out.commit).toBeUndefined();
    expect(repo.hasBranch(BRANCH)).toBe(false);
    expect(checkpoint).not.toHaveBeenCalled();
  });

  it('names the branch after the environment input', async () => {
    const ctx = context({
      entityRef: 'orders-consumer',
      intent: KAFKA_INTENT,
      environment: 'staging',
    });
    await action().handler(ctx as any);
    expect(outputsOf(ctx).branch).toBe(
      'keda/default/component/orders-consumer/staging',
    );
    expect(
      repo.hasBranch('keda/default/component/orders-consumer/staging'),
    ).toBe(true);
  });

  it('fills kubernetesId from the entity and refuses a different one', async () => {
    const { kubernetesId: _, ...withoutId } = KAFKA_INTENT;
    const ctx = context(
      { entityRef: ENTITY_REF, intent: withoutId },
      { isDryRun: true },
    );
    await action().handler(ctx as any);
    expect(outputsOf(ctx).diff).toContain(
      '+    backstage.io/kubernetes-id: orders-consumer',
    );

    await expect(
      action().handler(
        context({
          entityRef: ENTITY_REF,
          intent: { ...KAFKA_INTENT, kubernetesId: 'other' },
        }) as any,
      ),
    ).rejects.toThrow(
      /intent\.kubernetesId 'other' differs from the entity's backstage\.io\/kubernetes-id 'orders-consumer'/,
    );
  });

  it.each(BAD_INTENTS)(
    'refuses %s with the domain core message, in dry runs too, pushing nothing',
    async (_, intent) => {
      const expected = domainMessage(intent);
      for (const isDryRun of [false, true]) {
        const ctx = context({ entityRef: ENTITY_REF, intent }, { isDryRun });
        await expect(action().handler(ctx as any)).rejects.toThrow(
          expect.objectContaining({ name: 'InputError', message: expected }),
        );
        expect(ctx.output).not.toHaveBeenCalled();
      }
      expect(repo.hasBranch(BRANCH)).toBe(false);
    },
  );

  it("passes the engine's InputError on unchanged", async () => {
    const bare = entity();
    delete bare.metadata.annotations!['keda-portal.io/gitops-repo'];
    const expected = await Promise.resolve()
      .then(() => engine.target(bare))
      .catch(e => e);
    expect(expected.name).toBe('InputError');

    const ctx = context({ entityRef: ENTITY_REF, intent: KAFKA_INTENT });
    await expect(
      action({ entities: [bare] }).handler(ctx as any),
    ).rejects.toThrow(
      expect.objectContaining({
        name: 'InputError',
        message: expected.message,
      }),
    );
    expect(expected.message).toMatch(/keda-portal\.io\/gitops-repo/);
  });

  it("passes the engine's ConflictError on unchanged", async () => {
    await action().handler(
      context({ entityRef: ENTITY_REF, intent: KAFKA_INTENT }) as any,
    );
    // A reviewer edits the very line the next proposal changes.
    const file = `${FOLDER}/scaledobject.yaml`;
    repo.pushAsReviewer(BRANCH, {
      [file]: repo
        .show(BRANCH, file)!
        .replace('maxReplicaCount: 30', 'maxReplicaCount: 25'),
    });
    const tip = repo.log(BRANCH)[0];
    const changed = { ...KAFKA_INTENT, maxReplicaCount: 12 };

    const error = await action()
      .handler(context({ entityRef: ENTITY_REF, intent: changed }) as any)
      .catch(e => e);
    expect(error.name).toBe('ConflictError');
    expect(error.message).toMatch(
      /^Someone changed apps\/orders-consumer\/scaledobject\.yaml on branch keda\/default\/component\/orders-consumer\/production/,
    );
    // Word for word what the engine says.
    await expect(engine.propose(entity(), changed)).rejects.toThrow(
      error.message,
    );
    expect(repo.log(BRANCH)[0]).toBe(tip);
  });

  it('refuses a user without keda.change.create on the entity', async () => {
    const permissions = mockServices.permissions.mock({
      authorize: async () => [{ result: AuthorizeResult.DENY }],
    });
    const ctx = context({ entityRef: ENTITY_REF, intent: KAFKA_INTENT });
    await expect(
      action({ permissions: permissions as any }).handler(ctx as any),
    ).rejects.toThrow(
      'You may not propose scaling changes to component:default/orders-consumer (permission keda.change.create); ask one of its owners',
    );
    expect(permissions.authorize).toHaveBeenCalledWith(
      [
        {
          permission: expect.objectContaining({ name: 'keda.change.create' }),
          resourceRef: ENTITY_REF,
        },
      ],
      { credentials: await ctx.getInitiatorCredentials() },
    );
    expect(repo.hasBranch(BRANCH)).toBe(false);
  });

  it('says when the entity is not in the catalog, or the reference is malformed', async () => {
    await expect(
      action().handler(
        context({
          entityRef: 'component:default/nope',
          intent: KAFKA_INTENT,
        }) as any,
      ),
    ).rejects.toThrow('No entity component:default/nope in the catalog');
    await expect(
      action().handler(
        context({ entityRef: 'component:', intent: KAFKA_INTENT }) as any,
      ),
    ).rejects.toThrow(/entityRef 'component:' is not an entity reference/);
  });

  it('describes its inputs and outputs', () => {
    const a = action();
    const input = a.schema?.input as any;
    expect(input.required.sort()).toEqual(['entityRef', 'intent']);
    for (const key of ['entityRef', 'intent', 'environment']) {
      expect(input.properties[key].description).toBeTruthy();
    }
    const output = a.schema?.output as any;
    for (const key of [
      'pullRequestUrl',
      'pullRequestNumber',
      'branch',
      'status',
      'diff',
    ]) {
      expect(output.properties[key].description).toBeTruthy();
    }
    expect(output.properties.status.enum).toEqual([
      'created',
      'updated',
      'unchanged',
      'dry-run',
    ]);
    expect(a.supportsDryRun).toBe(true);
    expect(a.examples?.length).toBeGreaterThan(0);
  });
});

describe('keda:gitops:propose for a component without annotations', () => {
  const SYNC_FOLDER = 'apps/stock-sync';
  const SYNC_BRANCH = 'keda/default/component/stock-sync/default';
  const CATALOG_INFO = `# stock-sync: owned by team-orders
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: stock-sync
  description: Syncs stock levels   # keep this comment
spec:
  type: service
  lifecycle: production
  owner: team-orders
`;
  const SYNC_DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: stock-sync
  namespace: shop
spec:
  replicas: 1
  selector:
    matchLabels: {app.kubernetes.io/name: stock-sync}
  template:
    metadata:
      labels: {app.kubernetes.io/name: stock-sync}
    spec:
      containers:
        - name: stock-sync
          image: registry.example.com/shop/stock-sync:1.0.0
`;
  const INTENT = {
    name: 'stock-sync',
    namespace: 'shop',
    scaleTarget: { name: 'stock-sync' },
    minReplicaCount: 1,
    maxReplicaCount: 5,
    triggers: [
      {
        type: 'cron',
        metadata: {
          timezone: 'Europe/Amsterdam',
          start: '0 8 * * 1-5',
          end: '0 18 * * 1-5',
          desiredReplicas: '3',
        },
      },
    ],
  };
  const GITOPS = { repo: REPO_URL, path: SYNC_FOLDER, layout: 'plain' };

  let repo: BareRepo;
  beforeEach(() => {
    repo = createBareRepo({
      [`${SYNC_FOLDER}/deployment.yaml`]: SYNC_DEPLOYMENT,
      [`${SYNC_FOLDER}/catalog-info.yaml`]: CATALOG_INFO,
    });
  });
  afterEach(() => repo.cleanup());

  function bare(location: string): Entity {
    return {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'stock-sync',
        namespace: 'default',
        annotations: { 'backstage.io/managed-by-location': location },
      },
      spec: { type: 'service', lifecycle: 'production', owner: 'team-orders' },
    };
  }

  function run(component: Entity, input: Record<string, unknown>) {
    const ctx = createMockActionContext({
      input: { entityRef: 'component:default/stock-sync', ...input } as any,
      workspacePath: repo.root,
    });
    const act = createProposeAction({
      changes: changeServiceFor(engineFor(repo, REPO_URL), [component]),
    });
    return { ctx, done: act.handler(ctx as any) };
  }

  it('proposes into the chosen folder and adds the annotations to catalog-info.yaml in the same repository', async () => {
    const { ctx, done } = run(
      bare(`url:${REPO_URL}/blob/main/${SYNC_FOLDER}/catalog-info.yaml`),
      { intent: INTENT, gitops: GITOPS },
    );
    await done;
    expect(outputsOf(ctx).status).toBe('created');
    expect(repo.changedFiles(SYNC_BRANCH)).toEqual([
      `${SYNC_FOLDER}/catalog-info.yaml`,
      `${SYNC_FOLDER}/deployment.yaml`,
      `${SYNC_FOLDER}/scaledobject.yaml`,
    ]);
    const info = repo.show(SYNC_BRANCH, `${SYNC_FOLDER}/catalog-info.yaml`)!;
    expect(parseAllDocuments(info)[0].toJS().metadata.annotations).toEqual({
      'keda-portal.io/gitops-repo': REPO_URL,
      'keda-portal.io/gitops-path': SYNC_FOLDER,
      'keda-portal.io/gitops-layout': 'plain',
      'backstage.io/kubernetes-id': 'stock-sync',
      'backstage.io/kubernetes-namespace': 'shop',
    });
    // The team's comments stay.
    expect(info).toMatch(/^# stock-sync: owned by team-orders/);
    expect(info).toContain('# keep this comment');
    expect(
      repo.show(SYNC_BRANCH, `${SYNC_FOLDER}/scaledobject.yaml`),
    ).toContain('backstage.io/kubernetes-id: stock-sync');
  });

  it('says in its notes which annotations to add when catalog-info.yaml is elsewhere', async () => {
    const { ctx, done } = run(bare('file:/srv/catalog/stock-sync.yaml'), {
      intent: INTENT,
      gitops: GITOPS,
    });
    await done;
    const out = outputsOf(ctx);
    expect(repo.changedFiles(SYNC_BRANCH)).toEqual([
      `${SYNC_FOLDER}/deployment.yaml`,
      `${SYNC_FOLDER}/scaledobject.yaml`,
    ]);
    expect(out.notes.join('\n')).toContain(
      "component:default/stock-sync's catalog-info.yaml is not in this repository on main (the catalog reads it from file:/srv/catalog/stock-sync.yaml)",
    );
    expect(out.notes.join('\n')).toContain(
      `keda-portal.io/gitops-path: ${SYNC_FOLDER}`,
    );
    const body = git(repo.remote, 'log', '-1', '--format=%B', SYNC_BRANCH);
    expect(body).toContain('Keda-Portal-Change');
  });

  it('refuses an empty namespace, naming the form field and the fix', async () => {
    const { done } = run(bare('file:/x.yaml'), {
      intent: { ...INTENT, namespace: '' },
      gitops: GITOPS,
    });
    await expect(done).rejects.toThrow(
      /^Namespace is empty: component:default\/stock-sync has no backstage.io\/kubernetes-namespace annotation, so enter the Kubernetes namespace of the workload in the form's Namespace field/,
    );
  });

  it('without a choice, names the annotation that is missing', async () => {
    const { done } = run(bare('file:/x.yaml'), { intent: INTENT });
    await expect(done).rejects.toThrow(
      /The entity has no GitOps repository: add the annotation keda-portal.io\/gitops-repo/,
    );
  });

  it('refuses a choice that contradicts an annotation the component has', async () => {
    const annotated = bare('file:/x.yaml');
    annotated.metadata.annotations!['keda-portal.io/gitops-path'] =
      'apps/other';
    const { done } = run(annotated, { intent: INTENT, gitops: GITOPS });
    await expect(done).rejects.toThrow(
      "GitOps folder 'apps/stock-sync' differs from the component's keda-portal.io/gitops-path annotation 'apps/other': leave GitOps folder empty to use the annotation, or change the annotation",
    );
  });
});
