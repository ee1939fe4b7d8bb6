import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type { ScalingIntent } from '@keda-portal/plugin-keda-common';
import { screen } from '@testing-library/react';
import { kedaApiRef } from '../api';
import { KedaChangePreviewField } from './KedaChangePreviewField';

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
      getEntityByRef: jest.fn(async () => ({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name: 'email-worker',
          namespace: 'default',
          annotations: { 'backstage.io/kubernetes-namespace': 'notifications' },
        },
      })),
    };
    const props = {
      schema: { title: 'The pull request' },
      formContext: {
        formData: {
          component: 'component:default/email-worker',
          minReplicaCount: 1,
          maxReplicaCount: 6,
          triggers: [
            {
              type: 'cron',
              metadata: {
                timezone: 'Europe/Amsterdam',
                start: '0 8 * * *',
                end: '0 18 * * *',
                desiredReplicas: '3',
              },
              authentication: {},
            },
          ],
        },
      },
      onChange: jest.fn(),
    } as unknown as FieldExtensionComponentProps<string>;

    await renderInTestApp(
      <TestApiProvider
        apis={[
          [kedaApiRef, { previewChange } as any],
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
});
