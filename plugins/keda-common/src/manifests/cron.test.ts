import { cronExpressionError, timeZoneError } from './cron';

describe('cronExpressionError', () => {
  it.each([
    '0 8 * * *',
    '*/15 8-18 * * MON-FRI',
    '0,30 6 1,15 jan-jun ?',
    '5/10 0 */2 12 0',
  ])('accepts %s', expression => {
    expect(cronExpressionError(expression)).toBeUndefined();
  });

  it.each([
    ['0 8 * *', /has 4 fields/],
    ['60 8 * * *', /minute value 60 is outside 0-59/],
    ['0 18-8 * * *', /runs backwards/],
    ['*/0 * * * *', /step .* above 0/],
    ['0 8 * * FUNDAY', /not a valid day of week/],
    ['0 8 * * 7', /outside 0-6/],
    ['0 8 ,1 * *', /empty item/],
  ])('rejects %s', (expression, error) => {
    expect(cronExpressionError(expression)).toMatch(error);
  });
});

describe('timeZoneError', () => {
  it.each(['UTC', 'Europe/Berlin', 'America/New_York', 'Etc/GMT+5'])(
    'accepts %s',
    zone => expect(timeZoneError(zone)).toBeUndefined(),
  );
  it.each([
    ['Mars/Olympus', /not an IANA time zone/],
    ['europe/berlin', /must be written 'Europe\/Berlin'/],
    ['+01:00', /offset/],
    ['', /empty/],
  ])('rejects %j', (zone, error) => {
    expect(timeZoneError(zone)).toMatch(error);
  });
});
