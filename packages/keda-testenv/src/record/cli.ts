/**
 * Records the status model's fixtures from the real thing:
 *
 *   jiti packages/keda-testenv/src/record/cli.ts [--only a,b] [--out DIR]
 *
 * Starts the real chain (or uses the one KEDA_PORTAL_KEDA_KUBECONFIG points
 * at) and the event sources, runs every recorded path in a namespace of its
 * own, all at once, and writes one JSON file per path: each step's
 * ScaledObject or ScaledJob, HPA, Deployment, Jobs and Events, normalised
 * (no uids or resourceVersions, times moved to around RECORDED_NOW, the
 * run's namespace, ports and generated names fixed).
 */
import { createTestNamespace } from '@keda-portal/kube-testenv';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { getKedaCluster } from '../shared';
import { startPathSources } from './eventSources';
import { RECORDED_PATHS } from './paths';
import { recordingOf, runPath } from './run';

// eslint-disable-next-line no-restricted-syntax
const REPO_ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const DEFAULT_OUT = path.join(
  REPO_ROOT,
  'plugins/keda-common/src/status/__fixtures__/recorded',
);

async function main(argv: string[]) {
  const flags: Record<string, string> = {};
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith('--') || argv[i + 1] === undefined) {
      throw new Error(
        `bad argument '${argv[i]}'; usage: record [--only name,name] [--out DIR]`,
      );
    }
    flags[argv[i].slice(2)] = argv[i + 1];
  }
  const only = flags.only?.split(',');
  const unknown = only?.filter(n => !RECORDED_PATHS.some(p => p.name === n));
  if (unknown?.length) {
    throw new Error(
      `--only: no path named ${unknown.join(
        ', ',
      )}; the paths are ${RECORDED_PATHS.map(p => p.name).join(', ')}`,
    );
  }
  const out = flags.out ?? DEFAULT_OUT;
  fs.mkdirSync(out, { recursive: true });
  const log = (m: string) => process.stderr.write(`[record] ${m}\n`);

  log('starting the KEDA chain (or using KEDA_PORTAL_KEDA_KUBECONFIG)');
  const cluster = await getKedaCluster();
  const sources = startPathSources();
  let failed = 0;
  try {
    const paths = RECORDED_PATHS.filter(p => !only || only.includes(p.name));
    await Promise.all(
      paths.map(async p => {
        const namespace = await createTestNamespace(
          cluster.admin,
          `rec-${p.name}`,
        );
        const started = Date.now();
        try {
          const results = await runPath(
            p,
            { admin: cluster.admin, namespace, sources },
            r => {
              log(`${p.name}: ${r.step} after ${r.seconds.toFixed(1)} s`);
            },
          );
          const file = path.join(out, `${p.name}.json`);
          fs.writeFileSync(
            file,
            `${JSON.stringify(recordingOf(p, namespace, results), null, 2)}\n`,
          );
          log(
            `${p.name}: wrote ${path.relative(REPO_ROOT, file)} (${(
              (Date.now() - started) /
              1000
            ).toFixed(1)} s)`,
          );
        } catch (e) {
          failed++;
          log(`${p.name}: FAILED ${(e as Error).message}`);
        }
      }),
    );
  } finally {
    await sources.stop();
    await cluster.release();
  }
  // The repository's formatting, so `prettier --check` passes on them.
  execFileSync(path.join(REPO_ROOT, 'node_modules/.bin/prettier'), [
    '--write',
    '--loglevel',
    'warn',
    out,
  ]);
  if (failed) throw new Error(`${failed} path(s) failed; see above`);
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  e => {
    process.stderr.write(`record: ${e instanceof Error ? e.message : e}\n`);
    process.exit(1);
  },
);
