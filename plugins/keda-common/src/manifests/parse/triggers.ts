/**
 * Triggers read back into an intent, with their authentication: a
 * TriggerAuthentication of the same set that an intent can hold whole
 * becomes secretRefs / podIdentity (so a proposal keeps writing it); any
 * other stays a reference by name.
 */
import {
  AUTHENTICATION_KINDS,
  AUTHENTICATION_REF,
  INTENT_AUTHENTICATION_SOURCES,
  isObj,
  isOneOf,
  METRIC_TYPES,
  POD_IDENTITY,
  POD_IDENTITY_PROVIDERS,
  SECRET_TARGET_REF,
  TRIGGER_FIELDS,
  unknownKeys,
  type Obj,
} from '../fields';
import type {
  PodIdentityIntent,
  SecretRefIntent,
  TriggerAuthenticationIntent,
  TriggerIntent,
} from '../types';
import { defined, nonEmpty, type Reader } from './reader';

type CreatedAuthentication = Pick<
  TriggerAuthenticationIntent,
  'secretRefs' | 'podIdentity'
>;

/** secretTargetRef as secretRefs; undefined when an entry does not fit. */
function secretRefsFrom(refs: unknown): SecretRefIntent[] | undefined {
  if (!Array.isArray(refs)) return undefined;
  const secretRefs: SecretRefIntent[] = [];
  for (const ref of refs) {
    if (
      !isObj(ref) ||
      unknownKeys(ref, SECRET_TARGET_REF).length ||
      typeof ref.parameter !== 'string' ||
      typeof ref.name !== 'string' ||
      typeof ref.key !== 'string'
    ) {
      return undefined;
    }
    secretRefs.push({
      parameter: ref.parameter,
      secretName: ref.name,
      key: ref.key,
    });
  }
  return secretRefs;
}

/** podIdentity as the intent holds it; undefined when it does not fit. */
function podIdentityFrom(identity: unknown): PodIdentityIntent | undefined {
  if (
    !isObj(identity) ||
    unknownKeys(identity, POD_IDENTITY).length ||
    !isOneOf(String(identity.provider), POD_IDENTITY_PROVIDERS) ||
    Object.values(identity).some(v => typeof v !== 'string')
  ) {
    return undefined;
  }
  return defined<PodIdentityIntent>(POD_IDENTITY.map(k => [k, identity[k]]));
}

/** A TriggerAuthentication we can express as secretRefs / podIdentity, or undefined. */
function createdAuthentication(
  ta: Obj | undefined,
): CreatedAuthentication | undefined {
  if (!ta || !isObj(ta.spec)) return undefined;
  const spec = ta.spec;
  if (unknownKeys(spec, INTENT_AUTHENTICATION_SOURCES).length) {
    return undefined;
  }
  let secretRefs: SecretRefIntent[] | undefined;
  if (spec.secretTargetRef !== undefined) {
    secretRefs = secretRefsFrom(spec.secretTargetRef);
    if (!secretRefs) return undefined;
  }
  let podIdentity: PodIdentityIntent | undefined;
  if (spec.podIdentity !== undefined) {
    podIdentity = podIdentityFrom(spec.podIdentity);
    if (!podIdentity) return undefined;
  }
  if (!secretRefs?.length && !podIdentity) return undefined;
  return defined<CreatedAuthentication>([
    ['secretRefs', secretRefs?.length ? secretRefs : undefined],
    ['podIdentity', podIdentity],
  ]);
}

function authenticationFrom(
  r: Reader,
  raw: Obj,
  path: string,
  authentications: Map<string, Obj>,
): TriggerAuthenticationIntent | undefined {
  const ref = r.obj(raw, 'authenticationRef', path);
  if (!ref) return undefined;
  const refPath = `${path}.authenticationRef`;
  r.rest(ref, AUTHENTICATION_REF, refPath);
  const name = r.text(ref, 'name', refPath);
  if (!name) {
    r.skip(refPath);
    return undefined;
  }
  const kind = r.oneOf(ref, 'kind', refPath, AUTHENTICATION_KINDS);
  if (kind !== 'ClusterTriggerAuthentication') {
    // Ours to edit only when it lives in the folder and the intent can hold
    // every field of it; anything else stays a reference and is left alone.
    const created = createdAuthentication(authentications.get(name));
    if (created) return { name, ...created };
  }
  return defined<TriggerAuthenticationIntent>([
    ['name', name],
    ['kind', kind],
  ]);
}

export function triggerFrom(
  r: Reader,
  raw: unknown,
  path: string,
  authentications: Map<string, Obj>,
): TriggerIntent | undefined {
  if (!isObj(raw)) {
    r.skip(path);
    return undefined;
  }
  r.rest(raw, TRIGGER_FIELDS, path);
  const type = r.text(raw, 'type', path);
  if (!type) {
    r.skip(path);
    return undefined;
  }
  const metadata = r.stringMap(raw, 'metadata', path);
  return defined<TriggerIntent>([
    ['type', type],
    ['name', r.text(raw, 'name', path)],
    ['metadata', metadata && nonEmpty(metadata)],
    ['metricType', r.oneOf(raw, 'metricType', path, METRIC_TYPES)],
    ['useCachedMetrics', r.bool(raw, 'useCachedMetrics', path)],
    ['authentication', authenticationFrom(r, raw, path, authentications)],
  ]);
}
