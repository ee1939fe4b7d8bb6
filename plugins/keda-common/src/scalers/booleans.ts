const TRUE_WORDS = ['1', 't', 'T', 'TRUE', 'true', 'True'];
const FALSE_WORDS = ['0', 'f', 'F', 'FALSE', 'false', 'False'];

/**
 * A `boolean` parameter's value as KEDA reads it (Go's `strconv.ParseBool`,
 * which takes these words and no others): true, false, or `undefined` when
 * KEDA would refuse it.
 *
 * @public
 */
export function parseKedaBoolean(value: string): boolean | undefined {
  if (TRUE_WORDS.includes(value)) return true;
  if (FALSE_WORDS.includes(value)) return false;
  return undefined;
}
