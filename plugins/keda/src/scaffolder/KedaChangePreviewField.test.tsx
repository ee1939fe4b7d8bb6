import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { Stepper } from '@backstage/plugin-scaffolder-react/alpha';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type { ScalingIntent } from '@keda-portal/plugin-keda-common';
import { fireEvent, screen } from '@testing-library/react';
import { KedaClient, kedaApiRef } from '../api';
import {
  KedaChangePreviewField,
  kedaChangePreviewValidation,
} from './KedaChangePreviewField';

const CRON = {
  type: 'cron',
  metadata: {
    timezone: 'Europe/Amsterdam',
    start: '0 8 * * *',
    end: '0 18 * * *',
    desiredReplicas: '3',
  },
  authentication: {},
};

function entity(name: string, annotations: Record<string, string> = {}) {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
  };
}

describe('KedaChangePreviewField', () => {
  it('previews the intent the form describes: the diff and the rendered manifests', async () => {
    const previewChange = jest.fn(
      async (_ref: unknown, intent: ScalingIntent) => ({
        entityRef: 'component:default/email-worker',
        repository: 'https://git.example.invalid/shop-gitops',
        path: 'apps/email-worker',
        layout: 'plain',
        environment: 'default',
        branch: 'keda/default/component/email-worker/default',
        baseBranch: 'main',
        edits: [
          {
            path: 'apps/email-worker/scaledobject.yaml',
            reason: 'New ScaledObject',
            created: true,
          },
        ],
        diff: `+++ b/apps/email-worker/scaledobject.yaml\n+  maxReplicaCount: ${intent.maxReplicaCount}\n`,
        notes: ['Removed spec.replicas from Deployment email-worker.'],
        problems: [],
        secretKeys: [],
        title: 't',
        body: 'b',
        valid: true,
      }),
    );
    const catalogApi = {
      getEntityByRef: jest.fn(async () =>
        entity('email-worker', {
          'backstage.io/kubernetes-namespace': 'notifications',
        }),
      ),
    };
    const props = {
      schema: { title: 'The pull request' },
      formContext: {
        formData: {
          component: 'component:default/email-worker',
          minReplicaCount: 1,
          maxReplicaCount: 6,
          triggers: [CRON],
        },
      },
      onChange: jest.fn(),
    } as unknown as FieldExtensionComponentProps<string>;

    await renderInTestApp(
      <TestApiProvider
        apis={[
          [
            kedaApiRef,
            {
              previewChange,
              getCurrentIntent: jest.fn(async () => {
                throw new Error('404');
              }),
              getScaling: jest.fn(),
            } as any,
          ],
          [catalogApiRef, catalogApi as any],
        ]}
      >
        <KedaChangePreviewField {...props} />
      </TestApiProvider>,
    );

    expect(await screen.findByTestId('diff')).toHaveTextContent(
      'maxReplicaCount: 6',
    );
    expect(screen.getByText(/Removed spec.replicas/)).toBeInTheDocument();
    expect(screen.getByTestId('rendered-manifests')).toHaveTextContent(
      'namespace: notifications',
    );
    const [ref, intent] = previewChange.mock.calls[0];
    expect(ref).toEqual({
      kind: 'Component',
      namespace: 'default',
      name: 'email-worker',
    });
    // The form's empty authentication means none.
    expect(intent.triggers[0]).not.toHaveProperty('authentication');
    expect(intent).toMatchObject({
      name: 'email-worker',
      namespace: 'notifications',
      kubernetesId: 'email-worker',
      scaleTarget: { kind: 'Deployment', name: 'email-worker' },
      maxReplicaCount: 6,
    });
  });

  it("shows the backend's message and keeps the form from going on to Review while the preview fails", async () => {
    const backendMessage =
      'The entity has no GitOps repository: add the annotation keda-portal.io/gitops-repo (and keda-portal.io/gitops-path), or set keda.gitops.repo';
    // The real client, against the backend's error answer.
    const fetch = jest.fn(
      async () =>
        new Response(
          JSON.stringify({
            error: { name: 'InputError', message: backendMessage },
            request: { method: 'POST', url: '/x' },
            response: { statusCode: 400 },
          }),
          {
            status: 400,
            statusText: 'Bad Request',
            headers: { 'content-type': 'application/json' },
          },
        ),
    );
    const kedaApi = new KedaClient({
      discoveryApi: { getBaseUrl: async () => 'http://backend/api/keda' },
      fetchApi: { fetch } as any,
    });
    const catalogApi = {
      getEntityByRef: jest.fn(async () =>
        entity('shop-web', { 'backstage.io/kubernetes-namespace': 'shop' }),
      ),
    };
    const onCreate = jest.fn(async () => {});

    await renderInTestApp(
      <TestApiProvider
        apis={[
          [kedaApiRef, kedaApi],
          [catalogApiRef, catalogApi as any],
        ]}
      >
        <Stepper
          manifest={{
            title: 'Add event-driven autoscaling',
            steps: [
              {
                title: 'Review the change',
                schema: {
                  properties: {
                    changePreview: {
                      title: 'The pull request',
                      type: 'string',
                      'ui:field': 'KedaChangePreview',
                    },
                  },
                },
              },
            ],
          }}
          extensions={[
            {
              name: 'KedaChangePreview',
              component: KedaChangePreviewField,
              validation: kedaChangePreviewValidation as any,
            },
          ]}
          initialState={{
            component: 'component:default/shop-web',
            maxReplicaCount: 6,
            triggers: [CRON],
          }}
          onCreate={onCreate}
        />
      </TestApiProvider>,
    );

    // The step shows what the backend said, not "Request failed with 400".
    expect(
      await screen.findByText(new RegExp(backendMessage.slice(0, 60))),
    ).toBeInTheDocument();
    expect(screen.queryByText(/Request failed with 400/)).toBeNull();

    // Review is refused: the form stays on the step, the message listed at
    // the top of the form and under the field.
    fireEvent.click(screen.getByRole('button', { name: 'Review' }));
    const listed = await screen.findByText(
      /The pull request cannot be previewed: The entity has no GitOps repository/,
      {
        selector: '.MuiListItemText-primary, .MuiFormHelperText-root, li *, li',
      },
    );
    expect(listed).toBeInTheDocument();
    await new Promise(r => setTimeout(r, 300));
    expect(screen.getByRole('button', { name: 'Review' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Create/ })).toBeNull();
    expect(onCreate).not.toHaveBeenCalled();
  });

  it('names the Namespace field when neither the form nor the component gives one', async () => {
    const addError = jest.fn();
    await kedaChangePreviewValidation(
      undefined,
      { addError },
      {
        formData: {
          component: 'component:default/stock-sync',
          triggers: [CRON],
        },
        apiHolder: {
          get: (ref: { id: string }) =>
            ref.id === kedaApiRef.id
              ? ({ previewChange: jest.fn() } as any)
              : ({ getEntityByRef: async () => entity('stock-sync') } as any),
        } as any,
      },
    );
    expect(addError).toHaveBeenCalledWith(
      'Namespace (step Workload) is empty and stock-sync has no backstage.io/kubernetes-namespace annotation: go back and enter the Kubernetes namespace of the workload.',
    );
  });
});
