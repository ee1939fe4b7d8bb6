import {
  buildManifests,
  validateIntent,
  type ScalingIntent,
} from '@keda-portal/plugin-keda-common';
import {
  describeProblem,
  locateProblems,
  previewIntent,
  problemText,
  validateTriggers,
} from './problems';

describe('validateTriggers', () => {
  it('is quiet for valid triggers', () => {
    expect(
      validateTriggers([
        {
          type: 'cron',
          metadata: {
            timezone: 'UTC',
            start: '0 8 * * *',
            end: '0 18 * * *',
            desiredReplicas: '3',
          },
        },
      ]),
    ).toEqual([]);
  });

  it('places problems on metadata keys, quoted ones included', () => {
    const located = validateTriggers([
      {
        type: 'sumologic',
        metadata: { 'query.A': 'x', 'not.a.key': 'y' },
      },
    ]);
    const fields = located.map(p => p.field);
    expect(fields).toContain('metadata.not.a.key');
    expect(fields).not.toContain('metadata.query.A');
  });

  it('places problems of the created TriggerAuthentication on its Secret references', () => {
    const located = validateTriggers([
      { type: 'cron', metadata: {} },
      {
        type: 'rabbitmq',
        metadata: { queueName: 'q', mode: 'QueueLength', value: '5' },
        authentication: {
          secretRefs: [{ parameter: 'host', secretName: 'Bad_Name', key: '' }],
        },
      },
    ]);
    const secret = located.filter(p => p.field.startsWith('secretRefs.'));
    expect(secret.map(p => [p.trigger, p.field])).toEqual([
      [1, 'secretRefs.0.secretName'],
      [1, 'secretRefs.0.key'],
    ]);
  });

  it('places an unknown parameter of a Secret reference', () => {
    const [problem] = validateTriggers([
      {
        type: 'rabbitmq',
        metadata: { queueName: 'q', mode: 'QueueLength', value: '5' },
        authentication: {
          secretRefs: [
            { parameter: 'host', secretName: 'rmq', key: 'url' },
            { parameter: 'passwd', secretName: 'rmq', key: 'pw' },
          ],
        },
      },
    ]);
    expect(problem).toMatchObject({
      trigger: 0,
      field: 'secretRefs.1.parameter',
    });
  });
});

describe('locateProblems', () => {
  it('finds the trigger of a TriggerAuthentication named after a larger intent', () => {
    const intent: ScalingIntent = {
      name: 'orders',
      namespace: 'shop',
      kubernetesId: 'orders',
      scaleTarget: { name: 'orders' },
      triggers: [
        { type: 'cpu', metricType: 'Utilization', metadata: { value: '50' } },
        {
          type: 'rabbitmq',
          metadata: { queueName: 'q', mode: 'QueueLength', value: '5' },
          authentication: {
            secretRefs: [{ parameter: 'host', secretName: 'rmq', key: '' }],
          },
        },
      ],
    };
    expect(buildManifests(intent)[1].metadata.name).toBe(
      'orders-rabbitmq-auth',
    );
    const problems = validateIntent(intent);
    // Located against the editor's own preview intent, as the editor does.
    const located = locateProblems(problems, previewIntent(intent.triggers));
    expect(located).toEqual([
      expect.objectContaining({ trigger: 1, field: 'secretRefs.0.key' }),
    ]);
  });
});

describe('describeProblem', () => {
  it('names the trigger and the field, without the manifest path', () => {
    const triggers = [{ type: 'kafka', metadata: { lagThreshold: 'ten' } }];
    const located = validateTriggers(triggers).find(
      p => p.field === 'metadata.lagThreshold',
    )!;
    expect(describeProblem(located, triggers)).toBe(
      "Trigger 1 (kafka), lagThreshold: must be a whole number, got 'ten'. Write a whole number, e.g. '50'.",
    );
    expect(problemText(located.problem)).not.toContain('spec.triggers');
  });
});

describe('problemText', () => {
  const required = {
    path: 'spec.triggers[0].metadata.query',
    message: 'spec.triggers[0].metadata.query: is required',
    fix: 'Add query.',
  };

  it('keeps the field name under a field, so "is required." never stands alone', () => {
    expect(problemText(required, { named: true })).toBe(
      'query is required. Add query.',
    );
    expect(
      problemText(
        {
          path: "spec.triggers[0].metadata['a.b']",
          message: "spec.triggers[0].metadata['a.b']: must be a number",
          fix: 'Write a number.',
        },
        { named: true },
      ),
    ).toBe('a.b must be a number. Write a number.');
  });

  it('does not repeat the path, and leaves messages that name their subject alone', () => {
    expect(problemText(required)).toBe('is required. Add query.');
    expect(
      problemText(
        {
          path: 'spec.triggers[0].metadata.start',
          message:
            'spec.triggers[0].metadata.start: the cron trigger needs start',
          fix: 'Add start.',
        },
        { named: true },
      ),
    ).toBe('the cron trigger needs start. Add start.');
  });
});
