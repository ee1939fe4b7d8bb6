/**
 * Fixtures recorded from the real thing: KEDA v2.21.0's operator, metrics
 * adapter and webhooks with kube-controller-manager's HPA controller, driven
 * by real event sources (packages/keda-testenv/src/record, see
 * recorded/README.md). Each file is one path; each step is what the API
 * server held once the chain reached that state. Times are moved so that
 * the recording was taken at NOW.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ScalingStatusInput } from '../types';

/** When every step was taken, after normalisation. */
export const RECORDED_NOW = new Date('2026-08-21T12:10:00Z');

/** One step of a recording, as the API server returned it. */
export interface RecordedStep {
  scaledObject?: any;
  scaledJob?: any;
  hpa?: any;
  target?: any;
  jobs?: any[];
  events: any[];
  hpaEvents: any[];
}

const cache = new Map<string, Record<string, RecordedStep>>();

/** The raw objects of one step of one recorded path. */
export function recordedStep(file: string, step: string): RecordedStep {
  if (!cache.has(file)) {
    const recording = JSON.parse(
      fs.readFileSync(path.join(__dirname, 'recorded', `${file}.json`), 'utf8'),
    );
    cache.set(file, recording.steps);
  }
  const found = cache.get(file)![step];
  if (!found) throw new Error(`recorded/${file}.json has no step ${step}`);
  // A copy: tests change fixtures.
  return JSON.parse(JSON.stringify(found));
}

/** The status model's input for a recorded step, read at RECORDED_NOW. */
export function recorded(file: string, step: string): ScalingStatusInput {
  const s = recordedStep(file, step);
  return {
    ...(s.scaledObject && { scaledObject: s.scaledObject }),
    ...(s.scaledJob && { scaledJob: s.scaledJob }),
    ...(s.hpa && { hpa: s.hpa }),
    ...(s.target && { target: s.target }),
    ...(s.jobs && { jobs: s.jobs }),
    events: s.events,
    now: RECORDED_NOW,
  };
}
