import type {
  ClusterReader,
  ObjectChange,
} from '@keda-portal/plugin-keda-node';

/**
 * The ScaledObjects and ScaledJobs a change concerns: the object itself, the
 * owner of a changed HPA, the users of a changed scale target, or the
 * subject of a KEDA event.
 */
export function scaledObjectsForChange(
  reader: ClusterReader,
  change: ObjectChange,
): any[] {
  const cache = reader.cache(change.cluster);
  const o = change.object as any;
  if (!cache || !o?.metadata) return [];
  const ns = o.metadata.namespace;
  const sos = cache.objects('scaledobjects') as any[];
  const hpaNameOf = (s: any) =>
    s.status?.hpaName ??
    s.spec?.advanced?.horizontalPodAutoscalerConfig?.name ??
    `keda-hpa-${s.metadata.name}`;
  switch (change.kind) {
    case 'scaledobjects':
    case 'scaledjobs':
      return [o];
    case 'hpas':
      return sos.filter(
        s => s.metadata.namespace === ns && hpaNameOf(s) === o.metadata.name,
      );
    case 'deployments':
    case 'statefulsets': {
      const kind =
        change.kind === 'statefulsets' ? 'StatefulSet' : 'Deployment';
      return sos.filter(
        s =>
          s.metadata.namespace === ns &&
          s.spec?.scaleTargetRef?.name === o.metadata.name &&
          (s.spec?.scaleTargetRef?.kind ?? 'Deployment') === kind,
      );
    }
    case 'events': {
      const ref = o.involvedObject ?? {};
      const pool =
        ref.kind === 'ScaledJob' ? (cache.objects('scaledjobs') as any[]) : sos;
      return pool.filter(
        s =>
          s.metadata.namespace === ref.namespace &&
          s.metadata.name === ref.name,
      );
    }
    default:
      return [];
  }
}
