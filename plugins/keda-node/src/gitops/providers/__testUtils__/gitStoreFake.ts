/**
 * Test doubles shared by the GitHub and GitLab provider tests (no runtime
 * use): an in-memory Git store, and a small GraphQL executor so the fake
 * hosts answer the providers' real query text (aliases, fragments,
 * variables) instead of a canned shape. The executor is strict where the
 * real servers are: unknown fields, unused variables and unused fragments
 * are errors, so a query that passes here is at least well-formed against
 * the schema the fakes model.
 */
import { createHash } from 'node:crypto';

const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');

/** Git's blob id for a text. */
export function blobSha(content: string): string {
  const bytes = Buffer.from(content, 'utf8');
  return createHash('sha1')
    .update(`blob ${bytes.length}\0`)
    .update(bytes)
    .digest('hex');
}

/** A stable id for the folder `prefix` of a file map (not Git's, but content-addressed). */
export function treeSha(files: Map<string, string>, prefix = ''): string {
  const lead = prefix ? `${prefix}/` : '';
  const lines = [...files.entries()]
    .filter(([path]) => path.startsWith(lead))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([path, content]) => `${path.slice(lead.length)} ${blobSha(content)}`);
  return sha1(`tree\n${lines.join('\n')}`);
}

export interface FakeCommit {
  sha: string;
  parents: string[];
  message: string;
  files: Map<string, string>;
  /** Paths whose content differs from the first parent. */
  changed: string[];
  tree: string;
}

/** Branches -> commits -> files, with Git's ancestry rules. */
export class FakeGitStore {
  readonly commits = new Map<string, FakeCommit>();
  readonly branches = new Map<string, string>();
  /** Root trees by id, so a tree written first can be committed later. */
  readonly trees = new Map<string, Map<string, string>>();
  private counter = 0;

  constructor(public defaultBranch = 'main') {}

  static withFiles(files: Record<string, string>, branch = 'main') {
    const store = new FakeGitStore(branch);
    const sha = store.commitTree(
      [],
      store.putTree(new Map(Object.entries(files))),
      'Initial commit',
    );
    store.branches.set(branch, sha);
    return store;
  }

  putTree(files: Map<string, string>): string {
    const id = treeSha(files);
    this.trees.set(id, new Map(files));
    return id;
  }

  commitTree(parents: string[], tree: string, message: string): string {
    const files = this.trees.get(tree);
    if (!files) {
      throw new Error(`unknown tree ${tree}`);
    }
    const before = parents[0] ? this.filesAt(parents[0]) : new Map();
    const paths = new Set([...before.keys(), ...files.keys()]);
    const changed = [...paths].filter(p => before.get(p) !== files.get(p));
    this.counter += 1;
    const sha = sha1(
      `commit ${this.counter}\n${parents.join(' ')}\n${tree}\n${message}`,
    );
    this.commits.set(sha, { sha, parents, message, files, changed, tree });
    return sha;
  }

  /** Someone else pushes `changes` on top of `branch`. */
  push(
    branch: string,
    changes: Record<string, string>,
    message = 'Someone else was here',
  ) {
    const parent = this.tip(branch);
    const files = new Map(parent ? this.filesAt(parent) : []);
    for (const [path, content] of Object.entries(changes)) {
      files.set(path, content);
    }
    const sha = this.commitTree(
      parent ? [parent] : [],
      this.putTree(files),
      message,
    );
    this.branches.set(branch, sha);
    return sha;
  }

  tip(branch: string): string | undefined {
    return this.branches.get(branch);
  }

  commit(sha: string): FakeCommit | undefined {
    return this.commits.get(sha);
  }

  filesAt(sha: string): Map<string, string> {
    const commit = this.commits.get(sha);
    if (!commit) {
      throw new Error(`unknown commit ${sha}`);
    }
    return commit.files;
  }

  /** First-parent history from `sha`, newest first. */
  history(sha: string, limit: number): FakeCommit[] {
    const out: FakeCommit[] = [];
    let at: string | undefined = sha;
    while (at && out.length < limit) {
      const commit = this.commits.get(at);
      if (!commit) {
        break;
      }
      out.push(commit);
      at = commit.parents[0];
    }
    return out;
  }

  isAncestor(ancestor: string, sha: string): boolean {
    const seen = new Set<string>();
    const queue = [sha];
    while (queue.length > 0) {
      const at = queue.shift()!;
      if (at === ancestor) {
        return true;
      }
      if (!seen.has(at)) {
        seen.add(at);
        queue.push(...(this.commits.get(at)?.parents ?? []));
      }
    }
    return false;
  }

