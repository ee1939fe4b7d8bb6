/**
 * Test utilities of the KEDA Portal backend library: real Git repositories
 * (bare remotes seeded from files, reviewer pushes, a fast-forward-only hook). For tests only; import from
 * `@keda-portal/plugin-keda-node/testUtils`.
 *
 * @packageDocumentation
 */
export {
  createBareRepo,
  git,
  gitAsync,
  installFastForwardOnlyHook,
} from './gitRepo';
export type { BareRepo } from './gitRepo';
