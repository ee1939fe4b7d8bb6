import { entitySelector, kubeConfigFor } from './ClusterReader';

describe('entitySelector', () => {
  const entity = (annotations: Record<string, string>) => ({
    metadata: { annotations },
  });

  it('selects by kubernetes-id', () => {
    expect(
      entitySelector(entity({ 'backstage.io/kubernetes-id': 'orders' })),
    ).toEqual({
      selector: [
        { key: 'backstage.io/kubernetes-id', op: 'in', values: ['orders'] },
      ],
      namespace: undefined,
      cluster: undefined,
    });
  });

  it('prefers the label selector and honours namespace and cluster', () => {
    expect(
      entitySelector(
        entity({
          'backstage.io/kubernetes-id': 'ignored',
          'backstage.io/kubernetes-label-selector': 'app=mail,tier in (worker)',
          'backstage.io/kubernetes-namespace': 'notifications',
          'backstage.io/kubernetes-cluster': 'eu',
        }),
      ),
    ).toEqual({
      selector: [
        { key: 'app', op: 'in', values: ['mail'] },
        { key: 'tier', op: 'in', values: ['worker'] },
      ],
      namespace: 'notifications',
      cluster: 'eu',
    });
  });

  it('is undefined without either annotation', () => {
    expect(entitySelector(entity({}))).toBeUndefined();
  });
});

describe('kubeConfigFor', () => {
  it('carries the token and TLS settings of a configured cluster', () => {
    const kc = kubeConfigFor({
      name: 'eu',
      url: 'https://10.0.0.1:6443',
      source: 'config',
      authProvider: 'serviceAccount',
      serviceAccountToken: 't0k3n',
      skipTLSVerify: true,
    });
    expect(kc.getCurrentCluster()).toMatchObject({
      server: 'https://10.0.0.1:6443',
      skipTLSVerify: true,
    });
    expect(kc.getCurrentUser()?.token).toBe('t0k3n');
  });
});
