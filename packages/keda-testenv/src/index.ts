/**
 * The real KEDA chain for integration tests and the demo: KEDA v2.21.0's
 * operator, external metrics adapter and admission webhooks (tools/keda),
 * with kube-controller-manager, kube-scheduler and kwok's fake nodes, on a
 * kube-testenv API server. Everything runs as local processes on 127.0.0.1.
 *
 * @packageDocumentation
 */

export { startKedaChain } from './chain';
export type { KedaChain, KedaChainOptions } from './chain';
export { startKeda, KEDA_NAMESPACE } from './keda';
export type { KedaOptions, RunningKeda } from './keda';
export { ensureKedaBinaries } from './binaries';
export { getKedaCluster, SHARED_KEDA_KUBECONFIG_ENV } from './shared';
export * from './record';
