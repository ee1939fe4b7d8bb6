/**
 * Reads `keda.guardrails` from app-config, strictly: a value of the wrong
 * type or an unknown key (a typo would silently switch a guardrail off) is
 * an error naming the key.
 */
import type { Config } from '@backstage/config';
import { getScaler } from '@keda-portal/plugin-keda-common';
import { canonicalType } from './triggerTypes';
import {
  ROOT,
  type GuardrailReplicaLimit,
  type GuardrailRules,
  type GuardrailScaleToZero,
  type GuardrailTriggerTypes,
} from './types';

const INT32_MAX = 2147483647;

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeValue(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

function readObject(value: unknown, key: string): JsonObject {
  if (!isObject(value)) {
    throw new Error(`${key} must be an object, got ${describeValue(value)}`);
  }
  return value;
}

function rejectUnknownKeys(
  object: JsonObject,
  key: string,
  known: string[],
): void {
  for (const name of Object.keys(object)) {
    if (!known.includes(name)) {
      throw new Error(
        `${key}.${name} is not a known setting; use one of: ${known.join(
          ', ',
        )}`,
      );
    }
  }
}

/** Numbers may arrive as strings (environment substitution), as in ConfigReader. */
function readPositiveInteger(value: unknown, key: string): number {
  let number = NaN;
  if (typeof value === 'number') {
    number = value;
  } else if (typeof value === 'string' && /^\s*\d+\s*$/.test(value)) {
    number = Number(value);
  }
  if (!Number.isInteger(number) || number < 1 || number > INT32_MAX) {
    throw new Error(
      `${key} must be a positive integer, got ${describeValue(value)}`,
    );
  }
  return number;
}

function readBoolean(value: unknown, key: string): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const word = value.trim().toLowerCase();
    if (word === 'true') return true;
    if (word === 'false') return false;
  }
  throw new Error(`${key} must be true or false, got ${describeValue(value)}`);
}

function readStringList(value: unknown, key: string): string[] {
  if (!Array.isArray(value)) {
    throw new Error(
      `${key} must be a list of strings, got ${describeValue(value)}`,
    );
  }
  return value.map((item, index) => {
    if (typeof item !== 'string' || item.trim() === '') {
      throw new Error(
        `${key}[${index}] must be a non-empty string, got ${describeValue(
          item,
        )}`,
      );
    }
    return item.trim();
  });
}

function readTriggerTypeList(value: unknown, key: string): string[] {
  const types = readStringList(value, key);
  types.forEach((type, index) => {
    if (!getScaler(type)) {
      throw new Error(
        `${key}[${index}] must be a KEDA trigger type from the scaler catalog, got "${type}"`,
      );
    }
  });
  return types;
}

function readLimitMap(
  value: unknown,
  key: string,
): Record<string, GuardrailReplicaLimit> {
  const result: Record<string, GuardrailReplicaLimit> = {};
  for (const [name, entry] of Object.entries(readObject(value, key))) {
    const entryKey = `${key}.${name}`;
    if (entry === null || entry === undefined) continue;
    const limit = readObject(entry, entryKey);
    rejectUnknownKeys(limit, entryKey, ['maxReplicaCount']);
    result[name] =
      limit.maxReplicaCount === undefined || limit.maxReplicaCount === null
        ? {}
        : {
            maxReplicaCount: readPositiveInteger(
              limit.maxReplicaCount,
              `${entryKey}.maxReplicaCount`,
            ),
          };
  }
  return result;
}

function readTriggerTypes(value: unknown, key: string): GuardrailTriggerTypes {
  const object = readObject(value, key);
  rejectUnknownKeys(object, key, ['allow', 'deny']);
  const result: GuardrailTriggerTypes = {};
  if (object.allow !== undefined && object.allow !== null) {
    result.allow = readTriggerTypeList(object.allow, `${key}.allow`);
    if (result.allow.length === 0) {
      throw new Error(
        `${key}.allow must list at least one trigger type; leave it out to allow every type`,
      );
    }
  }
  if (object.deny !== undefined && object.deny !== null) {
    result.deny = readTriggerTypeList(object.deny, `${key}.deny`);
  }
  if (result.allow && result.deny) {
    const denied = new Set(result.deny.map(canonicalType));
    const both = result.allow.find(type => denied.has(canonicalType(type)));
    if (both) {
      throw new Error(
        `${key}: "${both}" is in both allow and deny; remove it from one of them`,
      );
    }
  }
  return result;
}

function readScaleToZero(value: unknown, key: string): GuardrailScaleToZero {
  const object = readObject(value, key);
  rejectUnknownKeys(object, key, ['allowedLifecycles']);
  if (
    object.allowedLifecycles === undefined ||
    object.allowedLifecycles === null
  ) {
    return {};
  }
  return {
    allowedLifecycles: readStringList(
      object.allowedLifecycles,
      `${key}.allowedLifecycles`,
    ),
  };
}

/** The reader of each rule, keyed by its name under `keda.guardrails`. */
const RULE_READERS: {
  [K in keyof GuardrailRules]-?: (
    value: unknown,
    key: string,
  ) => NonNullable<GuardrailRules[K]>;
} = {
  maxReplicaCount: readPositiveInteger,
  namespaces: readLimitMap,
  lifecycles: readLimitMap,
  triggerTypes: readTriggerTypes,
  minPollingInterval: readPositiveInteger,
  requireFallbackForExternalTriggers: readBoolean,
  scaleToZero: readScaleToZero,
};
const RULE_KEYS = Object.keys(RULE_READERS) as Array<keyof GuardrailRules>;

/**
 * Reads and validates `keda.guardrails`. A missing section gives no rules.
 * A value of the wrong type, or a key that is not a known setting (a typo
 * would silently switch a guardrail off), throws an Error that names the
 * config key.
 *
 * @public
 */
export function readGuardrails(config: Config): GuardrailRules {
  const raw = config.getOptional<unknown>(ROOT);
  if (raw === undefined || raw === null) {
    return {};
  }
  const section = readObject(raw, ROOT);
  rejectUnknownKeys(section, ROOT, RULE_KEYS);
  const rules: Record<string, unknown> = {};
  for (const name of RULE_KEYS) {
    const value = section[name];
    if (value !== undefined && value !== null) {
      rules[name] = RULE_READERS[name](value, `${ROOT}.${name}`);
    }
  }
  return rules as GuardrailRules;
}
