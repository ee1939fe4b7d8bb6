/**
 * Turns a ScaledObject or ScaledJob, with its HPA, scale target, Jobs and
 * events, into the view model the UI renders: an overall health with the
 * findings behind it, explained conditions, per-trigger readings, replica
 * counts with KEDA's semantics, KEDA's events and one diagnosis sentence.
 * Each kind has its own file; the pieces they share are in statusParts.ts.
 */
import { buildScaledJobStatus } from './scaledJobStatus';
import { buildScaledObjectStatus } from './scaledObjectStatus';
import type { ScalingStatus, ScalingStatusInput } from './types';

/**
 * Builds the view model of a ScaledObject (with its HPA and scale target) or
 * a ScaledJob (with its Jobs). Pure: the same input gives the same output.
 * Throws when the input has neither a `scaledObject` nor a `scaledJob`.
 *
 * @public
 */
export function buildScalingStatus(input: ScalingStatusInput): ScalingStatus {
  if (input.scaledObject)
    return buildScaledObjectStatus(input.scaledObject, input);
  if (input.scaledJob) return buildScaledJobStatus(input.scaledJob, input);
  throw new Error('buildScalingStatus needs a scaledObject or a scaledJob');
}
