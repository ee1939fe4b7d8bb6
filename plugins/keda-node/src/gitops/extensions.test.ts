/**
 * The extension points as an adopter uses them: a backend module adds a Git
 * provider for a kind KEDA Portal does not know ('bitbucket', written here
 * over a real bare repository) and a guardrail policy; both take effect in
 * the GitOps engine service, wired the way the KEDA backend plugin wires
 * them (registerKedaGitopsExtensionPoints in register, installInto in init).
 */
import {
  createBackendModule,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type { ScalingIntent } from '@keda-portal/plugin-keda-common';
import path from 'node:path';
import { BareRepo, createBareRepo } from '../testUtils/gitRepo';
import type { GitopsEngine } from './engine';
import { kedaGitopsEngineServiceRef } from './engineService';
import {
  kedaGitProvidersExtensionPoint,
  kedaGuardrailPoliciesExtensionPoint,
  KedaGuardrailPolicy,
  registerKedaGitopsExtensionPoints,
} from './extensions';
import { GitCliProvider } from './providers/git';
import type {
  CommitRequest,
  GitProvider,
  PullRequestInfo,
  PullRequestRequest,
  RepoSnapshot,
  SnapshotRequest,
} from './types';

const REPO_URL = 'https://bitbucket.example.com/projects/ACME/repos/gitops';
const FOLDER = 'apps/orders-api';

/**
 * A Bitbucket provider as an adopter might write one: Git through the CLI
 * against the (here: local) remote, pull requests in the host's API (here:
 * in memory).
 */
class TestBitbucketProvider implements GitProvider {
  readonly kind = 'bitbucket';
  readonly pulls: Array<PullRequestInfo & { reviewers: string[] }> = [];
  private readonly git: GitCliProvider;

  constructor(repo: BareRepo) {
    this.git = new GitCliProvider({
      cacheDir: path.join(repo.root, 'bitbucket-cache'),
      remoteFor: () => repo.remote,
    });
  }

  async snapshot(request: SnapshotRequest): Promise<RepoSnapshot> {
    const snapshot = await this.git.snapshot(request);
    const open = this.pulls.find(
      p => p.branch === request.branch && p.state === 'open',
    );
    return { ...snapshot, openPullRequest: open };
  }

  commit(request: CommitRequest): Promise<{ sha: string }> {
    return this.git.commit(request);
  }

  async openPullRequest(request: PullRequestRequest) {
    const existing = this.pulls.find(
      p => p.number === request.existing?.number,
    );
    if (existing) {
      Object.assign(existing, { title: request.title, body: request.body });
      return existing;
    }
    const number = this.pulls.length + 1;
    const pull = {
      number,
      url: `${REPO_URL}/pull-requests/${number}`,
      state: 'open' as const,
      branch: request.branch,
      title: request.title,
      body: request.body,
      reviewers: request.reviewers,
    };
    this.pulls.push(pull);
    return pull;
  }

  async listPullRequests(_repoUrl: string, branchPrefix: string) {
    return this.pulls.filter(
      p => p.state === 'open' && p.branch.startsWith(branchPrefix),
    );
  }
}

/** A platform team's rule: entities tagged `critical` keep two replicas. */
const criticalKeepsTwo: KedaGuardrailPolicy = {
  id: 'acme.critical-min-replicas',
  check(intent, context) {
    const { metadata } = context.entity;
    if (!metadata.tags?.includes('critical')) return [];
    if ((intent.minReplicaCount ?? 0) >= 2) return [];
    return [
      {
        path: 'minReplicaCount',
        message: `minReplicaCount is ${intent.minReplicaCount ?? 0}, but ${
          metadata.name
        } is tagged critical (policy acme.critical-min-replicas).`,
        fix: 'Set minReplicaCount to 2 or more.',
      },
    ];
  },
};

function entity(tags: string[] = []): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'orders-api',
      namespace: 'default',
      tags,
      annotations: {
        'backstage.io/kubernetes-id': 'orders-api',
        'keda-portal.io/gitops-repo': REPO_URL,
        'keda-portal.io/gitops-path': FOLDER,
        'keda-portal.io/gitops-layout': 'plain',
        'keda-portal.io/gitops-environment': 'production',
      },
    },
    spec: {
      type: 'service',
      owner: 'group:default/shop',
      lifecycle: 'production',
    },
  };
}

const intent = (minReplicaCount: number): ScalingIntent => ({
  name: 'orders-api',
  namespace: 'shop',
  kubernetesId: 'orders-api',
  scaleTarget: { name: 'orders-api' },
  minReplicaCount,
  maxReplicaCount: 10,
  triggers: [
    { type: 'cpu', metricType: 'Utilization', metadata: { value: '60' } },
  ],
});

