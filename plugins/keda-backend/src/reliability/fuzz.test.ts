/**
 * Property-based fuzzing of every HTTP endpoint of /api/keda, in a real
 * backend (catalog, permissions, a real Git remote). Whatever arrives, the
 * answer is a 2xx or a 4xx whose message names the field; never a 5xx, never
 * a file changed outside the entity's GitOps folder, never a polluted
 * Object.prototype.
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import fc from 'fast-check';
import request from 'supertest';
import {
  hostileIntent,
  hostileString,
  hostileValue,
  prototypePollution,
} from './__testUtils__/hostile';
import {
  ALICE,
  ENTITY_URL,
  changedPathsOutside,
  startKedaTestBackend,
  TestBackend,
  validIntent,
} from '../__testUtils__/testBackend';

jest.setTimeout(10 * 60_000);

/** Cases per property; the sum is printed and checked at the end. */
const SCALE = Number(process.env.KEDA_FUZZ_SCALE ?? 1);
const RUNS = Object.fromEntries(
  Object.entries({
    preview: 2500,
    propose: 200,
    pathParams: 600,
    currentQuery: 300,
    historyQuery: 200,
    overviewQuery: 200,
    rawBodies: 150,
  }).map(([k, v]) => [k, Math.max(1, Math.round(v * SCALE))]),
) as Record<
  | 'preview'
  | 'propose'
  | 'pathParams'
  | 'currentQuery'
  | 'historyQuery'
  | 'overviewQuery'
  | 'rawBodies',
  number
>;
const counts: Record<string, number> = {};

const alice = mockCredentials.user.header(ALICE);
let backend: TestBackend;

beforeAll(async () => {
  backend = await startKedaTestBackend();
});
afterAll(async () => {
  await backend?.stop();
});

interface Answer {
  status: number;
  body: any;
  text: string;
}

/**
 * The shared verdict: no 5xx; a 4xx says what is wrong with which field
 * (one of `fields`); Object.prototype is untouched.
 */
function expectCleanAnswer(res: Answer, fields: string[], label: string) {
  const context = `${label}: ${res.status} ${res.text.slice(0, 400)}`;
  if (res.status >= 500 || res.status < 200) {
    throw new Error(`server error for ${context}`);
  }
  // Node's HTTP parser refuses URLs and headers over 16 KB before any
  // handler runs; the status says what is wrong.
  const tooLarge = res.status === 431 || res.status === 414;
  if (res.status >= 400 && !tooLarge) {
    const message: unknown = res.body?.error?.message;
    if (typeof message !== 'string' || !message.trim()) {
      throw new Error(`4xx without an error message for ${context}`);
    }
    // A refused value names its field; refusals of the caller (403), of
    // an unknown entity (404) or of a rate (429) name no field.
    if (res.status === 400 && !fields.some(f => message.includes(f))) {
      throw new Error(
        `message names none of [${fields.join(', ')}] for ${context}`,
      );
    }
  }
  const polluted = prototypePollution();
  if (polluted.length) {
    throw new Error(
      `Object.prototype polluted (${polluted.join(', ')}) by ${label}`,
    );
  }
}

/** A preview: valid or not, each problem names its field; edits stay in the folder. */
function expectPlan(plan: any) {
  if (typeof plan.valid !== 'boolean') throw new Error('plan without valid');
  for (const problem of plan.problems) {
    if (typeof problem.path !== 'string' || !problem.message) {
      throw new Error(`problem without a field: ${JSON.stringify(problem)}`);
    }
  }
  for (const edit of plan.edits) {
    if (!edit.path.startsWith('apps/orders-api/')) {
      throw new Error(`edit outside the GitOps folder: ${edit.path}`);
    }
  }
}

/** Names a message may use for a field at `path` of the intent. */
function intentFieldNames(paths: string[][]) {
  const names = new Set(['intent', 'request body']);
  for (const path of paths) {
    for (const segment of path) {
      if (!/^\d+$/.test(segment)) names.add(segment);
    }
  }
  return [...names];
}

/** Every byte percent-encoded, so even lone surrogates make a URL. */
function percentEncode(value: string) {
  return [...Buffer.from(value, 'utf8')]
    .map(b => `%${b.toString(16).padStart(2, '0')}`)
    .join('');
}

function count(name: keyof typeof RUNS) {
  counts[name] = (counts[name] ?? 0) + 1;
}

