import { describe, expect, it } from 'vitest';
import { Dec } from '../money';
import { runMargin } from './registry';
import { WhatIf } from './what-if';
import { firstRoot, ROOT_TOLERANCE } from './account-view';

// The demo book (not published venue values): what-if, hedge search, sensitivity, account view,
// cross mode. The engine may not import the service, but its tests may read the demo data.
// eslint-disable-next-line no-restricted-imports -- test data only (read-only JSON)
import demoPortfolio from '../../service/demo/demo-portfolio.json';
// eslint-disable-next-line no-restricted-imports -- test data only (read-only JSON)
import demoMarket from '../../service/demo/demo-market.json';

const portfolio = JSON.parse(JSON.stringify(demoPortfolio));
const market = JSON.parse(JSON.stringify(demoMarket));

describe('what-if', () => {
  it('incremental = after − before, equal to a full run on the extended book, and the book is not mutated', () => {
    const before = JSON.stringify(portfolio);
    const trade = { instrument: 'BTC-25DEC26-110000-C', size: '5' };
    const w = new WhatIf(portfolio, market).trades(['deribit-pm', 'deribit-sm'], [trade]);
    expect(JSON.stringify(portfolio)).toBe(before);
    const full = runMargin({ methodId: 'deribit-pm', portfolio: { ...portfolio, positions: [...portfolio.positions, trade] }, snapshot: market, account: false });
    expect(w[0].after.byCurrency.BTC.initialMargin).toBe(full.byCurrency.BTC.initialMargin);
    const inc = new Dec(w[0].after.byCurrency.BTC.initialMargin).minus(w[0].before.byCurrency.BTC.initialMargin);
    expect(w[0].incremental.byCurrency.BTC.initialMargin).toBe(inc.toFixed());
    expect(w[0].incremental.byCurrency.ETH.initialMargin).toBe('0');
  });

  it('hedge search returns the candidate that lowers IM the most first', () => {
    const candidates = [
      { instrument: 'BTC-PERPETUAL', size: '-200000' },
      { instrument: 'BTC-PERPETUAL', size: '200000' },
      { instrument: 'ETH-PERPETUAL', size: '1000' },
    ];
    const ranked = new WhatIf(portfolio, market).hedgeSearch('deribit-pm', candidates);
    expect(ranked).toHaveLength(3);
    const usd = ranked.map((r) => Number(r.incremental.initialMarginUsd));
    expect([...usd].sort((a, b) => a - b)).toEqual(usd);
    // Cross-check the winner with a full run: per currency the IM change is exact (decimal strings
    // on both sides); the USD total of the incremental DTO is the difference of the runs' USD totals
    // (each rounded by roundUsd to usdDecimals), so it is exact too.
    const base = runMargin({ methodId: 'deribit-pm', portfolio, snapshot: market, account: false });
    const best = runMargin({ methodId: 'deribit-pm', portfolio: { ...portfolio, positions: [...portfolio.positions, ranked[0].trade] }, snapshot: market, account: false });
    for (const ccy of Object.keys(base.byCurrency)) {
      const full = new Dec(best.byCurrency[ccy].initialMargin).minus(base.byCurrency[ccy].initialMargin);
      expect(ranked[0].incremental.byCurrency[ccy].initialMargin, ccy).toBe(full.toFixed());
    }
    expect(ranked[0].incremental.byCurrency.BTC.initialMargin).not.toBe('0');
    const fullUsd = new Dec(best.totals.initialMarginUsd).minus(base.totals.initialMarginUsd);
    expect(ranked[0].incremental.initialMarginUsd).toBe(fullUsd.toFixed());
  });

  it('sensitivity: ± step moves IM in opposite directions for a single short option', () => {
    const s = new WhatIf(portfolio, market).sensitivity('deribit-pm', '0.1');
    expect(s).toHaveLength(portfolio.positions.length);
    expect(s[0]).toMatchObject({ positionId: 'p1', instrument: 'BTC-25DEC26-100000-C', size: '-25', step: '-2.5' });
    // size + step = −27.5 (shorter): IM rises; size − step = −22.5: IM falls.
    const up = new Dec(s[0].up.byCurrency.BTC.initialMargin);
    const down = new Dec(s[0].down.byCurrency.BTC.initialMargin);
    expect(up.gt(0)).toBe(true);
    expect(down.lt(0)).toBe(true);
    expect(new Dec(s[0].up.initialMarginUsd).gt(0)).toBe(true);
    expect(new Dec(s[0].down.initialMarginUsd).lt(0)).toBe(true);
    // Each side equals a full run at the moved size, to the last digit.
    const base = runMargin({ methodId: 'deribit-pm', portfolio, snapshot: market, account: false }).byCurrency.BTC.initialMargin;
    const at = (size: string) => runMargin({
      methodId: 'deribit-pm', snapshot: market, account: false,
      portfolio: { ...portfolio, positions: portfolio.positions.map((p: { id: string }, i: number) => (i === 0 ? { ...p, size } : p)) },
    }).byCurrency.BTC.initialMargin;
    expect(up.toFixed()).toBe(new Dec(at('-27.5')).minus(base).toFixed());
    expect(down.toFixed()).toBe(new Dec(at('-22.5')).minus(base).toFixed());
  });
});

