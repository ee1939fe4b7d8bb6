/**
 * The "propose a scaling change" use case, as the KEDA backend's change
 * routes and the scaffolder's `keda:gitops:*` actions call it. The answers
 * are the HTTP API's own shapes (plugin-keda-common), so a route returns
 * them as they are.
 */
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type {
  ChangeGuardrails,
  ChangeIntent,
  ChangeListResponse,
  ChangePreview,
  ChangeProposal,
  CurrentIntentResponse,
  GitopsChoice,
  GitopsRepositories,
  WorkloadRef,
} from '@keda-portal/plugin-keda-common';

/**
 * Who asks.
 *
 * @public
 */
export interface KedaChangeCaller {
  /** The caller's credentials: permissions and catalog reads use them. */
  credentials: BackstageCredentials;
  /**
   * Who the pull request names as the requester, e.g. a scaffolder task's
   * initiator; default: the credentials' user entity ref, else their subject.
   */
  requestedBy?: string;
}

/**
 * A change to the scaling of an entity of the catalog.
 *
 * @public
 */
export interface KedaChangeRequest {
  /** e.g. `component:default/orders-api` */
  entityRef: string;
  /**
   * The scaling intent. Checked here (shape, then the entity's
   * `backstage.io/kubernetes-id`, which it defaults to), so an unchecked
   * request body may be passed.
   */
  intent: ChangeIntent;
  /** For an entity without `keda-portal.io/gitops-*` annotations: where its manifests go. */
  gitops?: GitopsChoice;
  /** Environment of the branch and pull request; default the entity's, then config's. */
  environment?: string;
}

/**
 * A component that is not in the catalog yet, proposed with its scaling:
 * its GitOps annotations say where the files go.
 *
 * @public
 */
export interface KedaNewComponentRequest {
  component: Entity;
  intent: ChangeIntent;
  /** Files besides the KEDA manifests (its Deployment, catalog-info.yaml), relative to its GitOps folder. */
  files: Array<{ path: string; content: string; reason: string }>;
}

/**
 * Options of {@link KedaChangeService.propose}.
 *
 * @public
 */
export interface KedaProposeOptions {
  /**
   * Runs the write at most once per key, handing back the stored answer on
   * a retry (a scaffolder step's `ctx.checkpoint`). The key names the entity
   * and the proposal branch.
   */
  once?: (
    key: string,
    write: () => Promise<ChangeProposal>,
  ) => Promise<ChangeProposal>;
}

/**
 * Preview and propose scaling changes as pull requests against the GitOps
 * repository, and what a form needs for them. Every entity method checks
 * the caller's permission on the entity first: `keda.change.create` to
 * preview or propose, `keda.scaling.read` for the rest.
 *
 * @public
 */
export interface KedaChangeService {
  /**
   * Plans the change: file edits, diff, validation. Reads Git, writes
   * nothing; problems are part of the answer, unless `refuseProblems`, which
   * refuses an invalid change before Git is read.
   */
  preview(
    request: KedaChangeRequest | KedaNewComponentRequest,
    caller: KedaChangeCaller,
    options?: { refuseProblems?: boolean },
  ): Promise<ChangePreview>;
  /**
   * Opens the entity's pull request for the change, or updates the open
   * one. An invalid change is refused before Git is read.
   */
  propose(
    request: KedaChangeRequest | KedaNewComponentRequest,
    caller: KedaChangeCaller,
    options?: KedaProposeOptions,
  ): Promise<ChangeProposal>;
  /**
   * A workload's settings as Git holds them (the proposal branch when it
   * exists, else the base); NotFoundError when Git has no such object.
   */
  currentSettings(
    entityRef: string,
    workload: WorkloadRef,
    caller: KedaChangeCaller,
  ): Promise<CurrentIntentResponse>;
  /** The platform team's limits for the entity's changes. */
  guardrails(
    entityRef: string,
    caller: KedaChangeCaller,
  ): Promise<ChangeGuardrails>;
  /** The entity's open proposals, over every environment. */
  listProposals(
    entityRef: string,
    caller: KedaChangeCaller,
  ): Promise<ChangeListResponse>;
  /** The GitOps repositories a proposal may go to; never their push remotes. */
  repositories(caller: KedaChangeCaller): Promise<GitopsRepositories>;
}
