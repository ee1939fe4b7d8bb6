/**
 * Browser test of the self-service templates in the running portal: both
 * templates end to end through the scaffolder's form, against the demo
 * GitOps repository.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { APP_URL, BACKEND_URL, DEMO_GITOPS_REPO, ROOT } from './portal.ts';
import { guestToken, openSignedInSession, type Session } from './session.ts';

const shots = path.join(ROOT, 'e2e', 'test-results');
let session: Session;
let page: Page;

before(async () => {
  session = await openSignedInSession({ width: 1280, height: 800 });
  ({ page } = session);
});

after(async () => {
  await session?.close();
});

function git(...args: string[]) {
  return execFileSync('git', ['--git-dir', DEMO_GITOPS_REPO, ...args], {
    encoding: 'utf8',
  });
}

/** The changed lines (`+`/`-`) of main..branch. */
function changedLines(branch: string): string[] {
  return git('diff', `main..${branch}`)
    .split('\n')
    .filter(l => /^[+-](?![+-])/.test(l));
}

async function next() {
  await page.getByRole('button', { name: 'Next' }).click();
}

/** Adds a cron trigger through the KedaTriggers field. */
async function addCronTrigger() {
  // The form starts with one empty trigger (the field needs at least one).
  const typeOfFirst = page
    .getByLabel(/^Trigger type/)
    .and(page.locator('input'))
    .first();
  await typeOfFirst
    .or(page.getByLabel(/Add a trigger/).and(page.locator('input')))
    .first()
    .waitFor();
  const add = (await typeOfFirst.count())
    ? typeOfFirst
    : page.getByLabel(/Add a trigger/).and(page.locator('input'));
  await add.click();
  await add.fill('cron');
  await page.getByRole('option', { name: /^Cron/ }).first().click();
  await page.getByLabel(/^timezone/).fill('Europe/Amsterdam');
  await page.getByLabel(/^start/).fill('0 8 * * 1-5');
  await page.getByLabel(/^end/).fill('0 18 * * 1-5');
  await page.getByLabel(/^desiredReplicas/).fill('3');
}

test('"Add event-driven autoscaling" proposes a ScaledObject for email-worker and its branch has the expected diff', async () => {
  await page.goto(`${APP_URL}/create/templates/default/add-keda-autoscaling`);
  const component = page.getByRole('textbox', { name: /^Component/ });
  await component.click();
  await component.fill('email-worker');
  await page
    .getByRole('option', { name: /email-worker/ })
    .first()
    .click();
  await next();
  await next(); // workload: the component's name and namespace
  // Bad input is stopped in the form, under the field, with the domain core's message.
  await page.getByLabel(/^Minimum replicas/).fill('9');
  await page.getByLabel(/^Maximum replicas/).fill('8');
  await next();
  await page
    .getByText(/minReplicaCount \(9\) must not be above maxReplicaCount \(8\)/)
    .first()
    .waitFor();
  await page.getByLabel(/^Minimum replicas/).fill('1');
  await page.getByLabel(/^Maximum replicas/).fill('6');
  await next();
  await addCronTrigger();
  await page.screenshot({ path: path.join(shots, 'template-form.png') });
  await page.getByLabel(/^start/).fill('0 25 * * *');
  await next();
  // Listed at the top of the form and under the field, and shown at the
  // input itself; each once.
  const cronError = page.getByText(
    /Trigger 1 \(cron\), start: hour value 25 is outside 0-23/,
  );
  await cronError.first().waitFor();
  assert.equal(await cronError.count(), 2);
  assert.equal(
    await page.getByText(/^hour value 25 is outside 0-23/).count(),
    1,
  );
  await page.screenshot({ path: path.join(shots, 'template-form-error.png') });
  await page.getByLabel(/^start/).fill('0 8 * * 1-5');
  await next();
  // The review step of the template: rendered manifests and the diff, from the backend's preview.
  const diff = page.getByTestId('diff');
  await diff.waitFor({ timeout: 60_000 });
  const diffText = await diff.innerText();
  assert.match(diffText, /\+kind: ScaledObject/);
  assert.match(diffText, /-\s+replicas: 1/);
  // The cluster runs a RabbitMQ and Redis ScaledObject that Git does not
  // hold: the step says so, and that merging replaces it.
  const drift = await page.getByTestId('drift').innerText();
  assert.match(
    drift,
    /The cluster runs ScaledObject notifications\/email-worker, but Git has no copy of it/,
  );
  assert.match(drift, /Cluster: rabbitmq, redis, 0–10 replicas/);
  assert.match(
    drift,
    /Merging replaces the rabbitmq, redis triggers with cron\./,
  );
  assert.match(
    await page.getByTestId('rendered-manifests').innerText(),
    /maxReplicaCount: 6/,
  );
  await diff.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(shots, 'template-preview.png') });
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Propose' }).waitFor();
  await page.screenshot({ path: path.join(shots, 'template-review.png') });
  await page.getByRole('button', { name: 'Propose' }).click();
  await page
    .getByText(/Proposal\s+created/)
    .first()
    .waitFor({ timeout: 120_000 });

  const branch = 'keda/default/component/email-worker/default';
  const lines = changedLines(branch);
  // The new ScaledObject, and the Deployment's pinned replicas released.
  assert.ok(lines.includes('+kind: ScaledObject'), lines.join('\n'));
  assert.ok(lines.includes('+  maxReplicaCount: 6'), lines.join('\n'));
  assert.ok(lines.includes('+    - type: cron'), lines.join('\n'));
  assert.ok(lines.includes("+        desiredReplicas: '3'"), lines.join('\n'));
  assert.ok(
    lines.includes('-  replicas: 1   # pinned before autoscaling'),
    lines.join('\n'),
  );
  const files = git('diff', '--name-only', `main..${branch}`)
    .trim()
    .split('\n');
  assert.deepEqual(files.sort(), [
    'apps/email-worker/deployment.yaml',
    'apps/email-worker/scaledobject.yaml',
  ]);
});

