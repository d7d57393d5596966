/**
 * Golden: Deribit-style standard margin cases of test/golden/refdata/deribit_style_margin.json
 * (Lyra v2 Standard Manager Test1/3/4/24/21; Deribit formula per margin-methods.md §2.13).
 * `deribit_formula_*` are the Deribit-rule values (they equal Lyra's expected values except
 * Test21 IM, where Lyra floors IM at 1.05 × MM — refdata README §7).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SM_PARAMS, shortOptionMargin } from '../../electron/engine/margin/methods/deribit-sm/deribit-sm';
import { runMargin } from '../../electron/engine/margin/registry';

interface SmCase {
  id: string; spot_usd: number; forward_usd: number; strike_usd: number; type: 'call' | 'put'; position: number;
  seconds_to_expiry: number; volatility: number; option_mark_usd: number; mark_model: string;
  expected_initial_margin_usd: number; expected_maintenance_margin_usd: number;
  deribit_formula_im_usd: number; deribit_formula_mm_usd: number;
}
const REFDATA = join(__dirname, 'refdata/deribit_style_margin.json');
const cases: SmCase[] = JSON.parse(readFileSync(REFDATA, 'utf8')).cases;
const TOL = 1e-9;
const EXPIRY = '2026-03-27T08:00:00Z';

describe('deribit-sm formula on the refdata cases', () => {
  it('has all five cases', () => expect(cases.map((c) => c.id)).toEqual(['lyra_srm_Test1', 'lyra_srm_Test3', 'lyra_srm_Test4', 'lyra_srm_Test24', 'lyra_srm_Test21']));

  it.each(cases)('$id: USD IM/MM from the given mark', (c) => {
    const r = shortOptionMargin(DEFAULT_SM_PARAMS, { optionType: c.type, strike: c.strike_usd, underlying: c.spot_usd, mark: c.option_mark_usd, unit: 'usd' });
    expect(r.im).toBeCloseTo(c.deribit_formula_im_usd, 9);
    expect(r.mm).toBeCloseTo(c.deribit_formula_mm_usd, 9);
    if (c.id !== 'lyra_srm_Test21') expect(Math.abs(r.im - c.expected_initial_margin_usd)).toBeLessThan(TOL * c.expected_initial_margin_usd);
    expect(Math.abs(r.mm - c.expected_maintenance_margin_usd)).toBeLessThan(TOL * c.expected_maintenance_margin_usd);
  });

  it.each(cases)('$id: coin IM/MM (= USD / spot) with the mark in coin', (c) => {
    const r = shortOptionMargin(DEFAULT_SM_PARAMS, { optionType: c.type, strike: c.strike_usd, underlying: c.spot_usd, mark: c.option_mark_usd / c.spot_usd, unit: 'coin' });
    expect(r.im).toBeCloseTo(c.deribit_formula_im_usd / c.spot_usd, 12);
    expect(r.mm).toBeCloseTo(c.deribit_formula_mm_usd / c.spot_usd, 12);
  });
});

describe('deribit-sm end to end (runMargin, Black-76 marks from the market snapshot)', () => {
  const blackMarked = cases.filter((c) => c.mark_model.startsWith('undiscounted Black-76'));
  it('covers the four Black-76-marked cases', () => expect(blackMarked).toHaveLength(4));

  it.each(blackMarked)('$id on ETH_USDC options', (c) => {
    const expiryMs = Date.parse(EXPIRY);
    const market = {
      asOf: new Date(expiryMs - c.seconds_to_expiry * 1000).toISOString(),
      underlyings: { ETH: { index: c.spot_usd, forwards: [{ expiry: EXPIRY, price: c.forward_usd }], vols: [{ expiry: EXPIRY, strike: c.strike_usd, vol: c.volatility }] } },
    };
    const symbol = `ETH_USDC-27MAR26-${c.strike_usd}-${c.type === 'call' ? 'C' : 'P'}`;
    const r = runMargin({ methodId: 'deribit-sm', portfolio: { name: c.id, positions: [{ instrument: symbol, size: String(c.position) }] }, snapshot: market, account: false });
    const usdc = r.byCurrency.USDC;
    // Reported to 6 dp (half-even), so compare at 1e-6.
    expect(Math.abs(Number(usdc.initialMargin) - c.deribit_formula_im_usd)).toBeLessThanOrEqual(5e-7 + 1e-9);
    expect(Math.abs(Number(usdc.maintenanceMargin) - c.deribit_formula_mm_usd)).toBeLessThanOrEqual(5e-7 + 1e-9);
    expect(usdc.addOns.options).toBe(usdc.initialMargin);
  });
});
