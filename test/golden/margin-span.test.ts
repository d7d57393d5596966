/**
 * Golden: `span` against refdata `span_risk_array_examples.json` (McMillan, Options as a Strategic
 * Investment ch. 34; copied unchanged). The file's arrays are P&L per position as held (gain
 * positive, scenarios 15/16 already × 0.35) and printed to the book's rounding (nearest $10).
 * - Aggregation: the covered write (future − call) and the 3:5 ratio write are the sums of the
 *   per-contract arrays (exactly, as printed), and the scan risk of each case is its stated
 *   requirement with the stated worst scenario (span-kernel `scanRisk`).
 * - Risk arrays by revaluation: a long future with a $10,000 price scan range (1 coin at 100,000,
 *   range 10 %) through the registered method reproduces the future's printed array to the book's
 *   rounding (±5), its extremes (2 ranges × 0.35 = 7,000) exactly, and the requirement 10,000.
 *   The call's array needs the book's option inputs (vol, time), which it does not print.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMargin } from '../../electron/engine/margin/registry';
import { SPAN_ID } from '../../electron/engine/margin/methods/span/id';
import { scanRisk } from '../../electron/engine/margin/methods/span/span-kernel';
import { DEFAULT_SPAN_PARAMS, scanMoves } from '../../electron/engine/margin/methods/span/span-params';
import type { MarketView } from '../../electron/engine/scenarios/market-view';

interface SpanCase { id: string; portfolio: { instrument: string; qty: number }[]; risk_array_pnl_usd: number[]; expected_scan_risk_usd: number; worst_scenario?: number }
const FILE = JSON.parse(readFileSync(join(__dirname, 'refdata/span_risk_array_examples.json'), 'utf8')) as {
  scenario_definitions: { scenario: number; price_move_fraction_of_scan_range: number; vol_move_fraction_of_vol_scan_range: number; fraction_of_loss_counted: number }[];
  cases: SpanCase[];
};
const byId = (id: string) => FILE.cases.find((c) => c.id === id)!;
const future = byId('mcmillan_long_1_sp_future').risk_array_pnl_usd;
const call = byId('mcmillan_long_1_dec410_call').risk_array_pnl_usd;

describe('SPAN risk arrays and scan risk (McMillan)', () => {
  it('the default scan points are the file\'s 16 scenario definitions', () => {
    expect(DEFAULT_SPAN_PARAMS.scanPoints).toHaveLength(16);
    FILE.scenario_definitions.forEach((d, i) => {
      const s = DEFAULT_SPAN_PARAMS.scanPoints[i];
      const m = scanMoves(s);
      expect(s.point).toBe(d.scenario);
      expect(m.price).toBeCloseTo(d.price_move_fraction_of_scan_range, 15);
      expect(m.vol).toBe(d.vol_move_fraction_of_vol_scan_range);
      expect(s.weight).toBe(d.fraction_of_loss_counted);
    });
  });

  it('combined arrays are the quantity-weighted sums of the contract arrays', () => {
    for (const c of FILE.cases) {
      const sum = future.map((f, s) => c.portfolio.reduce((a, p) => a + p.qty * (p.instrument.includes('call') ? call[s] : f), 0));
      expect(sum).toEqual(c.risk_array_pnl_usd);
    }
  });

  it.each(FILE.cases)('$id: scan risk $expected_scan_risk_usd', (c) => {
    const r = scanRisk(c.risk_array_pnl_usd);
    expect(r.risk).toBe(c.expected_scan_risk_usd);
    if (c.worst_scenario !== undefined) expect(r.binding + 1).toBe(c.worst_scenario);
  });

  const market: MarketView = { asOfMs: Date.UTC(2026, 10, 24, 8), index: () => 100_000, forward: () => 100_000, vol: () => 0.5 };
  const runFuture = (params: unknown) => runMargin({
    methodId: SPAN_ID, portfolio: { name: 'one future', positions: [{ instrument: 'BTC_USDC-PERPETUAL', size: '1' }] }, snapshot: market, params, account: false,
  });

  it('a long future revalued over the scan points reproduces the printed array and requirement', () => {
    const r = runFuture({ combinedCommodities: { BTC: { priceScanRange: 0.1 } } });
    const usd = r.byCurrency.USD;
    const vec = usd.groups[0].vector.map((e) => Number(e.aggregated));
    vec.forEach((v, s) => expect(Math.abs(v - future[s]), `scenario ${s + 1}: ${v} vs ${future[s]}`).toBeLessThanOrEqual(5));
    expect(vec[14]).toBe(7000);
    expect(vec[15]).toBe(-7000);
    expect(usd.maintenanceMargin).toBe('10000');
    expect(usd.bindingScenario?.bucket).toBe(13);
  });

  it('the extreme weight is read from the parameter set (0.3: NSE file values, §4.2)', () => {
    const points = DEFAULT_SPAN_PARAMS.scanPoints.map((s) => (s.weight === 1 ? s : { ...s, weight: 0.3, priceScanDef: { ...s.priceScanDef, mult: 3 } }));
    const r = runFuture({ scanPoints: points, combinedCommodities: { BTC: { priceScanRange: 0.1 } } });
    // 3 ranges × 0.3 = 0.9 × 10,000.
    expect(Number(r.byCurrency.USD.groups[0].vector[14].aggregated)).toBeCloseTo(9000, 6);
    expect(r.byCurrency.USD.maintenanceMargin).toBe('10000');
  });
});
