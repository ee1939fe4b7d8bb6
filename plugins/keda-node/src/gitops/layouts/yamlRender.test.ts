import { parseAllDocuments } from 'yaml';
import { lines } from './__testUtils__/layoutTesting';
import { detectStyle, renderYamlBlock } from './yamlRender';

describe('yamlRender', () => {
  it('detects indentation and list style', () => {
    const text = lines('a:', '    b:', '        c: 1', 'l:', '- x');
    const docs = Array.from(parseAllDocuments(text));
    expect(detectStyle(text, docs as any)).toEqual({
      indent: 4,
      indentSeq: false,
    });
  });

  it('renders blocks in a given style', () => {
    expect(
      renderYamlBlock(
        { k: { list: [{ a: 'yes', b: '' }], empty: {} } },
        { indent: 3, indentSeq: false },
      ),
    ).toBe(
      lines('k:', '   list:', "   - a: 'yes'", "     b: ''", '   empty: {}'),
    );
  });
});
