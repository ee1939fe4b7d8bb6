/**
 * Starts the demo cluster for `scripts/dev start`: a real API server with
 * KEDA's CRDs, the objects of examples/cluster and examples/rbac, and the
 * demo activity driver. Writes an app-config fragment that points both
 * Kubernetes plugins at it with the read-only service account, then keeps
 * driving until SIGTERM/SIGINT.
 *
 *   jiti packages/demo-cluster/src/cli.ts --out DIR
 */
import {
  applyObjects,
  readManifests,
  REPO_ROOT,
  startKubeTestEnv,
  readOnlyAccountToken,
} from '@keda-portal/kube-testenv';
import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { demoAppConfig } from './appConfig';
import { ensureDemoGitopsRepo } from './gitops';
import { DemoDriver } from './driver';

const TICK_MS = 5000;

async function main(argv: string[]) {
  const outIndex = argv.indexOf('--out');
  const out =
    outIndex >= 0
      ? argv[outIndex + 1]
      : path.join(REPO_ROOT, '.data', 'demo-cluster');
  if (!out) throw new Error('usage: demo-cluster [--out DIR]');
  const apiserverDir = path.join(out, 'apiserver');
  // A fresh cluster each start: the demo replays from the examples.
  fs.rmSync(apiserverDir, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });

  const log = (msg: string) => process.stderr.write(`[demo-cluster] ${msg}\n`);
  log(
    'starting the demo API server (first run builds kube-apiserver from Go modules: several minutes)',
  );
  const env = await startKubeTestEnv({ dir: apiserverDir });
  const admin = env.adminConfig();
  await applyObjects(
    admin,
    readManifests(path.join(REPO_ROOT, 'examples', 'cluster')),
  );
  const token = await readOnlyAccountToken(admin);

  const gitopsRepo = ensureDemoGitopsRepo(
    path.join(out, 'gitops'),
    path.join(REPO_ROOT, 'examples', 'gitops'),
  );

  const configFile = path.join(out, 'app-config.demo.yaml');
  fs.writeFileSync(
    configFile,
    `# Written by the demo cluster at start-up; not committed.\n${stringify(
      demoAppConfig({ server: env.server, token, gitopsRemote: gitopsRepo }),
    )}`,
    { mode: 0o600 },
  );

  const driver = new DemoDriver(admin, log);
  await driver.tick();
  const timer = setInterval(() => {
    driver.tick().catch(e => log(`tick failed: ${e}`));
  }, TICK_MS);

  process.stdout.write(
    `${JSON.stringify({
      event: 'ready',
      server: env.server,
      kubeconfig: env.kubeconfigPath,
      appConfig: configFile,
    })}\n`,
  );
  log(`demo cluster at ${env.server}; admin kubeconfig: ${env.kubeconfigPath}`);

  const stop = async () => {
    clearInterval(timer);
    await env.stop();
    fs.rmSync(configFile, { force: true });
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main(process.argv.slice(2)).catch(e => {
  process.stderr.write(`[demo-cluster] ${e instanceof Error ? e.stack : e}\n`);
  process.exit(1);
});
