/**
 * Deribit PM for one (settlement currency × underlying) group, in float64 (margin-methods.md
 * §2.4–§2.8): aggregate the vector, apply the extended dampener and `pnl_offset`, take the worst
 * case, add roll shock and delta shock. Rounding happens later, in deribit-pm.ts.
 */
import type { ScenarioSet } from '../../../scenarios/scenario-types';
import { MS_PER_YEAR } from '../../../scenarios/market-view';
import type { DeribitCurrencyParams, DeribitPairParams, PmdeskExtensions } from './deribit-params';
import type { InstrumentBase } from '../../risk-arrays';

/** Linear delta facts of a group (coin deltas), the inputs of roll and delta shock. */
export interface DeltaFacts {
  /** Net coin delta per dated expiry (ms). */
  byExpiry: Map<number, number>;
  /** Net coin delta of perpetuals. */
  perp: number;
  /** Σ deltas of long option rows. */
  longOption: number;
  /** Σ deltas of short option rows + futures/perpetual deltas (replica, §2.6). */
  short: number;
}

/** Everything fixed for one group during a run. */
export interface GroupContext {
  set: ScenarioSet;
  underlying: string;
  /** Index of the underlying (USD). */
  index: number;
  /** True when the settlement currency is a coin (inverse); false for USD-like settlement. */
  coin: boolean;
  asOfMs: number;
  pair: DeribitPairParams;
  ccy: DeribitCurrencyParams;
  ext: PmdeskExtensions;
  /** Precomputed per scenario (see {@link precompute}): 1 for extended entries. */
  isExt: Uint8Array;
  /** Dampener amount of each extended entry in the group currency (0 for standard entries). */
  damp: Float64Array;
  /** Cap on an offset positive entry, group currency. */
  cap: number;
}

/** Fill the per-scenario arrays of a context (moves, dampener amounts, offset cap). */
export function precompute(ctx: Omit<GroupContext, 'isExt' | 'damp' | 'cap'>): GroupContext {
  const n = ctx.set.scenarios.length;
  const isExt = new Uint8Array(n);
  const damp = new Float64Array(n);
  const R = ctx.pair.price_range;
  ctx.set.scenarios.forEach((sc, s) => {
    if (sc.table !== 'extended') return;
    isExt[s] = 1;
    const move = sc.shocks[ctx.underlying]?.move ?? 0;
    if (move === 0) return;
    const sg = Math.sign(move);
    damp[s] = usdToCcy(ctx, (Math.max(Math.abs(move) / R, 1) - 1) * ctx.ccy.extended_dampener, (1 + sg * R) * ctx.index);
  });
  const cap = ctx.ext.maxOffsetablePnlUnit === 'usd' ? usdToCcy(ctx, ctx.ccy.max_offsetable_pnl, ctx.index) : ctx.ccy.max_offsetable_pnl;
  return { ...ctx, isExt, damp, cap };
}

/** Float64 outcome of one group. */
export interface GroupOutcome {
  aggregated: Float64Array;
  /** Worst case ≥ 0 (= −min aggregated, floored at 0). */
  worst: number;
  /** Binding scenario index, or −1 when nothing loses. */
  binding: number;
  roll: number;
  rollDetail: { expiryMs: number | null; netDelta: number; rate: number; charge: number }[];
  delta: number;
  deltaDetail: { longOptionDelta: number; shortDelta: number; shockDelta: number; charge: number };
  /** worst + roll + delta. */
  im: number;
}

/** Add the contribution of `q` units of instrument `b` to `f` (use −q to remove). */
export function addDelta(f: DeltaFacts, b: InstrumentBase, q: number, rowTotal: number): void {
  const d = q * b.delta;
  if (d === 0) return;
  const k = b.inst.kind;
  if (k === 'option') {
    if (rowTotal > 0) f.longOption += d; else f.short += d;
  } else if (k === 'future' || k === 'perpetual') {
    f.short += d;
  }
  if (k === 'perpetual') f.perp += d;
  else if (b.inst.expiryMs !== undefined && (k === 'option' || k === 'future')) f.byExpiry.set(b.inst.expiryMs, (f.byExpiry.get(b.inst.expiryMs) ?? 0) + d);
}

/** An empty facts record. */
export function emptyFacts(): DeltaFacts {
  return { byExpiry: new Map(), perp: 0, longOption: 0, short: 0 };
}

/** USD → group currency: coin at `price`, USD-like at par. */
function usdToCcy(ctx: { coin: boolean }, usd: number, price: number): number {
  return ctx.coin ? usd / price : usd;
}

/**
 * Aggregate a pre-aggregated vector (Deribit `pre_aggregated_risk_vectors`) into `out`
 * (`aggregated_risk_vectors`): extended entries are dampened toward 0 by
 * `(max(|m|/R, 1) − 1) · extended_dampener_USD / ((1 + s·R)·S)` (coin; §2.4 replica formula,
 * validated), then positive entries are multiplied by `pnl_offset` (§2.5, validated on live ETH
 * data) and capped by `max_offsetable_pnl` (USD at the index — best reading, [UNCONFIRMED]).
 */
export function aggregate(ctx: GroupContext, pre: Float64Array, out: Float64Array): void {
  const { isExt, damp, cap } = ctx;
  const offset = ctx.ccy.pnl_offset;
  for (let s = 0; s < pre.length; s++) {
    let v = pre[s];
    if (isExt[s] === 1) v = dampen(v, damp[s]);
    if (v > 0) v = Math.min(v * offset, cap);
    out[s] = v;
  }
}

