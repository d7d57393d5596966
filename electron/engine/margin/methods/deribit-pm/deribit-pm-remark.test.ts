/**
 * `remarkPm` against a fresh run: over random chains of market edits (vol cells, a smile, forwards,
 * an index), each re-marked calculator — re-pricing only what `marketDelta` names, chained from
 * the previous one — gives the fresh `runMargin`'s IM/MM (coin and USD), add-ons, binding scenario
 * and totals to the last digit, in both modes and under both smile rules (sticky moneyness reads
 * the edited expiry's smile at the shocked strikes too). An edit nothing reads re-prices nothing.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { marketDelta, parseMarketSnapshot } from '../../../market-data';
import { parseMarginInput } from '../../margin-input';
import { runMargin } from '../../registry';
import { syntheticMarket, syntheticPositions } from '../../synthetic-book';
import type { MarginResultDto } from '../../../../../shared/domain/dto/margin-result.dto';
import { resolveDeribitPmParams } from './deribit-params';
import { deribitPmResultDto } from './deribit-pm-result';
import { remarkPm } from './deribit-pm-remark';
import { buildPm } from './run-deribit-pm';
import type { DeribitPm } from './deribit-pm';

const syn = syntheticMarket(['BTC', 'ETH'], 40);
const portfolio = {
  id: 'b', name: 'b', balances: [{ currency: 'BTC', amount: '3' }, { currency: 'ETH', amount: '40' }, { currency: 'USDC', amount: '100000' }],
  positions: [...syntheticPositions(syn.options, 300), ...syn.deltaOne.map((s, i) => ({ id: `d${i}`, instrument: s, size: i % 2 ? '-3' : '2000' }))],
};
type Snap = typeof syn.market;

const figures = (r: MarginResultDto) => ({
  totals: r.totals,
  byCurrency: Object.fromEntries(Object.entries(r.byCurrency).map(([c, x]) => [c, [x.initialMargin, x.maintenanceMargin, x.initialMarginUsd, x.maintenanceMarginUsd, x.addOns, x.bindingScenario]])),
});

const U = fc.constantFrom('BTC', 'ETH');
const edit = fc.oneof(
  fc.record({ k: fc.constant('vol' as const), u: U, i: fc.nat(500), v: fc.double({ min: 0.1, max: 2, noNaN: true }) }),
  fc.record({ k: fc.constant('smile' as const), u: U, i: fc.nat(9), v: fc.double({ min: -0.1, max: 0.3, noNaN: true }) }),
  fc.record({ k: fc.constant('forward' as const), u: U, i: fc.nat(9), v: fc.double({ min: 0.95, max: 1.05, noNaN: true }) }),
  fc.record({ k: fc.constant('index' as const), u: U, i: fc.nat(1), v: fc.double({ min: 0.9, max: 1.1, noNaN: true }) }),
);
type Edit = typeof edit extends fc.Arbitrary<infer T> ? T : never;

function apply(j: Snap, e: Edit): void {
  const m = j.underlyings[e.u];
  if (e.k === 'vol') m.vols[e.i % m.vols.length].vol = e.v;
  else if (e.k === 'forward') m.forwards[e.i % m.forwards.length].price *= e.v;
  else if (e.k === 'index') m.index *= e.v;
  else { const ex = [...new Set(m.vols.map((q) => q.expiry))].sort()[e.i % 10]; for (const q of m.vols) if (q.expiry === ex) q.vol = Math.max(0.05, q.vol + e.v); }
}

describe('remarkPm', () => {
  for (const method of ['deribit-pm', 'deribit-pm-cross'] as const) {
    for (const smile of ['sticky-strike', 'sticky-moneyness'] as const) {
      it(`${method}, ${smile}: chained re-marks equal fresh runs over random edits`, () => {
        const params = { pmdesk: { smile } };
        const mode = method === 'deribit-pm' ? 'segregated' : 'cross';
        fc.assert(fc.property(fc.array(edit, { minLength: 1, maxLength: 5 }), (edits) => {
          const j = structuredClone(syn.market);
          let prev = parseMarketSnapshot(j);
          let pm: DeribitPm = buildPm(prev, resolveDeribitPmParams(params), parseMarginInput(portfolio), mode);
          for (const e of edits) {
            apply(j, e);
            const next = parseMarketSnapshot(structuredClone(j));
            const d = marketDelta(prev, next);
            pm = remarkPm(pm, next, (inst) => d.affects(inst)).pm;
            prev = next;
            const fresh = runMargin({ methodId: method, portfolio, snapshot: structuredClone(j), params, account: false, marginal: false });
            expect(figures(deribitPmResultDto(pm, pm.compute(), false)), JSON.stringify(edits)).toEqual(figures(fresh));
          }
        }), { numRuns: 15 });
      });
    }
  }

  it('re-prices nothing for an edit nothing reads, and only the bracketed options for a vol cell', () => {
    const j = structuredClone(syn.market);
    const a = parseMarketSnapshot(j);
    const pm = buildPm(a, resolveDeribitPmParams(undefined), parseMarginInput(portfolio), 'segregated');
    expect(remarkPm(pm, a, (inst) => marketDelta(a, a).affects(inst)).repriced).toBe(0);
    const e = [...new Set(j.underlyings.BTC.vols.map((q) => q.expiry))].sort()[4];
    j.underlyings.BTC.vols.find((q) => q.expiry === e)!.vol += 0.1;
    const b = parseMarketSnapshot(j);
    const d = marketDelta(a, b);
    const { repriced } = remarkPm(pm, b, (inst) => d.affects(inst));
    const bracketed = pm.arrays.bases.filter((x) => x.inst.kind === 'option' && x.inst.underlying === 'BTC' && d.affects(x.inst)).length;
    expect(repriced).toBe(bracketed);
    expect(repriced).toBeGreaterThan(0);
    expect(repriced).toBeLessThan(pm.arrays.size / 5);
  });
});
