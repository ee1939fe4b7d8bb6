/**
 * Contract tests against the real chain: KEDA v2.21.0's operator, metrics
 * adapter and webhooks, kube-controller-manager's HPA controller and fake
 * nodes, with real event sources. Every recorded path runs in a namespace
 * of its own, all at once; at each step, once the chain reached the step's
 * state, the portal's `/scaling` answer (the real backend reading the
 * cluster with the read-only account) must show it.
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import {
  getKedaCluster,
  recordingOf,
  RECORDED_PATHS,
  runPath,
  shapeOf,
  startPathSources,
  summary,
  takeSnapshot,
  type PathSources,
  type RecordedPath,
  type Recording,
  type StepResult,
} from '@keda-portal/keda-testenv';
import {
  createTestNamespace,
  eventually,
  readOnlyAccountToken,
  type TestCluster,
} from '@keda-portal/kube-testenv';
import type { WorkloadView } from '@keda-portal/plugin-keda-common';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import {
  ALICE,
  startKedaTestBackend,
  type TestBackend,
} from '../__testUtils__/testBackend';
import { CHECKS } from './contract';

jest.setTimeout(10 * 60_000);

const RECORDED_DIR = path.resolve(
  __dirname,
  '../../../keda-common/src/status/__fixtures__/recorded',
);

interface Outcome {
  namespace: string;
  results: StepResult[];
  /** Seconds from the path's start to its last step. */
  seconds: number;
}

let cluster: TestCluster;
let backend: TestBackend;
let sources: PathSources;
const namespaces: Record<string, string> = {};
const runs: Record<string, Promise<Outcome | Error>> = {};

/** The path's workload in the `/scaling` answer of its entity. */
async function answer(pathName: string): Promise<WorkloadView | undefined> {
  const res = await request(backend.server)
    .get(`/api/keda/entities/default/component/contract-${pathName}/scaling`)
    .set('Authorization', mockCredentials.user.header(ALICE));
  expect(res.status).toBe(200);
  return res.body.clusters[0]?.workloads?.[0];
}

/**
 * Polls the answer until the step's checks pass (the watch may lag), each
 * time against a snapshot read right after it, so the answer is compared
 * with what the chain holds then.
 */
async function checkAnswer(
  p: RecordedPath,
  namespace: string,
  result: StepResult,
) {
  const pathName = p.name;
  const check = CHECKS[pathName]?.[result.step];
  if (!check) throw new Error(`no checks for ${pathName} ${result.step}`);
  let failure: unknown;
  let last: WorkloadView | undefined;
  let snapshot = result.snapshot;
  try {
    await eventually(async () => {
      last = await answer(pathName);
      snapshot = await takeSnapshot(cluster.admin, {
        kind: p.kind,
        namespace,
        name: p.object,
      });
      if (!last) return false;
      try {
        check(last, snapshot);
        return true;
      } catch (e) {
        failure = e;
        return false;
      }
    }, 30_000);
  } catch {
    const detail = JSON.stringify(
      {
        answer: last && {
          health: last.status.health,
          diagnosis: last.status.diagnosis,
          conditions: last.status.conditions.map(
            c => `${c.type}=${c.status} ${c.reason ?? ''}`,
          ),
          replicas: last.status.replicas,
          triggers: last.status.triggers,
          events: last.status.events.map(e => e.reason),
        },
        chain: summary(snapshot),
      },
      null,
      1,
    );
    throw new Error(
      `${pathName} ${result.step}: ${
        (failure as Error)?.message ?? 'no workload in the answer'
      }\n${detail}`,
    );
  }
}

beforeAll(async () => {
  cluster = await getKedaCluster();
  for (const p of RECORDED_PATHS) {
    namespaces[p.name] = await createTestNamespace(
      cluster.admin,
      `c-${p.name}`,
    );
  }
  const token = await readOnlyAccountToken(cluster.admin);
  backend = await startKedaTestBackend({
    config: () => ({
      kubernetes: {
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: [
              {
                name: 'keda-chain',
                url: cluster.server,
                authProvider: 'serviceAccount',
                serviceAccountToken: token,
                skipTLSVerify: true,
              },
            ],
          },
        ],
      },
    }),
    catalog: RECORDED_PATHS.map(
      p => `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: contract-${p.name}
  annotations:
    backstage.io/kubernetes-id: ${p.object}
    backstage.io/kubernetes-namespace: ${namespaces[p.name]}
spec:
  type: service
  lifecycle: production
  owner: ${ALICE}
`,
    ).join('---\n'),
  });
  sources = startPathSources();
  for (const p of RECORDED_PATHS) {
    const started = Date.now();
    runs[p.name] = runPath(
      p,
      { admin: cluster.admin, namespace: namespaces[p.name], sources },
      result => checkAnswer(p, namespaces[p.name], result),
    ).then(
      results => ({
        namespace: namespaces[p.name],
        results,
        seconds: (Date.now() - started) / 1000,
      }),
      (e: Error) => e,
    );
  }
  // Generous: without a shared chain, getKedaCluster starts one (and builds
  // its binaries on a fresh machine).
}, 30 * 60_000);

