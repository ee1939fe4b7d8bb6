/**
 * Requests and answers of the read endpoints of `/api/keda`: health, an
 * entity's scaling and history, the fleet overview. The backend's routes and
 * the frontend's client both compile against these.
 */
import type { ScalingHealth, ScalingStatus } from '../status';

/**
 * Where a cluster entry came from.
 *
 * @public
 */
export type ClusterSource = 'config' | 'localKubectlProxy' | 'kubeconfig';

/**
 * One cluster the backend is configured to read. Never carries credentials.
 *
 * @public
 */
export interface ClusterSummary {
  name: string;
  /** API server URL, when known. */
  url?: string;
  source: ClusterSource;
  /** The kind of credentials used, e.g. `serviceAccount`; never the credentials. */
  authProvider?: string;
}

/**
 * How fresh one cluster's cache is.
 *
 * @public
 */
export interface ClusterSyncSummary {
  cluster: string;
  state: 'syncing' | 'synced' | 'stale';
  /** ISO time the state began. */
  since: string;
  /** Why the cluster is stale. */
  error?: string;
}

/**
 * Answer of `GET /api/keda/health`.
 *
 * @public
 */
export interface KedaHealthResponse {
  status: 'ok';
  clusters: Array<ClusterSummary & { sync?: ClusterSyncSummary }>;
}

/**
 * A trigger as configured, for display: metadata values the scaler catalog
 * marks secret are replaced by `<redacted>` (they belong in a Secret).
 *
 * @public
 */
export interface TriggerSpecView {
  type: string;
  name?: string;
  metadata: Record<string, string>;
  authenticationRef?: { name: string; kind?: string };
}

/**
 * One ScaledObject or ScaledJob of an entity, as the API returns it.
 *
 * @public
 */
export interface WorkloadView {
  kind: 'ScaledObject' | 'ScaledJob';
  namespace: string;
  name: string;
  /** `kind/name` of the scale target (ScaledObjects only). */
  scaleTarget?: { kind: string; name: string };
  triggers: TriggerSpecView[];
  status: ScalingStatus;
}

/**
 * Answer of `GET /api/keda/entities/:namespace/:kind/:name/scaling`.
 *
 * @public
 */
export interface EntityScalingResponse {
  entityRef: string;
  generatedAt: string;
  clusters: Array<ClusterSyncSummary & { workloads: WorkloadView[] }>;
}

/**
 * One row of `GET /api/keda/overview`.
 *
 * @public
 */
export interface OverviewItem {
  cluster: string;
  entityRefs: string[];
  owners: string[];
  kind: 'ScaledObject' | 'ScaledJob';
  namespace: string;
  name: string;
  health: ScalingHealth;
  diagnosis: string;
  replicas: ScalingStatus['replicas'];
  triggerTypes: string[];
}

/**
 * Filters of `GET /api/keda/overview` (query parameters, each at most once).
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
 * Answer of `GET /api/keda/overview`.
 *
 * @public
 */
export interface OverviewResponse {
  generatedAt: string;
  clusters: ClusterSyncSummary[];
  items: OverviewItem[];
}

/**
 * Query of `GET /api/keda/entities/:namespace/:kind/:name/history`.
 *
 * @public
 */
export interface HistoryQuery {
  /** How far back, in hours (default 24, at most the history retention). */
  hours?: string;
}

/**
 * Answer of `GET /api/keda/entities/:namespace/:kind/:name/history`.
 *
 * @public
 */
export interface HistoryResponse {
  entityRef: string;
  since: string;
  series: Array<{
    cluster: string;
    namespace: string;
    kind: 'ScaledObject';
    name: string;
    points: Array<{
      t: string;
      replicas?: number;
      desired?: number;
      metrics: Record<string, string>;
    }>;
  }>;
}
