/**
 * How KEDA's objects find each other in a cluster, written once for the
 * cluster cache, the live updates, the history and the demo driver.
 */
import type { KubeEventLike, ScaledObjectLike } from './types';

/**
 * The name KEDA's operator reports its events under
 * (`reportingComponent`) and marks the HPAs it manages with.
 *
 * @public
 */
export const KEDA_OPERATOR = 'keda-operator';

/**
 * The label whose value is {@link KEDA_OPERATOR} on the HPAs KEDA manages.
 *
 * @public
 */
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';

/**
 * The kind of a ScaledObject's scale target: `Deployment` when
 * `scaleTargetRef.kind` is left out, as KEDA does.
 *
 * @public
 */
export function scaleTargetKind(ref: { kind?: string } | undefined): string {
  return ref?.kind ?? 'Deployment';
}

/**
 * The name KEDA gives a ScaledObject's HPA when the spec names none:
 * `keda-hpa-<name>`.
 *
 * @public
 */
export function defaultHpaName(scaledObjectName: string | undefined): string {
  return `keda-hpa-${scaledObjectName}`;
}

/**
 * The name KEDA gives the HPA it creates for a ScaledObject:
 * `spec.advanced.horizontalPodAutoscalerConfig.name`, else
 * `keda-hpa-<name>`.
 *
 * @public
 */
export function hpaNameFromSpec(so: ScaledObjectLike): string {
  // An empty name means the default, as in KEDA's getHPAName.
  return (
    so.spec?.advanced?.horizontalPodAutoscalerConfig?.name ||
    defaultHpaName(so.metadata?.name)
  );
}

/**
 * The name of a ScaledObject's HPA: the one KEDA reports in
 * `status.hpaName`, else the one it will give it (before KEDA has written
 * its status).
 *
 * @public
 */
export function hpaNameOf(so: ScaledObjectLike): string {
  return so.status?.hpaName ?? hpaNameFromSpec(so);
}

/**
 * Whether an Event is about an object: by uid when the event names one (a
 * re-created object with the same name is another object), else by kind,
 * name and namespace.
 *
 * @public
 */
export function isEventAbout(
  event: Pick<KubeEventLike, 'kind' | 'involvedObject'>,
  object: {
    kind?: string;
    metadata?: { uid?: string; name?: string; namespace?: string };
  },
): boolean {
  const about = event.involvedObject;
  return about?.uid
    ? about.uid === object.metadata?.uid
    : about?.kind === object.kind &&
        about?.name === object.metadata?.name &&
        about?.namespace === object.metadata?.namespace;
}
