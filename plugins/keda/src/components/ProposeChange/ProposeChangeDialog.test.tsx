import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type {
  EntityScalingResponse,
  ScalingIntent,
  WorkloadView,
} from '@keda-portal/plugin-keda-common';
import {
  fireEvent,
  getDefaultNormalizer,
  screen,
  waitFor,
  within,
} from '@testing-library/react';
import type {
  ChangePreview,
  ChangeProposal,
  ChangePullRequest,
  CurrentIntentResponse,
  KedaApi,
} from '../../api';
import { kedaApiRef } from '../../api';
import { EntityKedaContent } from '../EntityKedaContent';
import {
  describeError,
  fieldLabel,
  intentFromWorkload,
  problemLine,
} from './intent';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'orders-consumer',
    namespace: 'default',
    annotations: {
      'backstage.io/kubernetes-id': 'orders-consumer',
      'backstage.io/kubernetes-namespace': 'shop',
    },
  },
  spec: { type: 'service', owner: 'team-orders', lifecycle: 'production' },
};

const workload: WorkloadView = {
  kind: 'ScaledObject',
  namespace: 'shop',
  name: 'orders-consumer',
  scaleTarget: { kind: 'Deployment', name: 'orders-consumer' },
  triggers: [
    {
      type: 'kafka',
      metadata: {
        bootstrapServers: 'kafka.shop:9092',
        consumerGroup: 'orders',
        topic: 'orders',
        lagThreshold: '50',
        password: '<redacted>',
      },
      authenticationRef: { name: 'kafka-auth' },
    },
  ],
  status: {
    kind: 'ScaledObject',
    health: 'ok',
    reasons: [],
    conditions: [],
    triggers: [
      {
        index: 0,
        type: 'kafka',
        label: 'kafka (orders)',
        metricNames: ['s0-kafka-orders'],
      },
    ],
    replicas: { min: 1, max: 30, current: 5, desired: 5 },
    events: [],
    diagnosis: 'Scaling normally',
  },
} as unknown as WorkloadView;

const fromGit: ScalingIntent = {
  name: 'orders-consumer',
  namespace: 'shop',
  kubernetesId: 'orders-consumer',
  scaleTarget: { name: 'orders-consumer' },
  minReplicaCount: 1,
  maxReplicaCount: 30,
  pollingInterval: 15,
  triggers: [
    {
      type: 'kafka',
      metadata: {
        bootstrapServers: 'kafka.shop:9092',
        consumerGroup: 'orders',
        topic: 'orders',
        lagThreshold: '50',
      },
      authentication: { name: 'kafka-auth' },
    },
  ],
};

const openPr: ChangePullRequest = {
  number: 42,
  url: 'https://github.example/platform/shop-gitops/pull/42',
  state: 'open',
  branch: 'keda/default/component/orders-consumer/production',
  title: 'Update KEDA autoscaling for orders-consumer (production)',
};

function preview(intent: ScalingIntent, extra: Partial<ChangePreview> = {}) {
  const problems =
    (intent.minReplicaCount ?? 0) > (intent.maxReplicaCount ?? 100)
      ? [
          {
            path: 'spec.minReplicaCount',
            message: `spec.minReplicaCount: minReplicaCount (${intent.minReplicaCount}) must not be above maxReplicaCount (${intent.maxReplicaCount})`,
            fix: 'Lower minReplicaCount or raise maxReplicaCount.',
            manifest: 'ScaledObject/orders-consumer',
          },
        ]
      : [];
  return {
    entityRef: 'component:default/orders-consumer',
    repository: 'https://github.example/platform/shop-gitops',
    path: 'apps/orders-consumer',
    layout: 'plain',
    environment: 'production',
    branch: openPr.branch,
    baseBranch: 'main',
    edits: problems.length
      ? []
      : [
          {
            path: 'apps/orders-consumer/scaledobject.yaml',
            reason: 'Updates ScaledObject orders-consumer in place.',
            created: false,
          },
        ],
    diff: problems.length
      ? ''
      : [
          '--- a/apps/orders-consumer/scaledobject.yaml',
          '+++ b/apps/orders-consumer/scaledobject.yaml',
          '@@ -9,3 +9,3 @@',
          '   minReplicaCount: 1',
          '-  maxReplicaCount: 30',
          `+  maxReplicaCount: ${intent.maxReplicaCount}`,
          '   triggers:',
          '',
        ].join('\n'),
    notes: ['spec.replicas was removed from Deployment orders-consumer.'],
    problems,
    secretKeys: [
      {
        namespace: 'shop',
        secret: 'kafka-credentials',
        key: 'password',
        parameter: 'password',
      },
    ],
    title: openPr.title,
    body: '',
    valid: problems.length === 0,
    ...extra,
  } as ChangePreview;
}

