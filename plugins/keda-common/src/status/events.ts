/**
 * KEDA's events about a ScaledObject or ScaledJob, from either Event API,
 * newest first.
 */
import type { KedaEventView, KubeEventLike } from './types';

/** Event reasons KEDA records (pkg/eventreason). */
const KEDA_EVENT_REASONS = new Set([
  'ScaledObjectReady',
  'ScaledObjectCheckFailed',
  'ScaledObjectUpdateFailed',
  'ScaledObjectDeleted',
  'ScaledObjectPaused',
  'ScaledObjectUnpaused',
  'ScaledObjectFallbackActivated',
  'ScaledObjectFallbackDeactivated',
  'KEDAScaleTargetActivated',
  'KEDAScaleTargetDeactivated',
  'KEDAScaleTargetActivationFailed',
  'KEDAScaleTargetDeactivationFailed',
  'KEDAMetricSourceFailed',
  'ScaledJobReady',
  'ScaledJobCheckFailed',
  'ScaledJobUpdateFailed',
  'ScaledJobDeleted',
  'ScaledJobPaused',
  'ScaledJobUnpaused',
  'ScaledJobPauseFailed',
  'ScaledJobRolloutCleanupStarted',
  'ScaledJobRolloutCleanupCompleted',
  'ScaledJobRolloutCleanupFailed',
  'ScaledJobActive',
  'ScaledJobInactive',
  'KEDAJobsCreated',
  'KEDAJobCreateFailed',
  'KEDAScalersStarted',
  'KEDAScalersStopped',
  'KEDAScalerFailed',
  'KEDAScalerInfo',
]);

/**
 * Whether an event was recorded by KEDA: its reporter is the KEDA operator,
 * or its reason is one of KEDA's.
 *
 * @public
 */
export function isKedaEvent(event: KubeEventLike): boolean {
  const reporters = [
    event.reportingController,
    event.reportingComponent,
    event.source?.component,
    event.deprecatedSource?.component,
  ];
  if (reporters.some(r => typeof r === 'string' && /keda/i.test(r))) {
    return true;
  }
  return KEDA_EVENT_REASONS.has(event.reason ?? '');
}

function firstTime(...times: Array<string | null | undefined>) {
  return times.find((t): t is string => typeof t === 'string' && t !== '');
}

function epoch(time: string | undefined): number {
  if (!time) return Number.NEGATIVE_INFINITY;
  const ms = Date.parse(time);
  return Number.isNaN(ms) ? Number.NEGATIVE_INFINITY : ms;
}

/**
 * One event in a common shape, whichever API it came from.
 *
 * @public
 */
export function normalizeEvent(event: KubeEventLike): KedaEventView {
  const time = firstTime(
    event.series?.lastObservedTime,
    event.lastTimestamp,
    event.deprecatedLastTimestamp,
    event.eventTime,
    event.firstTimestamp,
    event.deprecatedFirstTimestamp,
    event.metadata?.creationTimestamp,
  );
  const first = firstTime(
    event.firstTimestamp,
    event.deprecatedFirstTimestamp,
    event.eventTime,
  );
  const view: KedaEventView = {
    reason: event.reason ?? '',
    type: event.type ?? 'Normal',
    message: event.note ?? event.message ?? '',
    count: event.series?.count ?? event.count ?? event.deprecatedCount ?? 1,
  };
  if (time) view.time = time;
  if (first) view.firstTime = first;
  if (event.action) view.action = event.action;
  return view;
}

/**
 * KEDA's events about one object, newest first. Events about another
 * ScaledObject/ScaledJob than `subject` are left out; so are events of other
 * reporters (the HPA controller, the scheduler, ...). Events with the same
 * time keep their input order.
 *
 * @public
 */
export function collectKedaEvents(
  events: KubeEventLike[] | undefined,
  subject?: { kind: string; name?: string },
): KedaEventView[] {
  return (events ?? [])
    .filter(isKedaEvent)
    .filter(event => {
      const about = event.regarding ?? event.involvedObject;
      if (!subject?.name || !about?.kind || !about.name) return true;
      if (about.kind !== 'ScaledObject' && about.kind !== 'ScaledJob') {
        return true;
      }
      return about.kind === subject.kind && about.name === subject.name;
    })
    .map((event, order) => ({ view: normalizeEvent(event), order }))
    .sort(
      (a, b) => epoch(b.view.time) - epoch(a.view.time) || a.order - b.order,
    )
    .map(({ view }) => view);
}
