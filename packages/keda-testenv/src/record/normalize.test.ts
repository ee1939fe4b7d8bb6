import { generatedNames, normalizeValue, shapeOf } from './normalize';

describe('normalizeValue', () => {
  const options = {
    takenAt: new Date('2026-12-03T16:00:00Z'),
    replace: [
      ['c-prometheus-ab12cd-', ''],
      ['c-prometheus-ab12cd', 'shop'],
      [/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT'],
    ] as Array<[RegExp | string, string]>,
  };

  it('drops identities and versions, moves times, fixes run-specific names', () => {
    expect(
      normalizeValue(
        {
          metadata: {
            name: 'orders-api',
            namespace: 'c-prometheus-ab12cd',
            uid: 'x',
            resourceVersion: '12',
            managedFields: [{}],
            creationTimestamp: '2026-12-03T15:59:30Z',
          },
          status: {
            health: {
              's0-redis-c-prometheus-ab12cd-stock': { status: 'Happy' },
            },
            lastActiveTime: '2026-12-03T15:59:59Z',
          },
          eventTime: '2026-12-03T15:59:58.123456Z',
          note: 'dial tcp 127.0.0.1:40211: connect: connection refused',
        },
        options,
      ),
    ).toEqual({
      metadata: {
        name: 'orders-api',
        namespace: 'shop',
        creationTimestamp: '2026-08-21T12:09:30Z',
      },
      status: {
        health: { 's0-redis-stock': { status: 'Happy' } },
        lastActiveTime: '2026-08-21T12:09:59Z',
      },
      eventTime: '2026-08-21T12:09:58.123456Z',
      note: 'dial tcp 127.0.0.1:PORT: connect: connection refused',
    });
  });
});

describe('generatedNames', () => {
  it('numbers generated Job and Event names per base, in order', () => {
    expect(
      generatedNames([
        'thumbnails-x7k2q',
        'thumbnails-b2c8w',
        'thumbnails.187d9a0c1e2f3a4b',
        'thumbnails-x7k2q',
        'orders-api',
      ]),
    ).toEqual([
      ['thumbnails-x7k2q', 'thumbnails-1'],
      ['thumbnails-b2c8w', 'thumbnails-2'],
      ['thumbnails.187d9a0c1e2f3a4b', 'thumbnails.1'],
    ]);
  });
});

describe('shapeOf', () => {
  it('lists fields, condition reasons and reasons, not values', () => {
    expect(
      shapeOf({
        status: {
          desiredReplicas: 3,
          conditions: [
            { type: 'Ready', status: 'True', reason: 'ScaledObjectReady' },
          ],
        },
        reason: 'KEDAScalersStarted',
      }),
    ).toEqual([
      '.status',
      '.reason',
      '.status.desiredReplicas',
      '.status.conditions',
      '.status.conditions[Ready=True/ScaledObjectReady]',
      '.reason=KEDAScalersStarted',
    ]);
  });
});
