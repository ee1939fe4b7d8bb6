import {
  buildScalingStatus,
  scaleTargetKind,
  secretParameters,
  type ScalingStatusInput,
  type TriggerSpecView,
  type WorkloadView,
} from '@keda-portal/plugin-keda-common';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { ScaledWorkload } from '@keda-portal/plugin-keda-node';

/**
 * The password of `scheme://user:password@…`: parameters that are not
 * secrets (rabbitmq host, which KEDA reads from the metadata first) may
 * still carry one.
 */
const URL_PASSWORD = /^([a-z][a-z0-9+.-]*:\/\/[^/@\s:]*:)[^/@\s]+@/i;

/** Trigger metadata for display; values of secret parameters never leave the backend. */
function triggerSpecs(triggers: any[] = []): TriggerSpecView[] {
  return triggers.map(t => {
    const secret = new Set(
      secretParameters(t.type).flatMap(p =>
        [p.name, `${p.name}FromEnv`].slice(0, 1),
      ),
    );
    const metadata: Record<string, string> = {};
    for (const [key, value] of Object.entries(t.metadata ?? {})) {
      metadata[key] = secret.has(key)
        ? '<redacted>'
        : String(value).replace(URL_PASSWORD, '$1<redacted>@');
    }
    return {
      type: t.type,
      ...(t.name && { name: t.name }),
      metadata,
      ...(t.authenticationRef?.name && {
        authenticationRef: {
          name: t.authenticationRef.name,
          kind: t.authenticationRef.kind,
        },
      }),
    };
  });
}

/**
 * The domain core's view model for one workload of the cache. The cache's
 * objects are the API server's JSON, which is what the model's input types
 * describe.
 */
export function workloadView(
  workload: ScaledWorkload,
  now: Date,
): WorkloadView {
  const object = (workload.scaledObject ?? workload.scaledJob)! as any;
  const input = {
    scaledObject: workload.scaledObject,
    scaledJob: workload.scaledJob,
    hpa: workload.hpa,
    target: workload.target,
    events: workload.events,
    now,
  } as unknown as ScalingStatusInput;
  const ref = object.spec?.scaleTargetRef;
  return {
    kind: workload.scaledObject ? 'ScaledObject' : 'ScaledJob',
    namespace: object.metadata.namespace,
    name: object.metadata.name,
    ...(ref && {
      scaleTarget: { kind: scaleTargetKind(ref), name: ref.name },
    }),
    triggers: triggerSpecs(object.spec?.triggers),
    status: buildScalingStatus(input),
  };
}

/**
 * The view of one cached workload, or undefined with a warning when the
 * object is malformed (possible where a cluster's CRD has no schema): one
 * bad object must not fail the answer for every cluster.
 */
export function viewOrSkip(
  logger: LoggerService,
  workload: ScaledWorkload,
  now: Date,
): WorkloadView | undefined {
  try {
    return workloadView(workload, now);
  } catch (error) {
    const o: any = workload.scaledObject ?? workload.scaledJob;
    logger.warn(
      `Skipped malformed ${o?.kind ?? 'object'} ${o?.metadata?.namespace}/${
        o?.metadata?.name
      } of cluster ${workload.cluster}: ${(error as Error)?.message ?? error}`,
    );
    return undefined;
  }
}
