/**
 * Normalising what the real chain wrote, so a recording is stable across
 * runs: identities and versions go, times become offsets from one fixed
 * instant, and the run's random names (namespace, ports, generated names)
 * become fixed ones. Everything else is kept as the API returned it.
 */

/** The instant recorded times are moved to (as the old fixtures' NOW). */
export const RECORDED_NOW = '2026-08-21T12:10:00Z';

/** Fields that differ on every run and mean nothing to the status model. */
const DROPPED_METADATA = ['uid', 'resourceVersion', 'managedFields'];

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

export interface NormalizeOptions {
  /** When the snapshot was taken: times keep their distance to it. */
  takenAt: Date;
  /** Replacements of run-specific text (namespace, ports, hostnames). */
  replace: Array<[RegExp | string, string]>;
}

function replaceAll(text: string, replace: NormalizeOptions['replace']) {
  let result = text;
  for (const [from, to] of replace) {
    result =
      typeof from === 'string'
        ? result.split(from).join(to)
        : result.replace(from, to);
  }
  return result;
}

/** A recorded time moved so that `takenAt` becomes RECORDED_NOW. */
function shiftTime(value: string, takenAt: Date): string {
  // Whole seconds move; a fraction (eventTime's microseconds) is kept as written.
  const fraction = /(\.\d+)Z$/.exec(value)?.[1] ?? '';
  const whole = Date.parse(`${value.slice(0, 19)}Z`);
  const offset = Math.round((takenAt.getTime() - whole) / 1000) * 1000;
  const shifted = new Date(Date.parse(RECORDED_NOW) - offset);
  return `${shifted.toISOString().slice(0, 19)}${fraction}Z`;
}

/** The normalised copy of one JSON value. */
export function normalizeValue(value: unknown, options: NormalizeOptions): any {
  if (typeof value === 'string') {
    if (ISO_TIME.test(value)) return shiftTime(value, options.takenAt);
    return replaceAll(value, options.replace);
  }
  if (Array.isArray(value)) return value.map(v => normalizeValue(v, options));
  if (value && typeof value === 'object') {
    const result: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      if (DROPPED_METADATA.includes(key)) continue;
      result[replaceAll(key, options.replace)] = normalizeValue(inner, options);
    }
    return result;
  }
  return value;
}

/**
 * Names the API server or a controller generated (`<base>-<5 chars>` for
 * Jobs and Pods, `<object>.<hex>` for Events) renamed `<base>-1`,
 * `<base>-2`, ... in order of first appearance, so recordings compare.
 */
export function generatedNames(names: string[]): Array<[string, string]> {
  const counters = new Map<string, number>();
  const result: Array<[string, string]> = [];
  for (const name of names) {
    if (result.some(([from]) => from === name)) continue;
    const event = /^(.*)\.([0-9a-f]{8,})$/.exec(name);
    const generated = /^(.*)-([a-z0-9]{5})$/.exec(name);
    const match = event ?? generated;
    if (!match) continue;
    const separator = event ? '.' : '-';
    const key = `${match[1]}${separator}`;
    const next = (counters.get(key) ?? 0) + 1;
    counters.set(key, next);
    result.push([name, `${key}${next}`]);
  }
  return result;
}

/**
 * The shape of a recording: which fields exist (not their values), and the
 * condition types, statuses and reasons and event reasons, which are what
 * the status model branches on. Two recordings of the same path have the
 * same shape when KEDA and the HPA controller behave the same.
 */
export function shapeOf(value: unknown, path = ''): string[] {
  if (Array.isArray(value)) {
    if (value.length && value.every(isCondition)) {
      return value.map(
        c => `${path}[${c.type}=${c.status}${c.reason ? `/${c.reason}` : ''}]`,
      );
    }
    return value.flatMap(v => shapeOf(v, `${path}[]`));
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    const own = entries.map(([key]) => `${path}.${key}`);
    return [
      ...own,
      ...entries.flatMap(([key, inner]) =>
        key === 'reason' && typeof inner === 'string'
          ? [`${path}.reason=${inner}`]
          : shapeOf(inner, `${path}.${key}`),
      ),
    ];
  }
  return [];
}

function isCondition(v: unknown): v is {
  type: string;
  status: string;
  reason?: string;
} {
  return Boolean(
    v &&
      typeof v === 'object' &&
      'type' in v &&
      'status' in v &&
      typeof (v as any).type === 'string',
  );
}
