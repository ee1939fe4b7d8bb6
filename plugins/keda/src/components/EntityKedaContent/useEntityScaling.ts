import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useSignal } from '@backstage/plugin-signals-react';
import type { EntityScalingResponse } from '@keda-portal/plugin-keda-common';
import { useEffect, useMemo, useRef, useState } from 'react';
import { kedaApiRef } from '../../api';

/** The signals channel of an entity's scaling data (as the backend publishes it). */
export const scalingChannel = (entityRef: string) =>
  `keda:scaling:${entityRef}`;

interface ScalingState {
  /** The entity the value belongs to: another entity's data is never shown. */
  entityRef: string;
  value?: EntityScalingResponse;
  error?: Error;
  loading: boolean;
}

/**
 * The entity's live scaling data: fetched once, refetched whenever the
 * backend signals a change (the signal carries no data; the refetch goes
 * through the permission-checked endpoint).
 *
 * One fetch runs at a time. Signals that arrive during a fetch are coalesced
 * into one more fetch after it, so a burst of changes costs at most two
 * requests and a quiet entity none. (A `useAsyncRetry` whose `retry` sat in
 * an effect's dependencies refetched after every fetch once one signal had
 * arrived: `retry` changes identity whenever loading flips.) A failed
 * refetch keeps the last data and reports the error beside it.
 */
export function useEntityScaling() {
  const { entity } = useEntity();
  const kedaApi = useApi(kedaApiRef);
  const entityRef = stringifyEntityRef(entity);
  const kind = entity.kind;
  const namespace = entity.metadata.namespace ?? 'default';
  const name = entity.metadata.name;
  const ref = useMemo(
    () => ({ kind, namespace, name }),
    [kind, namespace, name],
  );

  const [state, setState] = useState<ScalingState>({
    entityRef,
    loading: true,
  });
  // Bumped to start a fetch; the effect below runs one per value.
  const [attempt, setAttempt] = useState(0);
  const fetching = useRef(false);
  const signalledDuringFetch = useRef(false);

  useEffect(() => {
    let current = true;
    fetching.current = true;
    // This fetch covers every signal that arrived before it started.
    signalledDuringFetch.current = false;
    setState(s =>
      s.entityRef === entityRef
        ? { ...s, loading: true }
        : { entityRef, loading: true },
    );
    const settle = (next: (s: ScalingState) => ScalingState) => {
      if (!current) return;
      fetching.current = false;
      setState(next);
      if (signalledDuringFetch.current) {
        signalledDuringFetch.current = false;
        setAttempt(a => a + 1);
      }
    };
    kedaApi.getScaling(ref).then(
      value => settle(() => ({ entityRef, value, loading: false })),
      error =>
        settle(s => ({
          entityRef,
          value: s.entityRef === entityRef ? s.value : undefined,
          error,
          loading: false,
        })),
    );
    return () => {
      current = false;
    };
  }, [kedaApi, entityRef, ref, attempt]);

  const { lastSignal } = useSignal(scalingChannel(entityRef));
  useEffect(() => {
    if (!lastSignal) return;
    if (fetching.current) signalledDuringFetch.current = true;
    else setAttempt(a => a + 1);
  }, [lastSignal]);

  const shown: Omit<ScalingState, 'entityRef'> =
    state.entityRef === entityRef ? state : { loading: true };
  return {
    value: shown.value,
    error: shown.error,
    loading: shown.loading,
    /** Fetch again now (coalesced with a fetch under way like a signal). */
    retry: () => {
      if (fetching.current) signalledDuringFetch.current = true;
      else setAttempt(a => a + 1);
    },
    entityRef,
    ref,
  };
}

/** Re-renders every `ms` so "N s ago" stays true. */
export function useNow(ms = 1000) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}
