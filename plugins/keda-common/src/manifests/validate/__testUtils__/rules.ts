/**
 * Test-only: the intent the validation rule tests change, and the test of
 * a rule table (each rule: a change that passes and one that fails at a path
 * with a message that names the field and a fix).
 */
import type { ScalingIntent, TriggerIntent } from '../../types';
import { validateIntent } from '../index';

export const cron: TriggerIntent = {
  type: 'cron',
  name: 'office',
  metadata: {
    timezone: 'Europe/Berlin',
    start: '0 8 * * 1-5',
    end: '0 18 * * 1-5',
    desiredReplicas: 3,
  },
};
export const prometheus: TriggerIntent = {
  type: 'prometheus',
  name: 'rps',
  metadata: {
    serverAddress: 'http://prometheus.monitoring:9090',
    query: 'sum(rate(http_requests_total[2m]))',
    threshold: 100,
  },
};
export const base: ScalingIntent = {
  name: 'web',
  namespace: 'shop',
  kubernetesId: 'web',
  scaleTarget: { name: 'web' },
  minReplicaCount: 1,
  maxReplicaCount: 10,
  triggers: [prometheus, cron],
};

export function problemsOf(change: Partial<ScalingIntent>) {
  return validateIntent({ ...base, ...change });
}

/** A rule: a change that passes and one that fails at `path`. */
export interface Rule {
  rule: string;
  pass: Partial<ScalingIntent>;
  fail: Partial<ScalingIntent>;
  path: string;
  message: RegExp;
}

/** The test of one rule: `pass` passes, `fail` fails at `path` with `message`. */
export function checkRule({ pass, fail, path, message }: Rule) {
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
}
