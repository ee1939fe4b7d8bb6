import { parseAllDocuments } from 'yaml';
import { lines } from './__testUtils__/layoutTesting';
import { checkDocuments, editYamlDocument } from './yamlEdit';
import { deepEqual } from './yamlValues';

type Obj = Record<string, any>;

/** Edits document `index` of `text` by mutating a copy of its value. */
function edit(text: string, mutate: (value: Obj) => unknown, index = 0) {
  const docs = parseAllDocuments(text) as unknown as Array<{ toJS(): Obj }>;
  const value = JSON.parse(JSON.stringify(docs[index].toJS()));
  const want = mutate(value) ?? value;
  return editYamlDocument(text, index, want, 'test.yaml');
}

describe('editYamlDocument', () => {
  it('returns the text unchanged when nothing differs', () => {
    const text = 'a:   1    # odd spacing\nb: [x,y]\n';
    expect(edit(text, () => undefined)).toBe(text);
  });

  it('keeps the quote style of a replaced string and quotes only when needed', () => {
    const text = lines(
      'double: "a"',
      "single: 'b'",
      'plain: c',
      'number: 1',
      'word: d',
      'multi: e',
    );
    expect(
      edit(text, v => {
        v.double = 'x';
        v.single = "it's";
        v.plain = 'z';
        v.number = '2';
        v.word = 'on';
        v.multi = 'two\nlines';
      }),
    ).toBe(
      lines(
        'double: "x"',
        "single: 'it''s'",
        'plain: z',
        "number: '2'",
        "word: 'on'",
        'multi: "two\\nlines"',
      ),
    );
  });

  it('deletes and adds keys around comments and blank lines', () => {
    const text = lines(
      '# head',
      'first: 1',
      '',
      '# about second',
      'second: 2   # inline',
      'third:',
      '    nested: true',
      '# tail',
    );
    expect(
      edit(text, v => ({ zero: 0, first: 1, third: v.third, fourth: [1, 2] })),
    ).toBe(
      lines(
        '# head',
        'zero: 0',
        'first: 1',
        '',
        '# about second',
        'third:',
        '    nested: true',
        'fourth:',
        '    - 1',
        '    - 2',
        '# tail',
      ),
    );
  });

  it('drops the comment of a removed key only when no sibling follows it', () => {
    const text = lines('spec:', '  a: 1', '  # about b', '  b: 2', 'next: 3');
    expect(edit(text, v => void delete v.spec.b)).toBe(
      lines('spec:', '  a: 1', 'next: 3'),
    );
    const header = lines('spec:', '  # bounds', '  a: 1', '  b: 2');
    expect(edit(header, v => void delete v.spec.a)).toBe(
      lines('spec:', '  # bounds', '  b: 2'),
    );
  });

  it('edits maps inside list items, including the key next to the dash', () => {
    const text = lines(
      'items:',
      '- type: a',
      '  metadata:',
      '    k: v',
      '- type: b # second',
    );
    expect(
      edit(text, v => {
        v.items[0] = { name: 'm', metadata: { k: 'w' } };
        v.items[1] = { kind: 'x', type: 'b' };
      }),
    ).toBe(
      lines(
        'items:',
        '- name: m',
        '  metadata:',
        '    k: w',
        '- kind: x',
        '  type: b # second',
      ),
    );
  });

  it('appends to and shortens block and flow lists', () => {
    const text = lines(
      'block:',
      '  - a',
      '  - b',
      '  - c',
      'flow: [ a , b, c ]',
    );
    expect(
      edit(text, v => {
        v.block = ['a'];
        v.flow = ['a', 'b', 'c', 'd e', 'x, y'];
      }),
    ).toBe(lines('block:', '  - a', "flow: [ a , b, c, d e, 'x, y' ]"));
    expect(edit(text, v => void (v.flow = ['a']))).toBe(
      lines('block:', '  - a', '  - b', '  - c', 'flow: [ a ]'),
    );
  });

  it('changes the type of a value', () => {
    const text = lines(
      'scalar: 1 # one',
      'map:',
      '  a: 1',
      'list:',
      '  - 1',
      'empty: []',
      'nothing:',
      'commented: # later',
    );
    expect(
      edit(text, () => ({
        scalar: { a: 1 },
        map: 'x',
        list: [],
        empty: [{ a: 1, b: 2 }],
        nothing: { c: null },
        commented: ['z'],
      })),
    ).toBe(
      lines(
        'scalar: # one',
        '  a: 1',
        'map: x',
        'list: []',
        'empty:',
        '  - a: 1',
        '    b: 2',
        'nothing:',
        '  c: null',
        'commented: # later',
        '  - z',
      ),
    );
  });

  it('edits flow maps in place and rewrites them when keys go', () => {
    const text = 'm: {a: 1, b: "2"}\n';
    expect(edit(text, v => void (v.m.b = '3'))).toBe('m: {a: 1, b: "3"}\n');
    expect(edit(text, v => void (v.m.c = [1]))).toBe(
      'm: {a: 1, b: "2", c: [1]}\n',
    );
    expect(edit(text, v => void delete v.m.a)).toBe("m: {b: '2'}\n");
  });

  it('edits one document of a stream and leaves the others alone', () => {
    const text = lines('a: 1', '---', '# second', 'b: 2', '...', '---', 'c: 3');
    expect(edit(text, v => void (v.b = 'true'), 1)).toBe(
      lines('a: 1', '---', '# second', "b: 'true'", '...', '---', 'c: 3'),
    );
  });

  it('writes new lines with the line ends of the file', () => {
    const text = 'a: # later\r\nb: 1\r\n';
    expect(edit(text, v => void (v.a = ['x']))).toBe(
      'a: # later\r\n  - x\r\nb: 1\r\n',
    );
    expect(edit(text, v => void (v.c = { d: 2 }))).toBe(
      'a: # later\r\nb: 1\r\nc:\r\n  d: 2\r\n',
    );
  });

  it('keeps a missing final newline', () => {
    expect(edit('a: 1', v => void (v.b = 2))).toBe('a: 1\nb: 2');
  });

  it('fills an empty document after its comments', () => {
    expect(editYamlDocument('# nothing\n', 0, { a: [1] }, 'e.yaml')).toBe(
      '# nothing\na:\n  - 1\n',
    );
  });

  it('names the file when it cannot edit in place', () => {
    const text = '? explicit\n: 1\n';
    expect(() => edit(text, v => void (v.explicit = { a: 1 }))).toThrow(
      'test.yaml could not be edited in place (no colon after a key); edit it by hand',
    );
    expect(() => editYamlDocument('a: [', 0, {}, 'bad.yaml')).toThrow(
      /^bad\.yaml is not valid YAML/,
    );
  });
});

