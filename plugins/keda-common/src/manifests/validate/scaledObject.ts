/**
 * The rules of a ScaledObject spec: its scale target, replica bounds (the
 * admission webhook's rules 1 and 2), the HPA settings and the name KEDA
 * derives for the HPA (rule 3), scalingModifiers (rule 9) and fallback
 * (rule 8). Triggers are checked in triggers.ts.
 */
import {
  ADVANCED,
  FALLBACK,
  FALLBACK_BEHAVIORS,
  HPA_BEHAVIOR,
  HPA_CONFIG,
  isObj,
  MODIFIER_METRIC_TYPES,
  POLICY_TYPES,
  SCALE_TARGET_REF,
  SCALED_OBJECT_SPEC,
  SCALING_MODIFIERS,
  SCALING_POLICY,
  SCALING_RULES,
  SELECT_POLICIES,
  stringValue as str,
  type Obj,
} from '../fields';
import { parseFormula } from '../formula';
import type { PathSegment } from '../paths';
import { NUMBER, type Checker } from './checker';
import { RESOURCE_TRIGGERS } from './triggers';
import { defaultHpaName } from '../../status/clusterRules';

function checkScalingRules(c: Checker, rules: unknown, path: PathSegment[]) {
  if (rules === undefined) return;
  if (!isObj(rules)) {
    c.add(
      path,
      'must be an object',
      'Write stabilizationWindowSeconds, selectPolicy and policies.',
    );
    return;
  }
  c.unknownFields(rules, path, SCALING_RULES, 'HPA scaling rules');
  c.integer(rules, path, 'stabilizationWindowSeconds', 0, 3600);
  c.oneOf(rules, path, 'selectPolicy', SELECT_POLICIES);
  const policies = rules.policies;
  if (policies === undefined) return;
  if (!Array.isArray(policies)) {
    c.add(
      [...path, 'policies'],
      'must be a list',
      'Write a list of { type, value, periodSeconds }.',
    );
    return;
  }
  policies.forEach((policy, i) => {
    const at = [...path, 'policies', i];
    if (!isObj(policy)) {
      c.add(at, 'must be an object', 'Write { type, value, periodSeconds }.');
      return;
    }
    for (const key of SCALING_POLICY) {
      if (policy[key] === undefined)
        c.add([...at, key], 'is required', `Add ${key}.`);
    }
    c.oneOf(policy, at, 'type', POLICY_TYPES);
    c.integer(policy, at, 'value', 1);
    c.integer(policy, at, 'periodSeconds', 1, 1800);
  });
}

function checkScaleTargetRef(c: Checker, spec: Obj) {
  const target = spec.scaleTargetRef;
  if (!isObj(target)) {
    c.add(
      ['spec', 'scaleTargetRef'],
      'is required',
      'Add scaleTargetRef with the name of the workload to scale.',
    );
    return;
  }
  const at: PathSegment[] = ['spec', 'scaleTargetRef'];
  c.unknownFields(target, at, SCALE_TARGET_REF, 'scaleTargetRef');
  const name = c.string(
    target,
    at,
    'name',
    true,
    'the name of the workload to scale',
  );
  c.name([...at, 'name'], name, 'subdomain', 'the name');
  c.string(target, at, 'apiVersion', false);
  c.string(target, at, 'kind', false);
  c.name(
    [...at, 'envSourceContainerName'],
    c.string(target, at, 'envSourceContainerName', false),
    'label',
    'the container name',
  );
}

/** Timings and replica counts, with the webhook's rules 1 and 2. */
function checkReplicaCounts(c: Checker, spec: Obj) {
  c.integer(spec, ['spec'], 'pollingInterval', 1);
  c.integer(spec, ['spec'], 'initialCooldownPeriod', 0);
  c.integer(spec, ['spec'], 'cooldownPeriod', 0);
  const idle = c.integer(spec, ['spec'], 'idleReplicaCount', 0);
  const min = c.integer(spec, ['spec'], 'minReplicaCount', 0);
  const max = c.integer(spec, ['spec'], 'maxReplicaCount', 1);
  const minOk = spec.minReplicaCount === undefined || min !== undefined;
  const maxOk = spec.maxReplicaCount === undefined || max !== undefined;
  // KEDA compares with the HPA's minimum: an unset min counts as 0, a set
  // one as at least 1 (GetHPAMinReplicas in scaledobject_types.go), so
  // `minReplicaCount: 0` with `idleReplicaCount: 0` passes and with
  // `maxReplicaCount: 0` does not.
  const hpaMin = min === undefined ? 0 : Math.max(min, 1);
  let asHpaMin = '';
  if (min === undefined) asHpaMin = ', the default';
  else if (min === 0) asHpaMin = ', which KEDA checks as the HPA minimum 1';
  // Rule 1 (webhook and CRD): min <= max, unset max = 100.
  if (minOk && maxOk && hpaMin > (max ?? 100)) {
    c.add(
      ['spec', 'minReplicaCount'],
      `minReplicaCount (${
        min ?? 0
      }${asHpaMin}) must not be above maxReplicaCount (${max ?? 100}${
        max === undefined ? ', the default' : ''
      })`,
      'Lower minReplicaCount or raise maxReplicaCount.',
    );
  }
  // Rule 2: idle < min.
  if (idle !== undefined && minOk && idle >= hpaMin) {
    c.add(
      ['spec', 'idleReplicaCount'],
      `idleReplicaCount (${idle}) must be below minReplicaCount (${
        min ?? 0
      }${asHpaMin})`,
      'Use idleReplicaCount: 0 with a minReplicaCount of 1 or more, or remove idleReplicaCount.',
    );
  }
}

