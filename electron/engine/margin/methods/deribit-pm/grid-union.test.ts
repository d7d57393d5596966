/**
 * `GridUnion` (deribit-pm.ts): the grids a sweep prices for all its points at once give each point
 * (`DeribitPm.atSweepPoint`) exactly the group vectors and figures a fresh build at that point's
 * parameters gives (bit for bit, not only the rounded figures), in both modes, for a scenario
 * parameter (price_range), a vol parameter (volatility_range_up: vol shocks by content) and sets
 * that leave a grid as it is; `withParams` (the point's own grids re-priced) gives the same rows.
 */
import { describe, expect, it } from 'vitest';
import { parseMarginInput } from '../../margin-input';
import { withParamAt } from '../../numeric-params';
import { toMarketView } from '../../registry';
import { syntheticMarket, syntheticPositions } from '../../synthetic-book';
import { resolveDeribitPmParams } from './deribit-params';
import type { DeribitPm } from './deribit-pm';
import { buildPm } from './run-deribit-pm';

const SYN = syntheticMarket(['BTC', 'ETH'], 60);
const MARKET = toMarketView(SYN.market);
const INPUT = parseMarginInput({ name: 't', positions: syntheticPositions([...SYN.options, ...SYN.deltaOne], 400, 3) });
const DEFAULTS = resolveDeribitPmParams();

function vectors(pm: DeribitPm): Record<string, number[]> {
  return Object.fromEntries(pm.book.groups().map((g) => [g.key, Array.from(g.vector)]));
}

describe('GridUnion', () => {
  for (const mode of ['segregated', 'cross'] as const) {
    for (const [path, values] of [
      ['currency_pair.btc_usd.price_range', [0.1, 0.12, 0.15, 0.2, 0.24, 0.25]],
      ['currency_pair.eth_usd.volatility_range_up', [0.3, 0.45, 0.6, 0.9]],
      ['general.mm_factor', [0.5, 0.8]],
    ] as const) {
      it(`${mode} ${path}: each point's group vectors and figures, from the union's columns, equal a fresh build's exactly`, () => {
        const sets = values.map((v) => resolveDeribitPmParams(withParamAt(undefined, DEFAULTS, path, v)));
        const base = buildPm(MARKET, sets[0], INPUT, mode);
        const union = base.gridUnion(sets);
        if (path.startsWith('general.')) expect(union).toBeUndefined(); else expect(union).toBeDefined();
        sets.forEach((p, i) => {
          // withParams (re-pricing the point's own grids): rows and vectors as a fresh build's.
          const pm = base.withParams(p)!;
          const fresh = buildPm(MARKET, p, INPUT, mode);
          expect(pm.arrays.size).toBe(fresh.arrays.size);
          for (let r = 0; r < fresh.arrays.size; r++) {
            expect(pm.arrays.bases[r].inst.symbol).toBe(fresh.arrays.bases[r].inst.symbol);
            expect(Array.from(pm.arrays.row(r)), `${path} = ${values[i]}, row ${r}`).toEqual(Array.from(fresh.arrays.row(r)));
          }
          expect(vectors(pm)).toEqual(vectors(fresh));
          const figures = (x: DeribitPm) => JSON.stringify(x.compute().currencies.map((c) => [c.currency, c.im, c.mm, c.worst, c.roll, c.delta, c.groups.map((g) => [g.state.key, g.outcome.binding, g.outcome.worst])]));
          expect(figures(pm)).toBe(figures(fresh));
          // The sweep's path: no arrays for the point, re-gridded vectors summed from the union's columns.
          const at = union ? base.atSweepPoint(p, union, i) : undefined;
          if (union && i > 0 && !path.startsWith('general.')) expect(at).toBeDefined();
          if (at) {
            expect(vectors(at), `${path} = ${values[i]}`).toEqual(vectors(fresh));
            for (const [k, v] of Object.entries(vectors(at))) expect(v.every((x, s) => Object.is(x, vectors(fresh)[k][s])), k).toBe(true);
            expect(figures(at)).toBe(figures(fresh));
          }
        });
      });
    }
  }
});
