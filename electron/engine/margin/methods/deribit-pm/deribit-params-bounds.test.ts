/** Range checks of the deribit-pm parameter parser (docs/margin-methods.md §3 "Parameters"). */
import { describe, expect, it } from 'vitest';
import { boundText, CURRENCY_BOUNDS, GENERAL_BOUNDS, PAIR_BOUNDS, ParamsError, PMDESK_BOUNDS, resolveDeribitPmParams } from './deribit-params';
import { resolveDeribitSmParams } from '../deribit-sm/deribit-sm';
import { runMargin } from '../../registry';
import liveEth from '../../../../../test/fixtures/margin-deribit-live-eth.params.json';

const market = { asOf: '2026-11-24T08:00:00Z', underlyings: { BTC: { index: 100_000, forwards: [], vols: [] } } };
const book = { name: 'b', positions: [{ id: 'p', instrument: 'BTC-PERPETUAL', size: '-1000000' }] };

function rejects(params: unknown, message: RegExp) {
  expect(() => resolveDeribitPmParams(params), JSON.stringify(params)).toThrow(ParamsError);
  expect(() => resolveDeribitPmParams(params), JSON.stringify(params)).toThrow(message);
}

describe('deribit-pm parameter bounds', () => {
  it('mm_factor above 1 is refused (it would give MM > IM); 1 gives MM = IM', () => {
    rejects({ general: { mm_factor: 1.5 } }, /^general\.mm_factor: must be in \(0, 1\], got 1\.5$/);
    rejects({ general: { mm_factor: 0 } }, /general\.mm_factor: must be in \(0, 1\]/);
    expect(() => runMargin({ methodId: 'deribit-pm', portfolio: book, snapshot: market, params: { general: { mm_factor: 1.5 } }, account: false })).toThrow(ParamsError);
    const r = runMargin({ methodId: 'deribit-pm', portfolio: book, snapshot: market, params: { general: { mm_factor: 1 } }, account: false });
    expect(r.byCurrency.BTC.maintenanceMargin).toBe(r.byCurrency.BTC.initialMargin);
  });

  it('fractional or out-of-range decimals are a ParamsError, not an internal DecimalError', () => {
    rejects({ pmdesk: { coinDecimals: 2.5 } }, /^pmdesk\.coinDecimals: must be an integer in 0\.\.18, got 2\.5$/);
    rejects({ pmdesk: { usdDecimals: 19 } }, /pmdesk\.usdDecimals: must be an integer in 0\.\.18, got 19/);
    rejects({ pmdesk: { usdDecimals: -1 } }, /pmdesk\.usdDecimals/);
    expect(() => runMargin({ methodId: 'deribit-pm', portfolio: book, snapshot: market, params: { pmdesk: { coinDecimals: 2.5 } } })).toThrow(ParamsError);
    expect(resolveDeribitPmParams({ pmdesk: { coinDecimals: 18, usdDecimals: 0 } }).pmdesk).toMatchObject({ coinDecimals: 18, usdDecimals: 0 });
    expect(() => resolveDeribitSmParams({ coinDecimals: 2.5 })).toThrow(/^coinDecimals: must be an integer in 0\.\.18, got 2\.5$/);
    expect(() => resolveDeribitSmParams({ usdDecimals: 40 })).toThrow(ParamsError);
  });

  it('every bounded field names its path and range, and accepts both ends of a closed range', () => {
    const outside: [unknown, RegExp][] = [
      [{ general: { buckets_count: 0 } }, /general\.buckets_count: must be an integer in 1\.\.50, got 0/],
      [{ general: { buckets_count: 51 } }, /general\.buckets_count: must be an integer in 1\.\.50/],
      [{ general: { buckets_count: 2.5 } }, /general\.buckets_count: must be an integer in 1\.\.50/],
      [{ general: { vol_scenarios_count: 1 } }, /general\.vol_scenarios_count: only 3/],
      [{ currency_pair: { eth_usd: { price_range: 1 } } }, /currency_pair\.eth_usd\.price_range: must be in \(0, 1\), got 1/],
      [{ currency_pair: { eth_usd: { price_range: 0 } } }, /price_range: must be in \(0, 1\)/],
      [{ currency_pair: { eth_usd: { volatility_range_up: -0.1 } } }, /currency_pair\.eth_usd\.volatility_range_up: must be in \[0, ∞\), got -0\.1/],
      [{ currency_pair: { eth_usd: { volatility_range_down: -0.25 } } }, /volatility_range_down: must be in \[0, ∞\)/],
      [{ currency_pair: { eth_usd: { min_volatility_for_shock_up: 50 } } }, /min_volatility_for_shock_up: must be in \[0, 10\], got 50/],
      [{ currency_pair: { eth_usd: { short_term_vega_power: 1.3 } } }, /short_term_vega_power: must be in \[0, 1\]/],
      [{ currency_pair: { eth_usd: { long_term_vega_power: -0.13 } } }, /long_term_vega_power: must be in \[0, 1\]/],
      [{ currency_pair: { eth_usd: { extended_table_factor: -1 } } }, /extended_table_factor: must be in \[0, ∞\)/],
      [{ currency_pair: { eth_usd: { max_delta_shock: 1.1 } } }, /max_delta_shock: must be in \[0, 1\]/],
      [{ currency_pair: { eth_usd: { delta_total_liq_shock_threshold: -1 } } }, /delta_total_liq_shock_threshold: must be in \[0, ∞\)/],
      [{ currency_pair: { eth_usd: { m_inc: -0.00005 } } }, /m_inc: must be in \[0, ∞\)/],
      [{ currency: { eth: { annualised_move_risk: 2 } } }, /currency\.eth\.annualised_move_risk: must be in \[0, 1\]/],
      [{ currency: { eth: { min_annualised_move: -0.01 } } }, /min_annualised_move: must be in \[0, 1\]/],
      [{ currency: { eth: { extended_dampener: -100000 } } }, /currency\.eth\.extended_dampener: must be in \[0, ∞\)/],
      [{ currency: { eth: { pnl_offset: 1.2 } } }, /currency\.eth\.pnl_offset: must be in \[0, 1\], got 1\.2/],
      [{ currency: { usd: { max_offsetable_pnl: -1 } } }, /currency\.usd\.max_offsetable_pnl: must be in \[0, ∞\)/],
      [{ currency: { btc: { haircut: 1 } } }, /currency\.btc\.haircut: must be in \[0, 1\), got 1/],
      [{ pmdesk: { dteFloorDays: 0 } }, /pmdesk\.dteFloorDays: must be in \(0, ∞\)/],
      [{ pmdesk: { powerSwitchDays: -1 } }, /pmdesk\.powerSwitchDays: must be in \[0, ∞\)/],
      [{ pmdesk: { extendedMoves: [Infinity] } }, /pmdesk\.extendedMoves/],
      [{ currency_pair: { eth_usd: { m_inc: 'Infinity' } } }, /m_inc: expected a finite number/],
    ];
    for (const [p, m] of outside) rejects(p, m);
    const edges = [
      { general: { mm_factor: 1, buckets_count: 1 } }, { general: { buckets_count: 50 } },
      { currency_pair: { btc_usd: { volatility_range_up: 0, volatility_range_down: 0, min_volatility_for_shock_up: 10, short_term_vega_power: 1, long_term_vega_power: 0, extended_table_factor: 0, max_delta_shock: 1, m_inc: 0, delta_total_liq_shock_threshold: 0 } } },
      { currency: { btc: { annualised_move_risk: 1, min_annualised_move: 0, pnl_offset: 1, haircut: 0.999, extended_dampener: 0, max_offsetable_pnl: 0 } } },
    ];
    for (const p of edges) expect(() => resolveDeribitPmParams(p), JSON.stringify(p)).not.toThrow();
  });

  it('accepts every published and in-repo parameter set', () => {
    const accepted: unknown[] = [
      liveEth, // Deribit pme/simulate capture, 15 Feb 2026 (pnl_offset 0.6 / 0.4, dampener 200,000, max_offsetable_pnl 2e7)
      {}, // June 2024 doc example (the defaults)
      { general: { mm_factor: 0.8, buckets_count: 5, vol_scenarios_count: 3 }, currency_pair: { eth_usd: { price_range: 0.15 } } }, // Dederi ±15 % in 3 % steps
      { currency_pair: { btc_usd: { price_range: 0.125, volatility_range_up: 0.4, short_term_vega_power: 0.5, long_term_vega_power: 0.5 } } }, // older docs: ±12.5 %, sqrt(30/DTE)·40 %
      { currency_pair: { btc_usd: { price_range: 0.1, volatility_range_up: 0.38, short_term_vega_power: 0.3, long_term_vega_power: 0.3 } } }, // legacy: ±10 %, (30/DTE)^0.3·38 %
      { general: { buckets_count: 32 } }, // bench
      { currency: { btc: { pnl_offset: 0.4, max_offsetable_pnl: 1e6 } }, currency_pair: { btc_usd: { delta_total_liq_shock_threshold: 1000, m_inc: 0.01 }, eth_usd: { delta_total_liq_shock_threshold: 100, m_inc: 0.01 } } }, // property tests
      { general: { mm_factor: 0.7654321 } }, { pmdesk: { usdDecimals: 2, coinDecimals: 4 } }, { currency_pair: { btc_usd: { price_range: 0.3 } } }, { currency_pair: { btc_usd: { price_range: '0.16' } } },
    ];
    for (const p of accepted) expect(() => resolveDeribitPmParams(structuredClone(p)), JSON.stringify(p)).not.toThrow();
  });

  it('the bound tables cover every numeric field and print as documented', () => {
    expect(boundText(GENERAL_BOUNDS.mm_factor)).toBe('(0, 1]');
    expect(boundText(GENERAL_BOUNDS.buckets_count)).toBe('an integer in 1..50');
    expect(boundText(PAIR_BOUNDS.price_range)).toBe('(0, 1)');
    expect(boundText(CURRENCY_BOUNDS.haircut)).toBe('[0, 1)');
    expect(boundText(CURRENCY_BOUNDS.pnl_offset)).toBe('[0, 1]');
    expect(boundText(PMDESK_BOUNDS.coinDecimals)).toBe('an integer in 0..18');
    const p = resolveDeribitPmParams({ currency: { btc: {} }, currency_pair: { btc_usd: {} } });
    for (const [k, v] of Object.entries(p.currency.btc)) if (typeof v === 'number') expect(CURRENCY_BOUNDS, k).toHaveProperty(k);
    for (const k of Object.keys(p.currency_pair.btc_usd)) expect(PAIR_BOUNDS, k).toHaveProperty(k);
    for (const [k, v] of Object.entries(p.pmdesk)) if (typeof v === 'number') expect(PMDESK_BOUNDS, k).toHaveProperty(k);
  });
});

