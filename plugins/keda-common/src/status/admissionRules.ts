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
 * fallback, formulas) are in `manifests/validate`. The shapes are in
 * `admissionTypes`, the ownership rules in `admissionOwnership`, the
 * cpu/memory rules in `admissionResources`; the target kind rule and the
 * entry point are here.
 */
import type { AdmissionCheck, AdmissionSnapshot } from './admissionTypes';
import {
  Findings,
  type Incoming,
  kedaHpaName,
  parseGvk,
  served,
} from './admissionCommon';
import {
  checkForeignHpas,
  checkOtherScaledObjects,
} from './admissionOwnership';
import { checkResourceTriggers } from './admissionResources';
import type { ScaledObjectLike } from './types';

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
