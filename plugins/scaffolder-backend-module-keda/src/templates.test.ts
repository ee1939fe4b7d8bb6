/**
 * Both templates of `templates/` in a real backend: the catalog (reading the
 * demo entities and the templates through the locations of the repository's
 * app-config.yaml), the scaffolder with this module, and the GitOps engine
 * pushing to a bare Git repository seeded from examples/gitops. Each
 * template runs through the scaffolder's dry-run endpoint, the one the
 * template editor uses.
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleScaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import { validateIntent } from '@keda-portal/plugin-keda-common';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { parse } from 'yaml';
import { BareRepo, createBareRepo, git } from './__testUtils__/gitRepo';
import { scaffolderModuleKeda } from './module';

const ROOT = path.resolve(__dirname, '../../..');
/** The URL the demo entities' keda-portal.io/gitops-repo annotations name. */
const DEMO_REPO = 'https://github.com/keda-portal-demo/shop-gitops';
const GUEST = 'user:default/guest';

const readTemplate = (name: string) =>
  parse(
    fs.readFileSync(
      path.join(ROOT, 'templates', name, 'template.yaml'),
      'utf8',
    ),
  );

/** The catalog section of app-config.yaml, its file targets made absolute. */
function catalogConfig() {
  const { catalog } = parse(
    fs.readFileSync(path.join(ROOT, 'app-config.yaml'), 'utf8'),
  );
  return {
    ...catalog,
    locations: catalog.locations.map((l: { type: string; target: string }) =>
      l.type === 'file'
        ? { ...l, target: path.resolve(ROOT, 'packages/backend', l.target) }
        : l,
    ),
  };
}

const RABBITMQ_TRIGGER = {
  type: 'rabbitmq',
  metadata: { queueName: 'emails', mode: 'QueueLength', value: '20' },
  authentication: {
    secretRefs: [{ parameter: 'host', secretName: 'rabbitmq', key: 'uri' }],
  },
};

