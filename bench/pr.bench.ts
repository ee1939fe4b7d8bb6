/**
 * A pull request, two ways, against the same GitHub fake (msw, 50 ms added
 * to every call): KEDA Portal's GitHub provider (one GraphQL snapshot, then
 * the REST git database) and Backstage's `publish:github:pull-request`
 * action, making the same change (one new ScaledObject manifest) in a GitOps
 * repository of 10 and of 1,000 files.
 *
 * For the action, the workspace is either a checkout of the repository with
 * the change in it (how a template that edits a GitOps repository works:
 * fetch it, change it, publish it) or just the new file under `targetPath`.
 *
 *   scripts/dev yarn jiti bench/pr.bench.ts [--quick]
 */
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { createPublishGithubPullRequestAction } from '@backstage/plugin-scaffolder-backend-module-github';
import { delay, http } from 'msw';
import { setupServer } from 'msw/node';
import fs from 'node:fs';
import os from 'node:os';
import { PassThrough } from 'node:stream';
import path from 'node:path';
import { GithubProvider } from '../plugins/keda-node/src/gitops/providers/github';
import {
  FakeGithub,
  GITHUB_TEST_API as API,
  GITHUB_TEST_TOKEN as TOKEN,
  json,
} from '../plugins/keda-node/src/gitops/providers/__testUtils__/githubFake';
import {
  blobSha,
  FakeGitStore,
} from '../plugins/keda-node/src/gitops/providers/__testUtils__/gitStoreFake';

const quick = process.argv.includes('--quick');
const LATENCY_MS = 50;
const SIZES = [10, 1_000];
const RUNS = quick ? 3 : 5;
const TARGET_CALLS = 8;
const ROOT = path.resolve(import.meta.dirname, '..');
const RESULTS_MARKER =
  '<!-- pull request results: new runs go above this line -->';
const REPO_URL = 'https://github.com/acme/gitops';
const FOLDER = 'apps/shop/overlays/production';
const NEW_FILE = `${FOLDER}/scaledobject.yaml`;
const NEW_CONTENT = `apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata:
  name: shop
spec:
  scaleTargetRef:
    name: shop
  triggers:
    - type: kafka
      metadata:
        topic: orders
        lagThreshold: '50'
`;

const integrations = ScmIntegrations.fromConfig(
  new ConfigReader({
    integrations: { github: [{ host: 'github.com', token: TOKEN }] },
  }),
);

/** A GitOps repository of `size` files, the shop's overlay among them. */
function repoFiles(size: number): Record<string, string> {
  const files: Record<string, string> = {
    [`${FOLDER}/kustomization.yaml`]: 'resources:\n  - ../../base\n',
    'apps/shop/base/deployment.yaml':
      'kind: Deployment\nspec:\n  replicas: 2\n',
  };
  for (let i = 0; Object.keys(files).length < size; i++) {
    files[
      `apps/app-${i}/deployment.yaml`
    ] = `kind: Deployment\nmetadata:\n  name: app-${i}\n`;
  }
  return files;
}

/**
 * FakeGithub plus what the action calls beyond it: repository metadata, the
 * latest commit of a branch, blobs, trees that reference blobs, and the
 * GraphQL query for a branch's open pull request.
 */
class BenchGithub {
  readonly fake: FakeGithub;
  readonly calls: string[] = [];
  private readonly blobs = new Map<string, string>();

  constructor(files: Record<string, string>) {
    this.fake = new FakeGithub(FakeGitStore.withFiles(files));
  }

