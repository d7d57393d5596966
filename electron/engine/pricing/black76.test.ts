import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { black76, black76Price, type Black76Input } from './black76';
import { inverseOption } from './inverse';
import { PricingError } from './pricing-types';

const type = fc.constantFrom<'call' | 'put'>('call', 'put');
/** Forward 1e-2…1e6, moneyness within ±5 sd, vol 1 %…500 %, T 1 day…5 years, rate −5 %…20 %. */
const option = fc.record({
  type,
  forward: fc.double({ min: 0.01, max: 1e6, noNaN: true }),
  z: fc.double({ min: -5, max: 5, noNaN: true }),
  vol: fc.double({ min: 0.01, max: 5, noNaN: true }),
  expiryYears: fc.double({ min: 1 / 365, max: 5, noNaN: true }),
  rate: fc.double({ min: -0.05, max: 0.2, noNaN: true }),
}).map(({ z, ...o }): Black76Input => ({ ...o, strike: o.forward * Math.exp(z * o.vol * Math.sqrt(o.expiryYears)) }));

const RUNS = { numRuns: 1000 };

describe('black76 properties', () => {
  it('put–call parity: C − P = D·(F − K)', () => {
    fc.assert(fc.property(option, (o) => {
      const c = black76Price({ ...o, type: 'call' }), p = black76Price({ ...o, type: 'put' });
      const d = Math.exp(-(o.rate ?? 0) * o.expiryYears);
      expect(Math.abs(c - p - d * (o.forward - o.strike))).toBeLessThanOrEqual(1e-12 * Math.max(o.forward, o.strike));
    }), RUNS);
  });

  it('no-arbitrage bounds: D·max(φ(F−K),0) ≤ V ≤ D·F (call) or D·K (put)', () => {
    fc.assert(fc.property(option, (o) => {
      const g = black76(o);
      const d = Math.exp(-(o.rate ?? 0) * o.expiryYears);
      const phi = o.type === 'call' ? 1 : -1;
      const tol = 1e-12 * Math.max(o.forward, o.strike);
      expect(g.value).toBeGreaterThanOrEqual(d * Math.max(phi * (o.forward - o.strike), 0) - tol);
      expect(g.value).toBeLessThanOrEqual(d * (phi > 0 ? o.forward : o.strike) + tol);
    }), RUNS);
  });

  it('monotone: calls fall and puts rise with strike; both rise with vol; vega > 0', () => {
    fc.assert(fc.property(option, fc.double({ min: 1.0001, max: 2, noNaN: true }), (o, bump) => {
      const base = black76(o);
      const higherK = black76Price({ ...o, strike: o.strike * bump });
      const higherVol = black76Price({ ...o, vol: o.vol * bump });
      const tol = 1e-12 * Math.max(o.forward, o.strike);
      if (o.type === 'call') expect(higherK).toBeLessThanOrEqual(base.value + tol);
      else expect(higherK).toBeGreaterThanOrEqual(base.value - tol);
      expect(higherVol).toBeGreaterThanOrEqual(base.value - tol);
      expect(base.vega).toBeGreaterThanOrEqual(0);
      if (base.value > 1e-300 && Math.abs(Math.log(o.forward / o.strike)) < 3 * o.vol * Math.sqrt(o.expiryYears)) expect(base.vega).toBeGreaterThan(0);
    }), RUNS);
  });

  it('gamma ≥ 0 and delta within [−D, D]', () => {
    fc.assert(fc.property(option, (o) => {
      const g = black76(o);
      const d = Math.exp(-(o.rate ?? 0) * o.expiryYears);
      expect(g.gamma).toBeGreaterThanOrEqual(0);
      expect(Math.abs(g.delta)).toBeLessThanOrEqual(d * (1 + 1e-15));
    }), RUNS);
  });
});

/** Central finite difference of f at x with relative step h. */
function fd(f: (x: number) => number, x: number, h = 1e-5): number {
  const dx = Math.max(Math.abs(x), 1e-3) * h;
  return (f(x + dx) - f(x - dx)) / (2 * dx);
}

const GREEK_CASES: Black76Input[] = [
  { type: 'call', forward: 60000, strike: 65000, expiryYears: 0.25, vol: 0.6, rate: 0.03 },
  { type: 'put', forward: 60000, strike: 52000, expiryYears: 0.05, vol: 0.9, rate: 0 },
  { type: 'call', forward: 1950, strike: 1500, expiryYears: 1.5, vol: 0.7, rate: 0.05 },
  { type: 'put', forward: 100, strike: 100, expiryYears: 2, vol: 0.2, rate: -0.01 },
];

