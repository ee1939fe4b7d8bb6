/**
 * Test-only: a seeded generator of KEDA manifests for the webhook agreement
 * test. Every case is one ScaledObject, ScaledJob or TriggerAuthentication,
 * valid or not, aimed at one of KEDA's admission rules (FACTS.md §5) and
 * mixed with others: replica bounds, fallback, scalingModifiers formulas,
 * trigger names, useCachedMetrics, long names, pod identities and OAuth2,
 * and the cluster-dependent ones against the fixtures of `fixtures.ts`
 * (another ScaledObject or HPA on the workload, HPA names, containers
 * without requests, target kinds).
 */
import { FIXTURE } from './fixtures';

/** A deterministic PRNG (mulberry32), so a seed replays a run. */
export function randomSource(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) =>
    min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: ReadonlyArray<T>): T =>
    items[int(0, items.length - 1)];
  const chance = (p: number) => next() < p;
  return { next, int, pick, chance };
}

export type Random = ReturnType<typeof randomSource>;

/** The workload a real-create case brings: a Deployment or StatefulSet of its own. */
export interface CaseWorkload {
  kind: 'Deployment' | 'StatefulSet';
  name: string;
  /** Per container: its cpu and memory requests (absent = none). */
  containers: Array<{ name: string; cpu?: string; memory?: string }>;
}

/**
 * One generated case. `create`: KEDA checks the rule on real creates only
 * (cpu/memory requests), so the case is created for real and deleted.
 */
export interface AgreementCase {
  id: string;
  /** Which rules it aims at, for the report. */
  family: string;
  manifest: Record<string, any>;
  mode: 'dryRun' | 'create';
  /** With `create`: the workload to create first (none = a missing target). */
  workload?: CaseWorkload;
  /** With `create`: in the namespace with a LimitRange giving containers a default cpu request. */
  limitRange?: boolean;
}

const LABELS = { 'backstage.io/kubernetes-id': 'agreement' };

type Trigger = Record<string, any>;

const EVENT_TRIGGERS: Array<() => Trigger> = [
  () => ({
    type: 'prometheus',
    metadata: {
      serverAddress: 'http://prometheus.monitoring:9090',
      query: 'sum(rate(http_requests_total[2m]))',
      threshold: '40',
    },
  }),
  () => ({
    type: 'kafka',
    metadata: {
      bootstrapServers: 'kafka.shop:9092',
      consumerGroup: 'orders',
      topic: 'orders',
      lagThreshold: '50',
    },
  }),
  () => ({
    type: 'redis',
    metadata: { address: 'redis.shop:6379', listName: 'jobs', listLength: '5' },
  }),
];

const cron = (): Trigger => ({
  type: 'cron',
  metadata: {
    timezone: 'Europe/Berlin',
    start: '0 8 * * 1-5',
    end: '0 18 * * 1-5',
    desiredReplicas: '3',
  },
});

const cpu = (containerName?: string): Trigger => ({
  type: 'cpu',
  metricType: 'Utilization',
  metadata: { value: '60', ...(containerName && { containerName }) },
});

const memory = (containerName?: string): Trigger => ({
  type: 'memory',
  metricType: 'AverageValue',
  metadata: { value: '512Mi', ...(containerName && { containerName }) },
});

function eventTrigger(r: Random, name?: string): Trigger {
  const t = r.pick(EVENT_TRIGGERS)();
  return name ? { ...t, name } : t;
}

/** Optional fields: `undefined` leaves the key out. */
function defined(o: Record<string, any>) {
  return Object.fromEntries(
    Object.entries(o).filter(([, v]) => v !== undefined),
  );
}

function scaledObject(
  name: string,
  spec: Record<string, any>,
  annotations?: Record<string, string>,
) {
  return {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledObject',
    metadata: defined({ name, labels: LABELS, annotations }),
    spec: defined({ scaleTargetRef: { name: FIXTURE.free }, ...spec }),
  };
}

const maybe = <T>(r: Random, p: number, value: () => T) =>
  r.chance(p) ? value() : undefined;

/** min/max/idle around KEDA's rules 1 and 2, mostly right. */
function replicas(r: Random) {
  const min = maybe(r, 0.8, () => r.pick([0, 0, 1, 1, 2, 3, 5, 10, 101]));
  const max = maybe(r, 0.8, () => r.pick([1, 2, 3, 5, 10, 100, 200]));
  const idle = maybe(r, 0.25, () => r.pick([0, 0, 0, 1, 2]));
  return { minReplicaCount: min, maxReplicaCount: max, idleReplicaCount: idle };
}

type Family = (r: Random, id: string) => Omit<AgreementCase, 'id'>;