afterAll(async () => {
  await Promise.all(Object.values(runs));
  await sources?.stop();
  await backend?.stop();
  await cluster?.release();
});

describe('the /scaling answer, read from the real KEDA chain', () => {
  it.each(RECORDED_PATHS.map(p => [p.name, p.description] as const))(
    '%s: %s',
    async name => {
      const outcome = await runs[name];
      if (outcome instanceof Error) throw outcome;
      // Every step reached, and the answer checked at each (runPath's onStep).
      expect(outcome.results.map(r => r.step)).toEqual(
        RECORDED_PATHS.find(p => p.name === name)!.steps.map(s => s.name),
      );
      // eslint-disable-next-line no-console
      console.log(
        `[contract] ${name}: ${outcome.seconds.toFixed(1)} s (${outcome.results
          .map(r => `${r.step} ${r.seconds.toFixed(1)} s`)
          .join(', ')})`,
      );
    },
  );
});

/**
 * Conditions whose reason depends on timing, not on the path: KEDA's
 * HPAActive mirrors the HPA a sync late, and the HPA's AbleToScale and
 * ScalingLimited reasons change with each rescale.
 */
const TIMING_CONDITIONS =
  /\[(HPAActive|AbleToScale|ScalingLimited|ScaledToZero)=/;
/**
 * Before KEDA's scale loop first looks at fallback, a new ScaledObject's
 * Fallback condition is Unknown; after, False/NoFallbackFound. Both say "no
 * fallback", and which one a step sees depends on timing (seen in CI).
 */
const NO_FALLBACK = /\[Fallback=(Unknown|False\/NoFallbackFound)\]$/;
/** Events KEDA emits only when its scale loop sees a change first. */
const RACY_EVENTS = new Set([
  'ScaledObjectFallbackActivated',
  'ScaledObjectFallbackDeactivated',
  'ScaledObjectPaused',
  'ScaledObjectUnpaused',
]);

/** The parts of a recorded step that must not drift between recordings. */
function stableShape(recording: Recording, step: string) {
  const s = recording.steps[step];
  const stable = (lines: string[]) =>
    lines
      .map(l => (TIMING_CONDITIONS.test(l) ? l.replace(/=[^\]]*\]$/, ']') : l))
      .map(l => l.replace(NO_FALLBACK, '[Fallback=not active]'))
      .sort();
  return {
    object: stable(shapeOf(s.scaledObject ?? s.scaledJob)),
    hpa: stable(shapeOf(s.hpa?.spec)).concat(
      stable(shapeOf(s.hpa?.status?.conditions)),
    ),
    eventReasons: [
      ...new Set(
        s.events.map((e: any) => e.reason).filter(r => !RACY_EVENTS.has(r)),
      ),
    ].sort(),
  };
}

describe('fixture check', () => {
  /**
   * The recorded fixtures must be what the recorder produces now: a path is
   * re-recorded here and its shape (fields, conditions and reasons, event
   * reasons) compared with the committed recording.
   */
  it.each(['cron', 'failing-fallback'])(
    'the committed recording of %s has the shape the chain produces now',
    async name => {
      const outcome = await runs[name];
      if (outcome instanceof Error) throw outcome;
      const p = RECORDED_PATHS.find(x => x.name === name)!;
      const fresh = recordingOf(p, outcome.namespace, outcome.results);
      const committed: Recording = JSON.parse(
        fs.readFileSync(path.join(RECORDED_DIR, `${name}.json`), 'utf8'),
      );
      expect(Object.keys(fresh.steps)).toEqual(Object.keys(committed.steps));
      for (const step of Object.keys(committed.steps)) {
        expect({ step, ...stableShape(fresh, step) }).toEqual({
          step,
          ...stableShape(committed, step),
        });
      }
    },
  );
});
