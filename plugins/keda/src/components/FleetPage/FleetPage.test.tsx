import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type {
  OverviewItem,
  ScalingHealth,
} from '@keda-portal/plugin-keda-common';
import { fireEvent, screen } from '@testing-library/react';
import { KedaApi, kedaApiRef } from '../../api';
import { FleetPage } from './FleetPage';

function item(
  name: string,
  health: ScalingHealth,
  trigger: string,
  owner: string,
): OverviewItem {
  return {
    cluster: 'demo',
    entityRefs: [`component:default/${name}`],
    owners: [owner],
    kind: 'ScaledObject',
    namespace: 'shop',
    name,
    health,
    diagnosis: `${name} is ${health}`,
    replicas: { min: 0, max: 10, current: 2 },
    triggerTypes: [trigger],
  };
}

const items = [
  item('orders-api', 'ok', 'prometheus', 'team-orders'),
  item('orders-consumer', 'failing', 'kafka', 'team-orders'),
  item('email-worker', 'idle', 'rabbitmq', 'team-notifications'),
];

async function renderPage() {
  const api: Partial<KedaApi> = {
    getOverview: async () => ({
      generatedAt: new Date().toISOString(),
      clusters: [],
      items,
    }),
  };
  await renderInTestApp(
    <TestApiProvider apis={[[kedaApiRef, api]]}>
      <FleetPage />
    </TestApiProvider>,
  );
}

describe('FleetPage', () => {
  it('lists every workload with counts per health and links to the entities', async () => {
    await renderPage();
    expect(await screen.findByText('Scaled workloads (3)')).toBeInTheDocument();
    expect(screen.getByText('Failing: 1')).toBeInTheDocument();
    expect(screen.getByText('Healthy: 1')).toBeInTheDocument();
    expect(screen.getByText('Idle: 1')).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'shop/orders-consumer' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/orders-consumer/autoscaling',
    );
  });

  it('filters by health through the counts and by owner', async () => {
    await renderPage();
    fireEvent.click(await screen.findByText('Failing: 1'));
    expect(await screen.findByText('Scaled workloads (1)')).toBeInTheDocument();
    expect(screen.getByText('orders-consumer is failing')).toBeInTheDocument();
    fireEvent.click(screen.getByText('Failing: 1'));
    fireEvent.change(screen.getByLabelText('Owner'), {
      target: { value: 'notifications' },
    });
    expect(await screen.findByText('Scaled workloads (1)')).toBeInTheDocument();
    expect(screen.getByText('email-worker is idle')).toBeInTheDocument();
  });
});
