export { GitlabProvider } from './GitlabProvider';
export type { GitlabProviderOptions } from './GitlabProvider';
