/**
 * Browser test of the example portal: guest sign-in, the example catalog and
 * the Autoscaling tab, against the real backend.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import {
  CustomObjectsApi,
  loadAllYaml,
  PatchStrategy,
  setHeaderOptions,
  Watch,
} from '@kubernetes/client-node';
import {
  condition,
  demoAdmin,
  scaledObject,
  scalingWorkload,
  waitUntil,
} from './demo.ts';
import {
  APP_URL,
  BACKEND_URL,
  DEMO_GITOPS_REPO,
  ROOT,
  type Portal,
} from './portal.ts';
import {
  guestToken,
  openSignedInSession,
  signInAsGuest,
  type Session,
} from './session.ts';

const shots = path.join(ROOT, 'e2e', 'test-results');
let session: Session;
let portal: Portal;
let page: Page;

before(async () => {
  session = await openSignedInSession({ width: 1400, height: 900 });
  ({ portal, page } = session);
});

after(async () => {
  await session?.close();
});

test('Enter on the sign-in page signs in as guest, without clicking or focusing', async () => {
  // A fresh context: not signed in yet.
  const context = await session.browser.newContext({
    viewport: { width: 1280, height: 800 },
  });
  try {
    const fresh = await context.newPage();
    await signInAsGuest(fresh); // only page.keyboard.press('Enter')
    await fresh
      .getByText('All components')
      .or(fresh.getByText('Owned'))
      .first()
      .waitFor({ timeout: 20_000 });
  } finally {
    await context.close();
  }
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

test("each example component's tab shows its triggers and replicas", async () => {
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

  const examples: Record<string, string> = {
    'orders-api': 'prometheus',
    'orders-consumer': 'kafka',
    'email-worker': 'rabbitmq',
    'nightly-report': 'cron',
  };
  for (const [name, trigger] of Object.entries(examples)) {
    await page.goto(`${APP_URL}/catalog/default/component/${name}`);
    await tab('Autoscaling').click();
    await page.getByTestId('diagnosis').first().waitFor();
    await page
      .getByText(new RegExp(`^${trigger}`))
      .first()
      .waitFor();
    const replicas = await page.getByTestId('replicas').first().innerText();
    assert.match(replicas, /current/i);
    assert.match(replicas, /max/i);
    await page.getByText(`on demo, scaling`).first().waitFor();
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(
    `${APP_URL}/catalog/default/component/orders-api/autoscaling`,
  );
  await page.getByTestId('diagnosis').first().waitFor();
  await page.screenshot({ path: path.join(shots, 'autoscaling-tab.png') });
  // History sampled from the watch stream, charted with the trigger's value.
  const chart = page.getByTestId('history-chart').first();
  await chart.waitFor();
  assert.ok((await chart.locator('path.recharts-curve').count()) >= 2);
  await chart.screenshot({ path: path.join(shots, 'history-chart.png') });
  await page.goto(`${APP_URL}/catalog/default/component/orders-api`);
  // The card on the overview: health, replicas and triggers at a glance.
  const card = page.getByTestId('keda-card');
  await card.getByText(/replicas \(min 2, max 12\)/).waitFor();
  await card
    .getByText(/prometheus/)
    .first()
    .waitFor();
  await card.screenshot({ path: path.join(shots, 'entity-card.png') });
  await page.setViewportSize({ width: 1400, height: 900 });
});

test('the tab changes within 3 s of a status change KEDA writes, without reload', async () => {
  const api = demoAdmin().makeApiClient(CustomObjectsApi);
  const so = {
    group: 'keda.sh',
    version: 'v1alpha1',
    namespace: 'notifications',
    plural: 'scaledobjects',
    name: 'email-worker',
  };
  await page.goto(
    `${APP_URL}/catalog/default/component/email-worker/autoscaling`,
  );
  await page.getByTestId('diagnosis').first().waitFor();
  // Watch the ScaledObject for the moment KEDA's operator writes Paused=True.
  let kedaWroteAt: number | undefined;
  const watch = await new Watch(demoAdmin()).watch(
    `/apis/keda.sh/v1alpha1/namespaces/notifications/scaledobjects`,
    { fieldSelector: 'metadata.name=email-worker' },
    (_type, object: any) => {
      if (!kedaWroteAt && condition(object, 'Paused')?.status === 'True') {
        kedaWroteAt = Date.now();
      }
    },
    () => {},
  );
  const annotate = (value: string | null) =>
    api.patchNamespacedCustomObject(
      {
        ...so,
        body: {
          metadata: { annotations: { 'autoscaling.keda.sh/paused': value } },
        },
      },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
  try {
    // An operator pauses email-worker; KEDA deletes its HPA and says Paused.
    await annotate('true');
    await waitUntil('KEDA writes Paused=True', async () => kedaWroteAt, 60_000);
    await page.getByTestId('health-paused').first().waitFor({ timeout: 3000 });
    const seenAfter = Date.now() - kedaWroteAt!;
    assert.ok(seenAfter < 3000, `seen ${seenAfter} ms after KEDA wrote it`);
  } finally {
    watch.abort();
    await annotate(null);
  }
  await waitUntil(
    'KEDA writes Paused=False again',
    async () =>
      condition(await scaledObject('notifications', 'email-worker'), 'Paused')
        ?.status === 'False',
    60_000,
  );
});

test('the fleet page filters to the failing workload: orders-consumer while the demo has Kafka stopped', async () => {
  // The load generator stops Kafka (e2e/demo-plan.json: 3 to 8 minutes after
  // the start); KEDA cannot build the kafka scaler then, and the trigger fails.
  await waitUntil(
    'orders-consumer is failing',
    async () =>
      (await scalingWorkload('orders-consumer'))?.status.health === 'failing',
    8 * 60_000,
  );
  await page.setViewportSize({ width: 1280, height: 800 });
  // The tab says why, with KEDA's own event.
  await page.goto(
    `${APP_URL}/catalog/default/component/orders-consumer/autoscaling`,
  );
  await page.getByTestId('health-failing').first().waitFor();
  await page.getByText('KEDAScalerFailed').first().waitFor();
  await page.screenshot({
    path: path.join(shots, 'kafka-outage-tab.png'),
    fullPage: true,
  });
  await page.goto(`${APP_URL}/keda`);
  await page.getByText(/Scaled workloads \(\d+\)/).waitFor();
  await page
    .getByTestId('health-counts')
    .getByText(/^Failing: /)
    .click();
  await page.getByText('Scaled workloads (1)').waitFor();
  await page.getByRole('link', { name: 'shop/orders-consumer' }).waitFor();
  await page.screenshot({ path: path.join(shots, 'fleet-page.png') });
  await page.setViewportSize({ width: 1400, height: 900 });
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

test('components without Kubernetes annotations get a tab that explains the setup', async () => {
  await page.goto(`${APP_URL}/catalog/default/component/shop-web`);
  await tab('Overview').waitFor();
  await tab('Autoscaling').click();
  await page
    .getByText('Autoscaling is not set up for this component')
    .waitFor();
});

test("Backstage's Kubernetes tab shows orders-api's objects without an error", async () => {
  // What the tab asks the Kubernetes backend, with the demo's read account.
  const token = await guestToken();
  const res = await fetch(`${BACKEND_URL}/api/kubernetes/services/orders-api`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({
      entity: {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'orders-api', namespace: 'default' },
      },
    }),
  });
  assert.equal(res.status, 200);
  const body = await res.json();
  assert.equal(body.items.length, 1);
  assert.deepEqual(body.items[0].errors, []);
  const deployments = body.items[0].resources.find(
    (r: any) => r.type === 'deployments',
  );
  assert.deepEqual(
    deployments.resources.map((d: any) => d.metadata.name),
    ['orders-api'],
  );

  await page.goto(`${APP_URL}/catalog/default/component/orders-api`);
  await tab('Kubernetes').click();
  await page.getByText('Your Clusters').waitFor();
  await page.getByText('demo', { exact: true }).first().waitFor();
  await page.screenshot({ path: path.join(shots, 'kubernetes-tab.png') });
  assert.equal(
    await page
      .getByText('There was a problem retrieving Kubernetes objects')
      .count(),
    0,
  );
});

test("the demo's guardrails pass the example workloads and refuse 500 replicas", async () => {
  const token = await guestToken();
  const headers = {
    authorization: `Bearer ${token}`,
    'content-type': 'application/json',
  };
  const entity = (name: string) =>
    `${BACKEND_URL}/api/keda/entities/default/component/${name}`;
  const preview = async (name: string, intent: unknown) => {
    const res = await fetch(`${entity(name)}/changes/preview`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ intent }),
    });
    const body = await res.json();
    assert.equal(res.status, 200, JSON.stringify(body));
    return body;
  };
  const current = async (name: string, kind = 'ScaledObject') => {
    const res = await fetch(
      `${entity(name)}/changes/current?name=${name}&kind=${kind}`,
      { headers },
    );
    const body = await res.json();
    assert.equal(res.status, 200, JSON.stringify(body));
    return body.intent;
  };

  const guardrails = await (
    await fetch(`${entity('orders-api')}/changes/guardrails`, { headers })
  ).json();
  assert.equal(guardrails.maxReplicaCount, 50);
  assert.equal(guardrails.minPollingInterval, 10);
  assert.ok(guardrails.allowedTriggerTypes.includes('prometheus'));

  // The examples as Git holds them where the portal can read them back, else
  // as the demo cluster runs them (examples/cluster): email-worker's
  // ScaledObject is only in the cluster, orders-consumer's is Helm values.
  const clusterObjects = fs
    .readdirSync(path.join(ROOT, 'examples', 'cluster'))
    .flatMap(f =>
      loadAllYaml(
        fs.readFileSync(path.join(ROOT, 'examples', 'cluster', f), 'utf8'),
      ),
    ) as any[];
  const fromCluster = (name: string) => {
    const so = clusterObjects.find(
      o => o.kind === 'ScaledObject' && o.metadata.name === name,
    );
    const { scaleTargetRef, ...spec } = so.spec;
    return {
      name,
      namespace: so.metadata.namespace,
      scaleTarget: { name: scaleTargetRef.name },
      ...spec,
    };
  };
  const examples: Array<[string, unknown]> = [
    ['orders-api', await current('orders-api')],
    ['orders-consumer', fromCluster('orders-consumer')],
    ['email-worker', fromCluster('email-worker')],
    ['nightly-report', await current('nightly-report', 'ScaledJob')],
  ];
  // Guardrail problems only: email-worker's host comes from a
  // TriggerAuthentication the intent does not carry.
  const guardrailProblems = (plan: any) =>
    plan.problems.filter((p: any) => /^Guardrail /.test(p.message));
  for (const [name, intent] of examples) {
    const plan = await preview(name, intent);
    assert.deepEqual(guardrailProblems(plan), [], name);
  }

  const tooMany = await preview('orders-api', {
    ...(examples[0][1] as object),
    maxReplicaCount: 500,
  });
  assert.equal(tooMany.valid, false);
  const refused = guardrailProblems(tooMany);
  assert.equal(refused.length, 1, JSON.stringify(tooMany.problems));
  assert.match(
    refused[0].message,
    /^Guardrail keda\.guardrails\.maxReplicaCount: .*\b50\b/,
  );
});

test('the backend logged no error', () => {
  const errors = portal
    .log()
    .split('\n')
    .filter(line => /\berror\b/i.test(line));
  assert.deepEqual(errors, []);
});

/**
 * Entity page tabs are links in the page header's navigation (the list that
 * holds "Overview"); the sidebar has an "Autoscaling" link too.
 */
