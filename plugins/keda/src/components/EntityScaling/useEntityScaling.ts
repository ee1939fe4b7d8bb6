import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useSignal } from '@backstage/plugin-signals-react';
import { useEffect, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { kedaApiRef } from '../../api';

/** The signals channel of an entity's scaling data (as the backend publishes it). */
export const scalingChannel = (entityRef: string) =>
  `keda:scaling:${entityRef}`;

/**
 * The entity's live scaling data: fetched once, refetched whenever the
 * backend signals a change (the signal carries no data; the refetch goes
 * through the permission-checked endpoint).
 */
export function useEntityScaling() {
  const { entity } = useEntity();
  const kedaApi = useApi(kedaApiRef);
  const entityRef = stringifyEntityRef(entity);
  const ref = {
    kind: entity.kind,
    namespace: entity.metadata.namespace ?? 'default',
    name: entity.metadata.name,
  };
  const state = useAsyncRetry(
    () => kedaApi.getScaling(ref),
    [kedaApi, entityRef],
  );
  const { lastSignal } = useSignal(scalingChannel(entityRef));
  const { retry } = state;
  useEffect(() => {
    if (lastSignal) retry();
  }, [lastSignal, retry]);
  return { ...state, entityRef, ref };
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
