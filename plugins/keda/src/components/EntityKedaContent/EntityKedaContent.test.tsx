import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type {
  EntityScalingResponse,
  ScalingHealth,
  WorkloadView,
} from '@keda-portal/plugin-keda-common';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { KedaApi, kedaApiRef } from '../../api';
import { EntityKedaContent } from './EntityKedaContent';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'orders-consumer',
    namespace: 'default',
    annotations: {
      'backstage.io/kubernetes-id': 'orders-consumer',
      'backstage.io/kubernetes-namespace': 'shop',
    },
  },
  spec: { type: 'service', owner: 'team-orders', lifecycle: 'production' },
};

function workload(
  health: ScalingHealth,
  overrides: Partial<WorkloadView> = {},
): WorkloadView {
  return {
    kind: 'ScaledObject',
    namespace: 'shop',
    name: 'orders-consumer',
    scaleTarget: { kind: 'Deployment', name: 'orders-consumer' },
    triggers: [
      {
        type: 'kafka',
        metadata: {
          topic: 'orders',
          lagThreshold: '50',
          password: '<redacted>',
        },
        authenticationRef: { name: 'kafka-auth' },
      },
    ],
    status: {
      kind: 'ScaledObject',
      health,
      reasons: [],
      conditions: [
        {
          type: 'Ready',
          status: health === 'failing' ? 'False' : 'True',
          reason: health === 'failing' ? 'TriggerError' : 'ScaledObjectReady',
          explanation: `explained ${health}`,
          reported: true,
        },
      ],
      triggers: [
        {
          index: 0,
          type: 'kafka',
          label: 'kafka (orders)',
          metricNames: ['s0-kafka-orders'],
          current: { type: 'AverageValue', value: 40 },
          target: { type: 'AverageValue', value: 50 },
          active: health !== 'idle',
          failures: health === 'failing' ? 4 : 0,
          healthStatus: health === 'failing' ? 'Failing' : 'Happy',
        },
      ],
      replicas: { min: 1, max: 30, current: 5, desired: 5 },
      events: [
        {
          reason: 'KEDAScalersStarted',
          type: 'Normal',
          message: 'Started scalers watch',
          count: 1,
        },
      ],
      diagnosis: `Diagnosis for ${health}`,
    },
    ...overrides,
  } as WorkloadView;
}

function response(
  clusters: EntityScalingResponse['clusters'],
): EntityScalingResponse {
  return {
    entityRef: 'component:default/orders-consumer',
    generatedAt: new Date().toISOString(),
    clusters,
  };
}

const historyCalls: number[] = [];

async function renderWith(data: EntityScalingResponse | Error) {
  const api: Partial<KedaApi> = {
    getScaling: async () => {
      if (data instanceof Error) throw data;
      return data;
    },
    getHistory: async (_ref, hours) => {
      historyCalls.push(hours);
      return {
        entityRef: 'component:default/orders-consumer',
        since: '2026-11-28T09:00:00Z',
        series: [
          {
            cluster: 'demo',
            namespace: 'shop',
            kind: 'ScaledObject',
            name: 'orders-consumer',
            points: [
              {
                t: '2026-11-28T09:10:00Z',
                replicas: 2,
                desired: 2,
                metrics: { 's0-kafka-orders': '40' },
              },
              {
                t: '2026-11-28T09:20:00Z',
                replicas: 5,
                desired: 6,
                metrics: { 's0-kafka-orders': '120500m' },
              },
            ],
          },
        ],
      };
    },
  };
  return renderInTestApp(
    <TestApiProvider apis={[[kedaApiRef, api]]}>
      <EntityProvider entity={entity}>
        <EntityKedaContent />
      </EntityProvider>
    </TestApiProvider>,
  );
}

const synced = {
  cluster: 'demo',
  state: 'synced' as const,
  since: '2026-11-28T10:00:00Z',
};

