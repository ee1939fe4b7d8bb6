import fc from 'fast-check';
import { intentArbitrary } from './__testUtils__/arbitraries';
import { buildManifests } from './build';
import {
  findScaledResource,
  intentFromManifests,
  readIntentFromManifests,
} from './parse';
import {
  AUTHENTICATION_KINDS,
  FALLBACK_BEHAVIORS,
  METRIC_TYPES,
  MODIFIER_METRIC_TYPES,
  MULTIPLE_SCALERS_CALCULATIONS,
  POD_IDENTITY_PROVIDERS,
  POLICY_TYPES,
  RESTART_POLICIES,
  SELECT_POLICIES,
  STRATEGIES,
} from './fields';
import type {
  HpaScalingRulesIntent,
  JobContainerIntent,
  ScalingIntent,
  TriggerAuthenticationIntent,
  TriggerIntent,
} from './types';
import { validateIntent } from './validate';
import { parseManifestsYaml, renderManifestsYaml } from './yaml';

/** Manifests as they come back from a YAML file, not as built in memory. */
function throughYaml(intent: ScalingIntent): unknown[] {
  return parseManifestsYaml(renderManifestsYaml(buildManifests(intent)));
}

const prometheus: ScalingIntent = {
  name: 'orders-api',
  namespace: 'shop',
  kubernetesId: 'orders-api',
  scaleTarget: { name: 'orders-api' },
  minReplicaCount: 1,
  maxReplicaCount: 10,
  triggers: [
    {
      type: 'prometheus',
      metadata: {
        serverAddress: 'http://prometheus.monitoring:9090',
        query: 'sum(rate(http_requests_total[2m]))',
        threshold: '50',
      },
    },
  ],
};

const everything: ScalingIntent = {
  name: 'orders-worker',
  namespace: 'orders',
  kubernetesId: 'orders-worker',
  scaleTarget: {
    name: 'orders-worker',
    kind: 'StatefulSet',
    apiVersion: 'apps/v1',
    envSourceContainerName: 'worker',
  },
  minReplicaCount: 1,
  maxReplicaCount: 30,
  idleReplicaCount: 0,
  pollingInterval: 15,
  cooldownPeriod: 120,
  initialCooldownPeriod: 60,
  triggers: [
    {
      type: 'kafka',
      name: 'lag',
      metricType: 'AverageValue',
      metadata: {
        bootstrapServers: 'kafka.orders:9092',
        consumerGroup: 'orders',
        topic: 'orders',
        lagThreshold: '50',
        sasl: 'plaintext',
      },
      authentication: {
        name: 'orders-worker-lag-auth',
        secretRefs: [
          { parameter: 'username', secretName: 'kafka', key: 'user' },
          { parameter: 'password', secretName: 'kafka', key: 'password' },
        ],
      },
    },
    {
      type: 'cpu',
      name: 'cpu',
      metricType: 'Utilization',
      metadata: { value: '70' },
    },
    {
      type: 'aws-sqs-queue',
      useCachedMetrics: true,
      metadata: { queueURL: 'https://sqs/q', queueLength: '5' },
      authentication: {
        name: 'sqs-auth',
        podIdentity: { provider: 'aws', identityOwner: 'workload' },
      },
    },
    {
      type: 'rabbitmq',
      metadata: { queueName: 'orders', value: '10' },
      authentication: {
        name: 'shared-rabbit',
        kind: 'ClusterTriggerAuthentication',
      },
    },
  ],
  fallback: { failureThreshold: 3, replicas: 6, behavior: 'currentReplicas' },
  hpa: {
    name: 'orders-worker-hpa',
    scaleUp: {
      stabilizationWindowSeconds: 0,
      selectPolicy: 'Max',
      policies: [
        { type: 'Percent', value: 100, periodSeconds: 15 },
        { type: 'Pods', value: 4, periodSeconds: 15 },
      ],
    },
    scaleDown: { stabilizationWindowSeconds: 300 },
  },
  restoreToOriginalReplicaCount: true,
  scalingModifiers: {
    formula: 'lag / 2 + cpu',
    target: '25',
    activationTarget: '1',
    metricType: 'AverageValue',
  },
};

