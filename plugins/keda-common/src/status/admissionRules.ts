/**
 * KEDA's admission rules that depend on the cluster (KEDA v2.21.0,
 * `apis/keda/v1alpha1/scaledobject_webhook.go`): a ScaledObject is refused
 * when another ScaledObject or a foreign HPA already scales its workload,
 * when another ScaledObject uses its HPA name, when its scale target's kind
 * is not served, and when its cpu/memory triggers meet containers without
 * requests. Pure functions over a snapshot of the cluster; what the snapshot
 * does not know becomes a warning, never a silent pass.
 *
 * The rules that need no cluster (replica bounds, names, triggers,
 * fallback, formulas) are in `manifests/validate`.
 */
import { formatPath, type PathSegment } from '../manifests/paths';
import type { ManifestProblem } from '../manifests/types';
import { defaultHpaName, hpaNameFromSpec } from './clusterRules';
import { parseQuantity } from './quantity';
import type { KedaTriggerLike, ScaledObjectLike } from './types';

/**
 * Annotation on a foreign HPA that tells KEDA's webhook to ignore it.
 *
 * @public
 */
export const HPA_OWNERSHIP_VALIDATION_ANNOTATION =
  'validations.keda.sh/hpa-ownership';

/**
 * Annotation on a ScaledObject that takes over the HPA it names in
 * `spec.advanced.horizontalPodAutoscalerConfig.name`.
 *
 * @public
 */
export const TRANSFER_HPA_OWNERSHIP_ANNOTATION =
  'scaledobject.keda.sh/transfer-hpa-ownership';

/**
 * `resources` of a container or (KEP-2837) of a pod.
 *
 * @public
 */
export interface ResourceRequirementsLike {
  requests?: Record<string, string | number | undefined>;
  limits?: Record<string, string | number | undefined>;
}

/**
 * An HPA as the admission rules read it.
 *
 * @public
 */
export interface AdmissionHpaLike {
  metadata?: {
    name?: string;
    namespace?: string;
    annotations?: Record<string, string>;
    labels?: Record<string, string>;
    ownerReferences?: Array<{ kind?: string; name?: string }>;
  };
  spec?: {
    scaleTargetRef?: { apiVersion?: string; kind?: string; name?: string };
  };
}

/**
 * A Deployment or StatefulSet as the admission rules read it. Without
 * `spec.template.spec.containers` its containers count as unknown.
 *
 * @public
 */
export interface AdmissionWorkloadLike {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string };
  spec?: {
    template?: {
      spec?: {
        containers?: Array<{
          name?: string;
          resources?: ResourceRequirementsLike;
        }>;
        resources?: ResourceRequirementsLike;
      };
    };
  };
}

/**
 * A LimitRange as the admission rules read it.
 *
 * @public
 */
export interface LimitRangeLike {
  metadata?: { name?: string; namespace?: string };
  spec?: {
    limits?: Array<{
      type?: string;
      default?: Record<string, string | number | undefined>;
      defaultRequest?: Record<string, string | number | undefined>;
    }>;
  };
}

/**
 * What the cluster holds, as far as the caller knows it. Every part is
 * optional: `undefined` means "not known", and a rule that needs it warns
 * instead of passing. Objects of other namespaces are ignored.
 *
 * @public
 */
export interface AdmissionSnapshot {
  /** For messages, e.g. `in cluster prod-eu`. */
  cluster?: string;
  /** The ScaledObjects in the cluster. */
  scaledObjects?: ReadonlyArray<ScaledObjectLike>;
  /** The HPAs in the cluster. */
  hpas?: ReadonlyArray<AdmissionHpaLike>;
  /**
   * `hpas` holds only the HPAs KEDA manages (the portal's cache watches no
   * others), so an HPA of someone else cannot be ruled out.
   */
  hpasOnlyKedaManaged?: boolean;
  /** The Deployments and StatefulSets in the cluster (and those a change adds). */
  workloads?: ReadonlyArray<AdmissionWorkloadLike>;
  /** The LimitRanges in the cluster. */
  limitRanges?: ReadonlyArray<LimitRangeLike>;
  /**
   * The kinds the API server serves, as KEDA writes them:
   * `<group>/<version>.<kind>` (`apps/v1.ReplicaSet`, `/v1.ReplicationController`).
   */
  servedKinds?: ReadonlyArray<string>;
}

/**
 * The verdict of the cluster-dependent rules: `errors` are what KEDA's
 * webhook refuses; `warnings` are what it may refuse but the snapshot cannot
 * tell, or what it accepts but will not work.
 *
 * @public
 */
