/**
 * The shared venue converters (shared/domain/venue-positions.ts) against the importer's own
 * arithmetic and checks: the exact product equals decimal.js's (`Dec`, what the importer used
 * before the converters moved), and `syntaxFieldChecks` (what the grid's paste uses) reports
 * exactly what the importer's field checks report, value for value and issue for issue.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Dec, toDecimalString } from '../engine/money';
import { aboveMaxMagnitude, detectVenueFormat, isZeroDecimal, multiplyDecimal, syntaxFieldChecks, type VenueIssue } from '../../shared/domain/venue-positions';
import { checkDecimalField, checkInstrument } from './field-checks';
import type { ImportIssue } from './import-report';

/** Decimal strings of every shape the syntax allows: signs, leading zeros, `.5`, `5.`, exponents. */
const decimalText = fc
  .tuple(
    fc.constantFrom('', '-', '+'),
    fc.stringMatching(/^\d{0,18}$/),
    fc.option(fc.stringMatching(/^\d{0,12}$/), { nil: undefined }),
    fc.option(fc.integer({ min: -20, max: 20 }), { nil: undefined }),
  )
  .map(([sign, int, frac, exp]) => `${sign}${int}${frac !== undefined ? `.${frac}` : ''}${exp !== undefined ? `e${exp}` : ''}`)
  .filter((s) => /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(s));

describe('shared venue converters against the importer', () => {
  it('multiplyDecimal is decimal.js times then toDecimalString, digit for digit', () => {
    fc.assert(fc.property(decimalText, fc.constantFrom('100', '10', '0.01', '0.1', '1', '0.0001', '0.001', '1000', '2.5'), (a, b) => {
      expect(multiplyDecimal(a, b)).toBe(toDecimalString(new Dec(a).times(new Dec(b))));
    }), { numRuns: 2000 });
    expect(multiplyDecimal('-250', '100')).toBe('-25000');
    expect(multiplyDecimal('30', '0.01')).toBe('0.3');
    expect(multiplyDecimal('-0', '100')).toBe('0');
  });

  it('isZeroDecimal and aboveMaxMagnitude agree with Dec', () => {
    fc.assert(fc.property(decimalText, (a) => {
      expect(isZeroDecimal(a)).toBe(new Dec(a).isZero());
      expect(aboveMaxMagnitude(a)).toBe(new Dec(a).abs().gt(new Dec('1e15')));
    }), { numRuns: 2000 });
    expect(aboveMaxMagnitude('1e15')).toBe(false);
    expect(aboveMaxMagnitude('1000000000000000.0000001')).toBe(true);
    expect(aboveMaxMagnitude('0.00000000000000000000001e40')).toBe(true);
  });

  it("syntaxFieldChecks give the importer's values and issues", () => {
    const cell = fc.oneof(decimalText, fc.string({ maxLength: 12 }), fc.constantFrom('', ' 12 ', '1e16', '-1e15', 'BTC-PERPETUAL', ' ETH_USDC-PERPETUAL ', '-x', 'a b'));
    fc.assert(fc.property(cell, fc.boolean(), (raw, required) => {
      const mine: VenueIssue[] = [];
      const theirs: ImportIssue[] = [];
      expect(syntaxFieldChecks.decimal(mine, 2, 'size', raw, required)).toBe(checkDecimalField(theirs, 2, 'size', raw, required));
      expect(syntaxFieldChecks.instrument(mine, 2, 'symbol', raw)).toBe(checkInstrument(theirs, 2, 'symbol', raw));
      expect(mine).toEqual(theirs);
    }), { numRuns: 2000 });
  });

  it('detects each venue by its header, and a hand-made sheet as none', () => {
    expect(detectVenueFormat(['instType', 'instId', 'mgnMode', 'posSide', 'pos', 'avgPx'])).toBe('okx');
    expect(detectVenueFormat(['instrument_name', 'size'])).toBe('deribit');
    expect(detectVenueFormat(['category', 'symbol', 'side', 'size', 'avgPrice'])).toBe('bybit');
    expect(detectVenueFormat(['Symbol', 'Side', 'Size'])).toBeUndefined();
    expect(detectVenueFormat(['instrument', 'size', 'averagePrice', 'note'])).toBeUndefined();
  });
});
