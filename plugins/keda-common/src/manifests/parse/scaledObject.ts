/**
 * A ScaledObject spec read back into the fields of an intent: scale target,
 * bounds and timings, fallback, HPA behaviour and scalingModifiers.
 */
import {
  ADVANCED,
  FALLBACK,
  FALLBACK_BEHAVIORS,
  HPA_BEHAVIOR,
  HPA_CONFIG,
  INTENT_SCALING_RULES,
  isObj,
  MODIFIER_METRIC_TYPES,
  POLICY_TYPES,
  SCALE_TARGET_REF,
  SCALED_OBJECT_SPEC,
  SCALING_MODIFIERS,
  SCALING_POLICY,
  SELECT_POLICIES,
  type Obj,
} from '../fields';
import type {
  HpaScalingRulesIntent,
  ScaleTargetIntent,
  ScalingIntent,
} from '../types';
import { defined, nonEmpty, type Reader } from './reader';

function rulesFrom(
  r: Reader,
  parent: Obj,
  key: string,
  path: string,
): HpaScalingRulesIntent | undefined {
  const rules = r.obj(parent, key, path);
  if (!rules) return undefined;
  const at = `${path}.${key}`;
  r.rest(rules, INTENT_SCALING_RULES, at);
  const policies = r.list(rules, 'policies', at)?.flatMap((p, i) => {
    const pAt = `${at}.policies[${i}]`;
    if (!isObj(p)) {
      r.skip(pAt);
      return [];
    }
    r.rest(p, SCALING_POLICY, pAt);
    const type = r.oneOf(p, 'type', pAt, POLICY_TYPES);
    const value = r.int(p, 'value', pAt);
    const periodSeconds = r.int(p, 'periodSeconds', pAt);
    if (!type || value === undefined || periodSeconds === undefined) {
      r.skip(pAt);
      return [];
    }
    return [{ type, value, periodSeconds }];
  });
  return defined<HpaScalingRulesIntent>([
    [
      'stabilizationWindowSeconds',
      r.int(rules, 'stabilizationWindowSeconds', at),
    ],
    ['selectPolicy', r.oneOf(rules, 'selectPolicy', at, SELECT_POLICIES)],
    ['policies', policies],
  ]);
}

function fallbackFrom(r: Reader, spec: Obj): ScalingIntent['fallback'] {
  const fallbackRaw = r.obj(spec, 'fallback', 'spec');
  if (!fallbackRaw) return undefined;
  const fPath = 'spec.fallback';
  r.rest(fallbackRaw, FALLBACK, fPath);
  const failureThreshold = r.int(fallbackRaw, 'failureThreshold', fPath);
  const replicas = r.int(fallbackRaw, 'replicas', fPath);
  if (failureThreshold === undefined || replicas === undefined) {
    r.skip(fPath);
    return undefined;
  }
  return defined<NonNullable<ScalingIntent['fallback']>>([
    ['failureThreshold', failureThreshold],
    ['replicas', replicas],
    ['behavior', r.oneOf(fallbackRaw, 'behavior', fPath, FALLBACK_BEHAVIORS)],
  ]);
}

function hpaFrom(
  r: Reader,
  advanced: Obj,
  aPath: string,
): ScalingIntent['hpa'] {
  const hpaRaw = r.obj(advanced, 'horizontalPodAutoscalerConfig', aPath);
  if (!hpaRaw) return undefined;
  const hPath = `${aPath}.horizontalPodAutoscalerConfig`;
  r.rest(hpaRaw, HPA_CONFIG, hPath);
  const behavior = r.obj(hpaRaw, 'behavior', hPath) ?? {};
  r.rest(behavior, HPA_BEHAVIOR, `${hPath}.behavior`);
  return nonEmpty(
    defined<NonNullable<ScalingIntent['hpa']>>([
      ['name', r.text(hpaRaw, 'name', hPath)],
      ['scaleUp', rulesFrom(r, behavior, 'scaleUp', `${hPath}.behavior`)],
      ['scaleDown', rulesFrom(r, behavior, 'scaleDown', `${hPath}.behavior`)],
    ]),
  );
}

function scalingModifiersFrom(
  r: Reader,
  advanced: Obj,
  aPath: string,
): ScalingIntent['scalingModifiers'] {
  const modifiersRaw = r.obj(advanced, 'scalingModifiers', aPath);
  if (!modifiersRaw) return undefined;
  const mPath = `${aPath}.scalingModifiers`;
  r.rest(modifiersRaw, SCALING_MODIFIERS, mPath);
  const formula = r.text(modifiersRaw, 'formula', mPath);
  const target = r.text(modifiersRaw, 'target', mPath);
  if (formula === undefined || target === undefined) {
    r.skip(mPath);
    return undefined;
  }
  return defined<NonNullable<ScalingIntent['scalingModifiers']>>([
    ['formula', formula],
    ['target', target],
    ['activationTarget', r.text(modifiersRaw, 'activationTarget', mPath)],
    [
      'metricType',
      r.oneOf(modifiersRaw, 'metricType', mPath, MODIFIER_METRIC_TYPES),
    ],
  ]);
}

const T_PATH = 'spec.scaleTargetRef';

/** The scale target called `name`, with the rest of its reference. */
function scaleTargetFrom(
  r: Reader,
  targetRef: Obj,
  name: string,
): ScaleTargetIntent {
  return defined<ScaleTargetIntent>([
    ['name', name],
    ['kind', r.text(targetRef, 'kind', T_PATH)],
    ['apiVersion', r.text(targetRef, 'apiVersion', T_PATH)],
    [
      'envSourceContainerName',
      r.text(targetRef, 'envSourceContainerName', T_PATH),
    ],
  ]);
}

export function scaledObjectFields(
  r: Reader,
  spec: Obj,
): Partial<ScalingIntent> {
  r.rest(spec, SCALED_OBJECT_SPEC, 'spec');
  const targetRef = r.obj(spec, 'scaleTargetRef', 'spec') ?? {};
  r.rest(targetRef, SCALE_TARGET_REF, T_PATH);
  const targetName = r.text(targetRef, 'name', T_PATH);
  const fallback = fallbackFrom(r, spec);
  const advanced = r.obj(spec, 'advanced', 'spec') ?? {};
  const aPath = 'spec.advanced';
  r.rest(advanced, ADVANCED, aPath);
  const hpa = hpaFrom(r, advanced, aPath);
  const scalingModifiers = scalingModifiersFrom(r, advanced, aPath);
  return defined<Partial<ScalingIntent>>([
    [
      'scaleTarget',
      targetName === undefined
        ? undefined
        : scaleTargetFrom(r, targetRef, targetName),
    ],
    ['minReplicaCount', r.int(spec, 'minReplicaCount', 'spec')],
    ['maxReplicaCount', r.int(spec, 'maxReplicaCount', 'spec')],
    ['idleReplicaCount', r.int(spec, 'idleReplicaCount', 'spec')],
    ['pollingInterval', r.int(spec, 'pollingInterval', 'spec')],
    ['cooldownPeriod', r.int(spec, 'cooldownPeriod', 'spec')],
    ['initialCooldownPeriod', r.int(spec, 'initialCooldownPeriod', 'spec')],
    ['fallback', fallback],
    ['hpa', hpa],
    [
      'restoreToOriginalReplicaCount',
      r.bool(advanced, 'restoreToOriginalReplicaCount', aPath),
    ],
    ['scalingModifiers', scalingModifiers],
  ]);
}