/** horizontalPodAutoscalerConfig; returns the HPA name it sets. */
function checkHpaConfig(
  c: Checker,
  hpa: unknown,
  at: PathSegment[],
): string | undefined {
  if (hpa !== undefined && !isObj(hpa)) {
    c.add(
      [...at, 'horizontalPodAutoscalerConfig'],
      'must be an object',
      'Write name and behavior.',
    );
  }
  if (!isObj(hpa)) return undefined;
  const hpaPath = [...at, 'horizontalPodAutoscalerConfig'];
  c.unknownFields(hpa, hpaPath, HPA_CONFIG, 'horizontalPodAutoscalerConfig');
  // An empty name means KEDA's default, keda-hpa-<name> (getHPAName).
  const hpaName = c.string(hpa, hpaPath, 'name', false) || undefined;
  if (hpaName !== undefined) {
    c.name([...hpaPath, 'name'], hpaName, 'subdomain', 'the HPA name');
    if (hpaName.length > 63) {
      c.add(
        [...hpaPath, 'name'],
        `the HPA name must be at most 63 characters, it has ${hpaName.length}`,
        'Shorten the HPA name.',
      );
    }
  }
  const behavior = hpa.behavior;
  if (behavior !== undefined && !isObj(behavior)) {
    c.add(
      [...hpaPath, 'behavior'],
      'must be an object',
      'Write scaleUp and scaleDown.',
    );
  }
  if (isObj(behavior)) {
    c.unknownFields(
      behavior,
      [...hpaPath, 'behavior'],
      HPA_BEHAVIOR,
      'HPA behavior',
    );
    checkScalingRules(c, behavior.scaleUp, [...hpaPath, 'behavior', 'scaleUp']);
    checkScalingRules(c, behavior.scaleDown, [
      ...hpaPath,
      'behavior',
      'scaleDown',
    ]);
  }
  return hpaName;
}

/**
 * `spec.advanced`; returns its scalingModifiers (checked later, against the
 * triggers) and the HPA name it sets.
 */
function checkAdvanced(
  c: Checker,
  spec: Obj,
): { modifiers?: Obj; hpaName?: string } {
  const advanced = spec.advanced;
  if (advanced !== undefined && !isObj(advanced)) {
    c.add(
      ['spec', 'advanced'],
      'must be an object',
      'Write advanced as a map.',
    );
  }
  if (!isObj(advanced)) return {};
  const at: PathSegment[] = ['spec', 'advanced'];
  c.unknownFields(advanced, at, ADVANCED, 'advanced');
  c.boolean(advanced, at, 'restoreToOriginalReplicaCount');
  const hpaName = checkHpaConfig(c, advanced.horizontalPodAutoscalerConfig, at);
  const sm = advanced.scalingModifiers;
  if (sm !== undefined && !isObj(sm)) {
    c.add(
      [...at, 'scalingModifiers'],
      'must be an object',
      'Write formula and target.',
    );
  }
  return { modifiers: isObj(sm) ? sm : undefined, hpaName };
}

/** Rule 3: the HPA name KEDA derives fits in 63 characters. */
function checkDerivedHpaName(
  c: Checker,
  manifest: Obj,
  hpaName: string | undefined,
) {
  const name = isObj(manifest.metadata)
    ? str(manifest.metadata.name)
    : undefined;
  if (
    hpaName === undefined &&
    name !== undefined &&
    name.length <= 63 &&
    defaultHpaName(name).length > 63
  ) {
    c.add(
      ['metadata', 'name'],
      `the HPA name KEDA derives, '${defaultHpaName(
        name,
      )}', is longer than 63 characters`,
      `Shorten the name to at most 54 characters, or set spec.advanced.horizontalPodAutoscalerConfig.name.`,
    );
  }
}

/** The target and activation target of scalingModifiers, and its metric type. */
function checkModifierValues(c: Checker, modifiers: Obj, at: PathSegment[]) {
  const formula = c.string(
    modifiers,
    at,
    'formula',
    true,
    'a formula over the named triggers, e.g. (a + b) / 2',
  );
  const targetValue = c.string(
    modifiers,
    at,
    'target',
    formula !== undefined,
    "a target value, e.g. '10'",
  );
  if (targetValue !== undefined && targetValue !== '') {
    const n = Number(targetValue);
    if (!NUMBER.test(targetValue.trim()) || !(n > 0)) {
      c.add(
        [...at, 'target'],
        `must be a number above 0, got '${targetValue}'`,
        "Write a positive number, e.g. '10'.",
      );
    }
  }
  const activation = c.string(modifiers, at, 'activationTarget', false);
  if (
    activation !== undefined &&
    activation !== '' &&
    !NUMBER.test(activation.trim())
  ) {
    c.add(
      [...at, 'activationTarget'],
      `must be a number, got '${activation}'`,
      "Write a number, e.g. '0'.",
    );
  }
  if (modifiers.metricType === 'Utilization') {
    c.add(
      [...at, 'metricType'],
      'Utilization cannot be used for a composite metric',
      'Use AverageValue or Value.',
    );
  } else {
    c.oneOf(modifiers, at, 'metricType', MODIFIER_METRIC_TYPES);
  }
  return formula;
}

