import { describe, expect, it } from 'vitest';
import { MarketSnapshot, type VolQuote } from '../market-data';
import { surfaceArbitrage, type ButterflyWarning, type CalendarWarning } from './surface-arbitrage';

const AS_OF = Date.parse('2026-01-01T00:00:00Z');
const DAY = 86_400_000;
/** ACT/365: 91.25 days = 0.25 y, 182.5 days = 0.5 y, 365 days = 1 y. */
const T1 = AS_OF + 91.25 * DAY, T2 = AS_OF + 182.5 * DAY, T1Y = AS_OF + 365 * DAY;

function snap(forwards: [number, number][], vols: [number, number, number][]): MarketSnapshot {
  return MarketSnapshot.create({
    asOfMs: AS_OF,
    underlyings: { BTC: { index: 100, forwards: forwards.map(([expiryMs, price]) => ({ expiryMs, price })), vols: vols.map(([expiryMs, strike, vol]): VolQuote => ({ expiryMs, strike, vol })) } },
  });
}

describe('calendar arbitrage: w(k,T) = σ²T non-decreasing in T at fixed k = ln(K/F)', () => {
  it('finds none on a flat surface, nor where w is equal across expiries', () => {
    const flat = snap([[T1, 100], [T2, 100]], [[T1, 90, 0.5], [T1, 100, 0.5], [T1, 110, 0.5], [T2, 90, 0.5], [T2, 100, 0.5], [T2, 110, 0.5]]);
    expect(surfaceArbitrage(flat)).toEqual([]);
    // σ₂ = σ₁·√(T₁/T₂): w equal at every k (0.4²·0.25 = 0.04 = (0.4/√2)²·0.5).
    const equal = snap([[T1, 100], [T2, 100]], [[T1, 100, 0.4], [T2, 100, 0.4 / Math.SQRT2]]);
    expect(surfaceArbitrage(equal)).toEqual([]);
  });

  it('compares at the same log-moneyness on each expiry\'s own forward, and names both quotes', () => {
    // F(T1) = 100, F(T2) = 110; strikes at k = ln 0.9, 0, ln 1.1 on each expiry.
    // w₁ = (0.5², 0.4², 0.3²)·0.25 = (0.0625, 0.04, 0.0225); w₂ = (0.36², 0.29², 0.2²)·0.5 = (0.0648, 0.04205, 0.02):
    // only k = ln 1.1 decreases (0.0225 → 0.02).
    const s = snap([[T1, 100], [T2, 110]], [
      [T1, 90, 0.5], [T1, 100, 0.4], [T1, 110, 0.3],
      [T2, 99, 0.36], [T2, 110, 0.29], [T2, 121, 0.2],
    ]);
    const w = surfaceArbitrage(s) as CalendarWarning[];
    expect(w.map((x) => [x.kind, x.expiryMs, x.strike])).toEqual([['calendar', T1, 110], ['calendar', T2, 121]]);
    for (const x of w) {
      expect(x.earlierExpiryMs).toBe(T1);
      expect(x.laterExpiryMs).toBe(T2);
      expect(x.logMoneyness).toBeCloseTo(Math.log(1.1), 14);
      expect(x.earlierTotalVariance).toBeCloseTo(0.0225, 14);
      expect(x.laterTotalVariance).toBeCloseTo(0.02, 14);
    }
  });

  it('ignores moneyness outside either smile\'s quoted range (flat extrapolation is no quote)', () => {
    // The later smile is quoted only at the money: T1's wings are not compared with its flat extension.
    const s = snap([[T1, 100], [T1Y, 100]], [[T1, 50, 2], [T1, 100, 0.5], [T1, 200, 2], [T1Y, 100, 0.5]]);
    expect(surfaceArbitrage(s)).toEqual([]);
  });
});

describe('butterfly arbitrage: call prices convex in strike', () => {
  it('reproduces a butterfly computed by hand from Φ(0.5)', () => {
    // F = 100, T = 1 y. K = 90 and 110 at 1 % vol are intrinsic to < 1e-20 (d = ±10.5): C₁ = 10, C₃ = 0.
    // K = 100 at 100 %: C₂ = F·(2Φ(½) − 1) with Φ(0.5) = 0.691462461274013103637704610608 (Abramowitz & Stegun 26.2,
    // table 26.1), so C₂ = 38.2924922548026207… and B = (10·10 + 10·0)/20 − C₂ = −33.2924922548026207….
    const s = snap([[T1Y, 100]], [[T1Y, 90, 0.01], [T1Y, 100, 1], [T1Y, 110, 0.01]]);
    const [w, ...rest] = surfaceArbitrage(s) as ButterflyWarning[];
    expect(rest).toEqual([]);
    expect(w).toMatchObject({ kind: 'butterfly', underlying: 'BTC', expiryMs: T1Y, strikes: [90, 100, 110] });
    expect(w!.butterfly).toBeCloseTo(5 - 100 * (2 * 0.6914624612740131 - 1), 12);
  });

  it('finds none on a convex smile and one per spiked strike on uneven strikes', () => {
    const smile = [[80, 0.7], [90, 0.62], [100, 0.58], [125, 0.6], [150, 0.66]] as const;
    expect(surfaceArbitrage(snap([[T1, 100]], smile.map(([k, v]) => [T1, k, v])))).toEqual([]);
    const spiked = smile.map(([k, v]): [number, number, number] => [T1, k, k === 125 ? 1.6 : v]);
    const w = surfaceArbitrage(snap([[T1, 100]], spiked)) as ButterflyWarning[];
    expect(w.map((x) => x.strikes)).toEqual([[100, 125, 150]]);
    expect(w[0]!.butterfly).toBeLessThan(0);
  });
});
