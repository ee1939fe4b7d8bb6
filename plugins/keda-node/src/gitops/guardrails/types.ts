/**
 * The shapes of the guardrails: the rules a platform team sets under
 * `keda.guardrails`, and the limits that apply to one entity.
 */

import type { ChangeGuardrails } from '@keda-portal/plugin-keda-common';

/** Where the rules live in app-config; messages name keys under it. */
export const ROOT = 'keda.guardrails';
/** The lifecycle scale-to-zero is refused for unless allowed otherwise. */
export const PRODUCTION = 'production';

/**
 * A replica limit for one namespace or one lifecycle.
 *
 * @public
 */
export interface GuardrailReplicaLimit {
  /**
   * Largest `maxReplicaCount` allowed here (for a ScaledJob: the most jobs
   * running at once). It can only tighten the global limit: when several
   * limits apply, the smallest wins.
   */
  maxReplicaCount?: number;
}

/**
 * Which trigger types may be used.
 *
 * @public
 */
export interface GuardrailTriggerTypes {
  /**
   * When set, only these trigger types may be used. Must not be empty
   * (leave it out to allow every type).
   */
  allow?: string[];
  /** These trigger types may never be used, even when `allow` lists them. */
  deny?: string[];
}

/**
 * Where scaling to zero is allowed.
 *
 * @public
 */
export interface GuardrailScaleToZero {
  /**
   * Entity lifecycles (`spec.lifecycle`) whose ScaledObjects may scale to
   * zero. Without this list, every lifecycle except `production` may. With
   * it, only the listed lifecycles may, and an entity without a lifecycle
   * may not.
   */
  allowedLifecycles?: string[];
}

/**
 * The guardrails a platform team sets under `keda.guardrails`. Every field
 * is optional; a rule that is not set is not checked.
 *
 * @public
 */
export interface GuardrailRules {
  /**
   * Largest `maxReplicaCount` any ScaledObject may ask for, and the most
   * jobs a ScaledJob may run at once. An intent without `maxReplicaCount`
   * counts as KEDA's default of 100.
   */
  maxReplicaCount?: number;
  /**
   * Replica limits per Kubernetes namespace. They combine with the global
   * and lifecycle limits; the smallest applicable limit wins.
   */
  namespaces?: Record<string, GuardrailReplicaLimit>;
  /**
   * Replica limits per entity lifecycle (`spec.lifecycle`, e.g.
   * `experimental`). They combine with the global and namespace limits; the
   * smallest applicable limit wins.
   */
  lifecycles?: Record<string, GuardrailReplicaLimit>;
  /** Allow-list and/or deny-list of trigger types. */
  triggerTypes?: GuardrailTriggerTypes;
  /**
   * Shortest `pollingInterval` in seconds. An intent without
   * `pollingInterval` counts as KEDA's default of 30 seconds.
   */
  minPollingInterval?: number;
  /**
   * When true, a ScaledObject with at least one trigger that reads an
   * outside event source (any type except `cpu`, `memory` and `cron`) must
   * set `fallback`. ScaledJobs have no fallback and are not checked.
   */
  requireFallbackForExternalTriggers?: boolean;
  /**
   * When set (even as an empty object), ScaledObjects may only scale to
   * zero (`minReplicaCount` 0 or unset, or `idleReplicaCount` 0) in the
   * allowed lifecycles. ScaledJobs are not checked: running no job while
   * there is no work is what they are for.
   */
  scaleToZero?: GuardrailScaleToZero;
}

/**
 * The entity a change is for.
 *
 * @public
 */
export interface GuardrailContext {
  /** Kubernetes namespace of the scaled object. */
  namespace: string;
  /** The entity's `spec.lifecycle`, e.g. `production`. */
  lifecycle?: string;
}

/**
 * The limits that apply to one entity, for a form to show: the API's
 * `ChangeGuardrails`, which the guardrails route answers with as is.
 *
 * @public
 */
export type EffectiveGuardrails = ChangeGuardrails;
