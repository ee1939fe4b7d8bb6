/**
 * The KEDA scaler catalog: every trigger type of KEDA 2.21 with its
 * parameters, defaults, allowed values and where each value may come from.
 */
import { allScalers } from './catalog';
import { matchesParameterName } from './names';
import type { ScalerDefinition, ScalerParameter } from './types';

export type {
  PodIdentityProvider,
  ScalerCategory,
  ScalerDefinition,
  ScalerParameter,
  ScalerParameterKind,
  ScalerParameterSource,
} from './types';
export { matchesParameterName } from './names';
export { parseKedaBoolean } from './booleans';

/**
 * Every scaler of KEDA 2.21, sorted by trigger type. Includes `stan`, which
 * is documented but removed from KEDA (`removed: true`).
 *
 * @public
 */
export const scalerCatalog: ReadonlyArray<ScalerDefinition> = allScalers;

const byType = new Map<string, ScalerDefinition>();
for (const definition of allScalers) {
  byType.set(definition.type, definition);
  for (const alias of definition.aliases ?? []) {
    if (!byType.has(alias)) byType.set(alias, definition);
  }
}

/**
 * The definition of a trigger type (or alias), or `undefined` if unknown.
 *
 * @public
 */
export function getScaler(type: string): ScalerDefinition | undefined {
  return byType.get(type);
}

/**
 * The secret parameters of a trigger type: values that must come from a
 * TriggerAuthentication or an environment variable, never from literal
 * metadata. Empty for unknown types.
 *
 * @public
 */
export function secretParameters(type: string): ScalerParameter[] {
  return getScaler(type)?.parameters.filter(p => p.secret) ?? [];
}

/**
 * One parameter of a trigger type by name or by another name KEDA accepts
 * for it (`aliases`). A name like `query.A` matches a pattern parameter such
 * as `query.*`.
 *
 * @public
 */
export function getScalerParameter(
  type: string,
  name: string,
): ScalerParameter | undefined {
  const parameters = getScaler(type)?.parameters ?? [];
  return (
    parameters.find(p => p.name === name) ??
    // Another name KEDA accepts for it (e.g. queueNames for queueName).
    parameters.find(p => p.aliases?.includes(name)) ??
    parameters.find(p => matchesParameterName(p.name, name))
  );
}
