/*
 * Checks the scaler catalog against a folder of KEDA scaler docs pages
 * (content/docs/<version>/scalers/*.md of kedacore/keda-docs).
 *
 *   jiti plugins/keda-common/scripts/catalog-check.ts <folder>
 *
 * Prints one line per missing trigger type or parameter, then `missing: N`.
 * Exit codes: 0 nothing missing, 1 something missing, 2 bad usage.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { scalerCatalog } from '../src/scalers';
// The checker is a tool for this script, not part of the package's API.
import { checkCatalog } from '../src/scalers/catalogCheck';
import type {
  CatalogCheckPage,
  CatalogMissingItem,
} from '../src/scalers/catalogCheck';

const USAGE = 'usage: catalog-check <folder with KEDA scaler pages (*.md)>';

/** Reads every `*.md` page of the folder except `_index.md`, sorted by name. */
export function readPages(folder: string): CatalogCheckPage[] {
  return readdirSync(folder)
    .filter(name => name.endsWith('.md') && name !== '_index.md')
    .sort()
    .map(name => ({
      fileName: name,
      text: readFileSync(join(folder, name), 'utf8'),
    }));
}

/** One report line for a missing item. */
export function formatMissing(item: CatalogMissingItem): string {
  return item.parameter === undefined
    ? `${item.page}: trigger type ${item.triggerType} missing`
    : `${item.page} (${item.triggerType}): parameter ${item.parameter} missing`;
}

/** Reports bad usage on stderr; returns exit code 2. */
function fail(message: string): number {
  process.stderr.write(`catalog-check: ${message}\n${USAGE}\n`);
  return 2;
}

/** Runs the check for command-line `args`; returns the exit code. */
export function main(args: string[]): number {
  if (args.length !== 1 || args[0] === '' || args[0].startsWith('-')) {
    return fail(
      args.length === 0
        ? 'no folder given'
        : `expected exactly one folder, got: ${args.join(' ')}`,
    );
  }
  // Relative to where the user ran the command (scripts/dev or yarn tell).
  const folder = resolve(
    process.env.KEDA_PORTAL_CALLER_DIR ?? process.env.INIT_CWD ?? process.cwd(),
    args[0],
  );
  let isFolder = false;
  try {
    isFolder = statSync(folder).isDirectory();
  } catch {
    return fail(`no such folder: ${folder}`);
  }
  if (!isFolder) return fail(`not a folder: ${folder}`);
  const pages = readPages(folder);
  if (pages.length === 0) {
    return fail(`no scaler pages (*.md other than _index.md) in ${folder}`);
  }
  const { missing } = checkCatalog(pages, scalerCatalog);
  for (const item of missing) process.stdout.write(`${formatMissing(item)}\n`);
  process.stdout.write(`missing: ${missing.length}\n`);
  return missing.length > 0 ? 1 : 0;
}

const invoked = process.argv[1] ? basename(process.argv[1]) : '';
if (invoked === 'catalog-check.ts' || invoked === 'catalog-check.js') {
  process.exitCode = main(process.argv.slice(2));
}
