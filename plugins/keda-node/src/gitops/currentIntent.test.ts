import {
  buildManifests,
  renderManifestsYaml,
  type ScalingIntent,
} from '@keda-portal/plugin-keda-common';
import { readCurrentIntent } from './currentIntent';
import { kedaValues } from './layouts/helmValues';
import type { ChangeTarget, RepoSnapshot, SnapshotRequest } from './types';

const prometheus: ScalingIntent = {
  name: 'orders-api',
  namespace: 'shop',
  kubernetesId: 'orders-api',
  scaleTarget: { name: 'orders-api' },
  minReplicaCount: 1,
  maxReplicaCount: 10,
  triggers: [
    {
      type: 'prometheus',
      metadata: {
        serverAddress: 'http://prometheus.monitoring:9090',
        query: 'sum(rate(http_requests_total[2m]))',
        threshold: '50',
      },
    },
  ],
};

/** A second object in the folder, with a TriggerAuthentication of its own. */
const worker: ScalingIntent = {
  ...prometheus,
  name: 'orders-worker',
  scaleTarget: { name: 'orders-worker' },
  triggers: [
    {
      ...prometheus.triggers[0],
      authentication: {
        name: 'orders-worker-auth',
        secretRefs: [
          { parameter: 'bearerToken', secretName: 'prom', key: 'token' },
        ],
      },
    },
  ],
};

describe('readCurrentIntent', () => {
  const target: ChangeTarget = {
    provider: 'git',
    repoUrl: 'https://git.example.invalid/platform/shop-gitops',
    path: 'apps/orders-api',
    layout: 'plain',
    environment: 'production',
    argoCdPaths: [],
  };
  const branch = 'keda/default/component/orders-api/production';

  function provider(files: Record<string, string>, onBranch: boolean) {
    const requests: SnapshotRequest[] = [];
    return {
      requests,
      snapshot: async (request: SnapshotRequest): Promise<RepoSnapshot> => {
        requests.push(request);
        return {
          baseBranch: 'main',
          baseCommit: 'base-sha',
          branchCommit: onBranch ? 'branch-sha' : undefined,
          history: [],
          files,
        };
      },
    };
  }

  it('reads the proposal branch when it exists, through every YAML file of the folder', async () => {
    const p = provider(
      {
        'apps/orders-api/deployment.yaml':
          'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: orders-api}\n',
        'apps/orders-api/broken.yaml': 'a: [',
        'apps/orders-api/README.md': 'kind: ScaledObject',
        'apps/orders-api/keda.yaml': renderManifestsYaml([
          ...buildManifests(prometheus),
          ...buildManifests(worker),
        ]),
      },
      true,
    );
    const result = await readCurrentIntent(
      { provider: p, target, branch },
      { name: 'orders-worker' },
    );
    expect(p.requests[0]).toMatchObject({
      repoUrl: target.repoUrl,
      branch,
      folders: ['apps/orders-api'],
    });
    expect(result).toEqual({
      intent: worker,
      unsupported: [],
      source: {
        path: 'apps/orders-api/keda.yaml',
        commit: 'branch-sha',
        branch,
        proposalBranch: true,
      },
    });
  });

  it('falls back to the keda block of the values file for helm-values', async () => {
    const values = `replicaCount: 2\nkeda:\n${renderManifestsYaml([
      kedaValues(buildManifests({ ...prometheus, pause: { paused: true } })),
    ])
      .split('\n')
      .map(l => (l ? `  ${l}` : l))
      .join('\n')}`;
    const p = provider({ 'apps/orders-api/chart/values.yaml': values }, false);
    const result = await readCurrentIntent(
      {
        provider: p,
        target: {
          ...target,
          layout: 'helm-values',
          valuesFile: 'chart/values.yaml',
        },
        branch,
      },
      { name: 'orders-api', namespace: 'shop' },
    );
    expect(result?.intent).toEqual({ ...prometheus, pause: { paused: true } });
    expect(result?.source).toEqual({
      path: 'apps/orders-api/chart/values.yaml',
      commit: 'base-sha',
      branch: 'main',
      proposalBranch: false,
    });
  });

  it('has nothing when the folder has no such object', async () => {
    const p = provider({ 'apps/orders-api/a.yaml': 'kind: Deployment' }, false);
    await expect(
      readCurrentIntent(
        { provider: p, target, branch },
        { name: 'orders-api' },
      ),
    ).resolves.toBeUndefined();
  });
});
