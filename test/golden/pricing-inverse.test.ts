/**
 * Golden inverse-option cases (test/golden/refdata/inverse_options_deribit.json, copied unchanged from the team refdata):
 * Deribit settlement examples and derived coin premiums, each at its tolerance.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { inverseOption, inverseSettlement } from '../../electron/engine/pricing';

const REFDATA = fileURLToPath(new URL('./refdata/', import.meta.url));
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const { cases } = JSON.parse(readFileSync(REFDATA + 'inverse_options_deribit.json', 'utf8')) as { cases: any[] };

/** Settlement figures are exact decimal arithmetic in the source; float64 division is within 1e-12. */
const SETTLEMENT_TOL = 1e-12;

describe('inverse_options_deribit.json', () => {
  it('has all 13 cases', () => expect(cases.length).toBe(13));

  const settlement = cases.filter((c) => c.group === 'settlement');
  it.each(settlement)('settlement $id', (c) => {
    const coin = inverseSettlement(c.type, c.strike_usd, c.delivery_price_usd) * c.quantity_btc_notional;
    expect(Math.abs(coin - c.expected_settlement_btc_per_contract)).toBeLessThanOrEqual(SETTLEMENT_TOL);
    expect(Math.abs(coin * c.delivery_price_usd - c.expected_settlement_usd_per_contract)).toBeLessThanOrEqual(SETTLEMENT_TOL * c.delivery_price_usd);
    if (c.expected_total_pnl_btc_for_side !== undefined) {
      const pnl = c.side === 'long' ? coin - c.premium_btc : c.premium_btc - coin;
      expect(Math.abs(pnl - c.expected_total_pnl_btc_for_side)).toBeLessThanOrEqual(SETTLEMENT_TOL);
    }
  });

  const premium = cases.filter((c) => c.group === 'inverse_premium_derived');
  it.each(premium)('coin premium $id', (c) => {
    expect(c.index_price_usd).toBe(c.forward_usd);
    const g = inverseOption({ type: c.type, forward: c.forward_usd, strike: c.strike_usd, expiryYears: c.time_to_expiry_years, vol: c.volatility, rate: c.risk_free_rate });
    expect(Math.abs(g.value - c.expected_premium_btc)).toBeLessThanOrEqual(c.abs_tolerance_btc);
    // USD premium = coin premium × index (support.deribit.com "Inverse Options"); same tolerance scaled by the index.
    expect(Math.abs(g.valueUsd - c.expected_premium_usd)).toBeLessThanOrEqual(c.abs_tolerance_btc * c.index_price_usd);
    expect(Math.abs(g.value * c.index_price_usd - c.expected_premium_usd)).toBeLessThanOrEqual(c.abs_tolerance_btc * c.index_price_usd);
  });

  it('every case belongs to a group asserted above', () => expect(settlement.length + premium.length).toBe(cases.length));
});
