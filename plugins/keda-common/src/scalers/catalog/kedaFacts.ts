/**
 * What KEDA's scalers read decides the catalog's facts: the names, where each
 * value may come from, required or not, KEDA's defaults and allowed values,
 * deprecated and removed names. The hand-written entries add what the source
 * cannot say (descriptions, form controls, groups of alternatives, the
 * portal's secret policy). Facts come from kedaFacts.generated.ts, which the
 * generator writes from KEDA's Go sources.
 */
import type {
  ScalerDefinition,
  ScalerParameter,
  ScalerParameterKind,
  ScalerParameterSource,
} from '../types';
import { CREDENTIAL_NAME } from '../names';

/** One parameter as the generated file holds it (see the generator). */
export interface KedaFactParameter {
  n: string;
  s: string;
  r?: number;
  u?: number;
  d?: string;
  v?: string[];
  k: string;
  dep?: number;
  rm?: string;
  al?: string[];
}

export type KedaFacts = Record<
  string,
  { f: string; x?: number; p: KedaFactParameter[] }
>;

const SOURCE: Record<string, ScalerParameterSource> = {
  m: 'metadata',
  a: 'authentication',
  e: 'env',
};

function applyParameter(
  fact: KedaFactParameter,
  handWritten: ScalerParameter | undefined,
): ScalerParameter {
  const all = [...fact.s].map(letter => SOURCE[letter]);
  const others = all.filter(source => source !== 'metadata');
  // The portal's secret policy: a credential never comes from literal
  // metadata, even where KEDA would read it there (the manifest ends up in Git).
  const secret =
    (handWritten ? handWritten.secret : CREDENTIAL_NAME.test(fact.n)) &&
    others.length > 0;
  const sources = secret ? others : all;
  const result: ScalerParameter = {
    name: fact.n,
    description:
      handWritten?.description ??
      'Read by KEDA; see the scaler’s documentation page.',
    required: !!fact.r,
    kind:
      handWritten?.kind ??
      (fact.k as ScalerParameterKind) ??
      ('string' as ScalerParameterKind),
    sources,
    secret,
  };
  // A group of alternatives stays when KEDA does not demand this member alone.
  if (handWritten?.oneOfGroup !== undefined && !fact.r) {
    result.oneOfGroup = handWritten.oneOfGroup;
  }
  if (fact.d !== undefined) result.default = fact.d;
  else if (handWritten?.default !== undefined && !fact.r) {
    // A default KEDA applies in code rather than in the struct tag.
    result.default = handWritten.default;
  }
  if (fact.v) {
    result.values = fact.v;
    if (result.kind !== 'list') result.kind = 'enum';
  } else if (handWritten?.values) {
    // Checked by the scaler's own code (e.g. a switch), not by the tag.
    result.values = handWritten.values;
  }
  if (fact.u) result.optionalWithScalingModifiers = true;
  if (fact.dep) result.deprecated = true;
  if (fact.rm) result.removed = fact.rm;
  if (fact.al) result.aliases = fact.al;
  return result;
}

/**
 * The definition with KEDA's facts applied: parameters KEDA reads and the
 * hand-written entry lacks are added, parameters KEDA never reads are dropped.
 * Types without facts (removed from KEDA) are returned as they are.
 */
export function applyKedaFacts(
  definition: ScalerDefinition,
  facts: KedaFacts,
): ScalerDefinition {
  const trigger = facts[definition.type];
  if (!trigger) return definition;
  const parameters = trigger.p.map(fact =>
    applyParameter(
      fact,
      definition.parameters.find(p => p.name === fact.n),
    ),
  );
  const result: ScalerDefinition = {
    ...definition,
    parameters,
    kedaSource: trigger.f,
  };
  if (trigger.x) result.additionalMetadata = true;
  else delete result.additionalMetadata;
  return result;
}
