/**
 * A real backend for the change endpoints and the reliability suites: the
 * catalog, the permission framework under a policy that lets only owners
 * change (isEntityOwner), the KEDA plugin, and a real Git bare repository as
 * the GitOps remote. Every log line and every signal is recorded so tests
 * can scan them.
 */
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import {
  BackstageCredentials,
  coreServices,
  createBackendModule,
  createServiceFactory,
  HttpAuthService,
  LoggerService,
  RootLoggerService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import permissionPlugin from '@backstage/plugin-permission-backend';
import {
  AuthorizeResult,
  isResourcePermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { kedaChangeCreatePermission } from '@keda-portal/plugin-keda-common';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { kedaPlugin } from '../plugin';
import { git } from './git';

export { git };

export const REPO_URL = 'https://git.example.invalid/platform/shop-gitops';
export const ALICE = 'user:default/alice';
export const BOB = 'user:default/bob';
export const GUEST = 'user:development/guest';
/** The entity's GitOps folder: nothing outside it may ever change. */
export const GITOPS_PATH = 'apps/orders-api';
export const ENTITY_URL = '/api/keda/entities/default/component/orders-api';

/** A valid intent for the seeded entity. */
export const validIntent = () => ({
  name: 'orders-api',
  namespace: 'shop',
  scaleTarget: { name: 'orders-api' },
  minReplicaCount: 1,
  maxReplicaCount: 8,
  triggers: [
    {
      type: 'prometheus',
      metadata: {
        serverAddress: 'http://prometheus.monitoring:9090',
        query: 'sum(rate(http_requests_total[2m]))',
        threshold: '40',
      },
    },
  ],
});

/** Owners may propose changes; everything else is allowed. */
class OwnersMayChange implements PermissionPolicy {
  async handle(
    query: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (
      isResourcePermission(query.permission, 'catalog-entity') &&
      query.permission.name === kedaChangeCreatePermission.name
    ) {
      return createCatalogConditionalDecision(
        query.permission,
        catalogConditions.isEntityOwner({
          claims: user?.info.ownershipEntityRefs ?? [],
        }),
      );
    }
    return { result: AuthorizeResult.ALLOW };
  }
}

const policyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'owners-may-change',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy(new OwnersMayChange());
      },
    });
  },
});

/**
 * The mock HTTP auth drops the calling plugin (the actor) from on-behalf-of
 * tokens, and the permission backend then refuses the catalog's conditional
 * queries; a real backend keeps the actor, and so does this wrapper.
 */
const httpAuthKeepingActors = createServiceFactory({
  service: coreServices.httpAuth,
  deps: { plugin: coreServices.pluginMetadata },
  factory({ plugin }): HttpAuthService {
    const inner = mockServices.httpAuth({ pluginId: plugin.getId() });
    const prefix = 'Bearer mock-service-token:';
    return {
      credentials: (async (req: any, options?: any) => {
        const credentials: BackstageCredentials = await inner.credentials(
          req,
          options,
        );
        const header = String(req.headers?.authorization ?? '');
        if (
          header.startsWith(prefix) &&
          (credentials.principal as { type: string }).type === 'user'
        ) {
          const { sub } = JSON.parse(header.slice(prefix.length));
          return mockCredentials.user(
            (credentials.principal as { userEntityRef: string }).userEntityRef,
            { actor: { subject: sub ?? 'plugin' } },
          );
        }
        return credentials;
      }) as HttpAuthService['credentials'],
      issueUserCookie: (res, o) => inner.issueUserCookie(res, o),
    };
  },
});

/** A logger that keeps every line, with its fields, as text. */
class RecordingLogger implements RootLoggerService {
  constructor(
    readonly lines: string[],
    private readonly fields: Record<string, unknown> = {},
  ) {}
  private log(level: string, message: string, meta?: unknown) {
    this.lines.push(
      `${level} ${message} ${safeJson({ ...this.fields, meta })} ${
        meta instanceof Error ? `${meta.message} ${meta.stack}` : ''
      }`,
    );
  }
  error(message: string, meta?: any) {
    this.log('error', message, meta);
  }
  warn(message: string, meta?: any) {
    this.log('warn', message, meta);
  }
  info(message: string, meta?: any) {
    this.log('info', message, meta);
  }
  debug(message: string, meta?: any) {
    this.log('debug', message, meta);
  }
  child(meta: Record<string, unknown>): LoggerService {
    return new RecordingLogger(this.lines, { ...this.fields, ...meta });
  }
}

