export { kedaApiRef } from './KedaApi';
export type { KedaApi, CompoundRef } from './KedaApi';
export { KedaClient } from './KedaClient';
// The API's shapes are keda-common's; re-exported so this package's public
// API keeps them.
export type {
  ChangeGuardrails,
  ChangeOptions,
  GitopsChoice,
  GitopsRepositories,
  ChangePreview,
  ChangeProposal,
  ChangePullRequest,
  CurrentIntentResponse,
  OverviewFilters,
  WorkloadRef,
} from '@keda-portal/plugin-keda-common';
