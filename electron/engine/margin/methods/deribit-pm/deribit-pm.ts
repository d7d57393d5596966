/**
 * `deribit-pm`: Deribit-style segregated portfolio margin (margin-methods.md §2), per settlement
 * currency and underlying. Stateful for what-if and incremental use: positions can be set and
 * removed; only new instruments are priced and only touched groups re-summed.
 *
 * IM = worst case + roll shock + delta shock; MM = mm_factor · IM (§2.8, reproduced digit for
 * digit on a live `pme/simulate` response). Each add-on is rounded half-even to the currency's
 * decimals (Deribit prints 9 for coins) and IM is their exact sum, so the add-ons add up to IM.
 */
import { Dec, fromFloat, roundHalfEven } from '../../../money';
import { deribitScenarioSet, type DeribitGridSpec } from './scenario-template';
import type { MarketView } from '../../../scenarios/market-view';
import type { ScenarioSet } from '../../../scenarios/scenario-types';
import { addDelta, precompute, deltaShockCharge, emptyFacts, evaluateGroup, type DeltaFacts, type GroupContext, type GroupOutcome } from './deribit-group';
import { currencyParams, pairParams, USD_LIKE, type DeribitPmParams } from './deribit-params';
import type { MarginInstrument } from '../../margin-instrument';
import type { MarginPosition } from '../../margin-input';
import { noteScenarioBuild, noteScenarioReuse, riskArraysFor } from '../../scenario-reuse';
import { RiskArrays, type InstrumentBase } from '../../risk-arrays';
import { RiskBook, type BookPosition, type GroupState, type PositionColumns } from '../../risk-book';
import { sumTermsInBlocks } from '../../group-sum';

const none = (i: number): never => { throw new RangeError(`position ${i} of 0`); };
const NO_COLUMNS: PositionColumns = { count: 0, id: none, inst: none, sizeText: none, sizeF: new Float64Array(0), rows: new Int32Array(0), position: none };

/** One group's computed state. */
export interface PmGroupResult {
  state: GroupState;
  ctx: GroupContext;
  facts: DeltaFacts;
  outcome: GroupOutcome;
  worst: Dec;
  roll: Dec;
  delta: Dec;
  im: Dec;
}

/** One settlement currency's computed state. */
export interface PmCurrencyResult {
  currency: string;
  groups: PmGroupResult[];
  worst: Dec;
  roll: Dec;
  delta: Dec;
  im: Dec;
  mm: Dec;
  decimals: number;
  /** USD per unit of currency. */
  usdRate: number;
}

/**
 * Marginal IM per position (settlement currency, float64 diagnostic): `values[i]` belongs to
 * `positions[i]` (the book's positions when computed, insertion order; NaN when it has none),
 * also given as `columns`; `get(id)` by id.
 */
export class MarginalIm {
  private byId: Map<string, number> | undefined;
  private list: readonly BookPosition[] | undefined;
  constructor(readonly columns: PositionColumns = NO_COLUMNS, readonly values: Float64Array = new Float64Array(0)) {}
  /** The positions the figures belong to (built on first use). */
  get positions(): readonly BookPosition[] {
    return (this.list ??= Array.from({ length: this.columns.count }, (_, i) => this.columns.position(i)));
  }
  /** Number of positions with a marginal figure. */
  get size(): number { return this.values.length; }
  /** The marginal IM of position `id`, or undefined. */
  get(id: string): number | undefined {
    if (!this.byId) {
      this.byId = new Map();
      const cols = this.columns;
      for (let i = 0; i < this.values.length; i++) if (!Number.isNaN(this.values[i])) this.byId.set(cols.id(i), this.values[i]);
    }
    return this.byId.get(id);
  }
}

/** A whole run. */
export interface PmResult {
  currencies: PmCurrencyResult[];
  marginalIm: MarginalIm;
}

const LIMIT = 10n ** 38n;
const abs = (x: bigint) => (x < 0n ? -x : x);

/** Plain decimal text (`-?digits(.digits)?`) as an exact scaled integer, or null. */
function scaledText(s: string): { n: bigint; dp: number } | null {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(s);
  if (!m) return null;
  const n = BigInt(m[2] + (m[3] ?? ''));
  return { n: m[1] === '-' ? -n : n, dp: (m[3] ?? '').length };
}

