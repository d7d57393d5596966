/**
 * Runs `span` on a book: risk arrays by full revaluation over the parameter set's scan points
 * (the shared `RiskArrays` / `RiskBook` in USD, one group per underlying = combined commodity),
 * or a clearing house's arrays where the parameter set carries one for the instrument
 * (`riskArrays`, from a PC-SPAN file), then `span-kernel.ts`'s charges, explained per combined
 * commodity, with the account view in USD.
 */
import { Dec, fromFloat, roundHalfEven, toDecimalString } from '../../../money';
import type { CurrencyMarginResultDto, GroupMarginDto, MarginResultDto, PositionContributionDto, ScenarioEntryDto } from '../../../../../shared/domain/dto/margin-result.dto';
import { MS_PER_YEAR, type MarketView } from '../../../scenarios/market-view';
import { idsUnique, MarginInputError, sizeNumber, type MarginInput, type MarginPosition } from '../../margin-input';
import type { MarginInstrument } from '../../margin-instrument';
import type { MethodRunInput } from '../../method-contract';
import { black76Delta } from '../../pricing-adapter';
import { RiskArrays } from '../../risk-arrays';
import { RiskBook } from '../../risk-book';
import { reusableBuild, riskArraysFor, seededBuild } from '../../scenario-reuse';
import { halfEvenText } from '../../half-even-text';
import { roundUsd } from '../../usd';
import { usdBookBulk } from '../../usd-instruments';
import { MARGINAL_LIMIT, marginalIm, usdAccountView, type PreparedUsdMargin } from '../../usd-account';
import { SPAN_ID } from './id';
import { spanScenarioSet } from './scenario-template';
import { spanMargin, type SpanCcInput, type SpanResult } from './span-kernel';
import { SlotSums } from './span-slot-sums';
import { ccParams, resolveSpanParams, type SpanParams } from './span-params';

/** One position's P&L row (per unit of size, USD, weight applied) and SPAN facts. */
interface Leg {
  p: MarginPosition; cc: string; row: ArrayLike<number>; size: number;
  /** The last P&L-in-binding figure printed for this leg: its float, decimals and text (a session keeps unchanged legs, so their texts are reused). */
  pv?: number; pd?: number; pt?: string;
}

/** What does not move with the market: file arrays and deltas, net short options, rates (per cc). */
interface CcFixed { cc: string; underlying: string; fileVector: Float64Array; fileTiers: Map<string, number>; shortCallCoins: number; shortPutCoins: number; intraSpreadRate: number; shortOptionMinimum: number }
/** A revalued position: its row in the arrays and its tier. */
interface Reval { p: MarginPosition; cc: string; tier: string; row: number; size: number }

/** A book's scan-point rows and fixed parts, before aggregation (re-evaluated at shifted markets). */
export interface SpanBook {
  set: ReturnType<typeof spanScenarioSet>; arrays: RiskArrays; book: RiskBook; legs: Leg[]; fixed: CcFixed[]; reval: Reval[]; memo?: SpanMemo; slots?: SpanSlots;
  /** `evaluateSpan`'s block partials over `reval` at the build's own arrays (span-slot-sums.ts), kept for a session's next edit. */
  sums?: SlotSums;
}

/**
 * `evaluateSpan`'s tier sums as slots (made once per build, `spanSlots`): per revalued entry its
 * combined commodity (index in `fixed`) and its (cc, tier) slot; per slot its cc, tier and start
 * value (the file arrays' tier delta, else 0). Slots of one cc are numbered in the order its
 * `tierDeltas` map receives them (file tiers, then tiers by first appearance in `reval`).
 */
interface SpanSlots { ccOf: Int32Array; slotOf: Int32Array; option: Uint8Array; cc: number[]; tier: string[]; start: number[] }

/**
 * An incremental session's record of its last prepared build (`spanSessionFill`): the position
 * objects it was made from, that build, per position its index in `reval` (-1: a file-array
 * position) and its option instrument's entry (-1: not an option), and per option instrument its
 * positions in order, so a size edit re-sums only the changed instruments' net sizes.
 */
