import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { KedaApi, kedaApiRef } from '../../api';
import { AutoscalingContent } from './AutoscalingContent';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'orders-consumer',
    annotations: {
      'backstage.io/kubernetes-id': 'orders-consumer',
      'keda-portal.io/gitops-repo': 'https://git.example.com/platform/gitops',
    },
  },
  spec: { type: 'service', owner: 'team-orders', lifecycle: 'production' },
};

function renderWith(api: KedaApi) {
  return renderInTestApp(
    <TestApiProvider apis={[[kedaApiRef, api]]}>
      <EntityProvider entity={entity}>
        <AutoscalingContent />
      </EntityProvider>
    </TestApiProvider>,
  );
}

describe('AutoscalingContent', () => {
  it('shows the clusters the backend reports and how the entity is found', async () => {
    await renderWith({
      getHealth: async () => ({
        status: 'ok',
        clusters: [
          {
            name: 'demo',
            url: 'https://127.0.0.1:6443',
            source: 'config',
            authProvider: 'serviceAccount',
          },
        ],
      }),
    });
    expect(
      await screen.findByText('Clusters read by KEDA Portal (1)'),
    ).toBeInTheDocument();
    expect(screen.getByText('demo')).toBeInTheDocument();
    expect(screen.getByText('https://127.0.0.1:6443')).toBeInTheDocument();
    expect(screen.getByText('orders-consumer')).toBeInTheDocument();
  });

  it('says how to add clusters when none is configured', async () => {
    await renderWith({
      getHealth: async () => ({ status: 'ok', clusters: [] }),
    });
    expect(
      await screen.findByText(/kubernetes.clusterLocatorMethods/),
    ).toBeInTheDocument();
  });

  it('shows the backend error', async () => {
    await renderWith({
      getHealth: async () => {
        throw new Error('backend unreachable');
      },
    });
    expect(
      (await screen.findAllByText(/backend unreachable/)).length,
    ).toBeGreaterThan(0);
  });
});