const job: ScalingIntent = {
  kind: 'ScaledJob',
  name: 'nightly-report',
  namespace: 'reports',
  kubernetesId: 'reports',
  jobTemplate: {
    containers: [
      {
        name: 'report',
        image: 'ghcr.io/example/report:1.2.0',
        command: ['/bin/report'],
        args: ['--all'],
        env: [{ name: 'MODE', value: 'full' }],
        resources: {
          requests: { cpu: '100m', memory: '128Mi' },
          limits: { memory: '256Mi' },
        },
      },
    ],
    restartPolicy: 'OnFailure',
    parallelism: 1,
    completions: 1,
    activeDeadlineSeconds: 3600,
    backoffLimit: 2,
    ttlSecondsAfterFinished: 600,
  },
  minReplicaCount: 0,
  maxReplicaCount: 5,
  pollingInterval: 60,
  successfulJobsHistoryLimit: 3,
  failedJobsHistoryLimit: 1,
  scalingStrategy: {
    strategy: 'accurate',
    pendingPodConditions: ['Ready', 'PodScheduled'],
    multipleScalersCalculation: 'max',
  },
  triggers: [
    {
      type: 'cron',
      metadata: {
        timezone: 'Europe/Amsterdam',
        start: '0 2 * * *',
        end: '0 3 * * *',
        desiredReplicas: '1',
      },
    },
  ],
  pause: { paused: true },
};

