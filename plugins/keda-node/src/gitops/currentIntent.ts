/**
 * Reads a workload's KEDA objects back out of the GitOps folder as a scaling
 * intent, so that a change starts from what the pull request will edit and
 * not from what happens to run in a cluster. This is the inverse of
 * `buildManifests` for everything an intent can say. Whatever it cannot say
 * (a hand-written `volumes:` in a job, a Vault-backed TriggerAuthentication)
 * is listed as unsupported: a proposal built from the intent would rewrite
 * the spec without it, and the person proposing should know that first.
 */
import {
  ANNOTATION_KUBERNETES_ID,
  PAUSED_ANNOTATION,
  PAUSED_REPLICAS_ANNOTATION,
  type HpaScalingRulesIntent,
  type JobContainerIntent,
  type JobTemplateIntent,
  type PodIdentityIntent,
  type ScaleTargetIntent,
  type ScalingIntent,
  type ScalingKind,
  type SecretRefIntent,
  type TriggerAuthenticationIntent,
  type TriggerIntent,
} from '@keda-portal/plugin-keda-common';
import { parseAllDocuments } from 'yaml';
import type { ChangeTarget, GitProvider } from './types';

type Obj = Record<string, unknown>;

/**
 * A workload's intent as read from Git.
 *
 * @public
 */
export interface CurrentIntent {
  intent: ScalingIntent;
  /**
   * Fields of the objects in Git that a scaling intent cannot hold, as paths
   * such as `spec.jobTargetRef.template.spec.volumes`. A proposal made from
   * `intent` would drop them.
   */
  unsupported: string[];
}

/**
 * Which object to read, and the values to use where the manifest is silent
 * (a kustomize overlay often sets the namespace for the whole folder).
 *
 * @public
 */
export interface CurrentIntentQuery {
  /** Name of the ScaledObject or ScaledJob. */
  name: string;
  /** Only this kind; either when absent. */
  kind?: ScalingKind;
  /** Namespace when the manifest has none. */
  namespace?: string;
  /** `backstage.io/kubernetes-id` when the manifest has no such label. */
  kubernetesId?: string;
}

/**
 * A {@link CurrentIntent} with where it was read.
 *
 * @public
 */
export interface CurrentIntentResult extends CurrentIntent {
  source: {
    /** Repo-relative file holding the object (the values file for helm-values). */
    path: string;
    /** Commit read. */
    commit: string;
    /** Branch read: the proposal branch when it exists, else the base branch. */
    branch: string;
    /** True when read from the proposal branch (an open proposal's state). */
    proposalBranch: boolean;
  };
}

const SCALED_KINDS = new Set(['ScaledObject', 'ScaledJob']);
const METRIC_TYPES = new Set(['AverageValue', 'Value', 'Utilization']);
const FALLBACK_BEHAVIORS = new Set([
  'static',
  'currentReplicas',
  'currentReplicasIfHigher',
  'currentReplicasIfLower',
  'scalingModifiers',
]);
const POD_IDENTITY_PROVIDERS = new Set([
  'azure-workload',
  'aws',
  'aws-eks',
  'gcp',
  'none',
]);
const POD_IDENTITY_KEYS = [
  'provider',
  'identityId',
  'identityTenantId',
  'identityAuthorityHost',
  'roleArn',
  'identityOwner',
  'externalID',
] as const;

function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  return undefined;
}

/**
 * Collects what the reader could not carry over, and reads typed values,
 * noting the ones of the wrong type.
 */
class Reader {
  readonly unsupported: string[] = [];

  skip(path: string) {
    if (!this.unsupported.includes(path)) this.unsupported.push(path);
  }

  /** Notes every key of `value` outside `known`. */
  rest(value: Obj, known: readonly string[], path: string) {
    for (const key of Object.keys(value)) {
      if (!known.includes(key) && value[key] !== undefined) {
        this.skip(path ? `${path}.${key}` : key);
      }
    }
  }

