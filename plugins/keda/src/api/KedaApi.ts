import { createApiRef } from '@backstage/core-plugin-api';
import type {
  EntityScalingResponse,
  HistoryResponse,
  KedaHealthResponse,
  OverviewResponse,
} from '@keda-portal/plugin-keda-common';

/**
 * Filters of the fleet overview.
 *
 * @public
 */
export interface OverviewFilters {
  health?: string;
  cluster?: string;
  namespace?: string;
  owner?: string;
  triggerType?: string;
}

/**
 * Talks to the KEDA Portal backend (`/api/keda`).
 *
 * @public
 */
export interface KedaApi {
  getHealth(): Promise<KedaHealthResponse>;
  /** Live scaling status of an entity, e.g. `component:default/orders-api`. */
  getScaling(entityRef: CompoundRef): Promise<EntityScalingResponse>;
  getHistory(entityRef: CompoundRef, hours: number): Promise<HistoryResponse>;
  getOverview(filters?: OverviewFilters): Promise<OverviewResponse>;
}

/**
 * An entity's kind, namespace and name.
 *
 * @public
 */
export interface CompoundRef {
  kind: string;
  namespace: string;
  name: string;
}

/** @public */
export const kedaApiRef = createApiRef<KedaApi>({ id: 'plugin.keda.service' });