describe('checkDocuments and deepEqual', () => {
  it('checks what an edit produced', () => {
    expect(() => checkDocuments('a: 1\n', 'c.yaml', [{ a: 2 }])).toThrow(
      'Editing c.yaml did not produce the intended content; the file was left unchanged',
    );
    expect(() => checkDocuments('a: [\n', 'c.yaml', [{}])).toThrow(
      /^Editing c\.yaml produced invalid YAML/,
    );
    expect(deepEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toBe(true);
    expect(deepEqual({ a: 1 }, { a: 1, b: undefined })).toBe(false);
  });
});

describe('editYamlDocument on every change of a fixture', () => {
  const fixtures = [
    lines(
      '# head',
      'apiVersion: keda.sh/v1alpha1',
      'kind: ScaledObject',
      'metadata:',
      '    name: orders   # the name',
      '    labels: {app: orders, "team": x}',
      'spec:',
      '    scaleTargetRef:',
      '        name: orders',
      '    minReplicaCount: 1',
      '',
      '    maxReplicaCount: "10"',
      '    triggers:',
      '    # kafka first',
      '    - type: kafka',
      '      metadata:',
      '          topic: orders',
      "          lagThreshold: '50'",
      '    - type: cron',
      '      metadata: {timezone: UTC, start: 0 8 * * *}',
      '    - [nested, list]',
      '    notes: |',
      '        line one',
      '        line two',
      '# trailing',
    ),
    lines(
      'resources:',
      '- a.yaml',
      '- b.yaml # b',
      'images: [{name: x, newTag: "1"}]',
      'empty: {}',
      'nothing:',
    ),
  ];

  /** Every path to a value, as keys and indexes. */
  function paths(value: unknown, prefix: Array<string | number> = []) {
    const out: Array<Array<string | number>> = [prefix];
    if (Array.isArray(value)) {
      value.forEach((item, i) => out.push(...paths(item, [...prefix, i])));
    } else if (value && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        out.push(...paths(item, [...prefix, key]));
      }
    }
    return out;
  }

  function at(value: any, path: Array<string | number>) {
    return path.reduce((node, key) => node[key], value);
  }

  const changes: Array<[string, (parent: any, key: string | number) => void]> =
    [
      [
        'delete',
        (parent, key) => {
          if (Array.isArray(parent)) parent.splice(key as number, 1);
          else delete parent[key];
        },
      ],
      ['scalar', (parent, key) => void (parent[key] = 'on')],
      ['map', (parent, key) => void (parent[key] = { x: [1, { y: 'a b' }] })],
      ['empty', (parent, key) => void (parent[key] = [])],
      [
        'sibling',
        parent => {
          if (Array.isArray(parent)) parent.push({ added: true });
          else parent.zz = { deep: ['v'] };
        },
      ],
    ];

  it.each(fixtures.map((text, i) => [i, text]))(
    'fixture %i reads back after every change and is stable',
    (_i, text) => {
      const docs = Array.from(parseAllDocuments(text as string));
      const value = docs[0].toJS();
      let count = 0;
      for (const path of paths(value)) {
        if (!path.length) continue;
        for (const [, change] of changes) {
          const want = JSON.parse(JSON.stringify(value));
          change(at(want, path.slice(0, -1)), path[path.length - 1]);
          // editYamlDocument throws unless the result reads back as `want`.
          const after = editYamlDocument(text as string, 0, want, 'f.yaml');
          expect(editYamlDocument(after, 0, want, 'f.yaml')).toBe(after);
          count++;
        }
      }
      expect(count).toBeGreaterThan(20);
    },
  );

  it.each(fixtures.map((text, i) => [i, text]))(
    'fixture %i takes two changes at once',
    (_i, text) => {
      const value = Array.from(parseAllDocuments(text as string))[0].toJS();
      const all = paths(value).filter(p => p.length);
      for (let i = 0; i + 1 < all.length; i++) {
        for (const [, first] of changes) {
          for (const [, second] of changes) {
            const want = JSON.parse(JSON.stringify(value));
            // The later path first, so an earlier deletion does not move it.
            const [a, b] = [all[i + 1], all[i]];
            const parentB = at(want, b.slice(0, -1));
            second(at(want, a.slice(0, -1)), a[a.length - 1]);
            first(parentB, b[b.length - 1]);
            const after = editYamlDocument(text as string, 0, want, 'f.yaml');
            expect(editYamlDocument(after, 0, want, 'f.yaml')).toBe(after);
          }
        }
      }
    },
  );
});
