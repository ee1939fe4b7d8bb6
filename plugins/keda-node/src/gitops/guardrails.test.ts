import { ConfigReader } from '@backstage/config';
import type { ScalingIntent } from '@keda-portal/plugin-keda-common';
import {
  checkGuardrails,
  describeGuardrails,
  isExternalTriggerType,
  readGuardrails,
  type GuardrailRules,
} from './guardrails';

function rulesFrom(guardrails: unknown): GuardrailRules {
  return readGuardrails(new ConfigReader({ keda: { guardrails } } as any));
}

/** A ScaledObject that passes every rule used below, unless changed. */
function intent(overrides: Partial<ScalingIntent> = {}): ScalingIntent {
  return {
    name: 'orders',
    namespace: 'shop',
    kubernetesId: 'orders',
    scaleTarget: { name: 'orders' },
    minReplicaCount: 1,
    maxReplicaCount: 10,
    pollingInterval: 30,
    triggers: [
      { type: 'cpu', metricType: 'Utilization', metadata: { value: '70' } },
    ],
    ...overrides,
  };
}

function scaledJob(overrides: Partial<ScalingIntent> = {}): ScalingIntent {
  return intent({
    kind: 'ScaledJob',
    scaleTarget: undefined,
    jobTemplate: { containers: [{ name: 'work', image: 'worker:1' }] },
    minReplicaCount: 0,
    triggers: [
      {
        type: 'rabbitmq',
        metadata: { queueName: 'jobs', hostFromEnv: 'AMQP_URL' },
      },
    ],
    ...overrides,
  });
}

const ctx = { namespace: 'shop', lifecycle: 'production' };

describe('readGuardrails', () => {
  it('gives no rules when the section is absent', () => {
    expect(readGuardrails(new ConfigReader({}))).toEqual({});
    expect(readGuardrails(new ConfigReader({ keda: {} }))).toEqual({});
  });

  it('reads every rule', () => {
    expect(
      rulesFrom({
        maxReplicaCount: 50,
        namespaces: { payments: { maxReplicaCount: 20 }, 'team-1': {} },
        lifecycles: { experimental: { maxReplicaCount: 5 } },
        triggerTypes: { allow: ['kafka', 'cpu'], deny: ['external'] },
        minPollingInterval: 15,
        requireFallbackForExternalTriggers: true,
        scaleToZero: { allowedLifecycles: ['experimental'] },
      }),
    ).toEqual({
      maxReplicaCount: 50,
      namespaces: { payments: { maxReplicaCount: 20 }, 'team-1': {} },
      lifecycles: { experimental: { maxReplicaCount: 5 } },
      triggerTypes: { allow: ['kafka', 'cpu'], deny: ['external'] },
      minPollingInterval: 15,
      requireFallbackForExternalTriggers: true,
      scaleToZero: { allowedLifecycles: ['experimental'] },
    });
  });

  it('accepts numbers and booleans written as strings (env substitution)', () => {
    expect(
      rulesFrom({
        maxReplicaCount: '40',
        minPollingInterval: ' 60 ',
        requireFallbackForExternalTriggers: 'false',
        scaleToZero: {},
      }),
    ).toEqual({
      maxReplicaCount: 40,
      minPollingInterval: 60,
      requireFallbackForExternalTriggers: false,
      scaleToZero: {},
    });
  });

  it('merges the section across config files', () => {
    const config = ConfigReader.fromConfigs([
      {
        context: 'base',
        data: { keda: { guardrails: { maxReplicaCount: 50 } } },
      },
      {
        context: 'local',
        data: { keda: { guardrails: { minPollingInterval: 10 } } },
      },
    ]);
    expect(readGuardrails(config)).toEqual({
      maxReplicaCount: 50,
      minPollingInterval: 10,
    });
  });

  it.each([
    [
      { maxReplicaCount: 0 },
      'keda.guardrails.maxReplicaCount must be a positive integer',
    ],
    [
      { maxReplicaCount: 2.5 },
      'keda.guardrails.maxReplicaCount must be a positive integer',
    ],
    [
      { maxReplicaCount: 'many' },
      'keda.guardrails.maxReplicaCount must be a positive integer',
    ],
    [
      { namespaces: { payments: { maxReplicaCount: -3 } } },
      'keda.guardrails.namespaces.payments.maxReplicaCount must be a positive integer',
    ],
    [
      { namespaces: ['payments'] },
      'keda.guardrails.namespaces must be an object',
    ],
    [
      { lifecycles: { experimental: 5 } },
      'keda.guardrails.lifecycles.experimental must be an object',
    ],
    [
      { lifecycles: { experimental: { maxReplicas: 5 } } },
      'keda.guardrails.lifecycles.experimental.maxReplicas is not a known setting',
    ],
    [
      { minPollingInterval: 0 },
      'keda.guardrails.minPollingInterval must be a positive integer',
    ],
    [
      { requireFallbackForExternalTriggers: 'sometimes' },
      'keda.guardrails.requireFallbackForExternalTriggers must be true or false',
    ],
    [
      { triggerTypes: { allow: 'kafka' } },
      'keda.guardrails.triggerTypes.allow must be a list of strings',
    ],
    [
      { triggerTypes: { deny: ['kafka', 7] } },
      'keda.guardrails.triggerTypes.deny[1] must be a non-empty string',
    ],
    [
      { triggerTypes: { deny: ['kafak'] } },
      'keda.guardrails.triggerTypes.deny[0] must be a KEDA trigger type',
    ],
    [
      { triggerTypes: { allow: [] } },
      'keda.guardrails.triggerTypes.allow must list at least one trigger type',
    ],
    [
      { triggerTypes: { allow: ['kafka'], deny: ['kafka'] } },
      'keda.guardrails.triggerTypes: "kafka" is in both allow and deny',
    ],
    [{ scaleToZero: true }, 'keda.guardrails.scaleToZero must be an object'],
    [
      { scaleToZero: { allowedLifecycles: 'production' } },
      'keda.guardrails.scaleToZero.allowedLifecycles must be a list of strings',
    ],
    [{ maxReplicas: 10 }, 'keda.guardrails.maxReplicas is not a known setting'],
    ['strict', 'keda.guardrails must be an object'],
  ])('rejects %j', (guardrails, message) => {
    expect(() => rulesFrom(guardrails)).toThrow(message);
  });
});

