import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { kedaScalingReadPermission } from '@keda-portal/plugin-keda-common';
import { authorizedEntity } from '@keda-portal/plugin-keda-node';

/** What the read routes need to resolve an entity. */
export interface ReadDeps {
  permissions: PermissionsService;
  catalog: CatalogService;
}

/** The entity, when the caller may read its scaling data and it has cluster objects. */
export function readableEntity(
  deps: ReadDeps,
  entityRef: string,
  credentials: BackstageCredentials,
) {
  return authorizedEntity(deps, entityRef, credentials, {
    permission: kedaScalingReadPermission,
    requireKubernetes: true,
  });
}
