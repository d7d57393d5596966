/**
 * Risk arrays (issue 4 §2): per unique instrument, the P&L of one unit of size under every
 * scenario of a set, by full revaluation, in the instrument's settlement currency (or in USD for
 * cross-currency mode). Rows live in one growable Float64Array; adding an instrument prices only
 * that instrument; rows are never re-priced when sizes change.
 */
import type { MarketView } from '../scenarios/market-view';
import type { ScenarioSet, VolShock } from '../scenarios/scenario-types';
import { applyVolShock } from '../scenarios/vol-shock';
import { MS_PER_DAY, MS_PER_YEAR } from '../scenarios/market-view';
import { erfSmall, normCdf } from '../pricing/normal-distribution';
import { black76ValueDeltaAt } from '../pricing/black76-core';
import { shockFor } from '../scenarios/scenario-types';
import { shockInputs, type BaseInputs, type ShockedInputs } from '../scenarios/shock-inputs';
import type { MarginInstrument } from './margin-instrument';
import { unitDelta, unitValue } from './valuation';

/** An instrument given a row and base facts, not yet priced. */
interface Registered { r: number; inst: MarginInstrument; base: BaseInputs; v0: number }

/**
 * Scratch for one row's scenario loop, split in three passes (inputs → normal CDFs → values) so
 * that the CDF pass is one small loop over typed arrays: float arguments and results then stay
 * unboxed (a call per scenario boxes each double it passes or returns, tens of thousands of
 * short-lived heap numbers per book). Same operations on the same values, so the same bits.
 */
let SCR_F = new Float64Array(64), SCR_SD = new Float64Array(64), SCR_X = new Float64Array(128), SCR_CDF = new Float64Array(256);
let SCR_ARG = new Float64Array(256), SCR_VAL = new Float64Array(256);
let SCR_L = new Float64Array(64);
/** `fillSd`'s σ√T per distinct vol shock. */
let SCR_SDV = new Float64Array(8);
/** `priceOptionRowTimed`'s per-scenario flag: the shift takes the leg past its expiry. */
let SCR_EXPIRED = new Uint8Array(64);
const OUT_V = new Float64Array(1), OUT_D = new Float64Array(1);
function scratchFor(n: number): void {
  if (SCR_F.length >= n) return;
  SCR_F = new Float64Array(n); SCR_SD = new Float64Array(n); SCR_X = new Float64Array(2 * n); SCR_CDF = new Float64Array(4 * n);
  SCR_ARG = new Float64Array(4 * n); SCR_VAL = new Float64Array(4 * n); SCR_L = new Float64Array(n);
  SCR_MOVES = newMoveTable(n);
  SCR_EXPIRED = new Uint8Array(n);
}

/**
 * One underlying's shocks over a scenario set without time shift, as the option kernels read
 * them: per scenario `g[s]` = 1 + move and `w[s]` = P&L weight, and `mi[s]`, the index of `g[s]`
 * among the set's distinct moves `gd[0 … nd)`. Scenarios with the same move (the vol states of a
 * bucket) share the forward F·g and ln(F·g / K): one `log` per move, not per scenario.
 *
 * Likewise the vol shocks: `vi[s]` is the index of scenario s's vol shock among the distinct
 * ones `vd` (−1: not tabled, the row computes it itself), so a row's shocked σ√T is computed once
 * per distinct vol shock (`fillSd`) — `applyVolShock` is a function of the shock's fields, so
 * equal shocks give equal bits. Small sets table shocks by identity (a venue grid shares a few
 * shock objects; at most {@link VOL_TABLE_LIMIT}); large ones, tabled once per set, by value
 * (historical days each carry their own `{ kind: 'none' }`).
 */
interface MoveTable { g: Float64Array; w: Float64Array; mi: Int32Array; gd: Float64Array; nd: number; vi: Int32Array; vd: VolShock[] }
let SCR_MOVES: MoveTable = newMoveTable(64);
/** Distinct vol-shock objects `fillMoves` tables per small set (more are left to the row: `vi` = −1). */
const VOL_TABLE_LIMIT = 8;

/**
 * Black-76 arguments of one option row over `n` scenarios, into the scratch buffers: `SCR_F[j]`
 * the forward at distinct move j, `SCR_L[j]` = ln(F_j/K) (one log per distinct move), and
 * `SCR_X[2s]`, `SCR_X[2s+1]` = φ·d1, φ·d2 of scenario s with σ√T = `sd[o + s]` (0, 0 when σ√T is
 * 0: the caller settles at intrinsic). φ = 1 leaves d1, d2 unchanged (multiplying by 1 is exact),
 * which the call/put pair uses.
 */
function fillBlackArgs(forward: number, k: number, phi: number, sd: Float64Array, o: number, mv: MoveTable, n: number): void {
  scratchFor(n);
  const Fd = SCR_F, L = SCR_L, X = SCR_X, MI = mv.mi, gd = mv.gd, nd = mv.nd;
  for (let j = 0; j < nd; j++) { const f = forward * gd[j]; Fd[j] = f; L[j] = Math.log(f / k); }
  for (let s = 0; s < n; s++) {
    const v = sd[o + s];
    if (v > 0) {
      const d1 = L[MI[s]] / v + 0.5 * v;
      X[2 * s] = phi * d1;
      X[2 * s + 1] = phi * (d1 - v);
    } else { X[2 * s] = 0; X[2 * s + 1] = 0; }
  }
}

/**
 * `underlying`'s moves over `scenarios` (see {@link MoveTable}), in `t`. Distinct moves are found
 * by a scan of those seen so far. A set of more than {@link SCAN_LIMIT} scenarios (historical
 * days: nearly every move distinct, so the scan would be quadratic) gets its table built once per
 * underlying with a Map (the same numbering: order of first appearance, a Map key comparing as
 * `===` does for every finite move) and kept beside the set (scenario sets are never mutated);
 * that table is returned instead of `t` — callers only read it.
 */
