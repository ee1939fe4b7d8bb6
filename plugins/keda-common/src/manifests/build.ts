/**
 * Renders a scaling intent as KEDA manifests. The builder never throws and
 * never judges: it writes what the intent says, in the order a reviewer
 * reads it, and leaves the judging to `validateManifests`.
 */
import {
  ANNOTATION_KUBERNETES_ID,
  KEDA_CONTROL_ANNOTATIONS,
} from '../annotations';
import type {
  HpaScalingRulesIntent,
  KedaManifest,
  ScalingIntent,
  TriggerAuthenticationIntent,
  TriggerIntent,
} from './types';
import { defined, nonEmpty, type Obj } from './fields';

/** @public */
export const KEDA_API_VERSION = 'keda.sh/v1alpha1';
/** @public */
export const PAUSED_ANNOTATION = KEDA_CONTROL_ANNOTATIONS.paused;
/** @public */
export const PAUSED_REPLICAS_ANNOTATION =
  KEDA_CONTROL_ANNOTATIONS.pausedReplicas;

function asString(value: unknown): string {
  return typeof value === 'string' ? value : String(value);
}

/** Lower-case letters, digits and `-`, for names we derive. */
function slug(value: string): string {
  return value
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** True when the trigger's authentication asks us to create an object. */
export function createsTriggerAuthentication(
  auth: TriggerAuthenticationIntent | undefined,
): boolean {
  return Boolean(auth && (auth.secretRefs?.length || auth.podIdentity));
}

/**
 * The name of the TriggerAuthentication a trigger uses, or `undefined`.
 * Created ones without a name get `<intent name>-<trigger name or type>-auth`
 * (with the trigger index when two triggers would share it).
 */
function authenticationNames(intent: ScalingIntent): Array<string | undefined> {
  const used = new Set<string>();
  return (intent.triggers ?? []).map((t, index) => {
    const auth = t?.authentication;
    if (!auth) return undefined;
    if (auth.name || !createsTriggerAuthentication(auth)) return auth.name;
    const base = `${intent.name}-${
      slug(asString(t.name ?? t.type ?? 'trigger')) || 'trigger'
    }`;
    let name = `${base}-auth`;
    if (used.has(name)) name = `${base}-${index}-auth`;
    used.add(name);
    return name;
  });
}

function labels(intent: ScalingIntent): Record<string, string> {
  return { [ANNOTATION_KUBERNETES_ID]: asString(intent.kubernetesId) };
}

function objectMeta(intent: ScalingIntent, name: string, extra?: Obj): Obj {
  return defined([
    ['name', name],
    ['namespace', intent.namespace],
    ['labels', labels(intent)],
    ['annotations', extra],
  ]);
}

function pauseAnnotations(intent: ScalingIntent): Obj | undefined {
  const pause = intent.pause;
  if (!pause) return undefined;
  const annotations: Obj = {};
  if (pause.paused) annotations[PAUSED_ANNOTATION] = 'true';
  if (pause.replicas !== undefined && intent.kind !== 'ScaledJob') {
    annotations[PAUSED_REPLICAS_ANNOTATION] = asString(pause.replicas);
  }
  return nonEmpty(annotations);
}

function trigger(t: TriggerIntent, authName: string | undefined): Obj {
  const auth = t?.authentication;
  const metadata: Record<string, string> = {};
  for (const [key, value] of Object.entries(t?.metadata ?? {})) {
    if (value !== undefined && value !== null) metadata[key] = asString(value);
  }
  return defined([
    ['type', t?.type],
    ['name', t?.name],
    ['metricType', t?.metricType],
    ['useCachedMetrics', t?.useCachedMetrics],
    ['metadata', metadata],
    [
      'authenticationRef',
      authName === undefined
        ? undefined
        : defined([
            ['name', authName],
            [
              'kind',
              createsTriggerAuthentication(auth) ? undefined : auth?.kind,
            ],
          ]),
    ],
  ]);
}

function scalingRules(rules: HpaScalingRulesIntent | undefined) {
  if (!rules) return undefined;
  return defined([
    ['stabilizationWindowSeconds', rules.stabilizationWindowSeconds],
    ['selectPolicy', rules.selectPolicy],
    [
      'policies',
      rules.policies?.map(p =>
        defined([
          ['type', p.type],
          ['value', p.value],
          ['periodSeconds', p.periodSeconds],
        ]),
      ),
    ],
  ]);
}

function advanced(intent: ScalingIntent): Obj | undefined {
  const hpa = intent.hpa;
  const behavior = hpa
    ? nonEmpty(
        defined([
          ['scaleUp', scalingRules(hpa.scaleUp)],
          ['scaleDown', scalingRules(hpa.scaleDown)],
        ]),
      )
    : undefined;
  const hpaConfig = hpa
    ? nonEmpty(
        defined([
          ['name', hpa.name],
          ['behavior', behavior],
        ]),
      )
    : undefined;
  const modifiers = intent.scalingModifiers
    ? defined([
        ['formula', intent.scalingModifiers.formula],
        ['target', intent.scalingModifiers.target],
        ['activationTarget', intent.scalingModifiers.activationTarget],
        ['metricType', intent.scalingModifiers.metricType],
      ])
    : undefined;
  return nonEmpty(
    defined([
      ['restoreToOriginalReplicaCount', intent.restoreToOriginalReplicaCount],
      ['horizontalPodAutoscalerConfig', hpaConfig],
      ['scalingModifiers', modifiers],
    ]),
  );
}

function triggers(intent: ScalingIntent): Obj[] {
  const names = authenticationNames(intent);
  return (intent.triggers ?? []).map((t, i) => trigger(t, names[i]));
}

function scaledObjectSpec(intent: ScalingIntent): Obj {
  const target = intent.scaleTarget;
  return defined([
    [
      'scaleTargetRef',
      defined([
        ['apiVersion', target?.apiVersion],
        ['kind', target?.kind],
        ['name', target?.name],
        ['envSourceContainerName', target?.envSourceContainerName],
      ]),
    ],
    ['pollingInterval', intent.pollingInterval],
    ['initialCooldownPeriod', intent.initialCooldownPeriod],
    ['cooldownPeriod', intent.cooldownPeriod],
    ['idleReplicaCount', intent.idleReplicaCount],
    ['minReplicaCount', intent.minReplicaCount],
    ['maxReplicaCount', intent.maxReplicaCount],
    [
      'fallback',
      intent.fallback
        ? defined([
            ['failureThreshold', intent.fallback.failureThreshold],
            ['replicas', intent.fallback.replicas],
            ['behavior', intent.fallback.behavior],
          ])
        : undefined,
    ],
    ['advanced', advanced(intent)],
    ['triggers', triggers(intent)],
  ]);
}

function jobTargetRef(intent: ScalingIntent): Obj {
  const job = intent.jobTemplate;
  const containers = (job?.containers ?? []).map(c =>
    defined([
      ['name', c?.name],
      ['image', c?.image],
      ['command', c?.command?.length ? [...c.command] : undefined],
      ['args', c?.args?.length ? [...c.args] : undefined],
      [
        'env',
        c?.env?.length
          ? c.env.map(e => ({ name: e?.name, value: asString(e?.value) }))
          : undefined,
      ],
      [
        'resources',
        c?.resources
          ? nonEmpty(
              defined([
                ['requests', c.resources.requests],
                ['limits', c.resources.limits],
              ]),
            )
          : undefined,
      ],
    ]),
  );
  return defined([
    ['parallelism', job?.parallelism],
    ['completions', job?.completions],
    ['activeDeadlineSeconds', job?.activeDeadlineSeconds],
    ['backoffLimit', job?.backoffLimit],
    ['ttlSecondsAfterFinished', job?.ttlSecondsAfterFinished],
    [
      'template',
      {
        spec: {
          containers,
          restartPolicy: job?.restartPolicy ?? 'Never',
        },
      },
    ],
  ]);
}

function scaledJobSpec(intent: ScalingIntent): Obj {
  const strategy = intent.scalingStrategy;
  return defined([
    ['jobTargetRef', jobTargetRef(intent)],
    ['pollingInterval', intent.pollingInterval],
    ['successfulJobsHistoryLimit', intent.successfulJobsHistoryLimit],
    ['failedJobsHistoryLimit', intent.failedJobsHistoryLimit],
    ['minReplicaCount', intent.minReplicaCount],
    ['maxReplicaCount', intent.maxReplicaCount],
    [
      'scalingStrategy',
      strategy
        ? nonEmpty(
            defined([
              ['strategy', strategy.strategy],
              [
                'customScalingQueueLengthDeduction',
                strategy.customScalingQueueLengthDeduction,
              ],
              [
                'customScalingRunningJobPercentage',
                strategy.customScalingRunningJobPercentage,
              ],
              [
                'pendingPodConditions',
                strategy.pendingPodConditions?.length
                  ? [...strategy.pendingPodConditions]
                  : undefined,
              ],
              [
                'multipleScalersCalculation',
                strategy.multipleScalersCalculation,
              ],
            ]),
          )
        : undefined,
    ],
    ['triggers', triggers(intent)],
  ]);
}

function triggerAuthentication(
  intent: ScalingIntent,
  name: string,
  auth: TriggerAuthenticationIntent,
): KedaManifest {
  const identity = auth.podIdentity;
  return {
    apiVersion: KEDA_API_VERSION,
    kind: 'TriggerAuthentication',
    metadata: objectMeta(intent, name) as KedaManifest['metadata'],
    spec: defined([
      [
        'podIdentity',
        identity
          ? defined([
              ['provider', identity.provider],
              ['identityId', identity.identityId],
              ['identityTenantId', identity.identityTenantId],
              ['identityAuthorityHost', identity.identityAuthorityHost],
              ['roleArn', identity.roleArn],
              ['identityOwner', identity.identityOwner],
              ['externalID', identity.externalID],
            ])
          : undefined,
      ],
      [
        'secretTargetRef',
        auth.secretRefs?.length
          ? auth.secretRefs.map(ref => ({
              parameter: ref?.parameter,
              name: ref?.secretName,
              key: ref?.key,
            }))
          : undefined,
      ],
    ]),
  };
}

/**
 * The ScaledObject or ScaledJob of an intent, without TriggerAuthentications.
 *
 * @public
 */
export function buildScaledResource(intent: ScalingIntent): KedaManifest {
  const kind = intent.kind === 'ScaledJob' ? 'ScaledJob' : 'ScaledObject';
  return {
    apiVersion: KEDA_API_VERSION,
    kind,
    metadata: objectMeta(
      intent,
      intent.name,
      pauseAnnotations(intent),
    ) as KedaManifest['metadata'],
    spec:
      kind === 'ScaledJob' ? scaledJobSpec(intent) : scaledObjectSpec(intent),
  };
}

/**
 * Every manifest of an intent: the ScaledObject / ScaledJob first, then one
 * TriggerAuthentication per distinct authentication to create. Never throws;
 * check the result with `validateManifests` (or the intent with
 * `validateIntent`).
 *
 * @public
 */
export function buildManifests(intent: ScalingIntent): KedaManifest[] {
  const manifests = [buildScaledResource(intent)];
  const names = authenticationNames(intent);
  const seen = new Map<string, string>();
  (intent.triggers ?? []).forEach((t, i) => {
    const auth = t?.authentication;
    const name = names[i];
    if (!auth || name === undefined || !createsTriggerAuthentication(auth)) {
      return;
    }
    const manifest = triggerAuthentication(intent, name, auth);
    const key = JSON.stringify(manifest);
    // Two triggers may share one TriggerAuthentication; an identical copy is
    // written once, a conflicting one is kept so validation can point at it.
    if (seen.get(name) === key) return;
    seen.set(name, key);
    manifests.push(manifest);
  });
  return manifests;
}
