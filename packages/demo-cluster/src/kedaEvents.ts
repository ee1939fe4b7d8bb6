/**
 * The events the demo's stand-in for the KEDA operator records: which ones
 * a state change calls for (pure), and writing them as KEDA does. A
 * simulation for the demo only.
 */
import { KEDA_OPERATOR } from '@keda-portal/plugin-keda-common';
import { CoreV1Api } from '@kubernetes/client-node';
import { SimulatedState } from './simulation';

/** One event to record: type, reason, action and message. */
export type KedaNote = [
  type: 'Normal' | 'Warning',
  reason: string,
  action: string,
  message: string,
];

const SCALED_OBJECT_READY: KedaNote = [
  'Normal',
  'ScaledObjectReady',
  'ScaledObjectReady',
  'ScaledObject is ready for scaling',
];

/** The events KEDA records when a ScaledObject goes from `prev` to `s`. */
export function scaledObjectNotes(
  so: any,
  prev: SimulatedState | undefined,
  s: SimulatedState,
  fromReplicas: number,
): KedaNote[] {
  if (!prev) {
    return [
      [
        'Normal',
        'KEDAScalersStarted',
        'ScalersWatchStarted',
        `Started scalers watch`,
      ],
      SCALED_OBJECT_READY,
    ];
  }
  const target = `apps/v1.Deployment ${so.metadata.namespace}/${so.spec.scaleTargetRef.name}`;
  const trigger = so.spec.triggers[0].type;
  const notes: KedaNote[] = [];
  if (!prev.failing && s.failing) {
    notes.push([
      'Warning',
      'KEDAScalerFailed',
      'ScalerFailed',
      `${trigger} scaler: error connecting to the event source: dial tcp: connection refused`,
    ]);
  }
  if (!prev.fallback && s.fallback) {
    notes.push([
      'Normal',
      'ScaledObjectFallbackActivated',
      'FallbackActivated',
      `Fallback activated: serving ${s.replicas} replicas after ${s.failures} failed polls`,
    ]);
  }
  if (prev.fallback && !s.fallback) {
    notes.push([
      'Normal',
      'ScaledObjectFallbackDeactivated',
      'FallbackDeactivated',
      'Fallback deactivated: scaler is healthy again',
    ]);
  }
  if (prev.failing && !s.failing) notes.push(SCALED_OBJECT_READY);
  if (fromReplicas === 0 && s.replicas > 0) {
    notes.push([
      'Normal',
      'KEDAScaleTargetActivated',
      'ScaleTargetActivated',
      `Scaled ${target} from 0 to ${s.replicas}, triggered by ${trigger}`,
    ]);
  }
  if (fromReplicas > 0 && s.replicas === 0) {
    notes.push([
      'Normal',
      'KEDAScaleTargetDeactivated',
      'ScaleTargetDeactivated',
      `Deactivated ${target} from ${fromReplicas} to 0`,
    ]);
  }
  return notes;
}

/** The events KEDA records when a ScaledJob's trigger turns (in)active. */
export function scaledJobNotes(
  prev: SimulatedState | undefined,
  active: boolean,
): KedaNote[] {
  if (!prev) {
    return [
      [
        'Normal',
        'ScaledJobReady',
        'ScaledJobReady',
        'ScaledJob is ready for scaling',
      ],
    ];
  }
  if (!prev.active && active) {
    return [['Normal', 'KEDAJobsCreated', 'JobsCreated', 'Created 1 jobs']];
  }
  return [];
}

/** Writes core/v1 Events about a ScaledObject or ScaledJob, as KEDA does. */
export async function recordKedaEvents(
  core: CoreV1Api,
  obj: any,
  kind: 'ScaledObject' | 'ScaledJob',
  notes: KedaNote[],
): Promise<void> {
  for (const [type, reason, action, message] of notes) {
    const now = new Date();
    await core.createNamespacedEvent({
      namespace: obj.metadata.namespace,
      body: {
        metadata: { generateName: `${obj.metadata.name}.` },
        involvedObject: {
          apiVersion: 'keda.sh/v1alpha1',
          kind,
          name: obj.metadata.name,
          namespace: obj.metadata.namespace,
          uid: obj.metadata.uid,
        },
        type,
        reason,
        action,
        message,
        source: { component: KEDA_OPERATOR },
        reportingComponent: KEDA_OPERATOR,
        reportingInstance: `${KEDA_OPERATOR}-demo`,
        firstTimestamp: now,
        lastTimestamp: now,
        count: 1,
      },
    });
  }
}
