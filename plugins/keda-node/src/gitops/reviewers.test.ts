import type { Entity } from '@backstage/catalog-model';
import { owningGithubTeams } from './reviewers';

const group = (name: string, slug?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: {
    name,
    annotations: slug ? { 'github.com/team-slug': slug } : {},
  },
});

describe('owningGithubTeams', () => {
  it('maps owning groups to their GitHub teams, skipping users and unmapped groups', async () => {
    const entity: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'orders-api' },
      relations: [
        { type: 'ownedBy', targetRef: 'group:default/team-orders' },
        { type: 'ownedBy', targetRef: 'group:default/no-github' },
        { type: 'ownedBy', targetRef: 'user:default/alice' },
        { type: 'partOf', targetRef: 'system:default/shop' },
      ],
    };
    const lookup = jest.fn(async (refs: string[]) =>
      refs.map(ref =>
        ref === 'group:default/team-orders'
          ? group('team-orders', 'shop-org/orders')
          : group('no-github'),
      ),
    );
    await expect(owningGithubTeams(entity, lookup)).resolves.toEqual([
      'shop-org/orders',
    ]);
    expect(lookup).toHaveBeenCalledWith([
      'group:default/team-orders',
      'group:default/no-github',
    ]);
  });

  it('asks nothing when no group owns the entity', async () => {
    const lookup = jest.fn();
    await expect(
      owningGithubTeams(
        { apiVersion: 'v1', kind: 'Component', metadata: { name: 'x' } },
        lookup,
      ),
    ).resolves.toEqual([]);
    expect(lookup).not.toHaveBeenCalled();
  });
});
