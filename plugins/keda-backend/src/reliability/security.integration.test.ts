/**
 * Security of /api/keda in a real backend with a real API server and a real
 * Git remote: who may read and change what (a policy using isEntityOwner);
 * that no planted token or Secret value ever leaves (responses, signals, log
 * lines, pull-request body, commits); that no request can make the backend
 * call a URL it supplies; and the per-user rate limit of change requests.
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import {
  createTestNamespace,
  eventually,
  getTestCluster,
  readOnlyAccountToken,
  TestCluster,
} from '@keda-portal/kube-testenv';
import {
  CoreV1Api,
  CustomObjectsApi,
  PatchStrategy,
  setHeaderOptions,
} from '@kubernetes/client-node';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import {
  ALICE,
  BOB,
  ENTITY_URL,
  git,
  GUEST,
  startKedaTestBackend,
  TestBackend,
  validIntent,
} from '../__testUtils__/testBackend';

jest.setTimeout(10 * 60_000);

/** Values that must never leave the backend, in any form. */
const PLANTED = {
  githubToken: 'ghp_PLANTEDgithubTOKENvalue0123456789abcd',
  gitlabToken: 'glpat-PLANTEDgitlabTOKEN01234',
  otherClusterToken: 'PLANTED-other-cluster-sa-token-5f0e',
  backendSecret: 'PLANTED-backend-auth-secret-c0ffee',
  secretValue: 'PLANTED-kafka-password-hunter2',
};

/** An HTTP server that records every request it gets. */
async function recordingServer() {
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"kind":"Status","items":[]}');
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    hits,
    close: () => new Promise<void>(r => server.close(() => r())),
  };
}

