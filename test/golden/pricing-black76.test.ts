/**
 * Golden Black-76 cases (test/golden/refdata/black76_values.json, copied unchanged from the team refdata): Haug's futures
 * option, py_vollib doctests and greeks, QuantLib BlackCalculator values and greeks, Lyra
 * crypto-scale marks. Every case asserted at its own tolerance.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { black76, bsm, type Black76Result } from '../../electron/engine/pricing';

const REFDATA = fileURLToPath(new URL('./refdata/', import.meta.url));
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const { cases } = JSON.parse(readFileSync(REFDATA + 'black76_values.json', 'utf8')) as { cases: any[] };

function near(actual: number, expected: number, tol: number): void {
  expect(Number.isFinite(actual)).toBe(true);
  expect(Math.abs(actual - expected), `actual ${actual}, expected ${expected}, tol ${tol}`).toBeLessThanOrEqual(tol);
}

/** Discount rate of a case: "exp(-r*T)" uses r; a numeric discount factor D gives r = −ln(D)/T. */
function rateOf(c: { discount_factor?: number | string; risk_free_rate?: number }, years: number): number {
  if (typeof c.discount_factor === 'number') return -Math.log(c.discount_factor) / years;
  return c.risk_free_rate ?? 0;
}

describe('black76_values.json', () => {
  it('has all 37 cases', () => expect(cases.length).toBe(37));

  const valueCases = cases.filter((c) => c.group === 'value');
  it.each(valueCases)('value $id', (c) => {
    const g = black76({ type: c.type, forward: c.forward, strike: c.strike, expiryYears: c.time_to_expiry_years, vol: c.volatility, rate: rateOf(c, c.time_to_expiry_years) });
    near(g.value, c.expected_value, c.abs_tolerance);
  });

  const greekCases = cases.filter((c) => c.group === 'greek');
  it.each(greekCases)('py_vollib greek $id', (c) => {
    const g = black76({ type: c.type, forward: c.forward, strike: c.strike, expiryYears: c.time_to_expiry_years, vol: c.volatility, rate: c.risk_free_rate });
    // py_vollib units (file conventions): vega per vol point, theta per calendar day, rho per rate point.
    const actual: Record<string, number> = {
      delta: g.delta, gamma: g.gamma, vega_per_vol_point: g.vega * 0.01, theta_per_calendar_day: g.theta / 365, rho_per_rate_point: g.rho * 0.01,
    };
    expect(actual).toHaveProperty(c.greek);
    near(actual[c.greek], c.expected, c.abs_tolerance);
  });

  // QuantLib stdDev form: T = 1 so σ = stdDev, and D is given explicitly.
  const stdDevValues = cases.filter((c) => c.group === 'value_stddev_form');
  it.each(stdDevValues)('QuantLib BlackCalculator value $id', (c) => {
    const g = black76({ type: c.type, forward: c.forward, strike: c.strike, expiryYears: 1, vol: c.std_dev, rate: rateOf(c, 1) });
    near(g.value, c.expected_value, c.abs_tolerance);
  });

  const stdDevGreeks = cases.filter((c) => c.group === 'greek_stddev_form');
  it.each(stdDevGreeks)('QuantLib BlackCalculator greek $id', (c) => {
    const T = c.maturity_years as number;
    const vol = c.std_dev / Math.sqrt(T);
    const r = rateOf(c, T);
    const g: Black76Result = black76({ type: c.type, forward: c.forward, strike: c.strike, expiryYears: T, vol, rate: r });
    // Spot-based greeks (QuantLib: forward ∝ spot): BSM with spot S and carry q such that S·e^{(r−q)T} = F.
    const q = r - Math.log(c.forward / c.spot) / T;
    const s = bsm({ type: c.type, spot: c.spot, strike: c.strike, expiryYears: T, vol, rate: r, dividendYield: q });
    const discount = Math.exp(-r * T);
    const actual: Record<string, number> = {
      delta_forward: g.delta, gamma_forward: g.gamma, vega: g.vega, volga: g.volga,
      itm_cash_probability: g.itmProbability, itm_asset_probability: g.delta / discount,
      strike_sensitivity: g.strikeDelta, strike_gamma: g.strikeGamma, rho: s.rho, dividend_rho: s.dividendRho,
      elasticity_forward: (g.delta * c.forward) / g.value, delta_spot: s.delta, gamma_spot: s.gamma,
    };
    expect(actual).toHaveProperty(c.greek);
    near(actual[c.greek], c.expected, c.abs_tolerance);
  });

  it('every case belongs to a group asserted above', () => {
    expect(valueCases.length + greekCases.length + stdDevValues.length + stdDevGreeks.length).toBe(cases.length);
  });
});
