/**
 * Test-only: the model classes of `@kubernetes-models/keda` for Jest.
 *
 * The package is ESM-only (its `exports` have only an `import` condition),
 * which Jest's CommonJS runtime cannot resolve. We bundle it once per run
 * into a CommonJS file with esbuild (part of the Backstage CLI toolchain) and
 * require that file.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { KedaModelClasses } from '../schema';

function findUp(start: string, relative: string): string {
  let dir = start;
  for (;;) {
    const candidate = path.join(dir, relative);
    if (fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`${relative} not found above ${start}`);
    dir = parent;
  }
}

let cached: KedaModelClasses | undefined;

export function loadKedaModelsForTests(): KedaModelClasses {
  if (cached) return cached;
  const packageDir = path.dirname(findUp(__dirname, 'package.json'));
  const modelsPackage = findUp(
    packageDir,
    'node_modules/@kubernetes-models/keda/package.json',
  );
  const { version } = JSON.parse(fs.readFileSync(modelsPackage, 'utf8'));
  const esbuild = findUp(packageDir, 'node_modules/esbuild/bin/esbuild');
  const out = path.join(
    os.tmpdir(),
    `keda-portal-kubernetes-models-keda-${version}-${
      process.getuid?.() ?? 0
    }.cjs`,
  );
  if (!fs.existsSync(out)) {
    const tmp = `${out}.${process.pid}.tmp`;
    execFileSync(
      process.execPath,
      [
        esbuild,
        '--bundle',
        '--format=cjs',
        '--platform=node',
        '--log-level=error',
        '--external:re2-wasm',
        `--outfile=${tmp}`,
      ],
      {
        cwd: packageDir,
        input: "export * from '@kubernetes-models/keda/keda.sh/v1alpha1';",
      },
    );
    fs.renameSync(tmp, out);
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  cached = require(out) as KedaModelClasses;
  return cached;
}
