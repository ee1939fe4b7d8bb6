import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import request from 'supertest';
import { kedaPlugin } from './plugin';

describe('kedaPlugin', () => {
  const config = {
    kubernetes: {
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: [
            {
              name: 'demo',
              url: 'https://127.0.0.1:6443',
              authProvider: 'serviceAccount',
              serviceAccountToken: 'must-not-leak',
              skipTLSVerify: true,
            },
          ],
        },
      ],
    },
  };

  it('serves the configured clusters on /api/keda/health to a signed-in user, without credentials', async () => {
    const { server } = await startTestBackend({
      features: [kedaPlugin, mockServices.rootConfig.factory({ data: config })],
    });

    const res = await request(server).get('/api/keda/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      status: 'ok',
      clusters: [
        {
          name: 'demo',
          url: 'https://127.0.0.1:6443',
          source: 'config',
          authProvider: 'serviceAccount',
          // Nothing listens there: the cluster reports itself, not the others.
          sync: expect.objectContaining({
            cluster: 'demo',
            state: expect.stringMatching(/^(syncing|stale)$/),
          }),
        },
      ],
    });
    expect(JSON.stringify(res.body)).not.toContain('must-not-leak');
  });

  it('refuses unauthenticated callers', async () => {
    const { server } = await startTestBackend({
      features: [
        kedaPlugin,
        mockServices.rootConfig.factory({ data: config }),
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
      ],
    });
    const res = await request(server).get('/api/keda/health');
    expect(res.status).toBe(401);
  });
});