describe('checkGuardrails: maxReplicaCount', () => {
  const rules = rulesFrom({ maxReplicaCount: 20 });

  it('refuses a change above the limit and names the rule', () => {
    const problems = checkGuardrails(
      intent({ maxReplicaCount: 21 }),
      ctx,
      rules,
    );
    expect(problems).toEqual([
      {
        path: 'maxReplicaCount',
        message: expect.stringMatching(
          /^Guardrail keda\.guardrails\.maxReplicaCount: .*21 replicas.*at most 20/,
        ),
        fix: 'Set maxReplicaCount to 20 or less.',
      },
    ]);
  });

  it('accepts a change at the limit', () => {
    expect(
      checkGuardrails(intent({ maxReplicaCount: 20 }), ctx, rules),
    ).toEqual([]);
  });

  it("counts an unset maxReplicaCount as KEDA's default of 100", () => {
    const [problem] = checkGuardrails(
      intent({ maxReplicaCount: undefined }),
      ctx,
      rules,
    );
    expect(problem.path).toBe('maxReplicaCount');
    expect(problem.message).toContain('default of 100');
    expect(
      checkGuardrails(
        intent({ maxReplicaCount: undefined }),
        ctx,
        rulesFrom({ maxReplicaCount: 100 }),
      ),
    ).toEqual([]);
  });

  it('asks to lower minReplicaCount too when it is above the limit', () => {
    const [problem] = checkGuardrails(
      intent({ minReplicaCount: 30, maxReplicaCount: 40 }),
      ctx,
      rules,
    );
    expect(problem.fix).toContain('lower minReplicaCount (30)');
  });

  it('limits the parallel jobs of a ScaledJob', () => {
    const [problem] = checkGuardrails(
      scaledJob({ maxReplicaCount: 25 }),
      ctx,
      rules,
    );
    expect(problem.path).toBe('maxReplicaCount');
    expect(problem.message).toMatch(
      /^Guardrail keda\.guardrails\.maxReplicaCount: .*25 jobs at once/,
    );
    expect(
      checkGuardrails(scaledJob({ maxReplicaCount: 20 }), ctx, rules),
    ).toEqual([]);
  });
});

