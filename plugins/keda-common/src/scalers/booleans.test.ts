import { parseKedaBoolean } from './booleans';

describe('parseKedaBoolean', () => {
  it.each(['1', 't', 'T', 'TRUE', 'true', 'True'])('reads %s as true', v =>
    expect(parseKedaBoolean(v)).toBe(true),
  );
  it.each(['0', 'f', 'F', 'FALSE', 'false', 'False'])('reads %s as false', v =>
    expect(parseKedaBoolean(v)).toBe(false),
  );
  it.each(['', 'yes', 'on', 'tRUE', ' true'])('refuses %j, as KEDA does', v =>
    expect(parseKedaBoolean(v)).toBeUndefined(),
  );
});
