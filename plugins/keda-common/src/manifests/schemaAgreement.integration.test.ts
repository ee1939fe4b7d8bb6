/**
 * Integration: needs the real API server (tools/kube-testenv) with KEDA
 * 2.21's CRDs. Cases are generated from the CRD files' OpenAPI schemas (see
 * __testUtils__/schemaCases.ts) and each one goes to the API server as a
 * server-side dry-run create with strict field validation; the verdict of
 * `validateManifests` (what the preview runs) must agree:
 *
 * - never accept what the API server rejects (target: 0 such cases);
 * - reject what it accepts only by a rule KEDA applies above the schema (its
 *   admission webhook, which this API server does not run, or the scaler
 *   code), each listed in ABOVE_THE_SCHEMA with its reason.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CustomObjectsApi } from '@kubernetes/client-node';
// Test-only: the API server harness runs in Jest's Node environment.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import {
  createTestNamespace,
  ensureAssets,
  getTestCluster,
  type TestCluster,
} from '@keda-portal/kube-testenv';
import { parse } from 'yaml';
import { ANNOTATION_KUBERNETES_ID } from '../annotations';
import {
  generateSchemaCases,
  type SampleOverrides,
  type SchemaCase,
} from './__testUtils__/schemaCases';
import type { StructuralSchema } from './structural';
import { validateManifests } from './validate';

jest.setTimeout(15 * 60_000);

const KINDS = {
  ScaledObject: { plural: 'scaledobjects', namespaced: true },
  ScaledJob: { plural: 'scaledjobs', namespaced: true },
  TriggerAuthentication: {
    plural: 'triggerauthentications',
    namespaced: true,
  },
  ClusterTriggerAuthentication: {
    plural: 'clustertriggerauthentications',
    namespaced: false,
  },
} as const;
type Kind = keyof typeof KINDS;

const CRON = {
  type: 'cron',
  name: 'window',
  metadata: {
    timezone: 'Etc/UTC',
    start: '0 8 * * *',
    end: '0 18 * * *',
    desiredReplicas: '3',
  },
};

function bases(namespace: string): Record<Kind, Record<string, unknown>> {
  const metadata = (kind: Kind) => ({
    name: 'agreement',
    ...(KINDS[kind].namespaced ? { namespace } : {}),
    labels: { [ANNOTATION_KUBERNETES_ID]: 'agreement' },
  });
  const auth = {
    secretTargetRef: [{ parameter: 'password', name: 'creds', key: 'pw' }],
  };
  return {
    ScaledObject: {
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledObject',
      metadata: metadata('ScaledObject'),
      spec: { scaleTargetRef: { name: 'agreement' }, triggers: [CRON] },
    },
    ScaledJob: {
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledJob',
      metadata: metadata('ScaledJob'),
      spec: {
        jobTargetRef: {
          template: {
            spec: {
              containers: [{ name: 'worker', image: 'busybox:1.36' }],
              restartPolicy: 'Never',
            },
          },
        },
        triggers: [CRON],
      },
    },
    TriggerAuthentication: {
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'TriggerAuthentication',
      metadata: metadata('TriggerAuthentication'),
      spec: auth,
    },
    ClusterTriggerAuthentication: {
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ClusterTriggerAuthentication',
      metadata: metadata('ClusterTriggerAuthentication'),
      spec: auth,
    },
  };
}

/**
 * Valid samples where a generic one ('x', 1, true) would trip a rule above
 * the schema: the generated valid variants exercise the schema.
 */
const OVERRIDES: SampleOverrides = {
  'spec.triggers.type': 'cron',
  'spec.triggers.metricType': 'AverageValue',
  'spec.triggers.useCachedMetrics': false,
  'spec.advanced.scalingModifiers.formula': 'window',
  'spec.advanced.scalingModifiers.target': '10',
  'spec.advanced.scalingModifiers.activationTarget': '1',
  'spec.advanced.horizontalPodAutoscalerConfig.behavior.scaleUp.policies.type':
    'Pods',
  'spec.advanced.horizontalPodAutoscalerConfig.behavior.scaleDown.policies.type':
    'Pods',
  'spec.advanced.horizontalPodAutoscalerConfig.behavior.scaleUp.selectPolicy':
    'Max',
  'spec.advanced.horizontalPodAutoscalerConfig.behavior.scaleDown.selectPolicy':
    'Max',
  'spec.scalingStrategy.customScalingRunningJobPercentage': '0.5',
  'spec.jobTargetRef.template.spec.restartPolicy': 'OnFailure',
  'spec.envSourceContainerName': 'worker',
  'spec.scaleTargetRef.envSourceContainerName': 'worker',
  'spec.oauth2.tokenUrl': 'https://login.example.com/token',
  'spec.hashiCorpVault.credential': { serviceAccountName: 'vault' },
  'spec.azureServicePrincipal': {
    tenantId: 'tenant',
    clientId: 'client',
    clientSecret: {
      valueFrom: { secretKeyRef: { name: 'sp', key: 'secret' } },
    },
  },
};

