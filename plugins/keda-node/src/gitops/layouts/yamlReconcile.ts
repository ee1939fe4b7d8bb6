/**
 * The in-place edit of one YAML document: the Reconciler walks the parsed
 * document next to the wanted value and records, for each node that
 * differs, a replacement of its source range; the Splicer applies them in
 * one pass, so everything outside a changed node stays byte for byte.
 */
import { isAlias, isCollection, isMap, isScalar, isSeq, Scalar } from 'yaml';
import type { Node as YamlNode, Pair, YAMLMap, YAMLSeq } from 'yaml';
import {
  blockLines,
  flowText,
  isBlockValue,
  keyText,
  linesUnderKey,
  mapLines,
  scalarText,
  seqLines,
  spaces,
  type YamlStyle,
} from './yamlRender';
import {
  deepEqual,
  isPlainObject,
  type Json,
  type JsonObject,
  type ParsedDocument,
} from './yamlValues';

/** Thrown when a construct is too unusual to edit in place. */
export class UnsupportedEdit extends Error {}

interface Splice {
  start: number;
  end: number;
  text: string;
  order: number;
}

/** Collects replacements of source ranges and applies them in one pass. */
export class Splicer {
  private readonly splices: Splice[] = [];

  constructor(readonly source: string) {}

  replace(start: number, end: number, text: string) {
    if (start === end && !text) return;
    this.splices.push({ start, end, text, order: this.splices.length });
  }

  insert(at: number, text: string) {
    this.replace(at, at, text);
  }

  get empty(): boolean {
    return this.splices.length === 0;
  }

  /** New lines end like the file's lines (`\r\n` in a Windows file). */
  private newlines(text: string): string {
    return this.source.includes('\r\n') ? text.replace(/\r?\n/g, '\r\n') : text;
  }

  apply(): string {
    // Insertions at a point go before a replacement starting there, and in
    // the order they were made (a nested insertion before its parent's).
    const sorted = [...this.splices].sort(
      (a, b) =>
        a.start - b.start ||
        Number(a.end > a.start) - Number(b.end > b.start) ||
        a.order - b.order,
    );
    let out = '';
    let cursor = 0;
    for (const splice of sorted) {
      if (splice.start < cursor) {
        throw new UnsupportedEdit('overlapping changes');
      }
      out +=
        this.source.slice(cursor, splice.start) + this.newlines(splice.text);
      cursor = splice.end;
    }
    return out + this.source.slice(cursor);
  }
}

/** Where a node sits, which decides how it is replaced as a whole. */
type Place =
  | { kind: 'pair'; pair: Pair; col: number; flow: boolean }
  | { kind: 'item'; flow: boolean }
  | { kind: 'root' };

/** Turns the difference between a document and a wanted value into splices. */
export class Reconciler {
  private readonly src: string;

  constructor(
    private readonly doc: ParsedDocument,
    private readonly splicer: Splicer,
    private readonly style: YamlStyle,
  ) {
    this.src = splicer.source;
  }

  run(want: Json) {
    const root = this.doc.contents as YamlNode | null;
    if (!root || (isScalar(root) && root.value === null)) {
      if (!isBlockValue(want)) throw new UnsupportedEdit('empty document');
      // An empty document (only comments): the value goes after them.
      const end = this.doc.range[1];
      const lines = blockLines(want, 0, this.style).join('\n');
      const needsNewline = end > 0 && this.src[end - 1] !== '\n';
      this.splicer.insert(end, `${needsNewline ? '\n' : ''}${lines}\n`);
      return;
    }
    this.reconcile(root, want, { kind: 'root' });
  }

  // --- positions -----------------------------------------------------------

  private range(node: YamlNode): [number, number, number] {
    if (!node.range) throw new UnsupportedEdit('node without a source range');
    return node.range;
  }

  private lineStart(offset: number): number {
    return this.src.lastIndexOf('\n', offset - 1) + 1;
  }

  private column(offset: number): number {
    return offset - this.lineStart(offset);
  }

  /** Offset just after the newline ending the line of `offset` (or the end of text). */
  private lineEndIncl(offset: number): number {
    const newline = this.src.indexOf('\n', offset);
    return newline === -1 ? this.src.length : newline + 1;
  }

  /** Offset of the newline ending the line of `offset` (or the end of text). */
  private lineEndExcl(offset: number): number {
    const newline = this.src.indexOf('\n', offset);
    if (newline === -1) return this.src.length;
    return this.src[newline - 1] === '\r' ? newline - 1 : newline;
  }

