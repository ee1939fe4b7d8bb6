/**
 * Test-only: fast-check arbitraries of scaling intents. Mostly sensible
 * intents with a sprinkling of mistakes (bad names, bounds, secrets in the
 * metadata, missing parameters, broken formulas), so both the accepting and
 * the rejecting side of validation get exercised.
 */
import fc from 'fast-check';
import type { KedaManifest, ScalingIntent, TriggerIntent } from '../types';

const goodName = fc.oneof(
  {
    weight: 10,
    arbitrary: fc.constantFrom('web', 'orders-worker', 'a', 'api.v2', 'q1'),
  },
  { weight: 1, arbitrary: fc.constantFrom('x'.repeat(54), 'y'.repeat(60)) },
);
const name = fc.oneof(
  { weight: 12, arbitrary: goodName },
  {
    weight: 1,
    arbitrary: fc.constantFrom('Bad_Name', '-web', 'z'.repeat(64), '', 'web.'),
  },
);
/** Present one time in `1 + absent`, otherwise undefined. */
function sometimes<T>(arbitrary: fc.Arbitrary<T>, absent = 3) {
  return fc.oneof(
    { weight: absent, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary },
  );
}
/** The first value mostly, the mistakes now and then. */
function mostly<T>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<T>) {
  return fc.oneof(
    { weight: 15, arbitrary: good },
    { weight: 1, arbitrary: bad },
  );
}
const triggerName = fc.constantFrom('a', 'b', 'lag', 'queue', 'rps');
const smallInt = (min: number, max: number) =>
  mostly(fc.integer({ min, max }), fc.constantFrom(-1, 0));

type Template = {
  type: string;
  metadata: Record<string, string | number>;
  secret?: string;
  metricType?: TriggerIntent['metricType'];
};
const templates: Template[] = [
  {
    type: 'cron',
    metadata: {
      timezone: 'Europe/Berlin',
      start: '0 8 * * 1-5',
      end: '0 18 * * 1-5',
      desiredReplicas: 3,
    },
  },
  {
    type: 'prometheus',
    metadata: {
      serverAddress: 'http://prometheus:9090',
      query: 'sum(rate(http_requests_total[2m]))',
      threshold: '100',
    },
    secret: 'bearerToken',
  },
  {
    type: 'kafka',
    metadata: {
      bootstrapServers: 'kafka:9092',
      consumerGroup: 'orders',
      topic: 'orders',
      lagThreshold: '50',
      offsetResetPolicy: 'earliest',
    },
    secret: 'password',
  },
  {
    type: 'rabbitmq',
    metadata: {
      queueName: 'jobs',
      mode: 'QueueLength',
      value: '20',
      hostFromEnv: 'AMQP_URL',
    },
    secret: 'host',
  },
  { type: 'cpu', metadata: { value: '60' }, metricType: 'Utilization' },
  { type: 'memory', metadata: { value: '512Mi' }, metricType: 'AverageValue' },
  {
    type: 'aws-sqs-queue',
    metadata: {
      queueURL: 'https://sqs.eu-west-1.amazonaws.com/1/q',
      awsRegion: 'eu-west-1',
      queueLength: '5',
    },
    secret: 'awsSecretAccessKey',
  },
  {
    type: 'redis',
    metadata: { address: 'redis:6379', listName: 'jobs', listLength: '5' },
    secret: 'password',
  },
  {
    type: 'metrics-api',
    metadata: {
      url: 'http://api/metrics',
      valueLocation: 'queue.size',
      targetValue: '10',
      format: 'json',
    },
  },
  {
    type: 'postgresql',
    metadata: {
      host: 'db',
      port: '5432',
      userName: 'keda',
      dbName: 'app',
      query: 'select count(*) from jobs',
      targetQueryValue: '5',
    },
    secret: 'password',
  },
];

const trigger = (forJobs: boolean): fc.Arbitrary<TriggerIntent> =>
  fc
    .record({
      template: fc.constantFrom(
        ...templates.filter(
          t => !forJobs || (t.type !== 'cpu' && t.type !== 'memory'),
        ),
      ),
      name: sometimes(triggerName),
      mistake: mostly(
        fc.constant('none'),
        fc.constantFrom('drop', 'secret', 'enum', 'number', 'cache', 'type'),
      ),
      auth: fc.constantFrom(
        'none',
        'none',
        'none',
        'secrets',
        'existing',
        'identity',
      ),
    })
    .map(({ template, name: n, mistake, auth }) => {
      const metadata: Record<string, string | number> = {
        ...template.metadata,
      };
      const t: TriggerIntent = { type: template.type, metadata };
      if (n) t.name = n;
      if (template.metricType) t.metricType = template.metricType;
      if (mistake === 'drop') delete metadata[Object.keys(metadata)[0]];
      if (mistake === 'secret' && template.secret)
        metadata[template.secret] = 's3cr3t';
      if (mistake === 'enum') metadata.offsetResetPolicy = 'sideways';
      if (mistake === 'number') metadata.extra = 5;
      if (mistake === 'cache') t.useCachedMetrics = true;
      if (mistake === 'type') t.type = 'stan';
      if (auth === 'secrets' && template.secret) {
        t.authentication = {
          secretRefs: [
            { parameter: template.secret, secretName: 'creds', key: 'value' },
          ],
        };
      } else if (auth === 'existing') {
        t.authentication = { name: 'shared-auth' };
      } else if (auth === 'identity' && template.type === 'aws-sqs-queue') {
        t.authentication = {
          podIdentity: {
            provider: 'aws',
            roleArn: 'arn:aws:iam::1:role/keda',
            identityOwner: 'keda',
          },
        };
      }
      return t;
    });

