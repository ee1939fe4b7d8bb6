export { kedaApiRef } from './KedaApi';
export type { KedaApi, CompoundRef, OverviewFilters } from './KedaApi';
export { KedaClient } from './KedaClient';
export type {
  ChangeGuardrails,
  ChangeOptions,
  GitopsChoice,
  GitopsRepositories,
  ChangePreview,
  ChangeProposal,
  ChangePullRequest,
  CurrentIntentResponse,
  WorkloadRef,
} from './changeTypes';
