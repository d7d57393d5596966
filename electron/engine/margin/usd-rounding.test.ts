/**
 * One USD rounding step (`roundUsd`, the parameter set's `usdDecimals`) for every USD figure the
 * engine produces: method results, what-if / sensitivity / hedge figures and stress totals.
 */
import { describe, expect, it } from 'vitest';
import { Dec } from '../money';
import { runMargin } from './registry';
import { runStress } from './stress';
import { ParamsError } from './methods/deribit-pm/deribit-params';
import { WhatIf } from './what-if';
// eslint-disable-next-line no-restricted-imports -- test data only (read-only JSON)
import demoPortfolio from '../../service/demo/demo-portfolio.json';
// eslint-disable-next-line no-restricted-imports -- test data only (read-only JSON)
import demoMarket from '../../service/demo/demo-market.json';

const portfolio = JSON.parse(JSON.stringify(demoPortfolio));
const market = JSON.parse(JSON.stringify(demoMarket));
const trade = { instrument: 'BTC-25DEC26-110000-C', size: '5' };
const places = (s: string) => (s.split('.')[1] ?? '').length;

describe('what-if USD figures use the method\'s usdDecimals, like its runs', () => {
  for (const [methodId, params] of [['deribit-pm', undefined], ['deribit-pm-cross', undefined], ['deribit-sm', undefined], ['deribit-pm', { pmdesk: { usdDecimals: 2 } }], ['deribit-sm', { usdDecimals: 3 }]] as const) {
    it(`${methodId} ${JSON.stringify(params ?? {})}: before / after equal the runs' totals to the digit; incremental = after − before`, () => {
      const w = new WhatIf(portfolio, market, { [methodId]: params }).trades([methodId], [trade])[0];
      const before = runMargin({ methodId, portfolio, snapshot: market, params, account: false });
      const after = runMargin({ methodId, portfolio: { ...portfolio, positions: [...portfolio.positions, trade] }, snapshot: market, params, account: false });
      expect(w.before.initialMarginUsd).toBe(before.totals.initialMarginUsd);
      expect(w.before.maintenanceMarginUsd).toBe(before.totals.maintenanceMarginUsd);
      expect(w.after.initialMarginUsd).toBe(after.totals.initialMarginUsd);
      expect(w.after.maintenanceMarginUsd).toBe(after.totals.maintenanceMarginUsd);
      expect(w.incremental.initialMarginUsd).toBe(new Dec(w.after.initialMarginUsd).minus(w.before.initialMarginUsd).toFixed());
      expect(w.incremental.maintenanceMarginUsd).toBe(new Dec(w.after.maintenanceMarginUsd).minus(w.before.maintenanceMarginUsd).toFixed());
    });
  }

  it('the default (6 places) keeps digits below the cent', () => {
    const w = new WhatIf(portfolio, market).trades(['deribit-pm'], [trade])[0];
    expect(places(w.after.initialMarginUsd)).toBeGreaterThan(2);
    expect(places(w.after.initialMarginUsd)).toBeLessThanOrEqual(6);
  });

  it('sensitivity and hedge search: each USD change is the difference of full runs\' totals', () => {
    const base = runMargin({ methodId: 'deribit-pm', portfolio, snapshot: market, account: false });
    const s = new WhatIf(portfolio, market).sensitivity('deribit-pm', '0.1')[0];
    const at = runMargin({ methodId: 'deribit-pm', snapshot: market, account: false, portfolio: { ...portfolio, positions: portfolio.positions.map((p: { id: string }, i: number) => (i === 0 ? { ...p, size: '-27.5' } : p)) } });
    expect(s.up.initialMarginUsd).toBe(new Dec(at.totals.initialMarginUsd).minus(base.totals.initialMarginUsd).toFixed());
    const h = new WhatIf(portfolio, market).hedgeSearch('deribit-pm', [{ instrument: 'BTC-PERPETUAL', size: '-200000' }])[0];
    const hedged = runMargin({ methodId: 'deribit-pm', portfolio: { ...portfolio, positions: [...portfolio.positions, h.trade] }, snapshot: market, account: false });
    expect(h.incremental.initialMarginUsd).toBe(new Dec(hedged.totals.initialMarginUsd).minus(base.totals.initialMarginUsd).toFixed());
  });
});

describe('stress USD totals', () => {
  const set = { id: 'c', name: 'crash', version: '1', scenarios: [{ id: 'btc-25', shocks: { BTC: { move: -0.25371 } } }] };
  const book = { name: 's', positions: [{ id: 'perp', instrument: 'BTC-PERPETUAL', size: '-123457' }] };
  const snap = { asOf: '2026-11-24T08:00:00Z', underlyings: { BTC: { index: 100000.37, forwards: [], vols: [] } } };

  it('round the USD total with roundUsd at usdDecimals (default 6, as margin results)', () => {
    const r = runStress({ portfolio: book, snapshot: snap, scenarioSet: set });
    const s = r.scenarios[0];
    const exact = new Dec(String(Number(s.pnlByCurrency.BTC) * 100000.37 * (1 - 0.25371)));
    expect(s.pnlUsd).toBe(exact.toDecimalPlaces(6, Dec.ROUND_HALF_EVEN).toFixed());
    expect(places(s.pnlUsd)).toBeGreaterThan(2);
    const two = runStress({ portfolio: book, snapshot: snap, scenarioSet: set, usdDecimals: 2 }).scenarios[0];
    expect(two.pnlUsd).toBe(exact.toDecimalPlaces(2, Dec.ROUND_HALF_EVEN).toFixed());
    expect(two.pnlByCurrency).toEqual(s.pnlByCurrency);
    expect(() => runStress({ portfolio: book, snapshot: snap, scenarioSet: set, usdDecimals: 2.5 })).toThrow(ParamsError);
  });
});
