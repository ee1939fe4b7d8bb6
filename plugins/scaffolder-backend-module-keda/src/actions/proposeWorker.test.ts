/**
 * keda:gitops:propose-worker against a real bare Git repository through the
 * real GitOps engine.
 */
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { validateIntent } from '@keda-portal/plugin-keda-common';
import {
  proposalBranch,
  type GitopsEngine,
} from '@keda-portal/plugin-keda-node';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { BareRepo, createBareRepo, engineFor } from '../__testUtils__/gitRepo';
import { changeServiceFor } from '../__testUtils__/changes';
import { outputsOf } from '../__testUtils__/outputs';
import { createProposeWorkerAction } from './proposeWorker';
import { workerEntity, workerIntent } from './worker';

const REPO_URL = 'https://git.example.invalid/shop/shop-gitops';
const BRANCH = 'keda/default/component/invoice-worker/default';
const FOLDER = 'apps/invoice-worker';

const WORKER = {
  name: 'invoice-worker',
  namespace: 'billing',
  owner: 'group:default/team-billing',
  description: 'Renders invoices from a RabbitMQ queue',
  image: 'registry.example.com/billing/invoice-worker:1.0.0',
  minReplicaCount: 0,
  maxReplicaCount: 20,
  repoUrl: REPO_URL,
  path: FOLDER,
  triggers: [
    {
      type: 'rabbitmq',
      metadata: { queueName: 'invoices', mode: 'QueueLength', value: '10' },
      authentication: {
        secretRefs: [{ parameter: 'host', secretName: 'rabbitmq', key: 'uri' }],
      },
    },
  ],
};

