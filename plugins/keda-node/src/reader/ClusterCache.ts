import { KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import { KEDA_RESOURCE_KINDS } from './kinds';
import { LabelRequirement, matchesLabels } from './labelSelector';
import {
  ChangeType,
  InformerOptions,
  ResourceInformer,
  ResourceKind,
  SyncState,
} from './ResourceInformer';

/**
 * One cluster's state as the API reports it.
 *
 * @public
 */
export interface ClusterSyncStatus {
  cluster: string;
  state: 'syncing' | 'synced' | 'stale';
  since: string;
  error?: string;
}

/**
 * What an entity's selector finds in one cluster.
 *
 * @public
 */
export interface ScaledWorkload {
  cluster: string;
  scaledObject?: KubernetesObject;
  scaledJob?: KubernetesObject;
  hpa?: KubernetesObject;
  target?: KubernetesObject;
  events: KubernetesObject[];
}

/** @public */
export interface WorkloadQuery {
  selector: LabelRequirement[];
  namespace?: string;
}

/** @public */
export interface ClusterCacheOptions extends InformerOptions {
  kinds?: ResourceKind[];
  /** Called for every change of every kind, with the kind's key. */
  onObjectChange?: (
    kind: string,
    type: ChangeType,
    object: KubernetesObject | undefined,
  ) => void;
}

/**
 * A live, watch-backed picture of one cluster: one informer per kind. Page
 * views read from memory and cost the API server nothing.
 *
 * @public
 */
export class ClusterCache {
  readonly informers: Map<string, ResourceInformer>;

  constructor(
    readonly name: string,
    kc: KubeConfig,
    options: ClusterCacheOptions = {},
  ) {
    const kinds = options.kinds ?? KEDA_RESOURCE_KINDS;
    this.informers = new Map(
      kinds.map(kind => [
        kind.key,
        new ResourceInformer(kc, kind, {
          ...options,
          onChange: (type, object) =>
            options.onObjectChange?.(kind.key, type, object),
        }),
      ]),
    );
  }

  start() {
    this.informers.forEach(i => i.start());
  }

  stop() {
    this.informers.forEach(i => i.stop());
  }

  objects(kind: string): KubernetesObject[] {
    return this.informers.get(kind)?.list() ?? [];
  }

  /** The worst state of any kind: one stale kind makes the cluster stale. */
  status(): ClusterSyncStatus {
    const states: SyncState[] = [...this.informers.values()].map(i => i.state);
    const stale = states.filter(s => s.state === 'stale');
    if (stale.length) {
      const first = stale.reduce((a, b) => (a.since < b.since ? a : b));
      return {
        cluster: this.name,
        state: 'stale',
        since: first.since.toISOString(),
        error: (first as { error: string }).error,
      };
    }
    const syncing = states.find(s => s.state === 'syncing');
    if (syncing) {
      return {
        cluster: this.name,
        state: 'syncing',
        since: syncing.since.toISOString(),
      };
    }
    const latest = states.reduce((a, b) => (a.since > b.since ? a : b));
    return {
      cluster: this.name,
      state: 'synced',
      since: latest.since.toISOString(),
    };
  }

  /**
   * ScaledObjects and ScaledJobs whose labels match, each with its HPA, its
   * scale target and its events.
   */
  findWorkloads(query: WorkloadQuery): ScaledWorkload[] {
    const inScope = (o: KubernetesObject) =>
      (!query.namespace || o.metadata?.namespace === query.namespace) &&
      matchesLabels(query.selector, o.metadata?.labels);
    return [
      ...this.objects('scaledobjects').filter(inScope),
      ...this.objects('scaledjobs').filter(inScope),
    ].map(o => this.workloadFor(o));
  }

  /** A ScaledObject or ScaledJob of this cache with its HPA, target and events. */
  workloadFor(object: KubernetesObject): ScaledWorkload {
    const o = object as any;
    const ns = o.metadata?.namespace;
    const sameNs = (x: KubernetesObject) => x.metadata?.namespace === ns;
    const events = this.objects('events').filter((e: any) =>
      e.involvedObject?.uid
        ? e.involvedObject.uid === o.metadata?.uid
        : e.involvedObject?.kind === o.kind &&
          e.involvedObject?.name === o.metadata?.name &&
          e.involvedObject?.namespace === ns,
    );
    if (o.kind === 'ScaledJob') {
      return { cluster: this.name, scaledJob: o, events };
    }
    const hpaName =
      o.status?.hpaName ??
      o.spec?.advanced?.horizontalPodAutoscalerConfig?.name ??
      `keda-hpa-${o.metadata?.name}`;
    const ref = o.spec?.scaleTargetRef ?? {};
    const targetKey =
      ref.kind === 'StatefulSet' ? 'statefulsets' : 'deployments';
    return {
      cluster: this.name,
      scaledObject: o,
      hpa: this.objects('hpas').find(
        h => sameNs(h) && h.metadata?.name === hpaName,
      ),
      target: this.objects(targetKey).find(
        t => sameNs(t) && t.metadata?.name === ref.name,
      ),
      events,
    };
  }
}