describe('intentFromManifests', () => {
  it.each<[string, ScalingIntent]>([
    ['a plain ScaledObject', prometheus],
    [
      'every ScaledObject setting: fallback, HPA behaviour, modifiers, secretRefs, pod identity, a ClusterTriggerAuthentication',
      everything,
    ],
    ['a ScaledJob with its job template and strategy', job],
    ['a paused ScaledObject', { ...prometheus, pause: { paused: true } }],
    [
      'a ScaledObject paused at a replica count',
      { ...prometheus, pause: { paused: true, replicas: 0 } },
    ],
    [
      'a ScaledObject held at replicas without the paused annotation',
      { ...prometheus, pause: { replicas: 2 } },
    ],
    [
      'a reference to an existing TriggerAuthentication',
      {
        ...prometheus,
        triggers: [
          {
            ...prometheus.triggers[0],
            authentication: { name: 'prometheus-auth' },
          },
        ],
      },
    ],
  ])('reads back %s as the same intent', (_, intent) => {
    expect(intentFromManifests(buildManifests(intent), intent.name)).toEqual(
      intent,
    );
    const read = readIntentFromManifests(throughYaml(intent), intent.name);
    expect(read?.intent).toEqual(intent);
    expect(read?.unsupported).toEqual([]);
  });

  it('keeps a derived TriggerAuthentication name, so renaming a trigger does not add a second one', () => {
    const intent: ScalingIntent = {
      ...prometheus,
      triggers: [
        {
          ...prometheus.triggers[0],
          authentication: {
            secretRefs: [
              { parameter: 'bearerToken', secretName: 'prom', key: 'token' },
            ],
          },
        },
      ],
    };
    const read = intentFromManifests(buildManifests(intent), intent.name)!;
    expect(read.triggers[0].authentication).toEqual({
      name: 'orders-api-prometheus-auth',
      secretRefs: [
        { parameter: 'bearerToken', secretName: 'prom', key: 'token' },
      ],
    });
    expect(buildManifests(read)).toEqual(buildManifests(intent));
    read.triggers[0].name = 'requests';
    expect(buildManifests(read)[1].metadata.name).toBe(
      'orders-api-prometheus-auth',
    );
  });

  it('turns only TriggerAuthentications of the folder into secretRefs, and only those it can hold', () => {
    const manifests = [
      {
        apiVersion: 'keda.sh/v1alpha1',
        kind: 'ScaledObject',
        metadata: { name: 'orders-api', labels: { x: 'y' } },
        spec: {
          scaleTargetRef: { name: 'orders-api' },
          triggers: [
            {
              type: 'kafka',
              metadata: { topic: 'orders', lagThreshold: 50 },
              authenticationRef: { name: 'here' },
            },
            {
              type: 'kafka',
              metadata: { topic: 'payments' },
              authenticationRef: { name: 'elsewhere' },
            },
            {
              type: 'kafka',
              metadata: { topic: 'audit' },
              authenticationRef: {
                name: 'vault',
                kind: 'TriggerAuthentication',
              },
            },
          ],
        },
      },
      {
        kind: 'TriggerAuthentication',
        metadata: { name: 'here' },
        spec: {
          secretTargetRef: [{ parameter: 'password', name: 's', key: 'k' }],
        },
      },
      {
        kind: 'TriggerAuthentication',
        metadata: { name: 'vault' },
        spec: { hashiCorpVault: { address: 'https://vault' } },
      },
    ];
    const read = readIntentFromManifests(manifests, 'orders-api', {
      namespace: 'shop',
      kubernetesId: 'orders-api',
    })!;
    expect(read.intent.namespace).toBe('shop');
    expect(read.intent.kubernetesId).toBe('orders-api');
    expect(read.intent.triggers.map(t => t.authentication)).toEqual([
      {
        name: 'here',
        secretRefs: [{ parameter: 'password', secretName: 's', key: 'k' }],
      },
      { name: 'elsewhere' },
      { name: 'vault', kind: 'TriggerAuthentication' },
    ]);
    expect(read.intent.triggers[0].metadata).toEqual({
      topic: 'orders',
      lagThreshold: '50',
    });
  });

  it('lists what an intent cannot hold', () => {
    const [so] = buildManifests(job);
    const spec = so.spec as any;
    spec.jobTargetRef.template.spec.serviceAccountName = 'reporter';
    spec.jobTargetRef.template.spec.containers[0].env.push({
      name: 'TOKEN',
      valueFrom: { secretKeyRef: { name: 's', key: 'k' } },
    });
    spec.rollout = { strategy: 'gradual' };
    const read = readIntentFromManifests([so], 'nightly-report')!;
    expect(read.unsupported).toEqual([
      'spec.rollout',
      'spec.jobTargetRef.template.spec.serviceAccountName',
      'spec.jobTargetRef.template.spec.containers[0].env[1]',
    ]);
    expect(read.intent.jobTemplate?.containers[0].env).toEqual([
      { name: 'MODE', value: 'full' },
    ]);
  });

  it('finds the object by name, kind and namespace', () => {
    const manifests = buildManifests(prometheus);
    expect(findScaledResource(manifests, 'orders-api')).toBe(manifests[0]);
    expect(intentFromManifests(manifests, 'other')).toBeUndefined();
    expect(
      intentFromManifests(manifests, 'orders-api', { kind: 'ScaledJob' }),
    ).toBeUndefined();
    expect(
      intentFromManifests(manifests, 'orders-api', { namespace: 'other' }),
    ).toBeUndefined();
    expect(
      intentFromManifests(['text', null, ...manifests], 'orders-api', {
        kind: 'ScaledObject',
        namespace: 'shop',
      }),
    ).toEqual(prometheus);
  });
});

/**
 * The intent as its manifests say it: what the builder writes by default
 * (`restartPolicy: Never`, a derived TriggerAuthentication name) made
 * explicit, and what it does not write (empty lists and maps, `paused:
 * false`, a ScaledJob's replica pause, the default kind) left out.
 */
