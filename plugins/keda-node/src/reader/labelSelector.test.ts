import { matchesLabels, parseLabelSelector } from './labelSelector';

describe('label selectors', () => {
  const labels = {
    app: 'orders',
    tier: 'backend',
    'backstage.io/kubernetes-id': 'orders-api',
  };

  it.each([
    ['app=orders', true],
    ['app==orders', true],
    ['app!=orders', false],
    ['app=orders,tier=frontend', false],
    ['tier in (backend, frontend)', true],
    ['tier notin (backend)', false],
    ['backstage.io/kubernetes-id=orders-api', true],
    ['app', true],
    ['!app', false],
    ['!missing,app in (orders)', true],
  ])('%s -> %s', (selector, expected) => {
    expect(matchesLabels(parseLabelSelector(selector), labels)).toBe(expected);
  });

  it('names the malformed part', () => {
    expect(() => parseLabelSelector('app=orders,=x')).toThrow(
      /invalid label selector part '=x'/,
    );
  });
});
