import { KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import {
  hpaNameOf,
  isEventAbout,
  scaleTargetKind,
  ScaledObjectLike,
} from '@keda-portal/plugin-keda-common';
import { KEDA_RESOURCE_KINDS, kindKey, SCALE_TARGET_KINDS } from './kinds';
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

/**
 * Whether a cluster object is in a query's scope: in its namespace (when
 * it names one) and with labels its selector matches. The one rule for
 * "this object belongs to that entity", both ways round.
 *
 * @public
 */
export function isInScope(
  query: WorkloadQuery,
  object: KubernetesObject | undefined,
): boolean {
  return (
    (!query.namespace || object?.metadata?.namespace === query.namespace) &&
    matchesLabels(query.selector, object?.metadata?.labels)
  );
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
  private readonly informers: Map<string, ResourceInformer>;

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
    return [...this.objects('scaledobjects'), ...this.objects('scaledjobs')]
      .filter(o => isInScope(query, o))
      .map(o => this.workloadFor(o));
  }

  /** A ScaledObject or ScaledJob of this cache with its HPA, target and events. */
  workloadFor(object: KubernetesObject): ScaledWorkload {
    const events = this.objects('events').filter(e => isEventAbout(e, object));
    if (object.kind === 'ScaledJob') {
      return { cluster: this.name, scaledJob: object, events };
    }
    return {
      cluster: this.name,
      scaledObject: object,
      hpa: this.hpaOf(object as ScaledObjectLike),
      target: this.targetOf(object as ScaledObjectLike),
      events,
    };
  }

  /**
   * The ScaledObjects and ScaledJobs an object of this cache (of the kind
   * with key `kind`) concerns: the object itself, the owner of an HPA, the
   * users of a scale target, the subject of an event.
   */
  workloadsConcerning(
    kind: string,
    object: KubernetesObject,
  ): KubernetesObject[] {
    const scaledObjects = () =>
      this.objects('scaledobjects').filter(
        so => so.metadata?.namespace === object.metadata?.namespace,
      );
    if (kind === 'scaledobjects' || kind === 'scaledjobs') return [object];
    if (kind === 'events') {
      return [
        ...this.objects('scaledobjects'),
        ...this.objects('scaledjobs'),
      ].filter(o => isEventAbout(object, o));
    }
    if (kind === 'hpas') {
      return scaledObjects().filter(
        so => hpaNameOf(so as ScaledObjectLike) === object.metadata?.name,
      );
    }
    if (SCALE_TARGET_KINDS.some(k => kindKey(k) === kind)) {
      return scaledObjects().filter(so => {
        const ref = (so as ScaledObjectLike).spec?.scaleTargetRef;
        return (
          ref?.name === object.metadata?.name &&
          kindKey(scaleTargetKind(ref)) === kind
        );
      });
    }
    return [];
  }

  /** The HPA KEDA made for a ScaledObject (see `hpaNameOf`). */
  private hpaOf(so: ScaledObjectLike): KubernetesObject | undefined {
    return this.named('hpas', so.metadata?.namespace, hpaNameOf(so));
  }

  /** The Deployment or StatefulSet a ScaledObject scales. */
  private targetOf(so: ScaledObjectLike): KubernetesObject | undefined {
    const ref = so.spec?.scaleTargetRef;
    if (!ref) return undefined;
    return this.named(
      kindKey(scaleTargetKind(ref)),
      so.metadata?.namespace,
      ref.name,
    );
  }

  private named(kind: string, namespace?: string, name?: string) {
    return this.objects(kind).find(
      o => o.metadata?.namespace === namespace && o.metadata?.name === name,
    );
  }
}