function normalised(intent: ScalingIntent): ScalingIntent {
  const [scaled] = buildManifests(intent);
  const refs = (scaled.spec.triggers as Array<Record<string, any>>).map(
    t => t.authenticationRef?.name as string | undefined,
  );
  const isJob = intent.kind === 'ScaledJob';
  const out: Record<string, unknown> = { ...intent };
  if (!isJob) delete out.kind;
  out.triggers = intent.triggers.map((t, i) => {
    const trigger: Record<string, unknown> = { ...t };
    const metadata = Object.entries(t.metadata ?? {});
    if (metadata.length) {
      trigger.metadata = Object.fromEntries(
        metadata.map(([k, v]) => [k, String(v)]),
      );
    } else delete trigger.metadata;
    const auth = t.authentication;
    if (auth?.secretRefs?.length || auth?.podIdentity) {
      trigger.authentication = {
        name: refs[i],
        ...(auth.secretRefs?.length ? { secretRefs: auth.secretRefs } : {}),
        ...(auth.podIdentity ? { podIdentity: auth.podIdentity } : {}),
      };
    }
    return trigger;
  });
  const pause: Record<string, unknown> = {};
  if (intent.pause?.paused) pause.paused = true;
  if (!isJob && intent.pause?.replicas !== undefined) {
    pause.replicas = intent.pause.replicas;
  }
  if (Object.keys(pause).length) out.pause = pause;
  else delete out.pause;
  if (intent.hpa && !Object.keys(intent.hpa).length) delete out.hpa;
  if (intent.scalingStrategy && !Object.keys(intent.scalingStrategy).length) {
    delete out.scalingStrategy;
  }
  if (intent.jobTemplate) {
    const { restartPolicy, ...template } = intent.jobTemplate;
    out.jobTemplate = {
      ...template,
      ...(restartPolicy === 'OnFailure' ? { restartPolicy } : {}),
      containers: template.containers.map(c =>
        Object.fromEntries(
          Object.entries(c).filter(
            ([, v]) => !(Array.isArray(v) && v.length === 0),
          ),
        ),
      ),
    };
  }
  return JSON.parse(JSON.stringify(out));
}

describe('build -> parse -> build', () => {
  it('gives the same manifests, and the intent as its manifests say it', () => {
    fc.assert(
      fc.property(intentArbitrary, intent => {
        const manifests = buildManifests(intent);
        for (const read of [
          manifests,
          parseManifestsYaml(renderManifestsYaml(manifests)),
        ]) {
          const parsed = readIntentFromManifests(read, intent.name)!;
          // Only a value validation refuses can be left out, at its path.
          const refused = validateIntent(intent).map(p => p.path);
          for (const path of parsed.unsupported) {
            expect(refused).toContain(path);
          }
          if (parsed.unsupported.length) continue;
          expect(parsed.intent).toEqual(normalised(intent));
          expect(buildManifests(parsed.intent)).toEqual(manifests);
        }
      }),
      { numRuns: 1500 },
    );
  });
});

/** Text as people (and YAML's corner cases) write it. */
const text = fc.oneof(
  fc.string(),
  fc.constantFrom(
    'yes',
    'on',
    'null',
    '~',
    '1e3',
    '0x1F',
    '0o17',
    '010',
    '1_000',
    '.5',
    'true',
    '',
    ' a',
    'a: b',
    '- x',
    '#c',
    "'q'",
    '"d"',
    'a\nb',
    '*x',
    '&y',
  ),
);
const word = fc.stringMatching(/^[a-z][a-zA-Z0-9-]{0,12}$/);
const int = fc.integer({ min: -5, max: 100000 });
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
const strict = <T>(record: Record<string, fc.Arbitrary<unknown>>) =>
  fc.record(record, { requiredKeys: [] }) as unknown as fc.Arbitrary<T>;
