export { kedaApiRef } from './KedaApi';
export type { KedaApi, CompoundRef, OverviewFilters } from './KedaApi';
export { KedaClient } from './KedaClient';
export type {
  ChangeGuardrails,
  ChangePreview,
  ChangeProposal,
  ChangePullRequest,
  CurrentIntentResponse,
  WorkloadRef,
} from './changeTypes';
