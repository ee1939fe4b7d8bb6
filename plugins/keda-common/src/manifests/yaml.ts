/**
 * YAML text of manifests that reads well in a review: one document per
 * manifest, no anchors, strings quoted only when a YAML 1.1 or 1.2 reader
 * would take them for something else (`'50'`, `'true'`, `'on'`), single
 * quotes, and long lines left unfolded.
 */
import { Document, Scalar, parse, parseAllDocuments, visit } from 'yaml';

/** Strings that can never be mistaken for another type when left plain. */
const SAFE_PLAIN = /^[A-Za-z_][A-Za-z0-9_./-]*$/;
/** Words YAML 1.1 reads as booleans or null. */
const YAML11_WORDS = /^(y|n|yes|no|on|off|true|false|null|~)$/i;

function readsAsString(value: string): boolean {
  if (SAFE_PLAIN.test(value) && !YAML11_WORDS.test(value)) return true;
  try {
    return (
      parse(value, { version: '1.1', logLevel: 'error' }) === value &&
      parse(value, { version: '1.2', logLevel: 'error' }) === value
    );
  } catch {
    return false;
  }
}

/**
 * Renders manifests as a multi-document YAML text.
 *
 * @public
 */
export function renderManifestsYaml(manifests: ReadonlyArray<unknown>): string {
  return manifests
    .map(manifest => {
      const doc = new Document(manifest, {
        aliasDuplicateObjects: false,
        version: '1.1',
      });
      visit(doc, {
        Scalar(_key, node) {
          if (
            typeof node.value === 'string' &&
            !node.value.includes('\n') &&
            !readsAsString(node.value)
          ) {
            node.type = Scalar.QUOTE_SINGLE;
          }
        },
      });
      return doc.toString({
        lineWidth: 0,
        singleQuote: true,
        directives: false,
      });
    })
    .join('---\n');
}

/**
 * Parses a (multi-document) YAML text into plain objects; empty documents are
 * skipped. Throws on a YAML syntax error.
 *
 * @public
 */
export function parseManifestsYaml(text: string): unknown[] {
  const out: unknown[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length) throw doc.errors[0];
    const value = doc.toJS();
    if (value !== null && value !== undefined) out.push(value);
  }
  return out;
}
