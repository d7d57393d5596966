import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { black76 } from './black76';
import { bsm, type BsmInput } from './bsm';

const bsmInput = fc.record({
  type: fc.constantFrom<'call' | 'put'>('call', 'put'),
  spot: fc.double({ min: 1, max: 1e5, noNaN: true }),
  moneyness: fc.double({ min: 0.3, max: 3, noNaN: true }),
  vol: fc.double({ min: 0.01, max: 3, noNaN: true }),
  expiryYears: fc.double({ min: 1 / 365, max: 5, noNaN: true }),
  rate: fc.double({ min: -0.02, max: 0.15, noNaN: true }),
  dividendYield: fc.double({ min: -0.05, max: 0.1, noNaN: true }),
}).map(({ moneyness, ...o }): BsmInput => ({ ...o, strike: o.spot * moneyness }));

function fd(f: (x: number) => number, x: number, h = 1e-5): number {
  const dx = Math.max(Math.abs(x), 1e-3) * h;
  return (f(x + dx) - f(x - dx)) / (2 * dx);
}

describe('bsm', () => {
  it('equals Black-76 on the forward S·e^{(r−q)T} with D = e^{−rT}', () => {
    fc.assert(fc.property(bsmInput, (o) => {
      const s = bsm(o);
      const forward = o.spot * Math.exp(((o.rate ?? 0) - (o.dividendYield ?? 0)) * o.expiryYears);
      const b = black76({ type: o.type, forward, strike: o.strike, expiryYears: o.expiryYears, vol: o.vol, rate: o.rate });
      expect(s.value).toBe(b.value);
      expect(s.vega).toBe(b.vega);
    }), { numRuns: 500 });
  });

  it('put–call parity C − P = S·e^{−qT} − K·e^{−rT}', () => {
    fc.assert(fc.property(bsmInput, (o) => {
      const c = bsm({ ...o, type: 'call' }).value, p = bsm({ ...o, type: 'put' }).value;
      const parity = o.spot * Math.exp(-(o.dividendYield ?? 0) * o.expiryYears) - o.strike * Math.exp(-(o.rate ?? 0) * o.expiryYears);
      expect(Math.abs(c - p - parity)).toBeLessThanOrEqual(1e-11 * Math.max(o.spot, o.strike));
    }), { numRuns: 500 });
  });

  it.each<BsmInput>([
    { type: 'call', spot: 100, strike: 95, expiryYears: 0.5, vol: 0.2, rate: 0.1, dividendYield: 0.05 },
    { type: 'put', spot: 430, strike: 405, expiryYears: 1 / 12, vol: 0.2, rate: 0.07, dividendYield: 0.05 },
    { type: 'put', spot: 60000, strike: 70000, expiryYears: 1.2, vol: 0.8, rate: 0.04, dividendYield: -0.02 },
  ])('spot greeks equal finite differences: %o', (o) => {
    const g = bsm(o);
    const v = (p: Partial<BsmInput>) => bsm({ ...o, ...p }).value;
    const near = (a: number, b: number, scale: number) => expect(Math.abs(a - b), `${a} vs ${b}`).toBeLessThanOrEqual(1e-6 * scale);
    const scale = Math.max(o.spot, o.strike);
    near(g.delta, fd((s) => v({ spot: s }), o.spot), 1);
    near(g.gamma, fd((s) => bsm({ ...o, spot: s }).delta, o.spot), 1 / o.spot);
    near(g.vega, fd((s) => v({ vol: s }), o.vol), scale);
    near(g.theta, -fd((t) => v({ expiryYears: t }), o.expiryYears), scale);
    near(g.rho, fd((r) => v({ rate: r }), o.rate ?? 0), scale);
    near(g.dividendRho, fd((q) => v({ dividendYield: q }), o.dividendYield ?? 0), scale);
    near(g.vanna, fd((s) => bsm({ ...o, vol: s }).delta, o.vol), 1);
    expect(g.elasticity).toBeCloseTo((g.delta * o.spot) / g.value, 12);
  });
});
