/**
 * The portal's way into the demo cluster: a loopback HTTP proxy that adds
 * the read-only service account's token to every request, like
 * `kubectl proxy`. It listens before the cluster exists, so the demo's
 * app-config can be written (and the portal started) while the first start
 * still builds Kubernetes and KEDA; until then it answers 503 with a
 * Kubernetes Status that says so, and the portal's watches retry.
 */
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';

/** Where the proxy forwards to, once the cluster is up. */
export interface ProxyUpstream {
  /** `https://127.0.0.1:<port>` */
  server: string;
  /** Bearer token every forwarded request carries (the read-only account's). */
  token: string;
}

export interface ReadOnlyProxy {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Starts forwarding (or forwards elsewhere, with a new token). */
  setUpstream(upstream: ProxyUpstream): void;
  /** What the 503 answer says while there is no upstream. */
  setWaitingMessage(message: string): void;
  close(): Promise<void>;
}

function status(res: http.ServerResponse, code: number, message: string) {
  res.writeHead(code, { 'content-type': 'application/json' });
  res.end(
    JSON.stringify({
      kind: 'Status',
      apiVersion: 'v1',
      status: 'Failure',
      message,
      reason: code === 503 ? 'ServiceUnavailable' : 'BadGateway',
      code,
    }),
  );
}

/** Starts the proxy on 127.0.0.1 (`port` 0 or omitted: a free one). */
export async function startReadOnlyProxy(
  options: { port?: number; waitingMessage?: string } = {},
): Promise<ReadOnlyProxy> {
  let upstream: ProxyUpstream | undefined;
  let waiting = options.waitingMessage ?? 'The demo cluster is still starting';
  // The API server's certificate is its own, made at each start; the
  // connection never leaves this machine.
  const agent = new https.Agent({ keepAlive: true, rejectUnauthorized: false });

  const server = http.createServer((req, res) => {
    if (!upstream) {
      status(res, 503, waiting);
      return;
    }
    const target = new URL(req.url ?? '/', upstream.server);
    const headers = { ...req.headers };
    delete headers.host;
    delete headers.authorization;
    const forwarded = https.request(
      target,
      {
        method: req.method,
        agent,
        headers: { ...headers, authorization: `Bearer ${upstream.token}` },
      },
      answer => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forwarded.on('error', e => {
      if (!res.headersSent) {
        status(res, 502, `The demo cluster did not answer: ${e.message}`);
      } else {
        res.destroy();
      }
    });
    // A watch the portal closes ends upstream too.
    res.on('close', () => forwarded.destroy());
    req.pipe(forwarded);
  });
  // Watches stay open for as long as the portal keeps them.
  server.requestTimeout = 0;
  server.timeout = 0;
  // Upgrades (exec, port-forward) are not offered: the portal only reads.
  server.on('upgrade', (_req, socket) => {
    socket.end('HTTP/1.1 501 Not Implemented\r\n\r\n');
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    setUpstream(next) {
      upstream = next;
    },
    setWaitingMessage(message) {
      waiting = message;
    },
    close() {
      agent.destroy();
      server.closeAllConnections();
      return new Promise(resolve => server.close(() => resolve()));
    },
  };
}
