/**
 * The change use case: who may change what, which entity and intent the
 * GitOps engine gets, and the context of its pull request (requester, link
 * to the entity, the owning teams as reviewers). Nothing here touches a
 * cluster; the only write is a branch in the GitOps repository.
 */
import type {
  AuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { type Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  buildManifests,
  kedaChangeCreatePermission,
  kedaScalingReadPermission,
  type AdmissionCheck,
  type ChangeGuardrails,
  type ChangeListResponse,
  type ChangePreview,
  GITOPS_ANNOTATIONS,
  type ChangeProposal,
  type CurrentIntentResponse,
  type GitopsRepositories,
  type ScalingIntent,
  type WorkloadRef,
} from '@keda-portal/plugin-keda-common';
import type { GitopsEngine, ProposalContext } from '../gitops/engine';
import { applyGitopsChoice } from '../gitops/onboarding';
import { owningGithubTeams } from '../gitops/reviewers';
import { proposalBranch } from '../gitops/target';
import type { KedaClusterReader } from '../reader/ClusterReader';
import { checkChangeAgainstClusters, warningNote } from './admission';
import { authorizedEntity } from './entityAccess';
import { checkedGitopsChoice, checkedIntent, problemsError } from './intent';
import type {
  KedaChangeCaller,
  KedaChangeRequest,
  KedaChangeService,
  KedaNewComponentRequest,
  KedaProposeOptions,
} from './KedaChangeService';
import { planView, proposalView, pullRequestView } from './views';

/**
 * Options of {@link DefaultKedaChangeService}.
 *
 * @public
 */
export interface DefaultKedaChangeServiceOptions {
  engine: GitopsEngine;
  catalog: CatalogService;
  /** Always required: a permission check that can be skipped is not one. */
  permissions: PermissionsService;
  /** For reading the owning groups (reviewers) as the plugin itself. */
  auth: Pick<AuthService, 'getOwnServiceCredentials'>;
  /** `app.baseUrl`, to link the entity from its pull request. */
  appBaseUrl?: string;
  /**
   * The live cache, for KEDA's cluster-dependent admission rules (another
   * ScaledObject or HPA on the workload, container requests); without it
   * only the rules that need no cluster run.
   */
  reader?: KedaClusterReader;
}

/** One request, resolved: what the engine gets. */
interface Resolved {
  entity: Entity;
  entityRef: string;
  intent: ScalingIntent;
  context: ProposalContext;
}

/** The entity as the engine should see it: with the environment asked for. */
function withEnvironment(entity: Entity, environment?: string): Entity {
  if (!environment) return entity;
  return {
    ...entity,
    metadata: {
      ...entity.metadata,
      annotations: {
        ...entity.metadata.annotations,
        [GITOPS_ANNOTATIONS.environment]: environment,
      },
    },
  };
}

/** A preview with KEDA's cluster rules: errors next to the others, warnings as notes. */
function withAdmission(
  preview: ChangePreview,
  admission: AdmissionCheck,
): ChangePreview {
  const problems = [...preview.problems, ...admission.errors];
  return {
    ...preview,
    problems,
    notes: [...preview.notes, ...admission.warnings.map(warningNote)],
    valid: problems.length === 0,
  };
}

/**
 * The KEDA Portal's {@link KedaChangeService}, over the GitOps engine, the
 * catalog and the permission framework.
 *
 * @public
 */
export class DefaultKedaChangeService implements KedaChangeService {
  constructor(private readonly options: DefaultKedaChangeServiceOptions) {}

  async preview(
    request: KedaChangeRequest | KedaNewComponentRequest,
    caller: KedaChangeCaller,
    options: { refuseProblems?: boolean } = {},
  ): Promise<ChangePreview> {
    const r = await this.resolve(request, caller);
    if (options.refuseProblems) await this.refuseProblems(r);
    const plan = await this.options.engine.plan(r.entity, r.intent, r.context);
    const admission = this.admission(r);
    const problems = [...plan.problems, ...admission.errors];
    if (options.refuseProblems && problems.length) {
      throw problemsError(problems);
    }
    return withAdmission(planView(plan), admission);
  }

  async propose(
    request: KedaChangeRequest | KedaNewComponentRequest,
    caller: KedaChangeCaller,
    options: KedaProposeOptions = {},
  ): Promise<ChangeProposal> {
    const r = await this.resolve(request, caller);
    // Domain rules and guardrails first: an invalid intent never reads Git.
    await this.refuseProblems(r);
    const { engine } = this.options;
    const context = {
      ...r.context,
      reviewers: await this.reviewersFor(r.entity),
    };
    const warnings = this.admission(r);
    const write = async () => {
      const view = proposalView(
        await engine.propose(r.entity, r.intent, context),
      );
      return { ...view, plan: withAdmission(view.plan, warnings) };
    };
    if (!options.once) return write();
    const branch = proposalBranch(
      r.entity,
      engine.target(r.entity).environment,
    );
    return options.once(`keda.gitops.propose.${r.entityRef}.${branch}`, write);
  }

  async currentSettings(
    entityRef: string,
    workload: WorkloadRef,
    caller: KedaChangeCaller,
  ): Promise<CurrentIntentResponse> {
    const entity = await this.readable(entityRef, caller);
    const { engine } = this.options;
    const current = await engine.currentIntent(entity, workload);
    if (!current) {
      const target = engine.target(entity);
      throw new NotFoundError(
        `No ${workload.kind ?? 'ScaledObject or ScaledJob'} ${
          workload.name
        } in ${target.path || '(repository root)'} of ${
          target.repoUrl
        } yet; a proposal will add it to that folder`,
      );
    }
    return current;
  }

  async guardrails(
    entityRef: string,
    caller: KedaChangeCaller,
  ): Promise<ChangeGuardrails> {
    const entity = await this.readable(entityRef, caller);
    return this.options.engine.guardrailsFor(entity);
  }

  async listProposals(
    entityRef: string,
    caller: KedaChangeCaller,
  ): Promise<ChangeListResponse> {
    const entity = await this.readable(entityRef, caller);
    const pullRequests = await this.options.engine.listProposals(entity);
    return { pullRequests: pullRequests.map(pullRequestView) };
  }

  async repositories(caller: KedaChangeCaller): Promise<GitopsRepositories> {
    // The list serves the change form: a caller who may change no entity
    // at all (an unconditional deny) has no use for it.
    const [decision] = await this.options.permissions.authorizeConditional(
      [{ permission: kedaChangeCreatePermission }],
      { credentials: caller.credentials },
    );
    if (decision.result === AuthorizeResult.DENY) {
      throw new NotAllowedError(
        `You may not propose scaling changes to any entity (permission ${kedaChangeCreatePermission.name}); ask the owners of one`,
      );
    }
    return this.options.engine.repositories();
  }

  private readable(entityRef: string, caller: KedaChangeCaller) {
    return authorizedEntity(this.options, entityRef, caller.credentials, {
      permission: kedaScalingReadPermission,
      requireKubernetes: true,
    });
  }

  private async resolve(
    request: KedaChangeRequest | KedaNewComponentRequest,
    caller: KedaChangeCaller,
  ): Promise<Resolved> {
    const principal = caller.credentials.principal as {
      userEntityRef?: string;
      subject?: string;
    };
    const requestedBy =
      caller.requestedBy ?? principal.userEntityRef ?? principal.subject;
    if ('component' in request) {
      // Not in the catalog yet: the template's own permissions govern it.
      const entity = request.component;
      return {
        entity,
        entityRef: stringifyEntityRef(entity),
        intent: checkedIntent(request.intent, entity),
        context: { requestedBy, extraFiles: request.files },
      };
    }
    // A preview or proposal may onboard a component that has no
    // Kubernetes annotations yet: the pull request adds them.
    const found = await authorizedEntity(
      this.options,
      request.entityRef,
      caller.credentials,
      { permission: kedaChangeCreatePermission, requireKubernetes: false },
    );
    const intent = checkedIntent(request.intent, found);
    const chosen = applyGitopsChoice(
      found,
      checkedGitopsChoice(request.gitops),
      intent,
    );
    const entity = withEnvironment(chosen.entity, request.environment);
    return {
      entity,
      entityRef: stringifyEntityRef(entity),
      intent,
      context: {
        requestedBy,
        entityUrl: this.entityUrl(entity),
        catalogAnnotations: chosen.catalogAnnotations,
      },
    };
  }

  /** Domain rules, guardrails and KEDA's cluster rules: refused before Git is read. */
  private async refuseProblems(r: Resolved) {
    const problems = await this.options.engine.check(r.entity, r.intent);
    if (problems.length) throw problemsError(problems);
    const { errors } = this.admission(r);
    if (errors.length) throw problemsError(errors);
  }

  /** KEDA's cluster-dependent admission rules, from the live cache. */
  private admission(r: Resolved): AdmissionCheck {
    let manifests: unknown[];
    try {
      manifests = buildManifests(r.intent);
    } catch {
      // An intent the builder cannot read: its domain problems say why.
      return { errors: [], warnings: [] };
    }
    return checkChangeAgainstClusters(
      this.options.reader,
      r.entity,
      manifests,
      r.context.extraFiles,
    );
  }

  private entityUrl(entity: Entity) {
    const base = this.options.appBaseUrl?.replace(/\/+$/, '');
    if (!base) return undefined;
    return `${base}/catalog/${entity.metadata.namespace ?? 'default'}/${
      entity.kind
    }/${entity.metadata.name}/autoscaling`.toLocaleLowerCase('en-US');
  }

  /** The owning groups' GitHub teams, read from the catalog as the plugin. */
  private async reviewersFor(entity: Entity) {
    const credentials = await this.options.auth.getOwnServiceCredentials();
    return owningGithubTeams(entity, async entityRefs =>
      (
        await this.options.catalog.getEntitiesByRefs(
          { entityRefs, fields: ['metadata.annotations'] },
          { credentials },
        )
      ).items.map(e => e ?? undefined),
    );
  }
}
