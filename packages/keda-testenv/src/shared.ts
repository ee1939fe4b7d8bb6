import { KubeConfig } from '@kubernetes/client-node';
import type { TestCluster } from '@keda-portal/kube-testenv';
import { startKedaChain } from './chain';

/**
 * Set by `scripts/test.sh` to the admin kubeconfig of the one real KEDA
 * chain it starts for the run (separate from the plain test API server,
 * whose tests write statuses themselves).
 */
export const SHARED_KEDA_KUBECONFIG_ENV = 'KEDA_PORTAL_KEDA_KUBECONFIG';

/**
 * The real KEDA chain for a `*.keda.integration.test.ts` file: the run's
 * shared one when `scripts/test.sh` started it, otherwise one of its own
 * (slower, but a single test file can still be run alone).
 */
export async function getKedaCluster(): Promise<TestCluster> {
  const shared = process.env[SHARED_KEDA_KUBECONFIG_ENV];
  if (shared) {
    const admin = new KubeConfig();
    admin.loadFromFile(shared);
    return {
      server: admin.getCurrentCluster()!.server,
      admin,
      release: async () => {},
    };
  }
  const chain = await startKedaChain();
  return { server: chain.server, admin: chain.admin(), release: chain.stop };
}
