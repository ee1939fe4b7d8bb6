/**
 * Integration: builds (first time) and starts tools/kafka's kfake broker and
 * moves a consumer group's lag, the number KEDA's kafka scaler reads.
 * tools/kafka's Go test checks the same lag through sarama, KEDA's client.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ensureKafkaBroker, startKafka } from './kafka';

jest.setTimeout(15 * 60_000);

describe('startKafka', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kafka-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  beforeAll(async () => {
    // A cold build (about 2 minutes) is not part of the start time.
    await ensureKafkaBroker();
  });

  it('names the field of a bad topic', async () => {
    await expect(
      startKafka({ dir, topics: [{ name: 'orders', partitions: 0 }] }),
    ).rejects.toThrow(/topics: .* partitions >= 1/);
  });

  it('moves consumer lag, and keeps records and commits over restart', async () => {
    const logs: string[] = [];
    const started = Date.now();
    const kafka = await startKafka({
      dir,
      topics: [{ name: 'orders', partitions: 3 }],
      groups: [{ group: 'orders-consumer', topic: 'orders' }],
      onLog: line => logs.push(line),
    });
    try {
      // eslint-disable-next-line no-console
      console.log(`kafka ready in ${Date.now() - started} ms`);
      expect(kafka.bootstrapServers).toMatch(/^127\.0\.0\.1:\d+$/);

      // The group starts committed at the beginning: lag 0, not an error.
      const initial = await kafka.lagReport('orders-consumer', 'orders');
      expect(initial.lag).toBe(0);
      expect(initial.partitions.map(p => p.committed)).toEqual([0, 0, 0]);

      expect(await kafka.produce('orders', 90)).toBe(90);
      expect(await kafka.lag('orders-consumer', 'orders')).toBe(90);
      expect(await kafka.consume('orders-consumer', 'orders', 40)).toBe(40);
      expect(await kafka.lag('orders-consumer', 'orders')).toBe(50);
      const report = await kafka.lagReport('orders-consumer', 'orders');
      expect(report.partitions.map(p => p.end)).toEqual([30, 30, 30]);
      expect(report.partitions.reduce((s, p) => s + p.lag, 0)).toBe(50);
      // More than the lag: it stops at the end.
      expect(await kafka.consume('orders-consumer', 'orders', 500)).toBe(50);
      expect(await kafka.lag('orders-consumer', 'orders')).toBe(0);
      await kafka.produce('orders', 12);

      await expect(kafka.produce('nope', 1)).rejects.toThrow(
        /topic "nope" does not exist/,
      );
      // A topic made at run time: kept over the restart below.
      expect(await kafka.createTopic('payments', 2)).toBe(true);
      expect(await kafka.createTopic('payments', 2)).toBe(false);
      await kafka.produce('payments', 4);
      await kafka.consume('payments-consumer', 'payments', 0);

      await kafka.stop();
      await expect(
        new Promise((resolve, reject) => {
          const s = net.connect(
            Number(kafka.bootstrapServers.split(':')[1]),
            '127.0.0.1',
            () => resolve(s.destroy()),
          );
          s.once('error', reject);
        }),
      ).rejects.toThrow(/ECONNREFUSED/);
      const restarted = Date.now();
      await kafka.restart();
      // eslint-disable-next-line no-console
      console.log(`kafka restarted in ${Date.now() - restarted} ms`);
      expect(await kafka.lag('orders-consumer', 'orders')).toBe(12);
      expect(await kafka.lag('payments-consumer', 'payments')).toBe(4);
    } finally {
      await kafka.stop();
    }
  });
});
