/**
 * KEDA Portal backend: live scaling data and change proposals over HTTP.
 *
 * @packageDocumentation
 */

export { kedaPlugin as default } from './plugin';
export { kedaGitopsUrlReaderServiceFactory } from './urlReader';
