/**
 * Test-only: one agreement run. Sets up the fixtures in two fresh
 * namespaces, waits until KEDA's webhook sees them, sends every case to the
 * API server and to our rules, and tallies the quadrants.
 */
import {
  loadCrdSchemaValidator,
  type AdmissionSnapshot,
  type ValidationOptions,
} from '@keda-portal/plugin-keda-common';
import { createTestNamespace, eventually } from '@keda-portal/kube-testenv';
import type { KubeConfig } from '@kubernetes/client-node';
import {
  apiVerdict,
  ourVerdict,
  pool,
  quadrant,
  type ApiVerdict,
  type OurVerdict,
  type Quadrant,
} from './agreement';
import { generateCases, type AgreementCase } from './cases';
import {
  asCacheHoldsIt,
  createFixtures,
  FIXTURE,
  servedKinds,
  snapshotOf,
  withWorkload,
} from './fixtures';

export interface CaseResult {
  case: AgreementCase;
  ours: OurVerdict;
  /** Our verdict with only what the portal's live cache holds. */
  fromCache: OurVerdict;
  api: ApiVerdict;
  quadrant: Quadrant;
}

export interface AgreementReport {
  seed: number;
  results: CaseResult[];
  counts: Record<Quadrant, number>;
  /** Who refused the cases the API server refused. */
  refusedBy: Record<string, number>;
  /** Whether our CRD-schema check ran (it needs the ESM package to load). */
  schemaChecked: boolean;
}

/** Probes that fail until KEDA's webhook has the fixtures in its cache. */
const PROBES: Array<Record<string, any>> = [
  { scaleTargetRef: { name: FIXTURE.taken } },
  { scaleTargetRef: { name: FIXTURE.foreignHpaTarget } },
  {
    scaleTargetRef: { name: FIXTURE.free },
    advanced: {
      horizontalPodAutoscalerConfig: { name: FIXTURE.sharedHpaName },
    },
  },
];

async function waitForWebhookCache(admin: KubeConfig, namespace: string) {
  for (const [i, spec] of PROBES.entries()) {
    const probe: AgreementCase = {
      id: `probe${i}`,
      family: 'probe',
      mode: 'dryRun',
      manifest: {
        apiVersion: 'keda.sh/v1alpha1',
        kind: 'ScaledObject',
        metadata: { name: `probe-${i}` },
        spec: {
          minReplicaCount: 1,
          ...spec,
          triggers: [
            {
              type: 'cron',
              metadata: {
                timezone: 'UTC',
                start: '0 8 * * *',
                end: '0 9 * * *',
                desiredReplicas: '1',
              },
            },
          ],
        },
      },
    };
    await eventually(async () => {
      const verdict = await apiVerdict(admin, namespace, probe);
      return verdict.by === 'webhook';
    }, 60_000).catch(() => {
      throw new Error(
        `KEDA's admission webhook did not refuse ${JSON.stringify(
          spec,
        )} within 60 s: is it registered (ValidatingWebhookConfiguration keda-admission) and running?`,
      );
    });
  }
}

async function schemaValidation(): Promise<ValidationOptions> {
  try {
    return { schema: await loadCrdSchemaValidator() };
  } catch {
    // The ESM-only models package does not load under Jest's CommonJS.
    return {};
  }
}

