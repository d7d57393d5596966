/**
 * SlotSums (span-slot-sums.ts): sums kept for an entries array edited in place (entries replaced,
 * as a session does) equal, bit for bit, the sums of a fresh copy; they are the blocked order the
 * file describes; at most one block sums as the plain running sum from the start values.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SLOT_BLOCK, SlotSums } from './span-slot-sums';
import { prng } from '../../synthetic-book';

const W = 5;
interface Entry { slot: number; x: number }
const entryOf = (r: () => number): Entry => ({ slot: Math.floor(r() * W), x: (r() - 0.5) * 10 ** Math.floor(r() * 10 - 3) });
const entriesOf = (n: number, seed: number) => { const r = prng(seed); return Array.from({ length: n }, () => entryOf(r)); };
const adder = (es: readonly Entry[]) => (out: Float64Array, i: number) => { out[es[i].slot] += es[i].x; };
const START = Float64Array.from([0.1, 0, -2.5e-3, 7, 0]);
const bits = (v: Float64Array) => Array.from(new BigUint64Array(Float64Array.from(v).buffer), String);
const running = (es: readonly Entry[]) => { const out = Float64Array.from(START); for (let i = 0; i < es.length; i++) adder(es)(out, i); return out; };

describe('SlotSums', () => {
  it('at most one block: the plain running sum from the start values', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: SLOT_BLOCK }), fc.nat(), (n, seed) => {
      const es = entriesOf(n, seed);
      expect(bits(new SlotSums().sums(es, START, adder(es), 0))).toEqual(bits(running(es)));
    }));
  });

  it('more blocks: block 0 from the start values, later blocks from +0, added in block order', () => {
    const es = entriesOf(6 * SLOT_BLOCK + 9, 2);
    const want = running(es.slice(0, SLOT_BLOCK));
    for (let from = SLOT_BLOCK; from < es.length; from += SLOT_BLOCK) {
      const part = new Float64Array(W);
      const block = es.slice(from, from + SLOT_BLOCK);
      for (let i = 0; i < block.length; i++) adder(block)(part, i);
      for (let j = 0; j < W; j++) want[j] += part[j];
    }
    const got = new SlotSums().sums(es, START, adder(es), 0);
    expect(bits(got)).toEqual(bits(want));
    expect(bits(got)).not.toEqual(bits(running(es)));
  });

  it('entries replaced in place: the kept sums equal a fresh copy\'s, bit for bit; a new key or start sums afresh', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 6 * SLOT_BLOCK }), fc.nat(), fc.array(fc.array(fc.nat(), { maxLength: 5 }), { minLength: 1, maxLength: 6 }), (n, seed, rounds) => {
      const es = entriesOf(n, seed);
      const r = prng(seed + 1);
      const kept = new SlotSums();
      kept.sums(es, START, adder(es), 0);
      for (const edits of rounds) {
        for (const at of edits) es[at % n] = entryOf(r);
        const copy = es.slice();
        expect(bits(kept.sums(es, START, adder(es), 0))).toEqual(bits(new SlotSums().sums(copy, START, adder(copy), 0)));
      }
      // Another key (e.g. another as-of time: other terms) or other start values: nothing kept is used.
      const other = (out: Float64Array, i: number) => { out[es[i].slot] += 2 * es[i].x; };
      expect(bits(kept.sums(es, START, other, 1))).toEqual(bits(new SlotSums().sums(es, START, other, 1)));
      const start2 = START.map((x) => x + 1);
      expect(bits(kept.sums(es, start2, other, 1))).toEqual(bits(new SlotSums().sums(es, start2, other, 1)));
    }), { numRuns: 150 });
  });
});
