/**
 * A real Git remote over smart HTTP for tests: git's own `http-backend`
 * behind a local Node HTTP server, with faults injected per request, as a
 * Git host in trouble would answer: a 5xx, or a connection reset, either
 * before the request takes effect or after it (done, but the answer lost).
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One injected failure, used up by the first request it matches. */
export interface GitHttpFault {
  /** Which side of the protocol: fetches and ls-remote, or pushes. Any when absent. */
  service?: 'upload-pack' | 'receive-pack';
  /** Only the ref advertisement (`info/refs`) or only the pack exchange (`POST`). Any when absent. */
  step?: 'refs' | 'pack';
  answer: 500 | 502 | 503 | 'reset';
  /** Run the request first, then fail: the push landed but the client never hears so. */
  after?: boolean;
}

export interface GitHttpServer {
  /** `http://127.0.0.1:<port>/` + a bare repository's folder name under the root. */
  url(repoFolder: string): string;
  faults: GitHttpFault[];
  /** `<METHOD> <path>?<query> -> <status or reset>`, in order. */
  log: string[];
  close(): Promise<void>;
}

export async function startGitHttpServer(
  projectRoot: string,
): Promise<GitHttpServer> {
  const faults: GitHttpFault[] = [];
  const log: string[] = [];

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const target = `${url.pathname}${url.search}`;
    const service = /receive-pack/.test(target)
      ? 'receive-pack'
      : 'upload-pack';
    const step = req.method === 'POST' ? 'pack' : 'refs';
    const index = faults.findIndex(
      f =>
        (!f.service || f.service === service) && (!f.step || f.step === step),
    );
    const fault = index >= 0 ? faults.splice(index, 1)[0] : undefined;
    const fail = () => {
      log.push(`${req.method} ${target} -> ${fault!.answer}`);
      if (fault!.answer === 'reset') {
        req.socket.destroy();
      } else {
        res.writeHead(fault!.answer, { 'content-type': 'text/plain' });
        res.end('The Git host is having trouble; try again later.\n');
      }
    };
    if (fault && !fault.after) {
      req.resume();
      req.on('end', fail);
      return;
    }

    const child = spawn('git', ['http-backend'], {
      env: {
        ...process.env,
        GIT_CONFIG_NOSYSTEM: '1',
        GIT_PROJECT_ROOT: projectRoot,
        GIT_HTTP_EXPORT_ALL: '1',
        // An authenticated user may push (http.receivepack defaults to that).
        REMOTE_USER: 'keda-portal',
        REMOTE_ADDR: '127.0.0.1',
        REQUEST_METHOD: req.method ?? 'GET',
        PATH_INFO: url.pathname,
        QUERY_STRING: url.search.replace(/^\?/, ''),
        CONTENT_TYPE: req.headers['content-type'] ?? '',
        HTTP_CONTENT_ENCODING: req.headers['content-encoding'] ?? '',
        ...(req.headers['content-length']
          ? { CONTENT_LENGTH: req.headers['content-length'] }
          : {}),
      },
    });
    const out: Buffer[] = [];
    child.stdout.on('data', chunk => out.push(chunk));
    child.stderr.resume();
    req.pipe(child.stdin);
    child.on('close', () => {
      if (fault) {
        fail();
        return;
      }
      // CGI answer: headers (Status among them), a blank line, the body.
      const all = Buffer.concat(out);
      const split = all.indexOf('\r\n\r\n');
      const head = all.subarray(0, split).toString('latin1');
      const body = all.subarray(split + 4);
      let status = 200;
      const headers: Record<string, string> = {};
      for (const line of head.split('\r\n')) {
        const colon = line.indexOf(':');
        const name = line.slice(0, colon).trim();
        const value = line.slice(colon + 1).trim();
        if (name.toLowerCase() === 'status') status = parseInt(value, 10);
        else if (name) headers[name] = value;
      }
      log.push(`${req.method} ${target} -> ${status}`);
      res.writeHead(status, headers);
      res.end(body);
    });
  });

  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: folder => `http://127.0.0.1:${port}/${folder}`,
    faults,
    log,
    close: () =>
      new Promise(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
