/**
 * Property-based fuzzing of the keda:* actions' inputs, as the scaffolder
 * runs them: the input is first checked against the action's JSON schema
 * (with the scaffolder's own jsonschema library), then the handler runs, with
 * and without dry run, on a real workspace and a real Git remote. Whatever
 * arrives, the answer is the output or a refusal naming the field; never a
 * crash, never a file outside the workspace or the entity's GitOps folder.
 */
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { GitopsEngine } from '@keda-portal/plugin-keda-node';
import fc from 'fast-check';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import {
  BareRepo,
  createBareRepo,
  engineFor,
  git,
} from '../__testUtils__/gitRepo';
import { KAFKA_INTENT } from '../__testUtils__/intents';
import { changeServiceFor } from '../__testUtils__/changes';
import { createProposeAction } from './propose';
import { createProposeWorkerAction } from './proposeWorker';
import { createRenderManifestAction } from './renderManifest';

jest.setTimeout(10 * 60_000);

// The scaffolder's task runner validates inputs with this library.
const jsonschema: {
  validate(
    instance: unknown,
    schema: unknown,
  ): { valid: boolean; errors: Array<{ property: string; message: string }> };
} = createRequire(require.resolve('@backstage/plugin-scaffolder-backend'))(
  'jsonschema',
);

const SCALE = Number(process.env.KEDA_FUZZ_SCALE ?? 1);
const runs = (n: number) => Math.max(1, Math.round(n * SCALE));
const counts: Record<string, number> = {};
const count = (name: string) => {
  counts[name] = (counts[name] ?? 0) + 1;
};

const REPO_URL = 'https://git.example.invalid/shop/shop-gitops';
const FOLDER = 'apps/orders-consumer';
const ENTITY_REF = 'component:default/orders-consumer';
/** Errors a refusal may carry; anything else is a crash. */
const REFUSALS = new Set([
  'InputError',
  'NotAllowedError',
  'NotFoundError',
  'ConflictError',
]);
const BUILTIN_PROTOTYPE_KEYS = Object.getOwnPropertyNames(
  Object.prototype,
).sort();

// --- hostile values -------------------------------------------------------

const HOSTILE = [
  'a\nkind: Secret',
  'x\n---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: x',
  '{{ secrets.token }}',
  '${{ parameters.name }}',
  '!!js/function "function(){ return 1 }"',
  '*alias',
  '../../etc/passwd',
  '..',
  '../outside.yaml',
  '/etc/passwd',
  '/tmp/keda-fuzz-escape.yaml',
  'apps/../../../x',
  '..\\..\\x',
  '__proto__',
  'constructor',
  'prototype',
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\u001b[31m\u0007',
  '\r\n',
  '\u202eabc',
  '🚀',
  'ördérs',
  '\ud800',
  'null',
  '1e309',
  'a'.repeat(300),
  'x'.repeat(1024 * 1024),
];

const hostileString = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE) },
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 10 }),
  fc
    .tuple(fc.constantFrom('orders', 'kafka', 'x'), fc.constantFrom(...HOSTILE))
    .map(([a, b]) => a + b),
);

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  fc.constantFrom<unknown>(
    null,
    true,
    0,
    -1,
    1.5,
    2147483648,
    1e308,
    [],
    {},
    [null],
    JSON.parse('{"__proto__":{"polluted":"yes"}}'),
    { constructor: { prototype: { polluted: 'yes' } } },
    Array.from({ length: 5000 }, (_, i) => i),
  ),
  fc.integer(),
  fc.double(),
  fc.dictionary(
    fc.constantFrom('__proto__', 'constructor', 'a', '../x'),
    fc.string({ maxLength: 4 }),
    { maxKeys: 3 },
  ),
);

/** A copy of `base` with own (never inherited) `value` at `at`. */
function withValue(base: unknown, at: string[], value: unknown): any {
  if (!at.length) return value;
  const copy: any =
    base && typeof base === 'object' ? JSON.parse(JSON.stringify(base)) : {};
  let node = copy;
  at.forEach((key, i) => {
    const last = i === at.length - 1;
    const existing = Object.prototype.hasOwnProperty.call(node, key)
      ? node[key]
      : undefined;
    const empty = /^\d+$/.test(at[i + 1] ?? '') ? [] : {};
    const child = existing && typeof existing === 'object' ? existing : empty;
    const next = last ? value : child;
    Object.defineProperty(node, key, {
      value: next,
      enumerable: true,
      writable: true,
      configurable: true,
    });
    node = next;
  });
  return copy;
}

