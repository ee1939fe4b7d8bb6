/**
 * The HPA the demo's stand-in for the KEDA operator creates for a
 * ScaledObject, with the status the HPA controller would write. A
 * simulation for the demo only.
 */
import {
  KEDA_OPERATOR,
  MANAGED_BY_LABEL,
} from '@keda-portal/plugin-keda-common';
import { AutoscalingV2Api } from '@kubernetes/client-node';
import { scalingActive } from './kedaStatus';
import { MERGE } from './patch';
import { SimulatedState } from './simulation';

/** The label KEDA puts on its HPAs and external metric selectors. */
const SCALED_OBJECT_LABEL = 'scaledobject.keda.sh/name';

/** What a ScaledObject's HPA is written from in one tick. */
export interface HpaTick {
  hpaName: string;
  metrics: string[];
  state: SimulatedState;
  target: number;
  now: string;
  prev?: SimulatedState;
}

/** An external metric as KEDA names it for the HPA. */
function externalMetric(scaledObject: string, metric: string) {
  return {
    name: metric,
    selector: { matchLabels: { [SCALED_OBJECT_LABEL]: scaledObject } },
  };
}

async function createHpaIfMissing(
  api: AutoscalingV2Api,
  so: any,
  tick: HpaTick,
): Promise<void> {
  const { name, namespace, labels = {}, uid } = so.metadata;
  const { hpaName } = tick;
  const spec = so.spec;
  try {
    await api.readNamespacedHorizontalPodAutoscaler({
      name: hpaName,
      namespace,
    });
    return;
  } catch {
    // Missing: create it below.
  }
  await api.createNamespacedHorizontalPodAutoscaler({
    namespace,
    body: {
      metadata: {
        name: hpaName,
        namespace,
        labels: {
          ...labels,
          'app.kubernetes.io/name': hpaName.slice(0, 63),
          'app.kubernetes.io/part-of': name,
          [MANAGED_BY_LABEL]: KEDA_OPERATOR,
          [SCALED_OBJECT_LABEL]: name,
        },
        ownerReferences: [
          {
            apiVersion: 'keda.sh/v1alpha1',
            kind: 'ScaledObject',
            name,
            uid,
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      },
      spec: {
        scaleTargetRef: {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: spec.scaleTargetRef.name,
        },
        minReplicas: Math.max(spec.minReplicaCount ?? 0, 1),
        maxReplicas: spec.maxReplicaCount ?? 100,
        metrics: tick.metrics.map(metric => ({
          type: 'External',
          external: {
            metric: externalMetric(name, metric),
            target: { type: 'AverageValue', averageValue: String(tick.target) },
          },
        })),
      },
    },
  });
}

/** Creates the HPA when it is missing, then writes its status. */
export async function writeHpa(
  api: AutoscalingV2Api,
  so: any,
  tick: HpaTick,
): Promise<void> {
  await createHpaIfMissing(api, so, tick);
  const { name, namespace } = so.metadata;
  const { hpaName, metrics, state: s, now, prev } = tick;
  const perReplica = s.replicas > 0 ? s.value / s.replicas : s.value;
  const atZero = s.replicas === 0;
  await api.patchNamespacedHorizontalPodAutoscalerStatus(
    {
      name: hpaName,
      namespace,
      body: {
        status: {
          currentReplicas: s.replicas,
          desiredReplicas: s.replicas,
          ...(prev?.replicas !== s.replicas && { lastScaleTime: now }),
          currentMetrics: s.failing
            ? []
            : metrics.map(metric => ({
                type: 'External',
                external: {
                  metric: externalMetric(name, metric),
                  current: {
                    averageValue:
                      perReplica.toFixed(3).replace(/\.?0+$/, '') || '0',
                  },
                },
              })),
          conditions: [
            {
              type: 'AbleToScale',
              status: 'True',
              reason: 'ReadyForNewScale',
              message: 'recommended size matches current size',
              lastTransitionTime: now,
            },
            { ...scalingActive(atZero, s.failing), lastTransitionTime: now },
          ],
        },
      },
    },
    MERGE,
  );
}
