import { buildManifests } from './build';
import type { ScalingIntent, TriggerIntent } from './types';
import { validateIntent, validateManifests } from './validate';

const cron: TriggerIntent = {
  type: 'cron',
  name: 'office',
  metadata: {
    timezone: 'Europe/Berlin',
    start: '0 8 * * 1-5',
    end: '0 18 * * 1-5',
    desiredReplicas: 3,
  },
};
const prometheus: TriggerIntent = {
  type: 'prometheus',
  name: 'rps',
  metadata: {
    serverAddress: 'http://prometheus.monitoring:9090',
    query: 'sum(rate(http_requests_total[2m]))',
    threshold: 100,
  },
};
const base: ScalingIntent = {
  name: 'web',
  namespace: 'shop',
  kubernetesId: 'web',
  scaleTarget: { name: 'web' },
  minReplicaCount: 1,
  maxReplicaCount: 10,
  triggers: [prometheus, cron],
};

function problemsOf(change: Partial<ScalingIntent>) {
  return validateIntent({ ...base, ...change });
}

/** Each rule: a change that passes and one that fails at `path`. */
const rules: Array<{
  rule: string;
  pass: Partial<ScalingIntent>;
  fail: Partial<ScalingIntent>;
  path: string;
  message: RegExp;
}> = [
  {
    rule: '1: min <= max',
    pass: { minReplicaCount: 10, maxReplicaCount: 10 },
    fail: { minReplicaCount: 11, maxReplicaCount: 10 },
    path: 'spec.minReplicaCount',
    message: /must not be above maxReplicaCount/,
  },
  {
    rule: '1: min <= default max 100',
    pass: { minReplicaCount: 100, maxReplicaCount: undefined },
    fail: { minReplicaCount: 101, maxReplicaCount: undefined },
    path: 'spec.minReplicaCount',
    message: /\(100, the default\)/,
  },
  {
    rule: '2: idle < min',
    pass: { idleReplicaCount: 0, minReplicaCount: 1 },
    fail: { idleReplicaCount: 1, minReplicaCount: 1 },
    path: 'spec.idleReplicaCount',
    message: /must be below minReplicaCount/,
  },
  {
    rule: '3: name <= 63',
    pass: { name: 'a'.repeat(54) },
    fail: { name: 'a'.repeat(64) },
    path: 'metadata.name',
    message: /at most 63/,
  },
  {
    rule: '3: derived HPA name <= 63',
    pass: { name: 'a'.repeat(54) },
    fail: { name: 'a'.repeat(55) },
    path: 'metadata.name',
    message: /keda-hpa-a+', is longer than 63/,
  },
  {
    rule: '3: custom HPA name lifts the derived limit',
    pass: { name: 'a'.repeat(60), hpa: { name: 'web-hpa' } },
    fail: { hpa: { name: 'h'.repeat(64) } },
    path: 'spec.advanced.horizontalPodAutoscalerConfig.name',
    message: /at most 63/,
  },
  {
    rule: '8: fallback numbers >= 0',
    pass: { fallback: { failureThreshold: 3, replicas: 0 } },
    fail: { fallback: { failureThreshold: -1, replicas: 2 } },
    path: 'spec.fallback.failureThreshold',
    message: /between 0 and/,
  },
  {
    rule: '8: fallback needs a non-cpu/memory trigger',
    pass: { fallback: { failureThreshold: 3, replicas: 2 } },
    fail: {
      fallback: { failureThreshold: 3, replicas: 2 },
      triggers: [
        { type: 'cpu', metricType: 'Utilization', metadata: { value: '60' } },
      ],
    },
    path: 'spec.fallback',
    message: /not cpu or memory/,
  },
  {
    rule: '8: behavior scalingModifiers needs a formula',
    pass: {
      fallback: {
        failureThreshold: 3,
        replicas: 2,
        behavior: 'scalingModifiers',
      },
      scalingModifiers: { formula: 'rps ?? 8', target: '10' },
    },
    fail: {
      fallback: {
        failureThreshold: 3,
        replicas: 2,
        behavior: 'scalingModifiers',
      },
    },
    path: 'spec.fallback.behavior',
    message: /needs spec.advanced.scalingModifiers.formula/,
  },
  {
    rule: '9: formula required',
    pass: { scalingModifiers: { formula: 'rps', target: '5' } },
    fail: { scalingModifiers: { formula: '', target: '5' } },
    path: 'spec.advanced.scalingModifiers.formula',
    message: /must not be empty/,
  },
  {
    rule: '9: target is a float > 0',
    pass: { scalingModifiers: { formula: 'rps', target: '0.5' } },
    fail: { scalingModifiers: { formula: 'rps', target: '0' } },
    path: 'spec.advanced.scalingModifiers.target',
    message: /above 0/,
  },
  {
    rule: '9: metricType not Utilization',
    pass: {
      scalingModifiers: { formula: 'rps', target: '5', metricType: 'Value' },
    },
    fail: {
      scalingModifiers: {
        formula: 'rps',
        target: '5',
        metricType: 'Utilization' as any,
      },
    },
    path: 'spec.advanced.scalingModifiers.metricType',
    message: /Utilization/,
  },
  {
    rule: '9: formula parses',
    pass: { scalingModifiers: { formula: '(rps + office) / 2', target: '5' } },
    fail: { scalingModifiers: { formula: '(rps + office / 2', target: '5' } },
    path: 'spec.advanced.scalingModifiers.formula',
    message: /cannot be parsed/,
  },
  {
    rule: '9: formula uses named non-cpu triggers',
    pass: { scalingModifiers: { formula: 'max(rps, office)', target: '5' } },
    fail: { scalingModifiers: { formula: 'rps + queue', target: '5' } },
    path: 'spec.advanced.scalingModifiers.formula',
    message: /'queue', which is not the name of a trigger/,
  },
  {
    rule: '10: at least one trigger',
    pass: { triggers: [cron] },
    fail: { triggers: [] },
    path: 'spec.triggers',
    message: /at least one trigger/,
  },
  {
    rule: '10: unique trigger names',
    pass: { triggers: [prometheus, { ...cron, name: 'office' }] },
    fail: { triggers: [prometheus, { ...cron, name: 'rps' }] },
    path: 'spec.triggers[1].name',
    message: /already used/,
  },
  {
    rule: '10: no useCachedMetrics on cron',
    pass: { triggers: [{ ...prometheus, useCachedMetrics: true }] },
    fail: { triggers: [{ ...cron, useCachedMetrics: true }] },
    path: 'spec.triggers[0].useCachedMetrics',
    message: /not supported for cron/,
  },
  {
    rule: 'CRD: pollingInterval >= 1',
    pass: { pollingInterval: 1 },
    fail: { pollingInterval: 0 },
    path: 'spec.pollingInterval',
    message: /between 1 and/,
  },
  {
    rule: 'CRD: maxReplicaCount >= 1',
    pass: { maxReplicaCount: 1 },
    fail: { maxReplicaCount: 0, minReplicaCount: 0 },
    path: 'spec.maxReplicaCount',
    message: /between 1 and/,
  },
  {
    rule: 'HPA policy period <= 1800',
    pass: {
      hpa: {
        scaleDown: {
          policies: [{ type: 'Percent', value: 50, periodSeconds: 60 }],
        },
      },
    },
    fail: {
      hpa: {
        scaleDown: {
          policies: [{ type: 'Percent', value: 50, periodSeconds: 3600 }],
        },
      },
    },
    path: 'spec.advanced.horizontalPodAutoscalerConfig.behavior.scaleDown.policies[0].periodSeconds',
    message: /between 1 and 1800/,
  },
  {
    rule: 'secrets: no secret in metadata',
    pass: {
      triggers: [
        {
          ...prometheus,
          authentication: {
            secretRefs: [
              { parameter: 'bearerToken', secretName: 'prom', key: 'token' },
            ],
          },
        },
      ],
    },
    fail: {
      triggers: [
        {
          ...prometheus,
          metadata: { ...prometheus.metadata, bearerToken: 'abc' },
        },
      ],
    },
    path: 'spec.triggers[0].metadata.bearerToken',
    message: /is a secret/,
  },
  {
    rule: 'secrets: secret parameter that may come from env',
    pass: {
      triggers: [
        {
          type: 'rabbitmq',
          metadata: {
            queueName: 'q',
            mode: 'QueueLength',
            value: '5',
            hostFromEnv: 'AMQP_URL',
          },
        },
      ],
    },
    fail: {
      triggers: [
        {
          type: 'rabbitmq',
          metadata: {
            queueName: 'q',
            mode: 'QueueLength',
            value: '5',
            host: 'amqp://u:p@rabbit',
          },
        },
      ],
    },
    path: 'spec.triggers[0].metadata.host',
    message: /host is a secret/,
  },
  {
    rule: 'secrets: authentication-only parameter',
    pass: {
      triggers: [
        {
          type: 'splunk-observability',
          metadata: {
            query: 'data("cpu").publish()',
            duration: '10',
            targetValue: '5',
            activationTargetValue: '1',
            queryAggregator: 'max',
          },
          authentication: { name: 'splunk' },
        },
      ],
    },
    fail: {
      triggers: [
        {
          type: 'splunk-observability',
          metadata: {
            query: 'data("cpu").publish()',
            duration: '10',
            targetValue: '5',
            activationTargetValue: '1',
            queryAggregator: 'max',
            realm: 'us1',
          },
          authentication: { name: 'splunk' },
        },
      ],
    },
    path: 'spec.triggers[0].metadata.realm',
    message:
      /realm can only come from a TriggerAuthentication, not from the metadata/,
  },
  {
    rule: 'catalog: unknown type',
    pass: { triggers: [prometheus] },
    fail: { triggers: [{ type: 'kafkaa', metadata: {} }] },
    path: 'spec.triggers[0].type',
    message: /not a KEDA trigger type/,
  },
  {
    rule: 'catalog: removed type',
    pass: {
      triggers: [
        {
          type: 'nats-jetstream',
          metadata: {
            natsServerMonitoringEndpoint: 'nats:8222',
            stream: 's',
            consumer: 'c',
            lagThreshold: '10',
          },
        },
      ],
    },
    fail: { triggers: [{ type: 'stan', metadata: {} }] },
    path: 'spec.triggers[0].type',
    message: /removed from KEDA/,
  },
  {
    rule: 'catalog: required parameter',
    pass: { triggers: [prometheus] },
    fail: {
      triggers: [
        {
          ...prometheus,
          metadata: { serverAddress: 'http://p:9090', threshold: '5' },
        },
      ],
    },
    path: 'spec.triggers[0].metadata.query',
    message: /needs query/,
  },
  {
    rule: 'catalog: required parameter from env',
    pass: {
      triggers: [
        {
          type: 'kafka',
          metadata: { bootstrapServersFromEnv: 'KAFKA', consumerGroup: 'g' },
        },
      ],
    },
    fail: { triggers: [{ type: 'kafka', metadata: { consumerGroup: 'g' } }] },
    path: 'spec.triggers[0].metadata.bootstrapServers',
    message: /needs bootstrapServers/,
  },
  {
    rule: 'catalog: required parameter from a created TriggerAuthentication',
    pass: {
      triggers: [
        {
          type: 'dynatrace',
          metadata: {
            host: 'https://x.live.dynatrace.com',
            threshold: '5',
            metricSelector: 'm',
          },
          authentication: {
            secretRefs: [
              { parameter: 'token', secretName: 'dt', key: 'token' },
            ],
          },
        },
      ],
    },
    fail: {
      triggers: [
        {
          type: 'dynatrace',
          metadata: {
            host: 'https://x.live.dynatrace.com',
            threshold: '5',
            metricSelector: 'm',
          },
        },
      ],
    },
    path: 'spec.triggers[0].metadata.token',
    message: /needs token/,
  },
  {
    rule: 'catalog: one of a group',
    pass: {
      triggers: [
        {
          type: 'ibmmq',
          metadata: { host: 'https://mq/ibmmq/rest/v2', queueNames: 'A,B' },
          authentication: { name: 'mq' },
        },
      ],
    },
    fail: {
      triggers: [
        {
          type: 'ibmmq',
          metadata: { host: 'https://mq/ibmmq/rest/v2' },
          authentication: { name: 'mq' },
        },
      ],
    },
    path: 'spec.triggers[0].metadata',
    message: /needs one of queueName, queueNames/,
  },
  {
    rule: 'catalog: enum value',
    pass: {
      triggers: [
        {
          type: 'kafka',
          metadata: {
            bootstrapServers: 'k:9092',
            consumerGroup: 'g',
            offsetResetPolicy: 'earliest',
          },
        },
      ],
    },
    fail: {
      triggers: [
        {
          type: 'kafka',
          metadata: {
            bootstrapServers: 'k:9092',
            consumerGroup: 'g',
            offsetResetPolicy: 'oldest',
          },
        },
      ],
    },
    path: 'spec.triggers[0].metadata.offsetResetPolicy',
    message: /'oldest' is not one of the allowed values/,
  },
  {
    rule: 'catalog: integer value',
    pass: {
      triggers: [
        {
          type: 'kafka',
          metadata: {
            bootstrapServers: 'k:9092',
            consumerGroup: 'g',
            lagThreshold: '50',
          },
        },
      ],
    },
    fail: {
      triggers: [
        {
          type: 'kafka',
          metadata: {
            bootstrapServers: 'k:9092',
            consumerGroup: 'g',
            lagThreshold: 'fifty',
          },
        },
      ],
    },
    path: 'spec.triggers[0].metadata.lagThreshold',
    message: /whole number/,
  },
  {
    rule: 'cpu/memory need metricType',
    pass: {
      triggers: [
        {
          type: 'memory',
          metricType: 'AverageValue',
          metadata: { value: '512Mi' },
        },
      ],
    },
    fail: { triggers: [{ type: 'memory', metadata: { value: '512Mi' } }] },
    path: 'spec.triggers[0].metricType',
    message: /needs metricType/,
  },
  {
    rule: 'cron expression',
    pass: { triggers: [cron] },
    fail: {
      triggers: [
        { ...cron, metadata: { ...cron.metadata, start: '0 25 * * *' } },
      ],
    },
    path: 'spec.triggers[0].metadata.start',
    message: /hour value 25/,
  },
  {
    rule: 'cron time zone',
    pass: { triggers: [cron] },
    fail: {
      triggers: [
        { ...cron, metadata: { ...cron.metadata, timezone: 'Berlin' } },
      ],
    },
    path: 'spec.triggers[0].metadata.timezone',
    message: /not an IANA time zone/,
  },
  {
    rule: 'names: namespace is a DNS label',
    pass: { namespace: 'shop-eu' },
    fail: { namespace: 'Shop.EU' },
    path: 'metadata.namespace',
    message: /lower-case/,
  },
  {
    rule: 'names: object name is a DNS subdomain',
    pass: { name: 'web.v2' },
    fail: { name: 'Web_V2' },
    path: 'metadata.name',
    message: /lower-case/,
  },
  {
    rule: 'names: kubernetes-id is a label value',
    pass: { kubernetesId: 'Web_Service.v2' },
    fail: { kubernetesId: 'web service' },
    path: "metadata.labels['backstage.io/kubernetes-id']",
    message: /label value/,
  },
  {
    rule: 'names: kubernetes-id is required',
    pass: { kubernetesId: 'web' },
    fail: { kubernetesId: '' },
    path: "metadata.labels['backstage.io/kubernetes-id']",
    message: /is required/,
  },
  {
    rule: 'names: Secret name and key',
    pass: {
      triggers: [
        {
          ...prometheus,
          authentication: {
            secretRefs: [
              {
                parameter: 'bearerToken',
                secretName: 'prom-token',
                key: 'token.txt',
              },
            ],
          },
        },
      ],
    },
    fail: {
      triggers: [
        {
          ...prometheus,
          authentication: {
            secretRefs: [
              {
                parameter: 'bearerToken',
                secretName: 'Prom Token',
                key: 'token',
              },
            ],
          },
        },
      ],
    },
    path: 'spec.secretTargetRef[0].name',
    message: /Secret name/,
  },
  {
    rule: '13: identityId not empty',
    pass: {
      triggers: [
        {
          ...prometheus,
          authentication: {
            podIdentity: { provider: 'azure-workload', identityId: 'abc' },
          },
        },
      ],
    },
    fail: {
      triggers: [
        {
          ...prometheus,
          authentication: {
            podIdentity: { provider: 'azure-workload', identityId: '' },
          },
        },
      ],
    },
    path: 'spec.podIdentity.identityId',
    message: /empty string/,
  },
  {
    rule: '13: authorityHost needs tenant',
    pass: {
      triggers: [
        {
          ...prometheus,
          authentication: {
            podIdentity: {
              provider: 'azure-workload',
              identityTenantId: 't',
              identityAuthorityHost: 'https://login',
            },
          },
        },
      ],
    },
    fail: {
      triggers: [
        {
          ...prometheus,
          authentication: {
            podIdentity: {
              provider: 'azure-workload',
              identityAuthorityHost: 'https://login',
            },
          },
        },
      ],
    },
    path: 'spec.podIdentity.identityAuthorityHost',
    message: /needs identityTenantId/,
  },
  {
    rule: '13: roleArn only with identityOwner keda',
    pass: {
      triggers: [
        {
          ...prometheus,
          authentication: {
            podIdentity: {
              provider: 'aws',
              roleArn: 'arn:aws:iam::1:role/x',
              identityOwner: 'keda',
            },
          },
        },
      ],
    },
    fail: {
      triggers: [
        {
          ...prometheus,
          authentication: {
            podIdentity: {
              provider: 'aws',
              roleArn: 'arn:aws:iam::1:role/x',
              identityOwner: 'workload',
            },
          },
        },
      ],
    },
    path: 'spec.podIdentity.roleArn',
    message: /identityOwner is keda/,
  },
  {
    rule: '13: externalID needs roleArn',
    pass: {
      triggers: [
        {
          ...prometheus,
          authentication: {
            podIdentity: {
              provider: 'aws',
              roleArn: 'arn:aws:iam::1:role/x',
              externalID: 'e',
            },
          },
        },
      ],
    },
    fail: {
      triggers: [
        {
          ...prometheus,
          authentication: { podIdentity: { provider: 'aws', externalID: 'e' } },
        },
      ],
    },
    path: 'spec.podIdentity.externalID',
    message: /needs roleArn/,
  },
  {
    rule: 'pause replicas is a whole number',
    pass: { pause: { replicas: 0 } },
    fail: { pause: { replicas: -2 } },
    path: "metadata.annotations['autoscaling.keda.sh/paused-replicas']",
    message: /whole number/,
  },
];

