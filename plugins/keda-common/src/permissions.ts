import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Reading an entity's live scaling data. A resource permission on
 * `catalog-entity`, so a policy can decide per entity (for example with
 * `isEntityOwner`).
 *
 * @public
 */
export const kedaScalingReadPermission = createPermission({
  name: 'keda.scaling.read',
  attributes: { action: 'read' },
  resourceType: 'catalog-entity',
});

/**
 * Proposing a scaling change (opening or updating a pull request).
 *
 * @public
 */
export const kedaChangeCreatePermission = createPermission({
  name: 'keda.change.create',
  attributes: { action: 'create' },
  resourceType: 'catalog-entity',
});

/**
 * Every permission this suite defines, for registration with the framework.
 *
 * @public
 */
export const kedaPermissions = [
  kedaScalingReadPermission,
  kedaChangeCreatePermission,
];
