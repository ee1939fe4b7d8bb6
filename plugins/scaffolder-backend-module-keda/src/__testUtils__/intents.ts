/** Scaling intents for the tests: a valid one, and some the domain core refuses. */
import { validateIntent } from '@keda-portal/plugin-keda-common';

export const KAFKA_INTENT = {
  name: 'orders-consumer',
  namespace: 'shop',
  kubernetesId: 'orders-consumer',
  scaleTarget: { name: 'orders-consumer' },
  minReplicaCount: 0,
  maxReplicaCount: 30,
  triggers: [
    {
      type: 'kafka',
      metadata: {
        bootstrapServers: 'kafka.shop:9092',
        consumerGroup: 'orders-consumer',
        topic: 'orders',
        lagThreshold: 50,
      },
      authentication: {
        secretRefs: [
          { parameter: 'sasl', secretName: 'kafka-credentials', key: 'sasl' },
          {
            parameter: 'username',
            secretName: 'kafka-credentials',
            key: 'username',
          },
          {
            parameter: 'password',
            secretName: 'kafka-credentials',
            key: 'password',
          },
        ],
      },
    },
  ],
};

/** Intents the domain core refuses, each for one field. */
export const BAD_INTENTS: Array<[string, object]> = [
  ['min above max', { ...KAFKA_INTENT, minReplicaCount: 40 }],
  [
    'a password literal in the metadata',
    {
      ...KAFKA_INTENT,
      triggers: [
        {
          type: 'kafka',
          metadata: {
            ...KAFKA_INTENT.triggers[0].metadata,
            password: 'hunter2',
          },
        },
      ],
    },
  ],
  [
    'a malformed cron expression',
    {
      ...KAFKA_INTENT,
      triggers: [
        {
          type: 'cron',
          metadata: {
            timezone: 'Europe/Amsterdam',
            start: '0 25 * * *',
            end: '0 18 * * *',
            desiredReplicas: '3',
          },
        },
      ],
    },
  ],
  [
    'an unknown trigger parameter',
    {
      ...KAFKA_INTENT,
      triggers: [
        {
          type: 'kafka',
          metadata: {
            ...KAFKA_INTENT.triggers[0].metadata,
            lagTreshold: '5',
          },
        },
      ],
    },
  ],
];

/** The refusal the domain core's one problem makes: field, what, fix. */
export function domainMessage(intent: object) {
  const problems = validateIntent(intent as any);
  expect(problems).toHaveLength(1);
  return `${problems[0].message} ${problems[0].fix}`;
}
