import { renderInTestApp } from '@backstage/test-utils';
import {
  buildScalingStatus,
  type WorkloadView,
} from '@keda-portal/plugin-keda-common';
import { screen, within } from '@testing-library/react';
import { WorkloadPanel } from './WorkloadPanel';

/**
 * orders-api as the demo shows it: a prometheus trigger with a per-replica
 * threshold of 50, two replicas, 65 requests/s in total (KEDA's metric is
 * the per-replica average, 32.5).
 */
function ordersApi(
  target:
    | { type: 'AverageValue'; averageValue: string }
    | {
        type: 'Value';
        value: string;
      },
  current: { averageValue: string } | { value: string },
): WorkloadView {
  const triggers = [
    {
      type: 'prometheus',
      metadata: {
        serverAddress: 'http://prometheus.monitoring.svc:9090',
        query: 'sum(rate(http_requests_total{app="orders-api"}[1m]))',
        threshold: '50',
      },
    },
  ];
  const status = buildScalingStatus({
    scaledObject: {
      metadata: { name: 'orders-api', namespace: 'shop' },
      spec: {
        scaleTargetRef: { name: 'orders-api' },
        minReplicaCount: 2,
        maxReplicaCount: 12,
        triggers,
      },
      status: {
        conditions: [
          { type: 'Ready', status: 'True', reason: 'ScaledObjectReady' },
          { type: 'Active', status: 'True', reason: 'ScalerActive' },
        ],
        health: { 's0-prometheus': { status: 'Happy', numberOfFailures: 0 } },
      },
    },
    hpa: {
      spec: {
        minReplicas: 2,
        maxReplicas: 12,
        metrics: [
          {
            type: 'External',
            external: { metric: { name: 's0-prometheus' }, target },
          },
        ],
      },
      status: {
        currentReplicas: 2,
        desiredReplicas: 2,
        currentMetrics: [
          {
            type: 'External',
            external: { metric: { name: 's0-prometheus' }, current },
          },
        ],
      },
    },
    target: { spec: { replicas: 2 }, status: { replicas: 2 } },
  });
  return {
    kind: 'ScaledObject',
    namespace: 'shop',
    name: 'orders-api',
    scaleTarget: { kind: 'Deployment', name: 'orders-api' },
    triggers,
    status,
  };
}

describe('WorkloadPanel', () => {
  it('the diagnosis and the trigger table name the same quantity', async () => {
    await renderInTestApp(
      <WorkloadPanel
        workload={ordersApi(
          { type: 'AverageValue', averageValue: '50' },
          { averageValue: '32500m' },
        )}
        cluster="demo"
        now={Date.now()}
      />,
    );
    const diagnosis = screen.getByTestId('diagnosis').textContent ?? '';
    const triggers = within(screen.getByRole('table', { name: 'Triggers' }));
    expect(triggers.getByText('32.5 / 50 per replica')).toBeInTheDocument();
    expect(diagnosis).toContain('32.5 per replica against a target of 50');
    // The total is there, labelled as such, never as the compared quantity.
    expect(diagnosis).toContain('(65 in total over 2 replicas)');
    expect(diagnosis).not.toMatch(/\b65 against/);
  });

  it('a Value target is a total in both places', async () => {
    await renderInTestApp(
      <WorkloadPanel
        workload={ordersApi({ type: 'Value', value: '50' }, { value: '65' })}
        cluster="demo"
        now={Date.now()}
      />,
    );
    const diagnosis = screen.getByTestId('diagnosis').textContent ?? '';
    const triggers = within(screen.getByRole('table', { name: 'Triggers' }));
    expect(triggers.getByText('65 / 50 in total')).toBeInTheDocument();
    expect(diagnosis).toContain('65 in total against a target of 50');
  });
});
