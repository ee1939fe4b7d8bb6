import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

/** Where the built binaries and KEDA's CRDs are. */
export interface KubeTestEnvAssets {
  /**
   * Folder holding `kube-testenv`, `kube-apiserver`, `etcd`,
   * `kube-controller-manager` and `kube-scheduler`.
   */
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

/** Runs a tools/<name>/build.sh and returns the `key=value` lines it prints. */
async function runBuildScript(tool: string): Promise<Record<string, string>> {
  const script = path.join(REPO_ROOT, 'tools', tool, 'build.sh');
  const { stdout } = await promisify(execFile)('bash', [script], {
    maxBuffer: 16 * 1024 * 1024,
    timeout: 60 * 60 * 1000,
  });
  const values: Record<string, string> = Object.fromEntries(
    stdout
      .split('\n')
      .filter(line => line.includes('='))
      .map(line => [
        line.slice(0, line.indexOf('=')),
        line.slice(line.indexOf('=') + 1),
      ]),
  );
  if (!values.bin) {
    throw new Error(`tools/${tool}/build.sh printed no bin= line:\n${stdout}`);
  }
  return values;
}

/**
 * Builds the binaries with tools/kube-testenv/build.sh, or reuses the cached
 * build (the script does no work when the binaries for the pinned versions
 * exist). A cold build takes minutes; callers should allow for that.
 */
export function ensureAssets(): Promise<KubeTestEnvAssets> {
  if (!assets) {
    assets = (async () => {
      const values = await runBuildScript('kube-testenv');
      if (!values.crds) {
        throw new Error('tools/kube-testenv/build.sh printed no crds= line');
      }
      return { binDir: values.bin, crdDir: values.crds };
    })();
  }
  return assets;
}

/** Where kwok and its Stage manifests are. */
export interface KwokAssets {
  /** Folder holding `kwok`. */
  binDir: string;
  /** kwok's own Stage manifests (node and pod lifecycles), from its module. */
  stageFiles: string[];
}

let kwokAssets: Promise<KwokAssets> | undefined;

/**
 * Builds kwok with tools/kwok/build.sh, or reuses the cached build. A cold
 * build takes a few minutes.
 */
export function ensureKwok(): Promise<KwokAssets> {
  if (!kwokAssets) {
    kwokAssets = (async () => {
      const { bin } = await runBuildScript('kwok');
      const stageDir = path.join(bin, 'stages');
      const stageFiles = fs
        .readdirSync(stageDir)
        .filter(f => f.endsWith('.yaml'))
        .sort()
        .map(f => path.join(stageDir, f));
      return { binDir: bin, stageFiles };
    })();
  }
  return kwokAssets;
}

/** The binaries `startControllers` runs. */
export interface ControllerBinaries {
  kubeControllerManager: string;
  kubeScheduler: string;
  kwok: string;
  kwokStageFiles: string[];
}

/**
 * Builds (or reuses) kube-controller-manager and kube-scheduler (same
 * k8s.io/kubernetes version as the API server, tools/kube-testenv) and kwok
 * (tools/kwok). One after the other, not in parallel: each cold Go build
 * already uses every core.
 */
export async function ensureControllerBinaries(): Promise<ControllerBinaries> {
  const { binDir } = await ensureAssets();
  const kwok = await ensureKwok();
  return {
    kubeControllerManager: path.join(binDir, 'kube-controller-manager'),
    kubeScheduler: path.join(binDir, 'kube-scheduler'),
    kwok: path.join(kwok.binDir, 'kwok'),
    kwokStageFiles: kwok.stageFiles,
  };
}