  async handle(original: Request): Promise<Response> {
    await delay(LATENCY_MS);
    // GitHub takes `token <t>` (what Octokit sends) like `Bearer <t>` (what the fake checks).
    const request = new Request(original.url, {
      method: original.method,
      headers: {
        ...Object.fromEntries(original.headers),
        authorization: (original.headers.get('authorization') ?? '').replace(
          /^token /,
          'Bearer ',
        ),
      },
      body:
        original.method === 'GET' || original.method === 'HEAD'
          ? undefined
          : await original.text(),
    });
    const url = new URL(request.url);
    const route = url.pathname.replace(/^\/repos\/acme\/gitops/, '');
    const store = this.fake.store;
    if (request.headers.get('authorization') !== `Bearer ${TOKEN}`) {
      this.calls.push(`${request.method} ${url.pathname}`);
      return json(401, { message: 'Bad credentials' });
    }
    const body =
      request.method === 'GET' || request.method === 'HEAD'
        ? undefined
        : await request
            .clone()
            .json()
            .catch(() => undefined);
    if (request.method === 'GET' && route === '') {
      this.calls.push('GET /repos/acme/gitops');
      return json(200, {
        full_name: 'acme/gitops',
        default_branch: store.defaultBranch,
        permissions: {
          admin: false,
          maintain: false,
          push: true,
          triage: true,
          pull: true,
        },
      });
    }
    if (request.method === 'GET' && route === '/commits') {
      this.calls.push('GET /repos/acme/gitops/commits');
      const tip = store.tip(url.searchParams.get('sha') ?? store.defaultBranch);
      const commit = tip ? store.commit(tip) : undefined;
      return commit
        ? json(200, [
            { sha: commit.sha, commit: { tree: { sha: commit.tree } } },
          ])
        : json(404, { message: 'Not Found' });
    }
    if (request.method === 'POST' && route === '/git/blobs') {
      this.calls.push('POST /repos/acme/gitops/git/blobs');
      const content =
        body.encoding === 'base64'
          ? Buffer.from(body.content, 'base64').toString('utf8')
          : body.content;
      const sha = blobSha(content);
      this.blobs.set(sha, content);
      return json(201, {
        sha,
        url: `${API}/repos/acme/gitops/git/blobs/${sha}`,
      });
    }
    if (request.method === 'POST' && route === '/git/trees') {
      // Entries that reference a blob become entries with its content.
      const tree = body.tree.map((entry: any) =>
        typeof entry.sha === 'string' && this.blobs.has(entry.sha)
          ? {
              path: entry.path,
              mode: entry.mode,
              type: 'blob',
              content: this.blobs.get(entry.sha),
            }
          : entry,
      );
      return this.fake
        .handle(
          new Request(request.url, {
            method: 'POST',
            headers: request.headers,
            body: JSON.stringify({ ...body, tree }),
          }),
        )
        .then(
          res => (this.calls.push('POST /repos/acme/gitops/git/trees'), res),
        );
    }
    if (
      url.pathname === '/graphql' &&
      /associatedPullRequests/.test(body?.query ?? '')
    ) {
      this.calls.push('GRAPHQL branchInfo');
      const branch = String(body.variables.head).replace(/^refs\/heads\//, '');
      const open = this.fake.pulls.filter(
        p => p.head === branch && p.state === 'open',
      );
      return json(200, {
        data: {
          repository: {
            ref: store.tip(branch)
              ? {
                  associatedPullRequests: {
                    edges: open.map(p => ({
                      node: {
                        id: `PR_${p.number}`,
                        number: p.number,
                        url: `https://github.com/acme/gitops/pull/${p.number}`,
                      },
                    })),
                  },
                }
              : null,
          },
        },
      });
    }
    let forwarded = request;
    if (
      request.method === 'POST' &&
      route === '/pulls' &&
      /^acme:/.test(body?.head)
    ) {
      // GitHub takes `owner:branch` (what Octokit sends) like `branch` (what the fake reads).
      forwarded = new Request(request.url, {
        method: 'POST',
        headers: request.headers,
        body: JSON.stringify({
          ...body,
          head: body.head.slice('acme:'.length),
        }),
      });
    }
    const before = this.fake.calls.length;
    const res = await this.fake.handle(forwarded);
    this.calls.push(...this.fake.calls.slice(before));
    return res;
  }

  /** The files on `branch` now, to check the change is the same. */
  filesOn(branch: string) {
    const tip = this.fake.store.tip(branch);
    return tip ? this.fake.store.filesAt(tip) : undefined;
  }
}

let github: BenchGithub;
const server = setupServer(
  http.all(`${API}/*`, ({ request }) => github.handle(request)),
);

async function ours(branch: string) {
  const provider = new GithubProvider({ integrations });
  const snap = await provider.snapshot({
    repoUrl: REPO_URL,
    branch,
    folders: [FOLDER],
  });
  await provider.commit({
    repoUrl: REPO_URL,
    branch,
    parent: snap.branchCommit ?? snap.baseCommit,
    expectedTip: snap.branchCommit,
    files: [{ path: NEW_FILE, content: NEW_CONTENT }],
    message: 'Autoscale shop\n\nKeda-Portal-Change: component:default/shop',
  });
  await provider.openPullRequest({
    repoUrl: REPO_URL,
    branch,
    baseBranch: snap.baseBranch,
    title: 'Autoscale shop',
    body: 'Adds a ScaledObject.',
    labels: ['keda'],
    reviewers: ['alice'],
    existing: snap.openPullRequest,
  });
}

async function backstage(
  branch: string,
  files: Record<string, string>,
  workspace: 'checkout' | 'file',
) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-pr-'));
  try {
    const written =
      workspace === 'checkout'
        ? { ...files, [NEW_FILE]: NEW_CONTENT }
        : { [path.basename(NEW_FILE)]: NEW_CONTENT };
    for (const [file, content] of Object.entries(written)) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), content);
    }
    const action = createPublishGithubPullRequestAction({
      integrations,
      config: new ConfigReader({}),
    });
    // What the scaffolder hands an action (its test utils need jest).
    const quiet = {
      log() {},
      info() {},
      warn() {},
      error() {},
      debug() {},
      child: () => quiet,
    };
    await action.handler({
      logger: quiet,
      logStream: new PassThrough(),
      output() {},
      createTemporaryDirectory: async () => dir,
      checkpoint: async (opts: { fn: () => unknown }) => opts.fn(),
      getInitiatorCredentials: async () => ({
        $$type: '@backstage/BackstageCredentials',
        principal: { type: 'user', userEntityRef: 'user:default/guest' },
      }),
      task: { id: 'bench' },
      step: { id: 'publish', name: 'publish' },
      workspacePath: dir,
      input: {
        repoUrl: 'github.com?owner=acme&repo=gitops',
        branchName: branch,
        title: 'Autoscale shop',
        description: 'Adds a ScaledObject.',
        reviewers: ['alice'],
        ...(workspace === 'file' ? { targetPath: FOLDER } : {}),
      },
    } as any);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

