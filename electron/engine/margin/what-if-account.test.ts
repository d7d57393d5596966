import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Dec } from '../../electron/engine/money';
import { runMargin } from '../../electron/engine/margin/registry';
import { WhatIf } from '../../electron/engine/margin/what-if';
import { firstRoot } from '../../electron/engine/margin/account-view';

const DEMO = join(__dirname, '../../electron/service/demo');
const portfolio = JSON.parse(readFileSync(join(DEMO, 'demo-portfolio.json'), 'utf8'));
const market = JSON.parse(readFileSync(join(DEMO, 'demo-market.json'), 'utf8'));

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
    // Cross-check the winner with a full run.
    const base = Number(runMargin({ methodId: 'deribit-pm', portfolio, snapshot: market, account: false }).totals.initialMarginUsd);
    const best = Number(runMargin({ methodId: 'deribit-pm', portfolio: { ...portfolio, positions: [...portfolio.positions, ranked[0].trade] }, snapshot: market, account: false }).totals.initialMarginUsd);
    expect(best - base).toBeCloseTo(usd[0], 0);
  });

  it('sensitivity: ± step moves IM in opposite directions for a single short option', () => {
    const s = new WhatIf(portfolio, market).sensitivity('deribit-pm', '0.1');
    expect(s).toHaveLength(portfolio.positions.length);
    expect(s[0].step).toBe('-2.5');
  });
});

describe('account view', () => {
  const r = runMargin({ methodId: 'deribit-sm', portfolio, snapshot: market });
  it('equity, margin ratio and available funds per currency', () => {
    const btc = r.account!.currencies.find((c) => c.currency === 'BTC')!;
    expect(new Dec(btc.availableFunds).toNumber()).toBeCloseTo(Number(btc.equity) - Number(btc.initialMargin), 8);
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

  it('firstRoot finds a sign change by bisection', () => {
    expect(firstRoot((m) => 0.3 - m, [0.1, 0.2, 0.5])).toBeCloseTo(0.3, 6);
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
