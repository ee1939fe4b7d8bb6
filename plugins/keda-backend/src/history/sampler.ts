import type {
  ClusterReader,
  ObjectChange,
} from '@keda-portal/plugin-keda-node';
import { scaledObjectsForChange } from '../live/affected';
import { Sample } from './HistoryStore';

/**
 * Turns watch changes into samples of the ScaledObjects they concern. Only
 * the changed object's resourceVersion goes into the key, so backend
 * replicas watching the same cluster produce the same keys and the database
 * keeps one row per change.
 */
export function samplesForChange(
  reader: ClusterReader,
  change: ObjectChange,
  now: Date,
): Sample[] {
  const cache = reader.cache(change.cluster);
  if (!cache) return [];

  const sample = (so: any, source: any, kindKey: string): Sample => {
    const ns = so.metadata.namespace;
    const hpaName = so.status?.hpaName ?? `keda-hpa-${so.metadata.name}`;
    const hpa = cache
      .objects('hpas')
      .find(
        (h: any) => h.metadata.namespace === ns && h.metadata.name === hpaName,
      ) as any;
    const ref = so.spec?.scaleTargetRef ?? {};
    const targetKey =
      ref.kind === 'StatefulSet' ? 'statefulsets' : 'deployments';
    const target = cache
      .objects(targetKey)
      .find(
        (t: any) => t.metadata.namespace === ns && t.metadata.name === ref.name,
      ) as any;
    const metrics: Record<string, string> = {};
    for (const m of hpa?.status?.currentMetrics ?? []) {
      const name =
        m.external?.metric?.name ??
        m.resource?.name ??
        m.containerResource?.name;
      const current =
        m.external?.current ??
        m.resource?.current ??
        m.containerResource?.current;
      const value =
        current?.averageValue ?? current?.value ?? current?.averageUtilization;
      if (name && value !== undefined) metrics[name] = String(value);
    }
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
