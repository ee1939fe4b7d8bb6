import http from 'node:http';
import net from 'node:net';
import { freePort, SourceHandle } from './program';

/** A `/metrics` endpoint whose request counters grow at rates you set. */
export interface RequestRateExporter extends SourceHandle {
  /** `127.0.0.1:PORT`, for Prometheus' scrape targets. */
  target: string;
  /** `http://127.0.0.1:PORT/metrics` */
  url: string;
  /** Makes `http_requests_total{service}` grow by `perSecond` from now on (0 stops it). */
  setRate(service: string, perSecond: number): void;
  /** The counter's value now. */
  total(service: string): number;
}

interface Counter {
  base: number;
  since: number;
  rate: number;
}

/**
 * Serves `http_requests_total{service="..."}` in Prometheus' text format on
 * 127.0.0.1, as a web service's instrumentation would: a counter that only
 * grows, at a rate set with `setRate`. Values are computed when scraped, so
 * `rate(http_requests_total[30s])` in Prometheus shows the rate that was set.
 * `stop()` closes the port (Prometheus then sees the target down);
 * `restart()` serves again on the same port, counters continuing.
 */
export async function startRequestRateExporter(
  options: { port?: number } = {},
): Promise<RequestRateExporter> {
  const port = options.port || (await freePort());
  const counters = new Map<string, Counter>();
  const now = () => Date.now() / 1000;
  const value = (c: Counter) => c.base + c.rate * (now() - c.since);

  const render = () => {
    const lines = [
      '# HELP http_requests_total Requests handled, by service.',
      '# TYPE http_requests_total counter',
    ];
    for (const [service, c] of [...counters].sort(([a], [b]) =>
      a.localeCompare(b),
    )) {
      lines.push(
        `http_requests_total{service=${JSON.stringify(service)}} ${value(c)}`,
      );
    }
    return `${lines.join('\n')}\n`;
  };

  let server: http.Server | undefined;
  const sockets = new Set<net.Socket>();
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = http.createServer((req, res) => {
        if (req.url?.split('?')[0] === '/metrics') {
          res.writeHead(200, {
            'content-type': 'text/plain; version=0.0.4; charset=utf-8',
          });
          res.end(render());
        } else {
          res.writeHead(404).end('see /metrics\n');
        }
      });
      s.on('connection', socket => {
        sockets.add(socket);
        socket.once('close', () => sockets.delete(socket));
      });
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        server = s;
        resolve();
      });
    });
  const close = async () => {
    const s = server;
    server = undefined;
    if (s) {
      // Prometheus keeps connections alive; end them so the port really closes.
      sockets.forEach(socket => socket.destroy());
      await new Promise<void>(resolve => s.close(() => resolve()));
    }
  };

  await listen();
  return {
    target: `127.0.0.1:${port}`,
    url: `http://127.0.0.1:${port}/metrics`,
    setRate(service, perSecond) {
      if (!service) {
        throw new Error(
          'setRate: service must be a non-empty name, e.g. "orders-api"',
        );
      }
      if (!Number.isFinite(perSecond) || perSecond < 0) {
        throw new Error(
          `setRate: perSecond must be a number >= 0 (got ${perSecond}), e.g. 25`,
        );
      }
      const c = counters.get(service);
      counters.set(service, {
        base: c ? value(c) : 0,
        since: now(),
        rate: perSecond,
      });
    },
    total(service) {
      const c = counters.get(service);
      return c ? value(c) : 0;
    },
    stop: close,
    async restart() {
      await close();
      await listen();
    },
  };
}
