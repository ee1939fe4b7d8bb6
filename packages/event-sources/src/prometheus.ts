import fs from 'node:fs';
import path from 'node:path';
import {
  findProgram,
  freePort,
  httpJson,
  Program,
  SourceHandle,
  SourceOptions,
  waitUntil,
} from './program';

/** Options of {@link startPrometheus}. */
export interface PrometheusOptions extends SourceOptions {
  /** `127.0.0.1:PORT` targets to scrape (`/metrics`), e.g. a request-rate exporter's `target`. */
  scrapeTargets: string[];
  /** Prometheus duration; default `1s`, so rates follow changes quickly. */
  scrapeInterval?: string;
  /** Web port on 127.0.0.1; a free one when omitted. */
  port?: number;
}

/** A running Prometheus. */
export interface PrometheusSource extends SourceHandle {
  /** `http://127.0.0.1:PORT`: KEDA's prometheus trigger `serverAddress`. */
  url: string;
  /** Runs an instant PromQL query through the HTTP API; the first sample's value, or undefined when empty. */
  query(promql: string): Promise<number | undefined>;
}

interface QueryAnswer {
  status: string;
  data: { resultType: string; result: Array<{ value: [number, string] }> };
}

/**
 * Starts Debian's `prometheus` with a generated configuration that scrapes
 * the given targets, web UI and API on 127.0.0.1 only, TSDB under
 * `dir/data` (kept on stop and restart). Resolves once `/-/ready` answers.
 */
export async function startPrometheus(
  options: PrometheusOptions,
): Promise<PrometheusSource> {
  const bin = findProgram('prometheus', ['/usr/bin/prometheus'], 'prometheus');
  for (const target of options.scrapeTargets) {
    if (!/^127\.0\.0\.1:\d+$/.test(target)) {
      throw new Error(
        `scrapeTargets: "${target}" is not a 127.0.0.1:PORT address; the event sources only talk to loopback (use e.g. an exporter's target)`,
      );
    }
  }
  const interval = options.scrapeInterval ?? '1s';
  if (!/^\d+(ms|s|m)$/.test(interval)) {
    throw new Error(
      `scrapeInterval: "${interval}" is not a Prometheus duration: use e.g. "1s" or "500ms"`,
    );
  }
  fs.mkdirSync(path.join(options.dir, 'data'), { recursive: true });
  const configFile = path.join(options.dir, 'prometheus.yml');
  // JSON is YAML; Prometheus reads it as its configuration.
  fs.writeFileSync(
    configFile,
    `${JSON.stringify(
      {
        global: {
          scrape_interval: interval,
          evaluation_interval: interval,
          scrape_timeout: interval,
        },
        scrape_configs: [
          {
            job_name: 'event-sources',
            static_configs: [{ targets: options.scrapeTargets }],
          },
        ],
      },
      null,
      2,
    )}\n`,
  );
  const port = options.port || (await freePort());
  const url = `http://127.0.0.1:${port}`;

  let program: Program | undefined;
  const start = async () => {
    const p = new Program(
      'prometheus',
      bin,
      [
        `--config.file=${configFile}`,
        `--storage.tsdb.path=${path.join(options.dir, 'data')}`,
        '--storage.tsdb.retention.time=1d',
        `--web.listen-address=127.0.0.1:${port}`,
        '--web.page-title=KEDA Portal event sources',
      ],
      { cwd: options.dir, onLog: options.onLog },
    );
    program = p;
    try {
      await waitUntil(
        `prometheus on ${url}`,
        async () => (await fetch(`${url}/-/ready`)).ok,
        { timeoutMs: 60_000, alive: () => p.deadReason() },
      );
    } catch (e) {
      await p.stop(1000);
      throw e;
    }
  };
  await start();

  return {
    url,
    async query(promql) {
      const answer = await httpJson<QueryAnswer>(
        `${url}/api/v1/query?query=${encodeURIComponent(promql)}`,
      );
      const first = answer.data.result[0];
      return first ? Number(first.value[1]) : undefined;
    },
    async stop() {
      await program?.stop();
    },
    async restart() {
      await program?.stop();
      await start();
    },
  };
}
