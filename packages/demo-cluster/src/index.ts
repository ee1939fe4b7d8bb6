/**
 * The demo cluster of `scripts/dev start`. A simulation for the demo only:
 * the plugins never depend on it.
 *
 * @packageDocumentation
 */

export { DemoDriver, DEMO_SCENARIOS, FROZEN_ANNOTATION } from './driver';
export { metricName, scaledJobActivity } from './kedaStatus';
export {
  simulate,
  metricValue,
  isFailing,
  isCronActive,
  outageSeconds,
} from './simulation';
export type {
  SimulatedState,
  ScalingBounds,
  Scenario,
  CronWindow,
} from './simulation';
