/**
 * Just enough of KEDA's cron scaler for the demo: five-field cron
 * expressions (as robfig/cron's standard parser reads them: lists, ranges,
 * steps, month and weekday names) evaluated in an IANA time zone, and the
 * scaler's rule for when a start/end window is active.
 */

interface Field {
  label: string;
  min: number;
  max: number;
  names?: string[];
}

const FIELDS: Field[] = [
  { label: 'minute', min: 0, max: 59 },
  { label: 'hour', min: 0, max: 23 },
  { label: 'day of month', min: 1, max: 31 },
  {
    label: 'month',
    min: 1,
    max: 12,
    names: 'jan feb mar apr may jun jul aug sep oct nov dec'.split(' '),
  },
  {
    label: 'day of week',
    min: 0,
    max: 6,
    names: 'sun mon tue wed thu fri sat'.split(' '),
  },
];

interface ParsedField {
  values: Set<number>;
  /** Written as `*` or `?` (robfig's star bit): matters for day matching. */
  star: boolean;
}

function value(field: Field, text: string, expression: string): number {
  const index = field.names?.indexOf(text.toLowerCase()) ?? -1;
  const n =
    index >= 0 ? index + (field.label === 'month' ? 1 : 0) : Number(text);
  if (!/^\d+$/.test(text) && index < 0) {
    throw new Error(
      `'${text}' in '${expression}' is not a valid ${field.label}`,
    );
  }
  if (n < field.min || n > field.max) {
    throw new Error(
      `${field.label} ${n} in '${expression}' is outside ${field.min}-${field.max}`,
    );
  }
  return n;
}

function parseField(
  field: Field,
  text: string,
  expression: string,
): ParsedField {
  const values = new Set<number>();
  let star = false;
  for (const part of text.split(',')) {
    const [range, stepText, ...rest] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (rest.length || !Number.isInteger(step) || step < 1) {
      throw new Error(`'${part}' in '${expression}' has an invalid step`);
    }
    let lo: number;
    let hi: number;
    if (range === '*' || range === '?') {
      [lo, hi] = [field.min, field.max];
      if (step === 1) star = true;
    } else {
      const bounds = range.split('-');
      if (bounds.length > 2) {
        throw new Error(`'${range}' in '${expression}' is not a range`);
      }
      lo = value(field, bounds[0], expression);
      // `5/15` means from 5 to the end, every 15.
      hi = stepText !== undefined ? field.max : lo;
      if (bounds.length === 2) hi = value(field, bounds[1], expression);
      if (lo > hi) {
        throw new Error(
          `the range '${range}' in '${expression}' runs backwards`,
        );
      }
    }
    for (let v = lo; v <= hi; v += step) values.add(v);
  }
  return { values, star };
}

/** A parsed five-field cron expression. */
export class CronSchedule {
  private readonly fields: ParsedField[];

  constructor(readonly expression: string) {
    const parts = expression.trim().split(/\s+/).filter(Boolean);
    if (parts.length !== 5) {
      throw new Error(
        `'${expression}' has ${parts.length} fields; a cron expression has 5 (minute hour day-of-month month day-of-week)`,
      );
    }
    this.fields = parts.map((p, i) => parseField(FIELDS[i], p, expression));
  }

  private dayMatches(day: number, weekday: number) {
    const [, , dom, , dow] = this.fields;
    const domMatch = dom.values.has(day);
    const dowMatch = dow.values.has(weekday);
    // robfig/cron: when either day field is `*`, both must match; else either.
    return dom.star || dow.star ? domMatch && dowMatch : domMatch || dowMatch;
  }

  /**
   * The first minute strictly after `afterMs` that the expression matches,
   * read in `timeZone` (wall-clock time, as KEDA reads it), or undefined
   * when there is none within `horizonDays`.
   */
  next(
    afterMs: number,
    timeZone: string,
    horizonDays = 400,
  ): number | undefined {
    const local = localTime(timeZone);
    const [minute, hour, , month] = this.fields;
    let t = Math.floor(afterMs / 60_000 + 1) * 60_000;
    const end = afterMs + horizonDays * 86_400_000;
    while (t <= end) {
      const l = local(t);
      if (!month.values.has(l.month) || !this.dayMatches(l.day, l.weekday)) {
        // To the next local midnight (or so, on a DST day: checked again).
        t += ((23 - l.hour) * 60 + (60 - l.minute)) * 60_000;
      } else if (!hour.values.has(l.hour)) {
        t += (60 - l.minute) * 60_000;
      } else if (!minute.values.has(l.minute)) {
        t += 60_000;
      } else {
        return t;
      }
    }
    return undefined;
  }
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** Wall-clock fields of an instant in a time zone. */
function localTime(timeZone: string) {
  // Throws a RangeError for a zone that is not an IANA name.
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    weekday: 'short',
  });
  return (ms: number) => {
    const parts: Record<string, string> = {};
    for (const p of format.formatToParts(ms)) parts[p.type] = p.value;
    return {
      month: Number(parts.month),
      day: Number(parts.day),
      hour: Number(parts.hour),
      minute: Number(parts.minute),
      weekday: WEEKDAYS.indexOf(parts.weekday),
    };
  };
}