function httpError(statusCode: number, message: string) {
  return Object.assign(new Error(`Request failed with ${statusCode}`), {
    name: 'ResponseError',
    statusCode,
    cause: { message },
  });
}

interface Fake {
  api: Partial<KedaApi>;
  previews: ScalingIntent[];
  proposals: ScalingIntent[];
  listCalls: number;
}

function fakeApi(
  options: {
    current?: CurrentIntentResponse | Error;
    pullRequests?: ChangePullRequest[] | Error;
    propose?: (intent: ScalingIntent) => ChangeProposal | Error;
  } = {},
): Fake {
  const fake: Fake = { api: {}, previews: [], proposals: [], listCalls: 0 };
  const scaling: EntityScalingResponse = {
    entityRef: 'component:default/orders-consumer',
    generatedAt: new Date().toISOString(),
    clusters: [
      {
        cluster: 'demo',
        state: 'synced',
        since: '2026-11-28T10:00:00Z',
        workloads: [workload],
      },
    ],
  };
  const current =
    options.current ??
    ({
      intent: fromGit,
      unsupported: [],
      source: {
        path: 'apps/orders-consumer/scaledobject.yaml',
        commit: 'abc123',
        branch: 'main',
        proposalBranch: false,
      },
    } as CurrentIntentResponse);
  fake.api = {
    getScaling: async () => scaling,
    getHistory: async () => ({
      entityRef: scaling.entityRef,
      since: '2026-11-28T09:00:00Z',
      series: [],
    }),
    listChanges: async () => {
      fake.listCalls++;
      if (options.pullRequests instanceof Error) throw options.pullRequests;
      return { pullRequests: options.pullRequests ?? [] };
    },
    getGuardrails: async () => ({
      maxReplicaCount: 50,
      fallbackRequiredFor: 'none',
      scaleToZeroAllowed: true,
      deniedTriggerTypes: ['external'],
    }),
    getCurrentIntent: async () => {
      if (current instanceof Error) throw current;
      return current;
    },
    previewChange: async (_ref, intent) => {
      fake.previews.push(intent);
      return preview(intent);
    },
    proposeChange: async (_ref, intent) => {
      fake.proposals.push(intent);
      const result = options.propose?.(intent) ?? {
        status: 'created' as const,
        pullRequest: openPr,
        commit: '0123456789abcdef',
        plan: preview(intent),
      };
      if (result instanceof Error) throw result;
      return result;
    },
  };
  return fake;
}

async function renderTab(fake: Fake) {
  return renderInTestApp(
    <TestApiProvider apis={[[kedaApiRef, fake.api]]}>
      <EntityProvider entity={entity}>
        <EntityKedaContent />
      </EntityProvider>
    </TestApiProvider>,
  );
}

async function openDialog() {
  fireEvent.click(
    await screen.findByRole('button', { name: /Propose change/ }),
  );
  const dialog = await screen.findByRole('dialog');
  await within(dialog).findByLabelText('Maximum replicas');
  return dialog;
}

