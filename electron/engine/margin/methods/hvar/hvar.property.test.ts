/**
 * Properties of `hvar` on random books over a synthetic BTC/ETH market and the bundled history,
 * for three parameter sets (the defaults; 2-day non-overlapping vol-scaled ES with MM = 0.8 × IM;
 * 97.5 % VaR over 500 days): IM ≥ MM ≥ 0 and the add-ons sum to IM exactly; scaling every size by 3
 * scales IM by 3 (VaR and ES are positively homogeneous and the worst days stay the worst); a book
 * plus its exact hedge needs 0; the order of the positions does not matter (up to float summation
 * order) and a second run is identical; a book's IM is at most the sum of its underlyings'
 * stand-alone ES (ES is subadditive) and VaR ≤ ES.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec } from '../../../money';
import { parseMarketSnapshot } from '../../../market-data';
import { runMargin } from '../../registry';
import { syntheticMarket } from '../../synthetic-book';
import { HVAR_ID } from './id';

const SYN = syntheticMarket(['BTC', 'ETH'], 30);
const MARKET = parseMarketSnapshot(SYN.market);
const SYMBOLS = [...SYN.options, ...SYN.deltaOne];
const SETS: [string, Record<string, unknown> | undefined][] = [
  ['defaults', undefined],
  ['2-day non-overlapping, vol-scaled, MM 0.8', { horizonDays: 2, sampling: 'non-overlapping', volTreatment: 'scaled', maintenanceToInitial: 0.8 }],
  ['97.5 % VaR over 500 days', { windowDays: 500, confidence: 0.975, measure: 'value-at-risk' }],
];

const book = fc.array(fc.record({ sym: fc.integer({ min: 0, max: SYMBOLS.length - 1 }), size: fc.integer({ min: -2000, max: 2000 }).filter((x) => x !== 0) }), { minLength: 1, maxLength: 20 });
/** Inverse delta-one sizes are USD: ×100 so they weigh like the coin-sized rows. */
const rows = (b: { sym: number; size: number }[], k = 1) => b.map((p) => {
  const s = SYMBOLS[p.sym];
  const usd = !s.includes('_') && (s.endsWith('PERPETUAL') || s.split('-').length === 2);
  return { instrument: s, size: String((k * p.size * (usd ? 100 : 1)) / 10) };
});
const run = (positions: { instrument: string; size: string }[], params: unknown) => runMargin({ methodId: HVAR_ID, portfolio: { name: 'p', positions }, snapshot: MARKET, params, account: false, marginal: false });

describe.each(SETS)('hvar properties (%s)', (_name, params) => {
  it('IM ≥ MM ≥ 0; add-ons sum to IM exactly; scaling by 3; exact hedge → 0; order and rerun', () => {
    fc.assert(fc.property(book, (b) => {
      const r = run(rows(b), params);
      const u = r.byCurrency.USD;
      const IM = new Dec(u.initialMargin), MM = new Dec(u.maintenanceMargin);
      expect(IM.gte(MM)).toBe(true);
      expect(MM.gte(0)).toBe(true);
      expect(Object.values(u.addOns).reduce((a, x) => a.plus(x), new Dec(0)).eq(IM)).toBe(true);
      const r3 = run(rows(b, 3), params);
      expect(Math.abs(Number(r3.byCurrency.USD.initialMargin) - 3 * IM.toNumber())).toBeLessThanOrEqual(1e-6 * Math.max(1, IM.toNumber()) + 1e-5);
      expect(Number(run([...rows(b), ...rows(b, -1)], params).byCurrency.USD.initialMargin)).toBeLessThanOrEqual(1e-6);
      const rev = run(rows(b).reverse(), params);
      expect(Math.abs(Number(rev.byCurrency.USD.initialMargin) - IM.toNumber())).toBeLessThanOrEqual(1e-7 * Math.max(1, IM.toNumber()));
      expect(run(rows(b), params)).toEqual(r);
    }), { numRuns: 15 });
  });
});

describe('hvar: ES is subadditive across underlyings, VaR ≤ ES', () => {
  it('IM(book) ≤ Σ IM(underlying alone); VaR ≤ ES', () => {
    fc.assert(fc.property(book, (b) => {
      const all = rows(b);
      const im = Number(run(all, undefined).byCurrency.USD.initialMargin);
      const parts = ['BTC', 'ETH'].map((u) => all.filter((x) => x.instrument.startsWith(u))).filter((x) => x.length > 0);
      const sum = parts.reduce((a, p) => a + Number(run(p, undefined).byCurrency.USD.initialMargin), 0);
      expect(im).toBeLessThanOrEqual(sum + 1e-6 * Math.max(1, sum));
      const v = Number(run(all, { measure: 'value-at-risk' }).byCurrency.USD.initialMargin);
      expect(v).toBeLessThanOrEqual(im + 1e-9);
    }), { numRuns: 15 });
  });
});
