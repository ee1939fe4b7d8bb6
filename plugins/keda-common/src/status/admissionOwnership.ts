/**
 * KEDA's ownership rules: a workload has one scaler (one ScaledObject, no
 * foreign HPA unless taken over) and an HPA name belongs to one ScaledObject.
 */
import type { AdmissionSnapshot } from './admissionTypes';
import {
  HPA_OWNERSHIP_VALIDATION_ANNOTATION,
  TRANSFER_HPA_OWNERSHIP_ANNOTATION,
} from './admissionTypes';
import {
  type Findings,
  HPA_NAME,
  type Incoming,
  inNamespace,
  kedaHpaName,
  parseGvk,
  served,
  TARGET_NAME,
} from './admissionCommon';

/** Another ScaledObject scales the same workload or uses the same HPA name. */
export function checkOtherScaledObjects(
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
export function checkForeignHpas(
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