interface SpanMemo {
  positions: MarginPosition[];
  out: SpanBook;
  revalAt: Int32Array;
  optOf: Int32Array;
  opts: { c: CcFixed; call: boolean; members: number[] }[];
  /** Each option instrument's net size as last summed (an edit re-sums the dirty ones only). */
  net: Float64Array;
}

interface Built extends SpanBook { inputs: SpanCcInput[]; result: SpanResult }

/** Composite delta of one unit in coins of the underlying (options: Black-76 ∂V/∂F of the USD value; inverse delta-one: 1/price per USD). */
function unitSpanDelta(inst: MarginInstrument, base: RiskArrays['bases'][number], asOfMs: number): number {
  if (inst.kind !== 'option') return base.delta;
  const years = Math.max(0, (inst.expiryMs! - asOfMs) / MS_PER_YEAR);
  return black76Delta(inst.optionType === 'call', base.inputs.forward, inst.strike!, base.inputs.vol, years);
}

/** Expiry dates as text by expiry time (a few expiries, thousands of positions). */
const tierText = new Map<number, string>();

function tierOf(inst: MarginInstrument): string {
  if (inst.expiryMs === undefined) return 'perpetual';
  let t = tierText.get(inst.expiryMs);
  if (t === undefined) { t = new Date(inst.expiryMs).toISOString().slice(0, 10); if (tierText.size < 4096) tierText.set(inst.expiryMs, t); }
  return t;
}

/** Build the book's rows and fixed parts (file arrays, net short options). */
function collectSpan(market: MarketView, params: SpanParams, input: MarginInput): SpanBook {
  // An incremental session (span-session.ts) hands in the build of this book under its key (spanBuildKey: same text).
  const kept = seededBuild<SpanBook>(SPAN_KEY_HEAD, market, input);
  if (kept) return kept.value;
  const set = spanScenarioSet(params, spanUnderlyings(input));
  // In a sweep, a parameter set with the same scan points, rates and file arrays shares the built book (scenario-reuse.ts).
  return reusableBuild(spanBuildKey(set, params), market, input, () => fillSpan(market, params, input, set));
}

/** The underlyings of a book, sorted (the scan points are built for them). */
export function spanUnderlyings(input: MarginInput): string[] {
  const names = new Set<string>();
  // Positions of one instrument share its object (instrument-adapter's cache): each object read once.
  const seen = new Set<MarginInstrument>();
  for (const p of input.positions) if (!seen.has(p.inst)) { seen.add(p.inst); names.add(p.inst.underlying); }
  return [...names].sort();
}

/** The `reusableBuild` key of a build over `set` (the incremental session, span-session.ts, computes it too). */
export function spanBuildKey(set: ReturnType<typeof spanScenarioSet>, params: SpanParams): string {
  return JSON.stringify(['span', set, params.combinedCommodities, params.riskArrays]);
}

/** How every `spanBuildKey` begins (`seededBuild`'s prefix). */
const SPAN_KEY_HEAD = '["span",';

/** Enter one revalued position into a book as `fillSpan` does (file-array positions are not entered). */
export function spanEnter(book: RiskBook, params: SpanParams, p: MarginPosition): void {
  if (params.riskArrays[p.inst.symbol]) { book.remove(p.id); return; }
  book.set(p.id, { ...p.inst, groupCurrency: 'USD' }, p.sizeText ?? p.size, p.sizeText);
}

/**
 * Build the book's rows and fixed parts. With `kept` (an incremental session's arrays and book,
 * holding exactly the revalued positions of `input`, in order: book-session.ts) nothing is priced
 * or entered; the per-position facts are collected as a fresh build collects them.
 */
