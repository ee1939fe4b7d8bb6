export { kedaApiRef } from './KedaApi';
export type { KedaApi, CompoundRef, OverviewFilters } from './KedaApi';
export { KedaClient } from './KedaClient';