const TRIGGER_PATHS = [
  ['type'],
  ['name'],
  ['metadata'],
  ['metadata', 'topic'],
  ['metadata', 'lagThreshold'],
  ['metadata', '__proto__'],
  ['metadata', '../x'],
  ['metricType'],
  ['authenticationRef'],
  ['authentication'],
  ['authentication', 'name'],
  ['authentication', 'kind'],
  ['authentication', 'secretRefs'],
  ['authentication', 'secretRefs', '0', 'parameter'],
  ['authentication', 'secretRefs', '0', 'secretName'],
  ['authentication', 'secretRefs', '0', 'key'],
  ['authentication', 'podIdentity', 'provider'],
];
const INTENT_PATHS = [
  ['name'],
  ['namespace'],
  ['kind'],
  ['kubernetesId'],
  ['scaleTarget'],
  ['scaleTarget', 'name'],
  ['scaleTarget', 'kind'],
  ['minReplicaCount'],
  ['maxReplicaCount'],
  ['idleReplicaCount'],
  ['pollingInterval'],
  ['cooldownPeriod'],
  ['pause'],
  ['pause', 'paused'],
  ['pause', 'replicas'],
  ['fallback'],
  ['hpa'],
  ['scalingModifiers', 'formula'],
  ['jobTemplate'],
  ['triggers'],
  ['triggers', '1'],
  ['__proto__', 'polluted'],
  ['constructor', 'prototype', 'polluted'],
  ...TRIGGER_PATHS.map(p => ['triggers', '0', ...p]),
];

/** `base` with one to three fields replaced; the edited paths come along. */
function mutated(base: object, paths: string[][], prefix: string[] = []) {
  return fc
    .array(fc.tuple(fc.constantFrom(...paths), hostileValue), {
      minLength: 1,
      maxLength: 3,
    })
    .map(edits => ({
      paths: edits.map(([p]) => [...prefix, ...p]),
      value: edits.reduce<unknown>((acc, [p, v]) => withValue(acc, p, v), base),
    }));
}

// --- the verdict ------------------------------------------------------------

/** Names a refusal may use for the edited fields. */
function fieldNames(paths: string[][], extra: string[] = []) {
  const names = new Set(extra);
  for (const p of paths) for (const s of p) if (!/^\d+$/.test(s)) names.add(s);
  return [...names];
}

/**
 * Runs the action as the scaffolder would. Returns how it ended; throws
 * (fails the property) on a crash, a refusal that names no field, or a
 * polluted Object.prototype.
 */
async function runAsScaffolder(
  action: any,
  input: Record<string, unknown>,
  ctxOptions: { workspacePath: string; isDryRun: boolean },
  fields: string[],
): Promise<'schema' | 'refused' | 'done'> {
  const label = () => JSON.stringify(input).slice(0, 300);
  try {
    const checked = jsonschema.validate(input, action.schema.input);
    if (!checked.valid) {
      // The runner refuses with these errors; each names a property.
      for (const e of checked.errors) {
        if (!e.property.startsWith('instance')) {
          throw new Error(`schema error without a property: ${e.message}`);
        }
      }
      return 'schema';
    }
    const ctx = {
      ...createMockActionContext({
        input: input as any,
        workspacePath: ctxOptions.workspacePath,
      }),
      isDryRun: ctxOptions.isDryRun,
    };
    try {
      await action.handler(ctx);
      return 'done';
    } catch (error) {
      const e = error as Error;
      if (!REFUSALS.has(e?.name)) {
        throw new Error(
          `crash ${e?.name}: ${e?.message} ${e?.stack
            ?.split('\n')
            .slice(1, 4)
            .join(' ')} for ${label()}`,
        );
      }
      if (e.name === 'InputError' && !fields.some(f => e.message.includes(f))) {
        throw new Error(
          `refusal names none of [${fields.join(', ')}]: ${e.message.slice(
            0,
            300,
          )} for ${label()}`,
        );
      }
      return 'refused';
    }
  } finally {
    const keys = Object.getOwnPropertyNames(Object.prototype).sort();
    if (
      JSON.stringify(keys) !== JSON.stringify(BUILTIN_PROTOTYPE_KEYS) ||
      ({} as any).polluted !== undefined
    ) {
      // eslint-disable-next-line no-unsafe-finally
      throw new Error(`Object.prototype polluted by ${label()}`);
    }
  }
}

