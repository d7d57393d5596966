import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecimalParseError, fromFloat, roundHalfEven, toDecimalString } from '../money';
import { halfEvenText, sizeDecimalText } from './half-even-text';
import { parseMarginInput } from './margin-input';

/** The reference: the money module's rounding step through decimal.js. */
const viaDecimal = (x: number, dp: number) => toDecimalString(roundHalfEven(fromFloat(x), dp));

describe('halfEvenText', () => {
  it('equals decimal.js half-even rounding of the float text for every float and decimal count', () => {
    fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: 0, max: 18 }), (x, dp) => {
      expect(halfEvenText(x, dp)).toBe(viaDecimal(x, dp));
    }), { numRuns: 20_000 });
    // Figures of money size (where rounding decides the last digit) at the usual 6 decimals and others.
    fc.assert(fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 12 }), (n, k, dp) => {
      const x = n / 10 ** k;
      expect(halfEvenText(x, dp)).toBe(viaDecimal(x, dp));
    }), { numRuns: 20_000 });
  });

  it('ties go to the even neighbour, carries add a digit, signs of zero drop', () => {
    // 0.125 is a float exactly: a tie at 2 decimals goes to the even 0.12 (toFixed would print 0.13).
    expect(halfEvenText(0.125, 2)).toBe('0.12');
    expect(halfEvenText(0.375, 2)).toBe('0.38');
    // Ties are decided on the shortest text: 1.0000005 prints as itself although its float is below.
    expect(halfEvenText(1.0000005, 6)).toBe('1');
    expect(halfEvenText(1.0000015, 6)).toBe('1.000002');
    expect(halfEvenText(1.00000050001, 6)).toBe('1.000001');
    expect(halfEvenText(2.5, 0)).toBe('2');
    expect(halfEvenText(-3.5, 0)).toBe('-4');
    expect(halfEvenText(9.9999996, 6)).toBe('10');
    expect(halfEvenText(-999.9999999, 6)).toBe('-1000');
    expect(halfEvenText(-0.0000001, 6)).toBe('0');
    expect(halfEvenText(-0, 6)).toBe('0');
    expect(halfEvenText(1.5e-7, 6)).toBe('0');
    expect(halfEvenText(5.5e-7, 6)).toBe('0.000001');
    expect(halfEvenText(1.2345e21, 2)).toBe('1234500000000000000000');
    expect(halfEvenText(123.456, 6)).toBe('123.456');
    for (const [x, dp] of [[0.125, 2], [1.0000005, 6], [-3.5, 0], [9.9999996, 6], [5.5e-7, 6], [1.2345e21, 2]] as const) expect(halfEvenText(x, dp)).toBe(viaDecimal(x, dp));
    expect(() => halfEvenText(Number.NaN, 6)).toThrow(DecimalParseError);
  });
});

describe('sizeDecimalText', () => {
  it('prints a size as toDecimalString of its decimal, parsed texts and copies alike', () => {
    const sizes = ['1', '-2.5', '0', '-0', '1.50', '0.0', '007', '123456789012345', '0.1234567890123456789', '1e3', ' 2 ', 3.25, '100000000000000.5'];
    const input = parseMarginInput({ name: 't', positions: sizes.map((size, i) => ({ id: `p${i}`, instrument: 'BTC-PERPETUAL', size })) as never });
    for (const p of input.positions) {
      expect(sizeDecimalText(p)).toBe(toDecimalString(p.size));
      const copy = { ...p, size: p.size.plus(1) };
      expect(sizeDecimalText(copy)).toBe(toDecimalString(copy.size));
    }
  });
});
