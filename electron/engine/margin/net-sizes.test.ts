/**
 * netSizes / netSizeOf (net-sizes.ts): the float64 of the exact decimal sum per instrument, the same
 * value as decimal.js `Σ size` then `.toNumber()` — on parsed positions (their texts), on copies
 * whose size changed (a stale text must not be read), on sizes the scaled path cannot take
 * (exponents, more than 15 digits, sums past 2^53), and on sums where a plain float sum differs.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec } from '../money';
import { parseMarginInput, type MarginPosition } from './margin-input';
import { netSizeOf, netSizes } from './net-sizes';

const SYMS = ['BTC-PERPETUAL', 'ETH-PERPETUAL', 'SOL_USDC-PERPETUAL'];
const viaDecimal = (ps: readonly MarginPosition[]) => {
  const out = new Map<string, Dec>();
  for (const x of ps) { const t = out.get(x.inst.symbol); out.set(x.inst.symbol, t ? t.plus(x.size) : x.size); }
  return new Map([...out].map(([s, t]) => [s, t.toNumber()]));
};
const parsed = (sizes: { sym: number; size: string }[]) => parseMarginInput({
  name: 't', balances: [], positions: sizes.map((x, i) => ({ id: `p${i}`, instrument: SYMS[x.sym], size: x.size })),
}).positions;

const sizeText = fc.oneof(
  fc.tuple(fc.integer({ min: -99_999_999, max: 99_999_999 }), fc.integer({ min: 0, max: 8 })).map(([n, dp]) => new Dec(n).div(10 ** dp).toFixed()),
  fc.constantFrom('0.1', '0.2', '0.3', '-0.3', '1e3', '1.5E-2', '999999999999999', '99999999999999.99', '0.12345678901234567', '-0', '0'),
);

describe('net sizes per instrument', () => {
  it('equal decimal.js Σ then toNumber, bit for bit, on random books', () => {
    fc.assert(fc.property(fc.array(fc.record({ sym: fc.integer({ min: 0, max: 2 }), size: sizeText }), { minLength: 1, maxLength: 40 }), (rows) => {
      const ps = parsed(rows);
      const got = netSizes(ps), want = viaDecimal(ps);
      expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
      for (const [s, v] of want) expect(Object.is(got.get(s), v)).toBe(true);
    }), { numRuns: 300 });
  });

  it('is the exact sum where a float running sum is not (0.1 + 0.2 − 0.3 is 0)', () => {
    const ps = parsed([{ sym: 0, size: '0.1' }, { sym: 0, size: '0.2' }, { sym: 0, size: '-0.3' }]);
    expect(0.1 + 0.2 - 0.3).not.toBe(0);
    expect(netSizeOf(ps)).toBe(0);
  });

  it('reads a copy\'s new size, not the text it kept (what-if copies are {...p, size})', () => {
    const [a, b] = parsed([{ sym: 1, size: '2.5' }, { sym: 1, size: '1' }]);
    const copy: MarginPosition = { id: a.id, inst: a.inst, size: new Dec('7.25'), sizeText: a.sizeText };
    expect(netSizeOf([copy, b])).toBe(8.25);
    expect(netSizeOf([copy])).toBe(7.25);
  });

  it('falls back to decimal.js past 2^53 and keeps the correctly rounded value', () => {
    // Ten times 999,999,999,999,999 (the parser's largest magnitude) plus 0.5: 9,999,999,999,999,990.5.
    const ps = parsed([...Array.from({ length: 10 }, () => ({ sym: 2, size: '999999999999999' })), { sym: 2, size: '0.5' }]);
    expect(netSizeOf(ps)).toBe(new Dec('9999999999999990.5').toNumber());
  });
});
