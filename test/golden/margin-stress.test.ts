/** Named multi-underlying scenarios (scenario sets as JSON) through the risk-array kernel. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runStress } from '../../electron/engine/margin/stress';
import { parseScenarioSet } from '../../electron/engine/scenarios/scenario-set-json';
import { black76Value } from '../../electron/engine/pricing/black76-core';

const set = JSON.parse(readFileSync(join(__dirname, '../fixtures/margin-scenarios-crash.json'), 'utf8'));
const market = {
  asOf: '2026-11-24T08:00:00Z',
  underlyings: {
    BTC: { index: 100000, forwards: [{ expiry: '2026-11-27T08:00:00Z', price: 100100 }], vols: [{ expiry: '2026-11-27T08:00:00Z', strike: 90000, vol: 0.5 }] },
    ETH: { index: 4000, forwards: [], vols: [] },
  },
};

describe('stress scenarios', () => {
  const r = runStress({
    portfolio: { name: 's', positions: [
      { id: 'perp', instrument: 'BTC-PERPETUAL', size: '-100000' },
      { id: 'eth', instrument: 'ETH_USDC-PERPETUAL', size: '10' },
      { id: 'put', instrument: 'BTC-27NOV26-90000-P', size: '-2' },
    ] },
    snapshot: market, scenarioSet: set,
  });

  it('moves each underlying by its own shock (BTC −25 %, ETH −30 %)', () => {
    const crash = r.scenarios[0];
    // Short 100,000 USD inverse: 1/P0 − 1/P1 per USD × −100,000.
    expect(Number(crash.positions[0].pnl)).toBeCloseTo(-100000 * (1 / 100000 - 1 / 75000), 12);
    // 10 ETH linear perpetual: 10 × (2800 − 4000).
    expect(Number(crash.positions[1].pnl)).toBeCloseTo(-12000, 9);
    expect(Number(crash.pnlByCurrency.USDC)).toBeCloseTo(-12000, 9);
  });

  it('a time shift past expiry settles the option at intrinsic in coin', () => {
    const week = r.scenarios[1];
    // The 27 Nov put expires within the week; BTC +20 % → 120,000 > K: settles worthless, P&L = −size × mark value.
    const put = week.positions[2];
    // Mark: undiscounted Black-76 put on F = 100,100, 3 days, vol 0.5, in coin (÷ F); settled value 0.
    const v0 = black76Value(-1, 100100, 90000, 3 / 365, 0.5, 1) / 100100;
    expect(Number(put.pnl)).toBeCloseTo(-2 * (0 - v0), 15);
    const quiet = r.scenarios[2].positions[2];
    expect(Number(quiet.pnl)).toBeGreaterThan(0); // one day of decay on a short put
    expect(Number(put.pnl)).toBeGreaterThan(Number(quiet.pnl));
  });

  it('validates scenario sets and names the path', () => {
    expect(() => parseScenarioSet({ scenarios: [{ id: 'x', shocks: { BTC: { move: -1.2 } } }] })).toThrow(/scenarios\[0\].shocks.BTC.move/);
    expect(() => parseScenarioSet({ scenarios: [{ id: 'x', bogus: 1 }] })).toThrow(/scenarios\[0\].bogus: unknown field/);
    expect(() => parseScenarioSet({ scenarios: [] })).toThrow(/non-empty/);
  });
});
