/**
 * The public shapes of the cluster-dependent admission rules: what the
 * caller knows of the cluster (AdmissionSnapshot and the objects in it),
 * the verdict, and the two annotations KEDA's webhook reads.
 */
import type { ManifestProblem } from '../manifests/types';
import type { ScaledObjectLike } from './types';

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