  /** The newest commit reachable from `sha` that changed `path`. */
  lastCommitFor(sha: string, path: string): string | undefined {
    return this.history(sha, Number.MAX_SAFE_INTEGER).find(c =>
      c.changed.includes(path),
    )?.sha;
  }
}

// ---------------------------------------------------------------------------
// A small GraphQL executor over plain objects.
//
// Objects carry `__typename`; a field is a value or a function of the
// arguments. Type conditions match `__typename` (or `__implements`).

type Value =
  | { kind: 'var'; name: string }
  | { kind: 'const'; value: unknown }
  | { kind: 'list'; values: Value[] }
  | { kind: 'object'; fields: Record<string, Value> };
interface Directive {
  name: string;
  args: Record<string, Value>;
}
type Selection =
  | {
      kind: 'field';
      alias?: string;
      name: string;
      args: Record<string, Value>;
      directives: Directive[];
      selections?: Selection[];
    }
  | {
      kind: 'inline';
      on?: string;
      directives: Directive[];
      selections: Selection[];
    }
  | { kind: 'spread'; name: string; directives: Directive[] };

interface Operation {
  type: string;
  name?: string;
  variables: Array<{ name: string; defaultValue?: Value }>;
  selections: Selection[];
}

class GraphqlFakeError extends Error {}

interface Token {
  kind: 'punct' | 'name' | 'string' | 'number';
  value: string;
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (/[\s,\uFEFF]/.test(c)) {
      i++;
    } else if (c === '#') {
      while (i < source.length && source[i] !== '\n') i++;
    } else if (source.startsWith('...', i)) {
      tokens.push({ kind: 'punct', value: '...' });
      i += 3;
    } else if ('{}()[]:!$@='.includes(c)) {
      tokens.push({ kind: 'punct', value: c });
      i++;
    } else if (c === '"') {
      let j = i + 1;
      while (j < source.length && source[j] !== '"') {
        j += source[j] === '\\' ? 2 : 1;
      }
      tokens.push({
        kind: 'string',
        value: JSON.parse(source.slice(i, j + 1)),
      });
      i = j + 1;
    } else if (/[-0-9]/.test(c)) {
      const match = source.slice(i).match(/^-?\d+(\.\d+)?([eE][+-]?\d+)?/);
      if (!match)
        throw new GraphqlFakeError(`Syntax Error: bad number at ${i}`);
      tokens.push({ kind: 'number', value: match[0] });
      i += match[0].length;
    } else if (/[_A-Za-z]/.test(c)) {
      const match = source.slice(i).match(/^[_A-Za-z][_0-9A-Za-z]*/)!;
      tokens.push({ kind: 'name', value: match[0] });
      i += match[0].length;
    } else {
      throw new GraphqlFakeError(`Syntax Error: Unexpected character "${c}"`);
    }
  }
  return tokens;
}

class Parser {
  private at = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(value?: string): boolean {
    const token = this.tokens[this.at];
    return Boolean(token) && (value === undefined || token.value === value);
  }
  private next(): Token {
    const token = this.tokens[this.at++];
    if (!token) throw new GraphqlFakeError('Syntax Error: Unexpected <EOF>');
    return token;
  }
  private expect(value: string) {
    const token = this.next();
    if (token.value !== value || token.kind === 'string') {
      throw new GraphqlFakeError(
        `Syntax Error: Expected "${value}", found "${token.value}"`,
      );
    }
  }
  private name(): string {
    const token = this.next();
    if (token.kind !== 'name') {
      throw new GraphqlFakeError(
        `Syntax Error: Expected Name, found "${token.value}"`,
      );
    }
    return token.value;
  }

  document() {
    const operations: Operation[] = [];
    const fragments = new Map<
      string,
      { on: string; selections: Selection[] }
    >();
    while (this.peek()) {
      if (this.peek('{')) {
        operations.push({
          type: 'query',
          variables: [],
          selections: this.selectionSet(),
        });
        continue;
      }
      const keyword = this.name();
      if (keyword === 'fragment') {
        const name = this.name();
        this.expect('on');
        const on = this.name();
        this.directives();
        fragments.set(name, { on, selections: this.selectionSet() });
      } else if (['query', 'mutation', 'subscription'].includes(keyword)) {
        const name = this.peek('(') || this.peek('{') ? undefined : this.name();
        const variables: Operation['variables'] = [];
        if (this.peek('(')) {
          this.expect('(');
          while (!this.peek(')')) {
            this.expect('$');
            const variable = this.name();
            this.expect(':');
            this.type();
            let defaultValue: Value | undefined;
            if (this.peek('=')) {
              this.expect('=');
              defaultValue = this.value();
            }
            variables.push({ name: variable, defaultValue });
          }
          this.expect(')');
        }
        this.directives();
        operations.push({
          type: keyword,
          name,
          variables,
          selections: this.selectionSet(),
        });
      } else {
        throw new GraphqlFakeError(
          `Syntax Error: Unexpected Name "${keyword}"`,
        );
      }
    }
    return { operations, fragments };
  }

