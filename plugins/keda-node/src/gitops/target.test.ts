import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { readGitopsSettings, resolveTarget } from './target';

const REPO = 'https://git.example.invalid/shop/shop-gitops';

function targetFor(environment?: string) {
  const config = new ConfigReader({
    keda: { gitops: { repositories: [{ url: REPO, provider: 'git' }] } },
  });
  return resolveTarget(
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'orders-api',
        annotations: {
          'keda-portal.io/gitops-repo': REPO,
          'keda-portal.io/gitops-path': 'apps/orders-api',
          ...(environment !== undefined && {
            'keda-portal.io/gitops-environment': environment,
          }),
        },
      },
    },
    readGitopsSettings(config),
    ScmIntegrations.fromConfig(config),
  );
}

describe('resolveTarget', () => {
  it('takes the environment from the annotation, else the default', () => {
    expect(targetFor('production').environment).toBe('production');
    expect(targetFor().environment).toBe('default');
  });

  it('refuses an environment with control characters or too long, naming it', () => {
    // git refuses a NUL in the commit message the environment goes into.
    expect(() => targetFor('a\u0000b')).toThrow(
      /^environment "a\\u0000b" \(keda-portal.io\/gitops-environment\) must be at most 63 characters without control characters/,
    );
    expect(() => targetFor('x'.repeat(64))).toThrow(/environment "x+"/);
  });
});