test('a newcomer adds autoscaling to stock-sync, which has no annotations, through to the branch in the demo GitOps repository', async () => {
  await page.goto(`${APP_URL}/create/templates/default/add-keda-autoscaling`);
  const component = page.getByRole('textbox', { name: /^Component/ });
  await component.click();
  await component.fill('stock-sync');
  await page
    .getByRole('option', { name: /stock-sync/ })
    .first()
    .click();
  // No keda-portal.io/gitops-* annotations: the form asks where the manifests go.
  await page
    .getByText(/stock-sync has no keda-portal.io\/gitops-\* annotations yet/)
    .waitFor();
  await page
    .getByLabel(/^GitOps repository/)
    .selectOption('https://github.com/keda-portal-demo/shop-gitops');
  await page.getByLabel(/^GitOps folder/).fill('apps/stock-sync');
  await page.screenshot({
    path: path.join(shots, 'template-newcomer-target.png'),
  });
  await next();
  await next(); // workload: no namespace yet
  await next(); // replicas: the defaults
  await addCronTrigger();
  await next();
  // Without a namespace the review step names the field and stops the form.
  const missing = page.getByText(
    /Namespace \(step Workload\) is empty and stock-sync has no backstage.io\/kubernetes-namespace annotation/,
  );
  await missing.first().waitFor({ timeout: 60_000 });
  await page.getByRole('button', { name: 'Review', exact: true }).click();
  await page
    .getByText(/Namespace \(step Workload\) is empty/)
    .first()
    .waitFor();
  assert.equal(
    await page.getByRole('button', { name: 'Propose', exact: true }).count(),
    0,
  );
  await page.screenshot({
    path: path.join(shots, 'template-newcomer-blocked.png'),
  });
  await page.getByRole('button', { name: 'Back' }).click();
  await page.getByRole('button', { name: 'Back' }).click();
  await page.getByRole('button', { name: 'Back' }).click();
  await page.getByRole('textbox', { name: /^Namespace/ }).fill('shop');
  await next();
  await next();
  await next();
  const diff = page.getByTestId('diff');
  await diff.waitFor({ timeout: 60_000 });
  assert.match(await diff.innerText(), /\+kind: ScaledObject/);
  // The catalog file is not in the GitOps repository: the step says which annotations to add.
  await page
    .getByText(/catalog-info.yaml is not in this repository/)
    .first()
    .waitFor();
  await page.screenshot({
    path: path.join(shots, 'template-newcomer-preview.png'),
    fullPage: true,
  });
  await page.getByRole('button', { name: 'Review', exact: true }).click();
  await page.getByRole('button', { name: 'Propose', exact: true }).click();
  await page
    .getByText(/Proposal\s+created/)
    .first()
    .waitFor({ timeout: 120_000 });
  await page.screenshot({
    path: path.join(shots, 'template-newcomer-done.png'),
    fullPage: true,
  });

  const branch = 'keda/default/component/stock-sync/default';
  const files = git('diff', '--name-only', `main..${branch}`)
    .trim()
    .split('\n');
  assert.deepEqual(files.sort(), [
    'apps/stock-sync/deployment.yaml',
    'apps/stock-sync/scaledobject.yaml',
  ]);
  const lines = changedLines(branch);
  assert.ok(lines.includes('+  namespace: shop'), lines.join('\n'));
  assert.ok(
    lines.includes('+      backstage.io/kubernetes-id: stock-sync') ||
      lines.includes('+    backstage.io/kubernetes-id: stock-sync'),
    lines.join('\n'),
  );
  assert.ok(lines.includes('+    - type: cron'), lines.join('\n'));
  assert.ok(lines.includes('-  replicas: 1'), lines.join('\n'));
});

