/**
 * Trigger types as the guardrails compare them: aliases mapped to the type
 * they select, and whether a type reads an outside event source.
 */
import { getScaler } from '@keda-portal/plugin-keda-common';

/** Triggers that read the workload itself or the clock, not an outside source. */
const NON_EXTERNAL_TRIGGER_TYPES = new Set(['cpu', 'memory', 'cron']);

/**
 * The canonical trigger type: an alias is mapped to the type it selects.
 */
export function canonicalType(type: string): string {
  return getScaler(type)?.type ?? type;
}

/**
 * True when a trigger type reads an outside event source (a queue, a
 * database, a metrics system, ...), as opposed to `cpu` and `memory` (the
 * workload's own resource use) and `cron` (the clock). These are the
 * triggers whose source can fail, which is what KEDA's fallback is for.
 *
 * The scaler catalog's `category` follows the KEDA docs' grouping (cpu and
 * memory share `Apps` with kubernetes-workload), so it cannot tell this;
 * the decision is by type.
 *
 * @public
 */
export function isExternalTriggerType(type: string): boolean {
  return !NON_EXTERNAL_TRIGGER_TYPES.has(canonicalType(type));
}
