import {
  buildScalingStatus,
  type ScalingStatus,
  type ScalingStatusInput,
} from '@keda-portal/plugin-keda-common';
import type { ScaledWorkload } from '@keda-portal/plugin-keda-node';

/** One scaled workload as the API returns it: identity plus the view model. */
export interface WorkloadView {
  kind: 'ScaledObject' | 'ScaledJob';
  namespace: string;
  name: string;
  status: ScalingStatus;
}

/**
 * The domain core's view model for one workload of the cache. The cache's
 * objects are the API server's JSON, which is what the model's input types
 * describe.
 */
export function workloadView(
  workload: ScaledWorkload,
  now: Date,
): WorkloadView {
  const object = (workload.scaledObject ?? workload.scaledJob)!;
  const input = {
    scaledObject: workload.scaledObject,
    scaledJob: workload.scaledJob,
    hpa: workload.hpa,
    target: workload.target,
    events: workload.events,
    now,
  } as unknown as ScalingStatusInput;
  return {
    kind: workload.scaledObject ? 'ScaledObject' : 'ScaledJob',
    namespace: object.metadata!.namespace!,
    name: object.metadata!.name!,
    status: buildScalingStatus(input),
  };
}