/**
 * `roundHalfEven(fromFloat(x), dp)` as an integer scaled by 10^dp: the float's shortest
 * round-trip text (what `fromFloat` parses) rounded half-even at `dp` places; null when that text
 * has an exponent (decimal.js then).
 */
function roundedScaled(x: number, dp: number): bigint | null {
  const t = scaledText(String(x));
  if (t === null) return null;
  return t.dp <= dp ? t.n * 10n ** BigInt(dp - t.dp) : roundScaledHalfEven(t.n, t.dp - dp);
}

/** `n / 10^k` rounded half-even to an integer (k > 0; symmetric for negative n). */
function roundScaledHalfEven(n: bigint, k: number): bigint {
  if (k === 0) return n;
  const p = 10n ** BigInt(k);
  const a = abs(n);
  let q = a / p;
  const r2 = (a % p) * 2n;
  if (r2 > p || (r2 === p && (q & 1n) === 1n)) q += 1n;
  return n < 0n ? -q : q;
}

/** The set's shape (count, order, tables) fixed by `params`, no shocks yet; labels are underlying-neutral (explanations label each group with its own moves). */
function neutralSet(params: DeribitPmParams): ScenarioSet {
  const shape = deribitScenarioSet({ _: gridSpec(params, '_') }, params.pmdesk.smile);
  return { ...shape, scenarios: shape.scenarios.map((s, i) => ({ ...s, shocks: {}, label: s.table === 'standard' ? `bucket ${s.bucket}, vol ${s.volState}` : `extended move ${i - 3 * (2 * params.general.buckets_count + 1) + 1}, vol up` })) };
}

/** Text fixing the whole scenario set of `params` (the default grid, every given pair's, the smile). */
function gridKey(params: DeribitPmParams): string {
  return JSON.stringify([params.pmdesk.smile, gridSpec(params, '_'), ...Object.keys(params.currency_pair).sort().map((k) => [k, gridSpec(params, k)])]);
}

/** The grid spec of one underlying from its `currency_pair` block. */
export function gridSpec(params: DeribitPmParams, underlying: string): DeribitGridSpec {
  const p = pairParams(params, underlying);
  return {
    priceRange: p.price_range, bucketsPerSide: params.general.buckets_count,
    volUp: p.volatility_range_up, volDown: p.volatility_range_down, minVolUp: p.min_volatility_for_shock_up,
    shortPower: p.short_term_vega_power, longPower: p.long_term_vega_power,
    powerSwitchDays: params.pmdesk.powerSwitchDays, dteFloorDays: params.pmdesk.dteFloorDays,
    extendedMoves: params.pmdesk.extendedMoves, extendedTableFactor: p.extended_table_factor,
  };
}

/** Stateful Deribit PM calculator over one market view and parameter set. */
export class DeribitPm {
  readonly set: ScenarioSet;
  readonly arrays: RiskArrays;
  readonly book: RiskBook;
  private readonly underlyings: Set<string>;
  /**
   * The last marginal IM pass: per position its row, size and figure, and each group's revision.
   * A position with the same row and size in a group not re-summed since has the same inputs, so
   * the same figure (bit for bit): an edit recomputes its own group's positions only.
   */
  private lastMarginal: { rows: Int32Array; sizes: Float64Array; out: Float64Array; revisions: Map<GroupState, number> } | undefined;

  /**
   * `segregated` (S:PM): one margin per settlement currency, vectors in that currency.
   * `cross` (X:PM-style, best reading of §2.10): every group is valued in USD (coin P&L converted
   * at the shocked index), keyed `USD_<underlying>`, using the `usd` currency block; coin
   * collateral enters as spot rows of its own underlying (`equity_side_impact` ≠ `none`).
   */
  constructor(readonly market: MarketView, readonly params: DeribitPmParams, readonly mode: 'segregated' | 'cross' = 'segregated', from?: DeribitPm, shift?: { underlying: string; g: number }) {
    if (from) {
      // Re-pricing of `from` at another market (see atMarket): same set, rows, sizes and groups.
      this.set = from.set;
      this.underlyings = new Set(from.underlyings);
      if (shift) this.arrays = from.arrays.shiftedCopy(market, shift.underlying, shift.g);
      else {
        this.arrays = new RiskArrays(this.set, market, from.arrays.currency, from.arrays.size);
        this.arrays.ensureAll(from.arrays.bases.map((b) => b.inst));
      }
      this.book = from.book.sizesOver(this.arrays);
      return;
    }
    this.underlyings = new Set<string>();
    // The set's shape (count, order, tables) is fixed by the parameters; each underlying's shocks
    // are added when its first instrument arrives (ensureUnderlying).
    const set = neutralSet(params);
    // Inside a sweep (scenario-reuse.ts) a parameter set with the same grids gets the rows already
    // priced; the set is completed per underlying later, so its key is the grid of every pair.
    this.arrays = riskArraysFor(set, market, mode === 'cross' ? 'usd' : 'settlement', undefined, gridKey(params));
    this.set = this.arrays.set;
    this.book = new RiskBook(this.arrays);
  }