describe('validation rules', () => {
  it.each(rules)('$rule', ({ pass, fail, path, message }) => {
    expect(problemsOf(pass)).toEqual([]);
    const problems = problemsOf(fail);
    const hit = problems.find(p => p.path === path);
    expect({ hit, problems }).toEqual(
      expect.objectContaining({
        hit: expect.objectContaining({
          message: expect.stringMatching(message),
        }),
      }),
    );
    for (const p of problems) {
      expect(p.message.startsWith(p.path)).toBe(true);
      expect(p.fix.length).toBeGreaterThan(5);
    }
  });

  it('says how to fix a secret in the metadata', () => {
    const [problem] = problemsOf({
      triggers: [
        { ...prometheus, metadata: { ...prometheus.metadata, password: 'x' } },
      ],
    });
    expect(problem).toEqual({
      path: 'spec.triggers[0].metadata.password',
      message:
        'spec.triggers[0].metadata.password: password is a secret and must not be written in the manifest',
      fix: "Put the value in a Kubernetes Secret and reference it through a TriggerAuthentication (secretTargetRef with parameter 'password'), then remove it from the metadata.",
      manifest: 'ScaledObject/web',
    });
  });
});

describe('ScaledJob rules (rule 12: only the trigger rules)', () => {
  const job: ScalingIntent = {
    kind: 'ScaledJob',
    name: `thumbnails-${'x'.repeat(60)}`,
    namespace: 'media',
    kubernetesId: 'thumbnails',
    jobTemplate: { containers: [{ name: 'worker', image: 'acme/thumbs:1' }] },
    triggers: [prometheus],
  };
  it('accepts a long name (no HPA) and a valid job', () => {
    expect(validateIntent(job)).toEqual([]);
  });
  it('rejects duplicate trigger names and a missing image', () => {
    const problems = validateIntent({
      ...job,
      jobTemplate: { containers: [{ name: 'worker', image: '' }] },
      triggers: [prometheus, prometheus],
    });
    expect(problems.map(p => p.path)).toEqual([
      'spec.jobTargetRef.template.spec.containers[0].image',
      'spec.triggers[1].name',
    ]);
  });
  it('rejects ScaledObject-only settings in the intent', () => {
    expect(
      validateIntent({ ...job, cooldownPeriod: 30 }).map(p => p.path),
    ).toEqual(['cooldownPeriod']);
  });
});

