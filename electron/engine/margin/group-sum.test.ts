/**
 * GroupSum (group-sum.ts): a vector re-summed after size changes (changed blocks only) is, bit for
 * bit, the full sum of the same sizes; the full sum is the blocked order the file describes, over
 * the non-zero terms only (rows of size 0 anywhere change nothing); a group of at most one block is
 * the plain running sum (the order before blocks); `sumTermsInBlocks` sums the same way.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GROUP_BLOCK, GroupSum, sumTermsInBlocks } from './group-sum';
import { prng } from './synthetic-book';

const N = 7;

/** Rows 0 … nRows-1 of `N` scenarios with values of mixed magnitudes (sums that round). */
function dataOf(nRows: number, seed: number): Float64Array {
  const r = prng(seed);
  const d = new Float64Array(nRows * N);
  for (let i = 0; i < d.length; i++) d[i] = (r() - 0.5) * 10 ** Math.floor(r() * 12 - 4);
  return d;
}

const bits = (v: Float64Array) => Array.from(new BigUint64Array(v.buffer.slice(0)), String);

/** The running sum from +0 of size × row over `rows` (zero sizes skipped). */
function running(rows: readonly number[], sizes: Float64Array, data: Float64Array): Float64Array {
  const v = new Float64Array(N);
  for (const r of rows) { if (sizes[r] === 0) continue; for (let s = 0; s < N; s++) v[s] += sizes[r] * data[r * N + s]; }
  return v;
}

function fullSum(rows: readonly number[], sizes: Float64Array, data: Float64Array): Float64Array {
  const v = new Float64Array(N);
  new GroupSum().sum(v, rows, sizes, data, N);
  return v;
}

describe('GroupSum', () => {
  it('at most one block: the plain running sum', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: GROUP_BLOCK }), fc.nat(), (n, seed) => {
      const data = dataOf(n, seed);
      const sizes = Float64Array.from({ length: n }, (_, i) => ((i * 7 + seed) % 11) - 5 + 0.1);
      const rows = Array.from({ length: n }, (_, i) => i);
      expect(bits(fullSum(rows, sizes, data))).toEqual(bits(running(rows, sizes, data)));
    }));
  });

  it('more blocks: each block a running sum from +0, the partials added in block order', () => {
    const n = 5 * GROUP_BLOCK + 3;
    const data = dataOf(n, 3);
    const sizes = Float64Array.from({ length: n }, (_, i) => (i % 9) - 4 + 0.3);
    const rows = Array.from({ length: n }, (_, i) => i);
    const want = new Float64Array(N);
    for (let b = 0; b * GROUP_BLOCK < n; b++) {
      const p = running(rows.slice(b * GROUP_BLOCK, (b + 1) * GROUP_BLOCK), sizes, data);
      for (let s = 0; s < N; s++) want[s] += p[s];
    }
    expect(bits(fullSum(rows, sizes, data))).toEqual(bits(want));
    // Not the running sum on this data (so the test above tells the two orders apart).
    expect(bits(fullSum(rows, sizes, data))).not.toEqual(bits(running(rows, sizes, data)));
  });

  it('edits re-summing changed blocks only equal the full sum, bit for bit', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 6 * GROUP_BLOCK }), fc.nat(),
      fc.array(fc.array(fc.record({ at: fc.nat(), size: fc.integer({ min: -50, max: 50 }) }), { maxLength: 4 }), { minLength: 1, maxLength: 6 }),
      (n, seed, rounds) => {
        // A group's rows: every other row of the arrays (groups interleave), ascending.
        const data = dataOf(2 * n, seed);
        const rows = Array.from({ length: n }, (_, i) => 2 * i + (seed % 2));
        const sizes = new Float64Array(2 * n).map((_, r) => ((r * 13 + seed) % 17) / 4 - 2);
        const g = new GroupSum();
        const v = new Float64Array(N);
        g.sum(v, rows, sizes, data, N);
        for (const edits of rounds) {
          for (const e of edits) sizes[rows[e.at % n]] = e.size / 8;
          g.sum(v, rows, sizes, data, N);
          expect(bits(v)).toEqual(bits(fullSum(rows, sizes, data)));
        }
      },
    ), { numRuns: 200 });
  });

  it('rows of size 0 (held or not) change nothing: the same bits as the group without them', () => {
    fc.assert(fc.property(fc.integer({ min: GROUP_BLOCK + 1, max: 5 * GROUP_BLOCK }), fc.nat(), fc.array(fc.nat(), { maxLength: 40 }), (n, seed, zeros) => {
      const data = dataOf(n, seed);
      const sizes = new Float64Array(n).map((_, r) => ((r * 7 + seed) % 13) / 4 + 0.5);
      const all = Array.from({ length: n }, (_, i) => i);
      const g = new GroupSum();
      const v = new Float64Array(N);
      g.sum(v, all, sizes, data, N);
      for (const z of zeros) sizes[z % n] = z % 2 === 0 ? 0 : -0;
      g.sum(v, all, sizes, data, N);
      const held = all.filter((r) => sizes[r] !== 0);
      expect(bits(v)).toEqual(bits(fullSum(held, sizes, data)));
      expect(bits(v)).toEqual(bits(fullSum(all, sizes, data)));
    }), { numRuns: 100 });
  });

  it('sumTermsInBlocks equals GroupSum on the same terms', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 5 * GROUP_BLOCK }), fc.nat(), (n, seed) => {
      const data = dataOf(n, seed);
      const sizes = new Float64Array(n).map((_, r) => ((r * 5 + seed) % 9) - 4);
      const rows = Array.from({ length: n }, (_, i) => i);
      const held = rows.filter((r) => sizes[r] !== 0);
      const v = new Float64Array(N);
      sumTermsInBlocks(v, N, held.length, (out, o, t) => { const r = held[t]; for (let s = 0; s < N; s++) out[o + s] += sizes[r] * data[r * N + s]; });
      expect(bits(v)).toEqual(bits(fullSum(rows, sizes, data)));
    }), { numRuns: 100 });
  });

  it('a row inserted into the group (blocks move) sums in full', () => {
    const n = 3 * GROUP_BLOCK;
    const data = dataOf(n + 1, 9);
    const sizes = new Float64Array(n + 1).map((_, r) => (r % 5) - 2.5);
    const rows = Array.from({ length: n }, (_, i) => i + 1);
    const g = new GroupSum();
    const v = new Float64Array(N);
    g.sum(v, rows, sizes, data, N);
    rows.unshift(0);
    g.sum(v, rows, sizes, data, N);
    expect(bits(v)).toEqual(bits(fullSum(rows, sizes, data)));
  });
});
