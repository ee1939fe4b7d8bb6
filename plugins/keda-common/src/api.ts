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
 * Answer of `GET /api/keda/health`.
 *
 * @public
 */
export interface KedaHealthResponse {
  status: 'ok';
  clusters: ClusterSummary[];
}
