import { InfoCard } from '@backstage/core-components';
import { formatReading } from '@keda-portal/plugin-keda-common';
import type {
  KedaEventView,
  ScalingConditionView,
  TriggerStatusView,
  WorkloadView,
} from '@keda-portal/plugin-keda-common';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { ChangePullRequest, CompoundRef } from '../../api';
import { DenseColumn, DenseTable } from '../DenseTable';
import { HealthChip } from '../HealthChip';
import { ProposeChangeButton } from '../ProposeChange';
import { breakable } from './breakable';
import { HistoryChart } from './HistoryChart';
import { WhenVisible } from './WhenVisible';

const useStyles = makeStyles(theme => ({
  diagnosis: { marginTop: theme.spacing(1) },
  number: { fontSize: '1.6rem', fontWeight: 600, lineHeight: 1.2 },
  label: {
    color: theme.palette.text.secondary,
    fontSize: '0.75rem',
    textTransform: 'uppercase',
  },
  bar: {
    height: 8,
    borderRadius: 4,
    minWidth: 120,
    marginTop: 2,
    overflow: 'hidden',
    backgroundColor: theme.palette.action.hover,
  },
  barFill: { height: '100%', backgroundColor: theme.palette.primary.main },
  barOver: { backgroundColor: theme.palette.secondary.main },
  mono: { fontFamily: 'monospace', fontSize: '0.8rem' },
  // Plain elements with one style sheet: Box and Grid compute styles per
  // instance, which adds up over fifty panels.
  row: { display: 'flex', alignItems: 'center', gap: 12 },
  replicas: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: 24,
    margin: theme.spacing(2, 0),
  },
  // Conditions and events side by side only where both fit (a wide
  // screen); stacked otherwise. Their tables wrap and, failing that,
  // scroll inside their own column, never over the neighbour.
  sections: {
    display: 'grid',
    gap: theme.spacing(2),
    gridTemplateColumns: 'repeat(auto-fit, minmax(min(100%, 600px), 1fr))',
    '& > *': { minWidth: 0 },
  },
  param: { paddingLeft: '1em', textIndent: '-1em' },
  wide: { gridColumn: '1 / -1' },
}));

type PanelClasses = ReturnType<typeof useStyles>;

function ago(iso: string | undefined, now: number) {
  if (!iso) return '';
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 90) return `${s} s ago`;
  if (s < 5400) return `${Math.round(s / 60)} min ago`;
  return `${Math.round(s / 3600)} h ago`;
}

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

function activeLabel(active?: boolean) {
  if (active === undefined) return '–';
  return active ? 'yes' : 'no';
}

/**
 * Current against target, in the quantity the diagnosis names: the
 * per-replica average for an AverageValue target, the total for a Value
 * target, a percentage for utilization.
 */
function TriggerValue({
  trigger,
  classes,
}: {
  trigger: TriggerStatusView;
  classes: PanelClasses;
}) {
  const { current, target } = trigger;
  if (!current || !target) {
    return (
      <span>
        {current ? formatReading(current, trigger.type) : 'no reading'}
      </span>
    );
  }
  const ratio = target.value > 0 ? current.value / target.value : 0;
  let unit = '';
  if (target.type === 'AverageValue') unit = ' per replica';
  else if (target.type === 'Value') unit = ' in total';
  return (
    <div>
      <div>
        {formatReading(current, trigger.type)} /{' '}
        {formatReading(target, trigger.type)}
        {unit}
      </div>
      <div
        className={classes.bar}
        role="progressbar"
        aria-valuenow={Math.round(Math.min(100, ratio * 100))}
        aria-valuemin={0}
        aria-valuemax={100}
      >
        <div
          className={`${classes.barFill} ${ratio > 1 ? classes.barOver : ''}`}
          style={{ width: `${Math.min(100, ratio * 100)}%` }}
        />
      </div>
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
  const triggerColumns: DenseColumn<(typeof triggerRows)[number]>[] = [
    { title: 'Trigger', render: t => <strong>{t.label}</strong>, nowrap: true },
    {
      title: 'Parameters',
      render: t => (
        <div className={classes.mono}>
          {Object.entries(t.spec?.metadata ?? {})
            .slice(0, 4)
            .map(([k, v]) => (
              <div key={k} className={classes.param} title={`${k}: ${v}`}>
                {k}: {breakable(v)}
              </div>
            ))}
        </div>
      ),
    },
    {
      title: 'Authentication',
      render: t =>
        t.authenticationRef?.name ?? t.spec?.authenticationRef?.name ?? '–',
    },
    {
      title: 'Current / target',
      render: t => <TriggerValue trigger={t} classes={classes} />,
    },
    { title: 'Active', render: t => activeLabel(t.active) },
    {
      title: 'Failures',
      render: t =>
        t.failures ? `${t.failures} (${t.healthStatus ?? ''})` : '0',
    },
  ];
  const conditionColumns: DenseColumn<ScalingConditionView>[] = [
    { title: 'Condition', render: c => c.type },
    { title: 'Status', render: c => c.status },
    { title: 'Reason', render: c => breakable(c.reason ?? '') },
    { title: 'What it means', render: c => c.explanation, prose: true },
    { title: 'Since', render: c => ago(c.since, now), nowrap: true },
  ];
  const eventColumns: DenseColumn<KedaEventView>[] = [
    { title: 'Type', render: e => e.type },
    { title: 'Reason', render: e => breakable(e.reason) },
    { title: 'Message', render: e => e.message, prose: true },
    { title: 'Count', render: e => e.count },
    { title: 'Age', render: e => ago(e.time, now), nowrap: true },
  ];
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
              columns={triggerColumns}
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
              columns={conditionColumns}
              rows={status.conditions}
              rowKey={c => c.type}
            />
          </div>
          <div>
            <DenseTable
              title="Recent KEDA events"
              columns={eventColumns}
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
