import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type {
  OverviewItem,
  OverviewResponse,
  ScalingHealth,
} from '@keda-portal/plugin-keda-common';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { useLocation } from 'react-router-dom';
import { KedaApi, kedaApiRef } from '../../api';
import { KedaFleetPage } from './KedaFleetPage';
import { ownerMatches, shortOwner } from './owners';

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
  item('orders-consumer', 'failing', 'kafka', 'group:default/team-orders'),
  item('email-worker', 'idle', 'rabbitmq', 'team-notifications'),
];

/** Shows the query string, so tests can see the filters land in the URL. */
function Search() {
  return <div data-testid="search">{useLocation().search}</div>;
}

async function renderPage(
  overview: Promise<OverviewResponse> | OverviewResponse = {
    generatedAt: new Date().toISOString(),
    clusters: [{ cluster: 'demo', state: 'synced', since: '' }] as any,
    items,
  },
  url = '/keda',
) {
  const api: Partial<KedaApi> = { getOverview: async () => overview };
  await renderInTestApp(
    <TestApiProvider apis={[[kedaApiRef, api]]}>
      <KedaFleetPage />
      <Search />
    </TestApiProvider>,
    {
      routeEntries: [url],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

describe('KedaFleetPage', () => {
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
    // Owners as people say them, whatever form the catalog used.
    expect(screen.getAllByText('team-orders')).toHaveLength(2);
  });

  it('shows a loading state, not zeros, until the data is there', async () => {
    let answer: (v: OverviewResponse) => void = () => {};
    await renderPage(new Promise(r => (answer = r)));
    expect(screen.getByTestId('fleet-loading')).toBeInTheDocument();
    expect(screen.queryByText(/: 0$/)).not.toBeInTheDocument();
    expect(screen.queryByText('Scaled workloads (0)')).not.toBeInTheDocument();
    expect(screen.queryByTestId('fleet-empty')).not.toBeInTheDocument();
    answer({ generatedAt: '', clusters: [], items });
    expect(await screen.findByText('Scaled workloads (3)')).toBeInTheDocument();
    expect(screen.queryByTestId('fleet-loading')).not.toBeInTheDocument();
  });

  it('filters by health through the counts and by owner, and keeps the filters in the URL', async () => {
    await renderPage();
    fireEvent.click(await screen.findByText('Failing: 1'));
    expect(await screen.findByText('Scaled workloads (1)')).toBeInTheDocument();
    expect(screen.getByText('orders-consumer is failing')).toBeInTheDocument();
    expect(screen.getByTestId('search')).toHaveTextContent('?health=failing');
    fireEvent.click(screen.getByText('Failing: 1'));
    fireEvent.change(screen.getByLabelText('Owner'), {
      target: { value: 'notifications' },
    });
    expect(await screen.findByText('Scaled workloads (1)')).toBeInTheDocument();
    expect(screen.getByText('email-worker is idle')).toBeInTheDocument();
    expect(screen.getByTestId('search')).toHaveTextContent(
      '?owner=notifications',
    );
  });

  it('restores the filters from the URL; a full owner ref matches short and full owners', async () => {
    await renderPage(undefined, '/keda?owner=group%3Adefault%2Fteam-orders');
    expect(await screen.findByText('Scaled workloads (2)')).toBeInTheDocument();
    expect(screen.getByLabelText('Owner')).toHaveValue(
      'group:default/team-orders',
    );
    expect(screen.getByText('orders-api is ok')).toBeInTheDocument();
    expect(screen.getByText('orders-consumer is failing')).toBeInTheDocument();
  });

  it('says why the table is empty, and clears the filters that hide everything', async () => {
    await renderPage(undefined, '/keda?owner=team-payments&trigger=kafka');
    expect(
      await screen.findByText('No workload matches these filters.'),
    ).toBeInTheDocument();
    expect(screen.queryByText('No records to display')).not.toBeInTheDocument();
    fireEvent.click(
      screen.getAllByRole('button', { name: 'Clear filters' })[0],
    );
    expect(await screen.findByText('Scaled workloads (3)')).toBeInTheDocument();
    await waitFor(() =>
      expect(screen.getByTestId('search')).toHaveTextContent(/^$/),
    );
  });

  it('says when no cluster has any scaled workload', async () => {
    await renderPage({
      generatedAt: '',
      clusters: [{ cluster: 'demo', state: 'synced', since: '' }] as any,
      items: [],
    });
    expect(
      await screen.findByText(
        'No ScaledObjects or ScaledJobs found in any cluster',
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Clear filters' }),
    ).not.toBeInTheDocument();
  });

  it('shows jobs, not replicas, for a ScaledJob', async () => {
    await renderPage({
      generatedAt: '',
      clusters: [],
      items: [
        {
          ...item('nightly-report', 'idle', 'cron', 'team-orders'),
          kind: 'ScaledJob',
          replicas: { min: 0, max: 1 },
        },
      ],
    });
    expect(
      await screen.findByText('Up to 1 job at a time'),
    ).toBeInTheDocument();
  });
});

describe('ownerMatches', () => {
  it.each([
    ['team-orders', 'group:default/team-orders', true],
    ['group:default/team-orders', 'team-orders', true],
    ['group:team-orders', 'Group:Default/Team-Orders', true],
    ['team-orders', 'orders', true],
    ['team-orders', 'group:default/team', false],
    ['user:default/jane', 'group:default/jane', false],
    ['user:default/jane', 'user:jane', true],
  ])('%s against %s: %s', (owner, query, expected) => {
    expect(ownerMatches(owner, query)).toBe(expected);
  });

  it('shortens owners as people say them', () => {
    expect(shortOwner('group:default/team-orders')).toBe('team-orders');
    expect(shortOwner('team-orders')).toBe('team-orders');
    expect(shortOwner('user:default/jane')).toBe('user:jane');
    expect(shortOwner('group:ops/sre')).toBe('ops/sre');
  });
});
