/**
 * Generators of hostile input for the fuzzing suites: values that mix valid
 * shapes with YAML injection, path traversal, prototype keys, huge strings,
 * control characters, unusual unicode and wrong types.
 */
import fc from 'fast-check';

/** One megabyte of text. */
export const ONE_MB = 'x'.repeat(1024 * 1024);

/** Strings that have broken parsers, templaters and path joins before. */
export const HOSTILE_STRINGS = [
  'a\nkind: Secret',
  'orders-api\n---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: x',
  '"; kind: Secret; x: "',
  "'\n  password: hunter2",
  '{{ secrets.token }}',
  '${{ parameters.name }}',
  '${ process.env.HOME }',
  '!!js/function "function(){ return 1 }"',
  '!!python/object/apply:os.system ["id"]',
  '&anchor *anchor',
  '*alias',
  '<<: *base',
  '../../etc/passwd',
  '..',
  '../apps/payments',
  '/etc/passwd',
  '/tmp/x',
  'C:\\Windows\\system32',
  '..\\..\\x',
  'apps/orders-api/../../README.md',
  '__proto__',
  'constructor',
  'prototype',
  '__proto__.polluted',
  'toString',
  'hasOwnProperty',
  '',
  ' ',
  '\u0000',
  'orders\u0000api',
  '\u0007\u0008\u001b[31m',
  '\r\n',
  'orders\rapi',
  '\u202eipa-sredro',
  'orders-api\u200b',
  '🚀🔥',
  'ördérs',
  'ΑΒΓ',
  '𝔬𝔯𝔡𝔢𝔯𝔰',
  '\ud800',
  'null',
  'true',
  '0x10',
  '1e309',
  '-1',
  'NaN',
  'Infinity',
  '%2e%2e%2f',
  '%00',
  'http://169.254.169.254/latest/meta-data/',
  'file:///etc/passwd',
  'a'.repeat(254),
  'a'.repeat(64 * 1024),
];

/** A hostile string, now and then a 1 MB one. */
export function hostileString(options: { huge?: boolean } = {}) {
  const parts: Array<fc.Arbitrary<string>> = [
    fc.constantFrom(...HOSTILE_STRINGS),
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'grapheme', maxLength: 20 }),
    fc.string({ unit: 'binary', maxLength: 20 }),
    fc
      .tuple(
        fc.constantFrom('orders-api', 'shop', 'kafka', 'x'),
        fc.constantFrom(...HOSTILE_STRINGS.slice(0, 30)),
      )
      .map(([a, b]) => a + b),
  ];
  if (options.huge) parts.push(fc.constant(ONE_MB));
  return fc.oneof(...parts);
}

/** Any JSON-ish value of a wrong or hostile type. */
export function hostileValue(options: { huge?: boolean } = {}) {
  return fc.oneof(
    { weight: 4, arbitrary: hostileString(options) },
    fc.constantFrom<unknown>(
      null,
      true,
      false,
      0,
      -1,
      1.5,
      -0.5,
      2147483648,
      Number.MAX_SAFE_INTEGER,
      1e308,
      [],
      {},
      [null],
      { __proto__: { polluted: 1 } },
      JSON.parse('{"__proto__":{"polluted":"yes"}}'),
      { constructor: { prototype: { polluted: 'yes' } } },
    ),
    fc.integer(),
    fc.double(),
    fc.array(fc.string({ maxLength: 5 }), { maxLength: 4 }),
    fc.constant(Array.from({ length: 10_000 }, (_, i) => i)),
    fc.dictionary(
      fc.constantFrom('__proto__', 'constructor', 'prototype', 'a', '../x'),
      fc.string({ maxLength: 5 }),
      { maxKeys: 3 },
    ),
  );
}