const FORMULAS = [
  'a + b',
  '(a + b) / 2',
  'max(a, b)',
  'min(a, b) * 2',
  'a > 10 ? a : b',
  'a ?? 0',
  'abs(a - b)',
  'a +',
  'a + c',
  'a > b',
  'a % 2',
  'float(a) + 1',
  '',
  'cpu1 + a',
  'round(a / 3)',
  'int(a) % 2',
  'a && b',
  'a > 1 && b > 1 ? a : b',
  'max(a, b) % 2',
  '(a > 1 ? nil : b) ?? 0',
  'a > 1 ? nil : b',
  'a < 1 ? nil : b',
  'true ? a : b',
  'mean(a, b)',
  '-a + 2 * b',
  'a ? b : 1',
];

const families: Record<string, Family> = {
  replicas: (r, id) => ({
    family: 'replicas',
    mode: 'dryRun',
    manifest: scaledObject(`rep-${id}`, {
      ...replicas(r),
      pollingInterval: maybe(r, 0.3, () => r.pick([1, 30])),
      cooldownPeriod: maybe(r, 0.3, () => r.pick([0, 300])),
      triggers: [eventTrigger(r)],
    }),
  }),

  fallback: (r, id) => {
    const cpuOnly = r.chance(0.35);
    const withModifiers = r.chance(0.3);
    const triggers = cpuOnly
      ? [cpu(), ...(r.chance(0.4) ? [memory()] : [])]
      : [eventTrigger(r, 'a'), eventTrigger(r, 'b')];
    return {
      family: 'fallback',
      mode: 'dryRun',
      manifest: scaledObject(`fb-${id}`, {
        minReplicaCount: 1,
        fallback: defined({
          failureThreshold: r.pick([3, 0, -1, 5]),
          replicas: r.pick([2, 0, -2, 6]),
          behavior: maybe(r, 0.5, () =>
            r.pick([
              'static',
              'currentReplicas',
              'currentReplicasIfHigher',
              'currentReplicasIfLower',
              'scalingModifiers',
            ]),
          ),
        }),
        advanced: withModifiers
          ? {
              scalingModifiers: defined({
                formula: r.pick(['a + b', '(a + b) / 2', '']),
                target: r.pick(['10', '5']),
              }),
            }
          : undefined,
        triggers,
      }),
    };
  },

  modifiers: (r, id) => ({
    family: 'scalingModifiers',
    mode: 'dryRun',
    manifest: scaledObject(`sm-${id}`, {
      ...replicas(r),
      advanced: {
        scalingModifiers: defined({
          formula: maybe(r, 0.95, () => r.pick(FORMULAS)),
          target: maybe(r, 0.9, () =>
            r.pick(['10', '2.5', '0', '-1', 'ten', '']),
          ),
          activationTarget: maybe(r, 0.3, () => r.pick(['0', '1.5', 'x'])),
          metricType: maybe(r, 0.4, () =>
            r.pick(['AverageValue', 'Value', 'Utilization']),
          ),
        }),
      },
      triggers: [
        eventTrigger(r, 'a'),
        r.chance(0.85) ? eventTrigger(r, 'b') : eventTrigger(r),
        ...(r.chance(0.2) ? [{ ...cpu(), name: 'cpu1' }] : []),
      ],
    }),
  }),

  triggers: (r, id) => {
    const count = r.pick([0, 1, 2, 2, 3]);
    const triggers: Trigger[] = [];
    for (let i = 0; i < count; i++) {
      const kind = r.pick(['event', 'event', 'cron', 'cpu', 'memory']);
      const make: Record<string, () => Trigger> = {
        event: () => eventTrigger(r),
        cron,
        cpu: () => cpu(),
        memory: () => memory(),
      };
      let t = make[kind]();
      const name = maybe(r, 0.5, () => r.pick(['a', 'b', 'a', 'lag']));
      if (name) t = { ...t, name };
      if (r.chance(0.25)) t = { ...t, useCachedMetrics: true };
      triggers.push(t);
    }
    return {
      family: 'triggers',
      mode: 'dryRun',
      manifest: scaledObject(`tr-${id}`, {
        minReplicaCount: 1,
        triggers,
      }),
    };
  },

  names: (r, id) => {
    const length = r.pick([20, 54, 55, 63, 64]);
    const hpaName = maybe(r, 0.4, () =>
      r.pick(['h'.repeat(63), 'h'.repeat(64), 'my-hpa', '']),
    );
    const base = `n-${id}-`;
    return {
      family: 'names',
      mode: 'dryRun',
      manifest: scaledObject(base + 'x'.repeat(length - base.length), {
        minReplicaCount: 1,
        advanced:
          hpaName === undefined
            ? undefined
            : { horizontalPodAutoscalerConfig: { name: hpaName } },
        triggers: [eventTrigger(r)],
      }),
    };
  },

  cluster: (r, id) => {
    const situation = r.pick([
      'taken',
      'taken-statefulset',
      'hpa-name',
      'hpa-name-default',
      'foreign-hpa',
      'foreign-hpa-transfer',
      'foreign-hpa-transfer-unnamed',
      'foreign-hpa-transfer-wrong',
      'opted-out',
      'free',
      'kind-replicaset',
      'kind-unserved',
      'kind-bad-version',
      'kind-deployment-other-group',
    ]);
    const name = `cl-${id}`;
    const spec: Record<string, any> = {
      minReplicaCount: 1,
      triggers: [eventTrigger(r)],
    };
    let annotations: Record<string, string> | undefined;
    const transfer = () => ({
      'scaledobject.keda.sh/transfer-hpa-ownership': 'true',
    });
    switch (situation) {
      case 'taken':
        spec.scaleTargetRef = { name: FIXTURE.taken };
        break;
      case 'taken-statefulset':
        spec.scaleTargetRef = {
          name: FIXTURE.taken,
          kind: 'StatefulSet',
          apiVersion: 'apps/v1',
        };
        break;
      case 'hpa-name':
        spec.advanced = {
          horizontalPodAutoscalerConfig: { name: FIXTURE.sharedHpaName },
        };
        break;
      case 'hpa-name-default':
        spec.advanced = {
          horizontalPodAutoscalerConfig: {
            name: `keda-hpa-${FIXTURE.takenScaledObject}`,
          },
        };
        break;
      case 'foreign-hpa':
        spec.scaleTargetRef = { name: FIXTURE.foreignHpaTarget };
        break;
      case 'foreign-hpa-transfer':
        spec.scaleTargetRef = { name: FIXTURE.foreignHpaTarget };
        spec.advanced = {
          horizontalPodAutoscalerConfig: { name: FIXTURE.foreignHpa },
        };
        annotations = transfer();
        break;
      case 'foreign-hpa-transfer-unnamed':
        spec.scaleTargetRef = { name: FIXTURE.foreignHpaTarget };
        annotations = transfer();
        break;
      case 'foreign-hpa-transfer-wrong':
        spec.scaleTargetRef = { name: FIXTURE.foreignHpaTarget };
        spec.advanced = {
          horizontalPodAutoscalerConfig: { name: 'some-other-hpa' },
        };
        annotations = transfer();
        break;
      case 'opted-out':
        spec.scaleTargetRef = { name: FIXTURE.optedOutTarget };
        break;
      case 'kind-replicaset':
        spec.scaleTargetRef = {
          name: FIXTURE.free,
          kind: 'ReplicaSet',
          apiVersion: 'apps/v1',
        };
        break;
      case 'kind-unserved':
        spec.scaleTargetRef = {
          name: FIXTURE.free,
          kind: r.pick(['Rollout', 'CloneSet']),
          apiVersion: r.pick([
            'argoproj.io/v1alpha1',
            'apps.kruise.io/v1alpha1',
          ]),
        };
        break;
      case 'kind-bad-version':
        spec.scaleTargetRef = {
          name: FIXTURE.free,
          apiVersion: 'apps/v1/extra',
        };
        break;
      case 'kind-deployment-other-group':
        spec.scaleTargetRef = {
          name: FIXTURE.taken,
          kind: 'Deployment',
          apiVersion: 'extensions/v1beta1',
        };
        break;
      default:
        break;
    }
    return {
      family: `cluster:${situation}`,
      mode: 'dryRun',
      manifest: scaledObject(name, spec, annotations),
    };
  },

  resources: (r, id) => {
    const kind = r.chance(0.75) ? 'Deployment' : 'StatefulSet';
    const shape = r.pick(['all', 'none', 'half', 'memory-only', 'missing']);
    const workloadName = `wl-${id}`;
    const shapes: Record<string, CaseWorkload['containers']> = {
      all: [
        { name: 'app', cpu: '100m', memory: '128Mi' },
        { name: 'sidecar', cpu: '10m', memory: '32Mi' },
      ],
      none: [{ name: 'app' }],
      half: [{ name: 'app', cpu: '100m' }, { name: 'sidecar' }],
    };
    const containers = shapes[shape] ?? [{ name: 'app', memory: '128Mi' }];
    const containerName = maybe(r, 0.3, () =>
      r.pick(['app', 'sidecar', 'nope']),
    );
    const resource = r.pick(['cpu', 'memory', 'both']);
    const triggers: Trigger[] = [];
    if (resource !== 'memory') triggers.push(cpu(containerName));
    if (resource !== 'cpu') triggers.push(memory(containerName));
    if (r.chance(0.3)) triggers.push(eventTrigger(r));
    return {
      family: `resources:${shape}`,
      mode: 'create',
      limitRange: r.chance(0.2),
      workload:
        shape === 'missing'
          ? undefined
          : { kind, name: workloadName, containers },
      manifest: scaledObject(`rs-${id}`, {
        scaleTargetRef: {
          name: workloadName,
          ...(kind === 'StatefulSet' && {
            kind: 'StatefulSet',
            apiVersion: 'apps/v1',
          }),
        },
        minReplicaCount: r.pick([undefined, 0, 1, 1, 2]),
        maxReplicaCount: 5,
        triggers,
      }),
    };
  },

  scaledJob: (r, id) => {
    const count = r.pick([0, 1, 1, 2]);
    const triggers: Trigger[] = [];
    for (let i = 0; i < count; i++) {
      let t = r.chance(0.85) ? eventTrigger(r) : cron();
      const name = maybe(r, 0.4, () => r.pick(['a', 'a', 'b']));
      if (name) t = { ...t, name };
      if (r.chance(0.2)) t = { ...t, useCachedMetrics: true };
      triggers.push(t);
    }
    return {
      family: 'scaledJob',
      mode: 'dryRun',
      manifest: {
        apiVersion: 'keda.sh/v1alpha1',
        kind: 'ScaledJob',
        metadata: { name: `sj-${id}`, labels: LABELS },
        spec: defined({
          jobTargetRef: {
            template: {
              spec: {
                restartPolicy: 'Never',
                containers: [{ name: 'job', image: 'example/job:1' }],
              },
            },
          },
          minReplicaCount: maybe(r, 0.4, () => r.pick([0, 1, 3])),
          maxReplicaCount: maybe(r, 0.6, () => r.pick([1, 5, 2])),
          triggers,
        }),
      },
    };
  },

  triggerAuthentication: (r, id) => {
    const spec: Record<string, any> = {};
    const which = r.pick(['azure', 'aws', 'oauth2', 'oauth2-none', 'secrets']);
    if (which === 'azure') {
      spec.podIdentity = defined({
        provider: 'azure-workload',
        identityId: maybe(r, 0.5, () => r.pick(['', 'client-id'])),
        identityTenantId: maybe(r, 0.5, () => r.pick(['', 'tenant-id'])),
        identityAuthorityHost: maybe(r, 0.4, () =>
          r.pick(['', 'https://login.microsoftonline.com/']),
        ),
      });
    } else if (which === 'aws') {
      spec.podIdentity = defined({
        provider: 'aws',
        identityOwner: maybe(r, 0.6, () => r.pick(['keda', 'workload'])),
        roleArn: maybe(r, 0.6, () =>
          r.pick(['', 'arn:aws:iam::123456789012:role/keda']),
        ),
        externalID: maybe(r, 0.4, () => r.pick(['', 'ext-1'])),
      });
    } else if (which.startsWith('oauth2')) {
      if (which === 'oauth2-none') spec.podIdentity = { provider: 'none' };
      spec.oauth2 = defined({
        type: r.pick(['clientCredentials', 'clientCredentials', 'password']),
        clientId: maybe(r, 0.8, () => r.pick(['portal', ''])),
        tokenUrl: maybe(r, 0.85, () =>
          r.pick([
            'https://auth.example.com/oauth2/token',
            'http://auth:8080/token',
            'ftp://auth/token',
            'not a url',
            '',
          ]),
        ),
        clientSecret: {
          valueFrom: { secretKeyRef: { name: 'oauth', key: 'secret' } },
        },
      });
    } else {
      spec.secretTargetRef = [
        { parameter: 'password', name: 'redis', key: 'password' },
      ];
    }
    return {
      family: `triggerAuthentication:${which}`,
      mode: 'dryRun',
      manifest: {
        apiVersion: 'keda.sh/v1alpha1',
        kind: 'TriggerAuthentication',
        metadata: { name: `ta-${id}`, labels: LABELS },
        spec,
      },
    };
  },
};

/** How often each family comes up. */
const WEIGHTS: Array<[keyof typeof families, number]> = [
  ['replicas', 12],
  ['fallback', 10],
  ['modifiers', 14],
  ['triggers', 10],
  ['names', 6],
  ['cluster', 18],
  ['resources', 16],
  ['scaledJob', 6],
  ['triggerAuthentication', 8],
];

/**
 * `count` cases from `seed`. Case names are unique within a run, so real
 * creates never meet each other.
 */
export function generateCases(seed: number, count: number): AgreementCase[] {
  const r = randomSource(seed);
  const total = WEIGHTS.reduce((s, [, w]) => s + w, 0);
  const cases: AgreementCase[] = [];
  for (let i = 0; i < count; i++) {
    let roll = r.next() * total;
    const [family] =
      WEIGHTS.find(([, w]) => (roll -= w) < 0) ?? WEIGHTS[WEIGHTS.length - 1];
    const id = `c${String(i).padStart(3, '0')}`;
    const generated = families[family](r, id);
    cases.push({ id, ...generated });
  }
  return cases;
}