function tab(name: string) {
  return page
    .getByRole('list')
    .filter({ has: page.getByRole('link', { name: 'Overview', exact: true }) })
    .getByRole('link', { name, exact: true });
}

test('proposing a change pushes a branch to the demo GitOps repository with only the intended lines', async () => {
  const token = await guestToken();
  // The ScaledObject examples/gitops holds for orders-api (as the portal
  // reads it back from the demo GitOps repository), with a new maximum.
  const current = await (
    await fetch(
      `${BACKEND_URL}/api/keda/entities/default/component/orders-api/changes/current?name=orders-api&kind=ScaledObject`,
      { headers: { authorization: `Bearer ${token}` } },
    )
  ).json();
  assert.equal(current.intent.maxReplicaCount, 12, JSON.stringify(current));
  assert.match(
    current.intent.triggers[0].metadata.serverAddress,
    /^http:\/\/127\.0\.0\.1:\d+$/,
  );
  const intent = { ...current.intent, maxReplicaCount: 20 };
  const url = `${BACKEND_URL}/api/keda/entities/default/component/orders-api/changes`;
  const post = (body: unknown) =>
    fetch(url, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify(body),
    });
  const res = await post({ intent });
  const body = await res.json();
  assert.equal(res.status, 201, JSON.stringify(body));
  assert.equal(body.status, 'created');
  const branch = 'keda/default/component/orders-api/default';
  assert.equal(body.plan.branch, branch);
  // A plain remote has no pull requests: the link is the portal's proposal page.
  assert.equal(
    body.pullRequest.url,
    `${APP_URL}/keda/changes?${new URLSearchParams({
      repo: 'https://github.com/keda-portal-demo/shop-gitops',
      branch,
    })}`,
  );

  const log = execFileSync(
    'git',
    [
      '--git-dir',
      DEMO_GITOPS_REPO,
      'log',
      '-p',
      '--format=%s',
      `main..${branch}`,
    ],
    { encoding: 'utf8' },
  );
  const changed = log.split('\n').filter(l => /^[+-](?![+-])/.test(l));
  assert.deepEqual(changed, [
    '-  maxReplicaCount: 12   # the database allows about 12 connections pools',
    '+  maxReplicaCount: 20   # the database allows about 12 connections pools',
  ]);
  assert.match(log, /^Update KEDA autoscaling for orders-api/m);

  // The same request again changes nothing.
  const again = await post({ intent });
  assert.equal(again.status, 200);
  assert.equal((await again.json()).status, 'unchanged');
});

