import { CronSchedule } from './cron';

const next = (expression: string, afterIso: string, zone = 'UTC') => {
  const t = new CronSchedule(expression).next(Date.parse(afterIso), zone);
  return t === undefined ? undefined : new Date(t).toISOString();
};

describe('CronSchedule', () => {
  it('finds the next minute strictly after the given time', () => {
    expect(next('0 2 * * *', '2026-12-04T02:00:00Z')).toBe(
      '2026-12-05T02:00:00.000Z',
    );
    expect(next('0 2 * * *', '2026-12-04T01:59:30Z')).toBe(
      '2026-12-04T02:00:00.000Z',
    );
  });

  it('reads the expression in the time zone, wall-clock time', () => {
    expect(next('0 2 * * *', '2026-12-04T00:00:00Z', 'Europe/Amsterdam')).toBe(
      '2026-12-04T01:00:00.000Z',
    );
    expect(next('0 2 * * *', '2026-07-04T00:30:00Z', 'Europe/Amsterdam')).toBe(
      '2026-07-05T00:00:00.000Z',
    );
    // Kathmandu is UTC+5:45.
    expect(next('0 9 * * *', '2026-12-04T00:00:00Z', 'Asia/Kathmandu')).toBe(
      '2026-12-04T03:15:00.000Z',
    );
  });

  it('supports lists, ranges, steps and names', () => {
    expect(next('*/15 9-17 * * mon-fri', '2026-12-05T12:00:00Z')).toBe(
      '2026-12-07T09:00:00.000Z', // Saturday noon -> Monday 09:00
    );
    expect(next('5,35 * * * *', '2026-12-04T10:06:00Z')).toBe(
      '2026-12-04T10:35:00.000Z',
    );
    expect(next('0 0 1 jan *', '2026-12-04T00:00:00Z')).toBe(
      '2027-01-01T00:00:00.000Z',
    );
  });

  it('matches either day field when both are restricted, as robfig/cron does', () => {
    // The 1st of the month or a Sunday: 2026-12-06 is a Sunday.
    expect(next('0 0 1 * 0', '2026-12-04T00:00:00Z')).toBe(
      '2026-12-06T00:00:00.000Z',
    );
    // Only Sundays when the day of month is `*`.
    expect(next('0 0 * * 0', '2026-12-04T00:00:00Z')).toBe(
      '2026-12-06T00:00:00.000Z',
    );
  });

  it('refuses what the cron scaler refuses, naming the problem', () => {
    expect(() => new CronSchedule('0 2 * *')).toThrow(/has 4 fields/);
    expect(() => new CronSchedule('61 2 * * *')).toThrow(/minute 61/);
    expect(() => new CronSchedule('0 2 * * funday')).toThrow(/day of week/);
    expect(() => new CronSchedule('0 5-2 * * *')).toThrow(/backwards/);
    expect(() => new CronSchedule('0 2 * * *').next(0, 'Mars/Olympus')).toThrow(
      RangeError,
    );
  });
});
