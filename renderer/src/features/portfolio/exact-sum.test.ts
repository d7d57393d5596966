import { describe, expect, it } from 'vitest';
import { scaled, sumExact } from './exact-sum';

describe('sumExact', () => {
  it('adds decimal strings exactly (no float drift)', () => {
    expect(sumExact(['0.1', '0.2'])).toBe('0.3');
    expect(sumExact(['-1.25', '1.25'])).toBe('0');
    expect(sumExact(['123456789012345678901234.5', '0.000000000000000001'])).toBe('123456789012345678901234.500000000000000001');
  });
  it('reads exponent forms and skips absent values', () => {
    expect(sumExact(['1.5e-7', '2E2', undefined, ''])).toBe('200.00000015');
    expect(scaled('-3e1')).toEqual({ int: -30n, scale: 0 });
  });
  it('is empty for no values and throws on a bad one', () => {
    expect(sumExact([])).toBe('');
    expect(() => sumExact(['1', 'abc'])).toThrow('not a decimal number: "abc"');
  });
});
