/**
 * Properties of the USD-margined methods `derive-pm2`, `span` and `tims` on random books over a
 * synthetic BTC/ETH market: IM ≥ MM ≥ 0 and the add-ons sum to IM exactly; scaling every size by
 * 3 scales IM by 3 (each method is positively homogeneous); a book plus its exact hedge needs 0;
 * the result does not depend on the order of the positions (up to float summation order) and a
 * second run is identical.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec } from '../money';
import { parseMarketSnapshot } from '../market-data';
import { DERIVE_PM2_ID } from './methods/derive-pm2/id';
import { SPAN_ID } from './methods/span/id';
import { TIMS_ID } from './methods/tims/id';
import { runMargin } from './registry';
import { syntheticMarket } from './synthetic-book';

const SYN = syntheticMarket(['BTC', 'ETH'], 40);
const MARKET = parseMarketSnapshot(SYN.market);
const SYMBOLS = [...SYN.options, ...SYN.deltaOne];
const METHODS = [DERIVE_PM2_ID, SPAN_ID, TIMS_ID];

const book = fc.array(fc.record({ sym: fc.integer({ min: 0, max: SYMBOLS.length - 1 }), size: fc.integer({ min: -2000, max: 2000 }).filter((x) => x !== 0) }), { minLength: 1, maxLength: 25 });
/** Inverse delta-one sizes are USD: ×100 so they weigh like the coin-sized rows. */
const rows = (b: { sym: number; size: number }[], k = 1) => b.map((p) => {
  const s = SYMBOLS[p.sym];
  const usd = !s.includes('_') && (s.endsWith('PERPETUAL') || s.split('-').length === 2);
  return { instrument: s, size: String((k * p.size * (usd ? 100 : 1)) / 10) };
});
const im = (m: string, positions: { instrument: string; size: string }[]) => runMargin({ methodId: m, portfolio: { name: 'p', positions }, snapshot: MARKET, account: false, marginal: false });

describe.each(METHODS)('%s properties', (m) => {
  it('IM ≥ MM ≥ 0; add-ons sum to IM exactly; scaling by 3; exact hedge → 0; order and rerun', () => {
    fc.assert(fc.property(book, (b) => {
      const r = im(m, rows(b));
      const u = r.byCurrency.USD;
      const IM = new Dec(u.initialMargin), MM = new Dec(u.maintenanceMargin);
      expect(IM.gte(MM)).toBe(true);
      expect(MM.gte(0)).toBe(true);
      expect(Object.values(u.addOns).reduce((a, x) => a.plus(x), new Dec(0)).eq(IM)).toBe(true);
      const r3 = im(m, rows(b, 3));
      expect(Math.abs(Number(r3.byCurrency.USD.initialMargin) - 3 * IM.toNumber())).toBeLessThanOrEqual(1e-6 * Math.max(1, IM.toNumber()) + 1e-5);
      const hedged = im(m, [...rows(b), ...rows(b, -1)]);
      expect(Number(hedged.byCurrency.USD.initialMargin)).toBeLessThanOrEqual(1e-6);
      const rev = im(m, rows(b).reverse());
      expect(Math.abs(Number(rev.byCurrency.USD.initialMargin) - IM.toNumber())).toBeLessThanOrEqual(1e-7 * Math.max(1, IM.toNumber()));
      expect(im(m, rows(b))).toEqual(r);
    }), { numRuns: 25 });
  });
});
