import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tailMeasures, tailSize, worstIndices } from './tail-measures';

describe('VaR / ES conventions (tail-measures.ts)', () => {
  it('n = 1,000 at 99 %: VaR is the 11th largest loss, ES the mean of the 10 largest', () => {
    // Losses 1, 2, …, 1000 (P&L −1 … −1000) in shuffled order. τ = 1000 × 0.01 = 10 (after the
    // 1e-9 rounding of 10.000000000000009), w = 10: VaR = L_(11) = 990; ES = (1000 + … + 991)/10 = 995.5.
    const pnl = Array.from({ length: 1000 }, (_, i) => -(((i * 7919) % 1000) + 1));
    const t = tailMeasures(pnl, 0.99);
    expect(t.tail).toBe(10);
    expect(t.whole).toBe(10);
    expect(t.valueAtRisk).toBe(990);
    expect(t.expectedShortfall).toBe(995.5);
    expect(t.worst.map((s) => -pnl[s])).toEqual([1000, 999, 998, 997, 996, 995, 994, 993, 992, 991, 990]);
    // 990 of the 1,000 losses are ≤ VaR: F_n(VaR) = 0.99 ≥ c, and F_n(989) = 0.989 < c.
    expect(pnl.filter((x) => -x <= t.valueAtRisk).length).toBe(990);
  });

  it('a fractional tail: n = 5 at 70 %', () => {
    // Losses 10, 8, −2, −5, −10 (desc). τ = 5 × 0.3 = 1.5, w = 1: VaR = L_(2) = 8;
    // ES = (L_(1) + 0.5 × L_(2)) / 1.5 = (10 + 4) / 1.5 = 9.333…
    const t = tailMeasures([-10, 10, -5, 8, -2].map((l) => -l), 0.7);
    expect(t.tail).toBe(1.5);
    expect(t.valueAtRisk).toBe(8);
    expect(t.expectedShortfall).toBeCloseTo(14 / 1.5, 12);
    expect(t.varIndex).toBe(3);
  });

  it('a tail under one scenario: ES = VaR = the largest loss', () => {
    // n = 50 at 99 %: τ = 0.5, w = 0: VaR = L_(1); ES = 0.5 × L_(1) / 0.5 = L_(1).
    const pnl = Array.from({ length: 50 }, (_, i) => i - 20);
    const t = tailMeasures(pnl, 0.99);
    expect(t.valueAtRisk).toBe(20);
    expect(t.expectedShortfall).toBe(20);
  });

  it('τ rounding: 1000 × (1 − 0.975) = 25, 250 × (1 − 0.99) = 2.5', () => {
    expect(tailSize(1000, 0.975)).toBe(25);
    expect(tailSize(250, 0.99)).toBe(2.5);
  });

  it('ties: equal losses keep scenario order', () => {
    expect(worstIndices([-1, -3, -3, 0, -3], 2)).toEqual([1, 2]);
    expect(worstIndices([5, 4], 5)).toEqual([1, 0]);
  });

  it('properties: ES ≥ VaR; positive homogeneity; scenario order does not matter; selection = full sort', () => {
    fc.assert(fc.property(
      fc.array(fc.integer({ min: -1_000_000, max: 1_000_000 }), { minLength: 1, maxLength: 300 }),
      fc.constantFrom(0.5, 0.9, 0.95, 0.975, 0.99, 0.999), fc.integer({ min: 1, max: 9 }),
      (xs, c, k) => {
        const t = tailMeasures(xs, c);
        expect(t.expectedShortfall).toBeGreaterThanOrEqual(t.valueAtRisk - 1e-9 * Math.abs(t.valueAtRisk));
        const tk = tailMeasures(xs.map((x) => k * x), c);
        expect(tk.valueAtRisk).toBe(k * t.valueAtRisk);
        expect(Math.abs(tk.expectedShortfall - k * t.expectedShortfall)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(k * t.expectedShortfall)));
        const rev = tailMeasures([...xs].reverse(), c);
        expect(rev.valueAtRisk).toBe(t.valueAtRisk);
        expect(Math.abs(rev.expectedShortfall - t.expectedShortfall)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(t.expectedShortfall)));
        const sorted = [...xs].map((x) => -x).sort((a, b) => b - a);
        expect(t.worst.map((s) => -xs[s])).toEqual(sorted.slice(0, t.worst.length));
      },
    ), { numRuns: 300 });
  });
});