  /**
   * The same book at another market (e.g. the account view's shifted index): every instrument
   * is priced once at `market` (full revaluation, rows in the same order), aggregated sizes and
   * groups are reused, so `compute()` equals that of a calculator built from the positions at
   * `market`, bit for bit. The copy holds no positions: margins only, no marginal margin.
   */
  atMarket(market: MarketView): DeribitPm {
    return new DeribitPm(market, this.params, this.mode, this);
  }

  /**
   * `atMarket(shifted)` where `shifted` is this market with `underlying`'s index and forwards
   * scaled by `g` = 1 + move and all else unchanged (the account view's `shiftedMarket`): base
   * inputs come from this calculator's by the same products, without market look-ups.
   */
  atShift(shifted: MarketView, underlying: string, g: number): DeribitPm {
    return new DeribitPm(shifted, this.params, this.mode, this, { underlying, g });
  }

  /**
   * This book under another parameter set (the sweep), or undefined when the new set has another
   * number of scenarios (a fresh build then). Parameters that leave every grid as it is share
   * this calculator's rows, sizes and group vectors (only the aggregation runs again); others
   * re-price each instrument once over the new grids (rows in the same order) and re-sum the
   * aggregated sizes, as `atMarket` does: `compute()` equals a fresh build's, bit for bit. The
   * copy is for `compute()` only (it may share this book: change positions here, not there).
   */
  withParams(params: DeribitPmParams): DeribitPm | undefined {
    const calc = Object.create(DeribitPm.prototype) as DeribitPm;
    const fields = calc as unknown as { market: MarketView; params: DeribitPmParams; mode: 'segregated' | 'cross'; set: ScenarioSet; arrays: RiskArrays; book: RiskBook; underlyings: Set<string>; factsMemo: WeakMap<GroupState, unknown> };
    fields.factsMemo = new WeakMap();
    fields.market = this.market; fields.params = params; fields.mode = this.mode;
    if (gridKey(params) === gridKey(this.params)) {
      fields.set = this.set; fields.arrays = this.arrays; fields.book = this.book; fields.underlyings = this.underlyings;
      noteScenarioReuse();
      calc.factsFrom = this.factsSource();
      return calc;
    }
    const set = neutralSet(params);
    if (set.scenarios.length !== this.arrays.nScen) return undefined;
    // Every underlying's shocks at once, as ensureUnderlying adds them one by one.
    for (const u of this.underlyings) deribitScenarioSet({ [u]: gridSpec(params, u) }, params.pmdesk.smile).scenarios.forEach((s, i) => { set.scenarios[i].shocks[u] = s.shocks[u]; });
    fields.set = set;
    fields.underlyings = new Set(this.underlyings);
    const arrays = riskArraysFor(fields.set, this.market, this.arrays.currency, this.arrays.size, gridKey(params));
    if (arrays.size === 0) {
      // A row depends only on its own underlying's grid: an underlying whose grid is unchanged
      // (a sweep of btc_usd leaves ETH's) keeps its rows; the others are re-priced, in row order.
      const same = new Map<string, boolean>();
      const kept = (u: string) => { let k = same.get(u); if (k === undefined) { k = params.pmdesk.smile === this.params.pmdesk.smile && JSON.stringify(gridSpec(params, u)) === JSON.stringify(gridSpec(this.params, u)); same.set(u, k); } return k; };
      let batch: MarginInstrument[] = [];
      const flush = () => { if (batch.length) { arrays.ensureAll(batch); batch = []; } };
      this.arrays.bases.forEach((b, r) => {
        if (!kept(b.inst.underlying)) { batch.push(b.inst); return; }
        flush();
        arrays.adopt(b, this.arrays.row(r));
      });
      flush();
      fields.arrays = arrays;
      // Groups of kept underlyings hold the same rows: their vectors are this book's.
      fields.book = this.book.sizesOver(arrays, (g) => kept(g.underlying));
    } else {
      arrays.ensureAll(this.arrays.bases.map((b) => b.inst));
      fields.arrays = arrays;
      fields.book = this.book.sizesOver(arrays);
    }
    calc.factsFrom = this.factsSource();
    return calc;
  }