describe('security [integration]', () => {
  let cluster: TestCluster;
  let namespace: string;
  let clusterToken: string;
  let backend: TestBackend;
  let otherCluster: Awaited<ReturnType<typeof recordingServer>>;
  /** Every response body and header block the tests received. */
  const seen: string[] = [];

  const record = <T extends request.Response>(res: T): T => {
    seen.push(JSON.stringify(res.headers), res.text ?? '');
    return res;
  };

  beforeAll(async () => {
    cluster = await getTestCluster();
    namespace = await createTestNamespace(cluster.admin, 'security');
    clusterToken = await readOnlyAccountToken(cluster.admin);
    // A Secret the trigger authenticates with: its value must never show.
    await cluster.admin.makeApiClient(CoreV1Api).createNamespacedSecret({
      namespace,
      body: {
        metadata: { name: 'kafka-credentials' },
        stringData: { password: PLANTED.secretValue },
      },
    });
    const objects = cluster.admin.makeApiClient(CustomObjectsApi);
    await objects.createNamespacedCustomObject({
      group: 'keda.sh',
      version: 'v1alpha1',
      namespace,
      plural: 'triggerauthentications',
      body: {
        apiVersion: 'keda.sh/v1alpha1',
        kind: 'TriggerAuthentication',
        metadata: { name: 'kafka-auth' },
        spec: {
          secretTargetRef: [
            {
              parameter: 'password',
              name: 'kafka-credentials',
              key: 'password',
            },
          ],
        },
      },
    });
    await objects.createNamespacedCustomObject({
      group: 'keda.sh',
      version: 'v1alpha1',
      namespace,
      plural: 'scaledobjects',
      body: {
        apiVersion: 'keda.sh/v1alpha1',
        kind: 'ScaledObject',
        metadata: {
          name: 'orders-api',
          labels: { 'backstage.io/kubernetes-id': 'orders-api' },
        },
        spec: {
          scaleTargetRef: { name: 'orders-api' },
          triggers: [
            {
              type: 'kafka',
              metadata: {
                bootstrapServers: 'kafka:9092',
                consumerGroup: 'orders',
                topic: 'orders',
              },
              authenticationRef: { name: 'kafka-auth' },
            },
          ],
        },
      },
    });

    // A second configured cluster that only records: its token is planted.
    otherCluster = await recordingServer();
    backend = await startKedaTestBackend({
      kubernetesNamespace: namespace,
      config: () => ({
        backend: { auth: { keys: [{ secret: PLANTED.backendSecret }] } },
        integrations: {
          github: [{ host: 'github.com', token: PLANTED.githubToken }],
          gitlab: [{ host: 'gitlab.com', token: PLANTED.gitlabToken }],
        },
        kubernetes: {
          clusterLocatorMethods: [
            {
              type: 'config',
              clusters: [
                {
                  name: 'test',
                  url: cluster.server,
                  authProvider: 'serviceAccount',
                  serviceAccountToken: clusterToken,
                  skipTLSVerify: true,
                },
                {
                  name: 'recorder',
                  url: otherCluster.url,
                  authProvider: 'serviceAccount',
                  serviceAccountToken: PLANTED.otherClusterToken,
                  skipTLSVerify: true,
                },
              ],
            },
          ],
        },
      }),
    });
    // The reader has synced the real cluster.
    await eventually(async () => {
      const res = await request(backend.server)
        .get(`${ENTITY_URL}/scaling`)
        .set('Authorization', mockCredentials.user.header(ALICE));
      return res.body.clusters?.some((c: any) => c.workloads?.length);
    }, 60_000);
  });

  afterAll(async () => {
    await backend?.stop();
    await otherCluster?.close();
    await cluster?.release();
  });

  describe('permission matrix under isEntityOwner', () => {
    const OK = 200;
    type Cell = number;
    const endpoints: Array<{
      name: string;
      method: 'get' | 'post';
      url: string;
      body?: object;
    }> = [
      { name: 'GET health', method: 'get', url: '/api/keda/health' },
      { name: 'GET overview', method: 'get', url: '/api/keda/overview' },
      { name: 'GET scaling', method: 'get', url: `${ENTITY_URL}/scaling` },
      { name: 'GET history', method: 'get', url: `${ENTITY_URL}/history` },
      { name: 'GET changes', method: 'get', url: `${ENTITY_URL}/changes` },
      {
        name: 'GET changes/guardrails',
        method: 'get',
        url: `${ENTITY_URL}/changes/guardrails`,
      },
      {
        name: 'GET changes/current',
        method: 'get',
        url: `${ENTITY_URL}/changes/current?name=orders-api`,
      },
      {
        name: 'POST changes/preview',
        method: 'post',
        url: `${ENTITY_URL}/changes/preview`,
        body: { intent: validIntent() },
      },
      {
        name: 'POST changes',
        method: 'post',
        url: `${ENTITY_URL}/changes`,
        body: { intent: validIntent() },
      },
    ];
    // Rows: callers; columns: the endpoints above, in order. Reads are open
    // to every signed-in user; only an owner changes; nobody anonymous.
    // changes/current is 404 until the owner's proposal exists (last column).
    const matrix: Array<[string, string | undefined, Cell[]]> = [
      ['anonymous', undefined, [401, 401, 401, 401, 401, 401, 401, 401, 401]],
      ['guest', GUEST, [OK, OK, OK, OK, OK, OK, 404, 403, 403]],
      ['non-owner', BOB, [OK, OK, OK, OK, OK, OK, 404, 403, 403]],
      ['owner', ALICE, [OK, OK, OK, OK, OK, OK, 404, OK, 201]],
    ];
    const results: string[] = [];

    it.each(matrix)('%s', async (_who, user, expected) => {
      const actual: number[] = [];
      const refusals: string[] = [];
      for (const endpoint of endpoints) {
        let req =
          endpoint.method === 'get'
            ? request(backend.server).get(endpoint.url)
            : request(backend.server).post(endpoint.url).send(endpoint.body);
        req = req.set(
          'Authorization',
          user
            ? mockCredentials.user.header(user)
            : mockCredentials.none.header(),
        );
        const res = record(await req);
        actual.push(res.status);
        if (res.status === 403) refusals.push(res.body.error.message);
      }
      for (const message of refusals) {
        expect(message).toMatch(/may not propose scaling changes/);
      }
      results.push(`${_who}: ${actual.join(' ')}`);
      expect(
        Object.fromEntries(endpoints.map((e, i) => [e.name, actual[i]])),
      ).toEqual(
        Object.fromEntries(endpoints.map((e, i) => [e.name, expected[i]])),
      );
      // Refused callers changed nothing; the owner's proposal is the branch.
      const branches = git(backend.remote, 'branch', '--list', 'keda/*');
      expect(branches.includes('orders-api')).toBe(user === ALICE);
    });

    afterAll(() => {
      // eslint-disable-next-line no-console
      console.log(
        [
          `permission matrix (${endpoints.map(e => e.name).join(' | ')})`,
          ...results,
        ]
          .map(line => `[reliability] security ${line}`)
          .join('\n'),
      );
    });
  });

  it('never lets a planted token or Secret value out', async () => {
    const alice = mockCredentials.user.header(ALICE);
    // Exercise every endpoint, including failures that log and echo input.
    const intent = {
      ...validIntent(),
      triggers: [
        {
          type: 'kafka',
          metadata: {
            bootstrapServers: 'kafka:9092',
            consumerGroup: 'orders',
            topic: 'orders',
            lagThreshold: '50',
          },
          authentication: {
            secretRefs: [
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
    for (const [method, url, body] of [
      ['get', '/api/keda/health'],
      ['get', '/api/keda/overview'],
      ['get', `${ENTITY_URL}/scaling`],
      ['get', `${ENTITY_URL}/history?hours=1`],
      ['get', `${ENTITY_URL}/changes`],
      ['get', `${ENTITY_URL}/changes/guardrails`],
      ['get', `${ENTITY_URL}/changes/current?name=orders-api`],
      ['post', `${ENTITY_URL}/changes/preview`, { intent }],
      ['post', `${ENTITY_URL}/changes`, { intent }],
      ['get', `${ENTITY_URL}/changes/current?name=orders-api`],
      [
        'post',
        `${ENTITY_URL}/changes`,
        { intent: { ...intent, maxReplicaCount: -1 } },
      ],
      ['post', `${ENTITY_URL}/changes/preview`, '{not json'],
      ['get', `${ENTITY_URL}/history?hours=-5`],
      ['get', '/api/keda/entities/default/component/missing/scaling'],
    ] as Array<[string, string, unknown]>) {
      const req =
        method === 'get'
          ? request(backend.server).get(url)
          : request(backend.server)
              .post(url)
              .set('Content-Type', 'application/json')
              .send(typeof body === 'string' ? body : JSON.stringify(body));
      record(await req.set('Authorization', alice));
    }
    // A status change in the cluster makes the backend publish a signal.
    const objects = cluster.admin.makeApiClient(CustomObjectsApi);
    await eventually(async () => {
      await objects.patchNamespacedCustomObjectStatus(
        {
          group: 'keda.sh',
          version: 'v1alpha1',
          namespace,
          plural: 'scaledobjects',
          name: 'orders-api',
          body: {
            status: {
              conditions: [
                {
                  type: 'Active',
                  status: 'True',
                  reason: 'ScalerActive',
                  message: `changed at ${Date.now()}`,
                },
              ],
            },
          },
        },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      );
      await new Promise(r => setTimeout(r, 1000));
      return backend.signals.length > 0;
    }, 45_000);

    // The proposal in Git: every commit message and diff on every branch.
    const gitText = git(backend.remote, 'log', '--all', '-p', '--format=%B');
    expect(gitText).toContain('kafka-credentials'); // the reference goes in
    const haystacks = {
      responses: seen.join('\n'),
      signals: JSON.stringify(backend.signals),
      logs: backend.logs.join('\n'),
      git: gitText,
    };
    const values = [
      ...Object.values(PLANTED),
      clusterToken,
      Buffer.from(PLANTED.secretValue).toString('base64'),
    ];
    const leaks: string[] = [];
    for (const [where, text] of Object.entries(haystacks)) {
      for (const value of values) {
        if (text.includes(value))
          leaks.push(`${value.slice(0, 12)}… in ${where}`);
      }
    }
    // eslint-disable-next-line no-console
    console.log(
      `[reliability] security leak scan: ${leaks.length} found of ${
        values.length
      } planted values over ${seen.length / 2} responses, ${
        backend.signals.length
      } signals, ${backend.logs.length} log lines, ${
        gitText.length
      } chars of Git history`,
    );
    expect(leaks).toEqual([]);
    expect(backend.logs.length).toBeGreaterThan(0);
    expect(seen.length).toBeGreaterThan(20);
  });

  it('calls only cluster URLs from config, never one a request supplies', async () => {
    const attacker = await recordingServer();
    try {
      const alice = mockCredentials.user.header(ALICE);
      const target = `${attacker.url}/pwned`;
      const headers = {
        'X-Kubernetes-Cluster-Url': target,
        'Backstage-Kubernetes-Authorization': `Bearer ${target}`,
        'Backstage-Kubernetes-Authorization-serviceAccount': target,
        'X-Forwarded-Host': attacker.url.replace('http://', ''),
        Host: attacker.url.replace('http://', ''),
      };
      const query = `cluster=${encodeURIComponent(
        target,
      )}&url=${encodeURIComponent(target)}&server=${encodeURIComponent(
        target,
      )}`;
      const withUrls = {
        ...validIntent(),
        url: target,
        cluster: target,
        clusterUrl: target,
        repoUrl: target,
        triggers: [
          {
            type: 'prometheus',
            metadata: {
              serverAddress: target,
              query: 'up',
              threshold: '1',
            },
          },
        ],
      };
      let requests = 0;
      for (const suffix of [
        'scaling',
        'history',
        'changes',
        'changes/guardrails',
        'changes/current?name=orders-api',
      ]) {
        const url = `${ENTITY_URL}/${suffix}${
          suffix.includes('?') ? '&' : '?'
        }${query}`;
        record(
          await request(backend.server)
            .get(url)
            .set(headers)
            .set('Authorization', alice),
        );
        requests++;
      }
      for (const url of ['/api/keda/overview', '/api/keda/health']) {
        record(
          await request(backend.server)
            .get(`${url}?${query}`)
            .set(headers)
            .set('Authorization', alice),
        );
        requests++;
      }
      for (const suffix of ['changes/preview', 'changes']) {
        const res = record(
          await request(backend.server)
            .post(`${ENTITY_URL}/${suffix}?${query}`)
            .set(headers)
            .set('Authorization', alice)
            .send({ intent: withUrls, cluster: target, url: target }),
        );
        requests++;
        expect(res.status).toBeLessThan(500);
      }
      // Give any stray call time to arrive.
      await new Promise(r => setTimeout(r, 1500));
      // eslint-disable-next-line no-console
      console.log(
        `[reliability] security cluster URLs: ${requests} requests carrying ${attacker.url}; ${attacker.hits.length} hits; configured recorder cluster got ${otherCluster.hits.length} hits`,
      );
      expect(attacker.hits).toEqual([]);
      // The configured (recording) cluster is called: the check can fail.
      expect(otherCluster.hits.length).toBeGreaterThan(0);
    } finally {
      await attacker.close();
    }
  });
});

describe('per-user rate limit of change requests', () => {
  let backend: TestBackend;
  beforeAll(async () => {
    backend = await startKedaTestBackend({ rateLimitPerMinute: 5 });
  });
  afterAll(async () => {
    await backend?.stop();
  });

  it('answers the sixth change request of a minute with 429; another user is unaffected', async () => {
    const statuses: number[] = [];
    let lastMessage: string | undefined;
    for (let i = 0; i < 6; i++) {
      const res = await request(backend.server)
        .post(`${ENTITY_URL}/changes/preview`)
        .set('Authorization', mockCredentials.user.header(ALICE))
        .send({ intent: validIntent() });
      statuses.push(res.status);
      lastMessage = res.body.error?.message;
    }
    // eslint-disable-next-line no-console
    console.log(
      `[reliability] security rate limit (5 per minute): alice's previews ${statuses.join(
        ' ',
      )}`,
    );
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    expect(lastMessage).toMatch(
      /^Too many change requests: at most 5 per minute per user; wait \d+ s and try again$/,
    );
    // The limit counts propose as well as preview.
    const propose = await request(backend.server)
      .post(`${ENTITY_URL}/changes`)
      .set('Authorization', mockCredentials.user.header(ALICE))
      .send({ intent: validIntent() });
    expect(propose.status).toBe(429);

    // Bob, owner of payments, still gets through.
    const bob = await request(backend.server)
      .post('/api/keda/entities/default/component/payments/changes/preview')
      .set('Authorization', mockCredentials.user.header(BOB))
      .send({
        intent: {
          ...validIntent(),
          name: 'payments',
          scaleTarget: { name: 'payments' },
        },
      });
    expect(bob.status).toBe(200);
    // Reads are not limited.
    const read = await request(backend.server)
      .get(`${ENTITY_URL}/changes`)
      .set('Authorization', mockCredentials.user.header(ALICE));
    expect(read.status).toBe(200);
  });
});
