import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { KedaClient, kedaApiRef } from '../../api';
import { KedaProposalPage } from './KedaProposalPage';

const REPO = 'https://github.com/keda-portal-demo/shop-gitops';
const BRANCH = 'keda/default/component/orders-api/default';

async function renderPage(
  url: string,
  answer: (requested: string) => Response,
) {
  const requested: string[] = [];
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [
          kedaApiRef,
          // The real client, over a fetch that answers as the backend would.
          new KedaClient({
            discoveryApi: {
              getBaseUrl: async (id: string) => `http://backend/api/${id}`,
            },
            fetchApi: {
              fetch: (async (input: RequestInfo | URL) => {
                requested.push(String(input));
                return answer(String(input));
              }) as typeof fetch,
            },
          }),
        ],
      ]}
    >
      <KedaProposalPage />
    </TestApiProvider>,
    {
      routeEntries: [url],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
  return requested;
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });

describe('KedaProposalPage', () => {
  it("shows the branch's commits and diff, linking the entity", async () => {
    const requested = await renderPage(
      `/keda/changes?${new URLSearchParams({ repo: REPO, branch: BRANCH })}`,
      () =>
        json(200, {
          entityRef: 'component:default/orders-api',
          repoUrl: REPO,
          branch: BRANCH,
          baseBranch: 'main',
          branchCommit: 'b'.repeat(40),
          title: 'Update KEDA autoscaling for orders-api',
          commits: [
            {
              sha: 'b'.repeat(40),
              subject: 'Update KEDA autoscaling for orders-api',
              author: 'KEDA Portal',
              date: '2026-12-03T08:00:00Z',
            },
          ],
          diff: '--- a/so.yaml\n+++ b/so.yaml\n@@ -1 +1 @@\n-  maxReplicaCount: 12\n+  maxReplicaCount: 20\n',
        }),
    );
    expect(requested).toEqual([
      `http://backend/api/keda/changes/diff?${new URLSearchParams({
        repo: REPO,
        branch: BRANCH,
      })}`,
    ]);
    const diff = await screen.findByTestId('diff');
    expect(diff).toHaveTextContent(/\+\s+maxReplicaCount: 20/);
    expect(
      screen.getByRole('heading', {
        name: 'Update KEDA autoscaling for orders-api',
      }),
    ).toBeInTheDocument();
    expect(screen.getByText(/1 commit/)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /orders-api/ })).toHaveAttribute(
      'href',
      '/catalog/default/component/orders-api',
    );
  });

  it("shows the backend's message when the branch is gone", async () => {
    await renderPage(
      `/keda/changes?${new URLSearchParams({ repo: REPO, branch: BRANCH })}`,
      () =>
        json(404, {
          error: {
            name: 'NotFoundError',
            message: `The GitOps repository ${REPO} has no branch '${BRANCH}': it was merged and deleted, or never pushed`,
          },
        }),
    );
    expect(
      (await screen.findAllByText(/it was merged and deleted, or never pushed/))
        .length,
    ).toBeGreaterThan(0);
  });

  it('says what to give without repo and branch, asking nothing', async () => {
    const requested = await renderPage('/keda/changes', () => json(500, {}));
    expect(screen.getByText('Which proposal?')).toBeInTheDocument();
    expect(requested).toEqual([]);
  });
});