/** The dampener step for one extended entry: shrink toward 0 by `d`, never flipping sign. */
export function dampen(v: number, d: number): number {
  if (v < 0) return Math.min(v + d, 0);
  if (v > 0) return Math.max(v - d, 0);
  return v;
}

/**
 * The binding scenario: the minimum aggregated entry; ties go to the standard table, then the
 * unshocked vol state, then the lowest index (reproduces Deribit's `index 25` for a perpetual,
 * §2.8). Returns −1 when no entry is negative.
 */
export function bindingIndex(set: ScenarioSet, agg: Float64Array): number {
  let best = -1;
  let bestV = 0;
  for (let s = 0; s < agg.length; s++) {
    const v = agg[s];
    if (v < bestV || (v === bestV && best >= 0 && prefer(set, s, best))) { best = s; bestV = v; }
  }
  return best;
}

function prefer(set: ScenarioSet, a: number, b: number): boolean {
  const sa = set.scenarios[a], sb = set.scenarios[b];
  const ta = sa.table === 'standard' ? 0 : 1, tb = sb.table === 'standard' ? 0 : 1;
  if (ta !== tb) return ta < tb;
  const va = sa.volState === 'same' ? 0 : 1, vb = sb.volState === 'same' ? 0 : 1;
  return va < vb;
}

/**
 * Roll shock (§2.7): per dated expiry `max(f(a, T), min_annualised_move) · |Δ_e|` with
 * `f = exp(a·T) − 1` (replica; `a·T` and `a·√T` selectable), perpetual `min_annualised_move · |Q|`
 * (validated on live data). No netting across expiries. Coin deltas are charged in coin; USD-like
 * groups convert them at the index (best reading).
 */
export function rollShock(ctx: GroupContext, f: DeltaFacts): { total: number; detail: GroupOutcome['rollDetail'] } {
  const a = ctx.ccy.annualised_move_risk, floor = ctx.ccy.min_annualised_move;
  const conv = ctx.coin ? 1 : ctx.index;
  const detail: GroupOutcome['rollDetail'] = [];
  let total = 0;
  const expiries = [...f.byExpiry.keys()].sort((x, y) => x - y);
  for (const e of expiries) {
    const d = f.byExpiry.get(e)!;
    const t = Math.max((e - ctx.asOfMs) / MS_PER_YEAR, 0);
    const raw = ctx.ext.rollShockForm === 'exp' ? Math.exp(a * t) - 1 : ctx.ext.rollShockForm === 'linear' ? a * t : a * Math.sqrt(t);
    const rate = Math.max(raw, floor);
    const charge = rate * Math.abs(d) * conv;
    total += charge;
    detail.push({ expiryMs: e, netDelta: d, rate, charge });
  }
  if (f.perp !== 0) {
    const charge = floor * Math.abs(f.perp) * conv;
    total += charge;
    detail.push({ expiryMs: null, netDelta: f.perp, rate: floor, charge });
  }
  return { total, detail };
}

/**
 * Delta shock (§2.6 replica with Deribit's `m_inc` in place of the replica's fixed 0.01,
 * [UNCONFIRMED]): Δ_shock = short side net of long options, not flipping sign;
 * `min(max(|Δ|·S − threshold, 0)·|Δ|·m_inc, max_delta_shock·|Δ|·S) / S` in coin.
 */
export function deltaShock(ctx: GroupContext, f: DeltaFacts): GroupOutcome['deltaDetail'] {
  const L = f.longOption, Sh = f.short;
  return { longOptionDelta: L, shortDelta: Sh, shockDelta: shockDeltaOf(L, Sh), charge: deltaShockCharge(ctx, L, Sh) };
}

/** Δ_shock: the short side net of long options, never flipping sign (§2.6 replica). */
export function shockDeltaOf(L: number, Sh: number): number {
  return Sh < 0 ? Math.min(Math.max(L + Sh, Sh), 0) : Math.max(Math.min(L + Sh, Sh), 0);
}

/** The delta-shock charge in the group currency for long-option delta `L` and short delta `Sh`. */
export function deltaShockCharge(ctx: GroupContext, L: number, Sh: number): number {
  const S = ctx.index;
  const ad = Math.abs(shockDeltaOf(L, Sh));
  const p1 = Math.max(ad * S - ctx.pair.delta_total_liq_shock_threshold, 0) * ad * ctx.pair.m_inc;
  const p2 = ctx.pair.max_delta_shock * ad * S;
  const usd = Math.min(p1, p2);
  return ctx.coin ? usd / S : usd;
}

/** The whole float64 outcome of one group from its pre-aggregated vector and delta facts. */
export function evaluateGroup(ctx: GroupContext, pre: Float64Array, f: DeltaFacts, scratch?: Float64Array): GroupOutcome {
  const aggregated = scratch ?? new Float64Array(pre.length);
  aggregate(ctx, pre, aggregated);
  const binding = bindingIndex(ctx.set, aggregated);
  const worst = binding >= 0 ? -aggregated[binding] : 0;
  const r = rollShock(ctx, f);
  const d = deltaShock(ctx, f);
  return { aggregated, worst, binding, roll: r.total, rollDetail: r.detail, delta: d.charge, deltaDetail: d, im: worst + r.total + d.charge };
}