const rules = fc.record(
  {
    stabilizationWindowSeconds: fc.integer({ min: 0, max: 3600 }),
    selectPolicy: fc.constantFrom(
      'Max' as const,
      'Min' as const,
      'Disabled' as const,
    ),
    policies: fc.array(
      fc.record({
        type: fc.constantFrom('Pods' as const, 'Percent' as const),
        value: smallInt(1, 100),
        periodSeconds: mostly(
          fc.integer({ min: 1, max: 1800 }),
          fc.constant(3600),
        ),
      }),
      { minLength: 1, maxLength: 2 },
    ),
  },
  { requiredKeys: [] },
);

const triggers = (forJobs: boolean) =>
  mostly(
    fc.array(trigger(forJobs), { minLength: 1, maxLength: 3 }),
    fc.constant<TriggerIntent[]>([]),
  );

const common = {
  name,
  namespace: fc.oneof(
    { weight: 15, arbitrary: fc.constant('ns') },
    { weight: 1, arbitrary: fc.constant('Bad NS') },
  ),
  kubernetesId: fc.oneof(
    { weight: 15, arbitrary: fc.constantFrom('web', 'Orders_Worker.v2') },
    { weight: 1, arbitrary: fc.constantFrom('', 'has space') },
  ),
  minReplicaCount: sometimes(smallInt(0, 5)),
  maxReplicaCount: sometimes(smallInt(1, 120)),
  pollingInterval: sometimes(smallInt(1, 600)),
  pause: sometimes(
    fc.record(
      { paused: fc.boolean(), replicas: sometimes(smallInt(0, 3)) },
      { requiredKeys: [] },
    ),
  ),
};

const scaledObject: fc.Arbitrary<ScalingIntent> = fc
  .record(
    {
      ...common,
      kind: fc.constant('ScaledObject' as const),
      triggers: triggers(false),
      scaleTarget: fc.record(
        {
          name: goodName,
          kind: fc.constantFrom('Deployment', 'StatefulSet'),
          apiVersion: fc.constantFrom('apps/v1'),
        },
        { requiredKeys: ['name'] },
      ),
      idleReplicaCount: sometimes(fc.constantFrom(0, 1), 8),
      cooldownPeriod: sometimes(smallInt(0, 600)),
      initialCooldownPeriod: sometimes(smallInt(0, 600)),
      fallback: sometimes(
        fc.record(
          {
            failureThreshold: smallInt(0, 5),
            replicas: smallInt(0, 10),
            behavior: sometimes(
              fc.constantFrom(
                'static' as const,
                'currentReplicas' as const,
                'scalingModifiers' as const,
              ),
            ),
          },
          { requiredKeys: ['failureThreshold', 'replicas'] },
        ),
      ),
      hpa: sometimes(
        fc.record(
          {
            name: mostly(
              fc.constant('custom-hpa'),
              fc.constant('h'.repeat(64)),
            ),
            scaleUp: rules,
            scaleDown: rules,
          },
          { requiredKeys: [] },
        ),
      ),
      restoreToOriginalReplicaCount: sometimes(fc.boolean()),
      scalingModifiers: sometimes(
        fc.record(
          {
            formula: mostly(
              fc.constantFrom(
                'a',
                '(a + b) / 2',
                'a > 10 ? a : b',
                'max(a, 1)',
                'a ?? b ?? 8',
              ),
              fc.constantFrom('a +', 'unknown * 2'),
            ),
            target: mostly(
              fc.constantFrom('10', '0.5'),
              fc.constantFrom('0', 'x'),
            ),
            metricType: sometimes(
              fc.constantFrom('AverageValue' as const, 'Value' as const),
            ),
          },
          { requiredKeys: ['formula', 'target'] },
        ),
      ),
    },
    {
      requiredKeys: [
        'kind',
        'name',
        'namespace',
        'kubernetesId',
        'triggers',
        'scaleTarget',
      ],
    },
  )
  .map(intent => {
    // Formulas use the names a and b: name the event triggers so.
    if (!intent.scalingModifiers) return intent;
    const names = ['a', 'b', 'c'];
    const events = intent.triggers.filter(
      t => t.type !== 'cpu' && t.type !== 'memory',
    );
    const used = intent.scalingModifiers.formula.includes('b') ? 2 : 1;
    if (events.length < used) return intent;
    return {
      ...intent,
      triggers: intent.triggers.map(t =>
        events.includes(t) ? { ...t, name: names[events.indexOf(t)] } : t,
      ),
    };
  });

