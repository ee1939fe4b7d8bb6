import { getScaler } from '@keda-portal/plugin-keda-common';
import { isLongParameter } from './parameters';

describe('isLongParameter', () => {
  it('gives queries and expressions a multi-line input, short values one line', () => {
    const prometheus = getScaler('prometheus')!;
    const param = (name: string) =>
      prometheus.parameters.find(p => p.name === name)!;
    expect(isLongParameter(param('query'))).toBe(true);
    expect(isLongParameter(param('threshold'))).toBe(false);
    expect(isLongParameter(param('serverAddress'))).toBe(false);
    expect(isLongParameter({ name: 'body', kind: 'json' })).toBe(true);
    expect(isLongParameter({ name: 'start', kind: 'cron' })).toBe(false);
  });
});
