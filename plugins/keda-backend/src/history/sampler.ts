import type {
  KedaClusterReader,
  ObjectChange,
} from '@keda-portal/plugin-keda-node';
import type { HpaLike, ScaleTargetLike } from '@keda-portal/plugin-keda-common';
import { scaledObjectsForChange } from '../live/affected';
import { Sample } from './HistoryStore';

/** The HPA's current metric values as the API writes them, by metric name. */
function currentMetricValues(hpa: HpaLike | undefined): Record<string, string> {
  const metrics: Record<string, string> = {};
  for (const m of hpa?.status?.currentMetrics ?? []) {
    const name =
      m.external?.metric?.name ?? m.resource?.name ?? m.containerResource?.name;
    const current =
      m.external?.current ??
      m.resource?.current ??
      m.containerResource?.current;
    const value =
      current?.averageValue ?? current?.value ?? current?.averageUtilization;
    if (name && value !== undefined) metrics[name] = String(value);
  }
  return metrics;
}

/**
 * Turns watch changes into samples of the ScaledObjects they concern. Only
 * the changed object's resourceVersion goes into the key, so backend
 * replicas watching the same cluster produce the same keys and the database
 * keeps one row per change.
 */
export function samplesForChange(
  reader: KedaClusterReader,
  change: ObjectChange,
  now: Date,
): Sample[] {
  const cache = reader.cache(change.cluster);
  if (!cache) return [];

  const sample = (so: any, source: any, kindKey: string): Sample => {
    const ns = so.metadata.namespace;
    const workload = cache.workloadFor(so);
    const target = workload.target as ScaleTargetLike | undefined;
    const metrics = currentMetricValues(workload.hpa as HpaLike | undefined);
    return {
      cluster: change.cluster,
      namespace: ns,
      kind: 'ScaledObject',
      name: so.metadata.name,
      sampledAt: now,
      replicas: target?.status?.replicas ?? 0,
      desired: target?.spec?.replicas,
      metrics,
      sourceKey: [
        change.cluster,
        kindKey,
        source.metadata.namespace,
        source.metadata.name,
        source.metadata.resourceVersion,
      ].join('|'),
    };
  };

  if (change.type === 'relisted') {
    // After a (re)list: one sample per ScaledObject, keyed by its own version.
    return change.kind === 'scaledobjects'
      ? (cache.objects('scaledobjects') as any[]).map(so =>
          sample(so, so, change.kind),
        )
      : [];
  }
  if (
    change.type === 'deleted' ||
    change.kind === 'events' ||
    change.kind === 'scaledjobs'
  ) {
    return [];
  }
  return scaledObjectsForChange(reader, change).map(so =>
    sample(so, change.object, change.kind),
  );
}
