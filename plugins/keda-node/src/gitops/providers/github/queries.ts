/**
 * The GraphQL text the GitHub provider sends: one query for a whole
 * snapshot (base, branch, history, folders nested GITHUB_TREE_DEPTH deep,
 * open pull requests), and one for trees nested deeper than that.
 */

/**
 * How many folder levels the snapshot query nests. Deeper folders cost one
 * more query per batch of subtrees, so a typical GitOps folder stays at one.
 */
export const GITHUB_TREE_DEPTH = 4;
const HISTORY_LENGTH = 20;

function treeFragments(): string {
  const parts = ['fragment KedaBlob on Blob { oid text isBinary isTruncated }'];
  for (let level = 1; level <= GITHUB_TREE_DEPTH; level++) {
    const deeper =
      level < GITHUB_TREE_DEPTH
        ? `...KedaTree${level + 1}`
        : '... on Tree { oid }';
    parts.push(
      `fragment KedaTree${level} on Tree { oid entries { name type object { ...KedaBlob ${deeper} } } }`,
    );
  }
  return parts.join('\n');
}

/** Selection on a Commit: its oid and tree, and each requested folder. */
function folderSelection(folders: string[]): string {
  return [
    'oid',
    'tree { oid }',
    ...folders.map((folder, i) =>
      folder === ''
        ? `f${i}: tree { ...KedaTree1 }`
        : `f${i}: file(path: $p${i}) { type object { ...KedaBlob ...KedaTree1 } }`,
    ),
  ].join(' ');
}

export function snapshotQuery(
  folders: string[],
  hasBase: boolean,
  hasAt: boolean,
): string {
  const variables = [
    '$owner: String!',
    '$name: String!',
    '$branch: String!',
    '$branchRef: String!',
  ];
  if (hasBase) {
    variables.push('$baseRef: String!');
  }
  if (hasAt) {
    variables.push('$at: GitObjectID!');
  }
  folders.forEach((folder, i) => {
    if (folder !== '') {
      variables.push(`$p${i}: String!`);
    }
  });
  const files = folderSelection(folders);
  // Folders are read at both the branch and the base: which one counts is
  // known only from the answer, and the duplicate bytes are cheaper than a
  // second round trip. With `at`, only that commit's files are read.
  const refFiles = hasAt ? 'oid tree { oid }' : files;
  const base = hasBase
    ? `base: ref(qualifiedName: $baseRef) { name target { ... on Commit { ${refFiles} } } }`
    : `base: defaultBranchRef { name target { ... on Commit { ${refFiles} } } }`;
  const branch = `branch: ref(qualifiedName: $branchRef) { target { ... on Commit { history(first: ${HISTORY_LENGTH}) { nodes { oid message } } ${refFiles} } } }`;
  const at = hasAt ? `at: object(oid: $at) { ... on Commit { ${files} } }` : '';
  const pulls =
    'pullRequests(headRefName: $branch, states: [OPEN], first: 10) { nodes { number url title body state headRefName headRepository { nameWithOwner } } }';
  return [
    `query KedaSnapshot(${variables.join(', ')}) {`,
    `  repository(owner: $owner, name: $name) { ${base} ${branch} ${at} ${pulls} }`,
    '}',
    folders.length > 0 ? treeFragments() : '',
  ].join('\n');
}

/** The trees with these oids (variables `$o0`…), each aliased `d<i>`. */
export function nestedTreesQuery(count: number): string {
  const indexes = Array.from({ length: count }, (_, i) => i);
  return [
    `query KedaTrees($owner: String!, $name: String!, ${indexes
      .map(i => `$o${i}: GitObjectID!`)
      .join(', ')}) {`,
    `  repository(owner: $owner, name: $name) { ${indexes
      .map(i => `d${i}: object(oid: $o${i}) { ...KedaTree1 }`)
      .join(' ')} }`,
    '}',
    treeFragments(),
  ].join('\n');
}
