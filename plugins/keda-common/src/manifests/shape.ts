/**
 * The shape of a scaling intent that arrives from outside (an HTTP body, a
 * template's input): every field of the right JSON type before anything
 * builds from it. Values (ranges, names, parameters) are `validateIntent`'s
 * job; this check keeps wrong types from ever reaching it, and refuses the
 * keys that reach an object's prototype.
 */
import type { ManifestProblem } from './types';

type Shape =
  | 'string'
  | 'number'
  | 'boolean'
  | 'scalar'
  | { object: Record<string, Shape>; required?: string[] }
  | { array: Shape }
  | { record: Shape };

/** Longest text any field may hold; manifests are not a file store. */
const MAX_INTENT_STRING_LENGTH = 32 * 1024;
/** Most entries any list or map may hold. */
const MAX_INTENT_ENTRIES = 100;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

const strings: Shape = { array: 'string' };
const hpaRules: Shape = {
  object: {
    stabilizationWindowSeconds: 'number',
    selectPolicy: 'string',
    policies: {
      array: {
        object: { type: 'string', value: 'number', periodSeconds: 'number' },
      },
    },
  },
};
const trigger: Shape = {
  object: {
    type: 'string',
    name: 'string',
    metadata: { record: 'scalar' },
    metricType: 'string',
    useCachedMetrics: 'boolean',
    authentication: {
      object: {
        name: 'string',
        kind: 'string',
        secretRefs: {
          array: {
            object: {
              parameter: 'string',
              secretName: 'string',
              key: 'string',
            },
            required: ['parameter', 'secretName', 'key'],
          },
        },
        podIdentity: {
          object: {
            provider: 'string',
            identityId: 'string',
            identityTenantId: 'string',
            identityAuthorityHost: 'string',
            roleArn: 'string',
            identityOwner: 'string',
            externalID: 'string',
          },
          required: ['provider'],
        },
      },
    },
  },
  required: ['type'],
};
const INTENT: Shape = {
  object: {
    kind: 'string',
    name: 'string',
    namespace: 'string',
    kubernetesId: 'string',
    scaleTarget: {
      object: {
        name: 'string',
        kind: 'string',
        apiVersion: 'string',
        envSourceContainerName: 'string',
      },
      required: ['name'],
    },
    jobTemplate: {
      object: {
        containers: {
          array: {
            object: {
              name: 'string',
              image: 'string',
              command: strings,
              args: strings,
              env: {
                array: {
                  object: { name: 'string', value: 'string' },
                  required: ['name'],
                },
              },
              resources: {
                object: {
                  requests: { record: 'string' },
                  limits: { record: 'string' },
                },
              },
            },
            required: ['name', 'image'],
          },
        },
        restartPolicy: 'string',
        parallelism: 'number',
        completions: 'number',
        activeDeadlineSeconds: 'number',
        backoffLimit: 'number',
        ttlSecondsAfterFinished: 'number',
      },
      required: ['containers'],
    },
    minReplicaCount: 'number',
    maxReplicaCount: 'number',
    idleReplicaCount: 'number',
    pollingInterval: 'number',
    cooldownPeriod: 'number',
    initialCooldownPeriod: 'number',
    triggers: { array: trigger },
    fallback: {
      object: {
        failureThreshold: 'number',
        replicas: 'number',
        behavior: 'string',
      },
    },
    hpa: {
      object: { name: 'string', scaleUp: hpaRules, scaleDown: hpaRules },
    },
    restoreToOriginalReplicaCount: 'boolean',
    scalingModifiers: {
      object: {
        formula: 'string',
        target: 'string',
        activationTarget: 'string',
        metricType: 'string',
      },
    },
    pause: { object: { paused: 'boolean', replicas: 'number' } },
    scalingStrategy: {
      object: {
        strategy: 'string',
        customScalingQueueLengthDeduction: 'number',
        customScalingRunningJobPercentage: 'string',
        pendingPodConditions: strings,
        multipleScalersCalculation: 'string',
      },
    },
    successfulJobsHistoryLimit: 'number',
    failedJobsHistoryLimit: 'number',
  },
  required: ['name', 'namespace', 'triggers'],
};

