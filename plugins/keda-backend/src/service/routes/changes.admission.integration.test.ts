/**
 * Integration: the change preview checks KEDA's cluster-dependent admission
 * rules from the live cache of a real API server (read with the read-only
 * account of examples/rbac): a second ScaledObject for a workload and a
 * cpu-only ScaledObject with a minimum of 0 are refused next to the schema
 * problems, a proposal with such a problem is refused before Git is read,
 * and what the cache cannot know (container requests, foreign HPAs) shows
 * as notes.
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import {
  createTestNamespace,
  eventually,
  getTestCluster,
  readOnlyAccountToken,
  type TestCluster,
} from '@keda-portal/kube-testenv';
import { AppsV1Api, CustomObjectsApi } from '@kubernetes/client-node';
import request from 'supertest';
import {
  ALICE,
  git,
  startKedaTestBackend,
  validIntent,
  type TestBackend,
} from '../../__testUtils__/testBackend';

jest.setTimeout(5 * 60_000);

const url = '/api/keda/entities/default/component/orders-api/changes';
const BRANCH = 'keda/default/component/orders-api/default';

describe('change preview with KEDA cluster rules [integration]', () => {
  let cluster: TestCluster;
  let backend: TestBackend;
  let namespace: string;

  beforeAll(async () => {
    cluster = await getTestCluster();
    namespace = await createTestNamespace(cluster.admin, 'admission');
    const token = await readOnlyAccountToken(cluster.admin);
    const apps = cluster.admin.makeApiClient(AppsV1Api);
    // The workload, without resource requests, and a ScaledObject someone
    // else already made for it.
    for (const name of ['orders-api', 'billing']) {
      await apps.createNamespacedDeployment({
        namespace,
        body: {
          metadata: { name },
          spec: {
            selector: { matchLabels: { app: name } },
            template: {
              metadata: { labels: { app: name } },
              spec: { containers: [{ name: 'app', image: 'example/app:1' }] },
            },
          },
        },
      });
    }
    await cluster.admin
      .makeApiClient(CustomObjectsApi)
      .createNamespacedCustomObject({
        group: 'keda.sh',
        version: 'v1alpha1',
        namespace,
        plural: 'scaledobjects',
        body: {
          apiVersion: 'keda.sh/v1alpha1',
          kind: 'ScaledObject',
          metadata: { name: 'orders-legacy', namespace },
          spec: {
            scaleTargetRef: { name: 'orders-api' },
            triggers: [
              {
                type: 'cron',
                metadata: {
                  timezone: 'UTC',
                  start: '0 8 * * *',
                  end: '0 9 * * *',
                  desiredReplicas: '2',
                },
              },
            ],
          },
        },
      });
    backend = await startKedaTestBackend({
      kubernetesNamespace: namespace,
      config: () => ({
        kubernetes: {
          clusterLocatorMethods: [
            {
              type: 'config',
              clusters: [
                {
                  name: 'test',
                  url: cluster.server,
                  authProvider: 'serviceAccount',
                  serviceAccountToken: token,
                  skipTLSVerify: true,
                },
              ],
            },
          ],
        },
      }),
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await cluster?.release();
  });

  const preview = (intent: unknown) =>
    request(backend.server)
      .post(`${url}/preview`)
      .set('Authorization', mockCredentials.user.header(ALICE))
      .send({ intent });

  it('refuses a second ScaledObject for the workload, in the preview and the proposal', async () => {
    const intent = { ...validIntent(), namespace };
    // The cache fills after start-up: wait until it sees the other ScaledObject.
    const res = await eventually(async () => {
      const r = await preview(intent);
      return r.body.problems?.length ? r : undefined;
    }, 60_000);
    expect(res.status).toBe(200);
    expect(res.body.valid).toBe(false);
    expect(res.body.problems).toEqual([
      {
        path: 'spec.scaleTargetRef.name',
        manifest: 'ScaledObject/orders-api',
        message:
          "spec.scaleTargetRef.name: the Deployment 'orders-api' is already scaled by the ScaledObject 'orders-legacy' (cluster test)",
        fix: "Change the ScaledObject 'orders-legacy' instead, or delete it first; a workload can have one ScaledObject.",
      },
    ]);
    const proposal = await request(backend.server)
      .post(url)
      .set('Authorization', mockCredentials.user.header(ALICE))
      .send({ intent });
    expect(proposal.status).toBe(400);
    expect(proposal.body.error.message).toMatch(
      /already scaled by the ScaledObject 'orders-legacy'/,
    );
    expect(git(backend.remote, 'branch', '--list', BRANCH).trim()).toBe('');
  });

  it('shows a cpu-only minimum of 0 next to the schema problems, and what it cannot see as notes', async () => {
    const res = await preview({
      ...validIntent(),
      name: 'billing',
      namespace,
      scaleTarget: { name: 'billing' },
      minReplicaCount: 0,
      // A schema problem too: the maximum below the minimum.
      maxReplicaCount: 0,
      triggers: [
        { type: 'cpu', metricType: 'Utilization', metadata: { value: '60' } },
      ],
    });
    expect(res.status).toBe(200);
    const paths = res.body.problems.map((p: { path: string }) => p.path);
    expect(paths).toContain('spec.maxReplicaCount');
    expect(paths).toContain('spec.minReplicaCount');
    const minimum = res.body.problems.find(
      (p: { path: string }) => p.path === 'spec.minReplicaCount',
    );
    expect(minimum.message).toMatch(
      /only cpu and memory triggers the workload cannot scale to zero/,
    );
    // The cache keeps no containers and no foreign HPAs: warnings, as notes.
    expect(res.body.notes.join('\n')).toMatch(
      /KEDA may refuse this: spec.triggers\[0\].type: the portal cannot see the containers of the Deployment 'billing'/,
    );
    expect(res.body.notes.join('\n')).toMatch(
      /sees only the HPAs KEDA manages/,
    );
  });

  it('passes a ScaledObject the cluster has room for', async () => {
    const res = await preview({
      ...validIntent(),
      name: 'billing',
      namespace,
      scaleTarget: { name: 'billing' },
    });
    expect(res.status).toBe(200);
    expect(res.body.problems).toEqual([]);
    expect(res.body.valid).toBe(true);
  });
});