/**
 * Cases we reject and the API server (schema only, no KEDA webhook) accepts:
 * each is a rule KEDA applies above the schema, in its admission webhook
 * (apis/keda/v1alpha1/*_webhook.go), its scalers, or where Kubernetes
 * checks the Job KEDA creates, or a portal rule. A pattern over
 * `<kind> <case kind> <path> <what>`, and the reason.
 */
const ABOVE_THE_SCHEMA: Array<[RegExp, string]> = [
  [
    /^Scaled(Object|Job) valid-variant spec\.triggers\[0\]\.metadata\.zzKey /,
    'catalog: the cron scaler has no parameter zzKey (KEDA ignores it; the portal refuses unknown parameters as typos)',
  ],
  [
    /^ScaledObject valid-variant spec\.advanced\.scalingModifiers\.(activationTarget|target|metricType) /,
    'webhook (ValidateAndCompileScalingModifiers): once scalingModifiers is used, formula is mandatory',
  ],
  [
    /^ScaledObject valid-variant spec\.advanced\.scalingModifiers\.formula /,
    'webhook (validateScalingModifiersFormula): a formula needs a target',
  ],
  [
    /^ScaledObject valid-variant spec\.fallback\.behavior enum value "scalingModifiers"/,
    'webhook (verifyFallback): behavior scalingModifiers needs scalingModifiers.formula',
  ],
  [
    /^ScaledObject valid-variant spec\.idleReplicaCount /,
    'webhook (verifyReplicaCount): idleReplicaCount must be below minReplicaCount (0 by default)',
  ],
  [
    /^ScaledJob null spec null$/,
    'domain: a ScaledJob without spec has no Job and no trigger; the schema requires them only inside spec',
  ],
  [
    /^ScaledJob null spec\.jobTargetRef\.template\.spec null$/,
    'Kubernetes: the Job KEDA creates is rejected without containers (batch/v1 Job validation)',
  ],
  [
    /^ScaledJob null spec\.jobTargetRef\.template\.spec\.containers\[0\]\.image null$/,
    'Kubernetes: the Job KEDA creates is rejected without a container image (Pod validation)',
  ],
  [
    /Authentication valid-variant spec\.azureServicePrincipal\.(activeDirectoryEndpoint|clientCertificate|clientCertificatePassword)\b/,
    'webhook (validateAzureServicePrincipal): activeDirectoryEndpoint only with cloud Private; clientSecret and clientCertificate exclude one another; clientCertificatePassword needs clientCertificate',
  ],
  [
    /Authentication null spec\.azureServicePrincipal\.clientSecret null$/,
    'webhook (validateAzureServicePrincipal): clientSecret or clientCertificate is required',
  ],
  [
    /Authentication valid-variant spec\.podIdentity\.identityAuthorityHost /,
    'webhook (validateSpec, azure-workload): identityAuthorityHost needs identityTenantId',
  ],
  [
    /Authentication valid-variant spec\.hashiCorpVault\.credential\.token /,
    'portal: a literal Vault token in the manifest is a secret in Git; use Vault kubernetes authentication',
  ],
  [
    /Authentication null spec\.secretTargetRef null$/,
    'portal: a TriggerAuthentication that supplies nothing (KEDA accepts it, no trigger can use it)',
  ],
];

function allowed(kind: Kind, c: SchemaCase): string | undefined {
  const line = `${kind} ${c.kind} ${c.path} ${c.what}`;
  return ABOVE_THE_SCHEMA.find(([pattern]) => pattern.test(line))?.[1];
}

function crdSchemas(crdDir: string): Record<Kind, StructuralSchema> {
  const out: Partial<Record<Kind, StructuralSchema>> = {};
  for (const file of readdirSync(crdDir)) {
    if (!/\.ya?ml$/.test(file)) continue;
    for (const doc of readFileSync(join(crdDir, file), 'utf8').split(
      /^---$/m,
    )) {
      const crd = parse(doc);
      const kind = crd?.spec?.names?.kind as Kind;
      if (crd?.kind !== 'CustomResourceDefinition' || !(kind in KINDS))
        continue;
      const version = crd.spec.versions.find(
        (v: { name: string }) => v.name === 'v1alpha1',
      );
      out[kind] = version.schema.openAPIV3Schema;
    }
  }
  return out as Record<Kind, StructuralSchema>;
}

async function pool<T>(
  items: T[],
  size: number,
  run: (item: T) => Promise<void>,
) {
  let next = 0;
  await Promise.all(
    Array.from({ length: size }, async () => {
      while (next < items.length) await run(items[next++]);
    }),
  );
}