describe('fuzzing the change endpoints', () => {
  it('preview answers every intent with a plan or a 4xx naming the field', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          {
            weight: 9,
            arbitrary: hostileIntent(validIntent(), { huge: true }),
          },
          {
            weight: 1,
            arbitrary: hostileValue().map(body => ({
              edits: [[[], body]] as Array<[string[], unknown]>,
              intent: undefined as unknown,
              body,
            })),
          },
        ),
        async (c: any) => {
          count('preview');
          const body = 'body' in c ? c.body : { intent: c.intent };
          const res = await request(backend.server)
            .post(`${ENTITY_URL}/changes/preview`)
            .set('Authorization', alice)
            .set('Content-Type', 'application/json')
            .send(JSON.stringify(body) ?? 'null');
          const paths = c.edits.map(([p]: [string[]]) => p);
          expectCleanAnswer(
            res,
            intentFieldNames(paths),
            `preview ${JSON.stringify(body).slice(0, 300)}`,
          );
          if (res.status === 200) expectPlan(res.body);
        },
      ),
      { numRuns: RUNS.preview },
    );
    expect(counts.preview).toBe(RUNS.preview);
  });

  it('propose never writes outside the GitOps folder', async () => {
    await fc.assert(
      fc.asyncProperty(hostileIntent(validIntent()), async c => {
        count('propose');
        const res = await request(backend.server)
          .post(`${ENTITY_URL}/changes`)
          .set('Authorization', alice)
          .send({ intent: c.intent });
        expectCleanAnswer(
          res,
          intentFieldNames(c.edits.map(([p]) => p)),
          `propose ${JSON.stringify(c.intent).slice(0, 300)}`,
        );
      }),
      { numRuns: RUNS.propose },
    );
    expect(counts.propose).toBe(RUNS.propose);
    expect(changedPathsOutside(backend.remote)).toEqual([]);
  });

  it('refuses bodies that are not JSON objects, naming the body', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          hostileString(),
          fc.constantFrom('{', '{"intent":', '[1,2', 'intent=1', '\u0000'),
        ),
        fc.constantFrom('preview', ''),
        async (raw, endpoint) => {
          count('rawBodies');
          const res = await request(backend.server)
            .post(`${ENTITY_URL}/changes${endpoint ? `/${endpoint}` : ''}`)
            .set('Authorization', alice)
            .set('Content-Type', 'application/json')
            .send(raw);
          expectCleanAnswer(res, ['body', 'JSON', 'intent'], `raw ${raw}`);
        },
      ),
      { numRuns: RUNS.rawBodies },
    );
    expect(counts.rawBodies).toBe(RUNS.rawBodies);
  });
});

describe('fuzzing the read endpoints', () => {
  const endpoints = [
    { method: 'get', suffix: 'scaling' },
    { method: 'get', suffix: 'history' },
    { method: 'get', suffix: 'changes' },
    { method: 'get', suffix: 'changes/current?name=orders-api' },
    { method: 'get', suffix: 'changes/guardrails' },
    { method: 'post', suffix: 'changes/preview' },
    { method: 'post', suffix: 'changes' },
  ] as const;

  it('answers hostile path parameters with a 4xx naming the parameter', async () => {
    const param = fc.oneof(
      { weight: 3, arbitrary: hostileString() },
      fc.constantFrom('default', 'component', 'orders-api', 'Component'),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.record({ namespace: param, kind: param, name: param }),
        fc.constantFrom(...endpoints),
        async (params, endpoint) => {
          count('pathParams');
          const url = `/api/keda/entities/${[
            params.namespace,
            params.kind,
            params.name,
          ]
            .map(percentEncode)
            .join('/')}/${endpoint.suffix}`;
          const req =
            endpoint.method === 'get'
              ? request(backend.server).get(url)
              : request(backend.server)
                  .post(url)
                  .send({ intent: validIntent() });
          const res = await req.set('Authorization', alice);
          if (Object.values(params).includes('')) {
            // An empty segment matches no route: the router's plain 404
            // (or Node's 431/414 first, when the URL is over its 16 KB limit).
            if (![404, 414, 431].includes(res.status)) {
              throw new Error(`${res.status} for an empty segment in ${url}`);
            }
            return;
          }
          expectCleanAnswer(
            res,
            ['namespace', 'kind', 'name'],
            `${endpoint.method} ${url.slice(0, 300)}`,
          );
        },
      ),
      { numRuns: RUNS.pathParams },
    );
    expect(counts.pathParams).toBe(RUNS.pathParams);
    expect(changedPathsOutside(backend.remote)).toEqual([]);
  });

  it('answers hostile ?name=&kind=&namespace= of changes/current', async () => {
    const value = fc.oneof(
      hostileValue(),
      fc.constantFrom('orders-api', 'ScaledObject', 'ScaledJob', 'shop'),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          { name: value, kind: value, namespace: value },
          { requiredKeys: [] },
        ),
        async query => {
          count('currentQuery');
          const res = await request(backend.server)
            .get(`${ENTITY_URL}/changes/current`)
            .query(query as any)
            .set('Authorization', alice);
          expectCleanAnswer(
            res,
            ['name', 'kind', 'namespace'],
            `current ${JSON.stringify(query).slice(0, 300)}`,
          );
        },
      ),
      { numRuns: RUNS.currentQuery },
    );
    expect(counts.currentQuery).toBe(RUNS.currentQuery);
  });

  it('answers hostile ?hours= of history', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(hostileValue(), fc.double().map(String)),
        async hours => {
          count('historyQuery');
          const res = await request(backend.server)
            .get(`${ENTITY_URL}/history`)
            .query({ hours } as any)
            .set('Authorization', alice);
          expectCleanAnswer(
            res,
            ['hours'],
            `history ${JSON.stringify(hours)?.slice(0, 300)}`,
          );
        },
      ),
      { numRuns: RUNS.historyQuery },
    );
    expect(counts.historyQuery).toBe(RUNS.historyQuery);
  });

  it('answers hostile /overview filters', async () => {
    const value = fc.oneof(
      hostileValue(),
      fc.constantFrom('ok', 'failing', 'default', 'kafka'),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            health: value,
            cluster: value,
            namespace: value,
            owner: value,
            triggerType: value,
          },
          { requiredKeys: [] },
        ),
        async query => {
          count('overviewQuery');
          const res = await request(backend.server)
            .get('/api/keda/overview')
            .query(query as any)
            .set('Authorization', alice);
          expectCleanAnswer(
            res,
            Object.keys(query),
            `overview ${JSON.stringify(query).slice(0, 300)}`,
          );
        },
      ),
      { numRuns: RUNS.overviewQuery },
    );
    expect(counts.overviewQuery).toBe(RUNS.overviewQuery);
  });
});

afterAll(() => {
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  // eslint-disable-next-line no-console
  console.log(
    `[reliability] bad-input http endpoints: cases ${total} (${Object.entries(
      counts,
    )
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')})`,
  );
});
