import { describe, expect, it } from 'vitest';
import { flatMarket } from '../../flat-market';
import { black76Value } from '../../pricing-adapter';
import { Dec } from '../../../money';
import { parseMarginInput } from '../../margin-input';
import { runMargin } from '../../registry';
import { okxPmMethod } from '.';
import { OKX_PM_ID } from './id';
import { tieredMinimum } from './okx-kernel';
import { resolveOkxPmParams } from './okx-pm-params';
import { mr1Moves, okxScenarioSet } from './scenario-template';

const AS_OF = Date.UTC(2026, 10, 24, 8);
const flat = (index: Record<string, number>, vol = 0.5) => flatMarket(AS_OF, index, vol);
const run = (positions: { instrument: string; size: string }[], params?: unknown, m = flat({ BTC: 100_000, ETH: 4000 })) =>
  runMargin({ methodId: OKX_PM_ID, portfolio: { name: 't', positions }, snapshot: m, params, account: false });
const notesOf = (r: ReturnType<typeof run>) => r.notes.join('\n');

describe('okx-pm', () => {
  it('the Jan-2025 BTC/ETH scenarios: MR1 ±0/4/8/12 % × 3 vol states, MR6 ±24 % × 3, one MR2 step', () => {
    const p = resolveOkxPmParams();
    expect(mr1Moves(p.groups.btcEth, 3)).toEqual([-0.12, -0.08, -0.04, 0, 0.04, 0.08, 0.12]);
    const { set, decaySet, layout } = okxScenarioSet(p, ['BTC', 'SOL']);
    expect(layout).toEqual({ mr1: [0, 21], mr6: [21, 27], mr2: 27 });
    expect(set.scenarios).toHaveLength(27);
    expect(set.scenarios[18].shocks.BTC.move).toBe(0.12);
    expect(set.scenarios[18].shocks.SOL.move).toBe(0.25); // SOL: MR1 "others" ±25 %, MR6 ±36 %
    expect(set.scenarios[24].shocks.SOL).toMatchObject({ move: 0.36, pnlWeight: 0.5 });
    expect(decaySet.scenarios[0].timeShiftDays).toBe(1);
  });

  it('hand-worked: 1 BTC linear perpetual at 100,000', () => {
    // MR1: worst −12 %: 1 × 100,000 × 0.12 = 12,000. MR6: 24 % × weight 0.5 = 12,000 (MR1 named on the tie).
    // MR2 = MR3 = MR5 = 0 (no option). MR4: the perpetual's price moves by 0.05 × max(0, 30/365) = 0.004109589…
    // → 100,000 × 0.004109589041 = 410.958904. MR7 raw = 100,000 × 0.0022 = 220 (tier 1, ×1).
    // MMR = max(12,000 + 410.958904, 220) = 12,410.958904; IM = 1.3 × 12,410.958904 = 16,134.2465752 → 16,134.246575.
    const r = run([{ instrument: 'BTC_USDC-PERPETUAL', size: '1' }]);
    const u = r.byCurrency.USD;
    expect(u.maintenanceMargin).toBe('12410.958904');
    expect(u.initialMargin).toBe('16134.246575');
    expect(u.addOns).toMatchObject({ spotVolStress: '12000', basis: '410.958904', extremeMove: '0', minimumCharge: '0', initialMarginFactor: '3723.287671' });
    expect(u.bindingScenario?.move).toBeCloseTo(-0.12, 12);
    expect(r.totals.initialMarginUsd).toBe('16134.246575');
  });

  it('hand-worked MR4 calendar basis: long Dec-26, short Mar-27 BTC linear futures', () => {
    // As of 24 Nov 2026 08:00: Dec-25 is 31 days, Mar-26 122 days out. Spot and vol moves cancel (MR1 = MR6 = 0).
    // Basis up: +100,000 × 0.05 × 31/365 − 100,000 × 0.05 × 122/365 = −100,000 × 0.05 × 91/365 = −1,246.575342.
    // MR7 raw = 2 × 100,000 × 0.0022 = 440. MMR = max(1,246.575342, 440); IM = 1.3 × 1,246.575342 = 1,620.5479446 → 1,620.547945.
    const r = run([{ instrument: 'BTC_USDC-25DEC26', size: '1' }, { instrument: 'BTC_USDC-26MAR27', size: '-1' }]);
    const u = r.byCurrency.USD;
    expect(u.addOns.spotVolStress).toBe('0');
    expect(u.addOns.basis).toBe('1246.575342');
    expect(u.maintenanceMargin).toBe('1246.575342');
    expect(u.initialMargin).toBe('1620.547945');
  });

  it('hand-worked MR7: an inverse/linear perpetual pair, the minimum charge binds and its tiers apply', () => {
    // Short 100,000 USD of BTC-PERPETUAL against long 1 BTC_USDC-PERPETUAL: spot moves cancel; the basis moves of
    // the two perpetuals (same size, inverse vs linear) leave a small gain either way, so MR4 = 0.
    // MR7 raw = 100,000 USD × 0.0022 + 1 × 100,000 × 0.0022 = 440 → MMR 440, IM 572.
    const small = run([{ instrument: 'BTC-PERPETUAL', size: '-100000' }, { instrument: 'BTC_USDC-PERPETUAL', size: '1' }]).byCurrency.USD;
    expect(small.maintenanceMargin).toBe('440');
    expect(small.addOns.minimumCharge).toBe('440');
    expect(small.initialMargin).toBe('572');
    // × 1,000: raw 440,000 → 250,000 × 1 + 190,000 × 2 = 630,000 (Jan-2025 BTC/ETH tiers, incremental).
    const big = run([{ instrument: 'BTC-PERPETUAL', size: '-100000000' }, { instrument: 'BTC_USDC-PERPETUAL', size: '1000' }]).byCurrency.USD;
    expect(big.maintenanceMargin).toBe('630000');
  });

  it('MR7 tiers: the OKX notice example 10,000 + (30,000 − 10,000) × 2 = 50,000 (old tiers) and the Jan-2025 tiers', () => {
    const old = [{ upTo: 10_000, multiplier: 1 }, { upTo: 70_000, multiplier: 2 }, { upTo: 170_000, multiplier: 4 }, { upTo: null, multiplier: 6 }];
    expect(tieredMinimum(30_000, old)).toBe(50_000);
    const tiers = resolveOkxPmParams().groups.btcEth.mr7.tiers;
    expect(tieredMinimum(200_000, tiers)).toBe(200_000);
    // 250k × 1 + 250k × 2 + 500k × 4 + 1M × 6 + 1M × 8 + 1M × 10 + 1M × 12 = 38,750,000 at a raw 5,000,000.
    expect(tieredMinimum(5_000_000, tiers)).toBe(38_750_000);
  });

  it('options: MR3 (term twist) and MR5 (rates) are full revaluations of the option, MR2 a day of decay', () => {
    // Long 1 linear BTC 100,000 call, 31 days (beyond the 30-day pivot: a "far" expiry), vol 0.5, forward 100,000.
    const T = 31 / 365;
    const v = black76Value(true, 100_000, 100_000, 0.5, T);
    const r = run([{ instrument: 'BTC_USDC-25DEC26-100000-C', size: '1' }]);
    const n = notesOf(r);
    // MR3: far expiry, vol × (1 − 0.05) in the twist that hurts a long: loss v − V(σ = 0.475).
    const mr3 = v - black76Value(true, 100_000, 100_000, 0.475, T);
    // MR5: rates up 1 %: v × (1 − e^{−0.01 T}).
    const mr5 = v * -Math.expm1(-0.01 * T);
    // MR2: one day of decay at unchanged spot and vol.
    const mr2 = v - black76Value(true, 100_000, 100_000, 0.5, 30 / 365);
    expect(n).toContain(`MR3 ${(Math.round(mr3 * 1e6) / 1e6).toString()}`);
    expect(n).toContain(`MR5 ${(Math.round(mr5 * 1e6) / 1e6).toString()}`);
    expect(n).toContain(`MR2 ${(Math.round(mr2 * 1e6) / 1e6).toString()}`);
    const u = r.byCurrency.USD;
    expect(Number(u.addOns.volTermStructure)).toBeCloseTo(mr3, 6);
    expect(Number(u.addOns.interestRate)).toBeCloseTo(mr5, 6);
  });

  it('hand-worked MR3 on a calendar: long a 3-day call, short a 31-day call; the twist that hurts both legs', () => {
    // Pivot 30 days: the 3-day expiry is "near", the 31-day one "far". Twist "near down, far up" (shift 0.05):
    // near vol 0.5 × 0.95 = 0.475 (the long loses), far vol 0.5 × 1.05 = 0.525 (the short loses).
    // MR3 = [C(3d, 0.5) − C(3d, 0.475)] + [C(31d, 0.525) − C(31d, 0.5)]; the other twist is a gain on both legs.
    const c = (days: number, vol: number) => black76Value(true, 100_000, 100_000, vol, days / 365);
    const mr3 = c(3, 0.5) - c(3, 0.475) + (c(31, 0.525) - c(31, 0.5));
    const r = run([{ instrument: 'BTC_USDC-27NOV26-100000-C', size: '1' }, { instrument: 'BTC_USDC-25DEC26-100000-C', size: '-1' }]);
    expect(notesOf(r)).toContain(`MR3 ${(Math.round(mr3 * 1e6) / 1e6).toString()}`);
  });

  it('risk units are separate: BTC long and ETH short add up, no offset between underlyings', () => {
    const a = Number(run([{ instrument: 'BTC_USDC-PERPETUAL', size: '1' }]).byCurrency.USD.maintenanceMargin);
    const b = Number(run([{ instrument: 'ETH_USDC-PERPETUAL', size: '-25' }]).byCurrency.USD.maintenanceMargin);
    const ab = run([{ instrument: 'BTC_USDC-PERPETUAL', size: '1' }, { instrument: 'ETH_USDC-PERPETUAL', size: '-25' }]);
    expect(Number(ab.byCurrency.USD.maintenanceMargin)).toBeCloseTo(a + b, 6);
    expect(ab.byCurrency.USD.groups.map((g) => g.key)).toEqual(['USD_BTC', 'USD_ETH']);
  });

  it('a parameter edit reaches the figures: MR6 at ±30 % (the pre-2025 BTC/ETH value) with weight 1 binds', () => {
    // 1 BTC perpetual: MR6 = 100,000 × 0.30 × 1 = 30,000 > MR1 12,000 → MM 30,410.958904.
    const r = run([{ instrument: 'BTC_USDC-PERPETUAL', size: '1' }], { groups: { btcEth: { mr6: { move: 0.3, weight: 1 } } } });
    expect(r.byCurrency.USD.addOns.extremeMove).toBe('30000');
    expect(r.byCurrency.USD.maintenanceMargin).toBe('30410.958904');
    expect(r.parameterSet.name).toContain('(edited)');
  });

  it('a position copied with a new size (what-if sensitivity) is margined at the new size, not its old text', () => {
    // 2 BTC perpetual: MR1 2 × 12,000 + MR4 2 × 410.958904 → MM 24,821.917808 (twice the 1 BTC example).
    const input = parseMarginInput({ name: 't', positions: [{ instrument: 'BTC_USDC-PERPETUAL', size: '1' }] });
    const copied = { ...input, positions: input.positions.map((q) => ({ ...q, size: new Dec(2) })) };
    const r = okxPmMethod.run({ input: copied, market: flat({ BTC: 100_000 }), account: false, marginal: false });
    expect(r.byCurrency.USD.maintenanceMargin).toBe('24821.917808');
  });

  it('marginal IM per position: removing the only position frees all of IM', () => {
    const r = runMargin({ methodId: OKX_PM_ID, portfolio: { name: 't', positions: [{ instrument: 'BTC_USDC-PERPETUAL', size: '1' }, { instrument: 'ETH_USDC-PERPETUAL', size: '2' }] }, snapshot: flat({ BTC: 100_000, ETH: 4000 }), account: true });
    const c = r.byCurrency.USD.contributions;
    expect(c).toHaveLength(2);
    const alone = run([{ instrument: 'ETH_USDC-PERPETUAL', size: '2' }]).byCurrency.USD.initialMargin;
    expect(Number(c[0].marginalInitialMargin)).toBeCloseTo(Number(r.byCurrency.USD.initialMargin) - Number(alone), 5);
    expect(r.account?.currencies.length).toBeGreaterThan(0);
  });
});
