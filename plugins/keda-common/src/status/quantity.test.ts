import { formatNumber, parseQuantity } from './quantity';

describe('parseQuantity', () => {
  it.each([
    ['40800m', 40.8],
    ['1.5k', 1500],
    ['2Gi', 2 * 1024 ** 3],
    ['512Mi', 512 * 1024 ** 2],
    ['1Ki', 1024],
    ['250m', 0.25],
    ['100', 100],
    ['0', 0],
    ['1e3', 1000],
    ['1.5E-3', 0.0015],
    ['2M', 2e6],
    ['3G', 3e9],
    ['500u', 0.0005],
    ['7n', 7e-9],
    ['.5', 0.5],
    ['-2', -2],
    ['+3k', 3000],
    [' 12 ', 12],
  ])('%s → %d', (input, expected) => {
    expect(parseQuantity(input)).toBeCloseTo(expected, 12);
  });

  it('keeps exact decimals for milli values', () => {
    expect(parseQuantity('40800m')).toBe(40.8);
    expect(parseQuantity('365m')).toBe(0.365);
  });

  it('passes numbers through', () => {
    expect(parseQuantity(7)).toBe(7);
    expect(parseQuantity(Number.NaN)).toBeUndefined();
  });

  it.each(['', 'abc', '1.2.3', '5 Gi', 'Gi', '1KiB', '10%', '1x'])(
    'rejects %p',
    input => {
      expect(parseQuantity(input)).toBeUndefined();
    },
  );

  it('rejects nothing', () => {
    expect(parseQuantity(undefined)).toBeUndefined();
    expect(parseQuantity(null)).toBeUndefined();
  });
});

describe('formatNumber', () => {
  it.each([
    [204, '204'],
    [40.8, '40.8'],
    [1 / 3, '0.33'],
    [1500, '1500'],
    [-0.001, '0'],
  ])('%d → %s', (value, expected) => {
    expect(formatNumber(value)).toBe(expected);
  });
});