  /**
   * The figures of this book at sweep point `point` of `union` (its parameter set `params`), for
   * `compute()` without marginal margin only: no risk arrays are made for the point. Groups of
   * underlyings the point keeps take this book's vectors; a re-gridded group's vector is summed
   * from the union's columns as `RiskBook.resum` sums a point's own rows (each row value the
   * column × weight product, rows in the group's order, zero sizes skipped, in blocks: group-sum.ts), so it equals a fresh
   * build's bit for bit; delta facts come from this calculator. The copy's `arrays` are this
   * calculator's (not the point's grid): no per-position use. Undefined when the union does not
   * cover the point (then `withParams`).
   */
  atSweepPoint(params: DeribitPmParams, union: GridUnion, point: number): DeribitPm | undefined {
    if (!union.covers(point)) return undefined;
    const set = neutralSet(params);
    if (set.scenarios.length !== this.arrays.nScen) return undefined;
    for (const u of this.underlyings) deribitScenarioSet({ [u]: gridSpec(params, u) }, params.pmdesk.smile).scenarios.forEach((sc, i) => { set.scenarios[i].shocks[u] = sc.shocks[u]; });
    const book = this.book.sizesOver(this.arrays, () => true);
    const n = this.arrays.nScen;
    for (const g of book.groups()) {
      const col = union.columns(point, g.underlying);
      if (!col) continue;
      // The non-zero terms in row order, summed in the one summation order (group-sum.ts).
      const qs: number[] = [], offs: number[] = [];
      for (const r of g.rows) {
        const q = book.rowSize(r);
        if (q === 0) continue;
        const ur = col.rowOf(this.arrays.bases[r].inst.symbol);
        if (ur < 0) return undefined;
        qs.push(q);
        offs.push(ur * col.width);
      }
      sumTermsInBlocks(g.vector, n, qs.length, (out, o, t) => {
        const q = qs[t], off = offs[t];
        for (let s = 0; s < n; s++) out[o + s] += q * (col.data[off + col.cols[s]] * col.w[s]);
      });
    }
    const calc = Object.create(DeribitPm.prototype) as DeribitPm;
    const fields = calc as unknown as { market: MarketView; params: DeribitPmParams; mode: 'segregated' | 'cross'; set: ScenarioSet; arrays: RiskArrays; book: RiskBook; underlyings: Set<string>; factsMemo: WeakMap<GroupState, unknown> };
    fields.market = this.market; fields.params = params; fields.mode = this.mode;
    fields.set = set; fields.arrays = this.arrays; fields.book = book; fields.underlyings = new Set(this.underlyings);
    fields.factsMemo = new WeakMap();
    calc.factsFrom = this.factsSource();
    return calc;
  }

  /**
   * The rows every set of `list` (the points of a sweep) needs beyond this calculator's own, priced
   * together (see `GridUnion`); undefined when no set re-grids an underlying in place.
   */
  gridUnion(list: readonly DeribitPmParams[]): GridUnion | undefined {
    return GridUnion.of(this, this.underlyings, list);
  }

  /** Add the grid of `underlying` to every scenario (no other row changes). */
  private lastUnderlying: string | undefined;
  private ensureUnderlying(u: string): void {
    if (u === this.lastUnderlying) return;
    if (this.underlyings.has(u)) { this.lastUnderlying = u; return; }
    this.underlyings.add(u);
    const grid = deribitScenarioSet({ [u]: gridSpec(this.params, u) }, this.params.pmdesk.smile);
    grid.scenarios.forEach((s, i) => { this.set.scenarios[i].shocks[u] = s.shocks[u]; });
  }