test('the propose-change dialog pauses a workload and the pull request carries the annotation', async () => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(
    `${APP_URL}/catalog/default/component/orders-api/autoscaling`,
  );
  await page.getByRole('button', { name: 'Propose change' }).first().click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  await dialog.getByLabel('Maximum replicas').waitFor();
  await dialog.getByLabel('Paused at the current replicas').check();
  // The form's top: replica bounds in one row, the pause choices under them.
  await page.screenshot({ path: path.join(shots, 'propose-dialog-form.png') });
  await dialog.getByRole('button', { name: 'Preview' }).click();
  const diff = dialog.getByTestId('diff');
  await diff.waitFor();
  const text = await diff.innerText();
  assert.match(text, /\+\s+autoscaling\.keda\.sh\/paused: ["']true["']/);
  await diff.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(shots, 'propose-dialog.png') });

  await dialog
    .getByRole('button', { name: /(Open|Update) pull request/ })
    .click();
  const result = dialog.getByTestId('proposal-result');
  await result.waitFor();
  assert.match(await result.innerText(), /Updated pull request/);
  const branch = 'keda/default/component/orders-api/default';
  const so = execFileSync(
    'git',
    [
      '--git-dir',
      DEMO_GITOPS_REPO,
      'show',
      `${branch}:apps/orders-api/overlays/production/scaledobject.yaml`,
    ],
    { encoding: 'utf8' },
  );
  assert.match(so, /autoscaling\.keda\.sh\/paused: ["']true["']/);
  // The earlier proposal's change is still there: built on, not replaced.
  assert.match(so, /maxReplicaCount: 20/);
  await page.setViewportSize({ width: 1400, height: 900 });
});

test("the pull-request link leads to a page with the branch's diff", async () => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(
    `${APP_URL}/catalog/default/component/orders-api/autoscaling`,
  );
  // The tab lists the open proposal with its link.
  const link = page.locator('a[href*="/keda/changes?"]').first();
  await link.waitFor();
  const href = await link.getAttribute('href');
  assert.ok(href, 'the proposal has a link');
  await page.goto(new URL(href, APP_URL).toString());
  const proposal = page.getByTestId('proposal');
  await proposal.waitFor();
  const diff = await proposal.getByTestId('diff').innerText();
  assert.match(diff, /\+\s+maxReplicaCount: 20/);
  assert.match(diff, /autoscaling\.keda\.sh\/paused/);
  await proposal
    .getByRole('link', { name: /orders-api/ })
    .first()
    .waitFor();
  await page.screenshot({ path: path.join(shots, 'proposal-page.png') });
  await page.setViewportSize({ width: 1400, height: 900 });
});

