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
import { normCdf } from '../pricing/normal-distribution';
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
function scratchFor(n: number): void {
  if (SCR_F.length >= n) return;
  SCR_F = new Float64Array(n); SCR_SD = new Float64Array(n); SCR_X = new Float64Array(2 * n); SCR_CDF = new Float64Array(4 * n);
  SCR_ARG = new Float64Array(4 * n); SCR_VAL = new Float64Array(4 * n);
}

/**
 * `normCdfPair(x[j], out, 2j)` for j < m (m ≤ 2 × the scratch size), the `normCdf` calls made
 * from one call site over a typed array: its arguments are gathered first (x and −x in the
 * central form, −|x| in the tail form, exactly as `normCdfPair` takes them), evaluated, then
 * assembled as `normCdfPair` does.
 */
function normCdfPairs(x: Float64Array, m: number, out: Float64Array): void {
  const arg = SCR_ARG, val = SCR_VAL;
  let k = 0;
  for (let j = 0; j < m; j++) {
    const v = x[j];
    if (Math.abs(v) * ONE_OVER_SQRT2 <= 0.46875) { arg[k++] = v; arg[k++] = -v; } else arg[k++] = v < 0 ? v : -v;
  }
  for (let q = 0; q < k; q++) val[q] = normCdf(arg[q]);
  k = 0;
  for (let j = 0; j < m; j++) {
    const v = x[j];
    if (Math.abs(v) * ONE_OVER_SQRT2 <= 0.46875) { out[2 * j] = val[k++]; out[2 * j + 1] = val[k++]; continue; }
    const tail = val[k++];
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
  private readonly rowOf = new Map<string, number>();
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
    this.rowOf.set(base.inst.symbol, r);
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
    const pairable = this.set.smile === 'sticky-strike' && !this.hasTimeShift();
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
        if (inst.optionType === 'call') this.priceOptionPair(t, mate); else this.priceOptionPair(mate, t);
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
   */
  shiftedCopy(market: MarketView, underlying: string, g: number): RiskArrays {
    const a = new RiskArrays(this.set, market, this.currency, Math.max(1, this.size));
    a.sd = this.sd;
    const todo: Registered[] = [];
    for (const b of this.bases) {
      const src = b.inputs;
      const base: BaseInputs = b.inst.underlying === underlying
        ? { asOfMs: src.asOfMs, index: src.index * g, forward: src.forward * g, vol: src.vol, expiryMs: src.expiryMs, strike: src.strike }
        : src;
      todo.push(a.registerWith(b.inst, base));
    }
    const plan = this.pairPlan();
    const pairable = this.set.smile === 'sticky-strike' && !this.hasTimeShift();
    for (let r = 0; r < todo.length; r++) {
      const q = plan[r];
      if (q < 0) { a.priceRow(r, todo[r].inst, todo[r].base, todo[r].v0); continue; }
      if (q < r) continue; // priced with its mate
      const x = todo[r], y = todo[q];
      if (pairable && x.base.vol === y.base.vol && x.base.forward === y.base.forward) {
        if (x.inst.optionType === 'call') a.priceOptionPair(x, y); else a.priceOptionPair(y, x);
      } else {
        a.priceRow(x.r, x.inst, x.base, x.v0);
        a.priceRow(y.r, y.inst, y.base, y.v0);
      }
    }
    return a;
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

  private registerWith(inst: MarginInstrument, base: BaseInputs): Registered {
    const r = this.bases.length;
    if (r >= this.capacity) this.grow();
    const x0: ShockedInputs = { index: base.index, forward: base.forward, vol: base.vol, years: base.expiryMs === undefined ? Infinity : (base.expiryMs - base.asOfMs) / (365 * 86_400_000), expired: base.expiryMs !== undefined && base.expiryMs <= base.asOfMs };
    const v0 = unitValue(inst, x0);
    const value = this.currency === 'usd' ? toUsd(inst, v0, x0.index) : v0;
    this.bases.push({ inst, inputs: base, value, delta: unitDelta(inst, x0) });
    this.rowOf.set(inst.symbol, r);
    return { r, inst, base, v0 };
  }

  /**
   * `priceOptionRow` for a call and a put on the same expiry, strike, forward and vol (live,
   * sticky strike, no time shift), operation for operation: d1 and d2 are shared and
   * N(±d1), N(±d2) come from one `normCdf` call each where `normCdf` uses its tail form.
   */
  private priceOptionPair(c: Registered, p: Registered): void {
    const base = c.base;
    const k = c.inst.strike as number;
    const u = c.inst.underlying;
    const dte = (c.inst.expiryMs! - base.asOfMs) / MS_PER_DAY;
    const years = (c.inst.expiryMs! - base.asOfMs) / MS_PER_YEAR;
    const sqrtT = Math.sqrt(years > 0 ? years : 0);
    const usd = this.currency === 'usd';
    const invC = c.inst.settlement === 'inverse', invP = p.inst.settlement === 'inverse';
    const offC = c.r * this.nScen, offP = p.r * this.nScen;
    const memo = this.sdMemo(c.r, base);
    const memoKey = memo.keys, memoSd = memo.sds;
    const scenarios = this.set.scenarios;
    const data = this.data;
    const n = this.nScen;
    scratchFor(n);
    const F = SCR_F, SD = SCR_SD, X = SCR_X, cdf = SCR_CDF;
    for (let s = 0; s < n; s++) {
      const shock = shockFor(scenarios[s], u);
      let sd: number;
      const m = memoKey.indexOf(shock.vol);
      if (m >= 0) sd = memoSd[m]; else {
        sd = applyVolShock(base.vol, dte, shock.vol) * sqrtT;
        if (memoKey.length < 4) { memoKey.push(shock.vol); memoSd.push(sd); }
      }
      const f = base.forward * (1 + shock.move);
      F[s] = f;
      SD[s] = sd;
      if (sd > 0) {
        const d1 = Math.log(f / k) / sd + 0.5 * sd;
        X[2 * s] = d1;
        X[2 * s + 1] = d1 - sd;
      } else { X[2 * s] = 0; X[2 * s + 1] = 0; }
    }
    // cdf[4s …] = N(d1), N(−d1), N(d2), N(−d2).
    normCdfPairs(X, 2 * n, cdf);
    for (let s = 0; s < n; s++) {
      const shock = shockFor(scenarios[s], u);
      const f = F[s];
      let vc: number, vp: number;
      if (SD[s] > 0) {
        vc = 1 * (f * cdf[4 * s] - k * cdf[4 * s + 2]);
        vp = -1 * (f * cdf[4 * s + 1] - k * cdf[4 * s + 3]);
      } else {
        const ic = 1 * (f - k), ip = -1 * (f - k);
        vc = ic > 0 ? ic : 0;
        vp = ip > 0 ? ip : 0;
      }
      const w = shock.pnlWeight ?? 1;
      const S1 = base.index * (1 + shock.move);
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
      this.priceOptionRow(off, inst, base, v0, dte, usd, r);
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
   * Hot path for a live option, sticky strike, no time shift: the same formulas as
   * `shockInputs` + `unitValue` (+ `usdPnl` in USD mode) with identical float64 results,
   * without the per-scenario record.
   */
  private priceOptionRow(off: number, inst: MarginInstrument, base: BaseInputs, v0: number, dte: number, usd: boolean, r: number): void {
    const phi = inst.optionType === 'call' ? 1 : -1;
    const inverse = inst.settlement === 'inverse';
    const k = inst.strike as number;
    const years = (inst.expiryMs! - base.asOfMs) / MS_PER_YEAR;
    // black76-core `black76Value(phi, f, k, years, vol, 1)` inlined, operation for operation
    // (discount 1 drops out exactly): √T once per row, σ√T once per vol shock (kept per row).
    const sqrtT = Math.sqrt(years > 0 ? years : 0);
    const memo = this.sdMemo(r, base);
    const memoKey = memo.keys, memoSd = memo.sds;
    const scenarios = this.set.scenarios;
    const u = inst.underlying;
    const data = this.data;
    const n = this.nScen;
    scratchFor(n);
    const F = SCR_F, SD = SCR_SD, X = SCR_X, cdf = SCR_CDF;
    for (let s = 0; s < n; s++) {
      const shock = shockFor(scenarios[s], u);
      let sd: number;
      const m = memoKey.indexOf(shock.vol);
      if (m >= 0) sd = memoSd[m]; else {
        sd = applyVolShock(base.vol, dte, shock.vol) * sqrtT;
        if (memoKey.length < 4) { memoKey.push(shock.vol); memoSd.push(sd); }
      }
      const f = base.forward * (1 + shock.move);
      F[s] = f;
      SD[s] = sd;
      if (sd > 0) {
        const d1 = Math.log(f / k) / sd + 0.5 * sd;
        X[2 * s] = phi * d1;
        X[2 * s + 1] = phi * (d1 - sd);
      } else { X[2 * s] = 0; X[2 * s + 1] = 0; }
    }
    // cdf[2s], cdf[2s + 1] = N(φ·d1), N(φ·d2).
    normCdfs(X, 2 * n, cdf);
    for (let s = 0; s < n; s++) {
      const shock = shockFor(scenarios[s], u);
      const f = F[s];
      let v: number;
      if (SD[s] > 0) {
        v = phi * (f * cdf[2 * s] - k * cdf[2 * s + 1]);
      } else {
        const intrinsic = phi * (f - k);
        v = intrinsic > 0 ? intrinsic : 0;
      }
      // usdPnl for an option: coin values convert at the shocked and the base index.
      const pnl = !usd ? (inverse ? v / f : v) - v0 : inverse ? (v / f) * (base.index * (1 + shock.move)) - v0 * base.index : v - v0;
      data[off + s] = pnl * (shock.pnlWeight ?? 1);
    }
  }

  /**
   * Shocked σ√T per vol shock of an option row (sticky strike, no time shift: it depends only on
   * the vol-shock object, the row's vol and its time to expiry). Shared with `shiftedCopy`
   * copies, whose rows keep vol, expiry and valuation date, so probes skip the vol shocks.
   */
  private sd: ({ vol: number; asOfMs: number; keys: VolShock[]; sds: number[] } | undefined)[] = [];
  private sdMemo(r: number, base: BaseInputs): { keys: VolShock[]; sds: number[] } {
    let m = this.sd[r];
    if (m === undefined || m.vol !== base.vol || m.asOfMs !== base.asOfMs) { m = { vol: base.vol, asOfMs: base.asOfMs, keys: [], sds: [] }; this.sd[r] = m; }
    return m;
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
