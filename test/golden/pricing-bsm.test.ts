/**
 * Golden BSM cases from test/golden/refdata (copied unchanged), every case asserted at its stated
 * tolerance: Haug (1998) values and greeks via QuantLib's test suite, the py_vollib benchmark
 * grid, and the misc doctest / Hull textbook values. Sources are cited in each JSON file.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bsm, type OptionType } from '../../electron/engine/pricing';

const REFDATA = fileURLToPath(new URL('./refdata/', import.meta.url));
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const load = (f: string): { cases: any[] } => JSON.parse(readFileSync(REFDATA + f, 'utf8'));

interface BsmCase { type: OptionType; spot: number; strike: number; time_to_expiry_years: number; volatility: number; risk_free_rate: number; dividend_yield: number }
const run = (c: BsmCase, type: OptionType = c.type) =>
  bsm({ type, spot: c.spot, strike: c.strike, expiryYears: c.time_to_expiry_years, vol: c.volatility, rate: c.risk_free_rate, dividendYield: c.dividend_yield });

function near(actual: number, expected: number, tol: number): void {
  expect(Number.isFinite(actual)).toBe(true);
  expect(Math.abs(actual - expected), `actual ${actual}, expected ${expected}, tol ${tol}`).toBeLessThanOrEqual(tol);
}

describe('Haug (1998) BSM values — bsm_european_haug_values.json', () => {
  const { cases } = load('bsm_european_haug_values.json');
  it('has all 43 cases', () => expect(cases.length).toBe(43));
  it.each(cases)('$id', (c) => near(run(c).value, c.expected_value, c.abs_tolerance));
});

describe('Haug (1998) BSM greeks — bsm_european_haug_greeks.json', () => {
  const { cases } = load('bsm_european_haug_greeks.json');
  it('has all 11 cases', () => expect(cases.length).toBe(11));
  it.each(cases)('$id ($greek)', (c) => {
    const r = run(c);
    const actual: Record<string, number> = {
      delta: r.delta, gamma: r.gamma, vega: r.vega, theta: r.theta, theta_per_day: r.theta / 365, rho: r.rho,
      dividend_rho: r.dividendRho, elasticity: r.elasticity,
    };
    expect(actual).toHaveProperty(c.greek);
    near(actual[c.greek], c.expected, c.abs_tolerance);
  });
});

describe('py_vollib benchmark grid — bsm_pyvollib_benchmark_grid.json', () => {
  const data = load('bsm_pyvollib_benchmark_grid.json') as { cases: Record<string, number & string>[]; conventions: { recommended_abs_tolerance: Record<string, number> } };
  const tol = data.conventions.recommended_abs_tolerance;
  it('has all 101 rows', () => expect(data.cases.length).toBe(101));
  const fields: [string, (g: ReturnType<typeof run>) => number, number][] = [
    ['value', (g) => g.value, tol.value], ['delta', (g) => g.delta, tol.delta], ['gamma', (g) => g.gamma, tol.gamma],
    ['theta_per_year', (g) => g.theta, tol.theta_per_year], ['vega_per_unit_vol', (g) => g.vega, tol.vega_per_unit_vol],
    ['rho_per_unit_rate', (g) => g.rho, tol.rho_per_unit_rate],
  ];
  it.each(data.cases)('$id: call and put, value and every greek', (c) => {
    for (const type of ['call', 'put'] as const) {
      const g = run(c as unknown as BsmCase, type);
      for (const [field, pick, t] of fields) {
        const expected = c[`${type}_${field}`] as number;
        expect(typeof expected).toBe('number');
        expect(Math.abs(pick(g) - expected), `${type}_${field}: ${pick(g)} vs ${expected}`).toBeLessThanOrEqual(t);
      }
    }
  });
});

describe('misc BSM doctests and Hull — bsm_misc_reference_values.json', () => {
  const { cases } = load('bsm_misc_reference_values.json');
  it('has all 17 cases', () => expect(cases.length).toBe(17));
  it.each(cases)('$id ($quantity)', (c) => {
    const g = run(c);
    const units: string = c.units ?? '';
    const perPoint = /per (vol|rate) point/.test(units) ? 0.01 : 1;
    const perDay = /per calendar day/.test(units) ? 1 / 365 : 1;
    const actual: Record<string, number> = {
      value: g.value, delta: g.delta, gamma: g.gamma, vega: g.vega * perPoint, rho: g.rho * perPoint, theta: g.theta * perDay,
    };
    expect(actual).toHaveProperty(c.quantity);
    near(actual[c.quantity], c.expected, c.abs_tolerance);
  });
});