export interface AdmissionCheck {
  errors: ManifestProblem[];
  warnings: ManifestProblem[];
}

/** Kinds every API server serves, for when `servedKinds` is unknown. */
const BUILT_IN_KINDS = new Set([
  'apps/v1.ReplicaSet',
  'apps/v1.DaemonSet',
  'apps/v1.ControllerRevision',
  '/v1.ReplicationController',
  '/v1.Pod',
  'batch/v1.Job',
  'batch/v1.CronJob',
]);

/** Kinds whose resource KEDA knows without asking the API (any group). */
const WELL_KNOWN_KINDS = new Set(['Deployment', 'StatefulSet']);

/** The workloads whose containers KEDA reads for cpu/memory triggers. */
const POD_TEMPLATE_KINDS = new Set([
  'apps/v1.Deployment',
  'apps/v1.StatefulSet',
]);

const RESOURCE_TRIGGERS = new Set(['cpu', 'memory']);

type Gvk = { ok: true; gvk: string; kind: string } | { ok: false };

/**
 * KEDA's `ParseGVKR` without the REST mapping: an empty apiVersion is
 * `apps/v1`, an empty kind `Deployment`; more than one `/` is an error.
 */
function parseGvk(
  apiVersion: string | undefined,
  kind: string | undefined,
): Gvk {
  const av = apiVersion ?? '';
  let group = 'apps';
  let version = 'v1';
  if (av !== '' && av !== '/') {
    const slashes = av.split('/').length - 1;
    if (slashes > 1) return { ok: false };
    if (slashes === 0) {
      group = '';
      version = av;
    } else {
      [group, version] = av.split('/');
    }
  } else if (av === '/') {
    group = '';
    version = '';
  }
  const k = kind || 'Deployment';
  return { ok: true, gvk: `${group}/${version}.${k}`, kind: k };
}

type Served = 'yes' | 'no' | 'unknown';

function served(
  gvk: string,
  kind: string,
  snapshot: AdmissionSnapshot,
): Served {
  if (WELL_KNOWN_KINDS.has(kind)) return 'yes';
  if (snapshot.servedKinds) {
    return snapshot.servedKinds.includes(gvk) ? 'yes' : 'no';
  }
  return BUILT_IN_KINDS.has(gvk) ? 'yes' : 'unknown';
}

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

/** KEDA's `getHpaName`: an empty configured name counts as none. */
function kedaHpaName(so: ScaledObjectLike): string {
  return so.spec?.advanced?.horizontalPodAutoscalerConfig?.name
    ? hpaNameFromSpec(so)
    : defaultHpaName(so.metadata?.name);
}

function inNamespace<T extends { metadata?: { namespace?: string } }>(
  items: ReadonlyArray<T> | undefined,
  namespace: string,
): T[] | undefined {
  return items?.filter(o => (o.metadata?.namespace ?? namespace) === namespace);
}

/** Collects the findings for one ScaledObject. */
class Findings {
  constructor(
    private readonly out: AdmissionCheck,
    private readonly label: string,
    private readonly where: string,
  ) {}

  private problem(path: PathSegment[], message: string, fix: string) {
    const at = formatPath(path) || '(manifest)';
    return {
      path: at,
      message: `${at}: ${message}`,
      fix,
      manifest: this.label,
    };
  }

  error(path: PathSegment[], message: string, fix: string) {
    this.out.errors.push(this.problem(path, `${message}${this.where}`, fix));
  }

  warning(path: PathSegment[], message: string, fix: string) {
    this.out.warnings.push(this.problem(path, `${message}${this.where}`, fix));
  }
}

interface Incoming {
  name: string;
  namespace: string;
  so: ScaledObjectLike & {
    metadata?: { annotations?: Record<string, string> };
  };
  target: { gvk: string; kind: string; name: string };
  hpaName: string;
  triggers: KedaTriggerLike[];
}

const TARGET_NAME: PathSegment[] = ['spec', 'scaleTargetRef', 'name'];
const HPA_NAME: PathSegment[] = [
  'spec',
  'advanced',
  'horizontalPodAutoscalerConfig',
  'name',
];

