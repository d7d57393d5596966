import { describe, expect, it } from 'vitest';
import { parseInstrument, type OptionInstrument } from '../instruments';
import { parseMarketSnapshot } from '../market-data';
import { black76 } from './black76';
import { inverseOption } from './inverse';
import { kernelInstrumentsFor, markInstrument } from './instrument-pricer';
import { allocKernelScenarios, priceScenarioGrid } from './kernel';

const snap = parseMarketSnapshot({
  asOf: '2026-02-15T12:00:00Z',
  underlyings: {
    BTC: {
      index: 60000,
      forwards: [{ expiry: '2026-03-27T08:00:00Z', price: 60500 }],
      vols: [{ expiry: '2026-03-27T08:00:00Z', strike: 60000, vol: 0.55 }, { expiry: '2026-03-27T08:00:00Z', strike: 70000, vol: 0.6 }],
    },
  },
  rates: { USDC: 0.05 },
});
const T = (Date.UTC(2026, 2, 27, 8) - Date.UTC(2026, 1, 15, 12)) / (365 * 86_400_000);

describe('markInstrument', () => {
  it('inverse option: coin premium, Deribit net delta, r = 0', () => {
    const m = markInstrument(parseInstrument('BTC-27MAR26-70000-C'), snap);
    const g = inverseOption({ type: 'call', forward: 60500, strike: 70000, expiryYears: T, vol: 0.6 });
    expect(m).toMatchObject({ currency: 'BTC', forward: 60500, vol: 0.6, years: T, value: g.value, markPrice: g.value, delta: g.delta, deltaCoin: g.netDelta, vega: g.vega });
  });

  it('linear option: quote-currency premium discounted at the settlement currency rate', () => {
    const m = markInstrument(parseInstrument('BTC_USDC-27MAR26-60000-P'), snap);
    const g = black76({ type: 'put', forward: 60500, strike: 60000, expiryYears: T, vol: 0.55, rate: 0.05 });
    expect(m).toMatchObject({ currency: 'USDC', value: g.value, delta: g.delta, deltaCoin: g.delta, theta: g.theta, rho: g.rho });
  });

  it('expired option: intrinsic at the index, no vol', () => {
    const m = markInstrument(parseInstrument('BTC-13FEB26-50000-C'), snap);
    expect(m.vol).toBeNull();
    expect(m.value).toBeCloseTo((60000 - 50000) / 60000, 15);
  });

  it('futures, perpetuals and spot', () => {
    expect(markInstrument(parseInstrument('BTC-27MAR26'), snap)).toMatchObject({ markPrice: 60500, value: 0, deltaCoin: 1 / 60500, currency: 'BTC' });
    expect(markInstrument(parseInstrument('BTC_USDC-PERPETUAL'), snap)).toMatchObject({ markPrice: 60000, deltaCoin: 1, currency: 'USDC' });
    expect(markInstrument(parseInstrument('BTC'), snap)).toMatchObject({ value: 60000, currency: 'USD', deltaCoin: 1 });
    expect(() => markInstrument(parseInstrument('ETH-PERPETUAL'), snap)).toThrow(/no market data for underlying ETH/);
  });
});

describe('kernelInstrumentsFor', () => {
  it('feeds priceScenarioGrid with the same numbers markInstrument uses', () => {
    const opts = ['BTC-27MAR26-70000-C', 'BTC_USDC-27MAR26-60000-P'].map((s) => parseInstrument(s) as OptionInstrument);
    const inst = kernelInstrumentsFor(opts, snap);
    expect(inst.discount).not.toBeNull();
    const sc = allocKernelScenarios(2, 1);
    sc.forward.set([60500, 60500]);
    sc.vol.set([0.6, 0.55]);
    const v = new Float64Array(2), d = new Float64Array(2);
    priceScenarioGrid(inst, sc, v, d);
    expect(v[0]).toBe(markInstrument(opts[0], snap).value);
    expect(v[1]).toBeCloseTo(markInstrument(opts[1], snap).value, 9);
  });
});
