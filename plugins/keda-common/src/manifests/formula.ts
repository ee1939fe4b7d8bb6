/**
 * A parser for the part of the expr language that `scalingModifiers.formula`
 * uses: numbers, trigger names, arithmetic (`+ - * / % **`), comparisons,
 * `&& || !` (and `and or not`), `??`, the `?:` conditional, parentheses and
 * calls of math functions. It checks the syntax, the names and the types
 * as expr-lang's checker does (KEDA compiles the formula with the triggers
 * as float64 variables and wraps it in float()); it does not evaluate.
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

/**
 * What an expression gives, as expr-lang's checker sees it with the
 * triggers as float64 variables: `any` where it cannot tell (a conditional
 * over different types), which every operator accepts.
 */
type ValueType = 'int' | 'float' | 'bool' | 'nil' | 'any';

const isNumber = (t: ValueType) => t === 'int' || t === 'float' || t === 'any';
const isBool = (t: ValueType) => t === 'bool' || t === 'any';

const TYPE_WORDS: Record<ValueType, string> = {
  int: 'a whole number',
  float: 'a number',
  bool: 'true/false',
  nil: 'nil',
  any: 'a value',
};

class Parser {
  private index = 0;
  readonly identifiers: string[] = [];
  /** The first type error; syntax errors, thrown at once, come first. */
  private typeProblem?: FormulaError;

  /** Runs a type rule; a type error is kept for the end, as `any`. */
  private typed(rule: () => ValueType): ValueType {
    try {
      return rule();
    } catch (e) {
      if (!(e instanceof FormulaError)) throw e;
      this.typeProblem ??= e;
      return 'any';
    }
  }

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

  /** Parses the whole formula; returns the type of its value. */
  parseAll(): ValueType {
    const type = this.conditional();
    const token = this.peek();
    if (token.kind !== 'end') {
      throw new FormulaError(`unexpected ${describe(token)}`, token.position);
    }
    if (this.typeProblem) throw this.typeProblem;
    return type;
  }

  private conditional(): ValueType {
    const start = this.peek();
    const condition = this.binary(0);
    if (!this.isOp('?')) return condition;
    if (!isBool(condition)) {
      this.typeProblem ??= new FormulaError(
        `the condition before '?' gives ${TYPE_WORDS[condition]}, not true/false`,
        start.position,
      );
    }
    this.next();
    const whenTrue = this.conditional();
    this.expect(':');
    const whenFalse = this.conditional();
    // KEDA runs the formula once with every trigger at -1 and float()s the
    // result, which fails on nil; only a formula with ?? may give nil.
    if (
      (whenTrue === 'nil' || whenFalse === 'nil') &&
      !this.tokens.some(t => t.kind === 'op' && t.text === '??')
    ) {
      this.typeProblem ??= new FormulaError(
        'a branch gives nil, which KEDA cannot turn into a number; give a number, or fall back with ?? (e.g. (a > 1 ? a : nil) ?? 0)',
        start.position,
      );
    }
    // As expr's checker: one nil branch takes the other's type.
    if (whenTrue === 'nil') return whenFalse;
    if (whenFalse === 'nil' || whenTrue === whenFalse) return whenTrue;
    return 'any';
  }

  private binary(level: number): ValueType {
    if (level >= BINARY_LEVELS.length) return this.unary();
    let left = this.binary(level + 1);
    while (this.isOp(...BINARY_LEVELS[level])) {
      const op = this.next();
      const right = this.binary(level + 1);
      const l = left;
      left = this.typed(() => binaryType(op, l, right));
    }
    return left;
  }

  private unary(): ValueType {
    if (this.isOp('!', 'not', '-', '+')) {
      const op = this.next();
      const operand = this.unary();
      return this.typed(() => {
        if (op.text === '!' || op.text === 'not') {
          if (!isBool(operand)) throw typeError(op, operand);
          return 'bool';
        }
        if (!isNumber(operand)) throw typeError(op, operand);
        return operand;
      });
    }
    return this.power();
  }