describe('validateManifests', () => {
  it('takes parameters from a TriggerAuthentication in the same set', () => {
    const manifests = buildManifests({
      ...base,
      triggers: [
        {
          type: 'dynatrace',
          metadata: { host: 'https://x', threshold: '5', metricSelector: 'm' },
          authentication: {
            name: 'dt',
            secretRefs: [{ parameter: 'password', secretName: 'dt', key: 'p' }],
          },
        },
      ],
    });
    expect(validateManifests(manifests).map(p => p.path)).toEqual([
      'spec.triggers[0].metadata.token',
    ]);
  });

  it('reports unknown fields, wrong types and duplicates', () => {
    const [so] = buildManifests(base);
    const broken = {
      ...so,
      spec: {
        ...so.spec,
        minReplicas: 1,
        maxReplicaCount: '10',
        triggers: [
          { type: 'cron', metadata: { ...cron.metadata, desiredReplicas: 3 } },
        ],
      },
    };
    expect(
      validateManifests([broken, so]).map(p => `${p.manifest} ${p.path}`),
    ).toEqual([
      'ScaledObject/web spec.minReplicas',
      'ScaledObject/web spec.maxReplicaCount',
      'ScaledObject/web spec.triggers[0].metadata.desiredReplicas',
      'ScaledObject/web metadata.name',
    ]);
  });

  it('never throws on garbage', () => {
    for (const value of [
      null,
      1,
      'x',
      [],
      {},
      {
        kind: 'ScaledObject',
        apiVersion: 'keda.sh/v1alpha1',
        metadata: 1,
        spec: { triggers: 'x', advanced: { scalingModifiers: { formula: 5 } } },
      },
    ]) {
      expect(() => validateManifests([value])).not.toThrow();
    }
  });
});

describe('cron expression messages', () => {
  const withStart = (start: string) =>
    problemsOf({
      triggers: [{ ...cron, metadata: { ...cron.metadata, start } }],
    }).find(p => p.path.endsWith('.start'));

  it('asks for five fields only when the count is wrong', () => {
    expect(withStart('0 8 * *')?.fix).toMatch(/^Write five fields/);
    const outOfRange = withStart('0 25 * * *');
    expect(outOfRange?.message).toMatch(/hour value 25 is outside 0-23/);
    expect(outOfRange?.fix).toBe(
      "Correct that field; e.g. '0 8 * * 1-5' is 08:00 on weekdays.",
    );
  });
});
