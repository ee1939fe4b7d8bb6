/**
 * Turns the nested trees of GitHub's snapshot answer into files, reading
 * what the answer could not hold: trees nested deeper than the query, with
 * one more query per batch, and large blobs through the REST blob API.
 */
import { InputError } from '@backstage/errors';
import type { FileMap } from '../../types';
import { nestedTreesQuery } from './queries';

interface GqlBlob {
  oid: string;
  text: string | null;
  isBinary: boolean | null;
  isTruncated: boolean;
}
interface GqlTree {
  oid: string;
  entries?: Array<{ name: string; type: string; object: any }>;
}

/** Where a tree or blob the answer did not hold sits. */
interface Pending {
  oid: string;
  path: string;
}

/** The calls reading needs, bound to one repository. */
export interface FolderReader {
  /** `owner/repo`, for messages. */
  full: string;
  /** Runs a query with `owner` and `name` set. */
  graphql(action: string, query: string, vars: object): Promise<any>;
  /** A blob's whole content, from the REST API. */
  blob(oid: string, path: string): Promise<string>;
}

/** Collects the files of trees, remembering the trees and blobs still to read. */
class TreeCollector {
  readonly files: FileMap = {};
  readonly deep: Pending[] = [];
  readonly cut: Pending[] = [];

  addBlob(blob: GqlBlob, path: string) {
    if (blob.isBinary) {
      return; // GitOps manifests are text; binaries are never edited.
    }
    if (blob.isTruncated || blob.text === null) {
      this.cut.push({ oid: blob.oid, path });
    } else {
      this.files[path] = blob.text;
    }
  }

  addTree(tree: GqlTree, prefix: string) {
    if (!tree.entries) {
      this.deep.push({ oid: tree.oid, path: prefix });
      return;
    }
    for (const entry of tree.entries) {
      const path = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.type === 'blob' && entry.object) {
        this.addBlob(entry.object, path);
      } else if (entry.type === 'tree' && entry.object) {
        this.addTree(entry.object, path);
      } // 'commit' entries are submodules: nothing to read.
    }
  }
}

/** The files under `folders` of a commit from the snapshot answer (aliases `f<i>`). */
export async function readFolders(
  reader: FolderReader,
  commit: any,
  folders: string[],
): Promise<FileMap> {
  const collector = new TreeCollector();
  folders.forEach((folder, i) => {
    const node = commit?.[`f${i}`];
    if (!node) {
      return; // the folder does not exist (yet)
    }
    if (folder === '') {
      collector.addTree(node, '');
    } else if (node.type === 'tree' && node.object) {
      collector.addTree(node.object, folder);
    } else if (node.type === 'blob' && node.object) {
      collector.addBlob(node.object, folder);
    }
  });
  await readDeepTrees(reader, collector, folders);

  // Blobs GraphQL cut short (large files): the REST blob API has them whole.
  const { cut, files } = collector;
  for (let i = 0; i < cut.length; i += 5) {
    await Promise.all(
      cut.slice(i, i + 5).map(async blob => {
        files[blob.path] = await reader.blob(blob.oid, blob.path);
      }),
    );
  }
  return files;
}

/** Trees deeper than the query nests: one more query per batch of them. */
async function readDeepTrees(
  reader: FolderReader,
  collector: TreeCollector,
  folders: string[],
) {
  const { deep } = collector;
  for (let round = 0; deep.length > 0; round++) {
    if (round >= 20) {
      throw new InputError(
        `The folders ${folders.join(', ')} of ${
          reader.full
        } nest too deeply to read`,
      );
    }
    const batch = deep.splice(0, 50);
    const variables: Record<string, unknown> = {};
    batch.forEach((tree, i) => {
      variables[`o${i}`] = tree.oid;
    });
    const data = await reader.graphql(
      'read nested folders',
      nestedTreesQuery(batch.length),
      variables,
    );
    batch.forEach((tree, i) => {
      const node = data.repository[`d${i}`];
      if (node) {
        collector.addTree(node, tree.path);
      }
    });
  }
}