describe('checkGuardrails: namespace and lifecycle limits', () => {
  const rules = rulesFrom({
    maxReplicaCount: 50,
    namespaces: { payments: { maxReplicaCount: 20 }, batch: {} },
    lifecycles: {
      experimental: { maxReplicaCount: 5 },
      production: { maxReplicaCount: 80 },
    },
  });

  it('a namespace limit tightens the global one', () => {
    const payments = { namespace: 'payments', lifecycle: 'production' };
    const [problem] = checkGuardrails(
      intent({ maxReplicaCount: 21 }),
      payments,
      rules,
    );
    expect(problem.message).toContain('namespace "payments"');
    expect(problem.message).toContain(
      'keda.guardrails.namespaces.payments.maxReplicaCount',
    );
    expect(
      checkGuardrails(intent({ maxReplicaCount: 20 }), payments, rules),
    ).toEqual([]);
  });

  it('a lifecycle limit tightens the global one', () => {
    const experimental = { namespace: 'shop', lifecycle: 'experimental' };
    const [problem] = checkGuardrails(
      intent({ maxReplicaCount: 6 }),
      experimental,
      rules,
    );
    expect(problem.message).toContain('lifecycle "experimental"');
    expect(
      checkGuardrails(intent({ maxReplicaCount: 5 }), experimental, rules),
    ).toEqual([]);
  });

  it('the smallest applicable limit wins', () => {
    // Lifecycle production allows 80, but the global limit is 50.
    expect(
      checkGuardrails(intent({ maxReplicaCount: 60 }), ctx, rules),
    ).toHaveLength(1);
    // Namespace payments (20) and lifecycle experimental (5): 5 wins.
    const both = { namespace: 'payments', lifecycle: 'experimental' };
    expect(describeGuardrails(rules, both).maxReplicaCount).toBe(5);
    expect(
      checkGuardrails(intent({ maxReplicaCount: 6 }), both, rules),
    ).toHaveLength(1);
  });

  it('applies an override without a global limit', () => {
    const onlyNamespace = rulesFrom({
      namespaces: { payments: { maxReplicaCount: 3 } },
    });
    expect(
      checkGuardrails(
        intent({ maxReplicaCount: 4 }),
        { namespace: 'payments' },
        onlyNamespace,
      ),
    ).toHaveLength(1);
    expect(
      checkGuardrails(intent({ maxReplicaCount: 400 }), ctx, onlyNamespace),
    ).toEqual([]);
  });
});

describe('checkGuardrails: triggerTypes', () => {
  it('refuses a denied type at its trigger path', () => {
    const rules = rulesFrom({ triggerTypes: { deny: ['external', 'kafka'] } });
    const problems = checkGuardrails(
      intent({
        triggers: [
          { type: 'cpu', metricType: 'Utilization', metadata: { value: '70' } },
          { type: 'prometheus' },
          { type: 'kafka' },
        ],
      }),
      ctx,
      rules,
    );
    expect(problems).toEqual([
      {
        path: 'triggers[2].type',
        message: expect.stringMatching(
          /^Guardrail keda\.guardrails\.triggerTypes: trigger type "kafka" .*deny list/,
        ),
        fix: expect.stringContaining('other than "external", "kafka"'),
      },
    ]);
  });

  it('refuses a type missing from the allow list and accepts listed ones', () => {
    const rules = rulesFrom({
      triggerTypes: { allow: ['cpu', 'prometheus', 'kafka'], deny: ['cron'] },
    });
    const problems = checkGuardrails(
      intent({ triggers: [{ type: 'prometheus' }, { type: 'rabbitmq' }] }),
      ctx,
      rules,
    );
    expect(problems).toHaveLength(1);
    expect(problems[0].path).toBe('triggers[1].type');
    expect(problems[0].message).toMatch(
      /^Guardrail keda\.guardrails\.triggerTypes: trigger type "rabbitmq" .*not on the allow list; allowed are "cpu", "prometheus", "kafka"/,
    );
    expect(problems[0].fix).toContain('keda.guardrails.triggerTypes.allow');
  });

  it('reports a type that is both unlisted and denied once', () => {
    const rules = rulesFrom({
      triggerTypes: { allow: ['cpu'], deny: ['kafka'] },
    });
    const problems = checkGuardrails(
      intent({ triggers: [{ type: 'kafka' }] }),
      ctx,
      rules,
    );
    expect(problems).toHaveLength(1);
    expect(problems[0].message).toContain('deny list');
  });
});

