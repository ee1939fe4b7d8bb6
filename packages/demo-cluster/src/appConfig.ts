/**
 * The app-config fragment the demo cluster writes for `scripts/dev start`:
 * both Kubernetes plugins (Backstage's and KEDA Portal's) read the demo API
 * server with the read-only account of examples/rbac, and the portal's
 * GitOps engine pushes to the demo's local GitOps repository.
 */
import { DEMO_GITOPS_URL } from './gitops';

/** What the fragment points at. */
export interface DemoAppConfigOptions {
  /** The demo API server's URL. */
  server: string;
  /** A token of the read-only service account. */
  token: string;
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
              url: options.server,
              authProvider: 'serviceAccount',
              serviceAccountToken: options.token,
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
