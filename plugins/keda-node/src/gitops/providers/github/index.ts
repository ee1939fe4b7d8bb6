export { GithubProvider } from './GithubProvider';
export type { GithubProviderOptions } from './GithubProvider';
export { GITHUB_TREE_DEPTH } from './queries';
