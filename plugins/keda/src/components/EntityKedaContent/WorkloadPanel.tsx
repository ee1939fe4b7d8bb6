import { InfoCard } from '@backstage/core-components';
import type { WorkloadView } from '@keda-portal/plugin-keda-common';
import Typography from '@material-ui/core/Typography';
import { ChangePullRequest, CompoundRef } from '../../api';
import { DenseTable } from '../DenseTable';
import { HealthChip } from '../HealthChip';
import { ProposeChangeButton } from '../ProposeChange';
import { HistoryChart } from './HistoryChart';
import { conditionColumns, eventColumns, triggerColumns } from './panelColumns';
import { type PanelClasses, useStyles } from './workloadPanelStyles';
import { WhenVisible } from './WhenVisible';

/** The replica counts, large. */
function Replicas({
  workload,
  classes,
}: {
  workload: WorkloadView;
  classes: PanelClasses;
}) {
  const r = workload.status.replicas;
  const cells: [string, number | undefined][] = [
    ['current', r.current],
    ['desired', r.desired],
    ['min', r.min],
    ['max', r.max],
    ...(r.idle !== undefined ? ([['idle', r.idle]] as [string, number][]) : []),
    ...(r.paused !== undefined
      ? ([['paused at', r.paused]] as [string, number][])
      : []),
    ...(r.fallback !== undefined
      ? ([['fallback', r.fallback]] as [string, number][])
      : []),
  ];
  return (
    <div className={classes.replicas} data-testid="replicas">
      {cells.map(([label, value]) => (
        <div key={label}>
          <div className={classes.number}>{value ?? '–'}</div>
          <div className={classes.label}>{label}</div>
        </div>
      ))}
    </div>
  );
}

/** One ScaledObject or ScaledJob of the entity in one cluster. */
export function WorkloadPanel({
  workload,
  cluster,
  now,
  entity,
  version,
  changes,
}: {
  workload: WorkloadView;
  cluster: string;
  now: number;
  /** The entity, for the history request; no history when absent. */
  entity?: CompoundRef;
  /** Changes with every refetch of the live data. */
  version?: string;
  /** Proposing changes: shows the "Propose change" button (needs `entity`). */
  changes?: {
    kubernetesId?: string;
    openPullRequests?: ChangePullRequest[];
    onProposed?(): void;
  };
}) {
  const classes = useStyles();
  const { status } = workload;
  const triggerRows = status.triggers.map(t => ({
    ...t,
    spec: workload.triggers[t.index],
  }));
  const target = workload.scaleTarget
    ? `${workload.scaleTarget.kind}/${workload.scaleTarget.name}`
    : 'Jobs';

  return (
    <div data-testid="workload-panel">
      <InfoCard
        title={
          <span className={classes.row}>
            <span>{workload.name}</span>
            <HealthChip health={status.health} />
          </span>
        }
        subheader={`${workload.kind} in ${workload.namespace} on ${cluster}, scaling ${target}`}
        action={
          entity && changes ? (
            <ProposeChangeButton
              entity={entity}
              workload={workload}
              kubernetesId={changes.kubernetesId}
              openPullRequests={changes.openPullRequests}
              onProposed={changes.onProposed}
            />
          ) : undefined
        }
      >
        <Typography
          variant="body1"
          className={classes.diagnosis}
          data-testid="diagnosis"
        >
          {status.diagnosis}
        </Typography>
        <Replicas workload={workload} classes={classes} />
        <div className={classes.sections} data-testid="panel-sections">
          <div className={classes.wide}>
            <DenseTable
              title="Triggers"
              columns={triggerColumns(classes)}
              rows={triggerRows}
              rowKey={t => String(t.index)}
            />
          </div>
          {entity && workload.kind === 'ScaledObject' && (
            <div className={classes.wide}>
              <WhenVisible height={340}>
                <HistoryChart
                  entity={entity}
                  cluster={cluster}
                  namespace={workload.namespace}
                  name={workload.name}
                  version={version ?? ''}
                />
              </WhenVisible>
            </div>
          )}
          <div>
            <DenseTable
              title="Conditions"
              columns={conditionColumns(now)}
              rows={status.conditions}
              rowKey={c => c.type}
            />
          </div>
          <div>
            <DenseTable
              title="Recent KEDA events"
              columns={eventColumns(now)}
              rows={status.events.slice(0, 8)}
              rowKey={(e, i) => `${i}-${e.reason}`}
              empty="No KEDA events recorded."
            />
          </div>
        </div>
      </InfoCard>
    </div>
  );
}
