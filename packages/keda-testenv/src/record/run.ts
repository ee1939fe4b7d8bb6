import { eventually } from '@keda-portal/kube-testenv';
import os from 'node:os';
import { generatedNames, normalizeValue, NormalizeOptions } from './normalize';
import type { PathContext, RecordedPath } from './paths';
import { Snapshot, takeSnapshot } from './snapshot';

/** A step's snapshot, with when it was taken. */
export interface StepResult {
  step: string;
  snapshot: Snapshot;
  takenAt: Date;
  /** Seconds from the step's action to the state being reached. */
  seconds: number;
}

/**
 * Sets the path up in `ctx.namespace`, then runs each step: its action, and
 * waiting (polling the API server) until the real operator and HPA
 * controller reached its state. `onStep` sees each reached state, e.g. to
 * check the portal's answer or to record it.
 */
export async function runPath(
  path: RecordedPath,
  ctx: PathContext,
  onStep: (result: StepResult) => Promise<void> | void = () => {},
): Promise<StepResult[]> {
  await path.setup(ctx);
  const results: StepResult[] = [];
  for (const step of path.steps) {
    const started = Date.now();
    await step.act?.(ctx);
    let last: Snapshot | undefined;
    try {
      last = await eventually(async () => {
        const s = await takeSnapshot(ctx.admin, {
          kind: path.kind,
          namespace: ctx.namespace,
          name: path.object,
        });
        last = s;
        return step.until(s) && s;
      }, step.timeoutMs ?? 120_000);
    } catch (e) {
      throw new Error(
        `path ${path.name}, step ${step.name}: the state was not reached (${
          (e as Error).message
        }); last seen:\n${JSON.stringify(summary(last), null, 1)}`,
      );
    }
    const result: StepResult = {
      step: step.name,
      snapshot: last!,
      takenAt: new Date(),
      seconds: (Date.now() - started) / 1000,
    };
    results.push(result);
    await onStep(result);
  }
  return results;
}

/** The parts of a snapshot that say why a step waits. */
export function summary(s: Snapshot | undefined) {
  const o = s?.scaledObject ?? s?.scaledJob;
  return {
    conditions: o?.status?.conditions?.map(
      (c: any) => `${c.type}=${c.status} ${c.reason ?? ''} ${c.message ?? ''}`,
    ),
    health: o?.status?.health,
    hpa: s?.hpa && {
      desired: s.hpa.status?.desiredReplicas,
      current: s.hpa.status?.currentReplicas,
      metrics: s.hpa.status?.currentMetrics,
      conditions: s.hpa.status?.conditions?.map(
        (c: any) => `${c.type}=${c.status} ${c.reason} ${c.message}`,
      ),
    },
    target: s?.target && {
      spec: s.target.spec?.replicas,
      status: s.target.status,
    },
    jobs: s?.jobs?.length,
    events: s?.events.map(e => `${e.reason}: ${e.message}`),
  };
}

/** A recording: each step's snapshot, normalised. */
export interface Recording {
  path: string;
  description: string;
  kind: 'ScaledObject' | 'ScaledJob';
  namespace: string;
  name: string;
  steps: Record<string, Snapshot>;
}

/** Normalises the results of one run of a path into its recording. */
export function recordingOf(
  path: RecordedPath,
  namespace: string,
  results: StepResult[],
): Recording {
  const names = generatedNames(
    results.flatMap(r => [
      ...(r.snapshot.jobs ?? []).map(j => j.metadata?.name),
      ...r.snapshot.events.map(e => e.metadata?.name),
      ...r.snapshot.hpaEvents.map(e => e.metadata?.name),
    ]),
  );
  const replace: NormalizeOptions['replace'] = [
    // Longest first: generated names, then run-unique names, then the namespace.
    ...names,
    [`${namespace}-`, ''],
    [namespace, path.canonicalNamespace],
    [/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT'],
    // Query times inside URLs of error messages.
    [/time=\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z/g, 'time=TIME'],
    [/time=\d{4}-\d{2}-\d{2}T\d{2}%3A\d{2}%3A\d{2}Z/g, 'time=TIME'],
    [/:\/\/[^:@/\s]+:[^@/\s]+@/g, '://USER:PASSWORD@'],
    [os.hostname(), 'HOST'],
  ];
  const steps: Record<string, Snapshot> = {};
  for (const r of results) {
    steps[r.step] = normalizeValue(r.snapshot, { takenAt: r.takenAt, replace });
  }
  return {
    path: path.name,
    description: path.description,
    kind: path.kind,
    namespace: path.canonicalNamespace,
    name: path.object,
    steps,
  };
}