function safeJson(value: unknown) {
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

/**
 * Paths that any branch of the remote adds, changes or removes outside the
 * entity's GitOps folder, compared with main: must always be none.
 */
export function changedPathsOutside(remote: string): string[] {
  const refs = git(remote, 'for-each-ref', '--format=%(refname)')
    .split('\n')
    .filter(Boolean);
  const paths = new Set<string>();
  for (const ref of refs) {
    for (const p of git(remote, 'diff', '--name-only', 'refs/heads/main', ref)
      .split('\n')
      .filter(Boolean)) {
      if (!p.startsWith(`${GITOPS_PATH}/`)) paths.add(p);
    }
  }
  return [...paths];
}

export interface TestBackendOptions {
  /** Extra config, merged over the defaults (keda.*, integrations, ...). */
  config?: (root: string, remote: string) => Record<string, any>;
  /** Per-user change limit; high by default so fuzzing is not throttled. */
  rateLimitPerMinute?: number;
  /** The Kubernetes namespace of orders-api (default shop). */
  kubernetesNamespace?: string;
  /** More files on main of the GitOps repository, by path. */
  files?: Record<string, string>;
  /** More catalog entities, as YAML documents. */
  catalog?: string;
  /** More backend features, e.g. a module that uses an extension point. */
  features?: Parameters<typeof startTestBackend>[0]['features'];
}

export interface TestBackend {
  server: any;
  root: string;
  remote: string;
  logs: string[];
  signals: unknown[];
  stop(): Promise<void>;
}

/**
 * Seeds a bare repository and a catalog (orders-api owned by alice; a guest
 * user in another namespace), starts the backend and waits for the catalog.
 */
export async function startKedaTestBackend(
  options: TestBackendOptions = {},
): Promise<TestBackend> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'keda-reliability-'));
  const remote = path.join(root, 'remote.git');
  git(root, 'init', '--quiet', '--bare', '--initial-branch=main', remote);
  const seed = path.join(root, 'seed');
  fs.mkdirSync(path.join(seed, GITOPS_PATH), { recursive: true });
  fs.mkdirSync(path.join(seed, 'apps', 'payments'), { recursive: true });
  fs.writeFileSync(
    path.join(seed, GITOPS_PATH, 'deployment.yaml'),
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: orders-api\nspec:\n  template: {}\n',
  );
  // A neighbour's folder and a root file: canaries for writes outside.
  fs.writeFileSync(
    path.join(seed, 'apps', 'payments', 'scaledobject.yaml'),
    'apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata:\n  name: payments\n',
  );
  fs.writeFileSync(path.join(seed, 'README.md'), '# shop gitops\n');
  for (const [file, content] of Object.entries(options.files ?? {})) {
    fs.mkdirSync(path.dirname(path.join(seed, file)), { recursive: true });
    fs.writeFileSync(path.join(seed, file), content);
  }
  git(root, 'init', '--quiet', '--initial-branch=main', seed);
  git(seed, 'add', '-A');
  git(seed, 'commit', '--quiet', '-m', 'Seed');
  git(seed, 'push', '--quiet', remote, 'main');
  fs.writeFileSync(
    path.join(root, 'catalog.yaml'),
    `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: orders-api
  annotations:
    backstage.io/kubernetes-id: orders-api
    backstage.io/kubernetes-namespace: ${options.kubernetesNamespace ?? 'shop'}
    keda-portal.io/gitops-repo: ${REPO_URL}
    keda-portal.io/gitops-path: ${GITOPS_PATH}
    keda-portal.io/gitops-layout: plain
spec:
  type: service
  lifecycle: production
  owner: ${ALICE}
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: payments
  annotations:
    backstage.io/kubernetes-id: payments
    keda-portal.io/gitops-repo: ${REPO_URL}
    keda-portal.io/gitops-path: apps/payments
    keda-portal.io/gitops-layout: plain
spec:
  type: service
  lifecycle: production
  owner: ${BOB}
${options.catalog ? `---\n${options.catalog}` : ''}`,
  );

  const logs: string[] = [];
  const signals: unknown[] = [];
  const extra = options.config?.(root, remote) ?? {};
  const data = {
    ...extra,
    backend: { baseUrl: 'http://localhost:7007' },
    app: { baseUrl: 'http://localhost:3000' },
    permission: { enabled: true },
    catalog: {
      locations: [{ type: 'file', target: path.join(root, 'catalog.yaml') }],
    },
    keda: {
      kubeconfig: false,
      ...extra.keda,
      changes: { rateLimitPerMinute: options.rateLimitPerMinute ?? 1_000_000 },
      gitops: {
        cacheDir: path.join(root, 'cache'),
        repositories: [{ url: REPO_URL, provider: 'git', remote }],
        ...extra.keda?.gitops,
      },
    },
  };
  const backend = await startTestBackend({
    features: [
      catalogPlugin,
      permissionPlugin,
      policyModule,
      kedaPlugin,
      ...(options.features ?? []),
      mockServices.rootConfig.factory({ data }),
      permissionsServiceFactory,
      httpAuthKeepingActors,
      createServiceFactory({
        service: coreServices.rootLogger,
        deps: {},
        factory: () => new RecordingLogger(logs),
      }),
      createServiceFactory({
        service: coreServices.logger,
        deps: { plugin: coreServices.pluginMetadata },
        factory: ({ plugin }) =>
          new RecordingLogger(logs, { plugin: plugin.getId() }),
      }),
      createServiceFactory({
        service: signalsServiceRef,
        deps: {},
        factory: () => ({
          publish: async (signal: unknown) => {
            signals.push(signal);
          },
        }),
      }),
    ],
  });
  const { server } = backend;

  const deadline = Date.now() + 30_000;
  for (;;) {
    const res = await request(server)
      .get('/api/catalog/entities/by-name/component/default/orders-api')
      .set('Authorization', mockCredentials.user.header(ALICE));
    if (res.status === 200 && res.body.relations?.length) break;
    if (Date.now() > deadline) {
      throw new Error(
        `catalog did not process: ${res.status} ${JSON.stringify(
          res.body,
        ).slice(0, 500)}`,
      );
    }
    await new Promise(r => setTimeout(r, 250));
  }
  return {
    server,
    root,
    remote,
    logs,
    signals,
    async stop() {
      await backend.stop();
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}