/** Every file under `dir` except those under `skip`, with its size. */
function listFiles(dir: string, skip: string[]): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      // The engine's Git caches change with every fetch: not output.
      if (entry.name.startsWith('cache')) continue;
      if (skip.some(s => p === s || p.startsWith(`${s}${path.sep}`))) continue;
      if (entry.isDirectory()) walk(p);
      else out.push(`${p} ${fs.statSync(p).size}`);
    }
  };
  walk(dir);
  return out.sort();
}

/** Paths on any branch of the remote that differ from main outside `folder`. */
function changedOutside(remote: string, folders: string[]): string[] {
  const changed = new Set<string>();
  const refs = git(remote, 'for-each-ref', '--format=%(refname)')
    .split('\n')
    .filter(Boolean);
  for (const ref of refs) {
    for (const p of git(remote, 'diff', '--name-only', 'refs/heads/main', ref)
      .split('\n')
      .filter(Boolean)) {
      if (!folders.some(f => p.startsWith(`${f}/`))) changed.add(p);
    }
  }
  return [...changed];
}

/** Files of main that any proposal branch changed or removed, outside `allowed`. */
function modifiedOrRemoved(remote: string, allowed: string[]): string[] {
  const refs = git(remote, 'for-each-ref', '--format=%(refname)')
    .split('\n')
    .filter(Boolean);
  return refs.flatMap(ref =>
    git(
      remote,
      'diff',
      '--name-only',
      '--diff-filter=MDR',
      'refs/heads/main',
      ref,
    )
      .split('\n')
      .filter(p => p && !allowed.some(f => p.startsWith(`${f}/`))),
  );
}

// --- the properties -----------------------------------------------------------

const summary: Record<string, Record<string, number>> = {};
function tally(action: string, outcome: string) {
  summary[action] ??= {};
  summary[action][outcome] = (summary[action][outcome] ?? 0) + 1;
  count(action);
}

describe('fuzzing keda:manifest:render', () => {
  let repo: BareRepo;
  let workspace: string;
  beforeAll(() => {
    repo = createBareRepo({ 'README.md': '# x\n' });
    workspace = path.join(repo.root, 'workspace');
    fs.mkdirSync(workspace);
  });
  afterAll(() => repo.cleanup());

  it('renders or refuses by field, and writes only inside the workspace', async () => {
    const action = createRenderManifestAction();
    const before = listFiles(repo.root, [workspace]);
    await fc.assert(
      fc.asyncProperty(
        mutated(KAFKA_INTENT, INTENT_PATHS, ['intent']),
        fc.option(
          fc.oneof(
            hostileString,
            fc.constantFrom('deploy/so.yaml', 'a/../b.yaml', 'ok.yaml'),
          ),
          { nil: undefined },
        ),
        fc.boolean(),
        async (intent, targetPath, isDryRun) => {
          const input: Record<string, unknown> = { intent: intent.value };
          if (targetPath !== undefined) input.targetPath = targetPath;
          const outcome = await runAsScaffolder(
            action,
            input,
            { workspacePath: workspace, isDryRun },
            fieldNames(
              targetPath !== undefined
                ? [...intent.paths, ['targetPath']]
                : intent.paths,
              ['intent', 'spec.', 'metadata.'],
            ),
          );
          tally('keda:manifest:render', outcome);
        },
      ),
      { numRuns: runs(6000) },
    );
    expect(counts['keda:manifest:render']).toBe(runs(6000));
    expect(listFiles(repo.root, [workspace])).toEqual(before);
    expect(fs.existsSync('/tmp/keda-fuzz-escape.yaml')).toBe(false);
  });
});

