/**
 * A real kube-apiserver (with embedded etcd) and KEDA's CRDs, for integration
 * tests and the demo cluster, plus kube-controller-manager, kube-scheduler and
 * kwok's fake nodes (`startControllers`). Built from Go modules by
 * tools/kube-testenv and tools/kwok.
 *
 * @packageDocumentation
 */

export {
  ensureAssets,
  ensureKwok,
  ensureControllerBinaries,
  REPO_ROOT,
} from './binaries';
export type {
  KubeTestEnvAssets,
  KwokAssets,
  ControllerBinaries,
} from './binaries';
export {
  startControllers,
  CONTROLLERS,
  KWOK_NODE_ANNOTATION,
} from './controllers';
export type {
  Controllers,
  ControllersEnv,
  ControllersOptions,
} from './controllers';
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
