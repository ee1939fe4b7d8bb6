import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

/** Where the built binaries and KEDA's CRDs are. */
export interface KubeTestEnvAssets {
  /** Folder holding `kube-testenv`, `kube-apiserver` and `etcd`. */
  binDir: string;
  /** Folder holding KEDA's CRD manifests, inside the Go module cache. */
  crdDir: string;
}

/**
 * The repository root, found from this file's location. This package only
 * runs from source (tests, the demo), so the source layout is what counts.
 */
// eslint-disable-next-line no-restricted-syntax
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

let assets: Promise<KubeTestEnvAssets> | undefined;

/**
 * Builds the binaries with tools/kube-testenv/build.sh, or reuses the cached
 * build (the script does no work when the binaries for the pinned versions
 * exist). A cold build takes minutes; callers should allow for that.
 */
export function ensureAssets(): Promise<KubeTestEnvAssets> {
  if (!assets) {
    assets = (async () => {
      const script = path.join(REPO_ROOT, 'tools', 'kube-testenv', 'build.sh');
      const { stdout } = await promisify(execFile)('bash', [script], {
        maxBuffer: 16 * 1024 * 1024,
        timeout: 60 * 60 * 1000,
      });
      const values = Object.fromEntries(
        stdout
          .split('\n')
          .filter(line => line.includes('='))
          .map(line => [
            line.slice(0, line.indexOf('=')),
            line.slice(line.indexOf('=') + 1),
          ]),
      );
      if (!values.bin || !values.crds) {
        throw new Error(`build.sh printed no bin= or crds= line:\n${stdout}`);
      }
      return { binDir: values.bin, crdDir: values.crds };
    })();
  }
  return assets;
}