function typeOf(value: unknown) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number' && !Number.isFinite(value))
    return 'Infinity or NaN';
  return `a ${typeof value}`;
}

function describe(shape: Shape): string {
  if (shape === 'scalar') return 'text, a number or true/false';
  if (shape === 'string') return 'text';
  if (shape === 'number') return 'a number';
  if (shape === 'boolean') return 'true or false';
  if ('array' in shape) return 'a list';
  return 'an object';
}

function check(
  value: unknown,
  shape: Shape,
  path: string,
  problems: ManifestProblem[],
) {
  const add = (message: string, fix: string) =>
    problems.push({ path, message: `${path}: ${message}`, fix });
  const wrongType = () =>
    add(
      `must be ${describe(shape)}, not ${typeOf(value)}`,
      `Give ${path} as ${describe(shape)}.`,
    );
  if (typeof shape === 'string') {
    const finite = typeof value === 'number' && Number.isFinite(value);
    let ok = typeof value === shape;
    if (shape === 'number') ok = finite;
    if (shape === 'scalar') {
      ok = finite || typeof value === 'string' || typeof value === 'boolean';
    }
    if (!ok) wrongType();
    else if (
      typeof value === 'string' &&
      value.length > MAX_INTENT_STRING_LENGTH
    ) {
      add(
        `is ${value.length} characters long; at most ${MAX_INTENT_STRING_LENGTH} are allowed`,
        `Shorten ${path}.`,
      );
    }
    return;
  }
  if ('array' in shape) {
    if (!Array.isArray(value)) {
      wrongType();
      return;
    }
    if (value.length > MAX_INTENT_ENTRIES) {
      add(
        `has ${value.length} entries; at most ${MAX_INTENT_ENTRIES} are allowed`,
        `Shorten ${path}.`,
      );
      return;
    }
    value.forEach((item, i) =>
      check(item, shape.array, `${path}[${i}]`, problems),
    );
    return;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    wrongType();
    return;
  }
  const entries = Object.keys(value);
  if (entries.length > MAX_INTENT_ENTRIES) {
    add(
      `has ${entries.length} entries; at most ${MAX_INTENT_ENTRIES} are allowed`,
      `Remove entries from ${path}.`,
    );
    return;
  }
  for (const key of entries) {
    if (FORBIDDEN_KEYS.has(key)) {
      add(`'${key}' is not allowed as a key`, `Remove ${path}.${key}.`);
    }
  }
  const fields = value as Record<string, unknown>;
  if ('record' in shape) {
    for (const key of entries) {
      if (!FORBIDDEN_KEYS.has(key)) {
        check(fields[key], shape.record, `${path}.${key}`, problems);
      }
    }
    return;
  }
  for (const key of shape.required ?? []) {
    if (fields[key] === undefined || fields[key] === null) {
      add(`${key} is missing`, `Set ${path}.${key}.`);
    }
  }
  for (const [key, field] of Object.entries(shape.object)) {
    // Absent and null both mean "not set".
    if (
      Object.prototype.hasOwnProperty.call(fields, key) &&
      fields[key] !== undefined &&
      fields[key] !== null
    ) {
      check(fields[key], field, `${path}.${key}`, problems);
    }
  }
}

/**
 * Checks that an untrusted value has the shape of a `ScalingIntent`: the
 * JSON type of every field, at most 32 KiB per text, 100 entries per list
 * or map, and no `__proto__`, `constructor` or `prototype` keys. Paths start
 * with `intent` (`intent.triggers[0].metadata`). Never throws.
 *
 * @public
 */
export function intentShapeProblems(value: unknown): ManifestProblem[] {
  const problems: ManifestProblem[] = [];
  check(value, INTENT, 'intent', problems);
  return problems;
}
