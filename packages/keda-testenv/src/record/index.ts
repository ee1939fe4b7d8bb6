/**
 * The recorded paths: what the contract tests drive and the fixture
 * recorder records, and the normalisation that makes recordings compare.
 */
export { RECORDED_PATHS, cronWindow } from './paths';
export type { PathContext, PathStep, RecordedPath } from './paths';
export { runPath, recordingOf, summary } from './run';
export type { Recording, StepResult } from './run';
export { takeSnapshot, getJson } from './snapshot';
export type { Snapshot } from './snapshot';
export { startPathSources } from './eventSources';
export type { PathSources } from './sources';
export {
  normalizeValue,
  shapeOf,
  generatedNames,
  RECORDED_NOW,
} from './normalize';
