/**
 * Test utilities of the KEDA Portal backend library: real Git repositories
 * and a GitOps engine pointed at one. For tests only; import from
 * `@keda-portal/plugin-keda-node/testUtils`.
 *
 * @packageDocumentation
 */
export {
  createBareRepo,
  git,
  gitAsync,
  gitopsEngineFor,
  installFastForwardOnlyHook,
} from './gitRepo';
export type { BareRepo } from './gitRepo';
