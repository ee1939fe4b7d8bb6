/**
 * Round trip (issue 20, item 3): a workload's manifests read into the
 * editing model and rendered back into the same GitOps folder change
 * nothing the user did not change. Whatever the model cannot hold (other
 * labels and annotations, a pod's volumes, HPA tolerance, rollout...) stays
 * as it is in the file. A seeded generator (fast-check is not a dependency
 * of this package) makes the manifests: each run is the same 150 cases.
 */
import {
  buildManifests,
  parseManifestsYaml,
  readIntentFromManifests,
  renderManifestsYaml,
  validateManifests,
  type KedaManifest,
  type ScalingIntent,
  type TriggerIntent,
} from '@keda-portal/plugin-keda-common';
import { diffLines } from 'diff';
import { layoutEditors } from './layouts';
import type { LayoutInput } from './types';

const FOLDER = 'apps/shop';
const RUNS = 150;

/** mulberry32: a small seeded generator. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    int: (min: number, max: number) =>
      min + Math.floor(next() * (max - min + 1)),
    bool: () => next() < 0.5,
    pick: <T>(items: readonly T[]): T =>
      items[Math.floor(next() * items.length)],
  };
}
type Random = ReturnType<typeof random>;

const TRIGGERS: Array<(r: Random) => TriggerIntent> = [
  r => ({
    type: 'cron',
    metadata: {
      timezone: r.pick(['Etc/UTC', 'Europe/Berlin']),
      start: `0 ${r.int(0, 9)} * * *`,
      end: `0 ${r.int(10, 23)} * * *`,
      desiredReplicas: String(r.int(1, 9)),
    },
  }),
  r => ({
    type: 'kafka',
    name: 'lag',
    metadata: {
      bootstrapServers: 'kafka:9092',
      consumerGroup: 'shop',
      topic: r.pick(['orders', 'payments']),
      lagThreshold: String(r.int(5, 500)),
    },
    authentication: {
      secretRefs: [{ parameter: 'sasl', secretName: 'kafka', key: 'sasl' }],
    },
  }),
  r => ({
    type: 'prometheus',
    metadata: {
      serverAddress: 'http://prometheus:9090',
      query: `sum(rate(http_requests_total{app="shop"}[${r.int(1, 5)}m]))`,
      threshold: String(r.int(1, 100)),
    },
  }),
];

function intentOf(r: Random, job: boolean): ScalingIntent {
  const min = r.int(0, 3);
  const triggers = [r.pick(TRIGGERS)(r)];
  if (r.bool()) {
    const second = r.pick(TRIGGERS)(r);
    if (second.type !== triggers[0].type) triggers.push(second);
  }
  const intent: ScalingIntent = {
    name: r.pick(['shop', 'shop-worker', 'checkout']),
    namespace: 'shop',
    kubernetesId: 'shop',
    minReplicaCount: min,
    maxReplicaCount: min + r.int(1, 20),
    triggers,
    ...(r.bool() ? { pollingInterval: r.int(5, 60) } : {}),
  };
  if (job) {
    return {
      ...intent,
      kind: 'ScaledJob',
      jobTemplate: {
        containers: [{ name: 'worker', image: 'registry.example.com/w:1' }],
        ...(r.bool() ? { backoffLimit: r.int(0, 6) } : {}),
      },
    };
  }
  return {
    ...intent,
    scaleTarget: { name: intent.name },
    ...(r.bool() ? { cooldownPeriod: r.int(30, 600) } : {}),
    ...(r.bool()
      ? {
          hpa: {
            scaleDown: {
              stabilizationWindowSeconds: r.int(0, 600),
              policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }],
            },
          },
        }
      : {}),
  };
}

/** What a user writes by hand that the model cannot hold. */
function addUserFields(r: Random, scaled: any) {
  scaled.metadata.labels = {
    ...scaled.metadata.labels,
    'app.kubernetes.io/part-of': r.pick(['shop', 'store']),
    ...(r.bool() ? { team: 'payments' } : {}),
  };
  if (r.bool()) {
    scaled.metadata.annotations = {
      ...scaled.metadata.annotations,
      'example.com/runbook': 'https://runbooks.example.com/shop',
    };
  }
  if (scaled.kind === 'ScaledJob') {
    if (r.bool()) scaled.spec.rollout = { strategy: 'gradual' };
    if (r.bool()) {
      scaled.spec.jobTargetRef.template.spec.volumes = [
        { name: 'scratch', emptyDir: {} },
      ];
    }
  } else if (r.bool()) {
    scaled.spec.advanced = {
      ...scaled.spec.advanced,
      horizontalPodAutoscalerConfig: {
        ...scaled.spec.advanced?.horizontalPodAutoscalerConfig,
        behavior: {
          ...scaled.spec.advanced?.horizontalPodAutoscalerConfig?.behavior,
          scaleUp: { tolerance: '0.05' },
        },
      },
    };
  }
}

function layoutInput(
  files: Record<string, string>,
  intent: ScalingIntent,
): LayoutInput {
  return {
    target: {
      provider: 'git',
      repoUrl: 'https://github.com/acme/gitops.git',
      path: FOLDER,
      layout: 'plain',
      environment: 'production',
      argoCdPaths: [],
    },
    files,
    manifests: buildManifests(intent),
    intent,
  };
}

/** read -> model -> render into the folder. */
function roundTrip(
  files: Record<string, string>,
  name: string,
  edit = (i: ScalingIntent) => i,
) {
  const docs = Object.values(files).flatMap(text => parseManifestsYaml(text));
  const read = readIntentFromManifests(docs, name);
  expect(read).toBeDefined();
  const intent = edit(read!.intent);
  return layoutEditors.plain(layoutInput(files, intent));
}

describe('read -> render -> diff', () => {
  const cases = Array.from({ length: RUNS }, (_, seed) => {
    const r = random(20_2600 + seed);
    const intent = intentOf(r, seed % 3 === 0);
    const manifests = buildManifests(intent) as KedaManifest[];
    addUserFields(r, manifests[0]);
    return { seed, intent, manifests };
  });

  it('the generated manifests are valid', () => {
    const invalid = cases
      .map(c => ({ seed: c.seed, problems: validateManifests(c.manifests) }))
      .filter(c => c.problems.length);
    expect(invalid).toEqual([]);
  });

  it.each(cases.map(c => [c.seed, c]))(
    'seed %i: an unchanged intent changes nothing; a changed bound changes only its line',
    (_, { intent, manifests }) => {
      const file = `${FOLDER}/keda.yaml`;
      const files = {
        [file]: `# hand-written\n${renderManifestsYaml(manifests)}`,
      };

      expect(roundTrip(files, intent.name).edits).toEqual([]);

      const edited = roundTrip(files, intent.name, i => ({
        ...i,
        maxReplicaCount: (i.maxReplicaCount ?? 100) + 1,
      }));
      expect(edited.edits.map(e => e.path)).toEqual([file]);
      const changed = diffLines(files[file], edited.edits[0].after)
        .filter(part => part.added || part.removed)
        .flatMap(part => part.value.split('\n').filter(Boolean));
      expect(
        changed.every(line => /^\s*maxReplicaCount: \d+$/.test(line)),
      ).toBe(true);
      expect(changed).toHaveLength(2);
    },
  );
});
