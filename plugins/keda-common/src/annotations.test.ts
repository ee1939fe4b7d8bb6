import { isKedaAvailable } from './annotations';

describe('isKedaAvailable', () => {
  const entity = (annotations?: Record<string, string>) => ({
    metadata: { annotations },
  });

  it('accepts an entity with a kubernetes-id', () => {
    expect(
      isKedaAvailable(entity({ 'backstage.io/kubernetes-id': 'orders' })),
    ).toBe(true);
  });

  it('accepts an entity with a label selector', () => {
    expect(
      isKedaAvailable(
        entity({ 'backstage.io/kubernetes-label-selector': 'app=orders' }),
      ),
    ).toBe(true);
  });

  it('rejects entities without either, or with blank values', () => {
    expect(isKedaAvailable(entity())).toBe(false);
    expect(isKedaAvailable(entity({ 'backstage.io/owner': 'x' }))).toBe(false);
    expect(
      isKedaAvailable(entity({ 'backstage.io/kubernetes-id': '  ' })),
    ).toBe(false);
  });
});
