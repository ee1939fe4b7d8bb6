/**
 * Backend library for KEDA Portal: the cluster reader and the GitOps engine,
 * exposed as Backstage services.
 *
 * @packageDocumentation
 */

export { readClusters } from './clusters/readClusters';
export type { KedaClusterDetails } from './clusters/readClusters';
export { kedaClustersServiceRef } from './clusters/clustersService';
export type { KedaClustersService } from './clusters/clustersService';
export {
  ClusterReader,
  entitySelector,
  kubeConfigFor,
} from './reader/ClusterReader';
export type {
  ClusterWorkloads,
  ClusterReaderOptions,
  ObjectChange,
  ObjectChangeListener,
  EntitySelector,
} from './reader/ClusterReader';
export type { ClusterSyncStatus, ScaledWorkload } from './reader/ClusterCache';
export { kedaClusterReaderServiceRef } from './reader/readerService';
export { ClusterCache, isInScope } from './reader/ClusterCache';
export { parseLabelSelector, matchesLabels } from './reader/labelSelector';
export type { LabelRequirement } from './reader/labelSelector';
export type { ChangeType } from './reader/ResourceInformer';
export { ResourceInformer } from './reader/ResourceInformer';
export type {
  ResourceKind,
  SyncState,
  InformerOptions,
} from './reader/ResourceInformer';
export type { ClusterCacheOptions, WorkloadQuery } from './reader/ClusterCache';

export { CHANGE_TRAILER } from './gitops/engine';
export { DefaultGitopsEngine } from './gitops/DefaultGitopsEngine';
export type {
  GitopsEngine,
  GitopsEngineOptions,
  GitopsRepositories,
  ProposalResult,
  ProposalContext,
} from './gitops/engine';
export {
  kedaGitProvidersExtensionPoint,
  kedaGuardrailPoliciesExtensionPoint,
  registerKedaGitopsExtensionPoints,
} from './gitops/extensions';
export type {
  KedaGitProvidersExtensionPoint,
  KedaGuardrailPoliciesExtensionPoint,
  KedaGuardrailPolicy,
  KedaGuardrailPolicyContext,
} from './gitops/extensions';
export { kedaGitopsEngineServiceRef } from './gitops/engineService';
export {
  readGitopsSettings,
  proposalBranch,
  resolveTarget,
  normaliseUrl,
} from './gitops/target';
export type { GitopsSettings, ConfiguredRepository } from './gitops/target';
export {
  applyGitopsChoice,
  catalogFileIn,
  addCatalogAnnotations,
  annotationLines,
} from './gitops/onboarding';
export type { GitopsChoice } from './gitops/onboarding';
export {
  readGuardrails,
  checkGuardrails,
  describeGuardrails,
  isExternalTriggerType,
} from './gitops/guardrails';
export type {
  GuardrailRules,
  GuardrailReplicaLimit,
  GuardrailTriggerTypes,
  GuardrailScaleToZero,
  GuardrailContext,
  EffectiveGuardrails,
} from './gitops/guardrails';
export { GitCliProvider } from './gitops/providers/git';
export type { BranchDiff, GitCliProviderOptions } from './gitops/providers/git';
export { GithubProvider } from './gitops/providers/github';
export type { GithubProviderOptions } from './gitops/providers/github';
export { GitlabProvider } from './gitops/providers/gitlab';
export type { GitlabProviderOptions } from './gitops/providers/gitlab';
export { RateLimitedError } from './gitops/providers/http';
export type {
  HttpProviderOptions,
  RetryOptions,
  ProviderLogger,
} from './gitops/providers/http';
export { BranchMovedError } from './gitops/types';
export type {
  ChangePlan,
  ChangeTarget,
  CommitInfo,
  CommitRequest,
  FileEdit,
  FileMap,
  GitopsLayout,
  GitProvider,
  GitProviderKind,
  PullRequestInfo,
  PullRequestRequest,
  RepoSnapshot,
  SnapshotRequest,
} from './gitops/types';
export { readCurrentIntent } from './gitops/currentIntent';
export { manifestsFromHelmValues } from './gitops/layouts/helmValues';
export type {
  CurrentIntent,
  CurrentIntentQuery,
  CurrentIntentResult,
  CurrentIntentSource,
} from './gitops/currentIntent';
export {
  owningGithubTeams,
  GITHUB_TEAM_SLUG_ANNOTATION,
} from './gitops/reviewers';

export * from './changes';
