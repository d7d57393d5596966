/**
 * Golden: Deribit live `private/pme/simulate` response (2026-02-15, ETH, short ETH-PERPETUAL,
 * index 1949.34, ±18 % range), margin-methods.md §2.8. Every figure must reproduce exactly.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMargin } from '../../electron/engine/margin/registry';

const fx = (name: string) => JSON.parse(readFileSync(join(__dirname, '../fixtures', name), 'utf8'));
const run = () => runMargin({
  methodId: 'deribit-pm',
  portfolio: fx('margin-deribit-live-eth.portfolio.json'),
  snapshot: fx('margin-deribit-live-eth.market.json'),
  params: fx('margin-deribit-live-eth.params.json'),
});

describe('deribit-pm reproduces the live ETH example (§2.8)', () => {
  const r = run();
  const eth = r.byCurrency.ETH;

  it('IM, MM and add-ons to the printed digit', () => {
    expect(eth.addOns.worstCase).toBe('0.152464127');
    expect(eth.addOns.rollShock).toBe('0.004997435');
    expect(eth.addOns.deltaShock).toBe('0');
    expect(eth.initialMargin).toBe('0.157461562');
    expect(eth.maintenanceMargin).toBe('0.12596925');
  });

  it('binding scenario is Deribit’s index 25 (bucket 9, right side, standard)', () => {
    expect(eth.bindingScenario).toMatchObject({ index: 25, bucket: 9, side: 'right', table: 'standard', volState: 'same', move: 0.18 });
  });

  it('standard vector equals Deribit’s pre-aggregated vector (9 dp) and positives are offset by 0.6', () => {
    // Deribit's printed values for buckets −18 % … +18 % (§2.8 table).
    const printed = [0.219399597, 0.155989309, 0.098850368, 0.047096249, 0, -0.043040112, -0.082526454, -0.11888172, -0.152464127];
    printed.forEach((v, b) => {
      for (let k = 0; k < 3; k++) {
        const e = eth.vector[b * 3 + k];
        expect(Number(e.preAggregated)).toBeCloseTo(v, 9);
        expect(Number(e.aggregated)).toBeCloseTo(v > 0 ? v * 0.6 : v, 9);
      }
    });
    // 0.155989308849711 × 0.6 = 0.0935935853 (live aggregated value, §2.5).
    expect(Number(eth.vector[3].aggregated)).toBeCloseTo(0.0935935853, 10);
  });

  it('extended vector: fraction reproduces [0.2194, 0.2194, −0.15246 × 6]; dampener zeroes the aggregate', () => {
    const ext = eth.vector.slice(27);
    expect(ext).toHaveLength(8);
    expect(Number(ext[0].preAggregated)).toBeCloseTo(0.219399597, 9);
    expect(Number(ext[1].preAggregated)).toBeCloseTo(0.219399597, 9);
    for (const e of ext.slice(2)) expect(Number(e.preAggregated)).toBeCloseTo(-0.152464127, 9);
    for (const e of ext) expect(Number(e.aggregated)).toBe(0);
  });

  it('explanation sums back: position P&L in the binding scenario = binding pre-aggregated entry', () => {
    const sum = eth.contributions.reduce((a, c) => a + Number(c.pnlInBinding), 0);
    expect(sum).toBeCloseTo(Number(eth.bindingScenario!.preAggregated), 12);
    expect(Number(eth.contributions[0].marginalInitialMargin)).toBeCloseTo(0.157461562, 9);
  });

  it('USD figures convert at the index', () => {
    expect(eth.initialMarginUsd).toBe((0.157461562 * 1949.34).toFixed(6).replace(/0+$/, ''));
  });
});

describe('deribit-pm reproduces the June 2024 Deribit doc example vector (§2.8, §9.5)', () => {
  // Long BTC-PERPETUAL, Q = 0.31454 BTC (implied by the doc's vector); ±16 % grid of the 2024 defaults.
  const index = 60000;
  const r = runMargin({
    methodId: 'deribit-pm',
    portfolio: { name: 'doc-2024', positions: [{ id: 'perp', instrument: 'BTC-PERPETUAL', size: String(0.31454 * index) }] },
    snapshot: { asOf: '2024-06-01T08:00:00Z', underlyings: { BTC: { index, forwards: [], vols: [] } } },
    account: false,
  });
  const v = r.byCurrency.BTC.vector;
  it('−16 % → −0.059912 and +4 % → +0.012098 (doc values, 6 dp)', () => {
    expect(Number(v[0].preAggregated).toFixed(6)).toBe('-0.059912');
    expect(Number(v[5 * 3].preAggregated).toFixed(6)).toBe('0.012098');
    expect(v[0].move).toBeCloseTo(-0.16, 15);
  });
  it('pnl_offset 0 (2024 defaults) zeroes the positive entries of the aggregated vector', () => {
    expect(v[15].aggregated).toBe('0');
    expect(Number(r.byCurrency.BTC.addOns.worstCase)).toBeCloseTo(0.31454 * 0.16 / 0.84, 9);
  });
});
