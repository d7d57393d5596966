/**
 * Properties of `deribit-pm` (issue 4 tests): IM ≥ MM ≥ 0; a book plus its exact hedge has
 * worst case 0; scaling sizes by k scales the standard vector by k; adding P&L that is ≥ 0 in
 * every scenario never raises the worst case; incremental = full recomputation to the last bit;
 * explanations sum back.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec } from '../../../money';
import { parseMarketSnapshot } from '../../../market-data';
import { DeribitPm } from './deribit-pm';
import { evaluateGroup, emptyFacts } from './deribit-group';
import { resolveDeribitPmParams } from './deribit-params';
import { resolveMarginInstrument } from '../../instrument-adapter';
import { syntheticMarket } from '../../synthetic-book';
import { runMargin } from '../../registry';

const SYN = syntheticMarket(['BTC', 'ETH'], 60);
const MARKET = parseMarketSnapshot(SYN.market);
const SYMBOLS = [...SYN.options, ...SYN.deltaOne];
// Low delta-shock thresholds so the delta shock is active in random books.
const PARAMS = resolveDeribitPmParams({
  currency: { btc: { pnl_offset: 0.4, max_offsetable_pnl: 1e6 } },
  currency_pair: { btc_usd: { delta_total_liq_shock_threshold: 1000, m_inc: 0.01 }, eth_usd: { delta_total_liq_shock_threshold: 100, m_inc: 0.01 } },
});

const position = fc.record({
  sym: fc.integer({ min: 0, max: SYMBOLS.length - 1 }),
  size: fc.integer({ min: -50_000, max: 50_000 }).filter((x) => x !== 0),
});
const book = fc.array(position, { minLength: 1, maxLength: 12 });
const sizeOf = (sym: string, units: number) => new Dec(units).times(sym.includes('_') || sym.split('-').length === 4 ? '0.001' : '10');

function build(rows: { sym: number; size: number }[], k: Dec = new Dec(1)): DeribitPm {
  const pm = new DeribitPm(MARKET, PARAMS);
  rows.forEach((r, i) => pm.setPosition(`p${i}`, resolveMarginInstrument(SYMBOLS[r.sym]), sizeOf(SYMBOLS[r.sym], r.size).times(k)));
  return pm;
}

describe('deribit-pm properties', () => {
  it('IM ≥ MM ≥ 0 and add-ons add up to IM', () => {
    fc.assert(fc.property(book, (rows) => {
      for (const c of build(rows).compute().currencies) {
        expect(c.mm.gte(0)).toBe(true);
        expect(c.im.gte(c.mm)).toBe(true);
        expect(c.worst.plus(c.roll).plus(c.delta).eq(c.im)).toBe(true);
      }
    }), { numRuns: 60 });
  });

  it('a book and its exact hedge have worst case 0', () => {
    fc.assert(fc.property(book, (rows) => {
      const pm = build(rows);
      rows.forEach((r, i) => pm.setPosition(`h${i}`, resolveMarginInstrument(SYMBOLS[r.sym]), sizeOf(SYMBOLS[r.sym], -r.size)));
      for (const c of pm.compute().currencies) expect(c.worst.isZero()).toBe(true);
    }), { numRuns: 40 });
  });

  it('scaling every size by k > 0 scales the standard-grid vector by k', () => {
    fc.assert(fc.property(book, fc.integer({ min: 1, max: 40 }), (rows, k10) => {
      const k = new Dec(k10).div(10);
      const a = build(rows).book.groups();
      const b = build(rows, k).book.groups();
      a.forEach((g, i) => {
        const scale = Math.max(...Array.from(g.vector, Math.abs), 1e-12);
        for (let s = 0; s < 27; s++) expect(Math.abs(b[i].vector[s] - k.toNumber() * g.vector[s])).toBeLessThanOrEqual(1e-12 * scale * k.toNumber());
      });
    }), { numRuns: 40 });
  });

  it('adding P&L ≥ 0 in every scenario never raises the worst case (aggregation is monotone)', () => {
    const pm = build([{ sym: 0, size: 1 }]);
    const g = pm.book.groups()[0];
    const ctx = pm.context(g);
    const n = pm.set.scenarios.length;
    const vec = fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: n, maxLength: n });
    const gain = fc.array(fc.double({ min: 0, max: 5, noNaN: true }), { minLength: n, maxLength: n });
    fc.assert(fc.property(vec, gain, (v, add) => {
      const pre = Float64Array.from(v);
      const withGain = Float64Array.from(v, (x, i) => x + add[i]);
      expect(evaluateGroup(ctx, withGain, emptyFacts()).worst).toBeLessThanOrEqual(evaluateGroup(ctx, pre, emptyFacts()).worst);
    }), { numRuns: 200 });
  });

  it('incremental recomputation equals full recomputation to the last digit', () => {
    fc.assert(fc.property(book, book, (first, edits) => {
      const inc = build(first);
      inc.compute();
      const final = new Map<string, { sym: number; size: number }>(first.map((r, i) => [`p${i}`, r]));
      edits.forEach((e, j) => {
        const id = j % 2 === 0 && first.length > 0 ? `p${j % first.length}` : `n${j}`;
        const sym = final.get(id)?.sym ?? e.sym;
        inc.setPosition(id, resolveMarginInstrument(SYMBOLS[sym]), sizeOf(SYMBOLS[sym], e.size));
        final.set(id, { sym, size: e.size });
        inc.compute();
      });
      const full = new DeribitPm(MARKET, PARAMS);
      for (const [id, r] of final) full.setPosition(id, resolveMarginInstrument(SYMBOLS[r.sym]), sizeOf(SYMBOLS[r.sym], r.size));
      const a = inc.compute(), b = full.compute();
      expect(a.currencies.map((c) => [c.currency, c.im.toString(), c.mm.toString()])).toEqual(b.currencies.map((c) => [c.currency, c.im.toString(), c.mm.toString()]));
      const gb = new Map(full.book.groups().map((g) => [g.key, g.vector]));
      for (const g of inc.book.groups()) expect(Array.from(g.vector)).toEqual(Array.from(gb.get(g.key)!));
    }), { numRuns: 40 });
  });

  it('marginal IM equals IM with minus IM without the position (fresh recomputation)', () => {
    fc.assert(fc.property(book, (rows) => {
      const pm = build(rows);
      const r = pm.compute({ marginal: true });
      for (let i = 0; i < rows.length; i++) {
        const alt = new DeribitPm(MARKET, PARAMS);
        rows.forEach((x, j) => { if (j !== i) alt.setPosition(`p${j}`, resolveMarginInstrument(SYMBOLS[x.sym]), sizeOf(SYMBOLS[x.sym], x.size)); });
        const key = pm.book.getPosition(`p${i}`)!.groupKey;
        const full = r.currencies.flatMap((c) => c.groups).find((g) => g.state.key === key)!.outcome.im;
        const altG = alt.compute().currencies.flatMap((c) => c.groups).find((g) => g.state.key === key);
        const expected = full - (altG?.outcome.im ?? 0);
        expect(Math.abs(r.marginalIm.get(`p${i}`)! - expected)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(full)));
      }
    }), { numRuns: 30 });
  });

  it('each explanation sums back to the binding entry; adjustments bridge pre-aggregated to aggregated', () => {
    fc.assert(fc.property(book, (rows) => {
      const portfolio = { name: 'prop', positions: rows.map((r, i) => ({ id: `p${i}`, instrument: SYMBOLS[r.sym], size: sizeOf(SYMBOLS[r.sym], r.size).toFixed() })) };
      const res = runMargin({ methodId: 'deribit-pm', portfolio, snapshot: MARKET, params: { currency: { btc: { pnl_offset: 0.4, max_offsetable_pnl: 1e6 } } }, account: false });
      for (const c of Object.values(res.byCurrency)) {
        expect(new Dec(c.addOns.worstCase).plus(c.addOns.rollShock).plus(c.addOns.deltaShock).eq(c.initialMargin)).toBe(true);
        for (const g of c.groups) {
          if (!g.bindingScenario) continue;
          const pos = c.contributions.filter((p) => p.group === g.key).reduce((a, p) => a.plus(p.pnlInBinding), new Dec(0));
          const pre = new Dec(g.bindingScenario.preAggregated);
          expect(pos.minus(pre).abs().toNumber()).toBeLessThanOrEqual(1e-9 * Math.max(1, pre.abs().toNumber()));
          const bridged = g.adjustments.reduce((a, l) => a.plus(l.amount), pre);
          expect(bridged.minus(g.bindingScenario.aggregated).abs().toNumber()).toBeLessThanOrEqual(1e-12 * Math.max(1, pre.abs().toNumber()));
          const und = c.underlyings.find((u) => u.group === g.key)!;
          expect(und.pnlInBinding).toBe(g.bindingScenario.preAggregated);
        }
      }
    }), { numRuns: 30 });
  });
});

describe('the property books exercise every add-on', () => {
  it('some random book has a non-zero delta shock and roll shock', () => {
    const pm = build([{ sym: SYMBOLS.indexOf('BTC-PERPETUAL'), size: 40_000 }, { sym: 0, size: -30_000 }]);
    const c = pm.compute().currencies.find((x) => x.currency === 'BTC')!;
    expect(c.delta.gt(0)).toBe(true);
    expect(c.roll.gt(0)).toBe(true);
  });
});
