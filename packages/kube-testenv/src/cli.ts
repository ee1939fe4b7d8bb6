/**
 * kube-testenv serve --dir DIR [--port N] [--state FILE]
 *
 * Starts the API server and keeps it running until SIGTERM/SIGINT. When
 * ready, prints the ready line and writes FILE (JSON: server, kubeconfig).
 * Used by scripts/test.sh (one server per test run) and the demo.
 */
import fs from 'node:fs';
import { startKubeTestEnv } from './testenv';

async function main(argv: string[]) {
  const [command, ...rest] = argv;
  const flags: Record<string, string> = {};
  for (let i = 0; i < rest.length; i += 2) {
    if (!rest[i].startsWith('--') || rest[i + 1] === undefined) {
      throw new Error(`bad argument '${rest[i]}'; expected --name value pairs`);
    }
    flags[rest[i].slice(2)] = rest[i + 1];
  }
  if (command !== 'serve') {
    throw new Error(
      'usage: kube-testenv serve [--dir DIR] [--port N] [--state FILE]',
    );
  }
  const env = await startKubeTestEnv({
    dir: flags.dir,
    port: flags.port ? Number(flags.port) : 0,
  });
  const state = {
    server: env.server,
    kubeconfig: env.kubeconfigPath,
    pid: process.pid,
  };
  if (flags.state) {
    fs.writeFileSync(flags.state, JSON.stringify(state));
  }
  process.stdout.write(`${JSON.stringify({ event: 'ready', ...state })}\n`);
  const stop = async () => {
    await env.stop();
    if (flags.state) fs.rmSync(flags.state, { force: true });
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main(process.argv.slice(2)).catch(e => {
  process.stderr.write(`kube-testenv: ${e instanceof Error ? e.message : e}\n`);
  process.exit(1);
});
