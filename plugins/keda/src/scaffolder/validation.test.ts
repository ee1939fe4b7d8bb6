import {
  type TriggerIntent,
  validateIntent,
} from '@keda-portal/plugin-keda-common';
import { kedaApiRef } from '../api';
import {
  kedaReplicaCountValidation,
  kedaTriggersValidation,
  maxGuardrailProblem,
  type KedaReplicaCountUiOptions,
  validateReplicaBounds,
} from './validation';

function collect() {
  const errors: string[] = [];
  return { errors, validation: { addError: (m: string) => errors.push(m) } };
}

function validateTriggers(value: unknown, options = {}) {
  const { errors, validation } = collect();
  kedaTriggersValidation(value, validation, {
    formData: { namespace: 'orders' },
    uiSchema: { 'ui:options': options },
  });
  return errors;
}

const kafka: TriggerIntent = {
  type: 'kafka',
  metadata: {
    bootstrapServers: 'kafka.orders:9092',
    consumerGroup: 'orders',
    topic: 'orders',
    lagThreshold: '50',
  },
};

describe('kedaTriggersValidation', () => {
  it('passes valid triggers and an unset value', () => {
    expect(validateTriggers([kafka])).toEqual([]);
    expect(
      validateTriggers([
        {
          type: 'rabbitmq',
          metadata: { queueName: 'mails', mode: 'QueueLength', value: '20' },
          authentication: {
            secretRefs: [{ parameter: 'host', secretName: 'rmq', key: 'url' }],
          },
        },
      ]),
    ).toEqual([]);
    expect(validateTriggers(undefined)).toEqual([]);
  });

  it('asks for at least one trigger', () => {
    expect(validateTriggers([])).toEqual([
      'Add at least one trigger: the event source that drives scaling.',
    ]);
    expect(validateTriggers('kafka')).toEqual(['Expected a list of triggers.']);
  });

  it('names the trigger and the field of an unknown parameter', () => {
    const errors = validateTriggers([
      { ...kafka, metadata: { ...kafka.metadata, lagTreshold: '5' } },
    ]);
    expect(errors).toEqual([
      expect.stringMatching(
        /^Trigger 1 \(kafka\), lagTreshold: is not a parameter of the kafka trigger/,
      ),
    ]);
  });

  it('refuses a password typed as a literal', () => {
    const errors = validateTriggers([
      { ...kafka, metadata: { ...kafka.metadata, password: 'hunter2' } },
    ]);
    expect(errors).toEqual([
      expect.stringMatching(
        /^Trigger 1 \(kafka\), password: password is a secret and must not be written in the manifest/,
      ),
    ]);
  });

  it('refuses a malformed cron expression and a missing parameter', () => {
    const errors = validateTriggers([
      kafka,
      {
        type: 'cron',
        metadata: {
          timezone: 'Europe/Berlin',
          start: '0 8 * *',
          end: '0 18 * * *',
        },
      },
    ]);
    expect(errors).toEqual([
      expect.stringMatching(/^Trigger 2 \(cron\), start: .*Write five fields/),
      expect.stringMatching(
        /^Trigger 2 \(cron\), desiredReplicas: the cron trigger needs desiredReplicas/,
      ),
    ]);
  });

  it('names incomplete Secret references', () => {
    const errors = validateTriggers([
      {
        type: 'rabbitmq',
        metadata: { queueName: 'mails', mode: 'QueueLength', value: '20' },
        authentication: {
          secretRefs: [{ parameter: 'host', secretName: '', key: 'url' }],
        },
      },
    ]);
    expect(errors).toEqual([
      expect.stringMatching(
        /^Trigger 1 \(rabbitmq\), the Secret reference of host \(Secret name\): must not be empty/,
      ),
    ]);
  });

  it('checks the triggers for the kind of scaled object', () => {
    const cpu: TriggerIntent = {
      type: 'cpu',
      metricType: 'Utilization',
      metadata: { value: '60' },
    };
    expect(validateTriggers([cpu])).toEqual([]);
    expect(validateTriggers([cpu], { kind: 'ScaledJob' })).toEqual([
      expect.stringMatching(/cpu triggers do not work with ScaledJobs/),
    ]);
  });
});

describe('validateReplicaBounds', () => {
  it('finds min above max, idle not below min, and non-numbers', () => {
    expect(
      validateReplicaBounds({ minReplicaCount: 1, maxReplicaCount: 10 }),
    ).toEqual([]);
    expect(
      validateReplicaBounds({ minReplicaCount: 5, maxReplicaCount: 3 }).map(
        p => p.path,
      ),
    ).toEqual(['spec.minReplicaCount']);
    expect(
      validateReplicaBounds({ minReplicaCount: 1, idleReplicaCount: 1 }).map(
        p => p.path,
      ),
    ).toEqual(['spec.idleReplicaCount']);
    expect(
      validateReplicaBounds({ maxReplicaCount: 'ten' }).map(p => p.path),
    ).toEqual(['spec.maxReplicaCount']);
  });
});

