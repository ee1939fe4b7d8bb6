import {
  kedaChangeCreatePermission,
  kedaPermissions,
  kedaScalingReadPermission,
} from './permissions';

describe('permissions', () => {
  it('are resource permissions on catalog entities', () => {
    for (const permission of kedaPermissions) {
      expect(permission.type).toBe('resource');
      expect((permission as { resourceType: string }).resourceType).toBe(
        'catalog-entity',
      );
    }
  });

  it('have the documented names and actions', () => {
    expect(kedaScalingReadPermission.name).toBe('keda.scaling.read');
    expect(kedaScalingReadPermission.attributes.action).toBe('read');
    expect(kedaChangeCreatePermission.name).toBe('keda.change.create');
    expect(kedaChangeCreatePermission.attributes.action).toBe('create');
  });
});
