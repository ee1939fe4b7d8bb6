import type { ScalingHealth, ScalingStatus } from './status';

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

/**
 * Answer of `GET /api/keda/changes/diff?repo=&branch=`: a proposal branch of
 * a plain Git repository (which has no pull-request page of its own), its
 * commits and its diff since it left the base branch.
 *
 * @public
 */
export interface ProposalDiffResponse {
  /** The entity the branch name encodes. */
  entityRef: string;
  repoUrl: string;
  branch: string;
  baseBranch: string;
  /** Tip of the base branch. */
  baseCommit: string;
  /** Tip of the proposal branch. */
  branchCommit: string;
  /** Where the branch left the base branch; the diff starts here. */
  mergeBase: string;
  /** Subject of the branch's newest commit. */
  title: string;
  /** The branch's commits since the merge base, newest first. */
  commits: Array<{
    sha: string;
    subject: string;
    author: string;
    date: string;
  }>;
  /** Unified diff from the merge base to the branch's tip. */
  diff: string;
}
