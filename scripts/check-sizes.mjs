#!/usr/bin/env node
// Keeps production code in pieces a reader can hold: no source file over
// 600 lines and no function over 120 lines. Tests, fixtures, test utilities
// the scaler catalog (data, one entry per KEDA scaler) and files generated
// by a committed script (`*.generated.ts`, data) are exempt.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const ts = require('typescript');

const MAX_FILE_LINES = 600;
const MAX_FUNCTION_LINES = 120;
const EXEMPT = [
  /\.test\.tsx?$/,
  /\/__testUtils__\//,
  /\/__fixtures__\//,
  /\/scalers\/catalog\//,
  /\.generated\.ts$/,
  /\/dev\//,
];

const files = execFileSync(
  'git',
  [
    'ls-files',
    '--cached',
    '--others',
    '--exclude-standard',
    'plugins',
    'packages',
  ],
  { encoding: 'utf8' },
)
  .split('\n')
  .filter(
    f =>
      /^(plugins|packages)\/[^/]+\/src\/.*\.tsx?$/.test(f) &&
      !f.endsWith('.d.ts'),
  )
  .filter(f => !EXEMPT.some(re => re.test(f)));

const problems = [];
for (const file of files) {
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    continue; // deleted in the working tree
  }
  const lines = text.split('\n').length;
  if (lines > MAX_FILE_LINES) {
    problems.push(
      `${file}: ${lines} lines (at most ${MAX_FILE_LINES}): split it by job`,
    );
  }
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const visit = node => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const start = source.getLineAndCharacterOfPosition(
        node.getStart(source),
      ).line;
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const length = end - start + 1;
      if (length > MAX_FUNCTION_LINES) {
        const name = node.name?.getText(source) ?? nameFromParent(node, source);
        problems.push(
          `${file}:${
            start + 1
          }: function ${name} is ${length} lines (at most ${MAX_FUNCTION_LINES})`,
        );
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
}

function nameFromParent(node, source) {
  const parent = node.parent;
  if (
    parent &&
    (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent))
  ) {
    return parent.name.getText(source);
  }
  if (parent && ts.isCallExpression(parent)) {
    return `(argument of ${parent.expression.getText(source).slice(0, 40)})`;
  }
  return '(anonymous)';
}

if (problems.length) {
  console.error(problems.join('\n'));
  console.error(
    `${problems.length} size problem(s) in ${files.length} production files`,
  );
  process.exit(1);
}
console.log(`sizes ok: ${files.length} production files`);
