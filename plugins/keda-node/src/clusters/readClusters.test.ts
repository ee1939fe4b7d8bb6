import { ConfigReader } from '@backstage/config';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readClusters } from './readClusters';

describe('readClusters', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keda-clusters-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const noKubeconfig = { HOME: '/nonexistent' };

  it('reads config clusters and the local kubectl proxy', () => {
    const config = new ConfigReader({
      kubernetes: {
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: [
              {
                name: 'prod-eu',
                url: 'https://10.0.0.1:6443',
                authProvider: 'serviceAccount',
                serviceAccountToken: 'secret-token',
                skipTLSVerify: true,
              },
            ],
          },
          { type: 'localKubectlProxy' },
          { type: 'gke', projectId: 'ignored' },
        ],
      },
    });
    const clusters = readClusters(config, noKubeconfig);
    expect(clusters.map(c => [c.name, c.source, c.url])).toEqual([
      ['prod-eu', 'config', 'https://10.0.0.1:6443'],
      ['local', 'localKubectlProxy', 'http://127.0.0.1:8001'],
    ]);
    expect(clusters[0].serviceAccountToken).toBe('secret-token');
    expect(clusters[0].skipTLSVerify).toBe(true);
  });

  it('rejects two clusters with one name, naming the field', () => {
    const config = new ConfigReader({
      kubernetes: {
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: [
              { name: 'a', url: 'https://a', authProvider: 'serviceAccount' },
              { name: 'a', url: 'https://b', authProvider: 'serviceAccount' },
            ],
          },
        ],
      },
    });
    expect(() => readClusters(config, noKubeconfig)).toThrow(
      /kubernetes\.clusterLocatorMethods: cluster name 'a' is used twice/,
    );
  });

  it('falls back to the current kubeconfig context when nothing is configured', () => {
    const file = path.join(dir, 'kubeconfig');
    fs.writeFileSync(
      file,
      [
        'apiVersion: v1',
        'kind: Config',
        'current-context: demo',
        'clusters:',
        '- name: demo-cluster',
        '  cluster: {server: "https://127.0.0.1:6443", insecure-skip-tls-verify: true}',
        'users:',
        '- name: demo-user',
        '  user: {token: abc}',
        'contexts:',
        '- name: demo',
        '  context: {cluster: demo-cluster, user: demo-user}',
        '- name: other',
        '  context: {cluster: demo-cluster, user: demo-user}',
      ].join('\n'),
    );
    const clusters = readClusters(new ConfigReader({}), { KUBECONFIG: file });
    expect(clusters).toEqual([
      expect.objectContaining({
        name: 'demo',
        url: 'https://127.0.0.1:6443',
        source: 'kubeconfig',
        serviceAccountToken: 'abc',
        skipTLSVerify: true,
      }),
    ]);
  });

  it('has no clusters without config or kubeconfig, or when the fallback is off', () => {
    expect(readClusters(new ConfigReader({}), noKubeconfig)).toEqual([]);
    const file = path.join(dir, 'kubeconfig');
    fs.writeFileSync(file, 'apiVersion: v1\nkind: Config\n');
    expect(
      readClusters(new ConfigReader({ keda: { kubeconfig: false } }), {
        KUBECONFIG: file,
      }),
    ).toEqual([]);
  });
});
