/** Golden: Deribit-style grid shape and ordering (margin-methods.md §2.2–§2.4). */
import { describe, expect, it } from 'vitest';
import { bucketMoves, deribitScenarioSet, extendedFraction, VOL_STATES } from '../../electron/engine/margin/methods/deribit-pm/scenario-template';
import { DeribitPm, gridSpec } from '../../electron/engine/margin/methods/deribit-pm/deribit-pm';
import { resolveDeribitPmParams } from '../../electron/engine/margin/methods/deribit-pm/deribit-params';

describe('Deribit grid', () => {
  it('BTC 2024 doc: 9 buckets −16 … +16 % in 4 % steps, zero bucket exact', () => {
    const m = bucketMoves(0.16, 4);
    [-0.16, -0.12, -0.08, -0.04, 0, 0.04, 0.08, 0.12, 0.16].forEach((x, i) => expect(m[i]).toBeCloseTo(x, 15));
    expect(m[4]).toBe(0);
  });

  it('ETH Feb 2026: ±18 % → −18, −13.5, −9, −4.5, 0, +4.5, +9, +13.5, +18 %', () => {
    const m = bucketMoves(0.18, 4);
    [-0.18, -0.135, -0.09, -0.045, 0, 0.045, 0.09, 0.135, 0.18].forEach((x, i) => expect(m[i]).toBeCloseTo(x, 15));
  });

  it('27 standard scenarios bucket-major × (up, same, down), then 8 extended vol-up scenarios', () => {
    const set = deribitScenarioSet({ ETH: gridSpec(resolveDeribitPmParams({ currency_pair: { eth_usd: { price_range: 0.18 } } }), 'ETH') });
    expect(set.scenarios).toHaveLength(35);
    set.scenarios.slice(0, 27).forEach((s, i) => {
      expect(s.table).toBe('standard');
      expect(s.bucket).toBe(Math.floor(i / 3) + 1);
      expect(s.volState).toBe(VOL_STATES[i % 3]);
      expect(s.shocks.ETH.move).toBeCloseTo(-0.18 + Math.floor(i / 3) * 0.045, 15);
      expect(s.shocks.ETH.vol.kind).toBe(i % 3 === 1 ? 'none' : 'term-scaled');
    });
    const ext = set.scenarios.slice(27);
    expect(ext.map((s) => s.shocks.ETH.move)).toEqual([-0.66, -0.33, 0.5, 1, 2, 3, 4, 5]);
    for (const s of ext) {
      expect(s.table).toBe('extended');
      expect(s.volState).toBe('up');
      expect(s.shocks.ETH.vol).toMatchObject({ kind: 'term-scaled', direction: 'up' });
    }
  });

  it('extended fraction collapses a coin delta-one P&L to the range edge (§2.4)', () => {
    // Short 1 ETH inverse: P&L(m) = 1/(1+m) − 1; × fraction equals P&L at ±R.
    const R = 0.18;
    for (const m of [-0.66, -0.33]) expect((1 / (1 + m) - 1) * extendedFraction(m, R, 1)).toBeCloseTo(1 / (1 - R) - 1, 14);
    for (const m of [0.5, 1, 2, 3, 4, 5]) expect((1 / (1 + m) - 1) * extendedFraction(m, R, 1)).toBeCloseTo(1 / (1 + R) - 1, 14);
  });

  it('bucket count follows general.buckets_count', () => {
    const pm = new DeribitPm({ asOfMs: 0, index: () => 100, forward: () => 100, vol: () => 0.5 }, resolveDeribitPmParams({ general: { buckets_count: 2 } }));
    expect(pm.set.scenarios.filter((s) => s.table === 'standard')).toHaveLength(15);
  });
});

describe('multi-underlying labels', () => {
  it('each group labels scenarios with its own range (BTC ±16 %, ETH ±18 %)', async () => {
    const { runMargin } = await import('../../electron/engine/margin/registry');
    const r = runMargin({
      methodId: 'deribit-pm', account: false,
      portfolio: { name: 'l', positions: [{ instrument: 'BTC-PERPETUAL', size: '-1000' }, { instrument: 'ETH-PERPETUAL', size: '-1000' }] },
      snapshot: { asOf: '2026-11-24T08:00:00Z', underlyings: { BTC: { index: 100000, forwards: [], vols: [] }, ETH: { index: 4000, forwards: [], vols: [] } } },
      params: { currency_pair: { eth_usd: { price_range: 0.18 } } },
    });
    expect(r.byCurrency.BTC.vector[24].label).toBe('+16%, vol up');
    expect(r.byCurrency.ETH.vector[24].label).toBe('+18%, vol up');
    expect(r.byCurrency.ETH.vector[27].label).toBe('extended -66%, vol up');
  });
});
