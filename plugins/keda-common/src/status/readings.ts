/**
 * Readings in words: a metric's number in its usual unit, and the phrase
 * about the reading that drives the HPA, as the diagnosis and the trigger
 * table show them.
 */
import { plural } from './format';
import { formatNumber } from './quantity';
import type {
  CompositeMetricView,
  MetricReading,
  TriggerStatusView,
} from './types';

/** A cpu or memory amount in its usual unit: `250m`, `1.5`, `512Mi`. */
function resourceAmount(type: string, value: number): string {
  if (type === 'memory') {
    const units: Array<[string, number]> = [
      ['Gi', 2 ** 30],
      ['Mi', 2 ** 20],
      ['Ki', 2 ** 10],
    ];
    const unit = units.find(([, size]) => value >= size);
    return unit
      ? `${formatNumber(value / unit[1])}${unit[0]}`
      : formatNumber(value);
  }
  return value < 1 ? `${Math.round(value * 1000)}m` : formatNumber(value);
}

/**
 * A reading's number as the diagnosis writes it, so the trigger table can
 * show the same one: `40.8`, `512Mi` or `250m` for memory and cpu, `73%`
 * for utilization.
 *
 * @public
 */
export function formatReading(
  reading: MetricReading,
  triggerType?: string,
): string {
  if (reading.type === 'Utilization') return `${formatNumber(reading.value)}%`;
  if (triggerType === 'cpu' || triggerType === 'memory') {
    return resourceAmount(triggerType, reading.value);
  }
  return formatNumber(reading.value);
}

/**
 * One quantity, labelled, as the trigger table shows it: the per-replica
 * average KEDA compares with an `AverageValue` target (with the total it
 * came from), the total for a `Value` target, the percentage for
 * utilization. `40.8 per replica against a target of 50 (204 in total over
 * 5 replicas)`, `cpu at 73% against a target of 60%`.
 */
function readingPhrase(
  label: string,
  current: MetricReading,
  target: MetricReading | undefined,
  replicas: number | undefined,
  resource?: string,
  /** Which trigger, when several could drive: ` on kafka`. */
  on = '',
): string {
  if (resource && current.type === 'AverageValue') {
    const against =
      target && target.type !== 'Utilization'
        ? ` against a target of ${resourceAmount(resource, target.value)}`
        : '';
    return `${label} at ${resourceAmount(
      resource,
      current.value,
    )} per replica${against}`;
  }
  if (current.type === 'Utilization') {
    const against =
      target?.type === 'Utilization'
        ? ` against a target of ${formatNumber(target.value)}%`
        : '';
    return `${label} at ${formatNumber(current.value)}%${against}`;
  }
  if (current.type === 'AverageValue') {
    // The HPA reports the per-replica average; the total it came from helps
    // to read it against the source (queue length, request rate).
    const total =
      replicas !== undefined && replicas > 0
        ? ` (${formatNumber(current.value * replicas)} in total over ${plural(
            replicas,
            'replica',
          )})`
        : '';
    const of =
      target &&
      ` against a target of ${formatNumber(target.value)}${
        target.type === 'Value' ? ' in total' : ''
      }`;
    return `${formatNumber(current.value)} per replica${of ?? ''}${on}${total}`;
  }
  const against = target
    ? ` against a target of ${formatNumber(target.value)}${
        target.type === 'AverageValue' ? ' per replica' : ''
      }`
    : '';
  return `${formatNumber(current.value)} in total${against}${on}`;
}

function ratio(current: MetricReading, target: MetricReading | undefined) {
  if (!target || target.value === 0) return 0;
  return current.value / target.value;
}

/** The reading that drives the HPA: the highest current/target ratio. */
export function drivingReading(
  triggers: TriggerStatusView[],
  composite: CompositeMetricView | undefined,
  replicas: number | undefined,
): string | undefined {
  if (composite?.current) {
    return readingPhrase(
      composite.metricName,
      composite.current,
      composite.target,
      replicas,
    );
  }
  const withReading = triggers.filter(t => t.current);
  if (withReading.length === 0) return undefined;
  const best = withReading.reduce((a, b) =>
    ratio(b.current!, b.target) > ratio(a.current!, a.target) ? b : a,
  );
  const resource =
    best.type === 'cpu' || best.type === 'memory' ? best.type : undefined;
  const on =
    withReading.length > 1 && best.current!.type !== 'Utilization' && !resource
      ? ` on ${best.label}`
      : '';
  return readingPhrase(
    best.label,
    best.current!,
    best.target,
    replicas,
    resource,
    on,
  );
}
