/**
 * A trigger's metadata against the scaler catalog: every key a parameter of
 * the scaler, secrets kept out of the manifest, values of the right kind, and
 * the required parameters supplied (by the metadata, an environment variable
 * or a TriggerAuthentication in the same set).
 */
import {
  getScalerParameter,
  matchesParameterName,
  parseKedaBoolean,
  type ScalerDefinition,
  type ScalerParameter,
} from '../../scalers';
import { cronExpressionError, timeZoneError } from '../cron';
import type { Obj } from '../fields';
import type { PathSegment } from '../paths';
import { NUMBER, type AuthInfo, type Checker } from './checker';

const QUANTITY =
  /^[+-]?((\d+(\.\d*)?)|(\.\d+))(([KMGTPE]i)|[numkMGTPE]|([eE][+-]?((\d+(\.\d*)?)|(\.\d+))))?$/;
const INTEGER = /^[+-]?\d+$/;
/** `scheme://user:password@…` */
const URL_WITH_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/[^/@\s:]*:[^/@\s]+@/i;

/** What is wrong with a value and how to fix it, or undefined when it is fine. */
type ValueCheck = (
  value: string,
) => { message: string; fix: string } | undefined;

/** A value that must match `test` (after trimming). */
function matching(
  test: (value: string) => boolean,
  what: string,
  fix: string,
): ValueCheck {
  return value =>
    test(value.trim())
      ? undefined
      : { message: `must be ${what}, got '${value}'`, fix };
}

/** The checks of the value kinds that need no list of allowed values. */
const VALUE_CHECKS: Partial<Record<ScalerParameter['kind'], ValueCheck>> = {
  integer: matching(
    v => INTEGER.test(v),
    'a whole number',
    "Write a whole number, e.g. '50'.",
  ),
  number: matching(
    v => NUMBER.test(v),
    'a number',
    "Write a number, e.g. '50' or '0.5'.",
  ),
  boolean: matching(
    v => parseKedaBoolean(v) !== undefined,
    'true or false',
    "Write 'true' or 'false'.",
  ),
  quantity: matching(
    v => QUANTITY.test(v),
    'a number or a Kubernetes quantity',
    "Write e.g. '50', '500m' or '1Gi'.",
  ),
  cron: value => {
    const error = cronExpressionError(value);
    if (!error) return undefined;
    return {
      message: error,
      // Only a wrong field count needs the five fields spelled out.
      fix: /fields; a cron expression has 5/.test(error)
        ? "Write five fields: minute hour day-of-month month day-of-week, e.g. '0 8 * * 1-5'."
        : "Correct that field; e.g. '0 8 * * 1-5' is 08:00 on weekdays.",
    };
  },
  timezone: value => {
    const error = timeZoneError(value);
    if (!error) return undefined;
    return {
      message: error,
      fix: "Use an IANA time zone name, e.g. 'Europe/Berlin' or 'UTC'.",
    };
  },
  json: value => {
    try {
      JSON.parse(value);
      return undefined;
    } catch {
      return {
        message: 'is not valid JSON',
        fix: 'Write a JSON document (check quotes and brackets).',
      };
    }
  },
};

function paramSatisfiedBy(
  param: ScalerParameter,
  metadata: Obj,
  auth: AuthInfo | undefined,
  hasAuthRef: boolean,
): boolean {
  // KEDA trims values and treats an empty one as not given.
  const present = (key: string) => {
    const value = metadata[key];
    return typeof value === 'string' && value.trim() !== '';
  };
  // KEDA looks a parameter up under each of its names.
  const names = [param.name, ...(param.aliases ?? [])];
  if (param.name.includes('*')) {
    if (
      Object.keys(metadata).some(
        k => matchesParameterName(param.name, k) && present(k),
      )
    ) {
      return true;
    }
  } else if (
    param.sources.includes('metadata') &&
    names.some(name => present(name))
  ) {
    return true;
  }
  if (
    param.sources.includes('env') &&
    names.some(name => present(`${name}FromEnv`))
  ) {
    return true;
  }
  if (param.sources.includes('authentication') && hasAuthRef) {
    // An object outside this set could supply anything.
    if (!auth || !auth.parameters) return true;
    if (names.some(name => auth.parameters!.has(name))) return true;
  }
  return false;
}

