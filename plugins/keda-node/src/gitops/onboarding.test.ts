import type { Entity } from '@backstage/catalog-model';
import {
  addCatalogAnnotations,
  applyGitopsChoice,
  catalogFileIn,
} from './onboarding';

const REPO = 'https://github.com/acme/gitops';

function entity(annotations: Record<string, string> = {}): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'stock-sync', annotations },
    spec: {},
  };
}

describe('onboarding a component without annotations', () => {
  it('fills missing annotations from the choice and lists what catalog-info.yaml lacks', () => {
    const { entity: seen, catalogAnnotations } = applyGitopsChoice(
      entity(),
      { repo: `${REPO}.git`, path: 'apps/stock-sync', layout: 'plain' },
      { name: 'stock-sync', namespace: 'shop' },
    );
    expect(seen.metadata.annotations).toMatchObject({
      'keda-portal.io/gitops-repo': `${REPO}.git`,
      'keda-portal.io/gitops-path': 'apps/stock-sync',
    });
    expect(catalogAnnotations).toEqual({
      'keda-portal.io/gitops-repo': `${REPO}.git`,
      'keda-portal.io/gitops-path': 'apps/stock-sync',
      'keda-portal.io/gitops-layout': 'plain',
      'backstage.io/kubernetes-id': 'stock-sync',
      'backstage.io/kubernetes-namespace': 'shop',
    });
  });

  it('adds nothing for a component that has its annotations, and accepts the same repository written differently', () => {
    const annotated = entity({
      'keda-portal.io/gitops-repo': REPO,
      'keda-portal.io/gitops-path': 'apps/x',
      'backstage.io/kubernetes-label-selector': 'app=x',
      'backstage.io/kubernetes-namespace': 'shop',
    });
    expect(
      applyGitopsChoice(
        annotated,
        { repo: `${REPO}/` },
        { name: 'x', namespace: 'shop' },
      ).catalogAnnotations,
    ).toEqual({});
  });

  it('finds the catalog file in the repository from the managed-by location', () => {
    const at = (location: string) =>
      catalogFileIn(
        entity({ 'backstage.io/managed-by-location': location }),
        REPO,
        'main',
      );
    expect(at(`url:${REPO}/blob/main/apps/stock-sync/catalog-info.yaml`)).toBe(
      'apps/stock-sync/catalog-info.yaml',
    );
    expect(at(`url:${REPO}/-/blob/main/catalog-info.yaml`)).toBe(
      'catalog-info.yaml',
    );
    expect(at(`url:${REPO}/blob/dev/catalog-info.yaml`)).toBeUndefined();
    expect(
      at('url:https://github.com/acme/other/blob/main/c.yaml'),
    ).toBeUndefined();
    expect(at('file:/srv/catalog.yaml')).toBeUndefined();
  });

  it("adds the annotations to the entity's document only, keeping comments and the other documents", () => {
    const text = `# the shop
apiVersion: backstage.io/v1alpha1
kind: System
metadata:
  name: shop   # keep
---
# the worker
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: stock-sync
  annotations:
    backstage.io/techdocs-ref: dir:.
spec:
  type: service
`;
    const out = addCatalogAnnotations(
      text,
      { kind: 'Component', metadata: { name: 'stock-sync' } },
      { 'backstage.io/kubernetes-id': 'stock-sync' },
    )!;
    expect(out.startsWith(text.slice(0, text.indexOf('---')))).toBe(true);
    expect(out).toContain('# the worker');
    expect(out).toContain(
      '    backstage.io/techdocs-ref: dir:.\n    backstage.io/kubernetes-id: stock-sync\n',
    );
    expect(
      addCatalogAnnotations(
        text,
        { kind: 'Component', metadata: { name: 'other' } },
        { a: 'b' },
      ),
    ).toBeUndefined();
  });
});