export async function runAgreement(
  admin: KubeConfig,
  options: {
    seed: number;
    count: number;
    concurrency?: number;
    /** false: an API server without KEDA's webhooks (to try the harness). */
    webhook?: boolean;
  },
): Promise<AgreementReport> {
  const namespace = await createTestNamespace(admin, 'agree');
  const limitRangeNamespace = await createTestNamespace(admin, 'agree-lr');
  await createFixtures(admin, namespace, limitRangeNamespace);
  if (options.webhook !== false) await waitForWebhookCache(admin, namespace);
  const kinds = await servedKinds(admin);
  const snapshots: Record<string, AdmissionSnapshot> = {
    [namespace]: await snapshotOf(admin, namespace, kinds),
    [limitRangeNamespace]: await snapshotOf(admin, limitRangeNamespace, kinds),
  };
  const validation = await schemaValidation();
  const cases = generateCases(options.seed, options.count);
  const results: CaseResult[] = [];
  await pool(cases, options.concurrency ?? 4, async c => {
    const ns = c.limitRange ? limitRangeNamespace : namespace;
    const manifest = {
      ...c.manifest,
      metadata: { ...c.manifest.metadata, namespace: ns },
    };
    const snapshot = withWorkload(snapshots[ns], ns, c.workload);
    const ours = ourVerdict(manifest, snapshot, validation);
    const fromCache = ourVerdict(
      manifest,
      asCacheHoldsIt(snapshot),
      validation,
    );
    const api = await apiVerdict(admin, ns, c);
    results.push({
      case: c,
      ours,
      fromCache,
      api,
      quadrant: quadrant(ours, api),
    });
  });
  results.sort((a, b) => a.case.id.localeCompare(b.case.id));
  const counts: Record<Quadrant, number> = {
    'both accept': 0,
    'both reject': 0,
    'we reject, API accepts': 0,
    'we accept, API rejects': 0,
  };
  const refusedBy: Record<string, number> = {};
  for (const r of results) {
    counts[r.quadrant]++;
    if (!r.api.accepts) {
      refusedBy[r.api.by ?? 'other'] =
        (refusedBy[r.api.by ?? 'other'] ?? 0) + 1;
    }
  }
  return {
    seed: options.seed,
    results,
    counts,
    refusedBy,
    schemaChecked: Boolean(validation.schema),
  };
}

/** The report as text for the test output. */
export function describeReport(report: AgreementReport): string {
  const lines = [
    `KEDA webhook agreement, seed ${report.seed}, ${
      report.results.length
    } cases (our CRD-schema check ${
      report.schemaChecked ? 'ran' : 'did not load'
    }):`,
    ...Object.entries(report.counts).map(([q, n]) => `  ${q}: ${n}`),
    `  refused by: ${Object.entries(report.refusedBy)
      .map(([by, n]) => `${by} ${n}`)
      .join(', ')}`,
  ];
  const families = new Map<string, Record<string, number>>();
  for (const r of report.results) {
    const f = families.get(r.case.family) ?? {};
    f[r.quadrant] = (f[r.quadrant] ?? 0) + 1;
    families.set(r.case.family, f);
  }
  lines.push('  by family:');
  for (const [family, counts] of [...families].sort()) {
    lines.push(
      `    ${family}: ${Object.entries(counts)
        .map(([q, n]) => `${q} ${n}`)
        .join(', ')}`,
    );
  }
  const disagreements = report.results.filter(
    r => r.quadrant === 'we accept, API rejects',
  );
  if (disagreements.length) {
    lines.push('We ACCEPT but the API server REFUSES (must be none):');
    for (const r of disagreements) {
      lines.push(
        `  ${r.case.id} ${r.case.family} (${r.case.mode}): ${r.api.by}: ${r.api.message}`,
        `    ${JSON.stringify(r.case.manifest.spec)}`,
      );
    }
  }
  const stricter = report.results.filter(
    r => r.quadrant === 'we reject, API accepts',
  );
  if (stricter.length) {
    lines.push('Info (issue 20): we refuse, the API server accepts:');
    for (const r of stricter) {
      lines.push(
        `  ${r.case.id} ${r.case.family}: ${r.ours.errors.join(' | ')}`,
      );
    }
  }
  const cacheWarnsOnly = report.results.filter(
    r => !r.api.accepts && r.ours.accepts === false && r.fromCache.accepts,
  );
  lines.push(
    `From the portal's live cache alone, ${cacheWarnsOnly.length} of the refused cases are warnings rather than errors (foreign HPAs, container requests and LimitRanges are not in the cache).`,
  );
  return lines.join('\n');
}