  private startsLine(offset: number): boolean {
    return this.src.slice(this.lineStart(offset), offset).trim() === '';
  }

  /**
   * Where a removal from `start` to `end` (whole lines) should really start:
   * comment lines right above it, at its column, describe what is removed
   * and go with it; unless a sibling follows at that column, which they
   * may describe as well.
   */
  private withOwnComments(start: number, end: number, col: number): number {
    const indent = (line: string) => line.length - line.trimStart().length;
    const next = this.src.slice(end).split('\n', 1)[0];
    const sibling =
      next.trim() !== '' &&
      !next.trim().startsWith('#') &&
      indent(next) === col;
    if (sibling) return start;
    let from = start;
    while (from > 0) {
      const previous = this.lineStart(from - 1);
      const line = this.src.slice(previous, from - 1);
      if (!line.trim().startsWith('#') || indent(line) !== col) break;
      from = previous;
    }
    return from;
  }

  private trimBack(offset: number): number {
    let end = offset;
    while (end > 0 && /\s/.test(this.src[end - 1])) end--;
    return end;
  }

  private isEmptyScalar(node: YamlNode | null): boolean {
    if (!node) return true;
    if (!isScalar(node)) return false;
    const [start, end] = this.range(node);
    return node.value === null && start === end;
  }

  /** End of the last character of a node's own text (no trailing comments). */
  private contentEnd(node: YamlNode): number {
    const [start, end] = this.range(node);
    if (isMap(node) && !node.flow && node.items.length) {
      return this.pairEnd(node.items[node.items.length - 1]);
    }
    if (isSeq(node) && !node.flow && node.items.length) {
      const last = node.items[node.items.length - 1] as YamlNode | null;
      if (last && last.range) return this.contentEnd(last);
    }
    return Math.max(start, this.trimBack(end));
  }

  private keyStart(pair: Pair): number {
    return this.range(pair.key as YamlNode)[0];
  }

  /** Offset of the `:` of a pair. */
  private colon(pair: Pair): number {
    let at = this.range(pair.key as YamlNode)[1];
    while (
      at < this.src.length &&
      (this.src[at] === ' ' || this.src[at] === '\t')
    ) {
      at++;
    }
    if (this.src[at] !== ':') throw new UnsupportedEdit('no colon after a key');
    return at;
  }

  private pairEnd(pair: Pair): number {
    const value = pair.value as YamlNode | null;
    return this.isEmptyScalar(value)
      ? this.colon(pair) + 1
      : this.contentEnd(value as YamlNode);
  }

  /** Offset of the `-` of a block list item, or undefined. */
  private dash(item: YamlNode): number | undefined {
    let at = this.range(item)[0] - 1;
    while (at >= 0 && (this.src[at] === ' ' || this.src[at] === '\t')) at--;
    return this.src[at] === '-' ? at : undefined;
  }

  /** Inserts whole lines after the line holding `offset`. */
  private insertLinesAfter(offset: number, lines: string[]) {
    const at = this.lineEndIncl(offset);
    const text = lines.join('\n');
    if (at === this.src.length && !this.src.endsWith('\n')) {
      this.splicer.insert(at, `\n${text}`);
    } else {
      this.splicer.insert(at, `${text}\n`);
    }
  }

  private js(node: YamlNode | null): unknown {
    return node ? node.toJS(this.doc, { maxAliasCount: -1 }) : null;
  }

  // --- the walk ------------------------------------------------------------

  private reconcile(node: YamlNode | null, want: Json, place: Place) {
    if (deepEqual(this.js(node) ?? null, want)) return;
    if (!node || isAlias(node) || this.isEmptyScalar(node)) {
      this.replaceWhole(node, want, place);
      return;
    }
    if (isScalar(node)) {
      const blockScalar =
        node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED;
      if (isBlockValue(want) || blockScalar) {
        this.replaceWhole(node, want, place);
        return;
      }
      const [start, end] = this.range(node);
      const flow = place.kind !== 'root' && place.flow;
      // A new string keeps the quotes of the one it replaces.
      const text =
        typeof want === 'string'
          ? scalarText(want, flow, node.type)
          : flowText(want, flow);
      this.splicer.replace(start, end, text);
      return;
    }
    if (isMap(node) && isPlainObject(want) && isBlockValue(want)) {
      this.reconcileMap(node, want, place);
      return;
    }
    if (isSeq(node) && Array.isArray(want) && want.length) {
      this.reconcileSeq(node, want, place);
      return;
    }
    this.replaceWhole(node, want, place);
  }

