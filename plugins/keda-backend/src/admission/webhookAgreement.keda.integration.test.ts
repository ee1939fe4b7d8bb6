/**
 * Integration with the real KEDA chain (`getKedaCluster`): at least 300
 * generated ScaledObjects, ScaledJobs and TriggerAuthentications go to the
 * API server, through the CRD schema and KEDA v2.21.0's admission webhooks
 * (a dry run, or a real create and delete where KEDA skips the rule on dry
 * runs), and to our validation plus KEDA's cluster-dependent rules. We must
 * never accept what the API server refuses. What we refuse and it accepts is
 * listed as information (issue 20).
 *
 * KEDA_AGREEMENT_SEED replays another seed; KEDA_AGREEMENT_CASES sets the
 * number of cases (default 360).
 */
import { getKedaCluster } from '@keda-portal/keda-testenv';
import type { TestCluster } from '@keda-portal/kube-testenv';
import {
  describeReport,
  runAgreement,
  type AgreementReport,
} from './__testUtils__/run';

jest.setTimeout(20 * 60_000);

const SEED = Number(process.env.KEDA_AGREEMENT_SEED ?? 20261203);
const COUNT = Number(process.env.KEDA_AGREEMENT_CASES ?? 360);

describe("our verdict against KEDA's admission webhooks [keda integration]", () => {
  let cluster: TestCluster;
  let report: AgreementReport;

  beforeAll(async () => {
    cluster = await getKedaCluster();
    report = await runAgreement(cluster.admin, { seed: SEED, count: COUNT });
    // eslint-disable-next-line no-console
    console.info(describeReport(report));
  });

  afterAll(async () => {
    await cluster?.release();
  });

  it('never accepts what the API server refuses', () => {
    expect(report.results.length).toBeGreaterThanOrEqual(300);
    const accepted = report.results
      .filter(r => r.quadrant === 'we accept, API rejects')
      .map(r => `${r.case.id} ${r.case.family}: ${r.api.message}`);
    expect(accepted).toEqual([]);
  });

  it('puts KEDA’s webhook to work on the cluster-dependent rules', () => {
    // The webhook itself refused cases of each cluster-dependent kind, so
    // the agreement is not an artefact of a webhook that never ran.
    const refusedByWebhook = (family: string) =>
      report.results.filter(
        r => r.case.family.startsWith(family) && r.api.by === 'webhook',
      ).length;
    const silentFamilies = [
      'cluster:taken',
      'cluster:foreign-hpa',
      'cluster:hpa-name',
      'resources:none',
      'resources:missing',
    ].filter(family => refusedByWebhook(family) === 0);
    expect(silentFamilies).toEqual([]);
    expect(report.counts['both accept']).toBeGreaterThan(50);
    expect(report.counts['both reject']).toBeGreaterThan(50);
  });

  it('never lets the live cache pass a refused case silently', () => {
    // With only what the portal's cache holds, a case the API server
    // refuses is an error or at least a warning, never a silent pass.
    const silent = report.results
      .filter(
        r =>
          !r.api.accepts &&
          r.fromCache.accepts &&
          r.fromCache.warnings.length === 0,
      )
      .map(r => `${r.case.id} ${r.case.family}: ${r.api.message}`);
    expect(silent).toEqual([]);
  });
});
