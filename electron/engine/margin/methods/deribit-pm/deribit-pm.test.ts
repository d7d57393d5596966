import { describe, expect, it } from 'vitest';
import { Dec, toDecimalString } from '../../../money';
import { DeribitPm } from './deribit-pm';
import { resolveDeribitPmParams } from './deribit-params';
import type { MarginInstrument } from '../../margin-instrument';
import type { MarketView } from '../../../scenarios/market-view';

const AS_OF = Date.UTC(2026, 1, 15, 12);
const flat = (index: Record<string, number>, vol = 0.6): MarketView => ({
  asOfMs: AS_OF, index: (u) => index[u], forward: (u) => index[u], vol: () => vol,
});
const ethPerp: MarginInstrument = { symbol: 'ETH-PERPETUAL', kind: 'perpetual', underlying: 'ETH', settlement: 'inverse', settlementCurrency: 'ETH' };

describe('DeribitPm engine', () => {
  it('short ETH perpetual: vector is |Q|·(1/(1+m) − 1) per bucket (short), 3 identical vol slots', () => {
    const pm = new DeribitPm(flat({ ETH: 2000 }), resolveDeribitPmParams({ currency_pair: { eth_usd: { price_range: 0.18 } } }));
    pm.setPosition('p', ethPerp, new Dec(-2000));
    const r = pm.compute();
    const g = r.currencies[0].groups[0];
    expect(g.state.vector.length).toBe(35);
    const moves = [-0.18, -0.135, -0.09, -0.045, 0, 0.045, 0.09, 0.135, 0.18];
    moves.forEach((m, b) => {
      for (let k = 0; k < 3; k++) expect(g.state.vector[b * 3 + k]).toBeCloseTo(1 / (1 + m) - 1, 14);
    });
  });

  it('IM ≥ MM ≥ 0 and add-ons sum to IM', () => {
    const pm = new DeribitPm(flat({ ETH: 2000 }), resolveDeribitPmParams());
    pm.setPosition('p', ethPerp, new Dec(50000));
    const c = pm.compute().currencies[0];
    expect(c.worst.plus(c.roll).plus(c.delta).eq(c.im)).toBe(true);
    expect(c.im.gte(c.mm)).toBe(true);
    expect(c.mm.gte(0)).toBe(true);
    expect(toDecimalString(c.im)).not.toBe('0');
  });
});
