/**
 * `scripts/dev yarn bench [--quick]`: the fleet, freshness, pull-request and
 * tab render benchmarks, with the same flags.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const steps: [string, string[]][] = [
  [
    path.join(root, 'node_modules', '.bin', 'jiti'),
    ['bench/fleet.bench.ts', ...args],
  ],
  [
    path.join(root, 'node_modules', '.bin', 'jiti'),
    ['bench/freshness.bench.ts', ...args],
  ],
  [
    path.join(root, 'node_modules', '.bin', 'jiti'),
    ['bench/pr.bench.ts', ...args],
  ],
  [process.execPath, ['bench/tab-render.bench.ts', ...args]],
];
for (const [command, commandArgs] of steps) {
  const started = Date.now();
  const result = spawnSync(command, commandArgs, {
    cwd: root,
    stdio: 'inherit',
  });
  console.log(
    `[bench] ${commandArgs[0]} finished in ${(
      (Date.now() - started) /
      1000
    ).toFixed(0)} s (exit ${result.status})`,
  );
  if (result.status !== 0) process.exit(result.status ?? 1);
}