const field = (dialog: HTMLElement, label: string) =>
  within(dialog).getByLabelText(label) as HTMLInputElement;

describe('ProposeChangeDialog', () => {
  it('opens from the workload panel with the settings Git holds and the guardrails', async () => {
    const fake = fakeApi();
    await renderTab(fake);
    const dialog = await openDialog();
    expect(
      within(dialog).getByText(
        'Propose a change to ScaledObject orders-consumer',
      ),
    ).toBeInTheDocument();
    expect(field(dialog, 'Minimum replicas').value).toBe('1');
    expect(field(dialog, 'Maximum replicas').value).toBe('30');
    expect(
      within(dialog).getByText(
        /Starting from apps\/orders-consumer\/scaledobject.yaml on main/,
      ),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByText('Max 50 allowed here.'),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByText('Trigger types not allowed here: external.'),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByRole('button', { name: 'Open pull request' }),
    ).toBeEnabled();
  });

  it('previews a new maximum as a coloured diff with notes and Secret keys', async () => {
    const fake = fakeApi();
    await renderTab(fake);
    const dialog = await openDialog();
    fireEvent.change(field(dialog, 'Maximum replicas'), {
      target: { value: '20' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Preview' }));

    const diff = await within(dialog).findByTestId('diff');
    expect(fake.previews).toHaveLength(1);
    expect(fake.previews[0]).toEqual({ ...fromGit, maxReplicaCount: 20 });
    const exact = {
      normalizer: getDefaultNormalizer({
        trim: false,
        collapseWhitespace: false,
      }),
    };
    expect(
      within(diff).getByText('+  maxReplicaCount: 20', exact),
    ).toHaveAttribute('data-change', 'added');
    expect(
      within(diff).getByText('-  maxReplicaCount: 30', exact),
    ).toHaveAttribute('data-change', 'removed');
    expect(
      within(diff).getByText('   minReplicaCount: 1', exact),
    ).not.toHaveAttribute('data-change');
    expect(
      within(dialog).getByText(
        'spec.replicas was removed from Deployment orders-consumer.',
      ),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByText('shop/kafka-credentials'),
    ).toBeInTheDocument();

    // Editing again makes the preview stale.
    fireEvent.change(field(dialog, 'Maximum replicas'), {
      target: { value: '25' },
    });
    expect(within(dialog).queryByTestId('diff')).not.toBeInTheDocument();
  });

  it('shows a minimum above the maximum under the field, before and after a preview', async () => {
    const fake = fakeApi();
    await renderTab(fake);
    const dialog = await openDialog();
    fireEvent.change(field(dialog, 'Minimum replicas'), {
      target: { value: '40' },
    });
    const min = field(dialog, 'Minimum replicas');
    await waitFor(() => expect(min).toHaveAttribute('aria-invalid', 'true'));
    const helperId = min.getAttribute('aria-describedby')!;
    expect(document.getElementById(helperId)).toHaveTextContent(
      /minReplicaCount \(40\) must not be above maxReplicaCount \(30\)/,
    );
    expect(
      within(dialog).getByRole('button', { name: 'Open pull request' }),
    ).toBeDisabled();

    fireEvent.click(within(dialog).getByRole('button', { name: 'Preview' }));
    expect(
      await within(dialog).findByText(/This change cannot be proposed yet/),
    ).toBeInTheDocument();
    expect(
      within(within(dialog).getByTestId('preview')).getByText(
        'Minimum replicas',
      ),
    ).toBeInTheDocument();
    expect(document.getElementById(helperId)).toHaveTextContent(
      /Lower minReplicaCount or raise maxReplicaCount/,
    );
  });

  it('opens the pull request, links it, and lists it on the tab', async () => {
    const fake = fakeApi();
    let listed: ChangePullRequest[] = [];
    fake.api.listChanges = async () => {
      fake.listCalls++;
      return { pullRequests: listed };
    };
    fake.api.proposeChange = async (_ref, intent) => {
      fake.proposals.push(intent);
      listed = [openPr];
      return {
        status: 'created',
        pullRequest: openPr,
        commit: '0123456789abcdef',
        plan: preview(intent),
      };
    };
    await renderTab(fake);
    expect(screen.queryByText('Proposed scaling changes')).toBeNull();
    const dialog = await openDialog();
    fireEvent.change(field(dialog, 'Maximum replicas'), {
      target: { value: '20' },
    });
    fireEvent.click(
      within(dialog).getByRole('button', { name: 'Open pull request' }),
    );
    const result = await within(dialog).findByTestId('proposal-result');
    expect(result).toHaveTextContent('Opened pull request #42.');
    expect(
      within(result).getByRole('link', { name: /^Update KEDA autoscaling/ }),
    ).toHaveAttribute('href', openPr.url);
    expect(fake.proposals[0].maxReplicaCount).toBe(20);
    expect(
      within(dialog).getByRole('button', { name: 'Update pull request' }),
    ).toBeInTheDocument();
    // The tab refetched its list of proposals.
    expect(
      await screen.findByText('Proposed scaling changes'),
    ).toBeInTheDocument();
  });

  it('pauses, pauses at a replica count, and resumes through KEDA pause settings', async () => {
    const fake = fakeApi();
    await renderTab(fake);
    const dialog = await openDialog();
    fireEvent.click(
      within(dialog).getByLabelText('Paused at the current replicas'),
    );
    fireEvent.click(
      within(dialog).getByRole('button', { name: 'Open pull request' }),
    );
    await within(dialog).findByTestId('proposal-result');
    expect(fake.proposals[0].pause).toEqual({ paused: true });

    fireEvent.change(within(dialog).getByLabelText('Replicas while paused'), {
      target: { value: '2' },
    });
    fireEvent.click(within(dialog).getByLabelText('Paused at'));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Preview' }));
    await waitFor(() => expect(fake.previews).toHaveLength(1));
    expect(fake.previews[0].pause).toEqual({ replicas: 2 });

    fireEvent.click(within(dialog).getByLabelText('Running'));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Preview' }));
    await waitFor(() => expect(fake.previews).toHaveLength(2));
    expect(fake.previews[1]).not.toHaveProperty('pause');
  });

  it('says so when the pull request already has the change', async () => {
    const fake = fakeApi({
      pullRequests: [openPr],
      propose: intent => ({
        status: 'unchanged',
        pullRequest: openPr,
        plan: preview(intent, { edits: [], diff: '', openPullRequest: openPr }),
      }),
    });
    await renderTab(fake);
    const dialog = await openDialog();
    fireEvent.click(
      within(dialog).getByRole('button', { name: 'Update pull request' }),
    );
    expect(
      await within(dialog).findByText(
        'Nothing to change: the pull request already has this.',
      ),
    ).toBeInTheDocument();
  });

  it.each([
    [
      403,
      'You may not propose changes to this component: only its owners can.',
    ],
    [409, /Someone else changed the same lines on the proposal branch/],
    [
      429,
      'Too many change requests in a short time: wait a minute and try again.',
    ],
  ])('explains a %s answer in plain words', async (status, text) => {
    const fake = fakeApi({
      propose: () => httpError(status, `backend says ${status}`),
    });
    await renderTab(fake);
    const dialog = await openDialog();
    fireEvent.click(
      within(dialog).getByRole('button', { name: 'Open pull request' }),
    );
    const error = await within(dialog).findByTestId('change-error');
    expect(within(error).getByText(text)).toBeInTheDocument();
    expect(
      within(error).getByText(`backend says ${status}`),
    ).toBeInTheDocument();
  });

  it('starts from the live object when Git has no copy, leaving out redacted values', async () => {
    const fake = fakeApi({ current: httpError(404, 'No ScaledObject') });
    await renderTab(fake);
    const dialog = await openDialog();
    expect(
      within(dialog).getByText(/starts from the live object/),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByText(/triggers\[0\]\.metadata\.password/),
    ).toBeInTheDocument();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Preview' }));
    await waitFor(() => expect(fake.previews).toHaveLength(1));
    expect(fake.previews[0]).toEqual({
      name: 'orders-consumer',
      namespace: 'shop',
      kubernetesId: 'orders-consumer',
      scaleTarget: { name: 'orders-consumer' },
      minReplicaCount: 1,
      maxReplicaCount: 30,
      triggers: [
        {
          type: 'kafka',
          metadata: {
            bootstrapServers: 'kafka.shop:9092',
            consumerGroup: 'orders',
            topic: 'orders',
            lagThreshold: '50',
          },
          authentication: { name: 'kafka-auth' },
        },
      ],
    });
  });
});

describe('a ScaledJob without a copy in Git', () => {
  it('cannot be proposed from the live view, which lacks its job template', async () => {
    const fake = fakeApi({ current: httpError(404, 'No ScaledJob') });
    const job = {
      ...workload,
      kind: 'ScaledJob',
      name: 'nightly-report',
      scaleTarget: undefined,
      status: { ...workload.status, kind: 'ScaledJob' },
    } as unknown as WorkloadView;
    const getScaling = fake.api.getScaling!;
    fake.api.getScaling = async ref => {
      const response = await getScaling(ref);
      response.clusters[0].workloads = [job];
      return response;
    };
    await renderTab(fake);
    fireEvent.click(
      await screen.findByRole('button', { name: /Propose change/ }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(
      await within(dialog).findByText(/job template of this ScaledJob/),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByLabelText('Maximum jobs at once'),
    ).toBeInTheDocument();
    expect(within(dialog).queryByLabelText('Idle replicas')).toBeNull();
    expect(
      within(dialog).getByRole('button', { name: 'Preview' }),
    ).toBeDisabled();
    expect(
      within(dialog).getByRole('button', { name: 'Open pull request' }),
    ).toBeDisabled();
  });
});

describe('open proposals on the tab', () => {
  it('lists open pull requests with their state above the workloads', async () => {
    await renderTab(fakeApi({ pullRequests: [openPr] }));
    const table = await screen.findByRole('table', {
      name: 'Proposed scaling changes',
    });
    expect(
      within(table).getByRole('link', { name: /^#42 Update KEDA autoscaling/ }),
    ).toHaveAttribute('href', openPr.url);
    expect(within(table).getByText('open')).toBeInTheDocument();
    expect(within(table).getByText(openPr.branch)).toBeInTheDocument();
  });

  it('has no proposals table and no button when the backend has no change endpoints', async () => {
    await renderTab(fakeApi({ pullRequests: httpError(404, 'Not found') }));
    expect(await screen.findByText('Scaling normally')).toBeInTheDocument();
    await waitFor(() =>
      expect(
        screen.queryByRole('button', { name: /Propose change/ }),
      ).toBeNull(),
    );
    expect(screen.queryByText('Proposed scaling changes')).toBeNull();
  });
});

describe('intent helpers', () => {
  it('builds a paused ScaledObject intent from the live view', () => {
    const paused = {
      ...workload,
      scaleTarget: { kind: 'StatefulSet', name: 'db' },
      status: {
        ...workload.status,
        health: 'paused',
        replicas: { ...workload.status.replicas, paused: 0, idle: 0 },
      },
    } as WorkloadView;
    const { intent } = intentFromWorkload(paused, 'orders-consumer');
    expect(intent.pause).toEqual({ replicas: 0 });
    expect(intent.idleReplicaCount).toBe(0);
    expect(intent.scaleTarget).toEqual({ kind: 'StatefulSet', name: 'db' });
  });

  it('describes other failures with the backend message', () => {
    expect(describeError(new Error('boom'))).toEqual({
      title: 'The request failed.',
      detail: 'boom',
    });
    expect(describeError(httpError(400, 'bad intent')).title).toBe(
      'The change was refused.',
    );
  });

  it('asks before Escape drops unsaved edits, and closes without asking when nothing changed', async () => {
    const fake = fakeApi();
    await renderTab(fake);
    let dialog = await openDialog();
    // Nothing edited: Escape closes at once.
    fireEvent.keyDown(dialog, { key: 'Escape', code: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());

    dialog = await openDialog();
    fireEvent.change(field(dialog, 'Maximum replicas'), {
      target: { value: '20' },
    });
    fireEvent.keyDown(dialog, { key: 'Escape', code: 'Escape' });
    const confirm = await screen.findByRole('dialog', {
      name: 'Discard your edits?',
    });
    fireEvent.click(
      within(confirm).getByRole('button', { name: 'Keep editing' }),
    );
    await waitFor(() =>
      expect(
        screen.queryByRole('dialog', { name: 'Discard your edits?' }),
      ).toBeNull(),
    );
    // The edit is still there.
    expect(field(dialog, 'Maximum replicas').value).toBe('20');

    fireEvent.click(within(dialog).getByRole('button', { name: 'Close' }));
    fireEvent.click(
      within(
        await screen.findByRole('dialog', { name: 'Discard your edits?' }),
      ).getByRole('button', { name: 'Discard and close' }),
    );
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('refuses a maximum above the guardrail at once, naming the limit', async () => {
    const fake = fakeApi();
    await renderTab(fake);
    const dialog = await openDialog();
    fireEvent.change(field(dialog, 'Maximum replicas'), {
      target: { value: '500' },
    });
    expect(
      await within(dialog).findByText(
        "Maximum replicas 500 is above the platform team's limit of 50 here. Lower it to 50 or less, or ask the platform team to raise the limit.",
      ),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByRole('button', { name: 'Open pull request' }),
    ).toBeDisabled();
  });

  it('warns when Git and the cluster differ, showing both, and when the change replaces the running triggers', async () => {
    const fake = fakeApi({
      current: {
        intent: {
          ...fromGit,
          maxReplicaCount: 10,
          triggers: [
            {
              type: 'cron',
              metadata: {
                timezone: 'Europe/Amsterdam',
                start: '0 8 * * *',
                end: '0 18 * * *',
                desiredReplicas: '3',
              },
            },
          ],
        },
        unsupported: [],
        source: {
          path: 'apps/orders-consumer/scaledobject.yaml',
          commit: 'abc123',
          branch: 'main',
          proposalBranch: false,
        },
      } as CurrentIntentResponse,
    });
    await renderTab(fake);
    const dialog = await openDialog();
    const drift = within(dialog).getByTestId('drift');
    expect(drift).toHaveTextContent(
      'Git (apps/orders-consumer/scaledobject.yaml on main) and the cluster differ for ScaledObject shop/orders-consumer',
    );
    expect(drift).toHaveTextContent('Git: cron, 1–10 replicas');
    expect(drift).toHaveTextContent('Cluster: kafka, 1–30 replicas');
    expect(drift).toHaveTextContent('Maximum replicas: Git 10, cluster 30');
    expect(drift).toHaveTextContent('Triggers: Git cron, cluster kafka');
    expect(drift).toHaveTextContent(
      'Merging replaces the kafka trigger with cron.',
    );
  });

  it('names triggers as the form does, without repeating the path', () => {
    expect(
      fieldLabel({
        path: 'spec.triggers[1].metadata.query',
        message: 'spec.triggers[1].metadata.query: is required',
        fix: 'Add the query.',
      }),
    ).toBe('Trigger 2, query');
    expect(
      problemLine({
        path: 'spec.triggers[1].metadata.query',
        message: 'spec.triggers[1].metadata.query: is required',
        fix: 'Add the query.',
      }),
    ).toBe('is required. Add the query.');
  });
});