describe('checkGuardrails: minPollingInterval', () => {
  const rules = rulesFrom({ minPollingInterval: 20 });

  it('refuses a shorter interval and names the rule', () => {
    expect(
      checkGuardrails(intent({ pollingInterval: 19 }), ctx, rules),
    ).toEqual([
      {
        path: 'pollingInterval',
        message: expect.stringMatching(
          /^Guardrail keda\.guardrails\.minPollingInterval: .*every 19 seconds.*20 seconds/,
        ),
        fix: 'Set pollingInterval to 20 seconds or more.',
      },
    ]);
  });

  it('accepts the floor itself', () => {
    expect(
      checkGuardrails(intent({ pollingInterval: 20 }), ctx, rules),
    ).toEqual([]);
  });

  it("counts an unset pollingInterval as KEDA's default of 30", () => {
    const unset = intent({ pollingInterval: undefined });
    expect(checkGuardrails(unset, ctx, rules)).toEqual([]);
    expect(
      checkGuardrails(unset, ctx, rulesFrom({ minPollingInterval: 30 })),
    ).toEqual([]);
    const [problem] = checkGuardrails(
      unset,
      ctx,
      rulesFrom({ minPollingInterval: 31 }),
    );
    expect(problem.message).toContain('not set, so KEDA polls every 30');
  });

  it('applies to ScaledJobs too', () => {
    expect(
      checkGuardrails(scaledJob({ pollingInterval: 5 }), ctx, rules),
    ).toHaveLength(1);
  });
});

describe('checkGuardrails: requireFallbackForExternalTriggers', () => {
  const rules = rulesFrom({ requireFallbackForExternalTriggers: true });
  const external = [
    { type: 'cpu', metricType: 'Utilization' as const },
    { type: 'kafka' },
  ];

  it('refuses a ScaledObject with an external trigger and no fallback', () => {
    expect(checkGuardrails(intent({ triggers: external }), ctx, rules)).toEqual(
      [
        {
          path: 'fallback',
          message: expect.stringMatching(
            /^Guardrail keda\.guardrails\.requireFallbackForExternalTriggers: .*triggers\[1\] "kafka".*no fallback/,
          ),
          fix: expect.stringContaining('Add a fallback'),
        },
      ],
    );
  });

  it('accepts it with a fallback', () => {
    expect(
      checkGuardrails(
        intent({
          triggers: external,
          fallback: { failureThreshold: 3, replicas: 4 },
        }),
        ctx,
        rules,
      ),
    ).toEqual([]);
  });

  it('does not ask for a fallback for cpu, memory and cron', () => {
    expect(
      checkGuardrails(
        intent({
          triggers: [
            { type: 'cpu', metricType: 'Utilization' },
            { type: 'memory', metricType: 'Utilization' },
            { type: 'cron' },
          ],
        }),
        ctx,
        rules,
      ),
    ).toEqual([]);
  });

  it('does not check ScaledJobs, which have no fallback', () => {
    expect(checkGuardrails(scaledJob(), ctx, rules)).toEqual([]);
  });

  it('is off when false', () => {
    const off = rulesFrom({ requireFallbackForExternalTriggers: false });
    expect(checkGuardrails(intent({ triggers: external }), ctx, off)).toEqual(
      [],
    );
  });

  it('tells external trigger types apart', () => {
    expect(isExternalTriggerType('kafka')).toBe(true);
    expect(isExternalTriggerType('kubernetes-workload')).toBe(true);
    expect(isExternalTriggerType('not-in-catalog')).toBe(true);
    expect(isExternalTriggerType('cpu')).toBe(false);
    expect(isExternalTriggerType('memory')).toBe(false);
    expect(isExternalTriggerType('cron')).toBe(false);
  });
});