function checkValue(
  c: Checker,
  at: PathSegment[],
  param: ScalerParameter,
  value: string,
) {
  const lower = value.toLowerCase();
  const inValues = (v: string) =>
    (param.values ?? []).some(allowed => allowed.toLowerCase() === v);
  switch (param.kind) {
    case 'enum':
      if (param.values?.length && !inValues(lower)) {
        c.add(
          at,
          `'${value}' is not one of the allowed values`,
          `Use one of: ${param.values.join(', ')}.`,
        );
      }
      break;
    case 'list':
      if (param.values?.length) {
        const bad = value
          .split(',')
          .map(v => v.trim())
          .filter(v => v && !inValues(v.toLowerCase()));
        if (bad.length) {
          c.add(
            at,
            `${bad.map(b => `'${b}'`).join(', ')} not allowed in this list`,
            `Use items from: ${param.values.join(', ')}.`,
          );
        }
      }
      break;
    default: {
      const problem = VALUE_CHECKS[param.kind]?.(value);
      if (problem) c.add(at, problem.message, problem.fix);
    }
  }
}

/** One metadata key: a parameter of the scaler, allowed in the metadata, of the right kind. */
function checkMetadataEntry(
  c: Checker,
  at: PathSegment[],
  definition: ScalerDefinition,
  type: string,
  key: string,
  value: unknown,
) {
  if (typeof value !== 'string') {
    c.add(
      at,
      `trigger metadata values must be strings, got ${JSON.stringify(value)}`,
      `Quote the value, e.g. '${String(value)}'.`,
    );
    return;
  }
  let param = getScalerParameter(type, key);
  let fromEnv = false;
  if (!param && key.endsWith('FromEnv')) {
    param = getScalerParameter(type, key.slice(0, -'FromEnv'.length));
    fromEnv = param !== undefined;
  }
  if (!param) {
    if (!definition.additionalMetadata) {
      c.add(
        at,
        `is not a parameter of the ${type} trigger; KEDA ignores it`,
        `Remove it or check its spelling (see ${definition.docsUrl}).`,
      );
    }
    return;
  }
  if (param.removed) {
    c.add(
      at,
      `${param.name} was removed from KEDA; KEDA refuses the trigger while it is set`,
      `Remove it from the metadata. KEDA says: ${param.removed}`,
    );
    return;
  }
  if (fromEnv) {
    checkFromEnv(c, at, param);
    return;
  }
  if (param.secret || !param.sources.includes('metadata')) {
    const isSecret = param.secret;
    const viaEnv = param.sources.includes('env');
    c.add(
      at,
      isSecret
        ? `${param.name} is a secret and must not be written in the manifest`
        : `${param.name} can only come from ${
            viaEnv
              ? 'a TriggerAuthentication or an environment variable'
              : 'a TriggerAuthentication'
          }, not from the metadata`,
      `Put the value in a Kubernetes Secret and reference it through a TriggerAuthentication (secretTargetRef with parameter '${
        param.name
      }')${
        viaEnv ? `, or use ${param.name}FromEnv` : ''
      }, then remove it from the metadata.`,
    );
    return;
  }
  if (URL_WITH_PASSWORD.test(value.trim())) {
    // KEDA would read it (rabbitmq host, for one), but the manifest ends up
    // in Git: the same policy as for secret parameters.
    const viaEnv = param.sources.includes('env')
      ? ` or ${param.name}FromEnv`
      : '';
    c.add(
      at,
      `${param.name} holds a password in its URL (user:password@) and must not be written in the manifest`,
      `Remove user:password from the URL and supply the credentials through a TriggerAuthentication, or put the whole value in a Secret (a TriggerAuthentication${viaEnv}).`,
    );
    return;
  }
  if (value.trim() !== '') checkValue(c, at, param, value);
}

