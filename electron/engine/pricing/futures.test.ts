import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inverseFutureCoinDelta, inverseFutureDelta, inverseFuturePnl, linearFuturePnl } from './futures';
import { PricingError } from './pricing-types';

describe('futures valuation', () => {
  it('inverse P&L: long 10,000 USD from 50,000 to 62,500 earns 0.04 BTC', () => {
    expect(inverseFuturePnl(10_000, 50_000, 62_500)).toBeCloseTo(0.04, 15);
    expect(inverseFuturePnl(-10_000, 50_000, 62_500)).toBeCloseTo(-0.04, 15);
  });

  it('inverse P&L equals Q·m/(1+m) in coin with Q = N/P0 and m the relative move (margin-methods.md §2.8)', () => {
    fc.assert(fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: 100, max: 1e5, noNaN: true }), fc.double({ min: -0.9, max: 5, noNaN: true }), (n, p0, m) => {
      const q = n / p0;
      expect(inverseFuturePnl(n, p0, p0 * (1 + m))).toBeCloseTo((q * m) / (1 + m), 9);
    }));
  });

  it('deltas are the derivatives', () => {
    const h = 1e-3;
    expect(inverseFutureDelta(10_000, 60_000)).toBeCloseTo((inverseFuturePnl(10_000, 50_000, 60_000 + h) - inverseFuturePnl(10_000, 50_000, 60_000 - h)) / (2 * h), 12);
    expect(inverseFutureCoinDelta(10_000, 60_000)).toBeCloseTo(60_000 * inverseFutureDelta(10_000, 60_000), 15);
    expect(linearFuturePnl(-2, 2000, 1900)).toBe(200);
  });

  it('rejects non-positive prices', () => {
    expect(() => inverseFuturePnl(1, 0, 1)).toThrow(PricingError);
    expect(() => linearFuturePnl(1, 1, -1)).toThrow(/price/);
  });
});
