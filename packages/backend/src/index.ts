/**
 * The example KEDA Portal backend: Backstage's core plugins, Backstage's
 * Kubernetes backend (for side-by-side comparison) and the KEDA Portal suite.
 */
import { createBackend } from '@backstage/backend-defaults';
import { kedaGitopsUrlReaderServiceFactory } from '@keda-portal/plugin-keda-backend';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

// Guest sign-in is the embedded default.
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

backend.add(import('@backstage/plugin-permission-backend'));
backend.add(
  import('@backstage/plugin-permission-backend-module-allow-all-policy'),
);

backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@keda-portal/plugin-scaffolder-backend-module-keda'));

// Events carry catalog and signals notifications between plugins.
backend.add(import('@backstage/plugin-events-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

// Backstage's Kubernetes backend reads the same clusters as KEDA Portal.
backend.add(import('@backstage/plugin-kubernetes-backend'));

backend.add(import('@keda-portal/plugin-keda-backend'));
// The catalog reads a proposed worker's catalog-info.yaml from GitOps
// repositories reached through a plain Git remote, such as the demo's.
backend.add(kedaGitopsUrlReaderServiceFactory);

backend.start();