describe('checkGuardrails: scaleToZero', () => {
  const defaults = rulesFrom({ scaleToZero: {} });

  it('refuses minReplicaCount 0 in production by default', () => {
    expect(
      checkGuardrails(intent({ minReplicaCount: 0 }), ctx, defaults),
    ).toEqual([
      {
        path: 'minReplicaCount',
        message: expect.stringMatching(
          /^Guardrail keda\.guardrails\.scaleToZero: minReplicaCount 0 .*not allowed for lifecycle "production"; it is allowed for every lifecycle except "production"/,
        ),
        fix: 'Set minReplicaCount to 1 or more.',
      },
    ]);
  });

  it("counts an unset minReplicaCount as KEDA's default of 0", () => {
    const [problem] = checkGuardrails(
      intent({ minReplicaCount: undefined }),
      ctx,
      defaults,
    );
    expect(problem.path).toBe('minReplicaCount');
    expect(problem.message).toContain('default of 0');
  });

  it('refuses idleReplicaCount 0 in production', () => {
    const problems = checkGuardrails(
      intent({ minReplicaCount: 2, idleReplicaCount: 0 }),
      ctx,
      defaults,
    );
    expect(problems).toHaveLength(1);
    expect(problems[0].path).toBe('idleReplicaCount');
    expect(problems[0].message).toMatch(
      /^Guardrail keda\.guardrails\.scaleToZero: idleReplicaCount 0/,
    );
  });

  it('accepts one replica in production, and zero elsewhere', () => {
    expect(
      checkGuardrails(intent({ minReplicaCount: 1 }), ctx, defaults),
    ).toEqual([]);
    for (const lifecycle of ['experimental', 'development', undefined]) {
      expect(
        checkGuardrails(
          intent({ minReplicaCount: 0 }),
          { namespace: 'shop', lifecycle },
          defaults,
        ),
      ).toEqual([]);
    }
  });

  it('allows production when it is listed', () => {
    const rules = rulesFrom({
      scaleToZero: { allowedLifecycles: ['production', 'experimental'] },
    });
    expect(checkGuardrails(intent({ minReplicaCount: 0 }), ctx, rules)).toEqual(
      [],
    );
  });

  it('with a list, allows only the listed lifecycles', () => {
    const rules = rulesFrom({
      scaleToZero: { allowedLifecycles: ['experimental'] },
    });
    const [problem] = checkGuardrails(
      intent({ minReplicaCount: 0 }),
      { namespace: 'shop', lifecycle: 'development' },
      rules,
    );
    expect(problem.message).toContain(
      'allowed only for lifecycles "experimental"',
    );
    expect(
      checkGuardrails(
        intent({ minReplicaCount: 0 }),
        { namespace: 'shop' },
        rules,
      ),
    ).toHaveLength(1);
  });

  it('does not check ScaledJobs', () => {
    expect(checkGuardrails(scaledJob(), ctx, defaults)).toEqual([]);
  });

  it('is off when not configured', () => {
    expect(
      checkGuardrails(intent({ minReplicaCount: 0 }), ctx, rulesFrom({})),
    ).toEqual([]);
  });
});

describe('checkGuardrails: several rules', () => {
  it('reports every broken rule', () => {
    const rules = rulesFrom({
      maxReplicaCount: 10,
      triggerTypes: { deny: ['kafka'] },
      minPollingInterval: 60,
      requireFallbackForExternalTriggers: true,
      scaleToZero: {},
    });
    const problems = checkGuardrails(
      intent({
        minReplicaCount: 0,
        maxReplicaCount: 11,
        pollingInterval: 10,
        triggers: [{ type: 'kafka' }],
      }),
      ctx,
      rules,
    );
    expect(problems.map(p => p.path)).toEqual([
      'maxReplicaCount',
      'triggers[0].type',
      'pollingInterval',
      'fallback',
      'minReplicaCount',
    ]);
    for (const problem of problems) {
      expect(problem.message).toMatch(/^Guardrail keda\.guardrails\.\w+: /);
      expect(problem.fix).not.toBe('');
    }
  });

  it('accepts anything without rules', () => {
    expect(
      checkGuardrails(
        intent({ minReplicaCount: 0, maxReplicaCount: 1000 }),
        ctx,
        {},
      ),
    ).toEqual([]);
  });
});

describe('describeGuardrails', () => {
  it('describes no limits without rules', () => {
    expect(describeGuardrails({}, ctx)).toEqual({
      fallbackRequiredFor: 'none',
      scaleToZeroAllowed: true,
    });
  });

  it('gives the effective limits for one entity', () => {
    const rules = rulesFrom({
      maxReplicaCount: 50,
      namespaces: { payments: { maxReplicaCount: 20 } },
      triggerTypes: { allow: ['cpu', 'kafka', 'prometheus'], deny: ['cron'] },
      minPollingInterval: 15,
      requireFallbackForExternalTriggers: true,
      scaleToZero: {},
    });
    expect(
      describeGuardrails(rules, {
        namespace: 'payments',
        lifecycle: 'production',
      }),
    ).toEqual({
      maxReplicaCount: 20,
      allowedTriggerTypes: ['cpu', 'kafka', 'prometheus'],
      deniedTriggerTypes: ['cron'],
      minPollingInterval: 15,
      fallbackRequiredFor: 'external',
      scaleToZeroAllowed: false,
    });
    expect(
      describeGuardrails(rules, {
        namespace: 'shop',
        lifecycle: 'experimental',
      }),
    ).toMatchObject({ maxReplicaCount: 50, scaleToZeroAllowed: true });
  });

  it('leaves denied types out of the allowed ones when rules are built in code', () => {
    expect(
      describeGuardrails(
        { triggerTypes: { allow: ['cpu', 'kafka'], deny: ['kafka'] } },
        ctx,
      ),
    ).toMatchObject({
      allowedTriggerTypes: ['cpu'],
      deniedTriggerTypes: ['kafka'],
    });
  });
});