  private reconcileMap(map: YAMLMap, want: JsonObject, place: Place) {
    const pairs = map.items as Pair[];
    const keyOf = (pair: Pair) =>
      isScalar(pair.key) ? String(pair.key.value) : undefined;
    const existing = new Map<string, Pair>();
    for (const pair of pairs) {
      const key = keyOf(pair);
      if (key !== undefined && !existing.has(key)) existing.set(key, pair);
    }
    const isKept = (pair: Pair) => {
      const key = keyOf(pair);
      return (
        key === undefined || Object.prototype.hasOwnProperty.call(want, key)
      );
    };
    const kept = pairs.filter(isKept);
    if (!kept.length) {
      this.replaceWhole(map, want, place);
      return;
    }
    if (map.flow) {
      this.reconcileFlowMap(
        map,
        want,
        place,
        existing,
        pairs.length !== kept.length,
      );
      return;
    }
    const col = this.column(this.keyStart(pairs[0]));

    // Keys the wanted value no longer has.
    for (let i = 0; i < pairs.length; ) {
      const pair = pairs[i];
      if (isKept(pair)) {
        i++;
        continue;
      }
      const start = this.keyStart(pair);
      if (this.startsLine(start)) {
        const end = this.lineEndIncl(this.pairEnd(pair));
        this.splicer.replace(
          this.withOwnComments(this.lineStart(start), end, col),
          end,
          '',
        );
        i++;
        continue;
      }
      // The first key of a list item shares the line with its `- `: pull
      // the next kept key up onto that line.
      let next = i + 1;
      while (!isKept(pairs[next])) next++;
      this.splicer.replace(start, this.keyStart(pairs[next]), '');
      i = next;
    }

    // Changed and new keys, in the wanted order.
    const keys = Object.keys(want);
    keys.forEach((key, index) => {
      const pair = existing.get(key);
      if (pair) {
        this.reconcile(pair.value as YamlNode | null, want[key], {
          kind: 'pair',
          pair,
          col,
          flow: false,
        });
        return;
      }
      const lines = mapLines({ [key]: want[key] }, col, this.style);
      const anchor = keys
        .slice(0, index)
        .reverse()
        .map(k => existing.get(k))
        .find(p => p !== undefined);
      if (anchor) {
        this.insertLinesAfter(this.pairEnd(anchor), lines);
      } else {
        // Before the first kept key, at its own position (which may be just
        // after a `- `), so the kept key moves down a line unchanged.
        const first = kept.find(p => keyOf(p) !== undefined) ?? kept[0];
        const text = [lines[0].slice(col), ...lines.slice(1)].join('\n');
        this.splicer.insert(this.keyStart(first), `${text}\n${spaces(col)}`);
      }
    });
  }

  private reconcileFlowMap(
    map: YAMLMap,
    want: JsonObject,
    place: Place,
    existing: Map<string, Pair>,
    removesKeys: boolean,
  ) {
    const added = Object.keys(want).filter(key => !existing.has(key));
    if (removesKeys) {
      this.replaceWhole(map, want, place);
      return;
    }
    for (const [key, pair] of existing) {
      this.reconcile(pair.value as YamlNode | null, want[key], {
        kind: 'pair',
        pair,
        col: 0,
        flow: true,
      });
    }
    if (added.length) {
      const last = map.items[map.items.length - 1] as Pair;
      const text = added
        .map(key => `, ${keyText(key)}: ${flowText(want[key])}`)
        .join('');
      this.splicer.insert(this.pairEnd(last), text);
    }
  }

