/**
 * Integration: starts Debian's rabbitmq-server as our own node on loopback
 * (one boot for the file: it takes 10-20 s) and moves a queue's depth, read
 * over AMQP as KEDA's rabbitmq scaler does with `protocol: amqp`.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { amqpPublish, amqpQueueDeclarePassive } from './amqp';
import { RabbitMqSource, startRabbitMq } from './rabbitmq';
import { waitUntil } from './program';

jest.setTimeout(5 * 60_000);

/** Listening TCP sockets of a process and its children, from `ss`. */
function listeners(pid: number): string[] {
  const out = execFileSync('ss', ['-ltnpH'], { encoding: 'utf8' });
  const pids = new Set([pid]);
  // The node runs under the script's shell: include its descendants.
  const ps = execFileSync('ps', ['-eo', 'pid=,ppid='], { encoding: 'utf8' });
  const rows = ps
    .trim()
    .split('\n')
    .map(l => l.trim().split(/\s+/).map(Number));
  for (let grew = true; grew; ) {
    grew = false;
    for (const [p, parent] of rows) {
      if (pids.has(parent) && !pids.has(p)) {
        pids.add(p);
        grew = true;
      }
    }
  }
  return out
    .split('\n')
    .filter(l => [...pids].some(p => l.includes(`pid=${p},`)))
    .map(l => l.trim().split(/\s+/)[3]);
}

describe('startRabbitMq', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rabbitmq-'));
  let rabbit: RabbitMqSource;
  const logs: string[] = [];

  beforeAll(async () => {
    const started = Date.now();
    rabbit = await startRabbitMq({
      dir,
      queues: ['emails'],
      onLog: line => logs.push(line),
    });
    // eslint-disable-next-line no-console
    console.log(`rabbitmq ready in ${Date.now() - started} ms`);
  });
  afterAll(async () => {
    await rabbit?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('listens on 127.0.0.1 only (AMQP, management, Erlang distribution)', async () => {
    expect(rabbit.amqpUrl).toMatch(
      /^amqp:\/\/keda:[0-9a-f]+@127\.0\.0\.1:\d+\/keda$/,
    );
    const pidFile = fs.readFileSync(path.join(dir, 'rabbitmq.pid'), 'utf8');
    const addresses = listeners(Number(pidFile.trim()));
    expect(addresses.length).toBeGreaterThanOrEqual(3);
    for (const address of addresses) {
      expect(address).toMatch(/^127\.0\.0\.1:\d+$/);
    }
    // The node counts as ready once AMQP and the management API answer;
    // RabbitMQ may log the end of its boot a moment later.
    const deadline = Date.now() + 30_000;
    while (
      !logs.some(l => l.includes('Server startup complete')) &&
      Date.now() < deadline
    ) {
      await new Promise(r => setTimeout(r, 200));
    }
    expect(logs.some(l => l.includes('Server startup complete'))).toBe(true);
  });

  it('publishes and consumes, and depth is what a passive declare answers', async () => {
    expect(await rabbit.depth('emails')).toBe(0);
    expect(await rabbit.publish('emails', 30)).toBe(30);
    expect(await rabbit.depth('emails')).toBe(30);
    expect(await rabbit.consume('emails', 12)).toBe(12);
    expect(await rabbit.depth('emails')).toBe(18);
    // A queue nobody declared: KEDA's amqp mode fails the same way, and
    // messages for it are not routed (returned to the publisher).
    await expect(rabbit.depth('missing')).rejects.toThrow(/404 NOT_FOUND/);
    expect(await amqpPublish(rabbit.amqpUrl, 'missing', ['a', 'b'])).toBe(0);
    // More than one confirm batch.
    expect(await rabbit.publish('bulk', 1200)).toBe(1200);
    expect(await rabbit.depth('bulk')).toBe(1200);
    // Wrong password: refused.
    await expect(
      amqpQueueDeclarePassive(
        rabbit.amqpUrl.replace(rabbit.password, 'wrong'),
        'emails',
      ),
    ).rejects.toThrow();
    // The management API (KEDA's protocol: http) catches up within its 1 s interval.
    await waitUntil(
      'management API shows 18',
      async () => {
        const res = await fetch(
          `${rabbit.managementUrl}/api/queues/keda/emails`,
          {
            headers: {
              authorization: `Basic ${Buffer.from(
                `${rabbit.user}:${rabbit.password}`,
              ).toString('base64')}`,
            },
          },
        );
        return ((await res.json()) as { messages?: number }).messages === 18;
      },
      { timeoutMs: 15_000 },
    );
  });

  it('stops (AMQP refused) and restarts with the same URL and messages', async () => {
    await rabbit.stop();
    await expect(rabbit.depth('emails')).rejects.toThrow(/ECONNREFUSED/);
    const restarted = Date.now();
    await rabbit.restart();
    // eslint-disable-next-line no-console
    console.log(`rabbitmq restarted in ${Date.now() - restarted} ms`);
    expect(await rabbit.depth('emails')).toBe(18);
  });
});
