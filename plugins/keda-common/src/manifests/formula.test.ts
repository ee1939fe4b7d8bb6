import { parseFormula } from './formula';

describe('parseFormula', () => {
  it.each([
    '(queue + lag) / 2',
    'queue > 10 ? queue : lag ** 2',
    'int(max(queue, lag, 3)) % 4 - -1',
    '(best > 1 ? nil : 2) ?? 0',
    '!(queue >= 1 && lag < 2) || queue == 3 and not false ? queue : lag',
    'best ?? backup ?? 8',
    'abs(ceil(queue / 2.5e1))',
  ])('parses %s', formula => {
    expect(parseFormula(formula)).toMatchObject({ ok: true });
  });

  it('lists the trigger names it uses', () => {
    expect(parseFormula('min(a, b) + a * 2')).toEqual({
      ok: true,
      identifiers: ['a', 'b'],
    });
  });

  it.each([
    ['', /empty/],
    ['a +', /end of the formula/],
    ['(a + b', /expected '\)'/],
    ['a ? b', /expected ':'/],
    ['a # b', /unexpected character '#'/],
    ['sqrtx(a)', /unknown function 'sqrtx'/],
    ['a b', /unexpected 'b'/],
    // Types, as KEDA's expr-lang checker sees float64 triggers in float().
    ['a > b', /gives true\/false, not a number/],
    ['nil', /gives nil/],
    ['a % 2', /'%' needs whole numbers/],
    ['max(a, b) % 2', /'%' needs whole numbers/],
    ['a && b', /'&&' cannot be used on a number and a number/],
    ['a ? b : 1', /the condition before '\?' gives a number/],
    ['float(a > 1)', /float\(\) needs numbers, got true\/false/],
    ['a > 1 ? nil : 2', /a branch gives nil/],
    ['-(a > 1) + 1', /'-' cannot be used on true\/false/],
  ])('rejects %j', (formula, error) => {
    expect(parseFormula(formula)).toMatchObject({
      ok: false,
      error: expect.stringMatching(error),
    });
  });
});