  int(parent: Obj, key: string, path: string): number | undefined {
    const value = parent[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'number' && Number.isInteger(value)) return value;
    if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) {
      return Number(value.trim());
    }
    this.skip(`${path}.${key}`);
    return undefined;
  }

  bool(parent: Obj, key: string, path: string): boolean | undefined {
    const value = parent[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'boolean') return value;
    if (value === 'true' || value === 'false') return value === 'true';
    this.skip(`${path}.${key}`);
    return undefined;
  }

  text(parent: Obj, key: string, path: string): string | undefined {
    const value = parent[key];
    if (value === undefined || value === null) return undefined;
    const s = str(value);
    if (s === undefined) this.skip(`${path}.${key}`);
    return s;
  }

  oneOf<T extends string>(
    parent: Obj,
    key: string,
    path: string,
    allowed: Set<string>,
  ): T | undefined {
    const value = this.text(parent, key, path);
    if (value === undefined) return undefined;
    if (allowed.has(value)) return value as T;
    this.skip(`${path}.${key}`);
    return undefined;
  }

  obj(parent: Obj, key: string, path: string): Obj | undefined {
    const value = parent[key];
    if (value === undefined || value === null) return undefined;
    if (isObj(value)) return value;
    this.skip(`${path}.${key}`);
    return undefined;
  }

  list(parent: Obj, key: string, path: string): unknown[] | undefined {
    const value = parent[key];
    if (value === undefined || value === null) return undefined;
    if (Array.isArray(value)) return value;
    this.skip(`${path}.${key}`);
    return undefined;
  }

  strings(parent: Obj, key: string, path: string): string[] | undefined {
    const value = this.list(parent, key, path);
    if (!value) return undefined;
    const out = value.map(str);
    if (out.some(v => v === undefined)) {
      this.skip(`${path}.${key}`);
      return undefined;
    }
    return out as string[];
  }

  stringMap(
    parent: Obj,
    key: string,
    path: string,
  ): Record<string, string> | undefined {
    const value = this.obj(parent, key, path);
    if (!value) return undefined;
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(value)) {
      const s = str(v);
      if (s === undefined) this.skip(`${path}.${key}.${k}`);
      else out[k] = s;
    }
    return out;
  }
}

/** Sets the entries whose value is not `undefined`, in the given order. */
function defined<T extends object = Obj>(
  entries: Array<[keyof T, unknown]>,
): T {
  const out: Obj = {};
  for (const [key, value] of entries) {
    if (value !== undefined) out[key as string] = value;
  }
  return out as T;
}

function nonEmpty<T extends object>(value: T): T | undefined {
  return Object.keys(value).length ? value : undefined;
}

function metadataOf(doc: Obj): Obj {
  return isObj(doc.metadata) ? doc.metadata : {};
}

