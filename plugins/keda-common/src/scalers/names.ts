/**
 * True when `name` is `pattern`, or matches it where `pattern` uses `*` for
 * a non-empty run of characters (e.g. `query.*` matches `query.A`).
 *
 * @public
 */
export function matchesParameterName(pattern: string, name: string): boolean {
  if (!pattern.includes('*')) return pattern === name;
  const escaped = pattern
    .split('*')
    .map(part => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.+');
  return new RegExp(`^${escaped}$`).test(name);
}

/**
 * Names that hold credentials. The portal never writes these literally into
 * a manifest, even where KEDA would read them from the metadata.
 */
export const CREDENTIAL_NAME =
  /(password|secret|token|apikey|appkey|querykey|^key$|clientkey|accesskey|connection|connectionstring|credentials|certificate)$/i;
