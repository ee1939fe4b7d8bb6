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
