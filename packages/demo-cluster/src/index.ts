/**
 * The demo cluster of `scripts/dev start`: the real KEDA chain with the
 * example objects, the event sources and a load generator that moves them.
 * The plugins never depend on it.
 *
 * @packageDocumentation
 */

export { LoadDriver, DEMO_TARGETS } from './driver';
export type { DemoSources, Stoppable, TickReport } from './driver';
export {
  DEFAULT_PLAN,
  waveValue,
  isDown,
  sourcesDown,
  levelStep,
  parsePlan,
} from './waves';
export type { DemoPlan, Wave, Outage, SourceName } from './waves';
export {
  DEMO_PLACEHOLDERS,
  renderText,
  renderManifests,
  renderTree,
} from './render';
export type { DemoValues } from './render';
export { startDemoSources } from './sources';
export type { RunningDemoSources } from './sources';
export { startReadOnlyProxy } from './proxy';
export type { ReadOnlyProxy, ProxyUpstream } from './proxy';