  private type() {
    if (this.peek('[')) {
      this.expect('[');
      this.type();
      this.expect(']');
    } else {
      this.name();
    }
    if (this.peek('!')) this.expect('!');
  }

  private value(): Value {
    const token = this.next();
    if (token.kind === 'punct' && token.value === '$') {
      return { kind: 'var', name: this.name() };
    }
    if (token.kind === 'punct' && token.value === '[') {
      const values: Value[] = [];
      while (!this.peek(']')) values.push(this.value());
      this.expect(']');
      return { kind: 'list', values };
    }
    if (token.kind === 'punct' && token.value === '{') {
      const fields: Record<string, Value> = {};
      while (!this.peek('}')) {
        const key = this.name();
        this.expect(':');
        fields[key] = this.value();
      }
      this.expect('}');
      return { kind: 'object', fields };
    }
    if (token.kind === 'string') return { kind: 'const', value: token.value };
    if (token.kind === 'number')
      return { kind: 'const', value: Number(token.value) };
    if (token.kind === 'name') {
      const named: Record<string, unknown> = {
        true: true,
        false: false,
        null: null,
      };
      return {
        kind: 'const',
        value: token.value in named ? named[token.value] : token.value, // enums as strings
      };
    }
    throw new GraphqlFakeError(`Syntax Error: Unexpected "${token.value}"`);
  }

  private args(): Record<string, Value> {
    const args: Record<string, Value> = {};
    if (this.peek('(')) {
      this.expect('(');
      while (!this.peek(')')) {
        const key = this.name();
        this.expect(':');
        args[key] = this.value();
      }
      this.expect(')');
    }
    return args;
  }

  private directives(): Directive[] {
    const out: Directive[] = [];
    while (this.peek('@')) {
      this.expect('@');
      out.push({ name: this.name(), args: this.args() });
    }
    return out;
  }

  private selectionSet(): Selection[] {
    this.expect('{');
    const selections: Selection[] = [];
    while (!this.peek('}')) {
      if (this.peek('...')) {
        this.expect('...');
        if (this.peek('on')) {
          this.expect('on');
          const on = this.name();
          const directives = this.directives();
          selections.push({
            kind: 'inline',
            on,
            directives,
            selections: this.selectionSet(),
          });
        } else if (this.peek('{') || this.peek('@')) {
          const directives = this.directives();
          selections.push({
            kind: 'inline',
            directives,
            selections: this.selectionSet(),
          });
        } else {
          selections.push({
            kind: 'spread',
            name: this.name(),
            directives: this.directives(),
          });
        }
        continue;
      }
      let name = this.name();
      let alias: string | undefined;
      if (this.peek(':')) {
        this.expect(':');
        alias = name;
        name = this.name();
      }
      const args = this.args();
      const directives = this.directives();
      const selections2 = this.peek('{') ? this.selectionSet() : undefined;
      selections.push({
        kind: 'field',
        alias,
        name,
        args,
        directives,
        selections: selections2,
      });
    }
    this.expect('}');
    if (selections.length === 0) {
      throw new GraphqlFakeError('Syntax Error: Expected Name, found "}"');
    }
    return selections;
  }
}

function deepMerge(a: any, b: any): any {
  if (
    a &&
    b &&
    typeof a === 'object' &&
    typeof b === 'object' &&
    !Array.isArray(a)
  ) {
    const out = { ...a };
    for (const [key, value] of Object.entries(b)) {
      out[key] = key in out ? deepMerge(out[key], value) : value;
    }
    return out;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.map((item, i) => deepMerge(item, b[i]));
  }
  return b ?? a;
}

