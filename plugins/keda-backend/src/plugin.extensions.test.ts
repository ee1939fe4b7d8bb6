/**
 * The KEDA backend plugin offers the GitOps extension points to modules: a
 * platform team's guardrail policy, added by a backend module for pluginId
 * 'keda', refuses a change through the HTTP API before anything reaches Git.
 */
import { createBackendModule } from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import { kedaGuardrailPoliciesExtensionPoint } from '@keda-portal/plugin-keda-node';
import request from 'supertest';
import {
  ALICE,
  git,
  startKedaTestBackend,
  validIntent,
  type TestBackend,
} from './__testUtils__/testBackend';

const url = '/api/keda/entities/default/component/orders-api/changes';
const BRANCH = 'keda/default/component/orders-api/default';

const businessHoursPolicy = createBackendModule({
  pluginId: 'keda',
  moduleId: 'test-business-hours-policy',
  register(env) {
    env.registerInit({
      deps: { policies: kedaGuardrailPoliciesExtensionPoint },
      async init({ policies }) {
        policies.addGuardrailPolicy({
          id: 'acme.production-floor',
          check(intent, { lifecycle }) {
            return lifecycle === 'production' &&
              (intent.minReplicaCount ?? 0) < 2
              ? [
                  {
                    path: 'minReplicaCount',
                    message: `minReplicaCount ${intent.minReplicaCount} is below the production floor of 2`,
                    fix: 'Set minReplicaCount to 2 or more.',
                  },
                ]
              : [];
          },
        });
      },
    });
  },
});

describe('kedaPlugin extension points', () => {
  let backend: TestBackend;
  beforeAll(async () => {
    backend = await startKedaTestBackend({ features: [businessHoursPolicy] });
  }, 60_000);
  afterAll(async () => {
    await backend?.stop();
  });
  const asAlice = mockCredentials.user.header(ALICE);

  it("applies a module's guardrail policy to previews and proposals", async () => {
    const low = { ...validIntent(), minReplicaCount: 1 };
    const preview = await request(backend.server)
      .post(`${url}/preview`)
      .set('Authorization', asAlice)
      .send({ intent: low });
    expect(JSON.stringify(preview.body)).toContain(
      'below the production floor of 2',
    );

    const refused = await request(backend.server)
      .post(url)
      .set('Authorization', asAlice)
      .send({ intent: low });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain(
      'minReplicaCount 1 is below the production floor of 2',
    );
    expect(() =>
      git(backend.remote, 'rev-parse', '--verify', `refs/heads/${BRANCH}`),
    ).toThrow();

    const allowed = await request(backend.server)
      .post(url)
      .set('Authorization', asAlice)
      .send({ intent: { ...validIntent(), minReplicaCount: 2 } });
    expect(allowed.status).toBe(201);
    expect(
      git(backend.remote, 'rev-parse', '--verify', `refs/heads/${BRANCH}`),
    ).toMatch(/^[0-9a-f]{40}\n$/);
  });
});