describe('fuzzing the proposing actions', () => {
  let repo: BareRepo;
  let engine: GitopsEngine;
  let workspace: string;

  const entity: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'orders-consumer',
      namespace: 'default',
      annotations: {
        'backstage.io/kubernetes-id': 'orders-consumer',
        'backstage.io/kubernetes-namespace': 'shop',
        'keda-portal.io/gitops-repo': REPO_URL,
        'keda-portal.io/gitops-path': FOLDER,
        'keda-portal.io/gitops-layout': 'plain',
      },
    },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-orders' },
  };

  beforeAll(() => {
    repo = createBareRepo({
      [`${FOLDER}/deployment.yaml`]: 'apiVersion: apps/v1\nkind: Deployment\n',
      'apps/payments/scaledobject.yaml': 'kind: ScaledObject\n',
      'README.md': '# shop-gitops\n',
    });
    engine = engineFor(repo, REPO_URL);
    workspace = path.join(repo.root, 'workspace');
    fs.mkdirSync(workspace);
  });
  afterAll(() => repo.cleanup());

  it('keda:gitops:propose refuses by field and commits only to the entity folder', async () => {
    const action = createProposeAction({
      changes: changeServiceFor(engine, [entity]),
    });
    const base = { entityRef: ENTITY_REF, intent: KAFKA_INTENT };
    await fc.assert(
      fc.asyncProperty(
        mutated(base, [
          ['entityRef'],
          ['environment'],
          ...INTENT_PATHS.map(p => ['intent', ...p]),
        ]),
        // Mostly dry runs: they plan fully but push nothing.
        fc.nat(9).map(n => n > 1),
        async (input, isDryRun) => {
          const outcome = await runAsScaffolder(
            action,
            input.value as Record<string, unknown>,
            { workspacePath: workspace, isDryRun },
            fieldNames(input.paths, ['spec.', 'metadata.']),
          );
          tally('keda:gitops:propose', outcome);
        },
      ),
      { numRuns: runs(900) },
    );
    expect(counts['keda:gitops:propose']).toBe(runs(900));
    expect(changedOutside(repo.remote, [FOLDER])).toEqual([]);
  });

  it('keda:gitops:propose-worker refuses by field and commits only to its folder', async () => {
    const action = createProposeWorkerAction({
      changes: changeServiceFor(engine, []),
      engine,
      catalog: catalogServiceMock({ entities: [] }),
    });
    const worker = {
      name: 'invoice-worker',
      namespace: 'billing',
      owner: 'group:default/team-billing',
      image: 'registry.example.com/billing/invoice-worker:1.0.0',
      minReplicaCount: 0,
      maxReplicaCount: 20,
      repoUrl: REPO_URL,
      path: 'apps/invoice-worker',
      triggers: [
        {
          type: 'rabbitmq',
          metadata: { queueName: 'invoices', mode: 'QueueLength', value: '10' },
          authentication: {
            secretRefs: [
              { parameter: 'host', secretName: 'rabbitmq', key: 'uri' },
            ],
          },
        },
      ],
    };
    const before = listFiles(repo.root, [workspace, repo.remote]);
    await fc.assert(
      fc.asyncProperty(
        mutated(worker, [
          ['name'],
          ['namespace'],
          ['owner'],
          ['image'],
          ['workerType'],
          ['description'],
          ['system'],
          ['lifecycle'],
          ['minReplicaCount'],
          ['maxReplicaCount'],
          ['idleReplicaCount'],
          ['pollingInterval'],
          ['cooldownPeriod'],
          ['repoUrl'],
          ['path'],
          ['environment'],
          ['targetPath'],
          ['triggers'],
          ['__proto__', 'polluted'],
          ...TRIGGER_PATHS.map(p => ['triggers', '0', ...p]),
        ]),
        fc.nat(9).map(n => n > 1),
        async (input, isDryRun) => {
          const outcome = await runAsScaffolder(
            action,
            input.value as Record<string, unknown>,
            { workspacePath: workspace, isDryRun },
            fieldNames(input.paths, ['spec.', 'metadata.']),
          );
          tally('keda:gitops:propose-worker', outcome);
        },
      ),
      { numRuns: runs(600) },
    );
    expect(counts['keda:gitops:propose-worker']).toBe(runs(600));
    // A worker adds files in its own folder; it never edits or removes a
    // file that exists, and no path climbs out of the repository.
    expect(modifiedOrRemoved(repo.remote, [FOLDER])).toEqual([]);
    expect(listFiles(repo.root, [workspace, repo.remote])).toEqual(before);
  });
});

afterAll(() => {
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  // eslint-disable-next-line no-console
  console.log(
    `[reliability] bad-input scaffolder actions: cases ${total} ${JSON.stringify(
      summary,
    )}`,
  );
});
