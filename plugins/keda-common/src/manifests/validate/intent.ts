/**
 * Validation of a scaling intent: what only the intent can answer (its kind,
 * the settings of the other kind, the authentications it asks to create),
 * then its built manifests through `validateManifests`.
 */
import { getScaler, getScalerParameter } from '../../scalers';
import { buildManifests, PAUSED_REPLICAS_ANNOTATION } from '../build';
import type {
  KedaManifest,
  ManifestProblem,
  ScalingIntent,
  TriggerIntent,
} from '../types';
import { validateManifests, type ValidationOptions } from './manifests';

type Add = (path: string, message: string, fix: string) => void;

const SCALED_OBJECT_ONLY: Array<keyof ScalingIntent> = [
  'scaleTarget',
  'idleReplicaCount',
  'cooldownPeriod',
  'initialCooldownPeriod',
  'fallback',
  'hpa',
  'scalingModifiers',
  'restoreToOriginalReplicaCount',
];
const SCALED_JOB_ONLY: Array<keyof ScalingIntent> = [
  'jobTemplate',
  'scalingStrategy',
  'successfulJobsHistoryLimit',
  'failedJobsHistoryLimit',
];

/** Settings that belong to the other kind. */
function checkKindSettings(
  intent: ScalingIntent,
  kind: 'ScaledObject' | 'ScaledJob',
  add: Add,
) {
  if (kind === 'ScaledJob') {
    for (const key of SCALED_OBJECT_ONLY) {
      if (intent[key] !== undefined)
        add(key, 'only applies to ScaledObjects', `Remove ${key}.`);
    }
    if (intent.pause?.replicas !== undefined) {
      add(
        `metadata.annotations['${PAUSED_REPLICAS_ANNOTATION}']`,
        'only ScaledObjects can pause at a replica count',
        'Use pause.paused instead.',
      );
    }
  } else {
    for (const key of SCALED_JOB_ONLY) {
      if (intent[key] !== undefined)
        add(key, 'only applies to ScaledJobs', `Remove ${key}.`);
    }
  }
}

/** A trigger's authentication: something to reference or create, for its scaler. */
function checkTriggerAuthenticationIntent(
  trigger: TriggerIntent,
  i: number,
  add: Add,
) {
  const auth = trigger?.authentication;
  if (!auth) return;
  const at = `spec.triggers[${i}].authenticationRef`;
  const creates = Boolean(auth.secretRefs?.length || auth.podIdentity);
  if (!creates && !auth.name) {
    add(
      at,
      'names no TriggerAuthentication and gives nothing to create one from',
      'Give the name of an existing TriggerAuthentication, or secretRefs / podIdentity to create one.',
    );
  }
  if (creates && auth.kind === 'ClusterTriggerAuthentication') {
    add(
      `${at}.kind`,
      'the portal only creates namespaced TriggerAuthentications',
      'Remove kind, or reference an existing ClusterTriggerAuthentication by name only.',
    );
  }
  const definition = getScaler(trigger.type);
  (auth.secretRefs ?? []).forEach((ref, j) => {
    if (!definition || !ref?.parameter) return;
    const param = getScalerParameter(trigger.type, ref.parameter);
    if (!param) {
      add(
        `triggers[${i}].authentication.secretRefs[${j}].parameter`,
        `'${ref.parameter}' is not a parameter of the ${trigger.type} trigger`,
        `Use a parameter listed at ${definition.docsUrl}.`,
      );
    } else if (!param.sources.includes('authentication')) {
      add(
        `triggers[${i}].authentication.secretRefs[${j}].parameter`,
        `${param.name} of the ${trigger.type} trigger cannot come from a TriggerAuthentication`,
        `Write ${param.name} in the trigger metadata instead.`,
      );
    }
  });
  if (
    auth.podIdentity &&
    definition &&
    auth.podIdentity.provider !== 'none' &&
    !definition.podIdentityProviders.includes(auth.podIdentity.provider)
  ) {
    add(
      `triggers[${i}].authentication.podIdentity.provider`,
      `the ${trigger.type} trigger does not support pod identity ${auth.podIdentity.provider}`,
      definition.podIdentityProviders.length
        ? `Use one of: ${definition.podIdentityProviders.join(', ')}.`
        : 'Use secretRefs instead.',
    );
  }
}

/**
 * Validates an intent by building its manifests and validating them, plus
 * the checks only the intent can answer (its kind, what a ScaledJob needs).
 * Paths are those of the manifests (`spec.triggers[0].metadata.topic`).
 *
 * @public
 */
export function validateIntent(
  intent: ScalingIntent,
  options: ValidationOptions = {},
): ManifestProblem[] {
  const problems: ManifestProblem[] = [];
  const kind = intent.kind ?? 'ScaledObject';
  const label = `${kind}/${intent.name}`;
  const add: Add = (path, message, fix) =>
    problems.push({
      path,
      message: `${path}: ${message}`,
      fix,
      manifest: label,
    });
  if (kind !== 'ScaledObject' && kind !== 'ScaledJob') {
    add(
      'kind',
      `'${String(kind)}' is not ScaledObject or ScaledJob`,
      'Choose ScaledObject (scale a workload) or ScaledJob (run a Job per event).',
    );
    return problems;
  }
  checkKindSettings(intent, kind, add);
  (intent.triggers ?? []).forEach((trigger, i) =>
    checkTriggerAuthenticationIntent(trigger, i, add),
  );
  if (kind === 'ScaledObject' && !intent.scaleTarget) {
    add(
      'spec.scaleTargetRef',
      'a ScaledObject needs a scale target',
      'Set scaleTarget.name to the workload to scale.',
    );
  }
  if (kind === 'ScaledJob' && !intent.jobTemplate) {
    add(
      'spec.jobTargetRef',
      'a ScaledJob needs a job template',
      'Set jobTemplate with at least one container.',
    );
  }
  const manifests: KedaManifest[] = buildManifests(intent);
  return [...problems, ...validateManifests(manifests, options)];
}
