import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '@keda-portal/kube-testenv';
import { ensureDemoGitopsRepo, moveDemoAddresses } from './gitops';
import { DemoValues, renderManifests, renderText } from './render';

const values: DemoValues = {
  DEMO_PROMETHEUS_URL: 'http://127.0.0.1:41001',
  DEMO_KAFKA_BOOTSTRAP: '127.0.0.1:41002',
  DEMO_RABBITMQ_URL: 'amqp://keda:pw@127.0.0.1:41003/keda',
  DEMO_REDIS_ADDRESS: '127.0.0.1:41004',
  DEMO_REDIS_PASSWORD: 'secret',
};

describe('the demo placeholders', () => {
  it('are filled in, and an unknown one names the file and the known ones', () => {
    expect(renderText('url: ${DEMO_PROMETHEUS_URL}', values, 'a.yaml')).toBe(
      'url: http://127.0.0.1:41001',
    );
    expect(() => renderText('x: ${DEMO_PROMETHEUS}', values, 'a.yaml')).toThrow(
      /^a\.yaml: placeholder \$\{DEMO_PROMETHEUS\} is unknown; use one of \$\{DEMO_PROMETHEUS_URL\}, /,
    );
  });

  it('leave no placeholder in the example cluster objects', () => {
    const objects = renderManifests(
      path.join(REPO_ROOT, 'examples', 'cluster'),
      values,
    );
    const text = JSON.stringify(objects);
    expect(text).not.toContain('${');
    const so = objects.find(
      (o: any) => o.kind === 'ScaledObject' && o.metadata.name === 'orders-api',
    ) as any;
    expect(so.spec.triggers[0].metadata.serverAddress).toBe(
      'http://127.0.0.1:41001',
    );
  });
});

describe('the demo GitOps repository', () => {
  const git = (bare: string, ...args: string[]) =>
    execFileSync('git', ['--git-dir', bare, ...args], { encoding: 'utf8' });
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-gitops-test-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is seeded with the addresses filled in, and follows a source that moved', () => {
    const bare = ensureDemoGitopsRepo(
      dir,
      path.join(REPO_ROOT, 'examples', 'gitops'),
      values,
    );
    const file = 'main:apps/orders-api/overlays/production/scaledobject.yaml';
    expect(git(bare, 'show', file)).toContain(
      'serverAddress: http://127.0.0.1:41001',
    );
    // git grep exits 1 when nothing matches: no placeholder is left.
    let status: number | undefined;
    try {
      git(bare, 'grep', '-E', '[$][{]DEMO_[A-Z_]+[}]', 'main');
      status = 0;
    } catch (e) {
      status = (e as { status?: number }).status;
    }
    expect(status).toBe(1);

    expect(
      moveDemoAddresses(bare, [
        { from: 'http://127.0.0.1:41001', to: 'http://127.0.0.1:42001' },
      ]),
    ).toBe(true);
    expect(git(bare, 'show', file)).toContain(
      'serverAddress: http://127.0.0.1:42001',
    );
    expect(git(bare, 'log', '--format=%s', '-1', 'main').trim()).toBe(
      "The demo's event sources moved",
    );
    // Nothing to move: no commit.
    expect(moveDemoAddresses(bare, [])).toBe(false);
  });
});