/** Rule 9: scalingModifiers, its formula over the named (non-resource) triggers. */
function checkScalingModifiers(
  c: Checker,
  modifiers: Obj,
  triggers: unknown[],
  triggerTypes: Array<string | undefined>,
) {
  const at: PathSegment[] = ['spec', 'advanced', 'scalingModifiers'];
  c.unknownFields(modifiers, at, SCALING_MODIFIERS, 'scalingModifiers');
  const formula = checkModifierValues(c, modifiers, at);
  if (formula === undefined) return;
  const variables = new Set<string>();
  triggers.forEach((t, i) => {
    const n = isObj(t) ? str(t.name) : undefined;
    if (n && !RESOURCE_TRIGGERS.has(triggerTypes[i] ?? '')) variables.add(n);
  });
  const parsed = parseFormula(formula);
  if (!parsed.ok) {
    c.add(
      [...at, 'formula'],
      `cannot be parsed: ${parsed.error} (at character ${parsed.position + 1})`,
      'Fix the expression: numbers, trigger names, + - * / % **, comparisons, && || !, ?:, ?? and min/max/abs/ceil/floor/round.',
    );
    return;
  }
  for (const id of parsed.identifiers) {
    if (!variables.has(id)) {
      c.add(
        [...at, 'formula'],
        `uses '${id}', which is not the name of a trigger${
          variables.size
            ? ` (named triggers: ${[...variables].join(', ')})`
            : ''
        }`,
        `Give the trigger the name '${id}' (spec.triggers[].name), or use a name that exists; cpu and memory triggers cannot be used.`,
      );
    }
  }
}

/** Rule 8: fallback. */
function checkFallback(
  c: Checker,
  spec: Obj,
  modifiers: Obj | undefined,
  triggerTypes: Array<string | undefined>,
) {
  const fallback = spec.fallback;
  if (fallback !== undefined && !isObj(fallback)) {
    c.add(
      ['spec', 'fallback'],
      'must be an object',
      'Write failureThreshold and replicas.',
    );
  }
  if (!isObj(fallback)) return;
  const at: PathSegment[] = ['spec', 'fallback'];
  c.unknownFields(fallback, at, FALLBACK, 'fallback');
  for (const key of ['failureThreshold', 'replicas']) {
    if (fallback[key] === undefined) {
      c.add(
        [...at, key],
        'is required when fallback is set',
        `Add ${key} (a whole number of at least 0).`,
      );
    }
  }
  c.integer(fallback, at, 'failureThreshold', 0);
  c.integer(fallback, at, 'replicas', 0);
  c.oneOf(fallback, at, 'behavior', FALLBACK_BEHAVIORS);
  if (
    !modifiers &&
    triggerTypes.length &&
    triggerTypes.every(t => t !== undefined && RESOURCE_TRIGGERS.has(t))
  ) {
    c.add(
      at,
      'fallback needs at least one trigger that is not cpu or memory',
      'Add an event trigger, or remove fallback.',
    );
  }
  if (
    fallback.behavior === 'scalingModifiers' &&
    !(modifiers && str(modifiers.formula))
  ) {
    c.add(
      [...at, 'behavior'],
      'behavior scalingModifiers needs spec.advanced.scalingModifiers.formula',
      'Add a scalingModifiers formula, or use another behavior.',
    );
  }
}

export function checkScaledObject(c: Checker, manifest: Obj, spec: Obj) {
  c.unknownFields(spec, ['spec'], SCALED_OBJECT_SPEC, 'a ScaledObject spec');
  checkScaleTargetRef(c, spec);
  checkReplicaCounts(c, spec);
  const triggers = Array.isArray(spec.triggers) ? spec.triggers : [];
  const triggerTypes = triggers.map(t => (isObj(t) ? str(t.type) : undefined));
  const { modifiers: given, hpaName } = checkAdvanced(c, spec);
  // KEDA uses scalingModifiers only when one of its fields is set
  // (IsUsingModifiers: the struct is not empty); `{}` is ignored.
  const modifiers =
    given &&
    Object.values(given).some(v => v !== undefined && v !== null && v !== '')
      ? given
      : undefined;
  checkDerivedHpaName(c, manifest, hpaName);
  if (modifiers) checkScalingModifiers(c, modifiers, triggers, triggerTypes);
  checkFallback(c, spec, modifiers, triggerTypes);
}