interface Row {
  tool: string;
  size: number;
  calls: number[];
  ms: number[];
  sample: string[];
}

async function measure(
  tool: string,
  size: number,
  run: (branch: string, files: Record<string, string>) => Promise<void>,
): Promise<Row> {
  const row: Row = { tool, size, calls: [], ms: [], sample: [] };
  // A checkout of 1,000 files takes over a minute per pull request for the action.
  const runs = tool.includes('checkout') && size > 100 ? (quick ? 1 : 3) : RUNS;
  for (let i = 0; i < runs; i++) {
    const files = repoFiles(size);
    github = new BenchGithub(files);
    const branch = `keda/shop-${i}`;
    const t0 = performance.now();
    await run(branch, files);
    row.ms.push(performance.now() - t0);
    row.calls.push(github.calls.length);
    row.sample = github.calls;
    // The same change: the branch holds the base files plus the new one, and a pull request is open.
    const after = github.filesOn(branch);
    if (
      after?.get(NEW_FILE) !== NEW_CONTENT ||
      after.size !== size + 1 ||
      github.fake.pulls.length !== 1
    ) {
      throw new Error(
        `${tool}: the branch or pull request is not the expected change`,
      );
    }
  }
  return row;
}

const median = (v: number[]) =>
  [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

async function main() {
  server.listen({ onUnhandledRequest: 'error' });
  const rows: Row[] = [];
  try {
    for (const size of SIZES) {
      rows.push(
        await measure('KEDA Portal GithubProvider', size, branch =>
          ours(branch),
        ),
      );
      rows.push(
        await measure(
          'publish:github:pull-request, workspace = checkout',
          size,
          (b, f) => backstage(b, f, 'checkout'),
        ),
      );
      rows.push(
        await measure(
          'publish:github:pull-request, workspace = new file only',
          size,
          (b, f) => backstage(b, f, 'file'),
        ),
      );
    }
  } finally {
    server.close();
  }
  const oursBySize = new Map(
    rows.filter(r => r.tool.startsWith('KEDA')).map(r => [r.size, r]),
  );
  const lines = [
    `### ${new Date()
      .toISOString()
      .slice(0, 16)
      .replace('T', ' ')} UTC, \`scripts/dev yarn bench${
      quick ? ' --quick' : ''
    }\``,
    '',
    `${LATENCY_MS} ms added to every GitHub call (msw); ${RUNS} pull requests per row (fewer where the runs column lists fewer), each on a fresh fake repository; Node ${
      process.version
    }, ${os.cpus().length} cores.`,
    '',
    '| tool | repo files | API calls | time median (runs) | calls vs ours | time vs ours | target <= 8 calls |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map(r => {
      const base = oursBySize.get(r.size)!;
      const calls = median(r.calls);
      return `| ${r.tool} | ${r.size.toLocaleString(
        'en',
      )} | ${calls} | ${median(r.ms).toFixed(0)} ms (${r.ms
        .map(m => m.toFixed(0))
        .join(', ')}) | ${(calls / median(base.calls)).toFixed(1)}x | ${(
        median(r.ms) / median(base.ms)
      ).toFixed(1)}x | ${
        r.tool.startsWith('KEDA')
          ? calls <= TARGET_CALLS
            ? 'met'
            : `MISSED by ${calls - TARGET_CALLS}`
          : '-'
      } |`;
    }),
    '',
    ...SIZES.flatMap(size =>
      rows
        .filter(r => r.size === size)
        .slice(0, 3)
        .map(r => `- ${r.tool}, ${size} files: ${summarize(r.sample)}`),
    ),
    '',
  ];
  const table = lines.join('\n');
  console.log(`\n${table}`);
  const file = path.join(ROOT, 'bench', 'RESULTS.md');
  const text = fs.readFileSync(file, 'utf8');
  const at = text.indexOf(RESULTS_MARKER);
  if (at < 0) throw new Error(`bench/RESULTS.md has no line ${RESULTS_MARKER}`);
  fs.writeFileSync(file, `${text.slice(0, at)}${table}\n${text.slice(at)}`);
}

/** Calls in order, repeats collapsed: `POST /git/blobs x1000`. */
function summarize(calls: string[]) {
  const out: string[] = [];
  for (let i = 0; i < calls.length; ) {
    let j = i;
    while (j < calls.length && calls[j] === calls[i]) j++;
    const call =
      calls[i] === 'GET /repos/acme/gitops'
        ? 'GET (repository)'
        : calls[i].replace('/repos/acme/gitops', '');
    out.push(j - i > 1 ? `${call} x${j - i}` : call);
    i = j;
  }
  return out.join(', ');
}

main().then(
  () => process.exit(0),
  e => {
    console.error(e);
    process.exit(1);
  },
);
