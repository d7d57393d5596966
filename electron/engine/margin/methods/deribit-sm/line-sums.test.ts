/**
 * lineSums (line-sums.ts): sums kept for a lines array edited in place (lines replaced, as a
 * session does) equal, bit for bit, the sums of a fresh copy; they are the blocked order the file
 * describes; a list of at most one block sums as the plain running sum in line order.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec } from '../../../money';
import { LINE_BLOCK, lineSums, type CcySums } from './line-sums';
import type { SmLine } from './run-deribit-sm';
import { prng } from '../../synthetic-book';

const CCYS = ['BTC', 'ETH', 'USDC'];
const lineOf = (i: number, r: () => number): SmLine => ({
  id: `p${i}`, symbol: `S${i % 17}`, position: { id: `p${i}`, inst: {} as SmLine['position']['inst'], size: new Dec(1) }, ccy: CCYS[Math.floor(r() * CCYS.length)],
  // Mixed magnitudes, so sums round and orders can be told apart.
  im: r() * 10 ** Math.floor(r() * 10 - 3), mm: r() * 10 ** Math.floor(r() * 10 - 3), kind: r() < 0.7 ? 'option' : 'future',
});
const linesOf = (n: number, seed: number) => { const r = prng(seed); return Array.from({ length: n }, (_, i) => lineOf(i, r)); };
const plain = (lines: readonly SmLine[]) => {
  const out = new Map<string, CcySums>();
  for (const l of lines) {
    let t = out.get(l.ccy);
    if (!t) { t = { optIm: 0, futIm: 0, mm: 0 }; out.set(l.ccy, t); }
    if (l.kind === 'option') t.optIm += l.im; else t.futIm += l.im;
    t.mm += l.mm;
  }
  return out;
};
const asObject = (m: Map<string, CcySums>) => Object.fromEntries(m);

describe('lineSums', () => {
  it('at most one block: the plain running sum in line order', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: LINE_BLOCK }), fc.nat(), (n, seed) => {
      const lines = linesOf(n, seed);
      expect(asObject(lineSums(lines))).toEqual(asObject(plain(lines)));
    }));
  });

  it('more blocks: each block summed from +0, the partials added in block order', () => {
    const lines = linesOf(7 * LINE_BLOCK + 5, 4);
    const want = new Map<string, CcySums>();
    for (let from = 0; from < lines.length; from += LINE_BLOCK) {
      for (const [c, s] of plain(lines.slice(from, from + LINE_BLOCK))) {
        const t = want.get(c) ?? { optIm: 0, futIm: 0, mm: 0 };
        t.optIm += s.optIm; t.futIm += s.futIm; t.mm += s.mm;
        want.set(c, t);
      }
    }
    expect(asObject(lineSums(lines))).toEqual(asObject(want));
    expect(asObject(lineSums(lines))).not.toEqual(asObject(plain(lines)));
  });

  it('lines replaced in place: the kept sums equal a fresh copy\'s, bit for bit', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 6 * LINE_BLOCK }), fc.nat(), fc.array(fc.array(fc.nat(), { maxLength: 5 }), { minLength: 1, maxLength: 6 }), (n, seed, rounds) => {
      const lines = linesOf(n, seed);
      const r = prng(seed + 1);
      lineSums(lines);
      for (const edits of rounds) {
        for (const at of edits) lines[at % n] = lineOf(at % n, r);
        expect(asObject(lineSums(lines))).toEqual(asObject(lineSums(lines.slice())));
      }
    }), { numRuns: 150 });
  });
});