function fillMoves(scenarios: ScenarioSet['scenarios'], underlying: string, t: MoveTable): MoveTable {
  if (scenarios.length > SCAN_LIMIT) {
    let byUnderlying = LARGE_SET_MOVES.get(scenarios);
    if (!byUnderlying) { byUnderlying = new Map(); LARGE_SET_MOVES.set(scenarios, byUnderlying); }
    let kept = byUnderlying.get(underlying);
    if (!kept) { kept = mapMoves(scenarios, underlying, newMoveTable(scenarios.length)); byUnderlying.set(underlying, kept); }
    return kept;
  }
  let nd = 0;
  const vd = t.vd;
  vd.length = 0;
  for (let s = 0; s < scenarios.length; s++) {
    const shock = shockFor(scenarios[s], underlying);
    const g = 1 + shock.move;
    t.g[s] = g;
    t.w[s] = shock.pnlWeight ?? 1;
    let j = 0;
    while (j < nd && t.gd[j] !== g) j++;
    if (j === nd) t.gd[nd++] = g;
    t.mi[s] = j;
    let v = vd.indexOf(shock.vol);
    if (v < 0 && vd.length < VOL_TABLE_LIMIT) v = vd.push(shock.vol) - 1;
    t.vi[s] = v;
  }
  t.nd = nd;
  return t;
}
/** Scenario count up to which `fillMoves` scans for a repeated move (every venue grid: 16 … ~200). */
const SCAN_LIMIT = 256;
/** The move tables of large scenario sets, per set and underlying (see `fillMoves`). */
const LARGE_SET_MOVES = new WeakMap<ScenarioSet['scenarios'], Map<string, MoveTable>>();

/** `fillMoves`' table with the distinct moves found through a Map. */
function mapMoves(scenarios: ScenarioSet['scenarios'], underlying: string, t: MoveTable): MoveTable {
  let nd = 0;
  const seen = new Map<number, number>();
  const vols = new Map<string, number>();
  for (let s = 0; s < scenarios.length; s++) {
    const shock = shockFor(scenarios[s], underlying);
    const g = 1 + shock.move;
    t.g[s] = g;
    t.w[s] = shock.pnlWeight ?? 1;
    let j = seen.get(g);
    if (j === undefined) { j = nd; seen.set(g, nd); t.gd[nd++] = g; }
    t.mi[s] = j;
    const key = volShockKey(shock.vol);
    let v = vols.get(key);
    if (v === undefined) { v = t.vd.push(shock.vol) - 1; vols.set(key, v); }
    t.vi[s] = v;
  }
  t.nd = nd;
  return t;
}