  /** Add or replace a position. */
  setPosition(id: string, inst: MarginInstrument, size: Dec | string, sizeText?: string): void {
    this.ensureUnderlying(inst.underlying);
    this.book.set(id, this.mode === 'cross' ? this.crossInstrument(inst) : inst, size, sizeText);
  }

  /**
   * Price `insts` ahead of adding positions on them (rows in this order, as the positions would
   * give them), so that calls and puts on one strike are priced together (`RiskArrays.ensureAll`).
   */
  prepare(insts: readonly MarginInstrument[]): void {
    for (const i of insts) this.ensureUnderlying(i.underlying);
    this.arrays.ensureAll(this.mode === 'cross' ? insts.map((i) => this.crossInstrument(i)) : insts);
  }

  /** Make room for `n` more positions added by `addNewPosition` (a capacity hint). */
  reserve(n: number): void { this.book.reserve(n); }

  /**
   * A hint that the next `addNewPosition` calls add the positions of `list` in order, a list
   * that does not change afterwards (see `RiskBook.expect`; ignored in cross mode, whose rows
   * carry their own instruments).
   */
  expect(list: readonly MarginPosition[]): void {
    if (this.mode === 'segregated') this.book.expect(list); else this.book.reserve(list.length);
  }

  /** Add a position whose id is not in the calculator (see `RiskBook.addNew`). */
  addNewPosition(id: string, inst: MarginInstrument, size: Dec | string, sizeText?: string): void {
    this.ensureUnderlying(inst.underlying);
    this.book.addNew(id, this.mode === 'cross' ? this.crossInstrument(inst) : inst, size, sizeText);
  }

  private readonly crossCache = new Map<string, MarginInstrument>();
  private crossInstrument(inst: MarginInstrument): MarginInstrument {
    let c = this.crossCache.get(inst.symbol);
    if (!c) { c = { ...inst, groupCurrency: 'USD' }; this.crossCache.set(inst.symbol, c); }
    return c;
  }

  /** Adopt a row priced elsewhere over the same parameters and market (see `RiskArrays.adopt`). */
  adoptPriced(base: InstrumentBase, row: ArrayLike<number>): void {
    this.ensureUnderlying(base.inst.underlying);
    this.arrays.adopt(base, row);
  }

  /** Remove a position. */
  removePosition(id: string): void { this.book.remove(id); }

  /** The group context of a group. */
  context(g: GroupState): GroupContext {
    const coin = !USD_LIKE.has(g.settlementCurrency.toUpperCase());
    return precompute({
      set: this.set, underlying: g.underlying, index: this.market.index(g.underlying), coin, asOfMs: this.market.asOfMs,
      pair: pairParams(this.params, g.underlying), ccy: currencyParams(this.params, g.settlementCurrency), ext: this.params.pmdesk,
    });
  }

  /**
   * A copy made by `withParams` holds this book's rows, aggregated sizes and instruments' base
   * facts (the same deltas: grid-independent), so its groups' delta facts are this book's groups'
   * while those are at the revision they had then (`facts`).
   */
  private factsFrom: Map<string, { g: GroupState; revision: number; pm: DeribitPm }> | undefined;
  private readonly factsMemo = new WeakMap<GroupState, { revision: number; facts: DeltaFacts }>();

  private factsSource(): Map<string, { g: GroupState; revision: number; pm: DeribitPm }> {
    return new Map(this.book.groups().map((g) => [g.key, { g, revision: g.revision, pm: this as DeribitPm }]));
  }

  /**
   * Delta facts of a group from its rows' aggregated sizes and base deltas, kept per group until
   * it is re-summed (its revision moves whenever a row size or its rows change). Not changed by callers.
   */
  facts(g: GroupState): DeltaFacts {
    const src = this.factsFrom?.get(g.key);
    if (src && src.g.revision === src.revision) return src.pm.facts(src.g);
    const kept = this.factsMemo.get(g);
    if (kept && kept.revision === g.revision) return kept.facts;
    const f = emptyFacts();
    for (const r of g.rows) {
      const q = this.book.rowSize(r);
      if (q !== 0) addDelta(f, this.arrays.bases[r], q, q);
    }
    this.factsMemo.set(g, { revision: g.revision, facts: f });
    return f;
  }