describe('account view', () => {
  const r = runMargin({ methodId: 'deribit-sm', portfolio, snapshot: market });
  it('equity, margin ratio and available funds per currency', () => {
    const btc = r.account!.currencies.find((c) => c.currency === 'BTC')!;
    expect(btc.availableFunds).toBe(new Dec(btc.equity).minus(btc.initialMargin).toFixed());
    expect(Number(btc.marginRatio)).toBeCloseTo(Number(btc.maintenanceMargin) / Number(btc.equity), 5);
  });

  it('the liquidation move is a root: equity − MM changes sign there', () => {
    const liq = r.account!.liquidation.find((l) => l.underlying === 'BTC' && l.currency === 'BTC')!;
    expect(liq.toMaintenance).not.toBeNull();
    const m = liq.toMaintenance!.move;
    const gap = (x: number) => {
      const a = runMargin({ methodId: 'deribit-sm', portfolio, snapshot: shifted(x), account: true }).account!.currencies.find((c) => c.currency === 'BTC')!;
      return Number(a.equity) - Number(a.maintenanceMargin);
    };
    expect(gap(m - 1e-3 * Math.sign(m))).toBeGreaterThan(0);
    expect(gap(m + 1e-3 * Math.sign(m))).toBeLessThan(0);
  });

  it('firstRoot finds a sign change to the search tolerance', () => {
    const f = (m: number) => 0.3 - m;
    const x = firstRoot(f, [0.1, 0.2, 0.5])!;
    // Negative at the root, not negative 1e-6 nearer to 0: the sign change is within 1e-6.
    expect(f(x)).toBeLessThan(0);
    expect(f(x - ROOT_TOLERANCE)).toBeGreaterThanOrEqual(0);
    expect(firstRoot((m) => 1 + m, [-0.5, -0.9])).toBeNull();
  });
});

function shifted(move: number) {
  const u = market.underlyings.BTC;
  return { ...market, underlyings: { ...market.underlyings, BTC: { ...u, index: u.index * (1 + move), forwards: u.forwards.map((f: { expiry: string; price: number }) => ({ ...f, price: f.price * (1 + move) })) } } };
}

describe('cross mode (deribit-pm-cross)', () => {
  it('margins every underlying in USD and counts coin balances in their own scenarios', () => {
    const r = runMargin({ methodId: 'deribit-pm-cross', portfolio, snapshot: market, account: false });
    expect(Object.keys(r.byCurrency)).toEqual(['USD']);
    const usd = r.byCurrency.USD;
    expect(usd.groups.map((g) => g.key)).toEqual(['USD_BTC', 'USD_ETH']);
    expect(usd.contributions.some((c) => c.positionId === 'balance:BTC')).toBe(true);
    // A coin balance alone: its USD vector is balance × index × move.
    const bal = runMargin({ methodId: 'deribit-pm-cross', portfolio: { name: 'b', balances: [{ currency: 'BTC', amount: '2' }], positions: [] }, snapshot: market, account: false });
    const v = bal.byCurrency.USD.groups[0].vector;
    expect(Number(v[0].preAggregated)).toBeCloseTo(2 * market.underlyings.BTC.index * v[0].move, 6);
  });
});
