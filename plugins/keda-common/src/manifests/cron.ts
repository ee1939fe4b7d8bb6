/**
 * Checks for the `cron` trigger: five-field cron expressions (minute, hour,
 * day of month, month, day of week; lists, ranges, steps and month / weekday
 * names) and IANA time zones. Isomorphic: time zones are checked with `Intl`.
 */

interface CronField {
  label: string;
  min: number;
  max: number;
  names?: string[];
}

const MONTHS = [
  'jan',
  'feb',
  'mar',
  'apr',
  'may',
  'jun',
  'jul',
  'aug',
  'sep',
  'oct',
  'nov',
  'dec',
];
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

const FIELDS: CronField[] = [
  { label: 'minute', min: 0, max: 59 },
  { label: 'hour', min: 0, max: 23 },
  { label: 'day of month', min: 1, max: 31 },
  { label: 'month', min: 1, max: 12, names: MONTHS },
  { label: 'day of week', min: 0, max: 6, names: WEEKDAYS },
];

function fieldValue(field: CronField, text: string): number | string {
  if (/^\d+$/.test(text)) {
    const value = Number(text);
    if (value < field.min || value > field.max) {
      return `${field.label} value ${value} is outside ${field.min}-${field.max}`;
    }
    return value;
  }
  const index = field.names?.indexOf(text.toLowerCase()) ?? -1;
  if (index >= 0) return field.label === 'month' ? index + 1 : index;
  return `'${text}' is not a valid ${field.label}${
    field.names
      ? ` (use ${field.min}-${
          field.max
        } or a name like ${field.names[0].toUpperCase()})`
      : ` (use ${field.min}-${field.max})`
  }`;
}

function checkPart(field: CronField, part: string): string | undefined {
  if (part === '') return `empty item in the ${field.label} field`;
  const [range, step, ...rest] = part.split('/');
  if (rest.length) return `'${part}' has more than one '/'`;
  if (step !== undefined) {
    if (!/^\d+$/.test(step) || Number(step) === 0) {
      return `the step in '${part}' must be a whole number above 0`;
    }
  }
  if (range === '*' || range === '?') return undefined;
  const bounds = range.split('-');
  if (bounds.length > 2) return `'${range}' is not a range like 1-5`;
  const values: number[] = [];
  for (const bound of bounds) {
    const value = fieldValue(field, bound);
    if (typeof value === 'string') return value;
    values.push(value);
  }
  if (values.length === 2 && values[0] > values[1]) {
    return `the range '${range}' in the ${field.label} field runs backwards`;
  }
  return undefined;
}

/**
 * Why `expression` is not a five-field cron expression KEDA accepts, or
 * `undefined`.
 *
 * @public
 */
export function cronExpressionError(expression: string): string | undefined {
  const fields = expression.trim().split(/\s+/).filter(Boolean);
  if (fields.length !== 5) {
    return `'${expression}' has ${fields.length} fields; a cron expression has 5: minute hour day-of-month month day-of-week`;
  }
  for (let i = 0; i < 5; i++) {
    for (const part of fields[i].split(',')) {
      const error = checkPart(FIELDS[i], part);
      if (error) return error;
    }
  }
  return undefined;
}

/**
 * Why `zone` is not an IANA time zone name, or `undefined`.
 *
 * @public
 */
export function timeZoneError(zone: string): string | undefined {
  if (!zone) return 'the time zone must not be empty';
  if (/^[+-]/.test(zone)) {
    return `'${zone}' is an offset, not a time zone name like Europe/Berlin`;
  }
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat(undefined, {
      timeZone: zone,
    }).resolvedOptions().timeZone;
  } catch {
    return `'${zone}' is not an IANA time zone name like Europe/Berlin or UTC`;
  }
  // Intl ignores case, KEDA (Go's time.LoadLocation) does not.
  if (resolved.toLowerCase() === zone.toLowerCase() && resolved !== zone) {
    return `'${zone}' must be written '${resolved}' (time zone names are case-sensitive)`;
  }
  return undefined;
}
