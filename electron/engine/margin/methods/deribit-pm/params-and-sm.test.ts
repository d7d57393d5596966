import { describe, expect, it } from 'vitest';
import { resolveDeribitPmParams, pairParams, currencyParams, ParamsError, DEFAULT_PAIR } from './deribit-params';
import { resolveDeribitSmParams } from '../deribit-sm/deribit-sm';
import { runMargin } from '../../registry';

describe('deribit-pm parameter sets', () => {
  it('accepts Deribit model_params (also wrapped) with informational fields; missing pairs fall back to the 2024 BTC example', () => {
    const p = resolveDeribitPmParams({ model_params: { general: { mm_factor: 0.7, timestamp: 1 }, currency_pair: { eth_usd: { price_range: 0.18 } } } });
    expect(p.general.mm_factor).toBe(0.7);
    expect(pairParams(p, 'ETH').price_range).toBe(0.18);
    expect(pairParams(p, 'ETH').volatility_range_up).toBe(0.5);
    expect(pairParams(p, 'SOL')).toEqual(DEFAULT_PAIR);
    expect(currencyParams(p, 'USDC').extended_dampener).toBe(25_000);
    expect(currencyParams(p, 'BTC').annualised_move_risk).toBe(0.075);
  });

  it('rejects unknown fields and bad values, naming them', () => {
    expect(() => resolveDeribitPmParams({ currency_pair: { eth_usd: { price_rnage: 0.1 } } })).toThrow(/currency_pair.eth_usd.price_rnage/);
    expect(() => resolveDeribitPmParams({ currency_pair: { eth_usd: { price_range: 1.5 } } })).toThrow(ParamsError);
    expect(() => resolveDeribitPmParams({ foo: 1 })).toThrow(/parameters.foo/);
    expect(() => resolveDeribitPmParams({ pmdesk: { rollShockForm: 'cubic' } })).toThrow(/rollShockForm/);
  });
});

describe('deribit-sm futures (Deribit 11 Jan 2022: IM 2 % + Q·0.005 %, MM 1 % + Q·0.005 % for BTC)', () => {
  const market = { asOf: '2026-11-24T08:00:00Z', underlyings: { BTC: { index: 100_000, forwards: [], vols: [] }, ETH: { index: 4_000, forwards: [], vols: [] } } };
  it('inverse BTC perpetual of 1,000,000 USD = 10 BTC', () => {
    const r = runMargin({ methodId: 'deribit-sm', portfolio: { name: 'f', positions: [{ instrument: 'BTC-PERPETUAL', size: '-1000000' }] }, snapshot: market, account: false });
    // Q = 10 BTC: IM = 10 × (0.02 + 10 × 0.00005) = 0.205; MM = 10 × (0.01 + 0.0005) = 0.105.
    expect(r.byCurrency.BTC.initialMargin).toBe('0.205');
    expect(r.byCurrency.BTC.maintenanceMargin).toBe('0.105');
  });
  it('linear ETH perpetual of 100 ETH in USDC', () => {
    const r = runMargin({ methodId: 'deribit-sm', portfolio: { name: 'f', positions: [{ instrument: 'ETH_USDC-PERPETUAL', size: '100' }] }, snapshot: market, account: false });
    // 100 × (0.02 + 100 × 0.000004) × 4000 = 8160.
    expect(r.byCurrency.USDC.initialMargin).toBe('8160');
  });
  it('long options require nothing beyond the premium', () => {
    const r = runMargin({ methodId: 'deribit-sm', portfolio: { name: 'o', positions: [{ instrument: 'BTC-25DEC26-100000-C', size: '3' }] }, snapshot: { ...market, underlyings: { BTC: { index: 100_000, forwards: [], vols: [{ expiry: '2026-12-25T08:00:00Z', strike: 100000, vol: 0.5 }] } } }, account: false });
    expect(r.byCurrency.BTC.initialMargin).toBe('0');
  });
  it('parameters: unknown fields are errors', () => {
    expect(() => resolveDeribitSmParams({ maxSpot: 1 })).toThrow(/maxSpot/);
  });
});