/** A TriggerAuthentication we can express as secretRefs / podIdentity, or undefined. */
function createdAuthentication(
  ta: Obj | undefined,
): Pick<TriggerAuthenticationIntent, 'secretRefs' | 'podIdentity'> | undefined {
  if (!ta || !isObj(ta.spec)) return undefined;
  const spec = ta.spec;
  if (
    Object.keys(spec).some(k => k !== 'secretTargetRef' && k !== 'podIdentity')
  ) {
    return undefined;
  }
  let secretRefs: SecretRefIntent[] | undefined;
  if (spec.secretTargetRef !== undefined) {
    if (!Array.isArray(spec.secretTargetRef)) return undefined;
    secretRefs = [];
    for (const ref of spec.secretTargetRef) {
      if (
        !isObj(ref) ||
        Object.keys(ref).some(k => !['parameter', 'name', 'key'].includes(k)) ||
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
  }
  let podIdentity: PodIdentityIntent | undefined;
  if (spec.podIdentity !== undefined) {
    const identity = spec.podIdentity;
    if (
      !isObj(identity) ||
      Object.keys(identity).some(
        k => !(POD_IDENTITY_KEYS as readonly string[]).includes(k),
      ) ||
      !POD_IDENTITY_PROVIDERS.has(String(identity.provider)) ||
      Object.values(identity).some(v => typeof v !== 'string')
    ) {
      return undefined;
    }
    podIdentity = defined<PodIdentityIntent>(
      POD_IDENTITY_KEYS.map(k => [k, identity[k]]),
    );
  }
  if (!secretRefs?.length && !podIdentity) return undefined;
  return defined<
    Pick<TriggerAuthenticationIntent, 'secretRefs' | 'podIdentity'>
  >([
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
  r.rest(ref, ['name', 'kind'], refPath);
  const name = r.text(ref, 'name', refPath);
  if (!name) {
    r.skip(refPath);
    return undefined;
  }
  const kind = r.oneOf<
    'TriggerAuthentication' | 'ClusterTriggerAuthentication'
  >(
    ref,
    'kind',
    refPath,
    new Set(['TriggerAuthentication', 'ClusterTriggerAuthentication']),
  );
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

function triggerFrom(
  r: Reader,
  raw: unknown,
  path: string,
  authentications: Map<string, Obj>,
): TriggerIntent | undefined {
  if (!isObj(raw)) {
    r.skip(path);
    return undefined;
  }
  r.rest(
    raw,
    [
      'type',
      'name',
      'metricType',
      'useCachedMetrics',
      'metadata',
      'authenticationRef',
    ],
    path,
  );
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
    [
      'metricType',
      r.oneOf<NonNullable<TriggerIntent['metricType']>>(
        raw,
        'metricType',
        path,
        METRIC_TYPES,
      ),
    ],
    ['useCachedMetrics', r.bool(raw, 'useCachedMetrics', path)],
    ['authentication', authenticationFrom(r, raw, path, authentications)],
  ]);
}

function rulesFrom(
  r: Reader,
  parent: Obj,
  key: string,
  path: string,
): HpaScalingRulesIntent | undefined {
  const rules = r.obj(parent, key, path);
  if (!rules) return undefined;
  const at = `${path}.${key}`;
  r.rest(rules, ['stabilizationWindowSeconds', 'selectPolicy', 'policies'], at);
  const policies = r.list(rules, 'policies', at)?.flatMap((p, i) => {
    const pAt = `${at}.policies[${i}]`;
    if (!isObj(p)) {
      r.skip(pAt);
      return [];
    }
    r.rest(p, ['type', 'value', 'periodSeconds'], pAt);
    const type = r.oneOf<'Pods' | 'Percent'>(
      p,
      'type',
      pAt,
      new Set(['Pods', 'Percent']),
    );
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
    [
      'selectPolicy',
      r.oneOf(rules, 'selectPolicy', at, new Set(['Max', 'Min', 'Disabled'])),
    ],
    ['policies', policies],
  ]);
}

function scaledObjectFields(r: Reader, spec: Obj): Partial<ScalingIntent> {
  r.rest(
    spec,
    [
      'scaleTargetRef',
      'pollingInterval',
      'initialCooldownPeriod',
      'cooldownPeriod',
      'idleReplicaCount',
      'minReplicaCount',
      'maxReplicaCount',
      'fallback',
      'advanced',
      'triggers',
    ],
    'spec',
  );
  const targetRef = r.obj(spec, 'scaleTargetRef', 'spec') ?? {};
  const tPath = 'spec.scaleTargetRef';
  r.rest(
    targetRef,
    ['name', 'kind', 'apiVersion', 'envSourceContainerName'],
    tPath,
  );
  const targetName = r.text(targetRef, 'name', tPath);

  const fallbackRaw = r.obj(spec, 'fallback', 'spec');
  let fallback: ScalingIntent['fallback'];
  if (fallbackRaw) {
    const fPath = 'spec.fallback';
    r.rest(fallbackRaw, ['failureThreshold', 'replicas', 'behavior'], fPath);
    const failureThreshold = r.int(fallbackRaw, 'failureThreshold', fPath);
    const replicas = r.int(fallbackRaw, 'replicas', fPath);
    if (failureThreshold !== undefined && replicas !== undefined) {
      fallback = defined<NonNullable<ScalingIntent['fallback']>>([
        ['failureThreshold', failureThreshold],
        ['replicas', replicas],
        [
          'behavior',
          r.oneOf(fallbackRaw, 'behavior', fPath, FALLBACK_BEHAVIORS),
        ],
      ]);
    } else {
      r.skip(fPath);
    }
  }

  const advanced = r.obj(spec, 'advanced', 'spec') ?? {};
  const aPath = 'spec.advanced';
  r.rest(
    advanced,
    [
      'restoreToOriginalReplicaCount',
      'horizontalPodAutoscalerConfig',
      'scalingModifiers',
    ],
    aPath,
  );
  const hpaRaw = r.obj(advanced, 'horizontalPodAutoscalerConfig', aPath);
  let hpa: ScalingIntent['hpa'];
  if (hpaRaw) {
    const hPath = `${aPath}.horizontalPodAutoscalerConfig`;
    r.rest(hpaRaw, ['name', 'behavior'], hPath);
    const behavior = r.obj(hpaRaw, 'behavior', hPath) ?? {};
    r.rest(behavior, ['scaleUp', 'scaleDown'], `${hPath}.behavior`);
    hpa = nonEmpty(
      defined<NonNullable<ScalingIntent['hpa']>>([
        ['name', r.text(hpaRaw, 'name', hPath)],
        ['scaleUp', rulesFrom(r, behavior, 'scaleUp', `${hPath}.behavior`)],
        ['scaleDown', rulesFrom(r, behavior, 'scaleDown', `${hPath}.behavior`)],
      ]),
    );
  }
  const modifiersRaw = r.obj(advanced, 'scalingModifiers', aPath);
  let scalingModifiers: ScalingIntent['scalingModifiers'];
  if (modifiersRaw) {
    const mPath = `${aPath}.scalingModifiers`;
    r.rest(
      modifiersRaw,
      ['formula', 'target', 'activationTarget', 'metricType'],
      mPath,
    );
    const formula = r.text(modifiersRaw, 'formula', mPath);
    const target = r.text(modifiersRaw, 'target', mPath);
    if (formula !== undefined && target !== undefined) {
      scalingModifiers = defined<
        NonNullable<ScalingIntent['scalingModifiers']>
      >([
        ['formula', formula],
        ['target', target],
        ['activationTarget', r.text(modifiersRaw, 'activationTarget', mPath)],
        [
          'metricType',
          r.oneOf(
            modifiersRaw,
            'metricType',
            mPath,
            new Set(['AverageValue', 'Value']),
          ),
        ],
      ]);
    } else {
      r.skip(mPath);
    }
  }

  return defined<Partial<ScalingIntent>>([
    [
      'scaleTarget',
      targetName === undefined
        ? undefined
        : defined<ScaleTargetIntent>([
            ['name', targetName],
            ['kind', r.text(targetRef, 'kind', tPath)],
            ['apiVersion', r.text(targetRef, 'apiVersion', tPath)],
            [
              'envSourceContainerName',
              r.text(targetRef, 'envSourceContainerName', tPath),
            ],
          ]),
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

function containerFrom(
  r: Reader,
  raw: unknown,
  path: string,
): JobContainerIntent | undefined {
  if (!isObj(raw)) {
    r.skip(path);
    return undefined;
  }
  r.rest(raw, ['name', 'image', 'command', 'args', 'env', 'resources'], path);
  const name = r.text(raw, 'name', path);
  const image = r.text(raw, 'image', path);
  if (name === undefined || image === undefined) {
    r.skip(path);
    return undefined;
  }
  const env = r.list(raw, 'env', path)?.flatMap((e, i) => {
    // Only plain values: `valueFrom` (a Secret, a field) has no place in an intent.
    if (
      isObj(e) &&
      typeof e.name === 'string' &&
      Object.keys(e).every(k => k === 'name' || k === 'value')
    ) {
      return [{ name: e.name, value: str(e.value) ?? '' }];
    }
    r.skip(`${path}.env[${i}]`);
    return [];
  });
  const resourcesRaw = r.obj(raw, 'resources', path);
  let resources: JobContainerIntent['resources'];
  if (resourcesRaw) {
    const rPath = `${path}.resources`;
    r.rest(resourcesRaw, ['requests', 'limits'], rPath);
    resources = nonEmpty(
      defined<NonNullable<JobContainerIntent['resources']>>([
        ['requests', r.stringMap(resourcesRaw, 'requests', rPath)],
        ['limits', r.stringMap(resourcesRaw, 'limits', rPath)],
      ]),
    );
  }
  const command = r.strings(raw, 'command', path);
  const args = r.strings(raw, 'args', path);
  return defined<JobContainerIntent>([
    ['name', name],
    ['image', image],
    ['command', command?.length ? command : undefined],
    ['args', args?.length ? args : undefined],
    ['env', env?.length ? env : undefined],
    ['resources', resources],
  ]);
}

function scaledJobFields(r: Reader, spec: Obj): Partial<ScalingIntent> {
  r.rest(
    spec,
    [
      'jobTargetRef',
      'pollingInterval',
      'successfulJobsHistoryLimit',
      'failedJobsHistoryLimit',
      'minReplicaCount',
      'maxReplicaCount',
      'scalingStrategy',
      'triggers',
    ],
    'spec',
  );
  const job = r.obj(spec, 'jobTargetRef', 'spec') ?? {};
  const jPath = 'spec.jobTargetRef';
  r.rest(
    job,
    [
      'parallelism',
      'completions',
      'activeDeadlineSeconds',
      'backoffLimit',
      'ttlSecondsAfterFinished',
      'template',
    ],
    jPath,
  );
  const template = r.obj(job, 'template', jPath) ?? {};
  r.rest(template, ['spec'], `${jPath}.template`);
  const podPath = `${jPath}.template.spec`;
  const pod = r.obj(template, 'spec', `${jPath}.template`) ?? {};
  r.rest(pod, ['containers', 'restartPolicy'], podPath);
  const containers = (r.list(pod, 'containers', podPath) ?? []).flatMap(
    (c, i) => containerFrom(r, c, `${podPath}.containers[${i}]`) ?? [],
  );
  const restartPolicy = r.oneOf<'Never' | 'OnFailure'>(
    pod,
    'restartPolicy',
    podPath,
    new Set(['Never', 'OnFailure']),
  );
  const jobTemplate = defined<JobTemplateIntent>([
    ['containers', containers],
    // `Never` is what the builder writes when none is given.
    ['restartPolicy', restartPolicy === 'Never' ? undefined : restartPolicy],
    ['parallelism', r.int(job, 'parallelism', jPath)],
    ['completions', r.int(job, 'completions', jPath)],
    ['activeDeadlineSeconds', r.int(job, 'activeDeadlineSeconds', jPath)],
    ['backoffLimit', r.int(job, 'backoffLimit', jPath)],
    ['ttlSecondsAfterFinished', r.int(job, 'ttlSecondsAfterFinished', jPath)],
  ]);

  const strategyRaw = r.obj(spec, 'scalingStrategy', 'spec');
  let scalingStrategy: ScalingIntent['scalingStrategy'];
  if (strategyRaw) {
    const sPath = 'spec.scalingStrategy';
    r.rest(
      strategyRaw,
      [
        'strategy',
        'customScalingQueueLengthDeduction',
        'customScalingRunningJobPercentage',
        'pendingPodConditions',
        'multipleScalersCalculation',
      ],
      sPath,
    );
    const conditions = r.strings(strategyRaw, 'pendingPodConditions', sPath);
    scalingStrategy = nonEmpty(
      defined<NonNullable<ScalingIntent['scalingStrategy']>>([
        [
          'strategy',
          r.oneOf(
            strategyRaw,
            'strategy',
            sPath,
            new Set(['default', 'custom', 'accurate', 'eager']),
          ),
        ],
        [
          'customScalingQueueLengthDeduction',
          r.int(strategyRaw, 'customScalingQueueLengthDeduction', sPath),
        ],
        [
          'customScalingRunningJobPercentage',
          r.text(strategyRaw, 'customScalingRunningJobPercentage', sPath),
        ],
        ['pendingPodConditions', conditions?.length ? conditions : undefined],
        [
          'multipleScalersCalculation',
          r.oneOf(
            strategyRaw,
            'multipleScalersCalculation',
            sPath,
            new Set(['min', 'avg', 'sum', 'max']),
          ),
        ],
      ]),
    );
  }

  return defined<Partial<ScalingIntent>>([
    ['jobTemplate', jobTemplate],
    ['minReplicaCount', r.int(spec, 'minReplicaCount', 'spec')],
    ['maxReplicaCount', r.int(spec, 'maxReplicaCount', 'spec')],
    ['pollingInterval', r.int(spec, 'pollingInterval', 'spec')],
    ['scalingStrategy', scalingStrategy],
    [
      'successfulJobsHistoryLimit',
      r.int(spec, 'successfulJobsHistoryLimit', 'spec'),
    ],
    ['failedJobsHistoryLimit', r.int(spec, 'failedJobsHistoryLimit', 'spec')],
  ]);
}

function pauseFrom(
  r: Reader,
  annotations: Obj,
  kind: ScalingKind,
): ScalingIntent['pause'] {
  const path = 'metadata.annotations';
  const paused = annotations[PAUSED_ANNOTATION];
  const replicas = annotations[PAUSED_REPLICAS_ANNOTATION];
  const pause: NonNullable<ScalingIntent['pause']> = {};
  if (paused !== undefined) {
    if (str(paused) === 'true') pause.paused = true;
    else if (str(paused) !== 'false') r.skip(`${path}['${PAUSED_ANNOTATION}']`);
  }
  if (replicas !== undefined) {
    const n = str(replicas);
    if (kind === 'ScaledObject' && n !== undefined && /^\d+$/.test(n.trim())) {
      pause.replicas = Number(n.trim());
    } else {
      r.skip(`${path}['${PAUSED_REPLICAS_ANNOTATION}']`);
    }
  }
  return nonEmpty(pause);
}

/** True for the ScaledObject / ScaledJob asked for (same namespace when both say). */
function isScaledObject(
  d: unknown,
  name: string,
  options: Omit<CurrentIntentQuery, 'name'>,
): d is Obj {
  if (!isObj(d)) return false;
  const m = metadataOf(d);
  return (
    SCALED_KINDS.has(String(d.kind)) &&
    (!options.kind || d.kind === options.kind) &&
    m.name === name &&
    (options.namespace === undefined ||
      m.namespace === undefined ||
      m.namespace === options.namespace)
  );
}

/**
 * Reads the ScaledObject or ScaledJob called `name` out of a list of parsed
 * manifests (every document of a folder, in any order), with the
 * TriggerAuthentications among them that its triggers use.
 *
 * A TriggerAuthentication found in the manifests whose spec is only
 * `secretTargetRef` and `podIdentity` becomes `secretRefs` / `podIdentity`
 * (so a proposal keeps writing it); any other one, and every
 * ClusterTriggerAuthentication, becomes a reference `{ name, kind? }` that a
 * proposal leaves alone. Authentication names are always kept, so renaming a
 * trigger later does not create a second TriggerAuthentication.
 *
 * @returns undefined when there is no such object.
 * @public
 */
export function readIntentFromManifests(
  manifests: unknown[],
  name: string,
  options: Omit<CurrentIntentQuery, 'name'> = {},
): CurrentIntent | undefined {
  const docs = manifests.filter(isObj);
  const scaled = docs.find(d => isScaledObject(d, name, options));
  if (!scaled) return undefined;
  const r = new Reader();
  const kind = scaled.kind as ScalingKind;
  const metadata = metadataOf(scaled);
  const namespace =
    str(metadata.namespace) ?? options.namespace ?? ('' as string);
  const labels = isObj(metadata.labels) ? metadata.labels : {};
  const annotations = isObj(metadata.annotations) ? metadata.annotations : {};

  const authentications = new Map<string, Obj>();
  for (const d of docs) {
    const m = metadataOf(d);
    if (
      d.kind === 'TriggerAuthentication' &&
      typeof m.name === 'string' &&
      (m.namespace === undefined || m.namespace === namespace) &&
      !authentications.has(m.name)
    ) {
      authentications.set(m.name, d);
    }
  }

  const spec = isObj(scaled.spec) ? scaled.spec : {};
  const fields =
    kind === 'ScaledJob'
      ? scaledJobFields(r, spec)
      : scaledObjectFields(r, spec);
  const triggers = (r.list(spec, 'triggers', 'spec') ?? []).flatMap(
    (t, i) => triggerFrom(r, t, `spec.triggers[${i}]`, authentications) ?? [],
  );
  const intent = defined<ScalingIntent>([
    ['kind', kind === 'ScaledJob' ? kind : undefined],
    ['name', name],
    ['namespace', namespace],
    [
      'kubernetesId',
      str(labels[ANNOTATION_KUBERNETES_ID]) ?? options.kubernetesId ?? '',
    ],
    ...(Object.entries(fields) as Array<[keyof ScalingIntent, unknown]>),
    ['triggers', triggers],
    ['pause', pauseFrom(r, annotations, kind)],
  ]);
  return { intent, unsupported: r.unsupported };
}

/**
 * The scaling intent of the ScaledObject or ScaledJob called `name` among
 * parsed manifests; see {@link readIntentFromManifests}.
 *
 * @public
 */
export function intentFromManifests(
  manifests: unknown[],
  name: string,
  options: Omit<CurrentIntentQuery, 'name'> = {},
): ScalingIntent | undefined {
  return readIntentFromManifests(manifests, name, options)?.intent;
}

/** Keys of a helm-values `keda:` block that are not spec keys. */
const BLOCK_META_KEYS = new Set([
  'enabled',
  'kind',
  'name',
  'labels',
  'annotations',
  'triggerAuthentications',
]);

/**
 * The manifests a helm-values `keda:` block stands for (the shape the
 * helm-values layout writes): the scaled object, then its
 * TriggerAuthentications. Empty when there is no block or it is disabled.
 *
 * @public
 */
export function manifestsFromHelmValues(
  values: unknown,
): Array<Record<string, unknown>> {
  if (!isObj(values) || !isObj(values.keda)) return [];
  const block = values.keda;
  if (block.enabled === false || typeof block.name !== 'string') return [];
  const spec: Obj = {};
  for (const [key, value] of Object.entries(block)) {
    if (!BLOCK_META_KEYS.has(key)) spec[key] = value;
  }
  const scaled: Obj = {
    kind: block.kind === 'ScaledJob' ? 'ScaledJob' : 'ScaledObject',
    metadata: defined<Obj>([
      ['name', block.name],
      ['labels', block.labels],
      ['annotations', block.annotations],
    ]),
    spec,
  };
  const authentications = Array.isArray(block.triggerAuthentications)
    ? block.triggerAuthentications.filter(isObj).map(({ name, ...rest }) => ({
        kind: 'TriggerAuthentication',
        metadata: { name },
        spec: rest,
      }))
    : [];
  return [scaled, ...authentications];
}

function parseDocuments(text: string): unknown[] | undefined {
  try {
    const docs = parseAllDocuments(text);
    if (!Array.isArray(docs)) return undefined;
    if (docs.some(d => d.errors.length)) return undefined;
    return docs.map(d => d.toJS());
  } catch {
    return undefined;
  }
}

function resolvePath(folder: string, relative: string): string {
  const parts: string[] = [];
  for (const part of `${folder}/${relative}`.split('/')) {
    if (part === '..') parts.pop();
    else if (part && part !== '.') parts.push(part);
  }
  return parts.join('/');
}

/**
 * Where {@link readCurrentIntent} reads: the provider, the entity's target
 * and its proposal branch (as the engine computes them).
 *
 * @public
 */
export interface CurrentIntentSource {
  provider: Pick<GitProvider, 'snapshot'>;
  target: ChangeTarget;
  branch: string;
}

/**
 * The intent of a workload as Git holds it now: at the tip of the proposal
 * branch when that exists (what an open pull request would merge), else at
 * the base branch. Looks through every YAML file of the target folder; for
 * the helm-values layout, falls back to the `keda:` block of the values file.
 *
 * @returns undefined when the folder has no such object.
 * @public
 */
export async function readCurrentIntent(
  source: CurrentIntentSource,
  query: CurrentIntentQuery,
): Promise<CurrentIntentResult | undefined> {
  const { provider, target, branch } = source;
  const folder = target.path.replace(/^\/+|\/+$/g, '');
  const snapshot = await provider.snapshot({
    repoUrl: target.repoUrl,
    baseBranch: target.baseBranch,
    branch,
    folders: [folder],
  });
  const inFolder = (path: string) =>
    folder === '' || path.startsWith(`${folder}/`);
  const paths = Object.keys(snapshot.files)
    .filter(p => inFolder(p) && /\.ya?ml$/i.test(p))
    .sort();

  const byPath = new Map<string, unknown[]>();
  for (const path of paths) {
    const docs = parseDocuments(snapshot.files[path]);
    if (docs) byPath.set(path, docs);
  }
  const all = [...byPath.values()].flat();
  const { name, ...options } = query;
  let found = readIntentFromManifests(all, name, options);
  let foundIn = [...byPath.entries()].find(([, docs]) =>
    docs.some(d => isScaledObject(d, name, options)),
  )?.[0];

  if (!found && target.layout === 'helm-values') {
    const valuesPath = resolvePath(
      folder,
      target.valuesFile?.trim() || 'values.yaml',
    );
    const [values] = byPath.get(valuesPath) ?? [];
    found = readIntentFromManifests(
      manifestsFromHelmValues(values),
      name,
      options,
    );
    if (found) {
      foundIn = valuesPath;
      // The chart decides what else it renders; only the block is ours.
      found.unsupported = found.unsupported.map(p =>
        p.replace(/^(spec|metadata)\./, 'keda.'),
      );
    }
  }
  if (!found || !foundIn) return undefined;
  return {
    ...found,
    source: {
      path: foundIn,
      commit: snapshot.branchCommit ?? snapshot.baseCommit,
      branch: snapshot.branchCommit ? branch : snapshot.baseBranch,
      proposalBranch: snapshot.branchCommit !== undefined,
    },
  };
}
