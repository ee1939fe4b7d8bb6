/**
 * Shapes exchanged between the backend (`/api/keda`) and the frontend.
 * Kept here so both sides compile against one definition.
 */

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
