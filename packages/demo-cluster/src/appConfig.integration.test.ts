/**
 * Integration: the demo's app-config points both Kubernetes plugins at the
 * demo's read-only proxy, which reads with the read-only account: it reads
 * everything Backstage's Kubernetes tab asks for (the object types of the
 * installed @backstage/plugin-kubernetes-backend, the same requests its
 * fetcher makes), so the tab shows no 403 beside ours; it still may write
 * nothing and read no Secret, whatever token a client sends the proxy.
 */
import {
  getTestCluster,
  readOnlyAccountToken,
  REPO_ROOT,
  TestCluster,
} from '@keda-portal/kube-testenv';
import { AuthorizationV1Api, KubeConfig } from '@kubernetes/client-node';
import { createRequire } from 'node:module';
import path from 'node:path';
import { demoAppConfig } from './appConfig';
import { ReadOnlyProxy, startReadOnlyProxy } from './proxy';

jest.setTimeout(10 * 60_000);

interface ObjectType {
  group: string;
  apiVersion: string;
  plural: string;
  objectType: string;
}

/** The object types the example backend's Kubernetes plugin fetches by default. */
function backstageDefaultObjects(): ObjectType[] {
  // Resolved as packages/backend resolves it: the version the demo runs.
  const backendRequire = createRequire(
    path.join(REPO_ROOT, 'packages', 'backend', 'package.json'),
  );
  return backendRequire('@backstage/plugin-kubernetes-backend').DEFAULT_OBJECTS;
}

/** GET as Backstage's fetcher does through a proxy (no credentials); resolves the status. */
async function get(server: string, urlPath: string) {
  const res = await fetch(new URL(urlPath, server));
  return { status: res.status, body: await res.text() };
}

describe("the demo's read account [integration]", () => {
  let cluster: TestCluster;
  let proxy: ReadOnlyProxy;
  let server: string;
  let reader: KubeConfig;

  beforeAll(async () => {
    cluster = await getTestCluster();
    proxy = await startReadOnlyProxy();
    proxy.setUpstream({
      server: cluster.server,
      token: await readOnlyAccountToken(cluster.admin),
    });
    const config = demoAppConfig({
      proxyUrl: proxy.url,
      gitopsRemote: '/nonexistent',
    });
    const [demo] = config.kubernetes.clusterLocatorMethods[0].clusters;
    if (demo.authProvider !== 'localKubectlProxy') {
      throw new Error(
        `the demo cluster's authProvider is ${demo.authProvider}`,
      );
    }
    server = demo.url;
    // A client that sends the admin's token gets the read-only account anyway.
    const admin = cluster.admin.getCurrentUser()?.token;
    if (!admin) throw new Error('the test cluster has no admin token');
    reader = new KubeConfig();
    reader.loadFromOptions({
      clusters: [{ name: 'demo', server, skipTLSVerify: demo.skipTLSVerify }],
      users: [{ name: 'reader', token: admin }],
      contexts: [{ name: 'demo', cluster: 'demo', user: 'reader' }],
      currentContext: 'demo',
    });
  });

  afterAll(async () => {
    await proxy?.close();
    await cluster?.release();
  });

  it('answers 503 with a Kubernetes Status that says why until the cluster is up', async () => {
    const early = await startReadOnlyProxy({
      waitingMessage: 'The demo cluster is still building',
    });
    try {
      const res = await fetch(`${early.url}/api/v1/namespaces`);
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({
        kind: 'Status',
        code: 503,
        message: 'The demo cluster is still building',
      });
      early.setUpstream({
        server: cluster.server,
        token: await readOnlyAccountToken(cluster.admin),
      });
      expect(
        (await fetch(`${early.url}/apis/keda.sh/v1alpha1/scaledobjects`))
          .status,
      ).toBe(200);
    } finally {
      await early.close();
    }
  });

  it("lists every object type of Backstage's Kubernetes tab, as its fetcher asks", async () => {
    const objects = backstageDefaultObjects();
    expect(objects.map(o => o.plural)).toEqual(
      expect.arrayContaining(['pods', 'services', 'jobs', 'cronjobs']),
    );
    const refused: string[] = [];
    for (const o of objects) {
      // KubernetesConnection.buildResourcePath without a namespace (the demo's
      // entities set none), with the entity's label selector.
      const base = o.group
        ? `/apis/${o.group}/${o.apiVersion}`
        : `/api/${o.apiVersion}`;
      const res = await get(
        server,
        `${base}/${o.plural}?labelSelector=${encodeURIComponent(
          'backstage.io/kubernetes-id=orders-api',
        )}`,
      );
      if (res.status !== 200) refused.push(`${o.objectType}: ${res.status}`);
    }
    expect(refused).toEqual([]);
  });

  const can = async (
    verb: string,
    resource: string,
    group = '',
    subresource?: string,
  ) => {
    const review = await reader
      .makeApiClient(AuthorizationV1Api)
      .createSelfSubjectAccessReview({
        body: {
          spec: { resourceAttributes: { verb, resource, group, subresource } },
        },
      });
    return review.status!.allowed;
  };

  it('may read pod metrics (metrics-server) when a cluster serves them', async () => {
    expect(await can('list', 'pods', 'metrics.k8s.io')).toBe(true);
  });

  it('may write nothing it reads, and read no Secret', async () => {
    const allowed: string[] = [];
    const resources: Array<[string, string]> = [
      ...backstageDefaultObjects().map(
        o => [o.plural, o.group] as [string, string],
      ),
      ['scaledobjects', 'keda.sh'],
      ['scaledjobs', 'keda.sh'],
      ['triggerauthentications', 'keda.sh'],
      ['events', ''],
      ['pods', 'metrics.k8s.io'],
    ];
    for (const [resource, group] of resources) {
      for (const verb of [
        'create',
        'update',
        'patch',
        'delete',
        'deletecollection',
      ]) {
        if (await can(verb, resource, group)) {
          allowed.push(`${verb} ${group || 'core'}/${resource}`);
        }
      }
    }
    // Scaling and exec go through subresources: none of them either.
    for (const [resource, group, subresource] of [
      ['deployments', 'apps', 'scale'],
      ['pods', '', 'exec'],
      ['pods', '', 'log'],
    ]) {
      for (const verb of ['get', 'create', 'update', 'patch']) {
        if (await can(verb, resource, group, subresource)) {
          allowed.push(`${verb} ${group || 'core'}/${resource}/${subresource}`);
        }
      }
    }
    expect(allowed).toEqual([]);
    for (const verb of ['get', 'list', 'watch']) {
      expect(await can(verb, 'secrets')).toBe(false);
    }
  });
});
