import { createApiRef } from '@backstage/core-plugin-api';
import type {
  ChangeGuardrails,
  ChangeListResponse,
  ChangeOptions,
  ChangePreview,
  ChangeProposal,
  CurrentIntentResponse,
  EntityScalingResponse,
  GitopsRepositories,
  HistoryResponse,
  KedaHealthResponse,
  OverviewFilters,
  OverviewResponse,
  ProposalDiffResponse,
  ScalingIntent,
  WorkloadRef,
} from '@keda-portal/plugin-keda-common';

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
  /** Plans a scaling change and validates it; writes nothing. */
  previewChange(
    entityRef: CompoundRef,
    intent: ScalingIntent,
    options?: ChangeOptions,
  ): Promise<ChangePreview>;
  /** Opens the entity's pull request for a change, or updates the open one. */
  proposeChange(
    entityRef: CompoundRef,
    intent: ScalingIntent,
    options?: ChangeOptions,
  ): Promise<ChangeProposal>;
  /**
   * The GitOps repositories a proposal may go to, for a component without
   * `keda-portal.io/gitops-*` annotations. Optional: older clients lack it.
   */
  getGitopsRepositories?(): Promise<GitopsRepositories>;
  /** The entity's open pull requests. */
  listChanges(entityRef: CompoundRef): Promise<ChangeListResponse>;
  /** The platform team's limits for the entity's changes. */
  getGuardrails(entityRef: CompoundRef): Promise<ChangeGuardrails>;
  /**
   * A workload's settings as Git holds them. Rejects with a 404
   * `ResponseError` when Git has no such object (or the backend cannot
   * read it).
   */
  getCurrentIntent(
    entityRef: CompoundRef,
    workload: WorkloadRef,
  ): Promise<CurrentIntentResponse>;
  /**
   * A proposal branch of a plain Git repository: its commits and diff
   * against the base branch (plain Git has no pull-request page).
   */
  getProposalDiff(
    repoUrl: string,
    branch: string,
  ): Promise<ProposalDiffResponse>;
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
