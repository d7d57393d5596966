/**
 * RiskBook: positions added by `addNew` (held as columns) behave exactly as positions added by
 * `set` — the same positions, row sizes, vectors and marginal margin, also after later edits —
 * and column snapshots stay as taken.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec } from '../money';
import { parseMarketSnapshot } from '../market-data';
import { DeribitPm } from './methods/deribit-pm/deribit-pm';
import { resolveDeribitPmParams } from './methods/deribit-pm/deribit-params';
import { resolveMarginInstrument } from './instrument-adapter';
import { syntheticMarket } from './synthetic-book';

const SYN = syntheticMarket(['BTC', 'ETH'], 40);
const MARKET = parseMarketSnapshot(SYN.market);
const SYMBOLS = [...SYN.options, ...SYN.deltaOne];
const PARAMS = resolveDeribitPmParams();
const SIZES = ['1', '-0.5', '2.25', '0.10', '-3', '12345678901234567.5', '7e-3', '-000.2', '0'];

const row = fc.record({ sym: fc.integer({ min: 0, max: SYMBOLS.length - 1 }), size: fc.integer({ min: 0, max: SIZES.length - 1 }) });

/** `set`, `addNew`, or `addNew` after `expect(list)` (ids, instruments, size texts read from the list). */
function pmOf(rows: { sym: number; size: number }[], how: 'set' | 'addNew' | 'expect'): DeribitPm {
  const pm = new DeribitPm(MARKET, PARAMS);
  const list = rows.map((r, i) => ({ id: `p${i}`, inst: resolveMarginInstrument(SYMBOLS[r.sym]), size: new Dec(SIZES[r.size]), sizeText: SIZES[r.size] }));
  if (how === 'expect') pm.expect(list); else if (how === 'addNew') pm.reserve(rows.length);
  for (const p of list) {
    if (how === 'set') pm.setPosition(p.id, p.inst, p.sizeText); else pm.addNewPosition(p.id, p.inst, p.sizeText);
  }
  return pm;
}

const snapshot = (pm: DeribitPm) => {
  const r = pm.compute({ marginal: true });
  return {
    im: r.currencies.map((c) => [c.currency, c.im.toString(), c.mm.toString(), c.groups.map((g) => [...g.state.vector])]),
    marginal: [...r.marginalIm.values],
    positions: r.marginalIm.positions.map((p) => ({ ...p })),
  };
};

describe('RiskBook columns (addNew)', () => {
  it('addNew equals set, before and after edits', () => {
    fc.assert(fc.property(fc.array(row, { minLength: 1, maxLength: 30 }), fc.array(row, { maxLength: 4 }), (rows, edits) => {
      const a = pmOf(rows, 'addNew'), b = pmOf(rows, 'set'), c = pmOf(rows, 'expect');
      expect(snapshot(a)).toEqual(snapshot(b));
      expect(snapshot(c)).toEqual(snapshot(b));
      expect(a.book.allPositions()).toEqual(b.book.allPositions());
      // Edits: replace, remove, and add after a bulk load.
      edits.forEach((e, k) => {
        const id = `p${e.sym % rows.length}`;
        const inst = resolveMarginInstrument(SYMBOLS[e.sym]);
        for (const pm of [a, b, c]) {
          if (k % 3 === 0) pm.setPosition(id, inst, SIZES[e.size]);
          else if (k % 3 === 1) pm.removePosition(id);
          else pm.addNewPosition(`n${k}`, inst, SIZES[e.size]);
        }
      });
      expect(snapshot(a)).toEqual(snapshot(b));
      expect(snapshot(c)).toEqual(snapshot(b));
      expect(a.book.getPosition('p0')).toEqual(b.book.getPosition('p0'));
      expect(c.book.getPosition('p0')).toEqual(b.book.getPosition('p0'));
    }), { numRuns: 60 });
  });

  it('a column snapshot is kept as taken when the book changes', () => {
    const pm = pmOf([{ sym: 0, size: 0 }, { sym: 1, size: 1 }, { sym: 0, size: 2 }], 'expect');
    const m = pm.compute({ marginal: true }).marginalIm;
    const idsOf = () => Array.from({ length: m.columns.count }, (_, i) => m.columns.id(i));
    const before = idsOf();
    for (let i = 0; i < 40; i++) pm.addNewPosition(`x${i}`, resolveMarginInstrument(SYMBOLS[i % SYMBOLS.length]), '1');
    pm.setPosition('p1', resolveMarginInstrument(SYMBOLS[2]), '5');
    expect(m.columns.count).toBe(3);
    expect(idsOf()).toEqual(before);
    expect(m.positions.map((p) => [p.id, p.sizeText])).toEqual([['p0', '1'], ['p1', '-0.5'], ['p2', '2.25']]);
    expect(m.get('p1')).toBe(m.values[1]);
  });
});

describe('RiskBook group vectors over more than one summation block (group-sum.ts)', () => {
  // 150 options per underlying: groups of ~110 rows, four blocks each.
  const BIG = syntheticMarket(['BTC', 'ETH'], 150);
  const BIG_MARKET = parseMarketSnapshot(BIG.market);
  const BIG_SYMBOLS = [...BIG.options, ...BIG.deltaOne];
  const build = (sizes: string[]) => {
    const pm = new DeribitPm(BIG_MARKET, PARAMS);
    sizes.forEach((s, i) => pm.setPosition(`p${i}`, resolveMarginInstrument(BIG_SYMBOLS[i % BIG_SYMBOLS.length]), s));
    return pm;
  };
  const vectors = (pm: DeribitPm) => pm.book.groups().map((g) => [g.key, g.rows.length, [...g.vector]]);

  it('size edits (one block re-summed each) give the fresh build\'s vectors, bit for bit', () => {
    const n = BIG_SYMBOLS.length + 40;
    fc.assert(fc.property(fc.array(fc.record({ at: fc.nat({ max: n - 1 }), size: fc.integer({ min: 0, max: SIZES.length - 1 }) }), { minLength: 1, maxLength: 8 }), (edits) => {
      const sizes = Array.from({ length: n }, (_, i) => SIZES[i % SIZES.length]);
      const pm = build(sizes);
      expect(Math.max(...pm.book.groups().map((g) => g.rows.length))).toBeGreaterThan(64);
      for (const e of edits) {
        sizes[e.at] = SIZES[e.size];
        pm.setPosition(`p${e.at}`, resolveMarginInstrument(BIG_SYMBOLS[e.at % BIG_SYMBOLS.length]), SIZES[e.size]);
        expect(vectors(pm)).toEqual(vectors(build(sizes)));
      }
    }), { numRuns: 15 });
  });
});
