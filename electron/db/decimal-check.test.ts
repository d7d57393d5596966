import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseDecimal } from '../engine/money';
import { decimalProblem } from './decimal-check';

const accepts = (s: string) => { try { parseDecimal(s); return true; } catch { return false; } };

describe('decimalProblem', () => {
  it('agrees with parseDecimal on edge cases', () => {
    for (const s of ['0', '-0', '1e15', '1e16', '1000000000000000', '1000000000000000.0000001', '999999999999999.99', '0000000000000000001', '-1E+3', '.5', '5.', '1e-400', 'NaN', '', '1,5', '+-1', '9'.repeat(64), '9'.repeat(65)]) {
      expect(decimalProblem(s) === undefined, s).toBe(accepts(s));
    }
  });
  it('agrees with parseDecimal on random decimal-looking strings', () => {
    fc.assert(fc.property(fc.stringMatching(/^[+-]?\d{0,20}(\.\d{0,20})?([eE][+-]?\d{1,3})?$/), (s) => {
      expect(decimalProblem(s) === undefined).toBe(accepts(s));
    }), { numRuns: 2000 });
  });
});
