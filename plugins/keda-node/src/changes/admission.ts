/**
 * KEDA's cluster-dependent admission rules for a change, read from the live
 * cache: what the cluster holds around the proposed ScaledObject (other
 * ScaledObjects, HPAs, the scale target) goes into keda-common's
 * `checkAdmissionRules`. What the cache does not hold (HPAs KEDA does not
 * manage, container requests, LimitRanges) is unknown, and the rules warn.
 */
import type { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_KUBERNETES_CLUSTER,
  checkAdmissionRules,
  type AdmissionCheck,
  type AdmissionSnapshot,
  type AdmissionWorkloadLike,
  type ManifestProblem,
} from '@keda-portal/plugin-keda-common';
import { parseAllDocuments } from 'yaml';
import type { ClusterCache } from '../reader/ClusterCache';
import type { KedaClusterReader } from '../reader/ClusterReader';
import {
  KEDA_RESOURCE_KINDS,
  SCALE_TARGET_KINDS,
  kindKey,
} from '../reader/kinds';

/** The cache's kinds decide what a snapshot can know. */
const HPA_KIND = KEDA_RESOURCE_KINDS.find(k => k.key === 'hpas');
const WATCHES_LIMIT_RANGES = KEDA_RESOURCE_KINDS.some(
  k => k.key === 'limitranges',
);

interface ObjectLike {
  kind?: string;
  metadata?: { name?: string; namespace?: string };
  spec?: { scaleTargetRef?: { name?: string; kind?: string } };
}

/**
 * Deployments and StatefulSets among a change's extra files (a new
 * component's own workload), in `namespace` unless they name one.
 */
export function workloadsInFiles(
  files: ReadonlyArray<{ path: string; content: string }> | undefined,
  namespace: string,
): AdmissionWorkloadLike[] {
  const found: AdmissionWorkloadLike[] = [];
  for (const file of files ?? []) {
    if (!/\.ya?ml$/i.test(file.path)) continue;
    for (const doc of parseAllDocuments(file.content, { logLevel: 'silent' })) {
      let value: any;
      try {
        value = doc.toJS();
      } catch {
        continue;
      }
      if (
        value &&
        typeof value === 'object' &&
        (SCALE_TARGET_KINDS as ReadonlyArray<string>).includes(value.kind) &&
        (value.apiVersion ?? 'apps/v1') === 'apps/v1'
      ) {
        found.push({
          ...value,
          metadata: {
            ...value.metadata,
            namespace: value.metadata?.namespace ?? namespace,
          },
        });
      }
    }
  }
  return found;
}

/** What one cluster's cache holds for the rules, plus the change's own workloads. */
export function snapshotFromCache(
  cache: ClusterCache,
  extraWorkloads: ReadonlyArray<AdmissionWorkloadLike> = [],
): AdmissionSnapshot {
  return {
    cluster: cache.name,
    scaledObjects: cache.objects(
      'scaledobjects',
    ) as AdmissionSnapshot['scaledObjects'],
    hpas: cache.objects('hpas') as AdmissionSnapshot['hpas'],
    hpasOnlyKedaManaged: Boolean(HPA_KIND?.labelSelector),
    workloads: [
      ...SCALE_TARGET_KINDS.flatMap(kind => cache.objects(kindKey(kind))),
      ...extraWorkloads,
    ] as AdmissionWorkloadLike[],
    limitRanges: WATCHES_LIMIT_RANGES
      ? (cache.objects('limitranges') as AdmissionSnapshot['limitRanges'])
      : undefined,
  };
}

/**
 * The clusters a change lands in: the entity's `backstage.io/kubernetes-cluster`;
 * else those whose namespace already holds the ScaledObject or its target;
 * else every cluster.
 */
function clustersFor(
  reader: KedaClusterReader,
  entity: Entity,
  manifests: ReadonlyArray<ObjectLike>,
): ClusterCache[] {
  const all = reader
    .status()
    .map(s => reader.cache(s.cluster))
    .filter((c): c is ClusterCache => Boolean(c));
  const named =
    entity.metadata.annotations?.[ANNOTATION_KUBERNETES_CLUSTER]?.trim();
  if (named) return all.filter(c => c.name === named);
  const holding = all.filter(cache =>
    manifests.some(m => {
      const ns = m.metadata?.namespace;
      const sameNs = (o: ObjectLike) => o.metadata?.namespace === ns;
      const target = m.spec?.scaleTargetRef;
      return (
        cache
          .objects('scaledobjects')
          .some(o => sameNs(o) && o.metadata?.name === m.metadata?.name) ||
        (target?.name !== undefined &&
          SCALE_TARGET_KINDS.flatMap(k => cache.objects(kindKey(k))).some(
            o =>
              sameNs(o) &&
              o.metadata?.name === target.name &&
              o.kind === (target.kind ?? 'Deployment'),
          ))
      );
    }),
  );
  return holding.length ? holding : all;
}

/**
 * The cluster-dependent admission findings for a change's manifests in
 * every cluster it lands in. A cluster whose cache is not synced is not
 * checked, and says so as a warning.
 */
export function checkChangeAgainstClusters(
  reader: KedaClusterReader | undefined,
  entity: Entity,
  manifests: ReadonlyArray<unknown>,
  extraFiles?: ReadonlyArray<{ path: string; content: string }>,
): AdmissionCheck {
  const out: AdmissionCheck = { errors: [], warnings: [] };
  const scaledObjects = manifests.filter(
    (m): m is ObjectLike => (m as ObjectLike)?.kind === 'ScaledObject',
  );
  if (!reader || !scaledObjects.length) return out;
  const namespace = scaledObjects[0].metadata?.namespace ?? 'default';
  const extra = workloadsInFiles(extraFiles, namespace);
  for (const cache of clustersFor(reader, entity, scaledObjects)) {
    const state = cache.status();
    if (state.state !== 'synced') {
      out.warnings.push({
        path: '(cluster)',
        message: `cluster ${cache.name} is ${state.state}${
          state.error ? ` (${state.error})` : ''
        }, so KEDA's cluster rules (other ScaledObjects and HPAs on the workload, container requests) were not checked there`,
        fix: 'Preview again once the portal has read the cluster, or check those rules by hand before merging.',
      });
      continue;
    }
    const found = checkAdmissionRules(
      scaledObjects,
      snapshotFromCache(cache, extra),
    );
    out.errors.push(...found.errors);
    out.warnings.push(...found.warnings);
  }
  return out;
}

/** A warning as a note for the reviewer. */
export function warningNote(problem: ManifestProblem): string {
  return `KEDA may refuse this: ${problem.message}. ${problem.fix}`;
}
