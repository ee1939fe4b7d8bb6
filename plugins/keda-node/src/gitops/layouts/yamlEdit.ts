/**
 * Minimal edits of YAML text. The `yaml` Document API tells us where every
 * node sits in the source; instead of re-printing the document (which would
 * normalise indentation, spacing and quoting all over the file) we splice
 * new text into those ranges only. Everything outside a changed node stays
 * byte-for-byte, and every edit is checked by parsing the result again.
 */
import {
  blockLines,
  DEFAULT_STYLE,
  detectStyle,
  isBlockValue,
} from './yamlRender';
import { Reconciler, Splicer, UnsupportedEdit } from './yamlReconcile';
import {
  deepEqual,
  documentValue,
  parseYamlFile,
  toJson,
  type ParsedDocument,
} from './yamlValues';

/**
 * Rewrites document `index` of a file so that it reads as `want`, changing
 * only the nodes that differ. Throws an Error naming the file when the edit
 * cannot be made or does not read back as `want` (other documents included).
 */
export function editYamlDocument(
  text: string,
  index: number,
  want: unknown,
  path: string,
): string {
  const docs = parseYamlFile(text, path);
  const wanted = toJson(want);
  if (!docs.length && index === 0 && isBlockValue(wanted)) {
    // Nothing but comments (or nothing at all): the value goes at the end.
    const lines = blockLines(wanted, 0, DEFAULT_STYLE).join('\n');
    const after = `${text}${
      text && !text.endsWith('\n') ? '\n' : ''
    }${lines}\n`;
    checkDocuments(after, path, [wanted]);
    return after;
  }
  const doc = docs[index];
  if (!doc) throw new Error(`${path} has no YAML document number ${index + 1}`);
  if (deepEqual(documentValue(doc), wanted)) return text;
  const splicer = new Splicer(text);
  try {
    new Reconciler(doc, splicer, detectStyle(text, docs)).run(wanted);
  } catch (error) {
    if (error instanceof UnsupportedEdit) {
      throw new Error(
        `${path} could not be edited in place (${error.message}); edit it by hand`,
      );
    }
    throw error;
  }
  const after = splicer.apply();
  checkDocuments(
    after,
    path,
    docs.map((d, i) => (i === index ? wanted : documentValue(d))),
  );
  return after;
}

/**
 * Parses `text` again and throws an Error naming the file unless its
 * documents read back as `expected` (empty documents are skipped on both sides).
 */
export function checkDocuments(
  text: string,
  path: string,
  expected: unknown[],
) {
  let docs: ParsedDocument[];
  try {
    docs = parseYamlFile(text, path);
  } catch (error) {
    throw new Error(
      `Editing ${path} produced invalid YAML: ${(error as Error).message}`,
    );
  }
  const actual = docs.map(documentValue).filter(v => v !== null);
  const wanted = expected.filter(v => v !== null);
  if (
    actual.length !== wanted.length ||
    actual.some((value, i) => !deepEqual(value, wanted[i]))
  ) {
    throw new Error(
      `Editing ${path} did not produce the intended content; the file was left unchanged`,
    );
  }
}