/** The scale target's kind must be one the API server serves. */
function checkTargetKind(
  f: Findings,
  so: ScaledObjectLike,
  snapshot: AdmissionSnapshot,
): Incoming['target'] | undefined {
  const ref = so.spec?.scaleTargetRef;
  const parsed = parseGvk(ref?.apiVersion, ref?.kind);
  if (!parsed.ok) {
    f.error(
      ['spec', 'scaleTargetRef', 'apiVersion'],
      `'${ref?.apiVersion}' is not an API version (group/version)`,
      'Write it like apps/v1, or leave it out for a Deployment.',
    );
    return undefined;
  }
  const state = served(parsed.gvk, parsed.kind, snapshot);
  if (state === 'no') {
    f.error(
      ['spec', 'scaleTargetRef', 'kind'],
      `the cluster serves no kind ${parsed.kind} in ${parsed.gvk.slice(
        0,
        parsed.gvk.lastIndexOf('.'),
      )}, so KEDA refuses the ScaledObject`,
      'Check apiVersion and kind of the workload (kubectl api-resources), or install the API that serves it first.',
    );
  } else if (state === 'unknown') {
    f.warning(
      ['spec', 'scaleTargetRef', 'kind'],
      `the portal cannot tell whether the cluster serves ${parsed.gvk}; KEDA refuses a ScaledObject whose target kind it cannot map`,
      'Make sure the API of the workload is installed (kubectl api-resources) before merging.',
    );
  }
  return {
    gvk: parsed.gvk,
    kind: parsed.kind,
    name: ref?.name ?? '',
  };
}

/** Another ScaledObject scales the same workload or uses the same HPA name. */
function checkOtherScaledObjects(
  f: Findings,
  incoming: Incoming,
  snapshot: AdmissionSnapshot,
) {
  const others = inNamespace(snapshot.scaledObjects, incoming.namespace);
  if (!others) {
    f.warning(
      TARGET_NAME,
      'the portal could not read the ScaledObjects of the cluster; KEDA refuses a second ScaledObject for a workload',
      'Check that no other ScaledObject targets this workload before merging.',
    );
    return;
  }
  for (const other of others) {
    const name = other.metadata?.name;
    if (name === incoming.name) continue;
    const ref = other.spec?.scaleTargetRef;
    const gvk = parseGvk(ref?.apiVersion, ref?.kind);
    if (
      ref?.name === incoming.target.name &&
      gvk.ok &&
      gvk.gvk === incoming.target.gvk
    ) {
      f.error(
        TARGET_NAME,
        `the ${incoming.target.kind} '${incoming.target.name}' is already scaled by the ScaledObject '${name}'`,
        `Change the ScaledObject '${name}' instead, or delete it first; a workload can have one ScaledObject.`,
      );
    }
    if (kedaHpaName(other) === incoming.hpaName) {
      f.error(
        incoming.so.spec?.advanced?.horizontalPodAutoscalerConfig?.name
          ? HPA_NAME
          : ['metadata', 'name'],
        `the HPA name '${incoming.hpaName}' is already used by the ScaledObject '${name}'`,
        'Give this ScaledObject another HPA name (spec.advanced.horizontalPodAutoscalerConfig.name) or another name.',
      );
    }
  }
}

/** Whether the cluster already holds this ScaledObject with the same target. */
function unchangedTarget(incoming: Incoming, snapshot: AdmissionSnapshot) {
  const existing = inNamespace(
    snapshot.scaledObjects,
    incoming.namespace,
  )?.find(o => o.metadata?.name === incoming.name);
  if (!existing) return false;
  const ref = existing.spec?.scaleTargetRef;
  const gvk = parseGvk(ref?.apiVersion, ref?.kind);
  return (
    gvk.ok &&
    gvk.gvk === incoming.target.gvk &&
    ref?.name === incoming.target.name
  );
}