/** Answers a GraphQL request against `root`, as a server would: `{ data }` or `{ errors }`. */
export function executeGraphql(
  query: string,
  variables: Record<string, unknown> | undefined,
  root: Record<string, unknown>,
  operationName?: string,
): { data?: unknown; errors?: Array<{ message: string }> } {
  try {
    const { operations, fragments } = new Parser(tokenize(query)).document();
    const operation = operationName
      ? operations.find(o => o.name === operationName)
      : operations[0];
    if (!operation) {
      throw new GraphqlFakeError(`Unknown operation named "${operationName}".`);
    }
    // Validation the real servers do before running anything.
    const body = query.slice(query.indexOf('{'));
    for (const variable of operation.variables) {
      if (!new RegExp(`\\$${variable.name}(?![_0-9A-Za-z])`).test(body)) {
        throw new GraphqlFakeError(
          `Variable "$${variable.name}" is never used in operation "${operation.name}".`,
        );
      }
    }
    for (const used of body.matchAll(/\$([_A-Za-z][_0-9A-Za-z]*)/g)) {
      if (!operation.variables.some(v => v.name === used[1])) {
        throw new GraphqlFakeError(`Variable "$${used[1]}" is not defined.`);
      }
    }
    for (const name of fragments.keys()) {
      if (!new RegExp(`\\.\\.\\.${name}(?![_0-9A-Za-z])`).test(query)) {
        throw new GraphqlFakeError(`Fragment "${name}" is never used.`);
      }
    }

    const values: Record<string, unknown> = {};
    for (const variable of operation.variables) {
      values[variable.name] =
        variables && variable.name in variables
          ? variables[variable.name]
          : undefined;
    }
    const resolve = (value: Value): unknown => {
      switch (value.kind) {
        case 'var':
          return values[value.name];
        case 'const':
          return value.value;
        case 'list':
          return value.values.map(resolve);
        default:
          return Object.fromEntries(
            Object.entries(value.fields).map(([k, v]) => [k, resolve(v)]),
          );
      }
    };
    const resolveArgs = (args: Record<string, Value>) =>
      Object.fromEntries(Object.entries(args).map(([k, v]) => [k, resolve(v)]));
    const included = (directives: Directive[]) =>
      directives.every(d => {
        const condition = Boolean(
          resolve(d.args.if ?? { kind: 'const', value: true }),
        );
        if (d.name === 'include') return condition;
        if (d.name === 'skip') return !condition;
        return true;
      });
    const matches = (object: any, on?: string) =>
      !on ||
      object.__typename === on ||
      (object.__implements ?? []).includes(on);

    const run = (
      selections: Selection[],
      object: any,
    ): Record<string, unknown> => {
      let result: Record<string, unknown> = {};
      for (const selection of selections) {
        if (!included(selection.directives)) continue;
        if (selection.kind === 'field') {
          const key = selection.alias ?? selection.name;
          let value: unknown;
          if (selection.name === '__typename') {
            value = object.__typename;
          } else {
            if (!(selection.name in object)) {
              throw new GraphqlFakeError(
                `Field '${selection.name}' doesn't exist on type '${
                  object.__typename ?? 'Query'
                }'`,
              );
            }
            const raw = object[selection.name];
            value =
              typeof raw === 'function'
                ? raw(resolveArgs(selection.args))
                : raw;
          }
          const complete = (v: unknown): unknown => {
            if (v === null || v === undefined) return null;
            if (Array.isArray(v)) return v.map(complete);
            if (typeof v === 'object') {
              if (!selection.selections) {
                throw new GraphqlFakeError(
                  `Field '${selection.name}' of type '${
                    (v as any).__typename
                  }' must have a selection of subfields.`,
                );
              }
              return run(selection.selections, v);
            }
            if (selection.selections) {
              throw new GraphqlFakeError(
                `Selections can't be made on scalars (field '${selection.name}')`,
              );
            }
            return v;
          };
          const completed = complete(value);
          result[key] =
            key in result ? deepMerge(result[key], completed) : completed;
        } else if (selection.kind === 'inline') {
          if (matches(object, selection.on)) {
            result = deepMerge(result, run(selection.selections, object));
          }
        } else {
          const fragment = fragments.get(selection.name);
          if (!fragment) {
            throw new GraphqlFakeError(
              `Fragment "${selection.name}" is not defined.`,
            );
          }
          if (matches(object, fragment.on)) {
            result = deepMerge(result, run(fragment.selections, object));
          }
        }
      }
      return result;
    };
    return { data: run(operation.selections, root) };
  } catch (error) {
    if (error instanceof GraphqlFakeError) {
      return { errors: [{ message: error.message }] };
    }
    throw error;
  }
}
