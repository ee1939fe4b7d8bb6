/**
 * Real Git for the tests: keda-node's shared helpers (a bare repository
 * seeded from files or a folder, and the engine pointed at it), under the
 * names these tests use.
 */
export {
  createBareRepo,
  git,
  gitopsEngineFor as engineFor,
} from '@keda-portal/plugin-keda-node/testUtils';
export type { BareRepo } from '@keda-portal/plugin-keda-node/testUtils';
