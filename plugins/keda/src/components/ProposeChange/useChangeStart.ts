import { useApi } from '@backstage/core-plugin-api';
import type {
  ScalingIntent,
  WorkloadView,
} from '@keda-portal/plugin-keda-common';
import useAsync from 'react-use/esm/useAsync';
import { CompoundRef, kedaApiRef } from '../../api';
import { intentFromWorkload, isNotFound } from './intent';

/** What the form starts from, and where that came from. */
export interface Start {
  intent: ScalingIntent;
  source: 'git' | 'live';
  note?: string;
  lost: string[];
  /** Where Git was read, e.g. `apps/email-worker/scaledobject.yaml on main`. */
  gitSource?: string;
}

/**
 * The settings the dialog starts from: the workload's manifest in Git (or
 * its open proposal's branch), else the live object.
 */
export function useChangeStart(options: {
  open: boolean;
  entity: CompoundRef;
  workload: WorkloadView;
  kubernetesId?: string;
}) {
  const { open, entity, workload, kubernetesId } = options;
  const api = useApi(kedaApiRef);
  return useAsync(async (): Promise<Start | undefined> => {
    if (!open) return undefined;
    try {
      const current = await api.getCurrentIntent(entity, {
        name: workload.name,
        kind: workload.kind,
        namespace: workload.namespace,
      });
      return {
        intent: current.intent,
        source: 'git',
        note: `Starting from ${current.source.path} on ${
          current.source.proposalBranch
            ? `the open proposal's branch ${current.source.branch}`
            : current.source.branch
        }.`,
        lost: current.unsupported,
        gitSource: `${current.source.path} on ${current.source.branch}`,
      };
    } catch (error) {
      const live = intentFromWorkload(workload, kubernetesId ?? '');
      return {
        intent: live.intent,
        source: 'live',
        note: isNotFound(error)
          ? 'KEDA Portal found no copy of this object in Git it could read, so the form starts from the live object.'
          : `Reading the settings from Git failed (${
              (error as Error).message
            }), so the form starts from the live object.`,
        lost: live.dropped,
      };
    }
  }, [open, api, entity.kind, entity.namespace, entity.name, workload.name]);
}
