/**
 * Test-only: both verdicts on one case. Ours: the manifest validation every
 * proposal goes through plus KEDA's cluster-dependent rules over a snapshot
 * of the cluster. The API server's: a create (dry-run, or real where KEDA's
 * webhook skips the rule on dry runs) through the CRD schema and KEDA's
 * admission webhooks.
 */
import {
  checkAdmissionRules,
  validateManifests,
  type AdmissionSnapshot,
  type ValidationOptions,
} from '@keda-portal/plugin-keda-common';
import { CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import type { AgreementCase } from './cases';
import { createWorkload, deleteWorkload } from './fixtures';

const PLURALS: Record<string, string> = {
  ScaledObject: 'scaledobjects',
  ScaledJob: 'scaledjobs',
  TriggerAuthentication: 'triggerauthentications',
};

export interface OurVerdict {
  accepts: boolean;
  /** Our errors, then the warnings, one line each. */
  errors: string[];
  warnings: string[];
}

/** Our verdict: validation (with the CRD schema when given) and the cluster rules. */
export function ourVerdict(
  manifest: unknown,
  snapshot: AdmissionSnapshot,
  validation: ValidationOptions = {},
): OurVerdict {
  const problems = validateManifests([manifest], validation);
  const cluster = checkAdmissionRules([manifest], snapshot);
  const errors = [...problems, ...cluster.errors].map(p => p.message);
  return {
    accepts: errors.length === 0,
    errors,
    warnings: cluster.warnings.map(p => p.message),
  };
}

export interface ApiVerdict {
  accepts: boolean;
  /** Who refused: KEDA's webhook or the CRD schema (or the API server otherwise). */
  by?: 'webhook' | 'schema';
  message?: string;
}

function refusal(e: any): ApiVerdict | undefined {
  const code = e?.code ?? e?.statusCode;
  const body =
    typeof e?.body === 'string' ? e.body : JSON.stringify(e?.body ?? '');
  let message = body;
  try {
    message = JSON.parse(body).message ?? body;
  } catch {
    // Not JSON: keep the text.
  }
  if (/admission webhook "v[a-z]+\.kb\.io" denied/.test(message)) {
    return { accepts: false, by: 'webhook', message };
  }
  if (code === 422 || code === 400) {
    return { accepts: false, by: 'schema', message };
  }
  return undefined;
}

/**
 * The API server's verdict on a case in `namespace`. A real create makes the
 * case's workload first, deletes what it made afterwards, and retries a
 * moment later when the webhook's cache has not seen the new workload yet.
 */
export async function apiVerdict(
  admin: KubeConfig,
  namespace: string,
  c: AgreementCase,
): Promise<ApiVerdict> {
  const api = admin.makeApiClient(CustomObjectsApi);
  const plural = PLURALS[c.manifest.kind];
  const create = () =>
    api.createNamespacedCustomObject({
      group: 'keda.sh',
      version: 'v1alpha1',
      namespace,
      plural,
      body: { ...c.manifest, metadata: { ...c.manifest.metadata, namespace } },
      ...(c.mode === 'dryRun' && { dryRun: 'All' }),
    });
  if (c.mode === 'create' && c.workload) {
    await createWorkload(admin, namespace, c.workload);
  }
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await create();
        return { accepts: true };
      } catch (e) {
        const verdict = refusal(e);
        if (!verdict) throw e;
        // The webhook reads workloads from its informer cache.
        const unseen =
          c.workload &&
          verdict.by === 'webhook' &&
          /not found/.test(verdict.message ?? '') &&
          attempt < 20;
        if (!unseen) return verdict;
        await new Promise(r => setTimeout(r, 250));
      }
    }
  } finally {
    if (c.mode === 'create') {
      await api
        .deleteNamespacedCustomObject({
          group: 'keda.sh',
          version: 'v1alpha1',
          namespace,
          plural,
          name: c.manifest.metadata.name,
        })
        .catch(() => undefined);
      if (c.workload) await deleteWorkload(admin, namespace, c.workload);
    }
  }
}

export type Quadrant =
  | 'both accept'
  | 'both reject'
  | 'we reject, API accepts'
  | 'we accept, API rejects';

export function quadrant(ours: OurVerdict, api: ApiVerdict): Quadrant {
  if (ours.accepts)
    return api.accepts ? 'both accept' : 'we accept, API rejects';
  return api.accepts ? 'we reject, API accepts' : 'both reject';
}

/** Runs `run` over `items`, `size` at a time. */
export async function pool<T>(
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