describe('keda:gitops:propose-worker', () => {
  let repo: BareRepo;
  let engine: GitopsEngine;
  let workspacePath: string;

  beforeEach(() => {
    repo = createBareRepo({ 'README.md': '# shop-gitops\n' });
    engine = engineFor(repo, REPO_URL);
    workspacePath = path.join(repo.root, 'workspace');
    fs.mkdirSync(workspacePath);
  });
  afterEach(() => repo.cleanup());

  function run(
    input: Record<string, unknown>,
    options: { isDryRun?: boolean; entities?: Entity[] } = {},
  ) {
    const ctx = {
      ...createMockActionContext({ input: input as any, workspacePath }),
      isDryRun: options.isDryRun ?? false,
    };
    const entities = options.entities ?? [];
    const action = createProposeWorkerAction({
      changes: changeServiceFor(engine, entities),
      engine,
      catalog: catalogServiceMock({ entities }),
    });
    return {
      ctx,
      done: action.handler(ctx as any),
      outputs: () => outputsOf(ctx),
    };
  }

  it('proposes a long-running worker: ScaledObject and TriggerAuthentication on the branch', async () => {
    const { done, outputs } = run({ ...WORKER, workerType: 'long-running' });
    await done;

    const out = outputs();
    expect(out.status).toBe('created');
    expect(out.branch).toBe(BRANCH);
    expect(out.entityRef).toBe('component:default/invoice-worker');
    expect(out.pullRequestUrl).toBe(`${REPO_URL}#${BRANCH}`);
    // Registered from the base branch: the component appears once merged.
    expect(out.baseBranch).toBe('main');
    expect(out.catalogInfoUrl).toBe(
      `${REPO_URL}/blob/main/${FOLDER}/catalog-info.yaml`,
    );
    // One commit with everything the worker needs.
    expect(repo.changedFiles(BRANCH)).toEqual([
      `${FOLDER}/catalog-info.yaml`,
      `${FOLDER}/deployment.yaml`,
      `${FOLDER}/scaledobject.yaml`,
      `${FOLDER}/triggerauthentication.yaml`,
    ]);
    expect(repo.show(BRANCH, `${FOLDER}/deployment.yaml`)).toBe(
      fs.readFileSync(path.join(workspacePath, 'deployment.yaml'), 'utf8'),
    );
    const so = parse(repo.show(BRANCH, `${FOLDER}/scaledobject.yaml`)!);
    expect(so).toMatchObject({
      kind: 'ScaledObject',
      metadata: {
        name: 'invoice-worker',
        namespace: 'billing',
        labels: { 'backstage.io/kubernetes-id': 'invoice-worker' },
      },
      spec: {
        scaleTargetRef: { name: 'invoice-worker' },
        minReplicaCount: 0,
        maxReplicaCount: 20,
      },
    });
    const ta = parse(
      repo.show(BRANCH, `${FOLDER}/triggerauthentication.yaml`)!,
    );
    expect(ta.spec.secretTargetRef).toEqual([
      { parameter: 'host', name: 'rabbitmq', key: 'uri' },
    ]);

    // The Deployment and the catalog entry, also in the workspace for later steps.
    expect(out.workerFiles.map((f: { path: string }) => f.path)).toEqual([
      `${FOLDER}/deployment.yaml`,
      `${FOLDER}/catalog-info.yaml`,
    ]);
    const deploymentText = fs.readFileSync(
      path.join(workspacePath, 'deployment.yaml'),
      'utf8',
    );
    // Plain YAML for reviewers: no anchors or aliases.
    expect(deploymentText).not.toMatch(/[&*]a\d/);
    const deployment = parse(deploymentText);
    expect(deployment).toMatchObject({
      kind: 'Deployment',
      metadata: { name: 'invoice-worker', namespace: 'billing' },
      spec: {
        template: {
          metadata: {
            labels: { 'backstage.io/kubernetes-id': 'invoice-worker' },
          },
          spec: {
            containers: [{ name: 'invoice-worker', image: WORKER.image }],
          },
        },
      },
    });
    expect(deployment.spec.replicas).toBeUndefined();
    expect(deployment.spec.selector.matchLabels).toEqual({
      'app.kubernetes.io/name': 'invoice-worker',
    });

    // The catalog entry points back at the folder, so later changes to the
    // worker's scaling go to the same branch.
    const entity = parse(
      fs.readFileSync(path.join(workspacePath, 'catalog-info.yaml'), 'utf8'),
    );
    expect(entity).toMatchObject({
      kind: 'Component',
      metadata: {
        name: 'invoice-worker',
        description: WORKER.description,
        annotations: {
          'backstage.io/kubernetes-id': 'invoice-worker',
          'backstage.io/kubernetes-namespace': 'billing',
          'keda-portal.io/gitops-repo': REPO_URL,
          'keda-portal.io/gitops-path': FOLDER,
          'keda-portal.io/gitops-layout': 'plain',
        },
      },
      spec: { type: 'service', owner: WORKER.owner, lifecycle: 'experimental' },
    });
    expect(proposalBranch(entity, 'default')).toBe(BRANCH);
    expect(out.workerFiles[1].content).toBe(
      fs.readFileSync(path.join(workspacePath, 'catalog-info.yaml'), 'utf8'),
    );
  });

  it('proposes a job-style worker as a ScaledJob, without a Deployment', async () => {
    const { done, outputs } = run({
      ...WORKER,
      workerType: 'job',
      maxReplicaCount: 5,
    });
    await done;

    expect(repo.changedFiles(BRANCH)).toEqual([
      `${FOLDER}/catalog-info.yaml`,
      `${FOLDER}/scaledjob.yaml`,
      `${FOLDER}/triggerauthentication.yaml`,
    ]);
    const sj = parse(repo.show(BRANCH, `${FOLDER}/scaledjob.yaml`)!);
    expect(sj.kind).toBe('ScaledJob');
    expect(sj.spec.jobTargetRef.template.spec.containers).toEqual([
      { name: 'invoice-worker', image: WORKER.image },
    ]);
    expect(outputs().workerFiles.map((f: { path: string }) => f.path)).toEqual([
      `${FOLDER}/catalog-info.yaml`,
    ]);
    expect(fs.existsSync(path.join(workspacePath, 'deployment.yaml'))).toBe(
      false,
    );
    expect(
      parse(
        fs.readFileSync(path.join(workspacePath, 'catalog-info.yaml'), 'utf8'),
      ).spec.type,
    ).toBe('batch-job');
  });

  it('is unchanged, with no new commit, when proposed again', async () => {
    await run(WORKER).done;
    const log = repo.log(BRANCH);
    const again = run(WORKER);
    await again.done;
    expect(again.outputs().status).toBe('unchanged');
    expect(repo.log(BRANCH)).toEqual(log);
  });

  it('only plans in a dry run: no branch, no workspace files', async () => {
    const { done, outputs } = run(WORKER, { isDryRun: true });
    await done;
    const out = outputs();
    expect(out.status).toBe('dry-run');
    expect(out.branch).toBe(BRANCH);
    expect(out.diff).toContain(`+++ b/${FOLDER}/scaledobject.yaml`);
    expect(out.workerFiles).toHaveLength(2);
    expect(repo.hasBranch(BRANCH)).toBe(false);
    expect(fs.readdirSync(workspacePath)).toEqual([]);
  });

  it('takes the folder from keda.gitops.path when none is given', async () => {
    engine = engineFor(repo, REPO_URL, {
      repo: REPO_URL,
      path: 'workers/{name}',
    });
    const { repoUrl: _r, path: _p, ...defaults } = WORKER;
    const { done, outputs } = run(defaults);
    await done;
    expect(repo.changedFiles(BRANCH)).toEqual([
      'workers/invoice-worker/catalog-info.yaml',
      'workers/invoice-worker/deployment.yaml',
      'workers/invoice-worker/scaledobject.yaml',
      'workers/invoice-worker/triggerauthentication.yaml',
    ]);
    const catalogInfo = parse(outputs().workerFiles[1].content);
    expect(catalogInfo.metadata.annotations).toMatchObject({
      'keda-portal.io/gitops-repo': REPO_URL,
      'keda-portal.io/gitops-path': 'workers/invoice-worker',
    });
  });

  it('refuses what the domain core refuses, with its message', async () => {
    const idle = { ...WORKER, workerType: 'job', idleReplicaCount: 0 };
    const problems = validateIntent(workerIntent(idle as any));
    expect(problems).toHaveLength(1);
    await expect(run(idle).done).rejects.toThrow(
      `${problems[0].message} ${problems[0].fix}`,
    );
    await expect(
      run({ ...WORKER, maxReplicaCount: -1 }, { isDryRun: true }).done,
    ).rejects.toThrow(/maxReplicaCount/);
    expect(repo.hasBranch(BRANCH)).toBe(false);
  });

  it('refuses a name that cannot name a workload, or one the catalog has', async () => {
    await expect(
      run({ ...WORKER, name: 'Invoice_Worker' }).done,
    ).rejects.toThrow(
      /^name: 'Invoice_Worker' must consist of lower-case letters/,
    );
    const existing = workerEntity(WORKER as any, {});
    await expect(run(WORKER, { entities: [existing] }).done).rejects.toThrow(
      /^name: the catalog already has component:default\/invoice-worker/,
    );
    expect(repo.hasBranch(BRANCH)).toBe(false);
  });

  it('says which setting is missing when it does not know the repository', async () => {
    const { repoUrl: _r, ...noRepo } = WORKER;
    await expect(run(noRepo).done).rejects.toThrow(
      /keda-portal\.io\/gitops-repo.*keda\.gitops\.repo/,
    );
  });
});
