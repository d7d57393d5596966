import { describe, expect, it } from 'vitest';
import { parseMarginInput } from './margin-input';
import { spanTotals } from './methods/span/run-span';
import { SPAN_ID } from './methods/span/id';
import { resolveSpanParams } from './methods/span/span-params';
import { timsTotals } from './methods/tims/run-tims';
import { TIMS_ID } from './methods/tims/id';
import { resolveTimsParams } from './methods/tims/tims-params';
import { runMargin, toMarketView } from './registry';
import { syntheticMarket, syntheticPositions } from './synthetic-book';
import { usdAccountView, type UsdTotalsAt } from './usd-account';

const { market, options, deltaOne } = syntheticMarket(['BTC', 'ETH'], 40);
const mk = toMarketView(market);
const positions = syntheticPositions([...options, ...deltaOne], 120);
const input = parseMarginInput({ name: 'b', positions });

const cases: { id: string; params: unknown; totals: (p: unknown) => UsdTotalsAt }[] = [
  { id: TIMS_ID, params: { productGroups: [{ id: 'g', classGroups: ['BTC', 'ETH'], offset: 0.3 }] }, totals: (p) => (m, b) => timsTotals(m, resolveTimsParams(p), b) },
  { id: SPAN_ID, params: { interSpreads: [{ id: 's', credit: 0.4, legs: [{ cc: 'BTC', deltaPerSpread: 1 }, { cc: 'ETH', deltaPerSpread: -25 }] }] }, totals: (p) => (m, b) => spanTotals(m, resolveSpanParams(p), b) },
];

describe('USD account view with prepared sub-book probes', () => {
  it.each(cases)('$id: the same account view as fresh runs at every probe', ({ id, params, totals }) => {
    const at = totals(params);
    const fresh = usdAccountView(mk, input, at, at(mk, input), 6);
    const prepared = runMargin({ methodId: id, portfolio: { name: 'b', positions }, snapshot: mk, params }).account!;
    // Same figures; roots agree far inside the search tolerance (ROOT_TOLERANCE 1e-6): shifted
    // rows may differ from a fresh pricing in the last bits (USD rows of coin-settled instruments).
    expect(prepared.currencies.map((c) => [c.equity, c.marginRatio])).toEqual(fresh.currencies.map((c) => [c.equity, c.marginRatio]));
    expect(prepared.liquidation).toHaveLength(fresh.liquidation.length);
    prepared.liquidation.forEach((l, i) => {
      const f = fresh.liquidation[i];
      for (const k of ['toMaintenance', 'toInitial'] as const) {
        expect(l[k] === null).toBe(f[k] === null);
        if (l[k] && f[k]) expect(l[k]!.move).toBeCloseTo(f[k]!.move, 9);
      }
    });
    expect(fresh.liquidation.some((l) => l.toMaintenance !== null || l.toInitial !== null)).toBe(true);
  });
});
