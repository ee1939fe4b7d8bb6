/**
 * Integration: starts Debian's redis-server with a password and moves a
 * list's length, which KEDA's redis scaler reads with LLEN.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startRedis } from './redis';
import { redisCommands } from './resp';

jest.setTimeout(2 * 60_000);

describe('startRedis', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'redis-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('asks for a usable password', async () => {
    await expect(startRedis({ dir, password: '' })).rejects.toThrow(
      /password: give a non-empty password/,
    );
  });

  it('moves a list length, requires the password, keeps data over restart', async () => {
    const started = Date.now();
    const redis = await startRedis({ dir, password: 'demo-redis-pass' });
    try {
      // eslint-disable-next-line no-console
      console.log(`redis ready in ${Date.now() - started} ms`);
      expect(redis.address).toBe(`127.0.0.1:${redis.port}`);

      // Without AUTH, reads are refused (what KEDA sees without its TriggerAuthentication).
      await expect(
        redisCommands({ host: redis.host, port: redis.port }, [
          ['LLEN', 'jobs'],
        ]),
      ).rejects.toThrow(/NOAUTH/);

      expect(await redis.length('jobs')).toBe(0);
      expect(await redis.push('jobs', 2500)).toBe(2500);
      expect(await redis.pop('jobs', 1000)).toBe(1000);
      expect(await redis.length('jobs')).toBe(1500);
      expect(await redis.pop('empty', 5)).toBe(0);
      await expect(redis.push('jobs', -1)).rejects.toThrow(
        /push: count must be a whole number >= 0/,
      );

      await redis.stop();
      await expect(redis.length('jobs')).rejects.toThrow(/ECONNREFUSED/);
      const restarted = Date.now();
      await redis.restart();
      // eslint-disable-next-line no-console
      console.log(`redis restarted in ${Date.now() - restarted} ms`);
      expect(await redis.length('jobs')).toBe(1500);
    } finally {
      await redis.stop();
    }
  });
});