const rules = strict<HpaScalingRulesIntent>({
  stabilizationWindowSeconds: int,
  selectPolicy: fc.constantFrom(...SELECT_POLICIES),
  policies: fc.array(
    fc.record({
      type: fc.constantFrom(...POLICY_TYPES),
      value: int,
      periodSeconds: int,
    }),
  ),
});
const wideTrigger = fc.record(
  {
    type: word,
    name: text,
    metadata: fc.dictionary(word, fc.oneof(text, fc.integer(), fc.boolean())),
    metricType: fc.constantFrom(...METRIC_TYPES),
    useCachedMetrics: fc.boolean(),
    authentication: fc.oneof(
      fc.record({
        name: word,
        kind: maybe(fc.constantFrom(...AUTHENTICATION_KINDS)),
      }),
      strict<TriggerAuthenticationIntent>({
        secretRefs: fc.array(
          fc.record({ parameter: text, secretName: text, key: text }),
          { minLength: 1, maxLength: 2 },
        ),
        podIdentity: fc.record(
          {
            provider: fc.constantFrom(...POD_IDENTITY_PROVIDERS),
            identityId: text,
            identityTenantId: text,
            identityAuthorityHost: text,
            roleArn: text,
            identityOwner: fc.constantFrom(
              'keda' as const,
              'workload' as const,
            ),
            externalID: text,
          },
          { requiredKeys: ['provider'] },
        ),
      }),
    ),
  },
  { requiredKeys: ['type'] },
) as fc.Arbitrary<TriggerIntent>;
const wideCommon = {
  name: word,
  namespace: word,
  kubernetesId: text,
  minReplicaCount: int,
  maxReplicaCount: int,
  pollingInterval: int,
  triggers: fc.array(wideTrigger, { maxLength: 3 }),
  // A negative replica pause is refused by validation and left out (above).
  pause: strict<ScalingIntent['pause']>({
    paused: fc.boolean(),
    replicas: fc.nat(),
  }),
};
const required = ['name', 'namespace', 'kubernetesId', 'triggers'];
const wideScaledObject = fc.record(
  {
    ...wideCommon,
    scaleTarget: fc.record(
      {
        name: text,
        kind: text,
        apiVersion: text,
        envSourceContainerName: text,
      },
      { requiredKeys: ['name'] },
    ),
    idleReplicaCount: int,
    cooldownPeriod: int,
    initialCooldownPeriod: int,
    fallback: fc.record(
      {
        failureThreshold: int,
        replicas: int,
        behavior: fc.constantFrom(...FALLBACK_BEHAVIORS),
      },
      { requiredKeys: ['failureThreshold', 'replicas'] },
    ),
    hpa: strict<ScalingIntent['hpa']>({
      name: text,
      scaleUp: rules,
      scaleDown: rules,
    }),
    restoreToOriginalReplicaCount: fc.boolean(),
    scalingModifiers: fc.record(
      {
        formula: text,
        target: text,
        activationTarget: text,
        metricType: fc.constantFrom(...MODIFIER_METRIC_TYPES),
      },
      { requiredKeys: ['formula', 'target'] },
    ),
  },
  { requiredKeys: required as any },
) as unknown as fc.Arbitrary<ScalingIntent>;
const wideScaledJob = fc.record(
  {
    ...wideCommon,
    kind: fc.constant('ScaledJob' as const),
    jobTemplate: fc.record(
      {
        containers: fc.array(
          fc.record(
            {
              name: text,
              image: text,
              command: fc.array(text),
              args: fc.array(text),
              env: fc.array(fc.record({ name: text, value: text })),
              resources: strict<JobContainerIntent['resources']>({
                requests: fc.dictionary(word, text),
                limits: fc.dictionary(word, text),
              }),
            },
            { requiredKeys: ['name', 'image'] },
          ),
        ),
        restartPolicy: fc.constantFrom(...RESTART_POLICIES),
        parallelism: int,
        completions: int,
        activeDeadlineSeconds: int,
        backoffLimit: int,
        ttlSecondsAfterFinished: int,
      },
      { requiredKeys: ['containers'] },
    ),
    scalingStrategy: strict<ScalingIntent['scalingStrategy']>({
      strategy: fc.constantFrom(...STRATEGIES),
      customScalingQueueLengthDeduction: int,
      customScalingRunningJobPercentage: text,
      pendingPodConditions: fc.array(text),
      multipleScalersCalculation: fc.constantFrom(
        ...MULTIPLE_SCALERS_CALCULATIONS,
      ),
    }),
    successfulJobsHistoryLimit: int,
    failedJobsHistoryLimit: int,
  },
  { requiredKeys: [...required, 'kind', 'jobTemplate'] as any },
) as unknown as fc.Arbitrary<ScalingIntent>;

describe('build -> parse -> build, every field with any text', () => {
  it('gives the same manifests and leaves nothing out', () => {
    fc.assert(
      fc.property(fc.oneof(wideScaledObject, wideScaledJob), intent => {
        const manifests = buildManifests(intent);
        for (const read of [
          manifests,
          parseManifestsYaml(renderManifestsYaml(manifests)),
        ]) {
          const parsed = readIntentFromManifests(read, intent.name)!;
          expect(parsed.unsupported).toEqual([]);
          expect(buildManifests(parsed.intent)).toEqual(manifests);
        }
      }),
      { numRuns: 500 },
    );
  });
});
