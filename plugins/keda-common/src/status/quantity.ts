/**
 * Kubernetes resource quantities (`resource.Quantity`) as numbers, and
 * short number formatting for sentences.
 */

const BINARY: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

const DECIMAL: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};

const QUANTITY =
  /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?)$/;

/**
 * Reads a Kubernetes quantity such as `40800m`, `1.5k`, `2Gi`, `1e3` or a
 * plain number. Returns `undefined` for anything that is not a quantity.
 *
 * @public
 */
export function parseQuantity(
  quantity: string | number | undefined | null,
): number | undefined {
  if (typeof quantity === 'number') {
    return Number.isFinite(quantity) ? quantity : undefined;
  }
  if (typeof quantity !== 'string') return undefined;
  const match = QUANTITY.exec(quantity.trim());
  if (!match) return undefined;
  const [, digits, exponent, suffix] = match;
  const base = Number(digits);
  if (exponent) return base * 10 ** Number(exponent.slice(1));
  if (suffix && suffix in BINARY) return base * BINARY[suffix];
  // Multiply by the inverse for the fractional suffixes: 40800 * 1e-3 gives
  // 40.800000000000004, 40800 / 1e3 gives 40.8.
  const factor = DECIMAL[suffix ?? ''];
  return factor < 1 ? base / Math.round(1 / factor) : base * factor;
}

/**
 * A number for a sentence: at most two decimals, no trailing zeros, no
 * thousands separators (e.g. `40.8`, `204`, `0.33`).
 *
 * @public
 */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const rounded = Math.round(value * 100) / 100;
  return String(Object.is(rounded, -0) ? 0 : rounded);
}
