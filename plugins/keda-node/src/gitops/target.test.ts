import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { execFileSync } from 'node:child_process';
import { proposalBranch, readGitopsSettings, resolveTarget } from './target';

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

describe('proposalBranch', () => {
  const entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'invoice-worker', namespace: 'default' },
  };
  // Found by the propose-worker fuzz test: 'apps/../../../x' made a branch
  // with '..' in it, which git refuses to push.
  it.each([
    'apps/../../../x',
    '..',
    'prod.lock',
    '.hidden.',
    'a@{b}',
    'x//y',
    'Stage ~^:?*[\\',
  ])('makes a ref git accepts from the environment %j', environment => {
    const branch = proposalBranch(entity, environment);
    expect(branch).toMatch(
      /^keda\/default\/component\/invoice-worker\/[a-z0-9]/,
    );
    expect(() =>
      execFileSync('git', ['check-ref-format', `refs/heads/${branch}`]),
    ).not.toThrow();
  });

  it('keeps ordinary names readable', () => {
    expect(proposalBranch(entity, 'production')).toBe(
      'keda/default/component/invoice-worker/production',
    );
    expect(proposalBranch(entity, 'apps/../x')).toBe(
      'keda/default/component/invoice-worker/apps-x',
    );
  });
});