/** An HPA that is not this ScaledObject's already scales the workload. */
function checkForeignHpas(
  f: Findings,
  incoming: Incoming,
  snapshot: AdmissionSnapshot,
) {
  const hpas = inNamespace(snapshot.hpas, incoming.namespace);
  const transfer =
    incoming.so.metadata?.annotations?.[TRANSFER_HPA_OWNERSHIP_ANNOTATION] ===
    'true';
  const namedHpa =
    incoming.so.spec?.advanced?.horizontalPodAutoscalerConfig?.name;
  for (const hpa of hpas ?? []) {
    const hpaName = hpa.metadata?.name ?? '';
    if (
      hpa.metadata?.annotations?.[HPA_OWNERSHIP_VALIDATION_ANNOTATION] ===
      'false'
    ) {
      continue;
    }
    const ref = hpa.spec?.scaleTargetRef;
    if (ref?.name !== incoming.target.name) continue;
    const gvk = parseGvk(ref?.apiVersion, ref?.kind);
    if (!gvk.ok || served(gvk.gvk, gvk.kind, snapshot) === 'no') {
      // KEDA fails to map the HPA's target and refuses; nothing to compare.
      f.error(
        TARGET_NAME,
        `the HPA '${hpaName}' targets '${
          ref?.name
        }' with a kind the cluster does not serve (${ref?.apiVersion ?? ''} ${
          ref?.kind ?? ''
        }), and KEDA refuses every ScaledObject for that name while it exists`,
        `Fix or delete the HPA '${hpaName}'.`,
      );
      continue;
    }
    if (gvk.gvk !== incoming.target.gvk) continue;
    const owned = (hpa.metadata?.ownerReferences ?? []).some(
      o => o.kind === 'ScaledObject' && o.name === incoming.name,
    );
    if (owned) continue;
    if (transfer) {
      if (namedHpa !== hpaName) {
        f.error(
          HPA_NAME,
          `taking over the HPA '${hpaName}' (annotation ${TRANSFER_HPA_OWNERSHIP_ANNOTATION}) needs its name here${
            namedHpa ? `, not '${namedHpa}'` : ''
          }`,
          `Set spec.advanced.horizontalPodAutoscalerConfig.name: ${hpaName}.`,
        );
      }
      continue;
    }
    f.error(
      TARGET_NAME,
      `the ${incoming.target.kind} '${incoming.target.name}' is already scaled by the HPA '${hpaName}'`,
      `Delete the HPA '${hpaName}' first, or take it over: annotate the ScaledObject ${TRANSFER_HPA_OWNERSHIP_ANNOTATION}: "true" and set spec.advanced.horizontalPodAutoscalerConfig.name: ${hpaName}.`,
    );
  }
  // An existing ScaledObject keeping its target passed this check already.
  if (
    (!hpas || snapshot.hpasOnlyKedaManaged) &&
    !unchangedTarget(incoming, snapshot)
  ) {
    f.warning(
      TARGET_NAME,
      `the portal sees ${
        hpas ? 'only the HPAs KEDA manages' : 'no HPAs'
      }; KEDA refuses this ScaledObject if another HPA already scales the ${
        incoming.target.kind
      } '${incoming.target.name}'`,
      `Check with kubectl get hpa -n ${incoming.namespace} before merging; delete such an HPA, or take it over with the ${TRANSFER_HPA_OWNERSHIP_ANNOTATION} annotation.`,
    );
  }
}

/**
 * cpu/memory triggers on a Deployment or StatefulSet: every container (or
 * the one in `containerName`) needs that resource's request, and with only
 * such triggers the minimum must be at least 1. KEDA checks them on real
 * creates and updates only, not on dry runs.
 */
function checkResourceTriggers(
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

function checkScaledObject(
  out: AdmissionCheck,
  so: ScaledObjectLike & {
    metadata?: { annotations?: Record<string, string> };
  },
  snapshot: AdmissionSnapshot,
) {
  const name = so.metadata?.name ?? '';
  const namespace = so.metadata?.namespace ?? 'default';
  const where = snapshot.cluster ? ` (cluster ${snapshot.cluster})` : '';
  const f = new Findings(out, `ScaledObject/${name}`, where);
  const target = checkTargetKind(f, so, snapshot);
  if (!target) return;
  const incoming: Incoming = {
    name,
    namespace,
    so,
    target,
    hpaName: kedaHpaName(so),
    triggers: Array.isArray(so.spec?.triggers) ? so.spec!.triggers! : [],
  };
  checkOtherScaledObjects(f, incoming, snapshot);
  checkForeignHpas(f, incoming, snapshot);
  checkResourceTriggers(f, incoming, snapshot);
}

/**
 * Checks the ScaledObjects among `manifests` against KEDA's
 * cluster-dependent admission rules, given what the cluster holds. Other
 * kinds have no such rules (a ScaledJob's and a TriggerAuthentication's
 * webhook rules need no cluster). Never throws.
 *
 * @public
 */
export function checkAdmissionRules(
  manifests: ReadonlyArray<unknown>,
  snapshot: AdmissionSnapshot,
): AdmissionCheck {
  const out: AdmissionCheck = { errors: [], warnings: [] };
  for (const manifest of manifests) {
    const m = manifest as ScaledObjectLike | undefined;
    if (!m || typeof m !== 'object' || m.kind !== 'ScaledObject') continue;
    if (!m.spec || typeof m.spec !== 'object') continue;
    try {
      checkScaledObject(out, m, snapshot);
    } catch {
      // A manifest too malformed to read: schema validation reports it.
    }
  }
  return out;
}