test("what the real KEDA does in the demo's first minutes: nightly-report's Jobs, and orders-api's fallback while Prometheus is stopped", async () => {
  await page.setViewportSize({ width: 1280, height: 800 });
  // The cron window opens every 5 minutes for 2: KEDA creates Jobs.
  await waitUntil(
    'nightly-report has created Jobs',
    async () =>
      (
        await scalingWorkload('nightly-report')
      )?.status.events.some((e: any) => e.reason === 'KEDAJobsCreated'),
    6 * 60_000,
  );
  await page.goto(
    `${APP_URL}/catalog/default/component/nightly-report/autoscaling`,
  );
  await page.getByText('KEDAJobsCreated').first().waitFor();
  await page.screenshot({
    path: path.join(shots, 'nightly-report-jobs.png'),
    fullPage: true,
  });

  // The load generator stops Prometheus (e2e/demo-plan.json: 8.5 minutes
  // after the start, for 2); once the
  // failed queries pass failureThreshold 3, KEDA feeds the HPA 6 replicas.
  const fallback = await waitUntil(
    'orders-api runs its fallback replicas',
    async () => {
      const w = await scalingWorkload('orders-api');
      return w?.status.replicas.fallback === 6 &&
        w.status.replicas.desired === 6
        ? w
        : undefined;
    },
    10 * 60_000,
  );
  assert.equal(fallback.status.health, 'degraded');
  assert.ok(
    fallback.status.reasons.some((r: any) => r.code === 'fallback-active'),
  );
  await page.goto(
    `${APP_URL}/catalog/default/component/orders-api/autoscaling`,
  );
  // The chip and KEDA's own condition, as KEDA wrote it.
  await page.getByTestId('health-degraded').first().waitFor();
  await page
    .getByRole('table', { name: 'Conditions' })
    .first()
    .getByText('FallbackExists')
    .waitFor();
  await page.screenshot({
    path: path.join(shots, 'fallback-tab.png'),
    fullPage: true,
  });
  await page.setViewportSize({ width: 1400, height: 900 });
});