describe('EntityKedaContent', () => {
  it.each<[ScalingHealth, string]>([
    ['ok', 'Healthy'],
    ['degraded', 'Degraded'],
    ['failing', 'Failing'],
    ['paused', 'Paused'],
    ['idle', 'Idle'],
  ])(
    'shows a %s workload with its diagnosis, triggers and replicas',
    async (health, label) => {
      await renderWith(
        response([{ ...synced, workloads: [workload(health)] }]),
      );
      expect(
        await screen.findByText(`Diagnosis for ${health}`),
      ).toBeInTheDocument();
      expect(screen.getByTestId(`health-${health}`)).toHaveTextContent(label);
      expect(screen.getByText('kafka (orders)')).toBeInTheDocument();
      expect(screen.getByText('40 / 50 per replica')).toBeInTheDocument();
      expect(screen.getByText('kafka-auth')).toBeInTheDocument();
      expect(screen.getByText('password: <redacted>')).toBeInTheDocument();
      expect(screen.getByTestId('replicas')).toHaveTextContent(
        '5current5desired1min30max',
      );
      expect(screen.getByText(`explained ${health}`)).toBeInTheDocument();
      expect(screen.getByText('KEDAScalersStarted')).toBeInTheDocument();
    },
  );

  it('charts replicas and trigger values over a chosen time range', async () => {
    historyCalls.length = 0;
    await renderWith(response([{ ...synced, workloads: [workload('ok')] }]));
    expect(await screen.findByTestId('history-chart')).toBeInTheDocument();
    expect(screen.getByText('Replicas and trigger values')).toBeInTheDocument();
    expect(historyCalls).toContain(1);
    fireEvent.mouseDown(
      screen
        .getByLabelText('Time range')
        .parentElement!.querySelector('[role=button]')!,
    );
    fireEvent.click(
      await screen.findByRole('option', { name: 'Last 24 hours' }),
    );
    await waitFor(() => expect(historyCalls).toContain(24));
  });

  it('tells the team what to add when nothing is found', async () => {
    await renderWith(response([{ ...synced, workloads: [] }]));
    expect(
      await screen.findByText(
        'No ScaledObject or ScaledJob found for this component',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('backstage.io/kubernetes-id=orders-consumer'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', {
        name: /Add event-driven autoscaling to a component/,
      }),
    ).toHaveAttribute(
      'href',
      `/create/templates/default/add-keda-autoscaling?formData=${encodeURIComponent(
        '{"component":"component:default/orders-consumer"}',
      )}`,
    );
  });

  it('explains the missing annotations of a component without them, without asking the backend', async () => {
    const calls: string[] = [];
    const api: Partial<KedaApi> = {
      getScaling: async ref => {
        calls.push(ref.name);
        throw new Error('should not be asked');
      },
      listChanges: async ref => {
        calls.push(ref.name);
        throw new Error('should not be asked');
      },
    };
    await renderInTestApp(
      <TestApiProvider apis={[[kedaApiRef, api]]}>
        <EntityProvider
          entity={{
            ...entity,
            metadata: { name: 'shop-web', namespace: 'default' },
          }}
        >
          <EntityKedaContent />
        </EntityProvider>
      </TestApiProvider>,
    );
    expect(
      await screen.findByText('Autoscaling is not set up for this component'),
    ).toBeInTheDocument();
    expect(screen.getByText('backstage.io/kubernetes-id')).toBeInTheDocument();
    expect(
      screen.getByRole('link', {
        name: /Add event-driven autoscaling to a component/,
      }),
    ).toHaveAttribute(
      'href',
      `/create/templates/default/add-keda-autoscaling?formData=${encodeURIComponent(
        '{"component":"component:default/shop-web"}',
      )}`,
    );
    expect(calls).toEqual([]);
  });

  it('shows a stale cluster with its error next to a live one', async () => {
    await renderWith(
      response([
        { ...synced, workloads: [workload('ok')] },
        {
          cluster: 'west',
          state: 'stale',
          since: '2026-11-28T10:00:00Z',
          error: 'connect ECONNREFUSED 10.0.0.9:6443',
          workloads: [],
        },
      ]),
    );
    expect(
      await screen.findByText(/Cluster west is unreachable/),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText(/ECONNREFUSED 10.0.0.9:6443/).length,
    ).toBeGreaterThan(0);
    expect(screen.getByText('Diagnosis for ok')).toBeInTheDocument();
  });

  it('shows a ScaledJob', async () => {
    const job = workload('idle', {
      kind: 'ScaledJob',
      name: 'nightly-report',
      scaleTarget: undefined,
      triggers: [
        {
          type: 'cron',
          metadata: { timezone: 'Europe/Amsterdam', start: '0 2 * * *' },
        },
      ],
    });
    job.status = {
      ...job.status,
      kind: 'ScaledJob',
      triggers: [{ ...job.status.triggers[0], type: 'cron', label: 'cron' }],
    };
    await renderWith(response([{ ...synced, workloads: [job] }]));
    expect(
      await screen.findByText('ScaledJob in shop on demo, scaling Jobs'),
    ).toBeInTheDocument();
    expect(screen.getByText('timezone: Europe/Amsterdam')).toBeInTheDocument();
  });

  it('shows the backend error', async () => {
    await renderWith(new Error('backend unreachable'));
    expect(
      (await screen.findAllByText(/backend unreachable/)).length,
    ).toBeGreaterThan(0);
  });
});