/** Every field of a scaling intent a fuzz case may replace. */
export const INTENT_PATHS: string[][] = [
  [],
  ['name'],
  ['namespace'],
  ['kind'],
  ['kubernetesId'],
  ['scaleTarget'],
  ['scaleTarget', 'name'],
  ['scaleTarget', 'kind'],
  ['scaleTarget', 'apiVersion'],
  ['scaleTarget', 'envSourceContainerName'],
  ['minReplicaCount'],
  ['maxReplicaCount'],
  ['idleReplicaCount'],
  ['pollingInterval'],
  ['cooldownPeriod'],
  ['initialCooldownPeriod'],
  ['pause'],
  ['pause', 'paused'],
  ['pause', 'replicas'],
  ['fallback'],
  ['fallback', 'replicas'],
  ['hpa'],
  ['scalingModifiers'],
  ['scalingModifiers', 'formula'],
  ['restoreToOriginalReplicaCount'],
  ['jobTemplate'],
  ['triggers'],
  ['triggers', '0'],
  ['triggers', '0', 'type'],
  ['triggers', '0', 'name'],
  ['triggers', '0', 'metadata'],
  ['triggers', '0', 'metadata', 'query'],
  ['triggers', '0', 'metadata', 'serverAddress'],
  ['triggers', '0', 'metadata', 'threshold'],
  ['triggers', '0', 'metadata', '__proto__'],
  ['triggers', '0', 'metadata', 'constructor'],
  ['triggers', '0', 'metadata', '../../x'],
  ['triggers', '0', 'metricType'],
  ['triggers', '0', 'useCachedMetrics'],
  ['triggers', '0', 'authentication'],
  ['triggers', '0', 'authentication', 'name'],
  ['triggers', '0', 'authentication', 'kind'],
  ['triggers', '0', 'authentication', 'secretRefs'],
  ['triggers', '0', 'authentication', 'secretRefs', '0', 'parameter'],
  ['triggers', '0', 'authentication', 'secretRefs', '0', 'secretName'],
  ['triggers', '0', 'authentication', 'secretRefs', '0', 'key'],
  ['triggers', '0', 'authentication', 'podIdentity', 'provider'],
  ['triggers', '1'],
  ['__proto__'],
  ['__proto__', 'polluted'],
  ['constructor', 'prototype', 'polluted'],
];

/**
 * A copy of `base` with the value at `path` replaced. Keys are defined as
 * own properties (as JSON.parse does), so `__proto__` is data, not a setter.
 */
export function withValue<T>(base: T, path: string[], value: unknown): T {
  if (!path.length) return value as T;
  const copy: any =
    base && typeof base === 'object' ? JSON.parse(JSON.stringify(base)) : {};
  let node = copy;
  for (const [i, key] of path.slice(0, -1).entries()) {
    const next = Object.prototype.hasOwnProperty.call(node, key)
      ? node[key]
      : undefined;
    const empty = /^\d+$/.test(path[i + 1]) ? [] : {};
    const child = next && typeof next === 'object' ? next : empty;
    Object.defineProperty(node, key, {
      value: child,
      enumerable: true,
      writable: true,
      configurable: true,
    });
    node = child;
  }
  Object.defineProperty(node, path[path.length - 1], {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
  return copy;
}

/** An intent with one to three fields replaced by hostile values. */
export function hostileIntent(
  base: Record<string, unknown>,
  options: { huge?: boolean } = {},
) {
  const edit = fc.tuple(
    fc.constantFrom(...INTENT_PATHS),
    hostileValue(options),
  );
  return fc.array(edit, { minLength: 1, maxLength: 3 }).map(edits => ({
    edits,
    intent: edits.reduce<unknown>(
      (acc, [path, value]) =>
        path.length ? withValue(acc, path, value) : value,
      base,
    ),
  }));
}

const BUILTIN_PROTOTYPE_KEYS = new Set(
  Object.getOwnPropertyNames(Object.prototype),
);

/** Properties someone may have planted on Object.prototype. */
export function prototypePollution(): string[] {
  const probe: any = {};
  return ['polluted', 'isAdmin', 'kind', 'name', 'path']
    .filter(k => probe[k] !== undefined)
    .concat(
      Object.getOwnPropertyNames(Object.prototype).filter(
        k => !BUILTIN_PROTOTYPE_KEYS.has(k),
      ),
    );
}