describe('every bad field is reported at once', () => {
  it('deribit-pm: three problems in three blocks give one ParamsError listing all three, in document order', () => {
    let err: unknown;
    try {
      resolveDeribitPmParams({ general: { mm_factor: 1.5 }, currency: { btc: { pnl_offset: 2, haircut: 1 } }, currency_pair: { btc_usd: { price_range: 0 } }, pmdesk: { smile: 'flat' }, colour: 'red' });
    } catch (e) { err = e; }
    expect(err).toBeInstanceOf(ParamsError);
    const p = (err as ParamsError).problems;
    expect(p).toEqual([
      'parameters.colour: unknown field',
      'general.mm_factor: must be in (0, 1], got 1.5',
      'currency.btc.pnl_offset: must be in [0, 1], got 2',
      'currency.btc.haircut: must be in [0, 1), got 1',
      'currency_pair.btc_usd.price_range: must be in (0, 1), got 0',
      'pmdesk.smile: expected sticky-strike or sticky-moneyness',
    ]);
    expect((err as ParamsError).message).toBe(p.join('; '));
  });

  it('deribit-sm: every bad field, including each futures row', () => {
    let err: unknown;
    try { resolveDeribitSmParams({ maxSpotReq: -1, futures: { BTC: { imBase: 'x' }, ETH: { imBase: 0.02, mmBase: 0.01, perCoin: -1 } }, usdDecimals: 2.5, shoe: 1 }); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(ParamsError);
    expect((err as ParamsError).problems).toEqual([
      'maxSpotReq: expected a number ≥ 0',
      // The BTC row gives imBase only: the missing mmBase and perCoin are bad fields too, all named.
      'futures.BTC.imBase: expected a number ≥ 0',
      'futures.BTC.mmBase: expected a number ≥ 0',
      'futures.BTC.perCoin: expected a number ≥ 0',
      'futures.ETH.perCoin: expected a number ≥ 0',
      'usdDecimals: must be an integer in 0..18, got 2.5',
      'shoe: unknown parameter',
    ]);
  });

  it('a single problem keeps its message unchanged', () => {
    expect(() => resolveDeribitPmParams({ general: { mm_factor: 0 } })).toThrow(/^general\.mm_factor: must be in \(0, 1\], got 0$/);
  });
});