describe('kedaReplicaCountValidation', () => {
  function validate(
    value: unknown,
    options: KedaReplicaCountUiOptions,
    formData: Record<string, unknown>,
  ) {
    const { errors, validation } = collect();
    kedaReplicaCountValidation(value, validation, {
      formData,
      uiSchema: { 'ui:options': options },
    });
    return errors;
  }

  it('reports a minimum above the maximum on either field', () => {
    const formData = { scaling: { min: 5, max: 3 } };
    const message =
      'minReplicaCount (5) must not be above maxReplicaCount (3). Lower minReplicaCount or raise maxReplicaCount.';
    expect(
      validate(3, { bound: 'max', minField: 'scaling.min' }, formData),
    ).toEqual([message]);
    expect(
      validate(5, { bound: 'min', maxField: 'scaling.max' }, formData),
    ).toEqual([message]);
    expect(
      validate(
        3,
        { bound: 'max', minField: 'scaling.min' },
        {
          scaling: { min: 2 },
        },
      ),
    ).toEqual([]);
  });

  it('compares with the default maximum of 100 and checks the idle count', () => {
    expect(validate(150, { bound: 'min' }, {})).toEqual([
      expect.stringContaining('maxReplicaCount (100, the default)'),
    ]);
    expect(
      validate(2, { bound: 'idle', minField: 'min' }, { min: '2' }),
    ).toEqual([expect.stringContaining('idleReplicaCount (2) must be below')]);
    expect(validate(-1, { bound: 'max' }, {})).toEqual([
      expect.stringContaining('must be between 1 and'),
    ]);
  });
});

describe('the form and the actions refuse bad input with one message', () => {
  // The actions answer `${problem.message} ${problem.fix}` from the domain
  // core (scaffolder-backend-module-keda's BAD_INTENTS tests); the form shows
  // the same message and fix under the field, without the path prefix.
  const base = {
    name: 'orders',
    namespace: 'orders',
    scaleTarget: { name: 'orders' },
    minReplicaCount: 0,
    maxReplicaCount: 30,
    triggers: [kafka],
  };
  const core = (intent: object) => {
    const [problem] = validateIntent(intent as any);
    const message = problem.message.replace(`${problem.path}: `, '');
    return { message: message.replace(/[.;]?$/, ''), fix: problem.fix };
  };

  it.each([
    [
      'a password typed as a literal',
      [{ ...kafka, metadata: { ...kafka.metadata, password: 'hunter2' } }],
    ],
    [
      'a malformed cron',
      [
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
    ],
    [
      'an unknown trigger parameter',
      [{ ...kafka, metadata: { ...kafka.metadata, lagTreshold: '5' } }],
    ],
  ])('%s', (_, triggers) => {
    const expected = core({ ...base, triggers });
    const [error] = validateTriggers(triggers);
    expect(error).toContain(expected.message);
    expect(error).toContain(expected.fix);
  });

  it('min above max', () => {
    const expected = core({ ...base, minReplicaCount: 40 });
    const { errors, validation } = collect();
    kedaReplicaCountValidation(40, validation, {
      formData: { min: 40, max: 30 },
      uiSchema: { 'ui:options': { bound: 'min', maxField: 'max' } },
    });
    expect(errors).toEqual([`${expected.message}. ${expected.fix}`]);
  });
});

describe('the maximum against the guardrail', () => {
  it('names the limit and the fix', () => {
    expect(maxGuardrailProblem(500, { maxReplicaCount: 50 })).toBe(
      "Maximum replicas: 500 is above the platform team's limit of 50 here. Lower it to 50 or less, or ask the platform team to raise the limit.",
    );
    expect(maxGuardrailProblem(50, { maxReplicaCount: 50 })).toBeUndefined();
    expect(maxGuardrailProblem(500, {})).toBeUndefined();
  });

  it("stops the form: the field validation asks the backend for the component's guardrails", async () => {
    const { errors, validation } = collect();
    const getGuardrails = jest.fn(async () => ({
      maxReplicaCount: 50,
      fallbackRequiredFor: 'none' as const,
      scaleToZeroAllowed: true,
    }));
    await kedaReplicaCountValidation(500, validation, {
      formData: {
        component: 'component:default/orders-api',
        minReplicaCount: 1,
      },
      uiSchema: { 'ui:options': { bound: 'max', minField: 'minReplicaCount' } },
      apiHolder: {
        get: (ref: { id: string }) =>
          ref.id === kedaApiRef.id ? ({ getGuardrails } as any) : undefined,
      } as any,
    });
    expect(getGuardrails).toHaveBeenCalledWith({
      kind: 'component',
      namespace: 'default',
      name: 'orders-api',
    });
    expect(errors).toEqual([
      "Maximum replicas: 500 is above the platform team's limit of 50 here. Lower it to 50 or less, or ask the platform team to raise the limit.",
    ]);
  });
});
