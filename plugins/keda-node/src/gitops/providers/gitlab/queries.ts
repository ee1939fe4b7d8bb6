/**
 * The GraphQL text the GitLab provider sends: the snapshot's facts and
 * folder listings in one query, the next page of a listing, and the
 * contents of many files at once.
 */

/** GitLab's largest GraphQL page, and a sane number of paths per blobs field. */
export const PAGE = 100;

const BLOBS_PAGE = `blobs(first: ${PAGE}) { nodes { path } pageInfo { hasNextPage endCursor } }`;

export function snapshotQuery(folders: string[], hasAt: boolean): string {
  const variables = ['$fullPath: ID!', '$branch: String!'];
  if (folders.length > 0) {
    variables.push(hasAt ? '$at: String!' : '$base: String');
  }
  folders.forEach((_, i) => variables.push(`$p${i}: String!`));
  // Listings at both the branch and the base: which one counts is known
  // only once the branch history arrives, and asking for both costs no call.
  const trees = folders.flatMap((_, i) =>
    hasAt
      ? [
          `a${i}: tree(ref: $at, path: $p${i}, recursive: true) { ${BLOBS_PAGE} }`,
        ]
      : [
          `b${i}: tree(ref: $branch, path: $p${i}, recursive: true) { ${BLOBS_PAGE} }`,
          `r${i}: tree(ref: $base, path: $p${i}, recursive: true) { ${BLOBS_PAGE} }`,
        ],
  );
  return [
    `query KedaGitlabSnapshot(${variables.join(', ')}) {`,
    '  project(fullPath: $fullPath) {',
    `    repository { rootRef ${trees.join(' ')} }`,
    '    mergeRequests(sourceBranches: [$branch], state: opened, first: 10) {',
    '      nodes { iid webUrl title description state sourceBranch sourceProject { fullPath } }',
    '    }',
    '  }',
    '}',
  ].join('\n');
}

export const TREE_PAGE_QUERY = [
  'query KedaGitlabTreePage($fullPath: ID!, $ref: String!, $path: String!, $after: String!) {',
  '  project(fullPath: $fullPath) { repository {',
  `    tree(ref: $ref, path: $path, recursive: true) { blobs(first: ${PAGE}, after: $after) { nodes { path } pageInfo { hasNextPage endCursor } } }`,
  '  } }',
  '}',
].join('\n');

/** Contents of `count` lists of paths (variables `$c0`…), aliased `c<i>`. */
export function blobsQuery(count: number): string {
  const indexes = Array.from({ length: count }, (_, j) => j);
  return [
    `query KedaGitlabBlobs($fullPath: ID!, $ref: String!, ${indexes
      .map(j => `$c${j}: [String!]!`)
      .join(', ')}) {`,
    `  project(fullPath: $fullPath) { repository { ${indexes
      .map(
        j =>
          `c${j}: blobs(paths: $c${j}, ref: $ref) { nodes { path rawBlob } }`,
      )
      .join(' ')} } }`,
    '}',
  ].join('\n');
}

export const USERS_QUERY =
  'query KedaGitlabUsers($usernames: [String!]!) { users(usernames: $usernames) { nodes { id username } } }';
