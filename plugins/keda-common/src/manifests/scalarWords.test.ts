import { parseScalerBoolean } from './scalarWords';

describe('parseScalerBoolean', () => {
  it("takes the words of Go's strconv.ParseBool and no others", () => {
    for (const word of ['1', 't', 'T', 'TRUE', 'true', 'True']) {
      expect(parseScalerBoolean(word)).toBe(true);
    }
    for (const word of ['0', 'f', 'F', 'FALSE', 'false', 'False']) {
      expect(parseScalerBoolean(word)).toBe(false);
    }
    for (const word of ['yes', 'no', 'on', 'tRUE', ' true', '']) {
      expect(parseScalerBoolean(word)).toBeUndefined();
    }
  });
});