  /** Compute every currency; with `marginal`, also each position's marginal IM. */
  compute(opts: { marginal?: boolean } = {}): PmResult {
    const byCcy = new Map<string, PmGroupResult[]>();
    for (const g of this.book.groups()) {
      const ctx = this.context(g);
      const facts = this.facts(g);
      const outcome = evaluateGroup(ctx, g.vector, facts);
      const dp = this.decimals(g.settlementCurrency);
      const worst = roundHalfEven(fromFloat(outcome.worst), dp);
      const roll = roundHalfEven(fromFloat(outcome.roll), dp);
      const delta = roundHalfEven(fromFloat(outcome.delta), dp);
      const list = byCcy.get(g.settlementCurrency) ?? [];
      list.push({ state: g, ctx, facts, outcome, worst, roll, delta, im: worst.plus(roll).plus(delta) });
      byCcy.set(g.settlementCurrency, list);
    }
    const currencies: PmCurrencyResult[] = [];
    for (const [currency, groups] of [...byCcy.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      const sum = (k: 'worst' | 'roll' | 'delta') => groups.reduce((acc, g) => acc.plus(g[k]), new Dec(0));
      const worst = sum('worst'), roll = sum('roll'), delta = sum('delta');
      const im = worst.plus(roll).plus(delta);
      const dp = this.decimals(currency);
      const mm = roundHalfEven(im.times(fromFloat(this.params.general.mm_factor)), dp);
      currencies.push({ currency, groups, worst, roll, delta, im, mm, decimals: dp, usdRate: this.usdRate(currency) });
    }
    return { currencies, marginalIm: opts.marginal ? this.marginals(currencies) : new MarginalIm() };
  }

  /**
   * IM and MM per currency as float64: exactly `compute()`'s `im.toNumber()` / `mm.toNumber()`,
   * with the add-ons rounded, summed and multiplied by `mm_factor` in exact scaled integers
   * (bigint) instead of decimal.js — for the account view, which needs only these two numbers at
   * each of its root-search probes. Falls back to `compute()` outside the plain-decimal range.
   */
  marginNumbers(): Map<string, { im: number; mm: number }> {
    const slow = () => {
      const out = new Map<string, { im: number; mm: number }>();
      for (const c of this.compute().currencies) out.set(c.currency, { im: c.im.toNumber(), mm: c.mm.toNumber() });
      return out;
    };
    const factor = scaledText(String(this.params.general.mm_factor));
    if (factor === null) return slow();
    const byCcy = new Map<string, bigint>();
    for (const g of this.book.groups()) {
      const o = evaluateGroup(this.context(g), g.vector, this.facts(g));
      const dp = this.decimals(g.settlementCurrency);
      const w = roundedScaled(o.worst, dp), r = roundedScaled(o.roll, dp), d = roundedScaled(o.delta, dp);
      if (w === null || r === null || d === null) return slow();
      byCcy.set(g.settlementCurrency, (byCcy.get(g.settlementCurrency) ?? 0n) + w + r + d);
    }
    const out = new Map<string, { im: number; mm: number }>();
    for (const [currency, im] of [...byCcy.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      const dp = this.decimals(currency);
      const product = im * factor.n;
      // decimal.js works to 40 significant digits: beyond that its sums and product round.
      if (abs(product) >= LIMIT) return slow();
      out.set(currency, { im: Number(`${im}e-${dp}`), mm: Number(`${roundScaledHalfEven(product, factor.dp)}e-${dp}`) });
    }
    return out;
  }

  /** Decimals of reported margins in `ccy`. */
  decimals(ccy: string): number {
    return USD_LIKE.has(ccy.toUpperCase()) ? this.params.pmdesk.usdDecimals : this.params.pmdesk.coinDecimals;
  }

  /** USD per unit of `ccy`: the index of the coin, 1 for USD-like currencies. */
  usdRate(ccy: string): number {
    return USD_LIKE.has(ccy.toUpperCase()) ? 1 : this.market.index(ccy);
  }

  /**
   * IM with each position minus IM without it. Only the position's group changes: its vector
   * loses `q × row`, one expiry's roll charge and the delta-shock inputs change; everything else
   * is reused (O(scenarios) per position).
   */
  private marginals(currencies: PmCurrencyResult[]): MarginalIm {
    const cols = this.book.positionColumns();
    const out = new Float64Array(cols.count);
    // Per row (instrument), once: its group, roll entry, kind, delta and aggregated size.
    type RollInfo = { rate: number; netDelta: number; charge: number };
    const nRows = this.arrays.size;
    const rowGroup: (PmGroupResult | undefined)[] = new Array(nRows).fill(undefined);
    const rowRoll: (RollInfo | undefined)[] = new Array(nRows).fill(undefined);
    const rowKind = new Int8Array(nRows); // 1 option, 2 future/perpetual, 0 other
    const rowT = new Float64Array(nRows);
    // Rows of groups not re-summed since the last pass: their positions' figures can be reused.
    const prev = this.lastMarginal;
    const rowSame = new Uint8Array(nRows);
    const revisions = new Map<GroupState, number>();
    for (const c of currencies) {
      for (const g of c.groups) {
        revisions.set(g.state, g.state.revision);
        const same = prev !== undefined && prev.revisions.get(g.state) === g.state.revision ? 1 : 0;
        const roll = new Map<number | null, RollInfo>(g.outcome.rollDetail.map((r) => [r.expiryMs, r]));
        for (const r of g.state.rows) {
          const inst = this.arrays.bases[r].inst;
          rowGroup[r] = g;
          const key = inst.kind === 'perpetual' ? null : inst.expiryMs ?? undefined;
          rowRoll[r] = key === undefined ? undefined : roll.get(key);
          rowKind[r] = inst.kind === 'option' ? 1 : inst.kind === 'future' || inst.kind === 'perpetual' ? 2 : 0;
          rowT[r] = this.book.rowSize(r);
          rowSame[r] = same;
        }
      }
    }
    const n = this.arrays.nScen;
    const data = this.arrays.rawData();
    const bases = this.arrays.bases;
    const rows = cols.rows, sizes = cols.sizeF;
    const pRows = prev?.rows, pSizes = prev?.sizes, pOut = prev?.out;
    const pCount = pRows?.length ?? 0;
    for (let i = 0; i < cols.count; i++) {
      const row = rows[i];
      const g = rowGroup[row];
      if (!g) { out[i] = NaN; continue; }
      const ctx = g.ctx;
      const q = sizes[i];
      // Same row, same size (and sign of zero), unchanged group: the same figure.
      if (i < pCount && rowSame[row] === 1 && pRows![i] === row && Object.is(pSizes![i], q)) { out[i] = pOut![i]; continue; }
      // Fused: vector without the position → aggregate (aggregate() semantics) → minimum.
      const off = row * n;
      const v = g.state.vector;
      const isExt = ctx.isExt, damp = ctx.damp, cap = ctx.cap;
      const offset = ctx.ccy.pnl_offset;
      let mn = 0;
      for (let s = 0; s < n; s++) {
        let x = v[s] - q * data[off + s];
        if (isExt[s] === 1) x = x < 0 ? (x + damp[s] < 0 ? x + damp[s] : 0) : x > 0 ? (x - damp[s] > 0 ? x - damp[s] : 0) : x;
        if (x > 0) { x *= offset; if (x > cap) x = cap; }
        if (x < mn) mn = x;
      }
      const worst = -mn;
      const delta = bases[row].delta;
      const T = rowT[row];
      const dq = -q * delta;
      let rollW = g.outcome.roll;
      const info = rowRoll[row];
      if (info) rollW += info.rate * Math.abs(info.netDelta + dq) * (ctx.coin ? 1 : ctx.index) - info.charge;
      let L = g.facts.longOption, Sh = g.facts.short;
      const kind = rowKind[row];
      if (kind === 1) {
        if (T > 0) L -= T * delta; else Sh -= T * delta;
        if (T - q > 0) L += (T - q) * delta; else Sh += (T - q) * delta;
      } else if (kind === 2) Sh += dq;
      const imWithout = worst + rollW + deltaShockCharge(ctx, L, Sh);
      out[i] = g.outcome.im - imWithout;
    }
    this.lastMarginal = { rows: rows.slice(0, cols.count), sizes: sizes.slice(0, cols.count), out, revisions };
    return new MarginalIm(cols, out);
  }
}


/**
 * The grids of many parameter sets (the points of a sweep) priced together: per underlying whose
 * grid a set changes (with the same smile and scenario count, so `withParams` re-grids in place),
 * one `RiskArrays` over the distinct shocks of every such set — a scenario per (move, vol shock),
 * the vol shocks by content, shared, and without the extended table's P&L weight — priced once
 * for the calculator's instruments of that underlying, in its row order (calls and puts paired,
 * as `ensureAll` pairs them). A point's row is then, scenario by scenario, its shock's column times
 * its weight: the very value a pricing over the point's own set gives (a row's value in a scenario
 * depends only on the instrument, the market and that scenario's shock; `pnl × (pnlWeight ?? 1)`
 * is the last operation either way), while the base facts, the vol shocks and the moves shared by
 * points — the zero bucket, the extended moves, coinciding bucket moves — are computed once for
 * the sweep instead of once per point. sweep.test.ts checks every point against a fresh run.
 */
export class GridUnion {
  private constructor(
    private readonly byU: Map<string, { arrays: RiskArrays; points: Map<number, { cols: Int32Array; w: Float64Array }> }>,
  ) {}

  static of(base: DeribitPm, underlyings: ReadonlySet<string>, list: readonly DeribitPmParams[]): GridUnion | undefined {
    const smile = base.params.pmdesk.smile;
    const n = base.arrays.nScen;
    const baseKey = gridKey(base.params);
    type Acc = { scenarios: ScenarioSet['scenarios']; cols: Map<string, number>; vols: Map<string, VolShockOf>; points: Map<number, { cols: Int32Array; w: Float64Array }> };
    const acc = new Map<string, Acc>();
    list.forEach((p, i) => {
      if (p.pmdesk.smile !== smile || gridKey(p) === baseKey || neutralSet(p).scenarios.length !== n) return;
      for (const u of underlyings) {
        const spec = gridSpec(p, u);
        if (JSON.stringify(spec) === JSON.stringify(gridSpec(base.params, u))) continue;
        let a = acc.get(u);
        if (!a) { a = { scenarios: [], cols: new Map(), vols: new Map(), points: new Map() }; acc.set(u, a); }
        const cols = new Int32Array(n), w = new Float64Array(n);
        deribitScenarioSet({ [u]: spec }, smile).scenarios.forEach((sc, k) => {
          const sh = sc.shocks[u];
          const volKey = JSON.stringify(sh.vol);
          let vol = a.vols.get(volKey);
          if (!vol) { vol = sh.vol; a.vols.set(volKey, vol); }
          const key = `${sh.move}|${volKey}`;
          let c = a.cols.get(key);
          if (c === undefined) {
            c = a.scenarios.length;
            a.cols.set(key, c);
            a.scenarios.push({ id: `sweep-${c}`, label: key, table: sc.table, shocks: { [u]: { move: sh.move, vol } } });
          }
          cols[k] = c;
          w[k] = sh.pnlWeight ?? 1;
        });
        a.points.set(i, { cols, w });
      }
    });
    if (acc.size === 0) return undefined;
    const byU = new Map<string, { arrays: RiskArrays; points: Map<number, { cols: Int32Array; w: Float64Array }> }>();
    for (const [u, a] of acc) {
      const insts = base.arrays.bases.filter((b) => b.inst.underlying === u).map((b) => b.inst);
      const arrays = new RiskArrays({ id: 'deribit-pm sweep', name: `sweep grid of ${u}`, version: '1', smile, scenarios: a.scenarios }, base.market, base.arrays.currency, Math.max(1, insts.length));
      arrays.ensureAll(insts);
      noteScenarioBuild();
      byU.set(u, { arrays, points: a.points });
    }
    return new GridUnion(byU);
  }

  /** Whether point `point` has a re-gridded underlying priced here. */
  covers(point: number): boolean {
    for (const e of this.byU.values()) if (e.points.has(point)) return true;
    return false;
  }

  /** Point `point`'s columns and weights for `u` over the union's rows, or undefined when the point keeps `u`'s grid. */
  columns(point: number, u: string): { data: Float64Array; width: number; cols: Int32Array; w: Float64Array; rowOf(symbol: string): number } | undefined {
    const e = this.byU.get(u);
    const pt = e?.points.get(point);
    if (!e || !pt) return undefined;
    const arrays = e.arrays;
    return { data: arrays.rawData(), width: arrays.nScen, cols: pt.cols, w: pt.w, rowOf: (symbol) => arrays.rowIndex(symbol) };
  }
}

type VolShockOf = ScenarioSet['scenarios'][number]['shocks'][string]['vol'];
