import {
  cron,
  prometheus,
  problemsOf,
  checkRule,
  type Rule,
} from './__testUtils__/rules';

describe('trigger rules', () => {
  it.each<Rule>([
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
              hostFromEnv: 'AMQP_URL',
              password: 'p',
            },
          },
        ],
      },
      path: 'spec.triggers[0].metadata.password',
      message: /password is a secret/,
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
          { type: 'redis', metadata: { address: 'redis:6379', listName: 'l' } },
        ],
      },
      fail: { triggers: [{ type: 'redis', metadata: { listName: 'l' } }] },
      path: 'spec.triggers[0].metadata',
      message: /needs one of address, host/,
    },
    {
      // KEDA: name=queueName;queueNames (ibmmq_scaler.go).
      rule: 'catalog: another name KEDA accepts for a parameter',
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
      path: 'spec.triggers[0].metadata.queueName',
      message: /needs queueName/,
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
  ])('$rule', rule => checkRule(rule));

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
