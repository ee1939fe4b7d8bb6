/**
 * A parser for the part of the expr language that `scalingModifiers.formula`
 * uses: numbers, trigger names, arithmetic (`+ - * / % **`), comparisons,
 * `&& || !` (and `and or not`), `??`, the `?:` conditional, parentheses and
 * calls of math functions. It only checks the syntax and the names; it does
 * not evaluate.
 */

/**
 * Functions a formula may call.
 *
 * @public
 */
export const FORMULA_FUNCTIONS: ReadonlyArray<string> = [
  'abs',
  'ceil',
  'floor',
  'round',
  'min',
  'max',
  'int',
  'float',
  'mean',
  'median',
];

/**
 * The outcome of parsing a formula.
 *
 * @public
 */
export type FormulaParseResult =
  | { ok: true; identifiers: string[] }
  | { ok: false; error: string; position: number };

type TokenKind = 'number' | 'name' | 'op' | 'end';
interface Token {
  kind: TokenKind;
  text: string;
  position: number;
}

const OPERATORS = [
  '**',
  '??',
  '==',
  '!=',
  '<=',
  '>=',
  '&&',
  '||',
  '+',
  '-',
  '*',
  '/',
  '%',
  '^',
  '<',
  '>',
  '!',
  '?',
  ':',
  '(',
  ')',
  ',',
];
const WORD_OPERATORS = new Set(['and', 'or', 'not']);
const LITERALS = new Set(['true', 'false', 'nil']);

class FormulaError extends Error {
  constructor(message: string, readonly position: number) {
    super(message);
  }
}

function operatorAt(source: string, index: number): string | undefined {
  for (const op of OPERATORS) {
    if (source.startsWith(op, index)) return op;
  }
  return undefined;
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i];
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const number = /^(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/.exec(source.slice(i));
    if (number) {
      tokens.push({ kind: 'number', text: number[0], position: i });
      i += number[0].length;
      continue;
    }
    const name = /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(source.slice(i));
    if (name) {
      const text = name[0];
      tokens.push({
        kind: WORD_OPERATORS.has(text) ? 'op' : 'name',
        text,
        position: i,
      });
      i += text.length;
      continue;
    }
    const op = operatorAt(source, i);
    if (!op) throw new FormulaError(`unexpected character '${ch}'`, i);
    tokens.push({ kind: 'op', text: op, position: i });
    i += op.length;
  }
  tokens.push({ kind: 'end', text: '', position: source.length });
  return tokens;
}

/** Binary operators from loosest to tightest binding. */
const BINARY_LEVELS: string[][] = [
  ['??'],
  ['||', 'or'],
  ['&&', 'and'],
  ['==', '!=', '<', '<=', '>', '>='],
  ['+', '-'],
  ['*', '/', '%'],
];

class Parser {
  private index = 0;
  readonly identifiers: string[] = [];

  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.index];
  }

  private next(): Token {
    return this.tokens[this.index++];
  }

  private isOp(...ops: string[]): boolean {
    const token = this.peek();
    return token.kind === 'op' && ops.includes(token.text);
  }

  private expect(op: string): void {
    const token = this.next();
    if (token.kind !== 'op' || token.text !== op) {
      throw new FormulaError(
        `expected '${op}' but found ${describe(token)}`,
        token.position,
      );
    }
  }

  parseAll(): void {
    this.conditional();
    const token = this.peek();
    if (token.kind !== 'end') {
      throw new FormulaError(`unexpected ${describe(token)}`, token.position);
    }
  }

  private conditional(): void {
    this.binary(0);
    if (this.isOp('?')) {
      this.next();
      this.conditional();
      this.expect(':');
      this.conditional();
    }
  }

  private binary(level: number): void {
    if (level >= BINARY_LEVELS.length) {
      this.unary();
      return;
    }
    this.binary(level + 1);
    while (this.isOp(...BINARY_LEVELS[level])) {
      this.next();
      this.binary(level + 1);
    }
  }

  private unary(): void {
    if (this.isOp('!', 'not', '-', '+')) {
      this.next();
      this.unary();
      return;
    }
    this.power();
  }

  private power(): void {
    this.primary();
    if (this.isOp('**', '^')) {
      this.next();
      this.unary();
    }
  }

  private primary(): void {
    const token = this.next();
    if (token.kind === 'number') return;
    if (token.kind === 'name') {
      if (this.isOp('(')) {
        if (!FORMULA_FUNCTIONS.includes(token.text)) {
          throw new FormulaError(
            `unknown function '${
              token.text
            }' (use one of ${FORMULA_FUNCTIONS.join(', ')})`,
            token.position,
          );
        }
        this.next();
        if (!this.isOp(')')) {
          this.conditional();
          while (this.isOp(',')) {
            this.next();
            this.conditional();
          }
        }
        this.expect(')');
        return;
      }
      if (!LITERALS.has(token.text)) this.identifiers.push(token.text);
      return;
    }
    if (token.kind === 'op' && token.text === '(') {
      this.conditional();
      this.expect(')');
      return;
    }
    throw new FormulaError(
      `expected a number, a trigger name or '(' but found ${describe(token)}`,
      token.position,
    );
  }
}

function describe(token: Token): string {
  return token.kind === 'end' ? 'the end of the formula' : `'${token.text}'`;
}

/**
 * Parses a formula; on success lists the trigger names it uses.
 *
 * @public
 */
export function parseFormula(formula: string): FormulaParseResult {
  try {
    if (!formula.trim()) {
      return { ok: false, error: 'the formula is empty', position: 0 };
    }
    const parser = new Parser(tokenize(formula));
    parser.parseAll();
    return { ok: true, identifiers: [...new Set(parser.identifiers)] };
  } catch (e) {
    if (e instanceof FormulaError) {
      return { ok: false, error: e.message, position: e.position };
    }
    // e.g. a stack overflow on absurd nesting
    return {
      ok: false,
      error: 'the formula is too deeply nested',
      position: 0,
    };
  }
}
