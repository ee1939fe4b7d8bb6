import type { PermissionsService } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  DefaultKedaChangeService,
  type GitopsEngine,
} from '@keda-portal/plugin-keda-node';

/**
 * The real change use case over `engine` and an in-memory catalog of
 * `entities`; every permission is granted unless `permissions` says otherwise.
 */
export function changeServiceFor(
  engine: GitopsEngine,
  entities: Entity[],
  permissions: PermissionsService = mockServices.permissions({
    result: AuthorizeResult.ALLOW,
  }),
) {
  return new DefaultKedaChangeService({
    engine,
    catalog: catalogServiceMock({ entities }),
    permissions,
    auth: mockServices.auth(),
    appBaseUrl: 'http://localhost:3000',
  });
}
