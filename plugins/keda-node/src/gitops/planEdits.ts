/**
 * The file edits of a plan besides the layout's own: the extra files a
 * proposal brings, the catalog annotations, and the merge of all edits onto
 * a branch that others pushed to since our last commit.
 */
import type { Entity } from '@backstage/catalog-model';
import { ConflictError, InputError } from '@backstage/errors';
import type { ProposalContext } from './engine';
import { mergeThreeWay } from './merge';
import { addCatalogAnnotations, annotationLines } from './onboarding';
import type { ChangeTarget, FileEdit } from './types';

/**
 * Trailer on every commit the engine writes; it tells our commits from others'.
 *
 * @public
 */
export const CHANGE_TRAILER = 'Keda-Portal-Change';

export const isOwnCommit = (message: string, entityRef: string) =>
  message
    .split('\n')
    .some(line => line.trim() === `${CHANGE_TRAILER}: ${entityRef}`);

export function conflictError(path: string, line: number, branch: string) {
  return new ConflictError(
    `Someone changed ${path} on branch ${branch} near line ${line}, where this proposal also changes it. ` +
      `Review their commit on the branch: either merge or close the pull request and propose again, ` +
      `or edit the branch by hand to include your change.`,
  );
}

export function dirname(path: string) {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

/**
 * The edit that adds missing annotations to the entity's catalog-info.yaml
 * when the catalog reads it from this repository's base branch; otherwise a
 * note that says which annotations to add, and where.
 */
export function catalogEdit(
  entity: Entity,
  entityRef: string,
  missing: Record<string, string>,
  catalogFile: string | undefined,
  baseBranch: string,
  files: Record<string, string>,
  otherEdits: FileEdit[],
): { edits: FileEdit[]; notes: string[] } {
  const keys = Object.keys(missing);
  if (!keys.length) return { edits: [], notes: [] };
  const lines = annotationLines(missing);
  const why =
    'so the Autoscaling tab finds the workload and later changes come to this folder';
  const text = catalogFile !== undefined ? files[catalogFile] : undefined;
  const after =
    text !== undefined && !otherEdits.some(e => e.path === catalogFile)
      ? addCatalogAnnotations(text, entity, missing)
      : undefined;
  if (catalogFile !== undefined && after !== undefined) {
    return {
      edits:
        after === text
          ? []
          : [
              {
                path: catalogFile,
                before: text,
                after,
                reason: `Adds the annotations ${keys.join(
                  ', ',
                )} to ${entityRef}, ${why}`,
              },
            ],
      notes: [],
    };
  }
  const location =
    entity.metadata.annotations?.['backstage.io/managed-by-location'];
  return {
    edits: [],
    notes: [
      `${entityRef}'s catalog-info.yaml is not in this repository on ${baseBranch}${
        location ? ` (the catalog reads it from ${location})` : ''
      }, so this pull request cannot add its annotations: add these under metadata.annotations of ${entityRef}, ${why}:\n\n${lines}`,
    ],
  };
}

/** A proposal's extra files as edits inside the entity's GitOps folder. */
export function extraEdits(
  target: ChangeTarget,
  files: Record<string, string>,
  layoutEdits: FileEdit[],
  extraFiles: ProposalContext['extraFiles'] = [],
): FileEdit[] {
  return extraFiles.flatMap(file => {
    if (
      file.path.includes('\\') ||
      file.path.split('/').some(p => p === '' || p === '.' || p === '..')
    ) {
      throw new InputError(
        `Extra file '${file.path}' must be a relative path inside the GitOps folder, without '..'`,
      );
    }
    const path = target.path ? `${target.path}/${file.path}` : file.path;
    if (layoutEdits.some(e => e.path === path)) {
      throw new InputError(
        `Extra file ${path} is written by the ${target.layout} layout already: choose another file name`,
      );
    }
    if (files[path] === file.content) return [];
    return [
      { path, before: files[path], after: file.content, reason: file.reason },
    ];
  });
}

/**
 * The planned edits against the branch as it is now. When they were made
 * on an older commit (`rebased`), each is merged three-way onto the
 * current content, like a rebase; a conflict stops the plan.
 */
export function editsAgainst(
  planned: FileEdit[],
  current: Record<string, string>,
  rebased: boolean,
  branch: string,
): { edits: FileEdit[]; basisFiles: Record<string, string | undefined> } {
  const edits: FileEdit[] = [];
  const basisFiles: Record<string, string | undefined> = {};
  for (const edit of planned) {
    const now = current[edit.path];
    let after = edit.after;
    if (rebased) {
      const merged = mergeThreeWay(edit.before ?? '', edit.after, now ?? '');
      if ('conflicts' in merged) {
        throw conflictError(edit.path, merged.conflicts[0].line, branch);
      }
      after = merged.text;
    }
    basisFiles[edit.path] = now;
    if (after !== now) {
      edits.push({ ...edit, before: now, after });
    }
  }
  return { edits, basisFiles };
}
