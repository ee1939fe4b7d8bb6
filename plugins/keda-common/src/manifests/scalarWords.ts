/**
 * How KEDA's scalers read a boolean parameter: Go's `strconv.ParseBool`,
 * which takes these words and no others.
 */
const TRUE_WORDS = ['1', 't', 'T', 'TRUE', 'true', 'True'];
const FALSE_WORDS = ['0', 'f', 'F', 'FALSE', 'false', 'False'];

/**
 * A boolean trigger parameter as KEDA reads it (Go's `strconv.ParseBool`):
 * true, false, or undefined for a value KEDA refuses.
 *
 * @public
 */
export function parseScalerBoolean(value: string): boolean | undefined {
  if (TRUE_WORDS.includes(value)) return true;
  if (FALSE_WORDS.includes(value)) return false;
  return undefined;
}
