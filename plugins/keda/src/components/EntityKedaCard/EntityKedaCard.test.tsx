import { Entity } from '@backstage/catalog-model';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type {
  EntityScalingResponse,
  WorkloadView,
} from '@keda-portal/plugin-keda-common';
import { screen } from '@testing-library/react';
import { KedaApi, kedaApiRef } from '../../api';
import { EntityKedaCard } from './EntityKedaCard';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'nightly-report', namespace: 'default' },
  spec: { type: 'service', owner: 'team-orders', lifecycle: 'production' },
};

function workload(
  kind: WorkloadView['kind'],
  name: string,
  replicas: WorkloadView['status']['replicas'],
  jobs?: WorkloadView['status']['jobs'],
): WorkloadView {
  return {
    kind,
    namespace: 'shop',
    name,
    triggers: [{ type: 'cron', metadata: {} }],
    status: {
      kind,
      health: 'ok',
      reasons: [],
      conditions: [],
      triggers: [
        { index: 0, type: 'cron', label: 'cron', metricNames: ['s0-cron'] },
      ],
      replicas,
      ...(jobs ? { jobs } : {}),
      events: [],
      diagnosis: `${name} diagnosis`,
    },
  } as WorkloadView;
}

async function renderCard(workloads: WorkloadView[]) {
  const response: EntityScalingResponse = {
    entityRef: 'component:default/nightly-report',
    generatedAt: new Date().toISOString(),
    clusters: [
      {
        cluster: 'demo',
        state: 'synced',
        since: '2026-12-01T10:00:00Z',
        workloads,
      },
    ],
  };
  const api: Partial<KedaApi> = { getScaling: async () => response };
  await renderInTestApp(
    <TestApiProvider apis={[[kedaApiRef, api]]}>
      <EntityProvider entity={entity}>
        <EntityKedaCard />
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

describe('EntityKedaCard', () => {
  it('links to the Autoscaling tab', async () => {
    await renderCard([]);
    expect(
      await screen.findByRole('link', { name: /View autoscaling/ }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/nightly-report/autoscaling',
    );
  });

  it('counts replicas in words that agree with the number', async () => {
    await renderCard([
      workload('ScaledObject', 'one', { min: 1, max: 5, current: 1 }),
      workload('ScaledObject', 'three', { min: 0, max: 5, current: 3 }),
    ]);
    expect(
      await screen.findByText(/^1 replica \(min 1, max 5\)/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/^3 replicas \(min 0, max 5\)/),
    ).toBeInTheDocument();
  });

  it('shows jobs for a ScaledJob, not replicas', async () => {
    await renderCard([
      workload(
        'ScaledJob',
        'idle-job',
        { min: 0, max: 10, current: 0 },
        { running: 0, succeeded: 3, failed: 0, total: 3 },
      ),
      workload(
        'ScaledJob',
        'busy-job',
        { min: 0, max: 10, current: 2 },
        { running: 2, succeeded: 0, failed: 0, total: 2 },
      ),
    ]);
    expect(
      await screen.findByText(/^No jobs running \(at most 10 at a time\)/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/^2 jobs running \(at most 10 at a time\)/),
    ).toBeInTheDocument();
    expect(screen.queryByText(/replicas/)).not.toBeInTheDocument();
  });

  it('says what a ScaledJob allows when its Jobs are not known', async () => {
    await renderCard([
      workload('ScaledJob', 'nightly-report', { min: 0, max: 1 }),
    ]);
    expect(
      await screen.findByText(/^Up to 1 job at a time · cron/),
    ).toBeInTheDocument();
  });
});
