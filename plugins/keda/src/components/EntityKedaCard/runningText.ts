import type {
  JobCountsView,
  ReplicaStatusView,
} from '@keda-portal/plugin-keda-common';

const count = (n: number, one: string, many = `${one}s`) =>
  `${n} ${n === 1 ? one : many}`;

/**
 * What a scaled workload runs now, in words: replicas of a ScaledObject's
 * target; jobs of a ScaledJob, which has no replicas (its maximum caps the
 * jobs running at a time, and the running count is known only when the
 * backend reads the Jobs).
 */
export function runningText(w: {
  kind: 'ScaledObject' | 'ScaledJob';
  status: { replicas: ReplicaStatusView; jobs?: JobCountsView };
}): string {
  const r = w.status.replicas;
  if (w.kind === 'ScaledJob') {
    const running = w.status.jobs?.running ?? r.current;
    if (running === undefined) return `Up to ${count(r.max, 'job')} at a time`;
    const cap = `at most ${r.max} at a time`;
    return running === 0
      ? `No jobs running (${cap})`
      : `${count(running, 'job')} running (${cap})`;
  }
  const bounds = `min ${r.min}, max ${r.max}`;
  return r.current === undefined
    ? `Replicas unknown (${bounds})`
    : `${count(r.current, 'replica')} (${bounds})`;
}