test('"New event-driven worker" proposes the worker with its Deployment, ScaledObject and catalog entity in one commit', async () => {
  await page.goto(
    `${APP_URL}/create/templates/default/new-event-driven-worker`,
  );
  await page.getByRole('textbox', { name: /^Name/ }).fill('invoice-worker');
  const owner = page.getByRole('textbox', { name: /^Owner/ });
  await owner.click();
  await owner.fill('team-orders');
  await page
    .getByRole('option', { name: /team-orders/ })
    .first()
    .click();
  await next();
  await page
    .getByRole('textbox', { name: /^Container image/ })
    .fill('registry.example.com/shop/invoice-worker:1.0.0');
  await page.getByRole('textbox', { name: /^Namespace/ }).fill('shop');
  await next();
  await addCronTrigger();
  await next();
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: /Propose|Create/ }).click();
  await page
    .getByText(/Proposal\s+created/)
    .first()
    .waitFor({ timeout: 120_000 });

  const branch = 'keda/default/component/invoice-worker/default';
  const files = git('diff', '--name-only', `main..${branch}`)
    .trim()
    .split('\n');
  assert.deepEqual(files.sort(), [
    'apps/invoice-worker/catalog-info.yaml',
    'apps/invoice-worker/deployment.yaml',
    'apps/invoice-worker/scaledobject.yaml',
  ]);
  assert.equal(git('rev-list', '--count', `main..${branch}`).trim(), '1');

  // Its catalog-info.yaml is registered where it lands on merge.
  const token = await guestToken();
  const catalog = async (p: string, init: RequestInit = {}) => {
    const res = await fetch(`${BACKEND_URL}/api/catalog${p}`, {
      ...init,
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
      },
    });
    return { status: res.status, body: await res.json().catch(() => null) };
  };
  const target = `https://github.com/keda-portal-demo/shop-gitops/blob/main/apps/invoice-worker/catalog-info.yaml`;
  const locations = (await catalog('/locations')).body as Array<{
    data: { target: string };
  }>;
  assert.ok(
    locations.some(l => l.data.target === target),
    `no catalog location ${target} among ${JSON.stringify(locations)}`,
  );
  const entityPath = '/entities/by-name/component/default/invoice-worker';
  assert.equal((await catalog(entityPath)).status, 404);

  // A reviewer merges the pull request (a fast-forward of main)...
  const main = git('rev-parse', 'main').trim();
  git('merge-base', '--is-ancestor', main, branch);
  git('update-ref', 'refs/heads/main', git('rev-parse', branch).trim(), main);

  // ...and on its next processing cycle the catalog reads the component from Git.
  const deadline = Date.now() + 90_000;
  let component: { status: number; body: any } | undefined;
  while (Date.now() < deadline) {
    component = await catalog(entityPath);
    if (component.status === 200) break;
    await new Promise(r => setTimeout(r, 1000));
  }
  assert.equal(
    component?.status,
    200,
    'invoice-worker never reached the catalog',
  );
  assert.equal(component!.body.spec.owner, 'group:default/team-orders');
  assert.equal(
    component!.body.metadata.annotations['keda-portal.io/gitops-path'],
    'apps/invoice-worker',
  );
});
