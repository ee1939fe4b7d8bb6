import { intentShapeProblems } from './shape';

const valid = {
  name: 'orders-api',
  namespace: 'shop',
  scaleTarget: { name: 'orders-api' },
  triggers: [{ type: 'cron', metadata: { start: '0 8 * * *', desired: 2 } }],
};

describe('intentShapeProblems', () => {
  it('accepts a well-typed intent, with null meaning "not set"', () => {
    expect(intentShapeProblems(valid)).toEqual([]);
    expect(intentShapeProblems({ ...valid, pause: null })).toEqual([]);
  });

  it('names the field of a wrong type', () => {
    const problems = intentShapeProblems({
      ...valid,
      triggers: [{ type: 'kafka', authentication: { secretRefs: { 0: [] } } }],
    });
    expect(problems.map(p => p.message)).toEqual([
      'intent.triggers[0].authentication.secretRefs: must be a list, not an object',
    ]);
    expect(
      intentShapeProblems({ ...valid, maxReplicaCount: Infinity })[0].message,
    ).toBe('intent.maxReplicaCount: must be a number, not Infinity or NaN');
  });

  it('refuses prototype keys, huge texts and long lists', () => {
    const metadata = JSON.parse('{"__proto__": {"polluted": "yes"}}');
    expect(
      intentShapeProblems({ ...valid, triggers: [{ type: 'x', metadata }] })[0]
        .message,
    ).toBe("intent.triggers[0].metadata: '__proto__' is not allowed as a key");
    expect(
      intentShapeProblems({ ...valid, name: 'x'.repeat(40_000) })[0].message,
    ).toMatch(/^intent\.name: is 40000 characters long; at most 32768/);
    expect(
      intentShapeProblems({
        ...valid,
        triggers: Array.from({ length: 101 }, () => ({ type: 'cron' })),
      })[0].message,
    ).toBe('intent.triggers: has 101 entries; at most 100 are allowed');
  });

  it('asks for the required fields', () => {
    expect(intentShapeProblems({}).map(p => p.path)).toEqual([
      'intent',
      'intent',
      'intent',
    ]);
    expect(intentShapeProblems('orders')[0].message).toBe(
      'intent: must be an object, not a string',
    );
  });
});
