/**
 * Reads the files of a GitLab snapshot: the folder listings the snapshot
 * query began (following their next pages), then the contents of every
 * listed file, many files per GraphQL call.
 */
import type { FileMap } from '../../types';
import { blobsQuery, PAGE, TREE_PAGE_QUERY } from './queries';

/** Runs a query against the project (`fullPath` set). */
export type ProjectQuery = (
  action: string,
  query: string,
  vars: object,
) => Promise<{ project: any }>;

/** The files under `folders` at `ref`; `firstPages` are the listings from the snapshot query. */
export async function readFiles(
  graphql: ProjectQuery,
  ref: string,
  folders: string[],
  firstPages: any[],
): Promise<FileMap> {
  const paths = await listPaths(graphql, ref, folders, firstPages);
  return readBlobs(graphql, ref, paths);
}

/** Every file path of the folders' listings, reading the pages after the first. */
async function listPaths(
  graphql: ProjectQuery,
  ref: string,
  folders: string[],
  firstPages: any[],
): Promise<string[]> {
  const paths = new Set<string>();
  for (let i = 0; i < folders.length; i++) {
    const tree = firstPages[i];
    for (const node of tree?.blobs?.nodes ?? []) {
      paths.add(node.path);
    }
    let page = tree?.blobs?.pageInfo;
    while (page?.hasNextPage) {
      const next = await graphql(
        `list ${folders[i] || 'the repository'}`,
        TREE_PAGE_QUERY,
        { ref, path: folders[i], after: page.endCursor },
      );
      const blobs = next.project?.repository?.tree?.blobs;
      for (const node of blobs?.nodes ?? []) {
        paths.add(node.path);
      }
      page = blobs?.pageInfo;
    }
  }
  return [...paths];
}

/** Contents of many files in one GraphQL call (per 500 paths). */
async function readBlobs(
  graphql: ProjectQuery,
  ref: string,
  paths: string[],
): Promise<FileMap> {
  const files: FileMap = {};
  const chunks: string[][] = [];
  for (let i = 0; i < paths.length; i += PAGE) {
    chunks.push(paths.slice(i, i + PAGE));
  }
  for (let i = 0; i < chunks.length; i += 5) {
    const group = chunks.slice(i, i + 5);
    const variables: Record<string, unknown> = { ref };
    group.forEach((chunk, j) => {
      variables[`c${j}`] = chunk;
    });
    const data = await graphql(
      'read the files',
      blobsQuery(group.length),
      variables,
    );
    group.forEach((_, j) => {
      for (const node of data.project?.repository?.[`c${j}`]?.nodes ?? []) {
        if (typeof node.rawBlob === 'string') {
          files[node.path] = node.rawBlob;
        }
      }
    });
  }
  return files;
}
