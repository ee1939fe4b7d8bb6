import type { ScaledWorkload } from '@keda-portal/plugin-keda-node';

/** What the API returns for one scaled workload. */
export function workloadView(workload: ScaledWorkload, _now: Date) {
  return workload;
}
