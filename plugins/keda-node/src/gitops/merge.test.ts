import { mergeThreeWay } from './merge';

describe('mergeThreeWay', () => {
  const base = 'a: 1\nb: 2\nc: 3\nd: 4\ne: 5\n';

  it('keeps both sides when they change lines apart from each other', () => {
    const ours = base.replace('a: 1', 'a: 10');
    const theirs = base.replace('e: 5', 'e: 50');
    expect(mergeThreeWay(base, ours, theirs)).toEqual({
      text: 'a: 10\nb: 2\nc: 3\nd: 4\ne: 50\n',
    });
  });

  it('takes the other side when one side did not change', () => {
    const theirs = `${base}f: 6\n`;
    expect(mergeThreeWay(base, base, theirs)).toEqual({ text: theirs });
    expect(mergeThreeWay(base, theirs, base)).toEqual({ text: theirs });
  });

  it('accepts the same change made on both sides', () => {
    const both = base.replace('c: 3', 'c: 30');
    expect(mergeThreeWay(base, both, both)).toEqual({ text: both });
  });

  it('reports a conflict when both sides change the same line differently', () => {
    const ours = base.replace('c: 3', 'c: 30');
    const theirs = base.replace('c: 3', 'c: 31');
    const result = mergeThreeWay(base, ours, theirs);
    expect(result).toEqual({
      conflicts: [{ line: 3, ours: 'c: 30\n', theirs: 'c: 31\n' }],
    });
  });

  it('merges into a file that did not exist on one side', () => {
    expect(mergeThreeWay('', 'new\n', '')).toEqual({ text: 'new\n' });
    expect(mergeThreeWay('', 'x\n', 'y\n')).toHaveProperty('conflicts');
  });
});