  private reconcileSeq(seq: YAMLSeq, want: Json[], place: Place) {
    const items = seq.items as Array<YamlNode | null>;
    if (!items.length || items.some(item => !item || !item.range)) {
      this.replaceWhole(seq, want, place);
      return;
    }
    const nodes = items as YamlNode[];
    const common = Math.min(nodes.length, want.length);
    const last = nodes[nodes.length - 1];
    if (seq.flow) {
      for (let i = 0; i < common; i++) {
        this.reconcile(nodes[i], want[i], { kind: 'item', flow: true });
      }
      if (want.length > nodes.length) {
        const text = want
          .slice(nodes.length)
          .map(item => `, ${flowText(item)}`)
          .join('');
        this.splicer.insert(this.contentEnd(last), text);
      } else if (want.length < nodes.length) {
        this.splicer.replace(
          this.contentEnd(nodes[want.length - 1]),
          this.contentEnd(last),
          '',
        );
      }
      return;
    }
    const dashes = nodes.map(node => this.dash(node));
    if (dashes.some(d => d === undefined || !this.startsLine(d))) {
      this.replaceWhole(seq, want, place);
      return;
    }
    for (let i = 0; i < common; i++) {
      this.reconcile(nodes[i], want[i], { kind: 'item', flow: false });
    }
    if (want.length > nodes.length) {
      const dashCol = this.column(dashes[0] as number);
      const lines = seqLines(want.slice(nodes.length), dashCol, this.style);
      this.insertLinesAfter(this.contentEnd(last), lines);
    } else if (want.length < nodes.length) {
      const dash = dashes[want.length] as number;
      const end = this.lineEndIncl(this.contentEnd(last));
      this.splicer.replace(
        this.withOwnComments(this.lineStart(dash), end, this.column(dash)),
        end,
        '',
      );
    }
  }

  /** Rewrites a node (or a missing value) entirely. */
  private replaceWhole(node: YamlNode | null, want: Json, place: Place) {
    const empty = this.isEmptyScalar(node);
    const flowNode =
      node && isCollection(node) && node.flow && node.items.length > 0;
    const inFlow = place.kind !== 'root' && place.flow;
    if (node && !empty && (inFlow || flowNode)) {
      // Flow stays flow: `[a, b]` is rewritten as `[a, b, c]`.
      this.splicer.replace(
        this.range(node)[0],
        this.contentEnd(node),
        flowText(want, inFlow),
      );
      return;
    }
    if (place.kind === 'root') {
      const contents = node as YamlNode;
      const [start] = this.range(contents);
      const end = this.contentEnd(contents);
      if (!isBlockValue(want)) {
        this.splicer.replace(start, end, flowText(want, false));
        return;
      }
      const text = blockLines(want, 0, this.style).join('\n');
      // `{}  # nothing yet`: the comment stays on a line of its own above.
      const lineEnd = this.lineEndExcl(end);
      const comment = this.src.slice(end, lineEnd).trim();
      if (comment.startsWith('#')) {
        this.splicer.replace(start, lineEnd, `${comment}\n${text}`);
      } else {
        this.splicer.replace(start, end, text);
      }
      return;
    }
    if (place.kind === 'item') {
      const value = node as YamlNode;
      const dash = this.dash(value);
      if (dash === undefined)
        throw new UnsupportedEdit('list item without a dash');
      const col = this.column(dash) + 2;
      const text = isBlockValue(want)
        ? blockLines(want, col, this.style).join('\n').slice(col)
        : flowText(want, false);
      this.splicer.replace(dash + 1, this.contentEnd(value), ` ${text}`);
      return;
    }
    if (inFlow) {
      // A missing value inside a flow map, e.g. `{a: }`.
      this.splicer.replace(
        this.colon(place.pair) + 1,
        node ? this.range(node)[1] : this.colon(place.pair) + 1,
        ` ${flowText(want)}`,
      );
      return;
    }
    const colon = this.colon(place.pair);
    if (!isBlockValue(want)) {
      const text = ` ${flowText(want, false)}`;
      if (empty) this.splicer.insert(colon + 1, text);
      else
        this.splicer.replace(
          colon + 1,
          this.contentEnd(node as YamlNode),
          text,
        );
      return;
    }
    const text = `\n${linesUnderKey(want, place.col, this.style).join('\n')}`;
    const keyLineEnd = this.lineEndExcl(colon);
    if (empty) {
      // `key:` or `key: # comment`: the block goes below, the comment stays.
      this.splicer.insert(keyLineEnd, text);
      return;
    }
    const value = node as YamlNode;
    const [start] = this.range(value);
    const end = this.contentEnd(value);
    if (end <= keyLineEnd) {
      // `key: 5 # comment` or `key: [] # comment` becomes `key: # comment`
      // plus the block.
      this.splicer.replace(colon + 1, end, '');
      this.splicer.insert(keyLineEnd, text);
    } else if (start <= keyLineEnd) {
      this.splicer.replace(colon + 1, end, text);
    } else {
      this.splicer.replace(keyLineEnd, end, text);
    }
  }
}