export function fillSpan(market: MarketView, params: SpanParams, input: MarginInput, set: ReturnType<typeof spanScenarioSet>, kept?: { arrays: RiskArrays; book: RiskBook }): SpanBook {
  // A fresh build prices every instrument up front when it can (fillSpanBulk), else enters position by position below.
  const bulk = kept ? undefined : fillSpanBulk(market, params, input, set);
  const arrays = kept?.arrays ?? bulk?.arrays ?? riskArraysFor(set, market, 'usd');
  const book = kept?.book ?? bulk ?? new RiskBook(arrays);
  // Nothing is priced during the loop (a kept or bulk-built book): one view per row serves all its positions.
  const stable = kept !== undefined || bulk !== undefined;
  const legs: Leg[] = [];
  const reval: Reval[] = [];
  const by = new Map<string, CcFixed>();
  const ccOf = (cc: string, underlying: string): CcFixed => {
    let c = by.get(cc);
    if (!c) {
      const r = ccParams(params, cc);
      c = { cc, underlying, fileVector: new Float64Array(set.scenarios.length), fileTiers: new Map(), shortCallCoins: 0, shortPutCoins: 0, intraSpreadRate: r.intraSpreadRate, shortOptionMinimum: r.shortOptionMinimum };
      by.set(cc, c);
    }
    return c;
  };
  // Net size per option instrument: the short option minimum counts net short contracts.
  const optionNet = new Map<string, { c: CcFixed; call: boolean; size: number }>();
  const views: Float64Array[] = [];
  // Over a stable book, a revalued instrument's facts (cc, tier, row, net-size entry) once per instrument object: its later positions reuse them.
  const known = stable ? new Map<MarginInstrument, { c: CcFixed; tier: string; r: number; view: Float64Array; o: { size: number } | undefined }>() : undefined;
  for (const p of input.positions) {
    const size = sizeNumber(p);
    const k = known?.get(p.inst);
    if (k !== undefined) {
      if (k.o) k.o.size += size;
      reval.push({ p, cc: k.c.cc, tier: k.tier, row: k.r, size });
      legs.push({ p, cc: k.c.cc, row: k.view, size });
      continue;
    }
    try {
      const file = params.riskArrays[p.inst.symbol];
      const c = ccOf(file?.cc ?? p.inst.underlying.toUpperCase(), p.inst.underlying);
      const tier = tierOf(p.inst);
      if (p.inst.kind === 'option') {
        const o = optionNet.get(p.inst.symbol);
        if (o) o.size += size; else optionNet.set(p.inst.symbol, { c, call: p.inst.optionType === 'call', size });
      }
      if (file) {
        // A file's array is SPAN-signed (loss positive): the P&L row is its negation.
        const row = file.ra.map((x) => -x);
        for (let s = 0; s < row.length; s++) c.fileVector[s] += size * row[s];
        c.fileTiers.set(tier, (c.fileTiers.get(tier) ?? 0) + size * file.delta);
        legs.push({ p, cc: c.cc, row, size });
        continue;
      }
      if (!stable) book.set(p.id, { ...p.inst, groupCurrency: 'USD' }, p.sizeText ?? p.size, p.sizeText);
      const r = arrays.rowIndex(p.inst.symbol);
      reval.push({ p, cc: c.cc, tier, row: r, size });
      const view = stable ? (views[r] ??= arrays.row(r)) : arrays.row(r);
      legs.push({ p, cc: c.cc, row: view, size });
      known?.set(p.inst, { c, tier, r, view, o: p.inst.kind === 'option' ? optionNet.get(p.inst.symbol) : undefined });
    } catch (e) {
      throw new MarginInputError(`position ${p.id} (${p.inst.symbol}): ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  for (const o of optionNet.values()) if (o.size < 0) { if (o.call) o.c.shortCallCoins -= o.size; else o.c.shortPutCoins -= o.size; }
  return { set, arrays, book, legs, fixed: [...by.values()].sort((a, b) => (a.cc < b.cc ? -1 : 1)), reval };
}

/**
 * `fillSpan(market, params, input, b.set, kept)` for an incremental session's kept build `b`
 * (span-session.ts): while `input` holds the positions last prepared, in order, with only sizes of
 * revalued positions changed (same id and instrument), the last build is updated in place — the
 * changed positions' legs and revalued entries replaced, the net sizes of their option
 * instruments re-summed over their positions in order and the net short options re-accumulated
 * over the instruments in first-appearance order, the same float operations in the same order as
 * `fillSpan`; anything else (count, id, instrument, a file-array position) is built by `fillSpan`.
 */
export function spanSessionFill(market: MarketView, params: SpanParams, input: MarginInput, b: SpanBook): SpanBook {
  const ps = input.positions;
  const m = b.memo;
  if (m !== undefined && m.positions.length === ps.length) {
    const out = m.out;
    let same = true;
    const dirty = new Set<number>();
    for (let i = 0; i < ps.length && same; i++) {
      const x = ps[i];
      const was = m.positions[i];
      if (x === was) continue;
      const at = m.revalAt[i];
      if (x.id !== was.id || x.inst.symbol !== was.inst.symbol || at < 0) { same = false; break; }
      const size = sizeNumber(x);
      m.positions[i] = x;
      out.legs[i] = { p: x, cc: out.legs[i].cc, row: out.legs[i].row, size };
      out.reval[at] = { ...out.reval[at], p: x, size };
      if (m.optOf[i] >= 0) dirty.add(m.optOf[i]);
    }
    if (same) {
      if (dirty.size > 0) {
        // The other instruments' net sizes are those summed before, from the same sizes.
        const net = m.net;
        for (const k of dirty) {
          const mem = m.opts[k].members;
          let size = out.legs[mem[0]].size;
          for (let j = 1; j < mem.length; j++) size += out.legs[mem[j]].size;
          net[k] = size;
        }
        for (const c of out.fixed) { c.shortCallCoins = 0; c.shortPutCoins = 0; }
        for (let k = 0; k < m.opts.length; k++) {
          const o = m.opts[k];
          if (net[k] < 0) { if (o.call) o.c.shortCallCoins -= net[k]; else o.c.shortPutCoins -= net[k]; }
        }
      }
      return out;
    }
  }
  const out = fillSpan(market, params, input, b.set, { arrays: b.arrays, book: b.book });
  b.memo = spanMemo(input, out);
  return out;
}

/** The session record of `out`, `fillSpan`'s build of `input`. */
function spanMemo(input: MarginInput, out: SpanBook): SpanMemo {
  const ps = input.positions;
  const revalAt = new Int32Array(ps.length).fill(-1);
  const optOf = new Int32Array(ps.length).fill(-1);
  const opts: SpanMemo['opts'] = [];
  const bySymbol = new Map<string, number>();
  const ccs = new Map(out.fixed.map((c) => [c.cc, c]));
  let r = 0;
  for (let i = 0; i < ps.length; i++) {
    const p = ps[i];
    if (out.reval[r]?.p === p) revalAt[i] = r++;
    if (p.inst.kind !== 'option') continue;
    let k = bySymbol.get(p.inst.symbol);
    if (k === undefined) { k = opts.length; bySymbol.set(p.inst.symbol, k); opts.push({ c: ccs.get(out.legs[i].cc)!, call: p.inst.optionType === 'call', members: [] }); }
    opts[k].members.push(i);
    optOf[i] = k;
  }
  const net = new Float64Array(opts.length);
  for (let k = 0; k < opts.length; k++) {
    const mem = opts[k].members;
    let size = out.legs[mem[0]].size;
    for (let j = 1; j < mem.length; j++) size += out.legs[mem[j]].size;
    net[k] = size;
  }
  return { positions: ps.slice(), out, revalAt, optOf, opts, net };
}

/**
 * `fillSpan`'s book of revalued positions built in bulk, when the book's ids are known distinct:
 * the revalued positions' instruments (those without a file array) priced once up front in
 * first-appearance order (`ensureAll`: the rows successive `set` calls make), one USD copy per
 * instrument object (usd-instruments.ts), the positions appended with `addNew` in input order — the
 * book `set` position by position makes (as tims' fillTimsBulk). Undefined when the ids are not
 * known distinct or anything throws: `fillSpan` then enters position by position on a new book, so
 * errors name the position exactly as before.
 */
function fillSpanBulk(market: MarketView, params: SpanParams, input: MarginInput, set: ReturnType<typeof spanScenarioSet>): RiskBook | undefined {
  if (!idsUnique(input.positions)) return undefined;
  const files = params.riskArrays;
  const hasFiles = Object.keys(files).length > 0;
  const positions = hasFiles ? input.positions.filter((p) => !files[p.inst.symbol]) : input.positions;
  return usdBookBulk(set, market, positions);
}

/** The tier-sum slots of a build (`SpanSlots`). */
function spanSlots(b: SpanBook): SpanSlots {
  const n = b.reval.length;
  const ccOf = new Int32Array(n), slotOf = new Int32Array(n), option = new Uint8Array(n);
  const cc: number[] = [], tier: string[] = [], start: number[] = [];
  const ccIndex = new Map(b.fixed.map((f, i) => [f.cc, i]));
  const slotIndex = b.fixed.map(() => new Map<string, number>());
  b.fixed.forEach((f, i) => { for (const [t, v] of f.fileTiers) { slotIndex[i].set(t, cc.length); cc.push(i); tier.push(t); start.push(v); } });
  for (let j = 0; j < n; j++) {
    const x = b.reval[j];
    const c = ccIndex.get(x.cc)!;
    let k = slotIndex[c].get(x.tier);
    if (k === undefined) { k = cc.length; slotIndex[c].set(x.tier, k); cc.push(c); tier.push(x.tier); start.push(0); }
    ccOf[j] = c;
    slotOf[j] = k;
    option[j] = x.p.inst.kind === 'option' ? 1 : 0;
  }
  return { ccOf, slotOf, option, cc, tier, start };
}

/** The charges of `b` with its rows priced at `mk` (`arrays`, `book`: the base ones or a shifted copy). */
function evaluateSpan(b: SpanBook, arrays: RiskArrays, book: RiskBook, mk: MarketView, params: SpanParams): { inputs: SpanCcInput[]; result: SpanResult } {
  const by = new Map<string, SpanCcInput>();
  for (const f of b.fixed) {
    by.set(f.cc, {
      cc: f.cc, index: mk.index(f.underlying), vector: f.fileVector.slice(), tierDeltas: new Map(f.fileTiers), shortCallCoins: f.shortCallCoins, shortPutCoins: f.shortPutCoins,
      optionValue: 0, intraSpreadRate: f.intraSpreadRate, shortOptionMinimum: f.shortOptionMinimum,
    });
  }
  // A unit's delta is a function of its row (instrument and priced base): once per row, not per position.
  const unitDelta = new Float64Array(arrays.size).fill(NaN);
  // Per (cc, tier) slot and per cc, the sums the maps would receive (0 + the first term where a map
  // had no entry), in the one summation order of span-slot-sums.ts: tier slots, then each cc's option value.
  const sl = (b.slots ??= spanSlots(b));
  const nT = sl.tier.length;
  const start = new Float64Array(nT + b.fixed.length);
  start.set(sl.start);
  const bases = arrays.bases;
  const { ccOf, slotOf, option } = sl;
  const reval = b.reval;
  const add = (out: Float64Array, i: number): void => {
    const x = reval[i];
    const row = x.row;
    let d = unitDelta[row];
    if (Number.isNaN(d)) { d = unitSpanDelta(x.p.inst, bases[row], mk.asOfMs); unitDelta[row] = d; }
    out[slotOf[i]] += x.size * d;
    if (option[i] === 1) out[nT + ccOf[i]] += x.size * bases[row].value;
  };
  // At the build's own arrays the partials are kept (a session's edit re-sums its block); the terms read only the rows and the as-of time.
  const sums = arrays === b.arrays ? (b.sums ??= new SlotSums()).sums(reval, start, add, mk.asOfMs) : new SlotSums().sums(reval, start, add, undefined);
  const acc = sums.subarray(0, nT);
  const optionValue = sums.subarray(nT);
  const inputsByIndex = b.fixed.map((f) => by.get(f.cc)!);
  for (let k = 0; k < sl.tier.length; k++) inputsByIndex[sl.cc[k]].tierDeltas.set(sl.tier[k], acc[k]);
  for (let c = 0; c < inputsByIndex.length; c++) inputsByIndex[c].optionValue = optionValue[c];
  // Revalued instruments: the book's group vector (Σ exact size × row) per underlying.
  for (const g of book.groups()) {
    const v = by.get(g.underlying.toUpperCase())!.vector as Float64Array;
    for (let s = 0; s < v.length; s++) v[s] += g.vector[s];
  }
  const inputs = [...by.values()];
  return { inputs, result: spanMargin(inputs, params.interSpreads, params) };
}

/** Build the book's combined commodities and run the charges. */
export function buildSpan(market: MarketView, params: SpanParams, input: MarginInput): Built {
  const b = collectSpan(market, params, input);
  return { ...b, ...evaluateSpan(b, b.arrays, b.book, market, params) };
}

/** A sub-book's margin at shifted markets: its rows re-priced from the base ones (`shiftedCopy`), sizes kept. */
function preparedSpan(market: MarketView, params: SpanParams): PreparedUsdMargin {
  return (book, u) => {
    const b = collectSpan(market, params, book);
    return (mk, move) => {
      const arrays = move === 0 ? b.arrays : b.arrays.shiftedCopy(mk, u, 1 + move);
      const r = evaluateSpan(b, arrays, move === 0 ? b.book : b.book.sizesOver(arrays), mk, params).result;
      return { im: r.im, mm: r.mm };
    };
  };
}

/** IM and MM (USD, float) of a book. */
export function spanTotals(m: MarketView, params: SpanParams, input: MarginInput): { im: number; mm: number } {
  const r = buildSpan(m, params, input).result;
  return { im: r.im, mm: r.mm };
}

/** Run `span`. Add-ons (USD, rounded each) sum to IM exactly. */
export function runSpan(req: MethodRunInput): MarginResultDto {
  const params = resolveSpanParams(req.params);
  const dp = params.usdDecimals;
  const round = (x: number) => roundHalfEven(fromFloat(x), dp);
  // `toDecimalString(round(x))` without decimal.js (half-even-text.ts).
  const text = (x: number) => halfEvenText(x, dp);
  const b = buildSpan(req.market, params, req.input);
  const k = params.initialToMaintenance;
  const add = { scanRisk: new Dec(0), intraSpread: new Dec(0), interSpreadCredit: new Dec(0), shortOptionMinimum: new Dec(0), netOptionValue: new Dec(0), initialMultiplier: new Dec(0) };
  const groups: GroupMarginDto[] = [];
  let binding: CurrencyMarginResultDto['bindingScenario'] = null, bindingRisk = -1, vector: ScenarioEntryDto[] = [];
  const notes = ['SPAN-style (margin-methods.md "span"): per combined commodity max(scan + intra − inter, SOM) − NOV, floored at 0; MM = Σ, IM = MM × initialToMaintenance; USD.'];
  for (const [i, c] of b.result.ccs.entries()) {
    const input = b.inputs[i];
    const base = c.scanRisk + c.intraSpread - c.interCredit;
    const scan = round(c.scanRisk), intra = round(c.intraSpread), inter = round(c.interCredit), som = round(c.risk - base);
    add.scanRisk = add.scanRisk.plus(scan);
    add.intraSpread = add.intraSpread.plus(intra);
    add.interSpreadCredit = add.interSpreadCredit.minus(inter);
    add.shortOptionMinimum = add.shortOptionMinimum.plus(som);
    // The NOV line is the balance to the rounded requirement, so a cc's lines sum to it (never below 0).
    add.netOptionValue = add.netOptionValue.plus(round(c.requirement).minus(scan).minus(intra).plus(inter).minus(som));
    add.initialMultiplier = add.initialMultiplier.plus(round((k - 1) * c.requirement));
    const vec: ScenarioEntryDto[] = b.set.scenarios.map((s, j) => {
      const v = text(input.vector[j]);
      return { index: j, id: s.id, label: s.label, table: s.table, bucket: s.bucket, volState: s.volState, move: (s.shocks[c.cc] ?? s.defaultShock)?.move ?? 0, preAggregated: v, aggregated: v };
    });
    const key = `USD_${c.cc}`;
    const bind = c.binding >= 0 ? { ...vec[c.binding], group: key, side: (vec[c.binding].move > 0 ? 'right' : vec[c.binding].move < 0 ? 'left' : 'center') as 'left' | 'right' | 'center' } : null;
    if (bind && c.scanRisk > bindingRisk) { binding = bind; bindingRisk = c.scanRisk; vector = vec; }
    groups.push({
      key, settlementCurrency: 'USD', underlying: c.cc, index: input.index, worstCase: text(c.scanRisk),
      // The intra-commodity (calendar) charge stands where Deribit-style groups show the roll shock.
      rollShock: text(c.intraSpread), deltaShock: '0', initialMargin: text(c.requirement * k),
      bindingScenario: bind, adjustments: [], vector: vec,
      rollShockDetail: [...input.tierDeltas].map(([tier, d]) => ({ expiry: tier, netDelta: d, rate: input.intraSpreadRate, charge: '0' })),
      deltaShockDetail: { longOptionDelta: 0, shortDelta: 0, shockDelta: c.netDelta, charge: '0' },
    });
    if (c.som > base) notes.push(`${c.cc}: the short option minimum (${text(c.som)}) exceeds the scan-based risk.`);
  }
  for (const s of b.result.intraSpreads) if (s.spreads > 0) notes.push(`intra-commodity spread ${s.id} (${s.cc}): ${s.spreads} spreads, charge ${text(s.amount)}.`);
  for (const s of b.result.spreads) if (s.spreads > 0) notes.push(`inter-commodity spread ${s.id}: ${s.spreads} spreads, credit ${text(s.credit)}.`);
  // MM is the exact sum of the rounded maintenance add-ons, IM adds the IM/MM multiplier's: IM ≥ MM to the digit.
  const mm = add.scanRisk.plus(add.intraSpread).plus(add.interSpreadCredit).plus(add.shortOptionMinimum).plus(add.netOptionValue);
  const im = mm.plus(add.initialMultiplier);
  const contributions: PositionContributionDto[] = [];
  const marginal = req.marginal && req.input.positions.length <= MARGINAL_LIMIT;
  if (req.marginal && !marginal) notes.push(`Marginal IM per position not computed (more than ${MARGINAL_LIMIT} positions).`);
  if (req.marginal !== false) {
    const ccIm = new Map(b.result.ccs.map((c) => [c.cc, c.requirement * k]));
    const bindOf = new Map(b.result.ccs.map((c) => [c.cc, c.binding]));
    // A leg's text is a function of its float and the decimals: printed again only when either moved.
    const pnlText = (l: Leg, v: number): string => {
      if (l.pt !== undefined && l.pd === dp && Object.is(l.pv, v)) return l.pt;
      const t = text(v);
      l.pv = v; l.pd = dp; l.pt = t;
      return t;
    };
    for (const l of b.legs) {
      const s = bindOf.get(l.cc)!;
      contributions.push({
        positionId: l.p.id, instrument: l.p.inst.symbol, size: l.p.sizeText ?? toDecimalString(l.p.size), group: `USD_${l.cc}`,
        pnlInBinding: pnlText(l, s >= 0 ? l.size * l.row[s] : 0),
        marginalInitialMargin: marginal ? text(marginalIm(req.market, req.input, l.p, ccIm.get(l.cc)!, (mk, book) => spanTotals(mk, params, book))) : '0',
      });
    }
  }
  const usd: CurrencyMarginResultDto = {
    currency: 'USD', initialMargin: toDecimalString(im), maintenanceMargin: toDecimalString(mm),
    initialMarginUsd: toDecimalString(roundUsd(im, dp)), maintenanceMarginUsd: toDecimalString(roundUsd(mm, dp)), usdRate: 1,
    addOns: Object.fromEntries(Object.entries(add).map(([n, v]) => [n, toDecimalString(v)])),
    bindingScenario: binding, vector, groups, contributions, underlyings: [],
  };
  const has = b.result.ccs.length > 0;
  const result: MarginResultDto = {
    method: SPAN_ID, methodVersion: '1', parameterSet: { name: params.name, version: params.version },
    asOf: new Date(req.market.asOfMs).toISOString(), mode: 'cross', byCurrency: has ? { USD: usd } : {},
    totals: { initialMarginUsd: toDecimalString(has ? roundUsd(im, dp) : new Dec(0)), maintenanceMarginUsd: toDecimalString(has ? roundUsd(mm, dp) : new Dec(0)) },
    notes,
  };
  if (req.account) result.account = usdAccountView(req.market, req.input, (mk, book) => spanTotals(mk, params, book), { im: im.toNumber(), mm: mm.toNumber() }, dp, preparedSpan(req.market, params));
  return result;
}