/** A text equal for vol shocks `applyVolShock` cannot tell apart (kind and every field, in a fixed order). */
function volShockKey(v: VolShock): string {
  return JSON.stringify(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * A time-shifted set's scenarios for one underlying, as `fillTimed` reads them: `pi[s]`, the
 * index of scenario s's (time shift, vol shock) among the set's distinct pairs, each with its
 * shift in ms (`shiftMs[p]` = timeShiftDays × MS_PER_DAY, as `shockInputs` computes it) and its
 * vol shock. A row's σ√T and expiry flag are functions of that pair alone (`applyVolShock` reads
 * the shock's fields only: equal shocks, equal bits), so they are computed once per pair — a
 * payoff's 4 dates × 400 prices are 4 pairs. Built once per set and underlying and kept beside
 * the set (scenario sets are never mutated).
 */
interface TimedTable { pi: Int32Array; np: number; shiftMs: number[]; vol: VolShock[] }
const TIMED_TABLES = new WeakMap<ScenarioSet['scenarios'], Map<string, TimedTable>>();
/** `fillTimed`'s per-pair σ√T and expiry flag. */
let SCR_PSD = new Float64Array(8), SCR_PEXP = new Uint8Array(8);

function timedTable(scenarios: ScenarioSet['scenarios'], underlying: string): TimedTable {
  let byUnderlying = TIMED_TABLES.get(scenarios);
  if (!byUnderlying) { byUnderlying = new Map(); TIMED_TABLES.set(scenarios, byUnderlying); }
  let t = byUnderlying.get(underlying);
  if (t) return t;
  t = { pi: new Int32Array(scenarios.length), np: 0, shiftMs: [], vol: [] };
  const seen = new Map<string, number>();
  for (let s = 0; s < scenarios.length; s++) {
    const sc = scenarios[s];
    const shiftMs = (sc.timeShiftDays ?? 0) * MS_PER_DAY;
    const vol = shockFor(sc, underlying).vol;
    // 'none' returns σ whatever else the object holds; −0 and 0 shift alike (x − −0 = x − 0).
    const key = `${shiftMs}|${vol.kind === 'none' ? 'none' : volShockKey(vol)}`;
    let p = seen.get(key);
    if (p === undefined) { p = t.np++; seen.set(key, p); t.shiftMs.push(shiftMs); t.vol.push(vol); }
    t.pi[s] = p;
  }
  byUnderlying.set(underlying, t);
  return t;
}

function newMoveTable(n: number): MoveTable {
  return { g: new Float64Array(n), w: new Float64Array(n), mi: new Int32Array(n), gd: new Float64Array(n), nd: 0, vi: new Int32Array(n), vd: [] };
}

/**
 * What `shiftedCopy` reuses from its source across probes (rows in the source's order): per row,
 * whether it is a live option of a set without time shift (`option[r]` = 1: priced by the option
 * kernels; otherwise by `priceRow`), and for those the shocked σ√T of every scenario and the
 * moves of its underlying. σ√T depends on the row's vol, expiry and the scenario, not on the spot
 * shift: the shifted market keeps every vol (sticky strike: the row's own; sticky moneyness: the
 * vol read at K/(1 + scenario move), the same at the shifted market).
 */
interface ShiftPlan { size: number; option: Uint8Array; sd: Float64Array; moves: (MoveTable | undefined)[] }

/**
 * `normCdfPair(x[j], out, 2j)` for j < m (m ≤ 2 × the scratch size), the `normCdf` work made
 * from one call site over a typed array: one argument per j is gathered first — x/√2 in the
 * central form, whose erf is odd bit for bit (`erfSmall`), so Φ(x) = 0.5 + 0.5·e and
 * Φ(−x) = 0.5 + 0.5·(−e) come from one e, exactly as two `normCdf` calls give them; −|x| in the
 * tail form, as `normCdfPair` takes it — evaluated, then assembled as `normCdfPair` does.
 */
function normCdfPairs(x: Float64Array, m: number, out: Float64Array): void {
  const arg = SCR_ARG, val = SCR_VAL;
  for (let j = 0; j < m; j++) {
    const v = x[j];
    arg[j] = Math.abs(v) * ONE_OVER_SQRT2 <= 0.46875 ? v * ONE_OVER_SQRT2 : v < 0 ? v : -v;
  }
  for (let j = 0; j < m; j++) val[j] = Math.abs(x[j]) * ONE_OVER_SQRT2 <= 0.46875 ? erfSmall(arg[j]) : normCdf(arg[j]);
  for (let j = 0; j < m; j++) {
    const v = x[j];
    if (Math.abs(v) * ONE_OVER_SQRT2 <= 0.46875) { const e = val[j]; out[2 * j] = 0.5 + 0.5 * e; out[2 * j + 1] = 0.5 + 0.5 * -e; continue; }
    const tail = val[j];
    out[2 * j] = v < 0 ? tail : 1 - tail;
    out[2 * j + 1] = v < 0 ? 1 - tail : tail;
  }
}

/** `out[j] = normCdf(x[j])` for j < m. */
function normCdfs(x: Float64Array, m: number, out: Float64Array): void {
  for (let j = 0; j < m; j++) out[j] = normCdf(x[j]);
}
/** `normal-distribution.ts`'s switch between its central (erf) and tail (erfcx) forms: |x|/√2 ≤ 0.46875. */
const ONE_OVER_SQRT2 = 0.70710678118654752440;

/**
 * `out[o] = normCdf(x)`, `out[o + 1] = normCdf(−x)`, bit for bit. In the tail form `normCdf`
 * computes `tail` from |x| alone and returns `tail` for negative arguments and `1 − tail` for
 * positive ones, so one call gives both; in the central form both are computed.
 */
export function normCdfPair(x: number, out: Float64Array, o: number): void {
  if (Math.abs(x) * ONE_OVER_SQRT2 <= 0.46875) { out[o] = normCdf(x); out[o + 1] = normCdf(-x); return; }
  const tail = normCdf(x < 0 ? x : -x);
  out[o] = x < 0 ? tail : 1 - tail;
  out[o + 1] = x < 0 ? 1 - tail : tail;
}

/** Currency of the rows: each instrument's settlement currency, or USD (X:PM-style). */
export type RiskCurrency = 'settlement' | 'usd';

/** Per-instrument base facts kept beside its row. */
export interface InstrumentBase {
  inst: MarginInstrument;
  inputs: BaseInputs;
  /** Unit value at marks in settlement currency (or USD in `usd` mode). */
  value: number;
  /** Unit coin delta at marks (valuation.ts `unitDelta`). */
  delta: number;
}

/** The risk arrays of one scenario set against one market view. */
export class RiskArrays {
  readonly nScen: number;
  private data: Float64Array;
  private capacity: number;
  private rowOf = new Map<string, number>();
  /** `rowOf` is shared with a shifted copy (same symbols, same rows): copied before either adds a row. */
  private rowOfShared = false;
  readonly bases: InstrumentBase[] = [];
  private readonly scratch: ShockedInputs = { index: 0, forward: 0, vol: 0, years: 0, expired: false };

  constructor(readonly set: ScenarioSet, readonly market: MarketView, readonly currency: RiskCurrency = 'settlement', initialCapacity = 64) {
    this.nScen = set.scenarios.length;
    this.capacity = Math.max(1, initialCapacity);
    this.data = new Float64Array(this.capacity * this.nScen);
  }

  /** Number of instruments priced so far. */
  get size(): number { return this.bases.length; }

  /** The row index of `symbol`, or -1. */
  rowIndex(symbol: string): number { return this.rowOf.get(symbol) ?? -1; }

  /** The P&L row of instrument `r` (a view; do not write). */
  row(r: number): Float64Array {
    return this.data.subarray(r * this.nScen, (r + 1) * this.nScen);
  }

  /** The backing array and offset of row `r` (for tight loops without subarray allocation). */
  rawData(): Float64Array { return this.data; }

  /**
   * Add an instrument whose row was priced elsewhere (e.g. in a worker thread over the same
   * scenario set and market); returns its row. Existing instruments are left untouched.
   */
  adopt(base: InstrumentBase, row: ArrayLike<number>): number {
    const known = this.rowOf.get(base.inst.symbol);
    if (known !== undefined) return known;
    if (row.length !== this.nScen) throw new Error(`adopt ${base.inst.symbol}: row has ${row.length} scenarios, set has ${this.nScen}`);
    const r = this.bases.length;
    if (r >= this.capacity) this.grow();
    this.bases.push(base);
    this.ownRowOf().set(base.inst.symbol, r);
    this.data.set(row, r * this.nScen);
    return r;
  }

  /** The row of `inst`, pricing it (only it) if it is new. */
  ensure(inst: MarginInstrument): number {
    const known = this.rowOf.get(inst.symbol);
    if (known !== undefined) return known;
    const t = this.register(inst);
    this.priceRow(t.r, inst, t.base, t.v0);
    return t.r;
  }

  /**
   * `ensure` for several instruments at once (new ones get rows in this order, exactly as
   * successive `ensure` calls would): a call and a put of the same underlying, expiry, strike,
   * forward and vol are priced together, sharing the scenario loop, the vol shocks, ln(F/K) and
   * the normal CDF tails (N(−x) = 1 − N(x) is taken exactly as `normCdf` computes it). Same values.
   */
  ensureAll(insts: readonly MarginInstrument[]): void {
    const pairable = this.set.smile === 'sticky-strike';
    const waiting = new Map<string, Registered>();
    try {
      this.registerAll(insts, pairable, waiting);
    } finally {
      // Also when an instrument throws (missing market data): no registered row stays unpriced.
      for (const t of waiting.values()) this.priceRow(t.r, t.inst, t.base, t.v0);
    }
  }

  private registerAll(insts: readonly MarginInstrument[], pairable: boolean, waiting: Map<string, Registered>): void {
    for (const inst of insts) {
      if (this.rowOf.has(inst.symbol)) continue;
      const t = this.register(inst);
      if (!pairable || inst.kind !== 'option' || !(inst.expiryMs! > t.base.asOfMs)) { this.priceRow(t.r, inst, t.base, t.v0); continue; }
      const key = `${inst.underlying}|${inst.expiryMs}|${inst.strike}`;
      const mate = waiting.get(key);
      if (mate && mate.inst.optionType !== inst.optionType && mate.base.vol === t.base.vol && mate.base.forward === t.base.forward) {
        waiting.delete(key);
        const [c, p] = inst.optionType === 'call' ? [t, mate] : [mate, t];
        if (this.hasTimeShift()) { this.priceOptionPairTimed(c, p); continue; }
        scratchFor(this.nScen);
        const mv = fillMoves(this.set.scenarios, inst.underlying, SCR_MOVES);
        this.priceOptionPair(c, p, this.sdRow(inst, t.base, mv), 0, mv);
      } else {
        if (mate) this.priceRow(mate.r, mate.inst, mate.base, mate.v0);
        waiting.set(key, t);
      }
    }
  }

  /**
   * These rows re-priced at `market`, which must be this market with `underlying`'s index and
   * forwards scaled by `g` (= 1 + move, as `shiftedMarket` builds it) and everything else —
   * vols included — unchanged. Base inputs are derived arithmetically (index·g, forward·g: the
   * same products `shiftedMarket` returns), so no market look-ups; calls and puts priced
   * together as `ensureAll` would pair them. Equal to pricing the instruments afresh at `market`.
   * Rows of other underlyings are copied; what does not depend on the shift (each live option's
   * shocked σ√T per scenario, its underlying's moves: `ShiftPlan`) is computed once for these
   * rows and reused by every copy; the copy shares this symbol index.
   */
  shiftedCopy(market: MarketView, underlying: string, g: number): RiskArrays {
    const a = new RiskArrays(this.set, market, this.currency, Math.max(1, this.size));
    const sp = this.shiftPlan();
    a.shiftSource = sp; // rows are the same instruments in the same order: the plan holds for the copy
    const n = this.nScen, option = sp.option, sd = sp.sd;
    // Rows of other underlyings keep their inputs: their base facts and rows are copied (the
    // same pricing of the same inputs), only `underlying`'s are re-priced.
    const todo: (Registered | undefined)[] = [];
    for (let r = 0; r < this.bases.length; r++) {
      const b = this.bases[r];
      if (b.inst.underlying !== underlying) {
        a.bases.push(b);
        a.data.set(this.data.subarray(r * n, (r + 1) * n), r * n);
        todo.push(undefined);
        continue;
      }
      const src = b.inputs;
      const base: BaseInputs = { asOfMs: src.asOfMs, index: src.index * g, forward: src.forward * g, vol: src.vol, expiryMs: src.expiryMs, strike: src.strike };
      todo.push(option[r] === 1 ? a.registerLiveOption(b.inst, base) : a.registerWith(b.inst, base, false));
    }
    // Same symbols in the same rows: the copy shares the index until either side adds a row.
    a.rowOf = this.rowOf;
    a.rowOfShared = this.rowOfShared = true;
    const plan = this.pairPlan();
    const pairable = this.set.smile === 'sticky-strike' && !this.hasTimeShift();
    const usd = this.currency === 'usd';
    for (let r = 0; r < todo.length; r++) {
      const x = todo[r];
      if (x === undefined) continue;
      if (option[r] !== 1) { a.priceRow(r, x.inst, x.base, x.v0); continue; }
      const q = plan[r];
      if (q >= 0 && q < r) continue; // priced with its mate
      if (q >= 0) {
        const y = todo[q]!;
        if (pairable && x.base.vol === y.base.vol && x.base.forward === y.base.forward) {
          if (x.inst.optionType === 'call') a.priceOptionPair(x, y, sd, r * n, sp.moves[r]!); else a.priceOptionPair(y, x, sd, r * n, sp.moves[r]!);
          continue;
        }
        a.priceOptionRow(q * n, y.inst, y.base, y.v0, usd, sd, q * n, sp.moves[q]!);
      }
      a.priceOptionRow(r * n, x.inst, x.base, x.v0, usd, sd, r * n, sp.moves[r]!);
    }
    return a;
  }

  private shiftSource: ShiftPlan | undefined;
  /** The plan of `shiftedCopy` from these rows (see {@link ShiftPlan}), built once per set of rows. */
  private shiftPlan(): ShiftPlan {
    const size = this.size, n = this.nScen;
    if (this.shiftSource && this.shiftSource.size === size) return this.shiftSource;
    const { scenarios, smile } = this.set;
    const option = new Uint8Array(size);
    const sd = new Float64Array(size * n);
    const moves: (MoveTable | undefined)[] = new Array(size).fill(undefined);
    const byUnderlying = new Map<string, MoveTable>();
    const live = !this.hasTimeShift();
    for (let r = 0; r < size; r++) {
      const { inst, inputs: base } = this.bases[r];
      if (!live || inst.kind !== 'option' || !(inst.expiryMs! > base.asOfMs)) continue;
      option[r] = 1;
      const u = inst.underlying;
      let mv = byUnderlying.get(u);
      if (!mv) { mv = fillMoves(scenarios, u, newMoveTable(n)); byUnderlying.set(u, mv); }
      moves[r] = mv;
      const dte = (inst.expiryMs! - base.asOfMs) / MS_PER_DAY;
      if (smile === 'sticky-strike') { this.fillSd(inst, base, sd, r * n, mv); continue; }
      // Sticky moneyness: `shockInputs`'s vol (read at K/g when the scenario moves spot), then σ√T
      // as the Black-76 core takes it (vol·√T).
      const years = (inst.expiryMs! - base.asOfMs) / MS_PER_YEAR;
      const sqrtT = Math.sqrt(years > 0 ? years : 0);
      const k = base.strike!;
      for (let s = 0; s < n; s++) {
        const shock = shockFor(scenarios[s], u);
        const gs = 1 + shock.move;
        const sigma = gs !== 1 ? this.market.vol(u, inst.expiryMs!, k / gs) : base.vol;
        sd[r * n + s] = applyVolShock(sigma, dte, shock.vol) * sqrtT;
      }
    }
    return (this.shiftSource = { size, option, sd, moves });
  }

  private plan: Int32Array | undefined;
  /** Per row, the row of a live option of the other type on the same underlying, expiry and strike (or −1). */
  private pairPlan(): Int32Array {
    if (this.plan && this.plan.length === this.size) return this.plan;
    const plan = new Int32Array(this.size).fill(-1);
    const waiting = new Map<string, number>();
    this.bases.forEach((b, r) => {
      const i = b.inst;
      if (i.kind !== 'option' || !(i.expiryMs! > b.inputs.asOfMs)) return;
      const key = `${i.underlying}|${i.expiryMs}|${i.strike}`;
      const m = waiting.get(key);
      if (m !== undefined && this.bases[m].inst.optionType !== i.optionType) { plan[m] = r; plan[r] = m; waiting.delete(key); } else waiting.set(key, r);
    });
    return (this.plan = plan);
  }

  /** Give `inst` the next row and its base facts (value, delta); the row is priced by the caller. */
  private register(inst: MarginInstrument): Registered {
    return this.registerWith(inst, this.baseInputs(inst));
  }

  private registerWith(inst: MarginInstrument, base: BaseInputs, indexed = true): Registered {
    const r = this.bases.length;
    if (r >= this.capacity) this.grow();
    const x0: ShockedInputs = { index: base.index, forward: base.forward, vol: base.vol, years: base.expiryMs === undefined ? Infinity : (base.expiryMs - base.asOfMs) / (365 * 86_400_000), expired: base.expiryMs !== undefined && base.expiryMs <= base.asOfMs };
    const v0 = unitValue(inst, x0);
    const value = this.currency === 'usd' ? toUsd(inst, v0, x0.index) : v0;
    this.bases.push({ inst, inputs: base, value, delta: unitDelta(inst, x0) });
    if (indexed) this.ownRowOf().set(inst.symbol, r);
    return { r, inst, base, v0 };
  }

  /**
   * `registerWith` (unindexed) for a live option: `unitValue` and `unitDelta` at the base inputs
   * from one Black-76 evaluation — the USD value and ∂V/∂F that `black76Value` / `black76Delta`
   * (pricing-adapter) return, both the core's `black76ValueDeltaAt` with discount 1; coin value
   * V/F and coin delta ∂V/∂F − V/F for inverse options, as valuation.ts composes them.
   */
  private registerLiveOption(inst: MarginInstrument, base: BaseInputs): Registered {
    const r = this.bases.length;
    if (r >= this.capacity) this.grow();
    const years = (base.expiryMs! - base.asOfMs) / (365 * 86_400_000);
    black76ValueDeltaAt(inst.optionType === 'call' ? 1 : -1, base.forward, inst.strike as number, years, base.vol, 1, 0, OUT_V, OUT_D, 0);
    const inverse = inst.settlement === 'inverse';
    const v0 = inverse ? OUT_V[0] / base.forward : OUT_V[0];
    const value = this.currency === 'usd' ? toUsd(inst, v0, base.index) : v0;
    this.bases.push({ inst, inputs: base, value, delta: inverse ? OUT_D[0] - v0 : OUT_D[0] });
    return { r, inst, base, v0 };
  }

  private ownRowOf(): Map<string, number> {
    if (this.rowOfShared) { this.rowOf = new Map(this.rowOf); this.rowOfShared = false; }
    return this.rowOf;
  }

  /**
   * `priceOptionRow` for a call and a put on the same expiry, strike, forward and vol (live,
   * sticky strike, no time shift), operation for operation: d1 and d2 are shared and
   * N(±d1), N(±d2) come from one `normCdf` call each where `normCdf` uses its tail form.
   * `sd[o + s]` is the shocked σ√T of scenario s, `mv` the underlying's moves.
   */
  private priceOptionPair(c: Registered, p: Registered, sd: Float64Array, o: number, mv: MoveTable): void {
    const base = c.base;
    const k = c.inst.strike as number;
    const usd = this.currency === 'usd';
    const invC = c.inst.settlement === 'inverse', invP = p.inst.settlement === 'inverse';
    const offC = c.r * this.nScen, offP = p.r * this.nScen;
    const data = this.data;
    const n = this.nScen;
    fillBlackArgs(base.forward, k, 1, sd, o, mv, n);
    const Fd = SCR_F, X = SCR_X, cdf = SCR_CDF;
    const G = mv.g, W = mv.w, MI = mv.mi;
    // cdf[4s …] = N(d1), N(−d1), N(d2), N(−d2).
    normCdfPairs(X, 2 * n, cdf);
    for (let s = 0; s < n; s++) {
      const f = Fd[MI[s]];
      let vc: number, vp: number;
      if (sd[o + s] > 0) {
        vc = 1 * (f * cdf[4 * s] - k * cdf[4 * s + 2]);
        vp = -1 * (f * cdf[4 * s + 1] - k * cdf[4 * s + 3]);
      } else {
        const ic = 1 * (f - k), ip = -1 * (f - k);
        vc = ic > 0 ? ic : 0;
        vp = ip > 0 ? ip : 0;
      }
      const w = W[s];
      const S1 = base.index * G[s];
      data[offC + s] = (!usd ? (invC ? vc / f : vc) - c.v0 : invC ? (vc / f) * S1 - c.v0 * base.index : vc - c.v0) * w;
      data[offP + s] = (!usd ? (invP ? vp / f : vp) - p.v0 : invP ? (vp / f) * S1 - p.v0 * base.index : vp - p.v0) * w;
    }
  }

  private baseInputs(inst: MarginInstrument): BaseInputs {
    const m = this.market;
    const index = m.index(inst.underlying);
    const forward = inst.expiryMs !== undefined ? m.forward(inst.underlying, inst.expiryMs) : index;
    const vol = inst.kind === 'option' && inst.expiryMs! > m.asOfMs ? m.vol(inst.underlying, inst.expiryMs!, inst.strike!) : 0;
    return { asOfMs: m.asOfMs, index, forward, vol, expiryMs: inst.expiryMs, strike: inst.strike };
  }

  private priceRow(r: number, inst: MarginInstrument, base: BaseInputs, v0: number): void {
    const { scenarios, smile } = this.set;
    const off = r * this.nScen;
    const volAt = inst.kind === 'option' && smile === 'sticky-moneyness'
      ? (k: number) => this.market.vol(inst.underlying, inst.expiryMs!, k) : undefined;
    const usd = this.currency === 'usd';
    // Sticky strike without a time shift: the shocked vol depends only on the vol-shock object,
    // and grids share a handful of them, so memoise (≤ 4 entries, linear search).
    const memoKey: VolShock[] = [];
    const memoVol: number[] = [];
    const dte = inst.expiryMs !== undefined ? (inst.expiryMs - base.asOfMs) / MS_PER_DAY : Infinity;
    if (inst.kind === 'option' && smile === 'sticky-strike' && dte > 0 && !this.hasTimeShift()) {
      scratchFor(this.nScen);
      const mv = fillMoves(scenarios, inst.underlying, SCR_MOVES);
      this.priceOptionRow(off, inst, base, v0, usd, this.sdRow(inst, base, mv), 0, mv);
      return;
    }
    if (inst.kind === 'option' && smile === 'sticky-strike' && dte > 0) {
      // A live option over a set with time shifts (payoff dates, "7 days later" stress).
      this.priceOptionRowTimed(off, inst, base, v0, usd);
      return;
    }
    if ((inst.kind === 'perpetual' || (inst.kind === 'future' && dte > 0)) && !this.hasTimeShift()) {
      // Delta-one without a time shift: `shockInputs` + `unitValue` + `usdPnl`, operation for operation.
      const inverse = inst.settlement === 'inverse';
      const p0 = inst.kind === 'perpetual' ? base.index : base.forward;
      for (let s = 0; s < this.nScen; s++) {
        const shock = shockFor(scenarios[s], inst.underlying);
        const g = 1 + shock.move;
        const p = p0 * g;
        const v1 = inverse ? -1 / p : p;
        const pnl = usd && inverse ? (v1 - v0) * (base.index * g) : v1 - v0;
        this.data[off + s] = pnl * (shock.pnlWeight ?? 1);
      }
      return;
    }
    for (let s = 0; s < this.nScen; s++) {
      const sc = scenarios[s];
      const shock = shockFor(sc, inst.underlying);
      let shocked: number | undefined;
      if (inst.kind === 'option' && smile === 'sticky-strike' && !sc.timeShiftDays && dte > 0) {
        const k = memoKey.indexOf(shock.vol);
        if (k >= 0) shocked = memoVol[k];
        else {
          shocked = applyVolShock(base.vol, dte, shock.vol);
          if (memoKey.length < 4) { memoKey.push(shock.vol); memoVol.push(shocked); }
        }
      }
      const x = shockInputs(base, shock, sc.timeShiftDays ?? 0, smile, volAt, this.scratch, shocked);
      const v1 = unitValue(inst, x);
      const pnl = usd ? usdPnl(inst, v0, v1, base.index, x.index) : v1 - v0;
      this.data[off + s] = pnl * (shock.pnlWeight ?? 1);
    }
  }

  /**
   * Hot path for a live option without time shift: the same formulas as `shockInputs` +
   * `unitValue` (+ `usdPnl` in USD mode) with identical float64 results, without the
   * per-scenario record. `sd[o + s]` is the shocked σ√T of scenario s (the shocked vol × √T, as
   * black76-core takes it), `mv` the underlying's moves (one ln(F·g/K) per distinct move).
   */
  private priceOptionRow(off: number, inst: MarginInstrument, base: BaseInputs, v0: number, usd: boolean, sd: Float64Array, o: number, mv: MoveTable): void {
    const phi = inst.optionType === 'call' ? 1 : -1;
    const inverse = inst.settlement === 'inverse';
    const k = inst.strike as number;
    // black76-core `black76Value(phi, f, k, years, vol, 1)` inlined, operation for operation
    // (discount 1 drops out exactly).
    const data = this.data;
    const n = this.nScen;
    fillBlackArgs(base.forward, k, phi, sd, o, mv, n);
    const Fd = SCR_F, X = SCR_X, cdf = SCR_CDF;
    const G = mv.g, W = mv.w, MI = mv.mi;
    // cdf[2s], cdf[2s + 1] = N(φ·d1), N(φ·d2).
    normCdfs(X, 2 * n, cdf);
    for (let s = 0; s < n; s++) {
      const f = Fd[MI[s]];
      let v: number;
      if (sd[o + s] > 0) {
        v = phi * (f * cdf[2 * s] - k * cdf[2 * s + 1]);
      } else {
        const intrinsic = phi * (f - k);
        v = intrinsic > 0 ? intrinsic : 0;
      }
      // usdPnl for an option: coin values convert at the shocked and the base index.
      const pnl = !usd ? (inverse ? v / f : v) - v0 : inverse ? (v / f) * (base.index * G[s]) - v0 * base.index : v - v0;
      data[off + s] = pnl * W[s];
    }
  }

  /**
   * `priceOptionRow` for a live option (sticky strike) over a set whose scenarios shift the
   * valuation date: per scenario the time left, `shockInputs`' operations — remaining = expiry −
   * as-of − shift; expired when remaining ≤ 0; otherwise vol = `applyVolShock(vol, remaining days,
   * shock)` and σ√T = vol · √(remaining years) — then Black-76 through the same three passes (one
   * ln(F·g/K) per distinct move, the dates of a payoff share it), and a leg the shift takes past
   * its expiry settled at intrinsic against the shocked index as `unitValue` settles it. The same
   * bits as the per-scenario `shockInputs` + `unitValue` (+ `usdPnl`) loop it replaces
   * (risk-arrays-time-shift.test.ts).
   */
  private priceOptionRowTimed(off: number, inst: MarginInstrument, base: BaseInputs, v0: number, usd: boolean): void {
    const n = this.nScen, u = inst.underlying;
    const isCall = inst.optionType === 'call', phi = isCall ? 1 : -1;
    const inverse = inst.settlement === 'inverse';
    const k = inst.strike as number;
    const mv = this.fillTimed(u, base);
    const sd = SCR_SD, expired = SCR_EXPIRED;
    fillBlackArgs(base.forward, k, phi, sd, 0, mv, n);
    const Fd = SCR_F, X = SCR_X, cdf = SCR_CDF;
    const G = mv.g, W = mv.w, MI = mv.mi;
    normCdfs(X, 2 * n, cdf);
    const data = this.data, s0 = base.index;
    for (let s = 0; s < n; s++) {
      let v1: number;
      const s1 = s0 * G[s];
      if (expired[s] === 1) {
        const intrinsic = isCall ? Math.max(s1 - k, 0) : Math.max(k - s1, 0);
        v1 = inverse ? intrinsic / s1 : intrinsic;
      } else {
        const f = Fd[MI[s]];
        let v: number;
        if (sd[s] > 0) v = phi * (f * cdf[2 * s] - k * cdf[2 * s + 1]);
        else { const intrinsic = phi * (f - k); v = intrinsic > 0 ? intrinsic : 0; }
        v1 = inverse ? v / f : v;
      }
      // usdPnl for an option: coin values convert at the shocked and the base index.
      const pnl = usd && inverse ? v1 * s1 - v0 * s0 : v1 - v0;
      data[off + s] = pnl * W[s];
    }
  }

  /**
   * `SCR_SD[s]` = σ√T of scenario s for a live option (sticky strike) over a time-shifted set and
   * `SCR_EXPIRED[s]` = 1 where the shift takes it past expiry (see `priceOptionRowTimed`); returns
   * its underlying's moves.
   */
  private fillTimed(u: string, base: BaseInputs): MoveTable {
    const n = this.nScen, scenarios = this.set.scenarios;
    scratchFor(n);
    const mv = fillMoves(scenarios, u, SCR_MOVES);
    const t = timedTable(scenarios, u);
    // Per distinct (shift, vol shock): the same operations as per scenario, so the same bits.
    if (SCR_PSD.length < t.np) { SCR_PSD = new Float64Array(t.np); SCR_PEXP = new Uint8Array(t.np); }
    const psd = SCR_PSD, pexp = SCR_PEXP;
    const span = base.expiryMs! - base.asOfMs;
    for (let p = 0; p < t.np; p++) {
      const remainingMs = span - t.shiftMs[p];
      if (remainingMs <= 0) { pexp[p] = 1; psd[p] = 0; continue; }
      pexp[p] = 0;
      const years = remainingMs / MS_PER_YEAR;
      psd[p] = applyVolShock(base.vol, remainingMs / MS_PER_DAY, t.vol[p]) * Math.sqrt(years > 0 ? years : 0);
    }
    const sd = SCR_SD, expired = SCR_EXPIRED, pi = t.pi;
    for (let s = 0; s < n; s++) { const p = pi[s]; sd[s] = psd[p]; expired[s] = pexp[p]; }
    return mv;
  }

  /**
   * `priceOptionRowTimed` for a call and a put on the same expiry, strike, forward and vol, sharing
   * the time left, d1/d2 and the normal CDFs (`normCdfPairs`: N(±x) as two `normCdf` calls give
   * them), as `priceOptionPair` does without time shifts. The same bits as the two rows alone.
   */
  private priceOptionPairTimed(c: Registered, p: Registered): void {
    const n = this.nScen, base = c.base;
    const k = c.inst.strike as number;
    const usd = this.currency === 'usd';
    const invC = c.inst.settlement === 'inverse', invP = p.inst.settlement === 'inverse';
    const offC = c.r * n, offP = p.r * n;
    const mv = this.fillTimed(c.inst.underlying, base);
    const sd = SCR_SD, expired = SCR_EXPIRED;
    fillBlackArgs(base.forward, k, 1, sd, 0, mv, n);
    const Fd = SCR_F, X = SCR_X, cdf = SCR_CDF;
    const G = mv.g, W = mv.w, MI = mv.mi;
    // cdf[4s …] = N(d1), N(−d1), N(d2), N(−d2).
    normCdfPairs(X, 2 * n, cdf);
    const data = this.data, s0 = base.index, v0c = c.v0, v0p = p.v0;
    for (let s = 0; s < n; s++) {
      const s1 = s0 * G[s];
      let vc: number, vp: number;
      if (expired[s] === 1) {
        const ic = Math.max(s1 - k, 0), ip = Math.max(k - s1, 0);
        vc = invC ? ic / s1 : ic;
        vp = invP ? ip / s1 : ip;
      } else {
        const f = Fd[MI[s]];
        let wc: number, wp: number;
        if (sd[s] > 0) {
          wc = 1 * (f * cdf[4 * s] - k * cdf[4 * s + 2]);
          wp = -1 * (f * cdf[4 * s + 1] - k * cdf[4 * s + 3]);
        } else {
          const ic = 1 * (f - k), ip = -1 * (f - k);
          wc = ic > 0 ? ic : 0;
          wp = ip > 0 ? ip : 0;
        }
        vc = invC ? wc / f : wc;
        vp = invP ? wp / f : wp;
      }
      const w = W[s];
      data[offC + s] = (usd && invC ? vc * s1 - v0c * s0 : vc - v0c) * w;
      data[offP + s] = (usd && invP ? vp * s1 - v0p * s0 : vp - v0p) * w;
    }
  }

  /** The shocked σ√T of every scenario of a live option (sticky strike, no time shift), in scratch; `mv` its underlying's moves. */
  private sdRow(inst: MarginInstrument, base: BaseInputs, mv: MoveTable): Float64Array {
    scratchFor(this.nScen);
    this.fillSd(inst, base, SCR_SD, 0, mv);
    return SCR_SD;
  }

  /**
   * `out[o + s]` = shocked σ√T of scenario s for a live option on `u` (sticky strike, no time
   * shift): `applyVolShock(vol, dte, shock) · √T`, once per distinct vol shock of `mv` (the
   * underlying's table over this set, see {@link MoveTable}) and per untabled scenario.
   */
  private fillSd(inst: MarginInstrument, base: BaseInputs, out: Float64Array, o: number, mv: MoveTable): void {
    const u = inst.underlying;
    const dte = (inst.expiryMs! - base.asOfMs) / MS_PER_DAY;
    const years = (inst.expiryMs! - base.asOfMs) / MS_PER_YEAR;
    const sqrtT = Math.sqrt(years > 0 ? years : 0);
    const vd = mv.vd, vi = mv.vi;
    let sdv = SCR_SDV;
    if (sdv.length < vd.length) sdv = SCR_SDV = new Float64Array(vd.length);
    for (let j = 0; j < vd.length; j++) sdv[j] = applyVolShock(base.vol, dte, vd[j]) * sqrtT;
    const scenarios = this.set.scenarios;
    for (let s = 0; s < this.nScen; s++) {
      const j = vi[s];
      out[o + s] = j >= 0 ? sdv[j] : applyVolShock(base.vol, dte, shockFor(scenarios[s], u).vol) * sqrtT;
    }
  }

  private timeShiftKnown: boolean | undefined;
  /** Whether any scenario of the set shifts time (fixed for the set's lifetime). */
  private hasTimeShift(): boolean {
    return (this.timeShiftKnown ??= this.set.scenarios.some((sc) => !!sc.timeShiftDays));
  }

  private grow(): void {
    this.capacity *= 2;
    const next = new Float64Array(this.capacity * this.nScen);
    next.set(this.data);
    this.data = next;
  }
}

/**
 * USD value of a settlement-currency value: coin amounts convert at the (shocked) index; USD-like
 * settlement is taken at par. Inverse futures carry no coin value at the mark (P&L is realised
 * against the mark), so their USD P&L is the coin P&L converted at the shocked index.
 */
function toUsd(inst: MarginInstrument, v: number, index: number): number {
  if (inst.kind === 'spot') return inst.settlementCurrency === inst.underlying ? v * index : v;
  if (inst.settlement !== 'inverse') return v;
  if (inst.kind === 'future' || inst.kind === 'perpetual') return 0;
  return v * index;
}

function usdPnl(inst: MarginInstrument, v0: number, v1: number, s0: number, s1: number): number {
  if (inst.kind === 'spot') return inst.settlementCurrency === inst.underlying ? v1 * s1 - v0 * s0 : v1 - v0;
  if (inst.settlement !== 'inverse') return v1 - v0;
  if (inst.kind === 'future' || inst.kind === 'perpetual') return (v1 - v0) * s1;
  return v1 * s1 - v0 * s0;
}