describe('the templates, dry-run through the scaffolder', () => {
  let repo: BareRepo;
  let server: any;

  beforeAll(async () => {
    repo = createBareRepo(path.join(ROOT, 'examples', 'gitops'));
    ({ server } = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleScaffolderEntityModel,
        scaffolderPlugin,
        scaffolderModuleKeda,
        mockServices.rootConfig.factory({
          data: {
            app: { baseUrl: 'http://localhost:3000' },
            backend: { baseUrl: 'http://localhost:7007' },
            catalog: catalogConfig(),
            keda: {
              gitops: {
                cacheDir: path.join(repo.root, 'cache'),
                repositories: [
                  { url: DEMO_REPO, provider: 'git', remote: repo.remote },
                ],
              },
            },
          },
        }),
      ],
    }));

    // The catalog has read the demo entities and both templates.
    const wanted = [
      'component/default/email-worker',
      'template/default/add-keda-autoscaling',
      'template/default/new-event-driven-worker',
    ];
    const read = (ref: string) =>
      request(server)
        .get(`/api/catalog/entities/by-name/${ref}`)
        .set('Authorization', mockCredentials.user.header(GUEST))
        .then(r => r.status === 200);
    const deadline = Date.now() + 30_000;
    let missing = wanted;
    while (missing.length) {
      if (Date.now() > deadline) {
        throw new Error(`the catalog did not read ${missing.join(', ')}`);
      }
      await new Promise(r => setTimeout(r, 250));
      const found = await Promise.all(missing.map(read));
      missing = missing.filter((_, i) => !found[i]);
    }
  }, 60_000);

  afterAll(() => repo?.cleanup());

  function dryRun(template: unknown, values: Record<string, unknown>) {
    return request(server)
      .post('/api/scaffolder/v2/dry-run')
      .set('Authorization', mockCredentials.user.header(GUEST))
      .send({ template, values, secrets: {}, directoryContents: [] });
  }

  const branches = () =>
    git(repo.remote, 'branch', '--list', '--format=%(refname:short)')
      .trim()
      .split('\n');

  /** Runs a template from the catalog as a real task; its final status and output. */
  async function runTask(
    body: { templateRef: string; values: object } | { retry: string },
  ) {
    const auth = mockCredentials.user.header(GUEST);
    const started =
      'retry' in body
        ? await request(server)
            .post(`/api/scaffolder/v2/tasks/${body.retry}/retry`)
            .set('Authorization', auth)
            .send({})
        : await request(server)
            .post('/api/scaffolder/v2/tasks')
            .set('Authorization', auth)
            .send(body);
    expect(started.status).toBe(201);
    const id: string = started.body.id;
    const deadline = Date.now() + 30_000;
    for (;;) {
      const events = await request(server)
        .get(`/api/scaffolder/v2/tasks/${id}/events`)
        .set('Authorization', auth);
      const completion = events.body.find(
        (e: { type: string }) => e.type === 'completion',
      );
      if (completion) {
        return {
          id,
          output: completion.body.output,
          log: events.body
            .filter((e: { type: string }) => e.type === 'log')
            .map((e: { body: { message: string } }) => e.body.message)
            .join('\n'),
          error: completion.body.error?.message as string | undefined,
        };
      }
      if (Date.now() > deadline) throw new Error(`task ${id} did not finish`);
      await new Promise(r => setTimeout(r, 200));
    }
  }

  it('registers both templates through the app-config location', async () => {
    const res = await request(server)
      .get('/api/catalog/entities/by-query')
      .query({ filter: 'kind=template' })
      .set('Authorization', mockCredentials.user.header(GUEST));
    expect(
      res.body.items.map(
        (t: { metadata: { name: string } }) => t.metadata.name,
      ),
    ).toEqual(
      expect.arrayContaining([
        'add-keda-autoscaling',
        'new-event-driven-worker',
      ]),
    );
  });

  it('"Add event-driven autoscaling" plans the pull request and pushes nothing', async () => {
    const res = await dryRun(readTemplate('add-autoscaling'), {
      component: 'component:default/email-worker',
      workloadKind: 'Deployment',
      minReplicaCount: 1,
      maxReplicaCount: 8,
      idleReplicaCount: 0,
      triggers: [RABBITMQ_TRIGGER],
    });
    expect(res.status).toBe(200);
    expect(res.body.steps.map((s: { action: string }) => s.action)).toEqual([
      'catalog:fetch',
      'keda:manifest:render',
      'keda:gitops:propose',
    ]);

    // The workload, its namespace and label came from the entity.
    const log = res.body.log.map((l: any) => l.body.message).join('\n');
    expect(log).toContain(
      'Dry run: would write ScaledObject/email-worker, TriggerAuthentication/email-worker-rabbitmq-auth to keda/manifests.yaml',
    );
    expect(log).toMatch(
      /Dry run: would propose 3 file change\(s\) on branch keda\/default\/component\/email-worker\/default; nothing was pushed/,
    );

    const [proposed] = res.body.output.text;
    expect(proposed.content).toContain(
      'Proposal **dry-run** on branch `keda/default/component/email-worker/default`',
    );
    const diff = proposed.content;
    expect(diff).toContain('+++ b/apps/email-worker/scaledobject.yaml');
    expect(diff).toContain('+  namespace: notifications');
    expect(diff).toContain('+    backstage.io/kubernetes-id: email-worker');
    expect(diff).toContain('+  idleReplicaCount: 0');
    expect(diff).toContain(
      '+++ b/apps/email-worker/triggerauthentication.yaml',
    );
    // KEDA takes over the replica count the Deployment pinned.
    expect(diff).toContain('-  replicas: 1   # pinned before autoscaling');
    expect(res.body.output.links).toContainEqual(
      expect.objectContaining({ entityRef: 'component:default/email-worker' }),
    );

    // Dry run: no files in the workspace, no branch in the repository.
    expect(res.body.directoryContents).toEqual([]);
    expect(branches()).toEqual(['main']);
  });

  it('"Add event-driven autoscaling" fails with the domain message on bad values', async () => {
    const values = {
      component: 'component:default/email-worker',
      minReplicaCount: 9,
      maxReplicaCount: 8,
      triggers: [RABBITMQ_TRIGGER],
    };
    const res = await dryRun(readTemplate('add-autoscaling'), values);
    const [problem] = validateIntent({
      name: 'email-worker',
      namespace: 'notifications',
      kubernetesId: 'email-worker',
      scaleTarget: { name: 'email-worker', kind: 'Deployment' },
      minReplicaCount: 9,
      maxReplicaCount: 8,
      triggers: [RABBITMQ_TRIGGER],
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(`${problem.message} ${problem.fix}`);
    expect(branches()).toEqual(['main']);
  });

  it('"New event-driven worker" plans the KEDA manifests and renders the Deployment and catalog entry', async () => {
    const res = await dryRun(readTemplate('new-worker'), {
      name: 'invoice-worker',
      description: 'Renders invoices',
      owner: 'group:default/team-orders',
      image: 'registry.example.com/shop/invoice-worker:1.0.0',
      namespace: 'shop',
      workerType: 'long-running',
      minReplicaCount: 0,
      maxReplicaCount: 10,
      triggers: [RABBITMQ_TRIGGER],
      repoUrl: DEMO_REPO,
    });
    expect(res.status).toBe(200);

    const [proposed] = res.body.output.text;
    expect(proposed.content).toContain(
      'Proposal **dry-run** on branch `keda/default/component/invoice-worker/default`',
    );
    expect(proposed.content).toContain('`component:default/invoice-worker`');
    // One proposal with every file of the worker.
    for (const file of [
      'scaledobject.yaml',
      'triggerauthentication.yaml',
      'deployment.yaml',
      'catalog-info.yaml',
    ]) {
      expect(proposed.content).toContain(`+++ b/apps/invoice-worker/${file}`);
    }
    expect(proposed.content).toContain(
      '+          image: registry.example.com/shop/invoice-worker:1.0.0',
    );
    expect(proposed.content).toContain(
      '+    keda-portal.io/gitops-path: apps/invoice-worker',
    );
    expect(proposed.content).toContain('+  owner: group:default/team-orders');
    // Registering the catalog-info.yaml is planned, not done, in a dry run.
    const registerLog = res.body.log
      .filter((l: any) => l.body.stepId === 'register')
      .map((l: any) => l.body.message)
      .join('\n');
    expect(registerLog).toMatch(/catalog:register.*dry-run/);

    expect(res.body.directoryContents).toEqual([]);
    expect(branches()).toEqual(['main']);
  });

  it('"New event-driven worker" runs job-style workers as a ScaledJob', async () => {
    const res = await dryRun(readTemplate('new-worker'), {
      name: 'pdf-renderer',
      owner: 'group:default/team-orders',
      image: 'registry.example.com/shop/pdf-renderer:2.1.0',
      namespace: 'shop',
      workerType: 'job',
      minReplicaCount: 0,
      maxReplicaCount: 4,
      triggers: [RABBITMQ_TRIGGER],
      repoUrl: DEMO_REPO,
      path: 'apps/pdf-renderer/jobs',
    });
    expect(res.status).toBe(200);
    const [proposed] = res.body.output.text;
    expect(proposed.content).toContain(
      '+++ b/apps/pdf-renderer/jobs/scaledjob.yaml',
    );
    expect(proposed.content).toContain('+kind: ScaledJob');
    expect(proposed.content).not.toContain('deployment.yaml');
    expect(proposed.content).toContain('+  type: batch-job');
    expect(branches()).toEqual(['main']);
  });

  it('"Add event-driven autoscaling" opens the proposal for real; a retry replays it, a new run is unchanged', async () => {
    const branch = 'keda/default/component/orders-consumer/default';
    const values = {
      component: 'component:default/orders-consumer',
      minReplicaCount: 0,
      maxReplicaCount: 30,
      triggers: [
        {
          type: 'kafka',
          metadata: {
            bootstrapServers: 'kafka.shop.svc:9092',
            consumerGroup: 'orders-consumer',
            topic: 'orders',
            lagThreshold: '50',
          },
          authentication: {
            secretRefs: [
              {
                parameter: 'sasl',
                secretName: 'kafka-credentials',
                key: 'sasl',
              },
              {
                parameter: 'username',
                secretName: 'kafka-credentials',
                key: 'username',
              },
              {
                parameter: 'password',
                secretName: 'kafka-credentials',
                key: 'password',
              },
            ],
          },
        },
      ],
    };
    const templateRef = 'template:default/add-keda-autoscaling';

    const first = await runTask({ templateRef, values });
    expect(first.error).toBeUndefined();
    // A plain Git remote has no pull-request page: the link is the portal's
    // page with the branch's diff.
    expect(first.output.links).toContainEqual({
      title: 'Pull request',
      url: `http://localhost:3000/keda/changes?${new URLSearchParams({
        repo: DEMO_REPO,
        branch,
      })}`,
    });
    expect(first.output.text[0].content).toContain('Proposal **created**');
    // orders-consumer uses the helm-values layout: one keda block in values.yaml.
    const values1 = git(
      repo.remote,
      'show',
      `${branch}:apps/orders-consumer/values.yaml`,
    );
    expect(values1).toContain('maxReplicaCount: 30');
    expect(values1).toContain('# Helm values of the orders-consumer chart');
    const log = git(repo.remote, 'log', '--format=%H', branch);

    // A retry of the same task replays the stored outcome (the checkpoint),
    // not a second proposal.
    const retried = await runTask({ retry: first.id });
    expect(retried.error).toBeUndefined();
    expect(retried.output.text[0].content).toContain('Proposal **created**');
    expect(git(repo.remote, 'log', '--format=%H', branch)).toBe(log);

    // A new run of the template finds the branch already holds the change.
    const again = await runTask({ templateRef, values });
    expect(again.output.text[0].content).toContain('Proposal **unchanged**');
    expect(git(repo.remote, 'log', '--format=%H', branch)).toBe(log);
  });
});
