import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromFloat, toDecimalString } from '../money';
import { floatText, plainOfExponent, roundFloatText } from './float-text';

/** The reference: the float's shortest round-trip text as an exact decimal, printed plainly. */
const viaDecimal = (x: number) => (x === 0 ? '0' : toDecimalString(fromFloat(x)));

describe('floatText', () => {
  it('equals the decimal.js rendering for every float, exponent forms included', () => {
    fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
      expect(floatText(x)).toBe(viaDecimal(x));
    }), { numRuns: 20_000 });
    const edges = [5e-324, -5e-324, 1e-7, -1.5e-7, 9.999999999999999e-7, 1e-6, 1e21, -1e21, 1.2345e21, 1.7976931348623157e308, 2.2250738585072014e-308, 123456789012345680000];
    for (const x of edges) expect(floatText(x)).toBe(viaDecimal(x));
    for (let k = -330; k <= 310; k++) {
      for (const m of [1, 3.25, -7.125, 1.2345678901234567]) { const x = m * 10 ** k; if (Number.isFinite(x)) expect(floatText(x)).toBe(viaDecimal(x)); }
    }
  });

  it('plainOfExponent moves the point of the exponent form', () => {
    expect(plainOfExponent('1.5e-7')).toBe('0.00000015');
    expect(plainOfExponent('-2e-7')).toBe('-0.0000002');
    expect(plainOfExponent('1.2345e+21')).toBe('1234500000000000000000');
    expect(plainOfExponent('-1e+21')).toBe('-1000000000000000000000');
  });

  it('roundFloatText rounds as toFixed and drops trailing zeros', () => {
    expect(roundFloatText(1.25, 1)).toBe('1.3'); // a tie: toFixed takes the larger
    expect(roundFloatText(-0.0000001, 6)).toBe('0');
    expect(roundFloatText(2.5, 0)).toBe('3');
    expect(roundFloatText(0.1, 9)).toBe('0.1');
  });
});
