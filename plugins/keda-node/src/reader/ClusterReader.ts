import { KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import {
  ANNOTATION_KUBERNETES_CLUSTER,
  ANNOTATION_KUBERNETES_ID,
  ANNOTATION_KUBERNETES_LABEL_SELECTOR,
  ANNOTATION_KUBERNETES_NAMESPACE,
  EntityLike,
} from '@keda-portal/plugin-keda-common';
import { KedaClusterDetails } from '../clusters/readClusters';
import {
  ClusterCache,
  ClusterCacheOptions,
  ClusterSyncStatus,
  ScaledWorkload,
} from './ClusterCache';
import { LabelRequirement, parseLabelSelector } from './labelSelector';
import { ChangeType } from './ResourceInformer';

/**
 * A KubeConfig for one configured cluster; credentials stay in the backend.
 *
 * @public
 */
export function kubeConfigFor(cluster: KedaClusterDetails): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [
      {
        name: cluster.name,
        server: cluster.url,
        skipTLSVerify: cluster.skipTLSVerify,
        caData: cluster.caData,
        caFile: cluster.caFile,
      },
    ],
    users: [
      {
        name: 'keda-portal',
        ...(cluster.serviceAccountToken && {
          token: cluster.serviceAccountToken,
        }),
      },
    ],
    contexts: [
      { name: cluster.name, cluster: cluster.name, user: 'keda-portal' },
    ],
    currentContext: cluster.name,
  });
  return kc;
}

/**
 * How an entity's annotations select cluster objects.
 *
 * @public
 */
export interface EntitySelector {
  selector: LabelRequirement[];
  namespace?: string;
  cluster?: string;
}

/**
 * The conventions of Backstage's Kubernetes plugin: the label selector
 * annotation wins over the id; namespace and cluster narrow the search.
 * Undefined when the entity carries neither.
 *
 * @public
 */
export function entitySelector(entity: EntityLike): EntitySelector | undefined {
  const a = entity.metadata.annotations ?? {};
  const labelSelector = a[ANNOTATION_KUBERNETES_LABEL_SELECTOR]?.trim();
  const id = a[ANNOTATION_KUBERNETES_ID]?.trim();
  let selector: LabelRequirement[];
  if (labelSelector) {
    selector = parseLabelSelector(labelSelector);
  } else if (id) {
    selector = [{ key: ANNOTATION_KUBERNETES_ID, op: 'in', values: [id] }];
  } else {
    return undefined;
  }
  return {
    selector,
    namespace: a[ANNOTATION_KUBERNETES_NAMESPACE]?.trim() || undefined,
    cluster: a[ANNOTATION_KUBERNETES_CLUSTER]?.trim() || undefined,
  };
}

/**
 * One cluster's answer for an entity: its workloads, and how fresh they are.
 *
 * @public
 */
export interface ClusterWorkloads {
  cluster: ClusterSyncStatus;
  workloads: ScaledWorkload[];
}

/**
 * One change seen by a cluster's watch.
 *
 * @public
 */
export interface ObjectChange {
  cluster: string;
  /** The cache kind key, e.g. `scaledobjects`, `hpas`, `deployments`, `events`. */
  kind: string;
  type: ChangeType;
  /** Undefined for `relisted`. */
  object?: KubernetesObject;
}

/** @public */
export type ObjectChangeListener = (change: ObjectChange) => void;

/** @public */
export interface ClusterReaderOptions {
  informer?: Omit<ClusterCacheOptions, 'onObjectChange'>;
}

/**
 * The live reader as the KEDA backend and other plugins use it (the type of
 * `kedaClusterReaderServiceRef`).
 *
 * @public
 */
export interface KedaClusterReader {
  /** Calls `listener` for every change in any cluster; returns an unsubscribe. */
  subscribe(listener: ObjectChangeListener): () => void;
  /** One cluster's cache, for lookups around a change. */
  cache(cluster: string): ClusterCache | undefined;
  /** Each cluster's sync state. */
  status(): ClusterSyncStatus[];
  /** The ScaledObjects and ScaledJobs that `select` keeps, with their workloads. */
  scaledWorkloads<T>(
    query: { cluster?: string; namespace?: string },
    select: (cluster: string, object: KubernetesObject) => T | undefined,
  ): Array<{ workload: ScaledWorkload; selected: T }>;
  /** The entity's workloads in every cluster it may live in. */
  forEntity(entity: EntityLike): ClusterWorkloads[];
}

/**
 * A watch-backed cache per configured cluster. Reads never reach the API
 * servers; each cluster reports its own state, so one failing cluster never
 * hides the others.
 *
 * @public
 */
export class ClusterReader implements KedaClusterReader {
  private readonly caches: ClusterCache[];
  private readonly listeners = new Set<ObjectChangeListener>();

  constructor(
    clusters: KedaClusterDetails[],
    options: ClusterReaderOptions = {},
  ) {
    this.caches = clusters.map(
      c =>
        new ClusterCache(c.name, kubeConfigFor(c), {
          ...options.informer,
          onObjectChange: (kind, type, object) => {
            for (const listener of this.listeners) {
              listener({ cluster: c.name, kind, type, object });
            }
          },
        }),
    );
  }

  /** Calls `listener` for every change in any cluster; returns an unsubscribe. */
  subscribe(listener: ObjectChangeListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  cache(cluster: string): ClusterCache | undefined {
    return this.caches.find(c => c.name === cluster);
  }

  start() {
    this.caches.forEach(c => c.start());
  }

  stop() {
    this.caches.forEach(c => c.stop());
  }

  status(): ClusterSyncStatus[] {
    return this.caches.map(c => c.status());
  }

  /**
   * The ScaledObjects and ScaledJobs of every cluster (or of `query.cluster`,
   * in `query.namespace` when given) that `select` keeps, each with its
   * workload and what `select` answered. `select` sees the bare object, so
   * HPA, target and events are looked up only for the ones it keeps.
   */
  scaledWorkloads<T>(
    query: { cluster?: string; namespace?: string },
    select: (cluster: string, object: KubernetesObject) => T | undefined,
  ): Array<{ workload: ScaledWorkload; selected: T }> {
    return this.caches
      .filter(c => !query.cluster || c.name === query.cluster)
      .flatMap(cache =>
        [...cache.objects('scaledobjects'), ...cache.objects('scaledjobs')]
          .filter(
            o => !query.namespace || o.metadata?.namespace === query.namespace,
          )
          .flatMap(object => {
            const selected = select(cache.name, object);
            return selected === undefined
              ? []
              : [{ workload: cache.workloadFor(object), selected }];
          }),
      );
  }

  /** The entity's workloads in every cluster it may live in. */
  forEntity(entity: EntityLike): ClusterWorkloads[] {
    const sel = entitySelector(entity);
    if (!sel) return [];
    return this.caches
      .filter(c => !sel.cluster || c.name === sel.cluster)
      .map(c => ({
        cluster: c.status(),
        workloads: c.findWorkloads({
          selector: sel.selector,
          namespace: sel.namespace,
        }),
      }));
  }
}
