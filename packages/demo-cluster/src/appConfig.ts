/**
 * The app-config fragment the demo cluster writes for `scripts/dev start`:
 * both Kubernetes plugins (Backstage's and KEDA Portal's) read the demo API
 * server through the demo's loopback proxy, which adds the token of the
 * read-only account of examples/rbac (like `kubectl proxy`, hence the
 * `localKubectlProxy` auth provider: the portal sends no credentials), and
 * the portal's GitOps engine pushes to the demo's local GitOps repository.
 */
import { DEMO_GITOPS_URL } from './gitops';

/** What the fragment points at. */
export interface DemoAppConfigOptions {
  /** The demo's read-only proxy in front of its API server, `http://127.0.0.1:<port>`. */
  proxyUrl: string;
  /** Path of the demo's bare GitOps repository. */
  gitopsRemote: string;
}

/** The fragment, as a plain object (written as YAML by the CLI). */
export function demoAppConfig(options: DemoAppConfigOptions) {
  return {
    kubernetes: {
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: [
            {
              name: 'demo',
              url: options.proxyUrl,
              authProvider: 'localKubectlProxy',
              // Plain HTTP on loopback: @kubernetes/client-node refuses an
              // http:// server unless TLS verification is off.
              skipTLSVerify: true,
              // The demo runs no metrics-server: Backstage's Kubernetes tab
              // would report every pod's metrics request as an error.
              skipMetricsLookup: true,
            },
          ],
        },
      ],
    },
    keda: {
      gitops: {
        argoCdPaths: ['argocd'],
        repositories: [
          {
            url: DEMO_GITOPS_URL,
            provider: 'git',
            remote: options.gitopsRemote,
          },
        ],
      },
    },
  };
}
