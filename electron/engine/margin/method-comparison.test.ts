import { describe, expect, it } from 'vitest';
import { Dec } from '../money';
import { compareMethods, type MethodOutcome } from './method-comparison';
import { MARGIN_METHODS, runMargin } from './registry';
// eslint-disable-next-line no-restricted-imports -- test data only (read-only JSON)
import demoPortfolio from '../../service/demo/demo-portfolio.json';
// eslint-disable-next-line no-restricted-imports -- test data only (read-only JSON)
import demoMarket from '../../service/demo/demo-market.json';

const PORTFOLIO = { name: demoPortfolio.name, balances: demoPortfolio.balances, positions: demoPortfolio.positions.map((q, i) => ({ id: `p${i + 1}`, instrument: q.instrument, size: q.size })) };

describe('compareMethods', () => {
  const outcomes: MethodOutcome[] = Object.keys(MARGIN_METHODS).map((methodId) => ({ methodId, ok: true, result: runMargin({ methodId, portfolio: PORTFOLIO, snapshot: demoMarket, account: false, marginal: false }) }));
  const rows = compareMethods(outcomes);

  it('lists every method with its USD figures, and the saving against the standard method it names', () => {
    expect(rows.map((r) => r.methodId)).toEqual(Object.keys(MARGIN_METHODS));
    for (const r of rows) {
      const o = outcomes.find((x) => x.methodId === r.methodId)!;
      if (!o.ok) throw new Error('unreachable');
      expect(r.initialMarginUsd).toBe(o.result.totals.initialMarginUsd);
      const std = MARGIN_METHODS[r.methodId].savingAgainst;
      expect(r.savingAgainst).toBe(std);
      if (std !== undefined) {
        const s = outcomes.find((x) => x.methodId === std)!;
        if (!s.ok) throw new Error('unreachable');
        // saving = standard IM − this IM, exact.
        expect(new Dec(r.savingUsd!).plus(r.initialMarginUsd!).eq(s.result.totals.initialMarginUsd)).toBe(true);
      }
    }
    expect(rows.some((r) => r.savingUsd !== undefined)).toBe(true);
  });

  it('names the binding add-on: the largest one in USD', () => {
    for (const r of rows) {
      const o = outcomes.find((x) => x.methodId === r.methodId)!;
      if (!o.ok || r.bindingAddOn === null) continue;
      const usd = (k: string) => Object.values(o.result.byCurrency).reduce((a, c) => a + Number(c.addOns[k] ?? 0) * c.usdRate, 0);
      for (const c of Object.values(o.result.byCurrency)) for (const k of Object.keys(c.addOns)) expect(usd(r.bindingAddOn!)).toBeGreaterThanOrEqual(usd(k));
    }
  });

  it('carries a failed method as its error, and no saving against a failed standard method', () => {
    const withStd = Object.values(MARGIN_METHODS).find((m) => m.savingAgainst !== undefined)!;
    const r = compareMethods([
      { methodId: withStd.savingAgainst!, ok: false, error: 'no market data for XRP' },
      outcomes.find((o) => o.methodId === withStd.id)!,
    ]);
    expect(r[0]).toMatchObject({ ok: false, error: 'no market data for XRP' });
    expect(r[1].savingAgainst).toBe(withStd.savingAgainst);
    expect(r[1].savingUsd).toBeUndefined();
  });
});