  private power(): ValueType {
    const base = this.primary();
    if (this.isOp('**', '^')) {
      const op = this.next();
      const exponent = this.unary();
      return this.typed(() => binaryType(op, base, exponent));
    }
    return base;
  }

  private primary(): ValueType {
    const token = this.next();
    if (token.kind === 'number') {
      return /^\d+$/.test(token.text) ? 'int' : 'float';
    }
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
        const args: ValueType[] = [];
        if (!this.isOp(')')) {
          args.push(this.conditional());
          while (this.isOp(',')) {
            this.next();
            args.push(this.conditional());
          }
        }
        this.expect(')');
        return this.typed(() => callType(token, args));
      }
      if (token.text === 'true' || token.text === 'false') return 'bool';
      if (token.text === 'nil') return 'nil';
      this.identifiers.push(token.text);
      return 'float';
    }
    if (token.kind === 'op' && token.text === '(') {
      const type = this.conditional();
      this.expect(')');
      return type;
    }
    throw new FormulaError(
      `expected a number, a trigger name or '(' but found ${describe(token)}`,
      token.position,
    );
  }
}

function typeError(op: Token, ...operands: ValueType[]): FormulaError {
  return new FormulaError(
    `'${op.text}' cannot be used on ${operands
      .map(t => TYPE_WORDS[t])
      .join(' and ')}`,
    op.position,
  );
}

/** The type of `left op right`, or the type error expr's checker reports. */
function binaryType(op: Token, left: ValueType, right: ValueType): ValueType {
  const numbers = isNumber(left) && isNumber(right);
  switch (op.text) {
    case '??':
      if (left === 'nil') return right;
      if (right === 'nil' || left === right) return left;
      return 'any';
    case '==':
    case '!=':
      return 'bool';
    case '<':
    case '<=':
    case '>':
    case '>=':
      if (!numbers) throw typeError(op, left, right);
      return 'bool';
    case '&&':
    case '||':
    case 'and':
    case 'or':
      if (!isBool(left) || !isBool(right)) throw typeError(op, left, right);
      return 'bool';
    case '%':
      // expr's % takes whole numbers only; the triggers are float64.
      if (left === 'float' || right === 'float') {
        throw new FormulaError(
          "'%' needs whole numbers, and trigger values are decimal numbers; wrap them in int(), e.g. int(a) % 2",
          op.position,
        );
      }
      if (!numbers) throw typeError(op, left, right);
      return 'int';
    case '/':
    case '**':
    case '^':
      if (!numbers) throw typeError(op, left, right);
      return 'float';
    default:
      // + - *
      if (!numbers) throw typeError(op, left, right);
      if (left === 'any' || right === 'any') return 'any';
      return left === 'int' && right === 'int' ? 'int' : 'float';
  }
}

/** The type of a function call; every function takes numbers. */
function callType(name: Token, args: ValueType[]): ValueType {
  const fn = name.text;
  const single = ['abs', 'ceil', 'floor', 'round', 'int', 'float'];
  if (single.includes(fn) && args.length !== 1) {
    throw new FormulaError(
      `${fn}() takes one value, got ${args.length}`,
      name.position,
    );
  }
  if (!args.length) {
    throw new FormulaError(`${fn}() needs at least one value`, name.position);
  }
  const bad = args.find(t => !isNumber(t));
  if (bad) {
    throw new FormulaError(
      `${fn}() needs numbers, got ${TYPE_WORDS[bad]}`,
      name.position,
    );
  }
  if (fn === 'abs') return args[0];
  if (fn === 'int') return 'int';
  if (['ceil', 'floor', 'round', 'float'].includes(fn)) return 'float';
  // min, max, mean, median: the type of the first value (expr's checker).
  return args.includes('any') ? 'any' : args[0];
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
    const type = parser.parseAll();
    // KEDA wraps the formula in float(), which refuses true/false and nil.
    if (type === 'bool' || type === 'nil') {
      return {
        ok: false,
        error: `the formula gives ${TYPE_WORDS[type]}, not a number (use a conditional, e.g. a > 10 ? a : b)`,
        position: 0,
      };
    }
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
