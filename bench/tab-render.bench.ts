/**
 * Render time of the Autoscaling tab with 50 ScaledObjects of 4 triggers
 * each, measured in Debian's Chromium against the real portal: from the
 * moment the scaling data has arrived in the page to the moment all 50
 * workload panels are in the DOM. The scaling response is synthesised (the
 * demo cluster has 4 workloads), everything else is the real app.
 *
 * Two builds of the same app, side by side: the development server
 * (`backstage-cli repo start`, React's development build, what
 * `scripts/dev start` serves) and the production bundle
 * (`backstage-cli package build`, served by the backend's app plugin, what
 * users get).
 *
 *   scripts/dev yarn bench            both builds
 *   scripts/dev yarn bench --quick    development build only
 */
import fs from 'node:fs';
import path from 'node:path';
import { launchBrowser } from '../e2e/browser.ts';
import { execFileSync } from 'node:child_process';
import { APP_URL, BACKEND_URL, ROOT, startPortal } from '../e2e/portal.ts';

const WORKLOADS = 50;
const TRIGGERS = 4;
const RUNS = 7;
const BUDGET_MS = 300;

function payload() {
  const types = ['kafka', 'prometheus', 'rabbitmq', 'cron'];
  return {
    entityRef: 'component:default/orders-api',
    generatedAt: new Date().toISOString(),
    clusters: [
      {
        cluster: 'demo',
        state: 'synced',
        since: new Date().toISOString(),
        workloads: Array.from({ length: WORKLOADS }, (_, w) => ({
          kind: 'ScaledObject',
          namespace: 'shop',
          name: `worker-${w}`,
          scaleTarget: { kind: 'Deployment', name: `worker-${w}` },
          triggers: types.slice(0, TRIGGERS).map(type => ({
            type,
            metadata: { topic: `t${w}`, threshold: '50', lagThreshold: '50' },
          })),
          status: {
            kind: 'ScaledObject',
            health: w % 7 === 0 ? 'failing' : 'ok',
            reasons: [],
            conditions: ['Ready', 'Active', 'Fallback', 'Paused'].map(type => ({
              type,
              status: 'True',
              reason: `${type}Reason`,
              explanation: `${type} explanation`,
              reported: true,
            })),
            triggers: types.slice(0, TRIGGERS).map((type, index) => ({
              index,
              type,
              label: `${type} ${w}`,
              metricNames: [`s${index}-${type}`],
              current: { type: 'AverageValue', value: 10 + index },
              target: { type: 'AverageValue', value: 50 },
              active: true,
              failures: 0,
              healthStatus: 'Happy',
            })),
            replicas: { min: 1, max: 30, current: 3, desired: 3 },
            events: Array.from({ length: 5 }, (_, e) => ({
              reason: 'KEDAScaleTargetActivated',
              type: 'Normal',
              message: `event ${e}`,
              count: 1,
            })),
            diagnosis: `Scaling between 1 and 30: worker ${w}`,
          },
        })),
      },
    ],
  };
}

/** Median time from data to panels, over RUNS page loads at `baseUrl`. */
async function measure(
  browser: Awaited<ReturnType<typeof launchBrowser>>,
  baseUrl: string,
): Promise<number[]> {
  const results: number[] = [];
  const page = await browser.newPage({
    viewport: { width: 1280, height: 800 },
  });
  try {
    await page.goto(baseUrl);
    await page.getByRole('button', { name: 'Enter' }).click();
    await page.waitForTimeout(2000);
    const body = JSON.stringify(payload());
    await page.route('**/api/keda/entities/**/scaling', route =>
      route.fulfill({ status: 200, contentType: 'application/json', body }),
    );
    await page.route('**/api/keda/entities/**/history*', route =>
      route.fulfill({
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({
          entityRef: 'x',
          since: new Date().toISOString(),
          series: [],
        }),
      }),
    );
    // In the page: when the scaling response is read, and when all panels are there.
    await page.addInitScript(`(() => {
      const original = window.fetch;
      window.fetch = async (...args) => {
        const res = await original(...args);
        const url = String(args[0] && args[0].url ? args[0].url : args[0]);
        if (url.includes('/scaling')) {
          const json = res.json.bind(res);
          res.json = async () => { const v = await json(); window.__dataAt = performance.now(); return v; };
        }
        return res;
      };
      new MutationObserver(() => {
        if (!window.__renderedAt && window.__dataAt &&
            document.querySelectorAll('[data-testid=diagnosis]').length >= ${WORKLOADS}) {
          window.__renderedAt = performance.now();
        }
      }).observe(document, { childList: true, subtree: true });
    })()`);
    for (let i = 0; i < RUNS + 1; i++) {
      await page.goto(
        `${baseUrl}/catalog/default/component/orders-api/autoscaling`,
      );
      await page.waitForFunction('window.__renderedAt', undefined, {
        timeout: 60_000,
      });
      const ms = await page.evaluate('window.__renderedAt - window.__dataAt');
      if (i > 0) results.push(Number(ms)); // the first run warms the code-split chunks
    }
  } finally {
    await page.close();
  }
  return results.sort((a, b) => a - b);
}

function row(build: string, results: number[]) {
  const median = results[Math.floor(results.length / 2)];
  console.log(
    `tab render (${build}), ${WORKLOADS} ScaledObjects x ${TRIGGERS} triggers: median ${median.toFixed(
      0,
    )} ms (budget ${BUDGET_MS} ms)`,
  );
  return `| ${new Date()
    .toISOString()
    .slice(0, 10)} | ${build} | ${WORKLOADS} x ${TRIGGERS} | ${results
    .map(r => r.toFixed(0))
    .join(', ')} | ${median.toFixed(0)} ms | ${(median / BUDGET_MS).toFixed(
    2,
  )} |`;
}

async function main() {
  const quick = process.argv.includes('--quick');
  if (!quick) {
    // The production bundle, which the backend's app plugin serves on its own port.
    console.log('building the production bundle of packages/app ...');
    execFileSync(
      path.join(ROOT, 'node_modules', '.bin', 'backstage-cli'),
      ['package', 'build'],
      { cwd: path.join(ROOT, 'packages', 'app'), stdio: 'inherit' },
    );
  }
  const lines: string[] = [];
  const portal = await startPortal();
  const browser = await launchBrowser();
  try {
    lines.push(row('development', await measure(browser, APP_URL)));
    if (!quick) {
      lines.push(row('production', await measure(browser, BACKEND_URL)));
    }
  } finally {
    await browser.close();
    await portal.stop();
    if (!quick) {
      // A stale bundle would be served instead of the dev server's next time.
      fs.rmSync(path.join(ROOT, 'packages', 'app', 'dist'), {
        recursive: true,
        force: true,
      });
    }
  }
  fs.appendFileSync(
    path.join(ROOT, 'bench', 'RESULTS.md'),
    `${lines.join('\n')}\n`,
  );
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
