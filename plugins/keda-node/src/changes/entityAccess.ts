/**
 * Who may do what to which entity: the permission check and the catalog read
 * every entity request of KEDA Portal starts with, for the HTTP routes and
 * the change use case alike.
 */
import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  type ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  ANNOTATION_KUBERNETES_ID,
  ANNOTATION_KUBERNETES_LABEL_SELECTOR,
  isKedaAvailable,
  kedaScalingReadPermission,
} from '@keda-portal/plugin-keda-common';

/**
 * What {@link authorizedEntity} needs.
 *
 * @public
 */
export interface EntityAccessDeps {
  permissions: Pick<PermissionsService, 'authorize'>;
  catalog: Pick<CatalogService, 'getEntityByRef'>;
}

/**
 * The entity `entityRef` after checking `permission` on it for the caller,
 * read from the catalog with the caller's credentials. Unless
 * `requireKubernetes` is false (a proposal may add the annotations), the
 * entity must say how its cluster objects are found. Throws
 * NotAllowedError, NotFoundError or InputError with the message to show.
 *
 * @public
 */
export async function authorizedEntity(
  deps: EntityAccessDeps,
  entityRef: string,
  credentials: BackstageCredentials,
  options: {
    permission: ResourcePermission<'catalog-entity'>;
    requireKubernetes: boolean;
  },
): Promise<Entity> {
  const { permission } = options;
  const [decision] = await deps.permissions.authorize(
    [{ permission, resourceRef: entityRef }],
    { credentials },
  );
  if (decision.result !== AuthorizeResult.ALLOW) {
    throw new NotAllowedError(
      permission.name === kedaScalingReadPermission.name
        ? `You may not read the scaling data of ${entityRef}`
        : `You may not propose scaling changes to ${entityRef} (permission ${permission.name}); ask one of its owners`,
    );
  }
  const entity = await deps.catalog.getEntityByRef(entityRef, { credentials });
  if (!entity) {
    throw new NotFoundError(`No entity ${entityRef} in the catalog`);
  }
  if (options.requireKubernetes && !isKedaAvailable(entity)) {
    throw new InputError(
      `${entityRef} has neither ${ANNOTATION_KUBERNETES_ID} nor ${ANNOTATION_KUBERNETES_LABEL_SELECTOR}: add one so its cluster objects can be found`,
    );
  }
  return entity;
}