const scaledJob: fc.Arbitrary<ScalingIntent> = fc.record(
  {
    ...common,
    kind: fc.constant('ScaledJob' as const),
    triggers: triggers(true),
    jobTemplate: fc.record(
      {
        containers: fc
          .array(
            fc.record(
              {
                name: fc.oneof(
                  {
                    weight: 10,
                    arbitrary: fc.constantFrom('worker', 'sidecar'),
                  },
                  { weight: 1, arbitrary: fc.constant('Worker') },
                ),
                image: fc.oneof(
                  {
                    weight: 10,
                    arbitrary: fc.constant('ghcr.io/acme/worker:1.0'),
                  },
                  { weight: 1, arbitrary: fc.constant('') },
                ),
                args: sometimes(fc.constant<string[]>(['--once'])),
                resources: sometimes(
                  fc.constant<{ requests: Record<string, string> }>({
                    requests: { cpu: '100m', memory: '64Mi' },
                  }),
                ),
              },
              { requiredKeys: ['name', 'image'] },
            ),
            { minLength: 1, maxLength: 2 },
          )
          .map(containers =>
            containers.map((c, i) =>
              i && c.name !== 'Worker' ? { ...c, name: `${c.name}-${i}` } : c,
            ),
          ),
        restartPolicy: fc.constantFrom('Never' as const, 'OnFailure' as const),
        backoffLimit: smallInt(0, 6),
        parallelism: smallInt(0, 3),
      },
      { requiredKeys: ['containers'] },
    ),
    successfulJobsHistoryLimit: sometimes(smallInt(0, 10)),
    failedJobsHistoryLimit: sometimes(smallInt(0, 10)),
    scalingStrategy: sometimes(
      fc.record(
        {
          strategy: fc.constantFrom(
            'default' as const,
            'custom' as const,
            'accurate' as const,
            'eager' as const,
          ),
          customScalingQueueLengthDeduction: fc.integer({ min: -5, max: 5 }),
          customScalingRunningJobPercentage: mostly(
            fc.constantFrom('0.5', '1'),
            fc.constantFrom('2', 'half'),
          ),
          multipleScalersCalculation: fc.constantFrom(
            'min' as const,
            'avg' as const,
            'sum' as const,
            'max' as const,
          ),
        },
        { requiredKeys: [] },
      ),
    ),
  },
  {
    requiredKeys: [
      'kind',
      'name',
      'namespace',
      'kubernetesId',
      'triggers',
      'jobTemplate',
    ],
  },
);

/** Intents: three ScaledObjects for each ScaledJob. */
export const intentArbitrary: fc.Arbitrary<ScalingIntent> = fc.oneof(
  { weight: 3, arbitrary: scaledObject },
  { weight: 1, arbitrary: scaledJob },
);

/**
 * Mistakes made directly in a manifest (as a hand-edited file would), many of
 * which the CRD schema or its CEL rule rejects.
 */
function firstTrigger(m: KedaManifest): any {
  const list = (m.spec.triggers ?? []) as any[];
  if (!list.length) list.push({ type: 'cron', metadata: {} });
  m.spec.triggers = list;
  return list[0];
}

export const manifestMistakes: ReadonlyArray<(m: KedaManifest) => void> = [
  m => {
    m.spec.pollingInterval = 0;
  },
  m => {
    m.spec.minReplicaCount = 7;
    m.spec.maxReplicaCount = 3;
  },
  m => {
    m.spec.maxReplicaCount = 0;
  },
  m => {
    m.spec.minReplicaCount = 200;
    delete m.spec.maxReplicaCount;
  },
  m => {
    firstTrigger(m).metadata = { n: 5 };
  },
  m => {
    firstTrigger(m).type = '';
  },
  m => {
    delete firstTrigger(m).metadata;
  },
  m => {
    firstTrigger(m).authenticationRef = { name: 'x', kind: 'Secret' };
  },
  m => {
    m.spec.triggers = [];
  },
  m => {
    m.metadata.name = 'Upper_Case';
  },
  m => {
    m.metadata.labels = { 'backstage.io/kubernetes-id': 'bad value!' };
  },
  m => {
    m.spec.fallback = { failureThreshold: 3 };
  },
  m => {
    m.spec.cooldownPeriod = -5;
  },
  m => {
    m.spec.advanced = {
      scalingModifiers: {
        formula: 'a',
        target: '1',
        metricType: 'Utilization',
      },
    };
  },
  m => {
    if (m.kind === 'ScaledObject') (m.spec.scaleTargetRef as any).name = '';
    else
      (m.spec as any).jobTargetRef.template.spec.containers = [{ image: 'x' }];
  },
  m => {
    m.spec.successfulJobsHistoryLimit = -1;
  },
  m => {
    m.spec.idleReplicaCount = -1;
  },
];
