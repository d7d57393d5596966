/**
 * The refdata pricing fixtures through the `pmdesk price` / `pmdesk iv` commands (in process):
 * the CLI's parsing, decimal boundary and unit conventions must reproduce the published values
 * at their stated tolerances, like the engine API does (pricing-*.test.ts).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../electron/cli/cli-command';
import { commands } from '../../electron/cli/commands/index';
import { runCli } from '../../electron/cli/run-cli';

const REFDATA = fileURLToPath(new URL('./refdata/', import.meta.url));
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const load = (f: string): any[] => JSON.parse(readFileSync(REFDATA + f, 'utf8')).cases;

async function cli(command: string, requests: unknown[]): Promise<Record<string, number>[]> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    readStdin: async () => JSON.stringify(requests), readFile: async () => '', writeFile: async () => undefined,
    stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: {},
  };
  const code = await runCli([command], io, commands);
  expect(err.join('')).toBe('');
  expect(code).toBe(0);
  return JSON.parse(out.join(''));
}

describe('price command reproduces the refdata values', () => {
  it('Haug BSM values (43) via model bsm, as decimal strings', async () => {
    const cases = load('bsm_european_haug_values.json');
    const out = await cli('price', cases.map((c) => ({
      model: 'bsm', type: c.type, spot: String(c.spot), strike: String(c.strike), expiryYears: String(c.time_to_expiry_years),
      vol: String(c.volatility), rate: String(c.risk_free_rate), dividendYield: String(c.dividend_yield),
    })));
    expect(out).toHaveLength(43);
    cases.forEach((c, i) => expect(Math.abs(out[i].value - c.expected_value), c.id).toBeLessThanOrEqual(c.abs_tolerance));
  });

  it('Black-76 values with an exp(−rT) or unit discount via model black76', async () => {
    const cases = load('black76_values.json').filter((c) => c.group === 'value');
    const out = await cli('price', cases.map((c) => ({
      model: 'black76', type: c.type, forward: c.forward, strike: c.strike, expiryYears: c.time_to_expiry_years, vol: c.volatility,
      rate: c.discount_factor === 1 ? 0 : c.risk_free_rate,
    })));
    cases.forEach((c, i) => expect(Math.abs(out[i].value - c.expected_value), c.id).toBeLessThanOrEqual(c.abs_tolerance));
  });

  it('py_vollib Black-76 greeks in the contract units (vega per 1.00, theta per year, rho per 1.00)', async () => {
    const cases = load('black76_values.json').filter((c) => c.group === 'greek');
    const out = await cli('price', cases.map((c) => ({
      model: 'black76', type: c.type, forward: c.forward, strike: c.strike, expiryYears: c.time_to_expiry_years, vol: c.volatility, rate: c.risk_free_rate,
    })));
    const convert: Record<string, (r: Record<string, number>) => number> = {
      delta: (r) => r.delta, gamma: (r) => r.gamma, vega_per_vol_point: (r) => r.vega * 0.01,
      theta_per_calendar_day: (r) => r.theta / 365, rho_per_rate_point: (r) => r.rho * 0.01,
    };
    cases.forEach((c, i) => expect(Math.abs(convert[c.greek](out[i]) - c.expected), c.id).toBeLessThanOrEqual(c.abs_tolerance));
  });

  it('inverse coin premiums via model inverse', async () => {
    const cases = load('inverse_options_deribit.json').filter((c) => c.group === 'inverse_premium_derived');
    const out = await cli('price', cases.map((c) => ({
      model: 'inverse', type: c.type, forward: c.forward_usd, strike: c.strike_usd, expiryYears: c.time_to_expiry_years, vol: c.volatility,
    })));
    cases.forEach((c, i) => expect(Math.abs(out[i].value - c.expected_premium_btc), c.id).toBeLessThanOrEqual(c.abs_tolerance_btc));
  });
});

describe('iv command reproduces the Let\'s Be Rational cases', () => {
  it('903 undiscounted Black prices via model black76 with rate 0', async () => {
    const cases = load('implied_vol_cases.json').filter((c) => c.model === 'black76_undiscounted');
    const out = await cli('iv', cases.map((c) => ({
      model: 'black76', type: c.type, forward: c.forward, strike: c.strike, expiryYears: c.time_to_expiry_years, rate: 0, price: c.price,
    })));
    expect(out).toHaveLength(904);
    cases.forEach((c, i) => expect(Math.abs(out[i].vol - c.expected_vol), c.id).toBeLessThanOrEqual(c.recommended_abs_tolerance));
  });
});
