/**
 * A real kube-apiserver (with embedded etcd) and KEDA's CRDs, for integration
 * tests and the demo cluster. Built from Go modules by tools/kube-testenv.
 *
 * @packageDocumentation
 */

export { ensureAssets, REPO_ROOT } from './binaries';
export type { KubeTestEnvAssets } from './binaries';
export { createCa, issueCertificate } from './certs';
export type {
  CertificateAuthority,
  IssuedCertificate,
  IssueOptions,
} from './certs';
export {
  startKubeTestEnv,
  readManifests,
  applyObjects,
  serviceAccountToken,
  readOnlyAccountToken,
  kubeConfigForToken,
} from './testenv';
export type { KubeTestEnv, StartOptions } from './testenv';
export {
  getTestCluster,
  createTestNamespace,
  eventually,
  SHARED_KUBECONFIG_ENV,
} from './shared';
export type { TestCluster } from './shared';
