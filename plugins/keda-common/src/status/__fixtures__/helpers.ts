/**
 * Test helpers: copies of fixtures with one thing changed.
 */

type WithConditions = { status?: { conditions?: Array<{ type: string }> } };

/** A deep copy of a plain JSON fixture. */
export function copy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value));
}

/** A copy of `object` with the condition of the same type replaced. */
export function withCondition<T extends WithConditions>(
  object: T,
  condition: {
    type: string;
    status: string;
    reason?: string;
    message?: string;
    lastTransitionTime?: string;
  },
): T {
  const result = copy(object);
  const conditions = (result.status?.conditions ?? []).filter(
    c => c.type !== condition.type,
  );
  conditions.push(condition);
  result.status = { ...result.status, conditions };
  return result;
}
