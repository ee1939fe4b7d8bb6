import { Link, TableColumn } from '@backstage/core-components';
import type {
  OverviewItem,
  ScalingHealth,
} from '@keda-portal/plugin-keda-common';
import { runningText } from '../EntityKedaCard/runningText';
import { breakable } from '../EntityKedaContent/breakable';
import { HealthChip } from '../HealthChip';
import { shortOwner } from './owners';

/** The health states, worst first: the order of chips, filter and sort. */
export const HEALTHS: ScalingHealth[] = [
  'failing',
  'degraded',
  'paused',
  'idle',
  'ok',
];

/** A row of the fleet table. */
export type FleetRow = OverviewItem & { id: string };

/**
 * The fleet table's columns. The workload links to its entity's
 * Autoscaling tab; the cluster column shows only with more than one.
 */
export function fleetColumns(
  entityLink: (ref: string) => string,
  clusters: string[],
): TableColumn<FleetRow>[] {
  return [
    {
      title: 'Workload',
      field: 'name',
      render: i => (
        <Link to={`${entityLink(i.entityRefs[0])}/autoscaling`}>
          {breakable(`${i.namespace}/${i.name}`)}
        </Link>
      ),
    },
    {
      title: 'Health',
      field: 'health',
      customSort: (a, b) =>
        HEALTHS.indexOf(a.health) - HEALTHS.indexOf(b.health),
      render: i => <HealthChip health={i.health} />,
    },
    {
      title: 'Diagnosis',
      field: 'diagnosis',
      // Wide enough for a sentence, so names in it are not broken mid-word.
      width: '35%',
      cellStyle: { minWidth: 240, wordBreak: 'normal', overflowWrap: 'normal' },
    },
    {
      title: 'Replicas',
      customSort: (a, b) =>
        (a.replicas.current ?? 0) - (b.replicas.current ?? 0),
      render: i => runningText({ kind: i.kind, status: i }),
    },
    { title: 'Triggers', render: i => i.triggerTypes.join(', ') },
    {
      title: 'Owner',
      render: i =>
        i.owners.map((o, n) => (
          <span key={o} style={{ whiteSpace: 'nowrap' }}>
            {n > 0 && ', '}
            {shortOwner(o)}
          </span>
        )),
    },
    // With one cluster the column says nothing and costs a column of width.
    ...(clusters.length > 1
      ? [{ title: 'Cluster', field: 'cluster' as const }]
      : []),
  ];
}
