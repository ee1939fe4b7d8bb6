import type { Entity } from '@backstage/catalog-model';

/**
 * The annotation Backstage's GitHub org ingestion puts on each Group.
 *
 * @public
 */
export const GITHUB_TEAM_SLUG_ANNOTATION = 'github.com/team-slug';

/**
 * Reviewers for an entity's pull requests: the GitHub teams (`org/team`) of
 * its owning groups. `lookup` reads the groups from the catalog with the
 * caller's own credentials; groups without the annotation add nobody.
 *
 * @public
 */
export async function owningGithubTeams(
  entity: Entity,
  lookup: (groupRefs: string[]) => Promise<Array<Entity | undefined>>,
): Promise<string[]> {
  const groups = (entity.relations ?? [])
    .filter(r => r.type === 'ownedBy' && r.targetRef.startsWith('group:'))
    .map(r => r.targetRef);
  if (!groups.length) return [];
  const found = await lookup(groups);
  return [
    ...new Set(
      found.flatMap(group => {
        const slug = group?.metadata.annotations?.[GITHUB_TEAM_SLUG_ANNOTATION];
        return slug ? [slug] : [];
      }),
    ),
  ];
}
