/**
 * Kubernetes naming rules (apimachinery's validation, restated).
 */

const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;
const QUALIFIED_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;

/**
 * Why `value` is not a DNS-1123 label (at most 63 characters), or `undefined`.
 *
 * @public
 */
export function dns1123LabelError(value: string): string | undefined {
  if (value.length === 0) return 'must not be empty';
  if (value.length > 63) {
    return `must be at most 63 characters, '${value}' has ${value.length}`;
  }
  if (!LABEL.test(value)) {
    return `'${value}' must consist of lower-case letters, digits and '-', and start and end with a letter or digit`;
  }
  return undefined;
}

/**
 * Why `value` is not a DNS-1123 subdomain (at most 253 characters), or
 * `undefined`.
 *
 * @public
 */
export function dns1123SubdomainError(value: string): string | undefined {
  if (value.length === 0) return 'must not be empty';
  if (value.length > 253) {
    return `must be at most 253 characters, '${value.slice(0, 40)}…' has ${
      value.length
    }`;
  }
  if (!SUBDOMAIN.test(value)) {
    return `'${value}' must consist of lower-case letters, digits, '-' and '.', and start and end with a letter or digit`;
  }
  return undefined;
}

/**
 * Why `value` is not a valid label value (may be empty), or `undefined`.
 *
 * @public
 */
export function labelValueError(value: string): string | undefined {
  if (value.length > 63) {
    return `must be at most 63 characters, '${value}' has ${value.length}`;
  }
  if (!LABEL_VALUE.test(value)) {
    return `'${value}' must consist of letters, digits, '-', '_' and '.', and start and end with a letter or digit`;
  }
  return undefined;
}

/**
 * Why `key` is not a valid label or annotation key (`[prefix/]name`), or
 * `undefined`.
 *
 * @public
 */
export function qualifiedNameError(key: string): string | undefined {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined) {
    const prefixError = dns1123SubdomainError(prefix);
    if (prefixError) return `the prefix ${prefixError}`;
  }
  if (name.length === 0 || name.length > 63) {
    return `the name part of '${key}' must have 1 to 63 characters`;
  }
  if (!QUALIFIED_NAME.test(name)) {
    return `the name part of '${key}' must consist of letters, digits, '-', '_' and '.', and start and end with a letter or digit`;
  }
  return undefined;
}

/** Why `key` is not a valid Secret / ConfigMap key, or `undefined`. */
export function configKeyError(key: string): string | undefined {
  if (key.length === 0 || key.length > 253) {
    return 'must have 1 to 253 characters';
  }
  if (!CONFIG_KEY.test(key)) {
    return `'${key}' may only contain letters, digits, '-', '_' and '.'`;
  }
  if (key === '.' || key === '..') return `must not be '${key}'`;
  return undefined;
}
