/**
 * keda-testenv serve [--dir DIR] [--state FILE]
 *
 * Starts the real KEDA chain and keeps it running until SIGTERM/SIGINT.
 * When ready, writes FILE (JSON: server, kubeconfig, pid) and prints it as
 * one line. Used by scripts/test.sh for the `*.keda.integration` tests.
 */
import fs from 'node:fs';
import { startKedaChain } from './chain';

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
    throw new Error('usage: keda-testenv serve [--dir DIR] [--state FILE]');
  }
  const log = flags.log ? fs.openSync(flags.log, 'a') : undefined;
  const chain = await startKedaChain({
    dir: flags.dir,
    onLog:
      log === undefined ? undefined : line => fs.writeSync(log, `${line}\n`),
    onProgress: message => process.stderr.write(`[keda-testenv] ${message}\n`),
  });
  const state = {
    server: chain.server,
    kubeconfig: chain.kubeconfigPath,
    pid: process.pid,
  };
  if (flags.state) fs.writeFileSync(flags.state, JSON.stringify(state));
  process.stdout.write(`${JSON.stringify({ event: 'ready', ...state })}\n`);
  const stop = async () => {
    await chain.stop();
    if (flags.state) fs.rmSync(flags.state, { force: true });
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main(process.argv.slice(2)).catch(e => {
  process.stderr.write(`keda-testenv: ${e instanceof Error ? e.message : e}\n`);
  process.exit(1);
});
