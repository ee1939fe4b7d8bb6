/**
 * The paths the contract tests drive and the recorder records: for each,
 * the objects to create and the steps (what to do at the source, and the
 * state the real operator and HPA controller must reach).
 */
import {
  checkFailedPath,
  failingPath,
  pausedPath,
  redisDownPath,
  scaledJobPath,
} from './otherPaths';
import type { RecordedPath } from './pathKit';
import {
  cronPath,
  kafkaPath,
  modifiersPath,
  postgresPath,
  prometheusPath,
  rabbitmqPath,
  redisPath,
} from './scalingPaths';

export * from './pathKit';

/** Every path, in the order the recorder writes them. */
export const RECORDED_PATHS: RecordedPath[] = [
  prometheusPath,
  rabbitmqPath,
  redisPath,
  kafkaPath,
  postgresPath,
  cronPath,
  failingPath(false),
  failingPath(true),
  redisDownPath,
  pausedPath,
  scaledJobPath,
  modifiersPath,
  checkFailedPath,
];
