import type { TriggerIntent } from './types';

const isEmpty = (v: unknown) =>
  v === undefined ||
  v === null ||
  v === '' ||
  (Array.isArray(v) && v.length === 0) ||
  (typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0);

/**
 * Triggers without the empty parts a form leaves behind: an `authentication`
 * with no name, no Secret references and no pod identity means "none", not
 * "a TriggerAuthentication without a name". Forms (the scaffolder's fills in
 * `{}` for every object field) and the actions both go through this, so a
 * trigger means the same wherever it comes from.
 *
 * @public
 */
export function compactTriggers(triggers: TriggerIntent[]): TriggerIntent[] {
  return triggers.map(trigger => {
    if (!trigger || typeof trigger !== 'object') return trigger;
    const auth = trigger.authentication;
    if (
      auth &&
      typeof auth === 'object' &&
      isEmpty(auth.name) &&
      isEmpty(auth.secretRefs) &&
      isEmpty(auth.podIdentity) &&
      isEmpty(auth.kind)
    ) {
      const { authentication: _dropped, ...rest } = trigger;
      return rest;
    }
    return trigger;
  });
}