describe('agreement with the API server on cases generated from the CRD schemas [integration]', () => {
  let cluster: TestCluster;
  let api: CustomObjectsApi;
  let namespace: string;
  let crdDir: string;

  beforeAll(async () => {
    cluster = await getTestCluster();
    api = cluster.admin.makeApiClient(CustomObjectsApi);
    namespace = await createTestNamespace(cluster.admin, 'agreement');
    crdDir = (await ensureAssets()).crdDir;
  });

  afterAll(async () => {
    await cluster?.release();
  });

  /** undefined when the API server accepts, else its message. */
  async function dryRun(
    kind: Kind,
    body: Record<string, unknown>,
  ): Promise<string | undefined> {
    const { plural, namespaced } = KINDS[kind];
    const common = {
      group: 'keda.sh',
      version: 'v1alpha1',
      plural,
      body,
      dryRun: 'All',
      fieldValidation: 'Strict',
    };
    try {
      if (namespaced) {
        await api.createNamespacedCustomObject({ ...common, namespace });
      } else {
        await api.createClusterCustomObject(common);
      }
      return undefined;
    } catch (e: any) {
      const code = e?.code ?? e?.statusCode;
      if (code === 400 || code === 422) {
        const text = String(e.body ?? e.message);
        try {
          return JSON.parse(text).message;
        } catch {
          return text.slice(0, 400);
        }
      }
      throw e;
    }
  }

  it('never accepts what the API server rejects; rejects what it accepts only by a listed rule', async () => {
    const schemas = crdSchemas(crdDir);
    const all: Array<{ kind: Kind; c: SchemaCase }> = [];
    const base = bases(namespace);
    for (const kind of Object.keys(KINDS) as Kind[]) {
      expect(schemas[kind]).toBeDefined();
      for (const c of generateSchemaCases(base[kind], schemas[kind], OVERRIDES))
        all.push({ kind, c });
      // The object levels above spec: the root and metadata.
      all.push(
        {
          kind,
          c: {
            kind: 'unknown-field',
            path: 'zzUnknownField',
            what: 'an unknown field',
            manifest: { ...base[kind], zzUnknownField: 'x' },
          },
        },
        {
          kind,
          c: {
            kind: 'unknown-field',
            path: 'metadata.zzUnknownField',
            what: 'an unknown field',
            manifest: {
              ...base[kind],
              metadata: {
                ...(base[kind].metadata as object),
                zzUnknownField: 'x',
              },
            },
          },
        },
      );
    }

    const started = Date.now();
    const server = new Map<SchemaCase, string | undefined>();
    await pool(all, 8, async ({ kind, c }) => {
      server.set(c, await dryRun(kind, c.manifest));
    });

    const quadrants = {
      bothAccept: 0,
      bothReject: 0,
      oursAcceptsServerRejects: [] as string[],
      oursRejectsServerAccepts: [] as string[],
      unlisted: [] as string[],
    };
    const byKind: Record<string, number> = {};
    for (const { kind, c } of all) {
      byKind[`${kind}/${c.kind}`] = (byKind[`${kind}/${c.kind}`] ?? 0) + 1;
      const serverError = server.get(c);
      const ours = validateManifests([c.manifest]);
      const line = `${kind} ${c.kind} ${c.path} ${c.what}`;
      if (!ours.length && !serverError) quadrants.bothAccept++;
      else if (ours.length && serverError) quadrants.bothReject++;
      else if (!ours.length) {
        quadrants.oursAcceptsServerRejects.push(`${line}\n  -> ${serverError}`);
      } else {
        quadrants.oursRejectsServerAccepts.push(line);
        if (!allowed(kind, c)) {
          quadrants.unlisted.push(
            `${line}\n  -> ${ours.map(p => p.message).join('; ')}`,
          );
        }
      }
    }
    // eslint-disable-next-line no-console
    console.info(
      [
        `${all.length} cases from the CRD schemas, dry-run in ${
          Date.now() - started
        } ms:`,
        `both accept ${quadrants.bothAccept}, both reject ${quadrants.bothReject},`,
        `we accept and the server rejects ${quadrants.oursAcceptsServerRejects.length},`,
        `we reject and the server accepts ${quadrants.oursRejectsServerAccepts.length} (unlisted ${quadrants.unlisted.length})`,
        JSON.stringify(byKind),
      ].join('\n'),
    );
    if (process.env.KEDA_PORTAL_AGREEMENT_DUMP) {
      require('node:fs').writeFileSync(
        process.env.KEDA_PORTAL_AGREEMENT_DUMP,
        JSON.stringify(quadrants, null, 2),
      );
    }
    expect(quadrants.oursAcceptsServerRejects.slice(0, 20)).toEqual([]);
    expect(quadrants.unlisted.slice(0, 40)).toEqual([]);
    // Every listed reason is still needed (a rule that no longer rejects
    // anything would hide the next disagreement).
    const used = new Set(
      all
        .filter(({ c }) =>
          quadrants.oursRejectsServerAccepts.includes(
            `${c.manifest.kind} ${c.kind} ${c.path} ${c.what}`,
          ),
        )
        .map(({ kind, c }) => allowed(kind, c)),
    );
    expect(
      ABOVE_THE_SCHEMA.map(([, reason]) => reason).filter(r => !used.has(r)),
    ).toEqual([]);
    // The generator reaches deep: the Job's pod template alone has hundreds.
    expect(all.length).toBeGreaterThan(2000);
  });
});
