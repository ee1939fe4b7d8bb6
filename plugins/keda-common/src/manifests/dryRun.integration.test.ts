/**
 * Integration: needs the real API server (tools/kube-testenv) with KEDA 2.21's
 * CRDs. Generated manifests go through a server-side dry-run create; whatever
 * our validation accepts, the API server (CRD schema + CEL rules) must accept
 * too. The server runs no KEDA webhook, so our extra rules (webhook, catalog,
 * secrets) may reject what it accepts, never the other way round.
 */
import { CustomObjectsApi } from '@kubernetes/client-node';
// Test-only: the API server harness runs in Jest's Node environment.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import {
  createTestNamespace,
  getTestCluster,
  type TestCluster,
} from '@keda-portal/kube-testenv';
import fc from 'fast-check';
import { buildManifests } from './build';
import { intentArbitrary, manifestMistakes } from './__testUtils__/arbitraries';
import type { KedaManifest } from './types';
import { validateIntent, validateManifests } from './validate';

jest.setTimeout(10 * 60_000);

const PLURALS: Record<string, string> = {
  ScaledObject: 'scaledobjects',
  ScaledJob: 'scaledjobs',
  TriggerAuthentication: 'triggerauthentications',
};

interface Case {
  manifests: KedaManifest[];
  oursAccepts: boolean;
  mutated: boolean;
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

describe('server-side dry run of generated manifests [integration]', () => {
  let cluster: TestCluster;
  let api: CustomObjectsApi;
  let namespace: string;

  beforeAll(async () => {
    cluster = await getTestCluster();
    api = cluster.admin.makeApiClient(CustomObjectsApi);
    namespace = await createTestNamespace(cluster.admin, 'manifests');
  });

  afterAll(async () => {
    await cluster?.release();
  });

  /** undefined when accepted, else the server's message. */
  async function dryRun(manifest: KedaManifest): Promise<string | undefined> {
    try {
      await api.createNamespacedCustomObject({
        group: 'keda.sh',
        version: 'v1alpha1',
        namespace,
        plural: PLURALS[manifest.kind],
        body: manifest,
        dryRun: 'All',
      });
      return undefined;
    } catch (e: any) {
      const code = e?.code ?? e?.statusCode;
      if (code === 400 || code === 422)
        return String(e.body ?? e.message).slice(0, 400);
      throw e;
    }
  }

  it('accepts everything our validation accepts', async () => {
    const cases: Case[] = [];
    const intents = fc.sample(intentArbitrary, {
      numRuns: 1400,
      seed: 20260821,
    });
    intents.forEach((generated, i) => {
      const intent = {
        ...generated,
        namespace:
          generated.namespace === 'ns' ? namespace : generated.namespace,
      };
      const manifests = buildManifests(intent);
      cases.push({
        manifests,
        oursAccepts: validateIntent(intent).length === 0,
        mutated: false,
      });
      // Every third intent also as a hand-edited manifest with a mistake.
      if (i % 3 === 0) {
        const mutated = structuredClone(manifests);
        manifestMistakes[i % manifestMistakes.length](mutated[0]);
        cases.push({
          manifests: mutated,
          oursAccepts: validateManifests(mutated).length === 0,
          mutated: true,
        });
      }
    });

    const started = Date.now();
    const results = new Map<KedaManifest, string | undefined>();
    const all = cases.flatMap(c => c.manifests);
    await pool(all, 8, async manifest => {
      results.set(manifest, await dryRun(manifest));
    });

    const disagreements: string[] = [];
    let acceptedByBoth = 0;
    let rejectedByServer = 0;
    let rejectedOnlyByUs = 0;
    for (const c of cases) {
      const serverErrors = c.manifests.map(m => results.get(m)).filter(Boolean);
      if (serverErrors.length) rejectedByServer += c.manifests.length;
      if (c.oursAccepts) {
        if (serverErrors.length) {
          disagreements.push(
            `${JSON.stringify(c.manifests)}\n  -> ${serverErrors.join('; ')}`,
          );
        } else {
          acceptedByBoth += c.manifests.length;
        }
      } else if (!serverErrors.length) {
        rejectedOnlyByUs++;
      }
    }
    // eslint-disable-next-line no-console
    console.info(
      `${all.length} dry runs in ${
        Date.now() - started
      } ms: ${acceptedByBoth} manifests accepted by both, ` +
        `${rejectedByServer} rejected by the server, ${rejectedOnlyByUs} cases rejected only by our stricter rules`,
    );
    expect(disagreements.slice(0, 5)).toEqual([]);
    expect(acceptedByBoth).toBeGreaterThanOrEqual(500);
    // The invalid-ish side is exercised: the server rejects some of them.
    expect(rejectedByServer).toBeGreaterThanOrEqual(50);
  });
});
