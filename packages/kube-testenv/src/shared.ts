import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { randomBytes } from 'node:crypto';
import { startKubeTestEnv } from './testenv';

/**
 * Set by `scripts/test.sh` to the admin kubeconfig of the one API server it
 * starts for the whole run.
 */
export const SHARED_KUBECONFIG_ENV = 'KEDA_PORTAL_TESTENV_KUBECONFIG';

/** An API server for integration tests. */
export interface TestCluster {
  server: string;
  admin: KubeConfig;
  /** Stops the server when this test file started its own; no-op when shared. */
  release(): Promise<void>;
}

/**
 * The API server for an integration test file: the run's shared one when
 * `scripts/test.sh` started it, otherwise one of its own (slower, but a
 * single test file can still be run alone). Tests isolate by namespace.
 */
export async function getTestCluster(): Promise<TestCluster> {
  const shared = process.env[SHARED_KUBECONFIG_ENV];
  if (shared) {
    const admin = new KubeConfig();
    admin.loadFromFile(shared);
    return {
      server: admin.getCurrentCluster()!.server,
      admin,
      release: async () => {},
    };
  }
  const env = await startKubeTestEnv();
  return { server: env.server, admin: env.adminConfig(), release: env.stop };
}

/** Creates a namespace with a random suffix, so tests never collide. */
export async function createTestNamespace(
  admin: KubeConfig,
  prefix: string,
): Promise<string> {
  const name = `${prefix}-${randomBytes(3).toString('hex')}`;
  await admin
    .makeApiClient(CoreV1Api)
    .createNamespace({ body: { metadata: { name } } });
  return name;
}

/**
 * Polls `fn` until it returns a truthy value (which it returns), or fails
 * after `timeoutMs`. For waiting on watches and caches in integration tests.
 */
export async function eventually<T>(
  fn: () =>
    | T
    | undefined
    | null
    | false
    | Promise<T | undefined | null | false>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) {
      throw new Error(`condition not met within ${timeoutMs} ms`);
    }
    await new Promise(r => setTimeout(r, 100));
  }
}
