/**
 * Backend library for KEDA Portal: the cluster reader, the GitOps engine and
 * the change use case, exposed as Backstage services, plus the extension
 * points adopters use to add Git providers and guardrail policies.
 *
 * @packageDocumentation
 */

// Clusters and the live reader.
export { kedaClustersServiceRef } from './clusters/clustersService';
export type { KedaClustersService } from './clusters/clustersService';
export type { KedaClusterDetails } from './clusters/readClusters';
export { kedaClusterReaderServiceRef } from './reader/readerService';
export {
  ClusterReader,
  entitySelector,
  kubeConfigFor,
} from './reader/ClusterReader';
export type {
  KedaClusterReader,
  ClusterWorkloads,
  ClusterReaderOptions,
  ObjectChange,
  ObjectChangeListener,
  EntitySelector,
} from './reader/ClusterReader';
export { ClusterCache, isInScope } from './reader/ClusterCache';
export type {
  ClusterCacheOptions,
  ClusterSyncStatus,
  ScaledWorkload,
  WorkloadQuery,
} from './reader/ClusterCache';
export type { LabelRequirement } from './reader/labelSelector';
export type {
  ChangeType,
  InformerOptions,
  ResourceKind,
  SyncState,
} from './reader/ResourceInformer';

// The GitOps engine and what adopters extend it with.
export { kedaGitopsEngineServiceRef } from './gitops/engineService';
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
export {
  readGitopsSettings,
  proposalBranch,
  normaliseUrl,
} from './gitops/target';
export type { GitopsSettings, ConfiguredRepository } from './gitops/target';
export { readGuardrails } from './gitops/guardrails';
export type {
  EffectiveGuardrails,
  GuardrailRules,
  GuardrailReplicaLimit,
  GuardrailScaleToZero,
  GuardrailTriggerTypes,
} from './gitops/guardrails';
// For provider authors: the contract, and the plain Git provider to build on.
export { GitCliProvider } from './gitops/providers/git';
export type { BranchDiff, GitCliProviderOptions } from './gitops/providers/git';
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
export type { RetryOptions } from './gitops/providers/http';
export type {
  CurrentIntent,
  CurrentIntentQuery,
  CurrentIntentResult,
  CurrentIntentSource,
} from './gitops/currentIntent';

// The change use case: what the HTTP routes and scaffolder actions call.
export * from './changes';
