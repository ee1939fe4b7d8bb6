import type {
  KedaClusterReader,
  ObjectChange,
} from '@keda-portal/plugin-keda-node';
import type { KubernetesObject } from '@kubernetes/client-node';

/**
 * The ScaledObjects and ScaledJobs a change concerns: the object itself, the
 * owner of a changed HPA, the users of a changed scale target, or the
 * subject of a KEDA event. The cluster cache answers, with the same rules
 * it uses to put a workload together.
 */
export function scaledObjectsForChange(
  reader: KedaClusterReader,
  change: ObjectChange,
): KubernetesObject[] {
  const cache = reader.cache(change.cluster);
  if (!cache || !change.object?.metadata) return [];
  return cache.workloadsConcerning(change.kind, change.object);
}
