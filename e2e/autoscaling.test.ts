/**
 * Browser test of the example portal: guest sign-in, the example catalog and
 * the Autoscaling tab, against the real backend.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from './browser.ts';
import {
  APP_URL,
  BACKEND_URL,
  ROOT,
  startPortal,
  type Portal,
} from './portal.ts';

const shots = path.join(ROOT, 'e2e', 'test-results');
let portal: Portal;
let browser: Browser;
let page: Page;

before(async () => {
  portal = await startPortal();
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(APP_URL);
  await page.getByRole('button', { name: 'Enter' }).click();
  await page
    .getByText('All components')
    .or(page.getByText('Owned'))
    .first()
    .waitFor();
});

after(async () => {
  await browser?.close();
  await portal?.stop();
});

test('the catalog lists the example components', async () => {
  await page.goto(`${APP_URL}/?filters[kind]=component&filters[user]=all`);
  for (const name of [
    'orders-api',
    'orders-consumer',
    'email-worker',
    'nightly-report',
  ]) {
    await page.getByRole('link', { name, exact: true }).first().waitFor();
  }
  await page.screenshot({ path: path.join(shots, 'catalog.png') });
});

test('the Autoscaling tab shows what /api/keda/health returned', async () => {
  const token = await guestToken();
  const health = await (
    await fetch(`${BACKEND_URL}/api/keda/health`, {
      headers: { authorization: `Bearer ${token}` },
    })
  ).json();

  assert.deepEqual(
    health.clusters.map((c: any) => [c.name, c.source]),
    [['demo', 'config']],
  );

  await page.goto(`${APP_URL}/catalog/default/component/orders-api`);
  await tab('Autoscaling').click();
  await page
    .getByText(`Clusters read by KEDA Portal (${health.clusters.length})`)
    .waitFor();
  await page.getByText('How this component is found').waitFor();
  await page.getByText('apps/orders-api/overlays/production').waitFor();
  for (const cluster of health.clusters) {
    await page.getByText(cluster.name, { exact: true }).first().waitFor();
  }
  await page.screenshot({ path: path.join(shots, 'autoscaling-tab.png') });
});

test("the scaling API returns the demo cluster's live data for every example component", async () => {
  const token = await guestToken();
  const examples = {
    'orders-api': 'prometheus',
    'orders-consumer': 'kafka',
    'email-worker': 'rabbitmq',
    'nightly-report': 'cron',
  };
  for (const [name, trigger] of Object.entries(examples)) {
    const body = await (
      await fetch(
        `${BACKEND_URL}/api/keda/entities/default/component/${name}/scaling`,
        {
          headers: { authorization: `Bearer ${token}` },
        },
      )
    ).json();
    assert.equal(body.clusters.length, 1, name);
    const [cluster] = body.clusters;
    assert.equal(cluster.cluster, 'demo');
    assert.equal(cluster.state, 'synced');
    assert.equal(
      cluster.workloads.length,
      1,
      `${name} has one scaled workload`,
    );
    const [workload] = cluster.workloads;
    assert.equal(workload.name, name);
    assert.equal(workload.status.triggers[0].type, trigger);
    assert.ok(workload.status.diagnosis.length > 10);
  }
});

test("Backstage's Kubernetes tab is installed side by side", async () => {
  await page.goto(`${APP_URL}/catalog/default/component/orders-consumer`);
  await tab('Autoscaling').waitFor();
  await tab('Kubernetes').click();
  await page.getByText('Your Clusters').waitFor();
});

test('components without Kubernetes annotations have no Autoscaling tab', async () => {
  await page.goto(`${APP_URL}/catalog/default/component/shop-web`);
  await tab('Overview').waitFor();
  assert.equal(await tab('Autoscaling').count(), 0);
});

test('the backend logged no error', () => {
  const errors = portal
    .log()
    .split('\n')
    .filter(line => /\berror\b/i.test(line));
  assert.deepEqual(errors, []);
});

/** Entity page tabs are links in the page header's navigation. */
function tab(name: string) {
  return page.getByRole('link', { name, exact: true });
}

async function guestToken(): Promise<string> {
  const res = await fetch(`${BACKEND_URL}/api/auth/guest/refresh`, {
    method: 'POST',
  });
  assert.equal(res.status, 200);
  const body = await res.json();
  return body.backstageIdentity.token;
}
