import { useApi } from '@backstage/core-plugin-api';
import {
  validateIntent,
  type ManifestProblem,
  type ScalingIntent,
} from '@keda-portal/plugin-keda-common';
import { useEffect, useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import {
  ChangeGuardrails,
  ChangePreview,
  ChangeProposal,
  kedaApiRef,
} from '../../api';
import { fieldOf, guardrailProblems } from './intent';
import type { ProposeChangeDialogProps } from './ProposeChangeDialog';
import { useChangeStart } from './useChangeStart';

/** The intent as sent: the entity's own label, never another. */
function outgoingIntent(
  intent: ScalingIntent | undefined,
  kubernetesId: string | undefined,
): ScalingIntent | undefined {
  if (!intent) return undefined;
  const { kubernetesId: _id, ...rest } = intent;
  const id = kubernetesId || intent.kubernetesId;
  return (id ? { ...rest, kubernetesId: id } : rest) as ScalingIntent;
}

/**
 * The problems shown under the fields: the preview's once there is one,
 * before that quick checks while typing (the preview runs the backend's
 * full set).
 */
function useProblems(
  outgoing: ScalingIntent | undefined,
  guardrails: ChangeGuardrails | undefined,
  preview: ChangePreview | undefined,
): ManifestProblem[] {
  const localProblems = useMemo(
    () =>
      outgoing
        ? [
            ...validateIntent({
              ...outgoing,
              kubernetesId: outgoing.kubernetesId ?? 'x',
            }),
            // The platform's limits, named, before the preview asks.
            ...guardrailProblems(outgoing, guardrails),
          ]
        : [],
    [outgoing, guardrails],
  );
  return preview
    ? preview.problems
    : localProblems.filter(p => {
        const field = fieldOf(p);
        return field !== undefined && field !== 'triggers';
      });
}

/**
 * The dialog's state: where the form started, the edited intent, the
 * preview or proposal for it, and the request under way.
 */
export function useProposeChange(props: ProposeChangeDialogProps) {
  const { open, entity, workload, kubernetesId } = props;
  const api = useApi(kedaApiRef);
  const isJob = workload.kind === 'ScaledJob';
  const start = useChangeStart(props);
  const guardrails = useAsync(
    async () => (open ? api.getGuardrails(entity) : undefined),
    [open, api, entity.kind, entity.namespace, entity.name],
  );

  const [intent, setIntent] = useState<ScalingIntent>();
  const [pausedAt, setPausedAt] = useState<string>('0');
  const [preview, setPreview] = useState<ChangePreview>();
  const [proposal, setProposal] = useState<ChangeProposal>();
  const [error, setError] = useState<Error>();
  const [busy, setBusy] = useState<'preview' | 'propose'>();

  useEffect(() => {
    if (start.value) {
      setIntent(start.value.intent);
      setPausedAt(String(start.value.intent.pause?.replicas ?? 0));
      setPreview(undefined);
      setProposal(undefined);
      setError(undefined);
    }
  }, [start.value]);

  /** Any edit makes an earlier preview or result stale. */
  const update = (next: ScalingIntent) => {
    setIntent(next);
    setPreview(undefined);
    setProposal(undefined);
    setError(undefined);
  };

  const outgoing = useMemo(
    () => outgoingIntent(intent, kubernetesId),
    [intent, kubernetesId],
  );
  const problems = useProblems(outgoing, guardrails.value, preview);

  const run = async (what: 'preview' | 'propose') => {
    if (!outgoing) return;
    setBusy(what);
    setError(undefined);
    try {
      if (what === 'preview') {
        setPreview(await api.previewChange(entity, outgoing));
        setProposal(undefined);
      } else {
        const result = await api.proposeChange(entity, outgoing);
        setProposal(result);
        setPreview(result.plan);
        props.onProposed?.(result);
      }
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(undefined);
    }
  };

  return {
    isJob,
    loading: start.loading,
    start: start.value,
    guardrails: guardrails.value,
    intent,
    update,
    pausedAt,
    setPausedAt,
    problems,
    preview,
    proposal,
    error,
    busy,
    run,
    hasOpenPr:
      proposal?.pullRequest?.state === 'open' ||
      (preview
        ? preview.openPullRequest !== undefined
        : (props.openPullRequests ?? []).some(pr => pr.state === 'open')),
    // A ScaledJob's job template is not in the live view: proposing from it
    // would write a Job without containers.
    blocked: isJob && start.value?.source === 'live',
    // Edits not yet proposed are lost on close.
    edited:
      intent !== undefined &&
      start.value !== undefined &&
      JSON.stringify(intent) !== JSON.stringify(start.value.intent) &&
      !(proposal && !busy),
  };
}

/** What {@link useProposeChange} returns, for the dialog's sections. */
export type ProposeChangeState = ReturnType<typeof useProposeChange>;