describe('analytic greeks equal finite differences', () => {
  const near = (a: number, b: number, scale: number) => expect(Math.abs(a - b), `${a} vs ${b}`).toBeLessThanOrEqual(1e-6 * scale);
  it.each(GREEK_CASES)('black76 %o', (o) => {
    const g = black76(o);
    const v = (p: Partial<Black76Input>) => black76Price({ ...o, ...p });
    const scale = Math.max(o.forward, o.strike);
    near(g.delta, fd((f) => v({ forward: f }), o.forward), 1);
    near(g.gamma, fd((f) => black76({ ...o, forward: f }).delta, o.forward), 1 / o.forward);
    near(g.vega, fd((s) => v({ vol: s }), o.vol), scale);
    near(g.theta, -fd((t) => v({ expiryYears: t }), o.expiryYears), scale);
    near(g.rho, fd((r) => v({ rate: r }), o.rate ?? 0), scale);
    near(g.vanna, fd((s) => black76({ ...o, vol: s }).delta, o.vol), 1);
    near(g.volga, fd((s) => black76({ ...o, vol: s }).vega, o.vol), scale);
    near(g.strikeDelta, fd((k) => v({ strike: k }), o.strike), 1);
    near(g.strikeGamma, fd((k) => black76({ ...o, strike: k }).strikeDelta, o.strike), 1 / o.strike);
  });

  it.each(GREEK_CASES)('inverse (coin) %o', (o) => {
    const g = inverseOption(o);
    const v = (p: Partial<Black76Input>) => inverseOption({ ...o, ...p }).value;
    near(g.delta, fd((f) => v({ forward: f }), o.forward), 1 / o.forward);
    near(g.gamma, fd((f) => inverseOption({ ...o, forward: f }).delta, o.forward), 1 / (o.forward * o.forward));
    near(g.vega, fd((s) => v({ vol: s }), o.vol), 1);
    near(g.theta, -fd((t) => v({ expiryYears: t }), o.expiryYears), 1);
    near(g.rho, fd((r) => v({ rate: r }), o.rate ?? 0), 1);
    near(g.vanna, fd((s) => inverseOption({ ...o, vol: s }).delta, o.vol), 1 / o.forward);
    // Deribit net delta = Δ_BS − V_coin = F·∂V_coin/∂F.
    expect(Math.abs(g.netDelta - o.forward * g.delta)).toBeLessThan(1e-12);
    expect(Math.abs(g.netDelta - (g.blackDelta - g.value))).toBeLessThan(1e-15);
    expect(Math.abs(g.valueUsd - g.value * o.forward)).toBeLessThan(1e-9 * o.forward);
  });
});

describe('degenerate inputs', () => {
  it('zero vol or zero time gives the discounted intrinsic and a step delta', () => {
    const itm = black76({ type: 'call', forward: 110, strike: 100, expiryYears: 0, vol: 0.5 });
    expect(itm.value).toBe(10);
    expect(itm.delta).toBe(1);
    expect(itm.gamma).toBe(0);
    const otm = black76({ type: 'put', forward: 110, strike: 100, expiryYears: 1, vol: 0, rate: 0.05 });
    expect(otm.value).toBe(0);
    expect(otm.delta).toBe(0);
    const atm = black76({ type: 'call', forward: 100, strike: 100, expiryYears: 0, vol: 0.5 });
    expect(atm.value).toBe(0);
    expect(black76({ type: 'put', forward: 90, strike: 100, expiryYears: 1, vol: 0, rate: 0.05 }).value).toBeCloseTo(10 * Math.exp(-0.05), 14);
  });

  it.each([
    [{ forward: 0 }, /forward/], [{ forward: -1 }, /forward/], [{ strike: 0 }, /strike/], [{ vol: -0.1 }, /vol/],
    [{ expiryYears: -1 }, /expiryYears/], [{ forward: Number.NaN }, /forward/], [{ rate: Number.POSITIVE_INFINITY }, /rate/],
    [{ type: 'straddle' }, /type/],
  ])('rejects %o', (patch, message) => {
    const input = { type: 'call', forward: 100, strike: 100, expiryYears: 1, vol: 0.2, ...patch } as Black76Input;
    expect(() => black76(input)).toThrow(PricingError);
    expect(() => black76(input)).toThrow(message);
  });
});
