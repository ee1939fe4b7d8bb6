import { parseFormula } from './formula';

describe('parseFormula', () => {
  it.each([
    '(queue + lag) / 2',
    'queue > 10 ? queue : lag ** 2',
    'max(queue, lag, 3) % 4 - -1',
    '!(queue >= 1 && lag < 2) || queue == 3 and not false',
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
  ])('rejects %j', (formula, error) => {
    expect(parseFormula(formula)).toMatchObject({
      ok: false,
      error: expect.stringMatching(error),
    });
  });
});
