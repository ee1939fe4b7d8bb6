import { REPO_ROOT } from '@keda-portal/kube-testenv';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

let kedaBin: Promise<string> | undefined;

/**
 * The folder holding KEDA's `operator`, `adapter` and `webhooks`, built by
 * tools/keda/build.sh from Go modules (cached; a cold build takes about
 * 12 minutes on 2 cores). `onProgress` gets the build's progress lines.
 */
export function ensureKedaBinaries(
  onProgress?: (line: string) => void,
): Promise<string> {
  kedaBin ??= (async () => {
    const script = path.join(REPO_ROOT, 'tools', 'keda', 'build.sh');
    const child = promisify(execFile)('bash', [script], {
      maxBuffer: 16 * 1024 * 1024,
      timeout: 60 * 60 * 1000,
    });
    child.child.stderr?.on('data', (chunk: Buffer) =>
      chunk
        .toString()
        .split('\n')
        .filter(Boolean)
        .forEach(line => onProgress?.(line)),
    );
    const { stdout } = await child;
    const bin = /^bin=(.*)$/m.exec(stdout)?.[1];
    if (!bin)
      throw new Error(`tools/keda/build.sh printed no bin= line:\n${stdout}`);
    return bin;
  })();
  return kedaBin;
}
