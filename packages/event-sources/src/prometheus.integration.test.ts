/**
 * Integration: starts Debian's prometheus scraping a request-rate exporter
 * and reads the rate KEDA's prometheus trigger would query.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startPrometheus } from './prometheus';
import { startRequestRateExporter } from './requestRateExporter';
import { waitUntil } from './program';

jest.setTimeout(3 * 60_000);

const QUERY = 'sum(rate(http_requests_total{service="orders-api"}[5s]))';

describe('startPrometheus + startRequestRateExporter', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prometheus-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('rejects a scrape target that is not on loopback', async () => {
    await expect(
      startPrometheus({ dir, scrapeTargets: ['10.0.0.1:9100'] }),
    ).rejects.toThrow(/scrapeTargets: "10.0.0.1:9100" is not a 127.0.0.1:PORT/);
  });

  it('shows the rate set on the exporter through PromQL, and survives stop/restart', async () => {
    const exporter = await startRequestRateExporter();
    const logs: string[] = [];
    const started = Date.now();
    const prometheus = await startPrometheus({
      dir,
      scrapeTargets: [exporter.target],
      onLog: line => logs.push(line),
    });
    try {
      expect(prometheus.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      // eslint-disable-next-line no-console
      console.log(`prometheus ready in ${Date.now() - started} ms`);
      expect(logs.some(l => l.includes('Server is ready'))).toBe(true);

      const metrics = await (await fetch(exporter.url)).text();
      expect(metrics).toContain('# TYPE http_requests_total counter');

      exporter.setRate('orders-api', 40);
      exporter.setRate('other', 5);
      const near = (want: number) => async () => {
        const v = await prometheus.query(QUERY);
        return v !== undefined && Math.abs(v - want) < want * 0.1 + 0.5;
      };
      await waitUntil('rate near 40/s', near(40), { timeoutMs: 30_000 });

      exporter.setRate('orders-api', 5);
      await waitUntil('rate near 5/s', near(5), { timeoutMs: 30_000 });

      // Target down: Prometheus reports up == 0 for it.
      await exporter.stop();
      await waitUntil(
        'target down',
        async () =>
          (await prometheus.query(`up{instance="${exporter.target}"}`)) === 0,
        { timeoutMs: 30_000 },
      );
      await exporter.restart();

      // Prometheus away: the URL refuses; back on the same URL after restart.
      await prometheus.stop();
      await expect(prometheus.query('up')).rejects.toThrow();
      await prometheus.restart();
      await waitUntil(
        'target up again',
        async () =>
          (await prometheus.query(`up{instance="${exporter.target}"}`)) === 1,
        { timeoutMs: 30_000 },
      );
      await waitUntil('rate near 5/s after restart', near(5), {
        timeoutMs: 30_000,
      });
    } finally {
      await prometheus.stop();
      await exporter.stop();
    }
  });
});
