import { describe, expect, it } from 'vitest';
import { Dec } from '../money';
import { DeribitPm } from './methods/deribit-pm/deribit-pm';
import { resolveDeribitPmParams } from './methods/deribit-pm/deribit-params';
import { resolveMarginInstrument } from './instrument-adapter';
import { unitValue } from './valuation';
import { RiskArrays } from './risk-arrays';
import type { ScenarioSet } from '../scenarios/scenario-types';
import type { MarketView } from '../scenarios/market-view';

const DAY = 86_400_000;
const EXP = Date.UTC(2026, 11, 25, 8);
const market: MarketView = { asOfMs: EXP - 5 * DAY, index: () => 100_000, forward: () => 100_500, vol: () => 0.5 };

describe('unit valuation', () => {
  it('inverse option = Black-76 USD ÷ forward; linear = USD; expired legs settle at intrinsic', () => {
    const inv = resolveMarginInstrument('BTC-25DEC26-90000-C');
    const lin = resolveMarginInstrument('BTC_USDC-25DEC26-90000-C');
    const x = { index: 100_000, forward: 100_500, vol: 0.5, years: 5 / 365, expired: false };
    expect(unitValue(inv, x) * 100_500).toBeCloseTo(unitValue(lin, x), 8);
    const e = { index: 120_000, forward: 120_600, vol: 0, years: -1, expired: true };
    expect(unitValue(lin, e)).toBe(30_000);
    expect(unitValue(inv, e)).toBeCloseTo(30_000 / 120_000, 15);
  });

  it('a time-shift scenario past expiry settles the option at intrinsic (coin) instead of keeping it alive', () => {
    const set: ScenarioSet = {
      id: 't', name: 't', version: '1', smile: 'sticky-strike',
      scenarios: [{ id: 'shift', label: '+10 d, +20 %', table: 'custom', shocks: { BTC: { move: 0.2, vol: { kind: 'none' } } }, timeShiftDays: 10 }],
    };
    const arrays = new RiskArrays(set, market);
    const r = arrays.ensure(resolveMarginInstrument('BTC-25DEC26-90000-C'));
    const v0 = arrays.bases[r].value;
    expect(arrays.row(r)[0]).toBeCloseTo((120_000 - 90_000) / 120_000 - v0, 14);
  });

  it('the option hot path gives the same floats as shockInputs + unitValue', async () => {
    const { deribitScenarioSet } = await import('./methods/deribit-pm/scenario-template');
    const { gridSpec } = await import('./methods/deribit-pm/deribit-pm');
    const { shockInputs } = await import('../scenarios/shock-inputs');
    const { shockFor } = await import('../scenarios/scenario-types');
    const set = deribitScenarioSet({ BTC: gridSpec(resolveDeribitPmParams(), 'BTC') });
    const arrays = new RiskArrays(set, market);
    for (const sym of ['BTC-25DEC26-90000-C', 'BTC-25DEC26-120000-P', 'BTC_USDC-25DEC26-100000-P']) {
      const inst = resolveMarginInstrument(sym);
      const r = arrays.ensure(inst);
      const base = arrays.bases[r];
      set.scenarios.forEach((sc, s) => {
        const sh = shockFor(sc, 'BTC');
        const x = shockInputs(base.inputs, sh, 0, 'sticky-strike');
        expect(arrays.row(r)[s]).toBe((unitValue(inst, x) - base.value) * (sh.pnlWeight ?? 1));
      });
    }
  });

  it('inverse perpetual P&L per USD is 1/P0 − 1/P1 (§2.9)', () => {
    const pm = new DeribitPm(market, resolveDeribitPmParams());
    pm.setPosition('perp', resolveMarginInstrument('BTC-PERPETUAL'), new Dec(1));
    const g = pm.book.groups()[0];
    pm.set.scenarios.slice(0, 27).forEach((s, i) => {
      expect(g.vector[i]).toBeCloseTo(1 / 100_000 - 1 / (100_000 * (1 + s.shocks.BTC.move)), 18);
    });
  });
});

describe('RiskArrays.adopt', () => {
  it('a row priced elsewhere gives the same book as pricing it here', () => {
    const pmA = new DeribitPm(market, resolveDeribitPmParams());
    const pmB = new DeribitPm(market, resolveDeribitPmParams());
    const inst = resolveMarginInstrument('BTC-25DEC26-90000-C');
    pmA.setPosition('x', inst, '-3');
    const r = pmA.arrays.rowIndex(inst.symbol);
    pmB.adoptPriced(pmA.arrays.bases[r], pmA.arrays.row(r));
    pmB.setPosition('x', inst, '-3');
    expect(pmB.arrays.size).toBe(1);
    expect(pmB.compute().currencies[0].im.toString()).toBe(pmA.compute().currencies[0].im.toString());
    expect(() => pmB.arrays.adopt({ ...pmA.arrays.bases[r], inst: { ...inst, symbol: 'OTHER' } }, [1, 2])).toThrow(/scenarios/);
  });
});