describe('KEDA GitOps extension points', () => {
  let repo: BareRepo;

  beforeEach(() => {
    repo = createBareRepo({
      [`${FOLDER}/deployment.yaml`]: 'kind: Deployment\n',
    });
  });
  afterEach(() => repo.cleanup());

  /** A backend with the KEDA plugin's wiring, and optionally the adopter's module. */
  async function backend(options: { module: boolean }) {
    const bitbucket = new TestBitbucketProvider(repo);
    let engine: GitopsEngine | undefined;
    let lateAdd: (() => void) | undefined;
    const plugin = createBackendPlugin({
      pluginId: 'keda',
      register(env) {
        const extensions = registerKedaGitopsExtensionPoints(env);
        env.registerInit({
          deps: { gitops: kedaGitopsEngineServiceRef },
          async init({ gitops }) {
            extensions.installInto(gitops);
            engine = gitops;
          },
        });
      },
    });
    const module = createBackendModule({
      pluginId: 'keda',
      moduleId: 'acme-bitbucket',
      register(env) {
        env.registerInit({
          deps: {
            providers: kedaGitProvidersExtensionPoint,
            policies: kedaGuardrailPoliciesExtensionPoint,
          },
          async init({ providers, policies }) {
            providers.addGitProvider(bitbucket);
            policies.addGuardrailPolicy(criticalKeepsTwo);
            lateAdd = () => policies.addGuardrailPolicy(criticalKeepsTwo);
          },
        });
      },
    });
    const started = await startTestBackend({
      features: [
        plugin,
        ...(options.module ? [module] : []),
        mockServices.rootConfig.factory({
          data: {
            keda: {
              gitops: {
                cacheDir: path.join(repo.root, 'engine-cache'),
                repositories: [{ url: REPO_URL, provider: 'bitbucket' }],
              },
            },
          },
        }),
      ],
    });
    return { engine: engine!, bitbucket, lateAdd: lateAdd!, started };
  }

  it("proposes through a module's provider for a kind of its own, and lists its pull requests", async () => {
    const { engine, bitbucket, started } = await backend({ module: true });
    try {
      expect(engine.target(entity()).provider).toBe('bitbucket');
      expect(engine.repositories().repositories).toEqual([
        { url: REPO_URL, provider: 'bitbucket' },
      ]);

      const result = await engine.propose(entity(), intent(1), {
        reviewers: ['alice'],
      });

      expect(result.status).toBe('created');
      expect(result.pullRequest).toMatchObject({
        number: 1,
        url: `${REPO_URL}/pull-requests/1`,
        branch: 'keda/default/component/orders-api/production',
      });
      expect(bitbucket.pulls).toHaveLength(1);
      expect(bitbucket.pulls[0].reviewers).toEqual(['alice']);
      // The commit is really on the remote, next to the untouched Deployment.
      expect(repo.changedFiles(result.plan.branch)).toEqual([
        `${FOLDER}/scaledobject.yaml`,
      ]);
      expect(
        repo.show(result.plan.branch, `${FOLDER}/scaledobject.yaml`),
      ).toMatch(/minReplicaCount: 1/);
      expect(await engine.listProposals(entity())).toEqual([
        expect.objectContaining({ number: 1, state: 'open' }),
      ]);

      // A second proposal updates the same pull request through the provider.
      const again = await engine.propose(entity(), intent(3));
      expect(again.status).toBe('updated');
      expect(bitbucket.pulls).toHaveLength(1);
      expect(repo.log(result.plan.branch)).toHaveLength(3);
    } finally {
      await started.stop();
    }
  });

  it("refuses what a module's guardrail policy refuses, in checks, plans and proposals, and writes nothing", async () => {
    const { engine, bitbucket, started } = await backend({ module: true });
    try {
      const critical = entity(['critical']);
      const problems = await engine.check(critical, intent(1));
      expect(problems).toEqual([
        {
          path: 'minReplicaCount',
          message:
            'minReplicaCount is 1, but orders-api is tagged critical (policy acme.critical-min-replicas).',
          fix: 'Set minReplicaCount to 2 or more.',
        },
      ]);
      const plan = await engine.plan(critical, intent(1));
      expect(plan.problems).toEqual(problems);
      expect(plan.body).toContain('tagged critical');

      const refused = await engine.propose(critical, intent(0)).catch(e => e);
      expect(refused).toBeInstanceOf(InputError);
      expect(refused.message).toBe(
        'minReplicaCount is 0, but orders-api is tagged critical (policy acme.critical-min-replicas). Set minReplicaCount to 2 or more.',
      );
      expect(repo.hasBranch(plan.branch)).toBe(false);
      expect(bitbucket.pulls).toEqual([]);

      // Within the policy, and for entities it does not concern, it passes.
      expect(await engine.check(critical, intent(2))).toEqual([]);
      expect(await engine.check(entity(), intent(0))).toEqual([]);
    } finally {
      await started.stop();
    }
  });

  it('names the extension point when no module adds the configured kind', async () => {
    const { engine, started } = await backend({ module: false });
    try {
      await expect(engine.plan(entity(), intent(1))).rejects.toThrow(
        `No bitbucket provider is configured for ${REPO_URL}: install a backend module that adds it through kedaGitProvidersExtensionPoint, or set the repository's provider to one of git, github, gitlab`,
      );
    } finally {
      await started.stop();
    }
  });

  it('refuses additions after the plugin started', async () => {
    const { lateAdd, started } = await backend({ module: true });
    try {
      expect(lateAdd).toThrow(
        "addGuardrailPolicy was called after the KEDA plugin started: call it from a backend module's init",
      );
    } finally {
      await started.stop();
    }
  });
});
