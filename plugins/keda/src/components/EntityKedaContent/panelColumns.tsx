import type {
  KedaEventView,
  ScalingConditionView,
  TriggerStatusView,
  WorkloadView,
} from '@keda-portal/plugin-keda-common';
import { formatReading } from '@keda-portal/plugin-keda-common';
import type { DenseColumn } from '../DenseTable';
import { breakable } from './breakable';
import type { PanelClasses } from './workloadPanelStyles';

/** A trigger's status with its spec. */
export type TriggerRow = TriggerStatusView & {
  spec?: WorkloadView['triggers'][number];
};

/** "12 s ago", "3 min ago", "2 h ago". */
function ago(iso: string | undefined, now: number) {
  if (!iso) return '';
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 90) return `${s} s ago`;
  if (s < 5400) return `${Math.round(s / 60)} min ago`;
  return `${Math.round(s / 3600)} h ago`;
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

/** The trigger table: parameters, authentication, reading against target. */
export function triggerColumns(
  classes: PanelClasses,
): DenseColumn<TriggerRow>[] {
  return [
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
}

/** The conditions, with what each means. */
export function conditionColumns(
  now: number,
): DenseColumn<ScalingConditionView>[] {
  return [
    { title: 'Condition', render: c => c.type },
    { title: 'Status', render: c => c.status },
    { title: 'Reason', render: c => breakable(c.reason ?? '') },
    { title: 'What it means', render: c => c.explanation, prose: true },
    { title: 'Since', render: c => ago(c.since, now), nowrap: true },
  ];
}

/** The recent KEDA events. */
export function eventColumns(now: number): DenseColumn<KedaEventView>[] {
  return [
    { title: 'Type', render: e => e.type },
    { title: 'Reason', render: e => breakable(e.reason) },
    { title: 'Message', render: e => e.message, prose: true },
    { title: 'Count', render: e => e.count },
    { title: 'Age', render: e => ago(e.time, now), nowrap: true },
  ];
}
