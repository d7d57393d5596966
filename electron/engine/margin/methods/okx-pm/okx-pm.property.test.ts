/**
 * Properties of `okx-pm` on random books over a synthetic BTC/ETH market (as the other USD
 * methods' in usd-methods.property.test.ts): IM ≥ MM ≥ 0 and the add-ons sum to IM exactly;
 * scaling every size by 3 scales IM by 3 with one MR7 tier (every component is positively
 * homogeneous), and by at least 3 with the Jan-2025 tiers (the multipliers only grow); a book plus
 * its exact hedge needs 0; the result does not depend on the order of the positions (up to float
 * summation order) and a second run is identical.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec } from '../../../money';
import { parseMarketSnapshot } from '../../../market-data';
import { runMargin } from '../../registry';
import { syntheticMarket } from '../../synthetic-book';
import { OKX_PM_ID } from './id';

const SYN = syntheticMarket(['BTC', 'ETH'], 40);
const MARKET = parseMarketSnapshot(SYN.market);
const SYMBOLS = [...SYN.options, ...SYN.deltaOne];
const ONE_TIER = { groups: { btcEth: { mr7: { tiers: [{ upTo: null, multiplier: 1 }] } } } };

const book = fc.array(fc.record({ sym: fc.integer({ min: 0, max: SYMBOLS.length - 1 }), size: fc.integer({ min: -2000, max: 2000 }).filter((x) => x !== 0) }), { minLength: 1, maxLength: 25 });
/** Inverse delta-one sizes are USD: ×100 so they weigh like the coin-sized rows. */
const rows = (b: { sym: number; size: number }[], k = 1) => b.map((p) => {
  const s = SYMBOLS[p.sym];
  const usd = !s.includes('_') && (s.endsWith('PERPETUAL') || s.split('-').length === 2);
  return { instrument: s, size: String((k * p.size * (usd ? 100 : 1)) / 10) };
});
const run = (positions: { instrument: string; size: string }[], params?: unknown) =>
  runMargin({ methodId: OKX_PM_ID, portfolio: { name: 'p', positions }, snapshot: MARKET, params, account: false, marginal: false });
const imOf = (r: ReturnType<typeof run>) => Number(r.byCurrency.USD.initialMargin);

describe('okx-pm properties', () => {
  it('IM ≥ MM ≥ 0; add-ons sum to IM exactly; scaling by 3; exact hedge → 0; order and rerun', () => {
    fc.assert(fc.property(book, fc.boolean(), (b, oneTier) => {
      const params = oneTier ? ONE_TIER : undefined;
      const r = run(rows(b), params);
      const u = r.byCurrency.USD;
      const IM = new Dec(u.initialMargin), MM = new Dec(u.maintenanceMargin);
      expect(IM.gte(MM)).toBe(true);
      expect(MM.gte(0)).toBe(true);
      expect(Object.values(u.addOns).reduce((a, x) => a.plus(x), new Dec(0)).eq(IM)).toBe(true);
      const im3 = imOf(run(rows(b, 3), params));
      const tol = 1e-6 * Math.max(1, IM.toNumber()) + 1e-5;
      if (oneTier) expect(Math.abs(im3 - 3 * IM.toNumber())).toBeLessThanOrEqual(tol);
      else expect(im3).toBeGreaterThanOrEqual(3 * IM.toNumber() - tol);
      expect(imOf(run([...rows(b), ...rows(b, -1)], params))).toBeLessThanOrEqual(1e-6);
      expect(Math.abs(imOf(run(rows(b).reverse(), params)) - IM.toNumber())).toBeLessThanOrEqual(1e-7 * Math.max(1, IM.toNumber()));
      expect(run(rows(b), params)).toEqual(r);
    }), { numRuns: 25 });
  });

  it('the requirement is the composition of its components per unit', () => {
    fc.assert(fc.property(book, (b) => {
      const u = run(rows(b)).byCurrency.USD;
      const a = Object.fromEntries(Object.entries(u.addOns).map(([k, v]) => [k, new Dec(v)]));
      const mm = new Dec(u.maintenanceMargin);
      // MM is the sum of the unit lines; the IM loading is (imFactor − 1) × MM rounded.
      expect(a.spotVolStress.plus(a.timeDecay).plus(a.extremeMove).plus(a.volTermStructure).plus(a.basis).plus(a.interestRate).plus(a.minimumCharge).eq(mm)).toBe(true);
      expect(Math.abs(a.initialMarginFactor.toNumber() - 0.3 * mm.toNumber())).toBeLessThanOrEqual(1e-6);
    }), { numRuns: 15 });
  });
});
