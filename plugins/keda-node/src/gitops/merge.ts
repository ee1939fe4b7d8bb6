import { diff3Merge } from 'node-diff3';

/** Lines with their line endings, so a merge gives back the exact bytes. */
function lines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** Where two edits of the same file collide. */
export interface MergeConflict {
  /** 1-based line in `theirs` where the clash starts. */
  line: number;
  ours: string;
  theirs: string;
}

/**
 * Three-way merge of one file, line by line, as `git merge-file` does:
 * `base` is what both sides started from, `ours` our edit of it, `theirs`
 * what the branch holds now (a reviewer's commit, or another proposal).
 * Returns the merged text, or the conflicts when both sides changed the
 * same lines differently.
 */
export function mergeThreeWay(
  base: string,
  ours: string,
  theirs: string,
): { text: string } | { conflicts: MergeConflict[] } {
  if (ours === base || ours === theirs) return { text: theirs };
  if (theirs === base) return { text: ours };
  const blocks = diff3Merge(lines(ours), lines(base), lines(theirs), {
    excludeFalseConflicts: true,
  });
  const out: string[] = [];
  const conflicts: MergeConflict[] = [];
  let theirLine = 1;
  for (const block of blocks) {
    if (block.ok) {
      out.push(...block.ok);
      theirLine += block.ok.length;
    } else if (block.conflict) {
      conflicts.push({
        line: theirLine,
        ours: block.conflict.a.join(''),
        theirs: block.conflict.b.join(''),
      });
      theirLine += block.conflict.b.length;
    }
  }
  return conflicts.length ? { conflicts } : { text: out.join('') };
}
