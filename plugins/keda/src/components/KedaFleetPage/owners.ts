import {
  CompoundEntityRef,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';

/** An owner ref in any form, completed (kind group, namespace default). */
function parse(ref: string): CompoundEntityRef | undefined {
  try {
    return parseEntityRef(ref.trim(), {
      defaultKind: 'group',
      defaultNamespace: 'default',
    });
  } catch {
    return undefined;
  }
}

const fullRef = (ref: string) => {
  const parsed = parse(ref);
  return parsed && stringifyEntityRef(parsed).toLocaleLowerCase('en-US');
};

/**
 * Whether an owner matches what the user typed. A ref in any form
 * (`group:default/team-orders`, `group:team-orders`, `team-orders`) matches
 * the same owner however the catalog wrote it; a bare word also matches
 * part of a name (`orders`).
 */
export function ownerMatches(owner: string, query: string): boolean {
  const q = query.trim();
  if (!q) return true;
  const wanted = fullRef(q);
  if (wanted !== undefined && wanted === fullRef(owner)) return true;
  if (/[:/]/.test(q)) return false;
  const name = parse(owner)?.name ?? owner;
  return name.toLocaleLowerCase('en-US').includes(q.toLocaleLowerCase('en-US'));
}

/** `group:default/team-orders` as people say it: `team-orders`. */
export function shortOwner(owner: string): string {
  const ref = parse(owner);
  if (!ref) return owner;
  const name =
    ref.namespace.toLocaleLowerCase('en-US') === 'default'
      ? ref.name
      : `${ref.namespace}/${ref.name}`;
  return ref.kind.toLocaleLowerCase('en-US') === 'group'
    ? name
    : `${ref.kind.toLocaleLowerCase('en-US')}:${name}`;
}
