import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { black76, black76Price } from './black76';
import { bsm } from './bsm';
import {
  ImpliedVolError, impliedVolBlack76, impliedVolBsm, impliedVolInverse, impliedVolUndiscounted, normalisedBlack,
  normalisedImpliedStdDev,
} from './implied-vol';
import { inverseOption } from './inverse';
import { PricingError } from './pricing-types';

const EPS = Number.EPSILON;

/**
 * Grid of the issue: 0.01 ≤ σ ≤ 5, 1 day ≤ T ≤ 5 years, strikes from deep ITM to deep OTM
 * (|ln(K/F)| up to 6 standard deviations), calls and puts, discounted.
 */
const case_ = fc.record({
  type: fc.constantFrom<'call' | 'put'>('call', 'put'),
  forward: fc.double({ min: 0.5, max: 2e5, noNaN: true }),
  z: fc.double({ min: -6, max: 6, noNaN: true }),
  vol: fc.double({ min: 0.01, max: 5, noNaN: true }),
  expiryYears: fc.double({ min: 1 / 365, max: 5, noNaN: true }),
  rate: fc.double({ min: 0, max: 0.1, noNaN: true }),
});

describe('iv(price(σ)) = σ', () => {
  it('recovers σ to 1e-10 relative plus the conditioning of the float64 price', () => {
    fc.assert(fc.property(case_, ({ z, ...o }) => {
      const strike = o.forward * Math.exp(z * o.vol * Math.sqrt(o.expiryYears));
      const g = black76({ ...o, strike });
      const intrinsic = Math.exp(-o.rate * o.expiryYears) * Math.max((o.type === 'call' ? 1 : -1) * (o.forward - strike), 0);
      // Only prices that carry time value in float64 identify a vol.
      fc.pre(g.value - intrinsic > 4 * EPS * g.value && g.vega > 0);
      const vol = impliedVolBlack76({ ...o, strike, price: g.value });
      // Conditioning: an ITM price is intrinsic + time value, computed with absolute error ~ε·max(F, K);
      // an OTM price keeps its relative accuracy (Cody tails), so its error is ~ε·V.
      const isItm = intrinsic > 0;
      const priceError = 16 * EPS * (isItm ? Math.max(o.forward, strike) : g.value);
      const tol = 1e-10 * o.vol + priceError / g.vega;
      expect(Math.abs(vol - o.vol), `vol ${vol} vs ${o.vol}, tol ${tol}`).toBeLessThanOrEqual(tol);
    }), { numRuns: 5000 });
  });

  it('is exact to the accuracy of the price near the money over the whole σ, T range', () => {
    for (const vol of [0.01, 0.05, 0.2, 0.8, 2, 5]) {
      for (const t of [1 / 365, 7 / 365, 0.25, 1, 5]) {
        for (const m of [0.8, 0.95, 1, 1.05, 1.25]) {
          for (const type of ['call', 'put'] as const) {
            const p = black76Price({ type, forward: 100, strike: 100 * m, expiryYears: t, vol });
            if (p <= Math.max((type === 'call' ? 1 : -1) * (100 - 100 * m), 0) * (1 + 1e-12)) continue; // no time value left
            const v = impliedVolUndiscounted(type, p, 100, 100 * m, t);
            const g = black76({ type, forward: 100, strike: 100 * m, expiryYears: t, vol });
            expect(Math.abs(v - vol), `σ=${vol} T=${t} K/F=${m} ${type}`).toBeLessThanOrEqual(1e-13 * vol + (16 * EPS * Math.max(100, 100 * m)) / g.vega);
          }
        }
      }
    }
  });

  it('normalised form: s from b(x, s) for deep OTM and ITM', () => {
    for (const x of [-8, -3, -0.5, 0, 0.5, 3, 8]) {
      for (const s of [0.01, 0.1, 0.5, 1, 3, 8]) {
        for (const type of ['call', 'put'] as const) {
          const b = normalisedBlack(x, s, type === 'call' ? 1 : -1);
          const intrinsic = Math.max((type === 'call' ? 1 : -1) * (Math.exp(x / 2) - Math.exp(-x / 2)), 0);
          if (!(b - intrinsic > 1e-300) || b - intrinsic < 4 * EPS * b) continue;
          const vega = Math.exp(-0.5 * (x / s + s / 2) ** 2 + x / 2) / Math.sqrt(2 * Math.PI);
          const got = normalisedImpliedStdDev(b, x, type);
          expect(Math.abs(got - s), `x=${x} s=${s} ${type}`).toBeLessThanOrEqual(1e-12 * s + (16 * EPS * b) / vega);
        }
      }
    }
  });

  it('inverts BSM and inverse (coin) prices', () => {
    const p = bsm({ type: 'put', spot: 100, strike: 120, expiryYears: 2, vol: 0.45, rate: 0.05, dividendYield: 0.03 }).value;
    expect(impliedVolBsm({ type: 'put', spot: 100, strike: 120, expiryYears: 2, rate: 0.05, dividendYield: 0.03, price: p })).toBeCloseTo(0.45, 13);
    const c = inverseOption({ type: 'call', forward: 95000, strike: 120000, expiryYears: 0.1, vol: 0.55 }).value;
    expect(impliedVolInverse({ type: 'call', forward: 95000, strike: 120000, expiryYears: 0.1, price: c })).toBeCloseTo(0.55, 12);
  });
});

describe('no-arbitrage bounds', () => {
  const base = { forward: 100, strike: 90, expiryYears: 1 };
  it('rejects a price below intrinsic', () => {
    expect(() => impliedVolBlack76({ ...base, type: 'call', price: 9.99 })).toThrow(ImpliedVolError);
    try {
      impliedVolBlack76({ ...base, type: 'call', price: 9.99 });
    } catch (e) {
      expect((e as ImpliedVolError).failure).toBe('below-intrinsic');
    }
  });
  it('rejects a price at or above the forward (call) or strike (put)', () => {
    expect(() => impliedVolBlack76({ ...base, type: 'call', price: 100 })).toThrow(/maximum/);
    expect(() => impliedVolBlack76({ ...base, type: 'put', price: 90 })).toThrow(/maximum/);
    // discounted: the bound is D·F
    expect(() => impliedVolBlack76({ ...base, type: 'call', rate: 0.05, price: 100 * Math.exp(-0.05) })).toThrow(ImpliedVolError);
  });
  it('returns 0 for a price exactly at intrinsic', () => {
    expect(impliedVolBlack76({ ...base, type: 'call', price: 10 })).toBe(0);
    expect(impliedVolBlack76({ ...base, type: 'put', price: 0 })).toBe(0);
  });
  it('rejects invalid inputs with PricingError', () => {
    expect(() => impliedVolBlack76({ ...base, type: 'call', expiryYears: 0, price: 12 })).toThrow(PricingError);
    expect(() => impliedVolBlack76({ ...base, type: 'call', price: Number.NaN })).toThrow(PricingError);
    expect(() => impliedVolBlack76({ ...base, type: 'call', price: -1 })).toThrow();
    expect(() => impliedVolBlack76({ ...base, type: 'call', strike: -90, price: 12 })).toThrow(PricingError);
  });
});