/** A `<parameter>FromEnv` key. */
function checkFromEnv(c: Checker, at: PathSegment[], param: ScalerParameter) {
  if (!param.sources.includes('env')) {
    c.add(
      at,
      `${param.name} cannot be read from an environment variable`,
      param.sources.includes('authentication')
        ? `Supply ${param.name} through a TriggerAuthentication.`
        : `Write ${param.name} itself in the metadata.`,
    );
  }
  // An empty value is allowed: KEDA treats it as not given (typed_config.go,
  // configParamValue), so the parameter must then come from elsewhere.
}

/** Required parameters, and groups of alternatives. */
function checkRequiredParameters(
  c: Checker,
  path: PathSegment[],
  { parameters }: ScalerDefinition,
  type: string,
  metadata: Obj,
  authName: string | undefined,
  usesScalingModifiers: boolean,
) {
  // The authentication it names: in this set (what it supplies is known), or not.
  const hasAuthRef = authName !== undefined;
  const auth = hasAuthRef ? c.authInfo(authName) : undefined;
  const groups = new Map<string, ScalerParameter[]>();
  for (const param of parameters) {
    if (param.oneOfGroup) {
      groups.set(param.oneOfGroup, [
        ...(groups.get(param.oneOfGroup) ?? []),
        param,
      ]);
      continue;
    }
    // KEDA still requires a deprecated parameter until it is removed.
    if (!param.required || param.default !== undefined || param.removed) {
      continue;
    }
    if (param.optionalWithScalingModifiers && usesScalingModifiers) continue;
    // Written literally but wrong (a secret, not a string): already reported.
    if (
      [param.name, ...(param.aliases ?? [])].some(
        name => metadata[name] !== undefined && metadata[name] !== '',
      )
    ) {
      continue;
    }
    if (!paramSatisfiedBy(param, metadata, auth, hasAuthRef)) {
      const ways: string[] = [];
      if (param.sources.includes('metadata'))
        ways.push(`add ${param.name} to the metadata`);
      if (param.sources.includes('env'))
        ways.push(
          `set ${param.name}FromEnv to an environment variable of the target`,
        );
      if (param.sources.includes('authentication'))
        ways.push(`supply ${param.name} through a TriggerAuthentication`);
      c.add(
        [...path, 'metadata', param.name],
        `the ${type} trigger needs ${param.name}`,
        `${ways.join(', or ')}.`.replace(/^./, s => s.toUpperCase()),
      );
    }
  }
  for (const [group, members] of groups) {
    if (members.some(p => paramSatisfiedBy(p, metadata, auth, hasAuthRef))) {
      continue;
    }
    // A pod identity can replace credentials.
    if (auth?.podIdentity || (hasAuthRef && !auth)) {
      if (members.some(p => p.sources.includes('authentication'))) continue;
    }
    const names = members.map(p => p.name).join(', ');
    c.add(
      [...path, 'metadata'],
      `the ${type} trigger needs one of ${names} (${group})`,
      `Set one of ${names}.`,
    );
  }
}

export function checkTriggerMetadata(
  c: Checker,
  path: PathSegment[],
  definition: ScalerDefinition,
  type: string,
  metadata: Obj,
  authName: string | undefined,
  usesScalingModifiers = false,
) {
  for (const [key, value] of Object.entries(metadata)) {
    checkMetadataEntry(
      c,
      [...path, 'metadata', key],
      definition,
      type,
      key,
      value,
    );
  }
  checkRequiredParameters(
    c,
    path,
    definition,
    type,
    metadata,
    authName,
    usesScalingModifiers,
  );
}
