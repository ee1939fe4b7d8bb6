/**
 * KEDA's rules for cpu/memory triggers: the scale target's containers need
 * that resource's request (or a LimitRange default), and with only such
 * triggers the minimum must be at least 1.
 */
import type { PathSegment } from '../manifests/paths';
import type {
  AdmissionSnapshot,
  LimitRangeLike,
  ResourceRequirementsLike,
} from './admissionTypes';
import {
  type Findings,
  type Incoming,
  inNamespace,
  TARGET_NAME,
} from './admissionCommon';
import { parseQuantity } from './quantity';
import type { KedaTriggerLike } from './types';

/** The workloads whose containers KEDA reads for cpu/memory triggers. */
const POD_TEMPLATE_KINDS = new Set([
  'apps/v1.Deployment',
  'apps/v1.StatefulSet',
]);

const RESOURCE_TRIGGERS = new Set(['cpu', 'memory']);

function isResourceSet(
  resources: ResourceRequirementsLike | undefined,
  name: string,
): boolean {
  const request = resources?.requests?.[name];
  const limit = resources?.limits?.[name];
  return (parseQuantity(request) ?? 0) > 0 || (parseQuantity(limit) ?? 0) > 0;
}

function limitRangeDefault(
  ranges: ReadonlyArray<LimitRangeLike>,
  namespace: string,
  name: string,
): boolean {
  return ranges
    .filter(r => (r.metadata?.namespace ?? namespace) === namespace)
    .some(r =>
      (r.spec?.limits ?? []).some(
        item =>
          item.type === 'Container' &&
          ((parseQuantity(item.defaultRequest?.[name]) ?? 0) > 0 ||
            (parseQuantity(item.default?.[name]) ?? 0) > 0),
      ),
    );
}

/**
 * cpu/memory triggers on a Deployment or StatefulSet: every container (or
 * the one in `containerName`) needs that resource's request, and with only
 * such triggers the minimum must be at least 1. KEDA checks them on real
 * creates and updates only, not on dry runs.
 */
export function checkResourceTriggers(
  f: Findings,
  incoming: Incoming,
  snapshot: AdmissionSnapshot,
) {
  const resourceTriggers = incoming.triggers
    .map((t, i) => ({ t, i }))
    .filter(({ t }) => RESOURCE_TRIGGERS.has(t?.type));
  if (!resourceTriggers.length) return;
  const { target } = incoming;
  const onlyResource = resourceTriggers.length === incoming.triggers.length;
  const min = incoming.so.spec?.minReplicaCount;
  if (!POD_TEMPLATE_KINDS.has(target.gvk)) {
    if (onlyResource && !min) {
      f.warning(
        ['spec', 'minReplicaCount'],
        'with only cpu and memory triggers the workload never scales to zero, whatever minReplicaCount says',
        'Set minReplicaCount: 1 or more, or add an event trigger.',
      );
    }
    return;
  }
  if (onlyResource && !min) {
    f.error(
      ['spec', 'minReplicaCount'],
      `is ${
        min === undefined ? 'unset (0)' : '0'
      }, but with only cpu and memory triggers the workload cannot scale to zero, so KEDA refuses it`,
      'Set minReplicaCount: 1 or more, or add an event trigger.',
    );
  }
  const workloads = inNamespace(snapshot.workloads, incoming.namespace);
  if (!workloads) {
    f.warning(
      TARGET_NAME,
      `the portal could not read the ${
        target.kind
      }; KEDA refuses cpu and memory triggers unless it exists and its containers have ${resourceNames(
        resourceTriggers.map(r => r.t),
      )} requests`,
      `Check that the ${target.kind} '${target.name}' exists and that its containers have requests before merging.`,
    );
    return;
  }
  const workload = workloads.find(
    w =>
      w.kind === target.kind &&
      w.metadata?.name === target.name &&
      (w.apiVersion ?? 'apps/v1') === 'apps/v1',
  );
  if (!workload) {
    f.error(
      TARGET_NAME,
      `the ${target.kind} '${target.name}' does not exist in namespace ${incoming.namespace}, and KEDA refuses cpu and memory triggers for a workload it cannot read`,
      `Deploy the ${target.kind} first (or in the same change), or correct the name.`,
    );
    return;
  }
  const podSpec = workload.spec?.template?.spec;
  if (!podSpec?.containers) {
    f.warning(
      resourcePath(resourceTriggers[0].i),
      `the portal cannot see the containers of the ${target.kind} '${
        target.name
      }'; KEDA refuses ${resourceNames(
        resourceTriggers.map(r => r.t),
      )} triggers unless every container has that request`,
      `Check that every container of '${
        target.name
      }' sets resources.requests.${resourceNames(
        resourceTriggers.map(r => r.t),
        ' and ',
      )} before merging.`,
    );
    return;
  }
  const reported = new Set<string>();
  for (const { t, i } of resourceTriggers) {
    const resource = t.type;
    const containerName = t.metadata?.containerName;
    // The pod-level request (KEP-2837) serves Resource metrics only; a
    // containerName makes a ContainerResource metric, which ignores it.
    if (!containerName && isResourceSet(podSpec.resources, resource)) continue;
    for (const container of podSpec.containers) {
      if (containerName && container.name !== containerName) continue;
      if (isResourceSet(container.resources, resource)) continue;
      const key = `${resource}/${container.name}`;
      if (reported.has(key)) continue;
      reported.add(key);
      const ranges = snapshot.limitRanges;
      if (ranges && limitRangeDefault(ranges, incoming.namespace, resource)) {
        continue;
      }
      const what = `the container '${container.name}' of the ${target.kind} '${target.name}' has no ${resource} request`;
      const fix = `Set resources.requests.${resource} on the container '${
        container.name
      }'${
        resource === 'cpu' ? " (e.g. '250m')" : " (e.g. '256Mi')"
      }, or use another trigger.`;
      if (ranges) {
        f.error(
          resourcePath(i),
          `${what}, so KEDA refuses the ${resource} trigger`,
          fix,
        );
      } else {
        f.warning(
          resourcePath(i),
          `${what}; KEDA refuses the ${resource} trigger unless a LimitRange of namespace ${incoming.namespace} gives containers a default ${resource} request, which the portal cannot see`,
          fix,
        );
      }
    }
  }
}

function resourcePath(index: number): PathSegment[] {
  return ['spec', 'triggers', index, 'type'];
}

function resourceNames(triggers: KedaTriggerLike[], join = '/') {
  return [...new Set(triggers.map(t => t.type))].join(join);
}
