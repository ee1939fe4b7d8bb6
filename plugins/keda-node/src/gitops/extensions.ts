/**
 * Extension points for adopters: Git providers (a platform team on
 * Bitbucket or Azure DevOps adds one from a backend module, without
 * forking) and guardrail policies (rules beyond `keda.guardrails`). The KEDA
 * backend plugin registers both; what modules add reaches the GitOps engine
 * service, which the plugin and the scaffolder module share.
 */
import {
  createExtensionPoint,
  type BackendPluginRegistrationPoints,
} from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type {
  ManifestProblem,
  ScalingIntent,
} from '@keda-portal/plugin-keda-common';
import type { GitopsEngine } from './engine';
import type { GitProvider } from './types';

/**
 * What a guardrail policy is told about a proposed change.
 *
 * @public
 */
export interface KedaGuardrailPolicyContext {
  /** The catalog entity the change is for. */
  entity: Entity;
  /** Namespace of the scaled object. */
  namespace: string;
  /** The entity's `spec.lifecycle`, when it has one. */
  lifecycle?: string;
}

/**
 * A platform team's own rule for scaling changes, checked with the
 * configured guardrails before anything is written.
 *
 * @public
 */
export interface KedaGuardrailPolicy {
  /** Names the policy in logs and messages, e.g. `acme.business-hours`. */
  readonly id: string;
  /**
   * The problems of an intent: none when it is allowed. Each says what is
   * wrong (`message`, naming the field) and how to fix it (`fix`); `path` is
   * the intent field to change.
   */
  check(
    intent: ScalingIntent,
    context: KedaGuardrailPolicyContext,
  ): ManifestProblem[] | Promise<ManifestProblem[]>;
}

/**
 * Adds Git providers to the GitOps engine. A provider whose `kind` is
 * already known (`git`, `github`, `gitlab`) replaces the built-in one.
 * Repositories reach a provider through `keda.gitops.repositories[].provider`
 * (its kind), or through an integration whose type equals its kind.
 *
 * @public
 */
export interface KedaGitProvidersExtensionPoint {
  addGitProvider(...providers: GitProvider[]): void;
}

/**
 * Extension point for Git providers; see {@link KedaGitProvidersExtensionPoint}.
 *
 * @public
 */
export const kedaGitProvidersExtensionPoint =
  createExtensionPoint<KedaGitProvidersExtensionPoint>({
    id: 'keda.gitops.providers',
  });

/**
 * Adds guardrail policies, checked after `keda.guardrails` for every
 * preview and proposal.
 *
 * @public
 */
export interface KedaGuardrailPoliciesExtensionPoint {
  addGuardrailPolicy(...policies: KedaGuardrailPolicy[]): void;
}

/**
 * Extension point for guardrail policies; see {@link KedaGuardrailPoliciesExtensionPoint}.
 *
 * @public
 */
export const kedaGuardrailPoliciesExtensionPoint =
  createExtensionPoint<KedaGuardrailPoliciesExtensionPoint>({
    id: 'keda.guardrails.policies',
  });

/**
 * Registers both extension points for the plugin that owns them (the KEDA
 * backend plugin) and returns what hands their additions to the engine:
 * call it from `register`, and `installInto(engine)` first thing in `init`
 * (modules have added theirs by then). Adding after that is an error.
 *
 * @public
 */
export function registerKedaGitopsExtensionPoints(
  env: Pick<BackendPluginRegistrationPoints, 'registerExtensionPoint'>,
): { installInto(engine: GitopsEngine): void } {
  const gitProviders: GitProvider[] = [];
  const guardrailPolicies: KedaGuardrailPolicy[] = [];
  let installed = false;
  const notInstalled = (what: string) => {
    if (installed) {
      throw new Error(
        `${what} was called after the KEDA plugin started: call it from a backend module's init`,
      );
    }
  };
  env.registerExtensionPoint(kedaGitProvidersExtensionPoint, {
    addGitProvider(...providers) {
      notInstalled('addGitProvider');
      gitProviders.push(...providers);
    },
  });
  env.registerExtensionPoint(kedaGuardrailPoliciesExtensionPoint, {
    addGuardrailPolicy(...policies) {
      notInstalled('addGuardrailPolicy');
      guardrailPolicies.push(...policies);
    },
  });
  return {
    installInto(engine) {
      installed = true;
      engine.extend({ gitProviders, guardrailPolicies });
    },
  };
}
