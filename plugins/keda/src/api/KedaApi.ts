import { createApiRef } from '@backstage/core-plugin-api';
import type { KedaHealthResponse } from '@keda-portal/plugin-keda-common';

/**
 * Talks to the KEDA Portal backend (`/api/keda`).
 *
 * @public
 */
export interface KedaApi {
  getHealth(): Promise<KedaHealthResponse>;
}

/** @public */
export const kedaApiRef = createApiRef<KedaApi>({ id: 'plugin.keda.service' });
