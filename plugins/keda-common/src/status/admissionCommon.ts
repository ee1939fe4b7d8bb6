/**
 * What the admission rule families share: KEDA's reading of a target's
 * group/version/kind and of a ScaledObject's HPA name, the namespace filter,
 * and the collector of one ScaledObject's findings.
 */
import { formatPath, type PathSegment } from '../manifests/paths';
import type { AdmissionCheck, AdmissionSnapshot } from './admissionTypes';
import { defaultHpaName, hpaNameFromSpec } from './clusterRules';
import type { KedaTriggerLike, ScaledObjectLike } from './types';

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

type Gvk = { ok: true; gvk: string; kind: string } | { ok: false };

/**
 * KEDA's `ParseGVKR` without the REST mapping: an empty apiVersion is
 * `apps/v1`, an empty kind `Deployment`; more than one `/` is an error.
 */
export function parseGvk(
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

export function served(
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

/** KEDA's `getHpaName`: an empty configured name counts as none. */
export function kedaHpaName(so: ScaledObjectLike): string {
  return so.spec?.advanced?.horizontalPodAutoscalerConfig?.name
    ? hpaNameFromSpec(so)
    : defaultHpaName(so.metadata?.name);
}

export function inNamespace<T extends { metadata?: { namespace?: string } }>(
  items: ReadonlyArray<T> | undefined,
  namespace: string,
): T[] | undefined {
  return items?.filter(o => (o.metadata?.namespace ?? namespace) === namespace);
}

/** Collects the findings for one ScaledObject. */
export class Findings {
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

export interface Incoming {
  name: string;
  namespace: string;
  so: ScaledObjectLike & {
    metadata?: { annotations?: Record<string, string> };
  };
  target: { gvk: string; kind: string; name: string };
  hpaName: string;
  triggers: KedaTriggerLike[];
}

export const TARGET_NAME: PathSegment[] = ['spec', 'scaleTargetRef', 'name'];
export const HPA_NAME: PathSegment[] = [
  'spec',
  'advanced',
  'horizontalPodAutoscalerConfig',
  'name',
];
