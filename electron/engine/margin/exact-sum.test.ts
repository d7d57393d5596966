import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec, toFloat } from '../money';
import { exactSum, scaledOf } from './exact-sum';

describe('exactSum', () => {
  it('equals toFloat of the exact decimal sum', () => {
    const dec = fc.tuple(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: 0, max: 6 })).map(([n, dp]) => new Dec(n).div(10 ** dp).toFixed());
    fc.assert(fc.property(fc.array(dec, { minLength: 1, maxLength: 20 }), (xs) => {
      const s = exactSum(xs.map((x) => scaledOf(x)!));
      const exact = toFloat(xs.reduce((a, x) => a.plus(x), new Dec(0)));
      expect(s).toBe(exact);
    }), { numRuns: 500 });
  });

  it('refuses what it cannot do exactly', () => {
    expect(scaledOf('1e5')).toBeNull();
    expect(scaledOf('1234567890123456.5')).toBeNull();
    expect(scaledOf('9007199254740991')).toBeNull();
    expect(exactSum([scaledOf('999999999999999')!, scaledOf('0.1')!])).toBeNull();
    expect(exactSum([scaledOf('0.1')!, scaledOf('0.2')!])).toBe(0.3);
  });
});
