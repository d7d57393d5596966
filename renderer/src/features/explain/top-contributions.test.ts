import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { topByMagnitude } from './top-contributions';

/** The reference: a stable full sort by magnitude, largest first. */
const bySort = <T>(xs: T[], n: number, mag: (t: T) => number) =>
  xs.map((item, order) => ({ item, order, m: mag(item) })).filter((x) => Number.isFinite(x.m))
    .sort((a, b) => b.m - a.m || a.order - b.order).slice(0, Math.max(0, n)).map((x) => x.item);

describe('topByMagnitude', () => {
  it('keeps the n largest magnitudes, largest first, losses and gains alike', () => {
    const rows = [3, -7, 1, 9, -2, 0, -9.5, 4].map((v, i) => ({ id: `p${i}`, v }));
    expect(topByMagnitude(rows, 3, (r) => Math.abs(r.v)).map((r) => r.id)).toEqual(['p6', 'p3', 'p1']);
  });
  it('handles n above the count, n = 0 and non-finite magnitudes', () => {
    expect(topByMagnitude([1, NaN, -2], 10, Math.abs)).toEqual([-2, 1]);
    expect(topByMagnitude([1, 2], 0, Math.abs)).toEqual([]);
  });
  it('equals a stable full sort (ties: earlier first)', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: -20, max: 20 }), { maxLength: 300 }), fc.integer({ min: 0, max: 40 }), (xs, n) => {
      const items = xs.map((v, i) => ({ i, v }));
      expect(topByMagnitude(items, n, (t) => Math.abs(t.v))).toEqual(bySort(items, n, (t) => Math.abs(t.v)));
    }));
  });
});
