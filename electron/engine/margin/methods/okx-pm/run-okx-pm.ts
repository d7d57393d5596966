/**
 * Runs `okx-pm` on a book: full revaluation of every position at the MR1 / MR6 / MR2 scenarios
 * (shared `RiskArrays` / `RiskBook` in USD, one group per underlying = OKX risk unit), the extra
 * MR3 / MR4 / MR5 rows and MR7 charges per instrument (okx-kernel.ts), then per unit
 * `MMR_unit = max(max(MR1, MR2, MR6) + MR3 + MR4 + MR5, MR7)`, `MM = Σ MMR_unit`, `IM = imFactor · MM`.
 * Figures are rounded per component (half-even, `usdDecimals`) before they are composed, so the
 * add-ons — the binding stress component, MR3, MR4, MR5 or the MR7 minimum charge per unit, and the
 * IM loading — sum to IM exactly.
 */
import { Dec, fromFloat, roundHalfEven, toDecimalString } from '../../../money';
import type { CurrencyMarginResultDto, GroupMarginDto, MarginResultDto, PositionContributionDto, ScenarioEntryDto } from '../../../../../shared/domain/dto/margin-result.dto';
import type { MarketView } from '../../../scenarios/market-view';
import { exactSizeText, idsUnique, MarginInputError, sizeNumber, type MarginInput, type MarginPosition } from '../../margin-input';
import type { MarginInstrument } from '../../margin-instrument';
import { halfEvenText, sizeDecimalText } from '../../half-even-text';
import type { MethodRunInput } from '../../method-contract';
import { RiskBook } from '../../risk-book';
import { reusableBuild, riskArraysFor, seededBuild } from '../../scenario-reuse';
import { summarizeMarginResult } from '../../result-summary';
import { roundUsd } from '../../usd';
import { MARGINAL_LIMIT, usdAccountView } from '../../usd-account';
import { OKX_PM_ID } from './id';
import { extraRow, unitFigures, type OkxExtraRow, type OkxUnit, type UnitHoldings } from './okx-kernel';
import { groupFor, resolveOkxPmParams, type OkxPmParams } from './okx-pm-params';
import { okxScenarioSet, type OkxLayout } from './scenario-template';
import { usdInstruments } from '../../usd-instruments';

/** A built book: scenario rows (MR1/MR6 book and MR2 book), extra rows by symbol, and each unit's holdings. */
export interface OkxBook {
  /** The scenarios of a unit vector: the main set's, then MR2. */
  scenarios: ReturnType<typeof okxScenarioSet>['set']['scenarios'];
  layout: OkxLayout;
  book: RiskBook;
  decay: RiskBook;
  extra: Map<string, OkxExtraRow>;
  units: { underlying: string; holdings: UnitHoldings; rowOf: Map<number, number> }[];
  /**
   * Per unit (group key), its rows as last read (`g.rows`), in symbol order, and their extra rows:
   * `okxWithUnits` sorts a unit's rows again only when they changed (an incremental session re-reads the units
   * after every edit; a size edit leaves the rows as they are).
   */
  sortedRows?: Map<string, { rows: number[]; sorted: number[]; rowOf: Map<number, number>; extras: OkxExtraRow[] }>;
}

/** The unit-vector row of `symbol` (main row, then its MR2 entry). */
function fullRow(b: OkxBook, symbol: string): Float64Array {
  const a = b.book.arrays, d = b.decay.arrays;
  const out = new Float64Array(a.nScen + 1);
  out.set(a.row(a.rowIndex(symbol)));
  out[a.nScen] = d.row(d.rowIndex(symbol))[0];
  return out;
}

function buildOkx(market: MarketView, p: OkxPmParams, input: MarginInput): OkxBook {
  // An incremental session (okx-session.ts) hands in the build of this book under its key (okxBuildKey: same text).
  const kept = seededBuild<OkxBook>(OKX_KEY_HEAD, market, input);
  if (kept) return kept.value;
  const sets = okxScenarioSet(p, okxUnderlyings(input));
  // In a sweep, a parameter set with the same scenarios and MR3–MR7 rows shares the built book (scenario-reuse.ts).
  return reusableBuild(okxBuildKey(sets, p), market, input, () => fillOkx(market, p, input, sets));
}

/** The underlyings of a book, sorted (the scenarios are built for them). */
export function okxUnderlyings(input: MarginInput): string[] {
  const names = new Set<string>();
  for (const x of input.positions) names.add(x.inst.underlying);
  return [...names].sort();
}

/** The `reusableBuild` key of a build over `sets` (the incremental session, okx-session.ts, computes it too). */
export function okxBuildKey(sets: ReturnType<typeof okxScenarioSet>, p: OkxPmParams): string {
  return JSON.stringify([OKX_PM_ID, sets.set, sets.decaySet, p.groupOf, p.groups]);
}

/** How every `okxBuildKey` begins (`seededBuild`'s prefix). */
const OKX_KEY_HEAD = JSON.stringify([OKX_PM_ID]).slice(0, -1) + ',';

/** Enter one position into a build's books (and its instrument's extra row) as `fillOkx` does. */
export function okxEnter(b: Pick<OkxBook, 'book' | 'decay' | 'extra'>, market: MarketView, p: OkxPmParams, x: MarginPosition): void {
  const inst = { ...x.inst, groupCurrency: 'USD' };
  // The size text only where it still is the size: a copy of a position with a new size
  // (what-if sensitivity: `{...p, size}`) keeps the old text.
  const text = exactSizeText(x);
  b.book.set(x.id, inst, text ?? x.size, text);
  b.decay.set(x.id, inst, text ?? x.size, text);
  if (!b.extra.has(x.inst.symbol)) b.extra.set(x.inst.symbol, extraRow(x.inst, market, groupFor(p, x.inst.underlying)));
}

export function fillOkx(market: MarketView, p: OkxPmParams, input: MarginInput, sets: ReturnType<typeof okxScenarioSet>): OkxBook {
  const { set, decaySet, layout } = sets;
  const fast = fillOkxBulk(market, p, input, sets);
  if (fast) return okxWithUnits({ scenarios: [...set.scenarios, ...decaySet.scenarios], layout, ...fast, units: [] });
  const b = { book: new RiskBook(riskArraysFor(set, market, 'usd')), decay: new RiskBook(riskArraysFor(decaySet, market, 'usd')), extra: new Map<string, OkxExtraRow>() };
  for (const x of input.positions) {
    try {
      okxEnter(b, market, p, x);
    } catch (e) {
      throw new MarginInputError(`position ${x.id} (${x.inst.symbol}): ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return okxWithUnits({ scenarios: [...set.scenarios, ...decaySet.scenarios], layout, ...b, units: [] });
}

/**
 * `fillOkx`'s books built in bulk, when the book's ids are known distinct: every instrument priced
 * once up front in first-appearance order (`ensureAll`: the rows successive `set` calls make,
 * calls and puts paired), its extra row made once, one USD copy of each instrument object, and the
 * positions appended with `addNew` (no id index, no position object). Undefined when the ids are
 * not known distinct or anything throws: `fillOkx` then enters position by position on new books,
 * so errors name the position exactly as before.
 */
function fillOkxBulk(market: MarketView, p: OkxPmParams, input: MarginInput, { set, decaySet }: ReturnType<typeof okxScenarioSet>): Pick<OkxBook, 'book' | 'decay' | 'extra'> | undefined {
  const positions = input.positions;
  if (!idsUnique(positions)) return undefined;
  const { insts, distinct, originals } = usdInstruments(positions);
  const cap = Math.max(1, distinct.length);
  try {
    const b = { book: new RiskBook(riskArraysFor(set, market, 'usd', cap)), decay: new RiskBook(riskArraysFor(decaySet, market, 'usd', cap)), extra: new Map<string, OkxExtraRow>() };
    b.book.arrays.ensureAll(distinct);
    b.decay.arrays.ensureAll(distinct);
    // Room for every position at once (the columns would otherwise double from 16).
    b.book.reserve(positions.length);
    b.decay.reserve(positions.length);
    for (const inst of originals) if (!b.extra.has(inst.symbol)) b.extra.set(inst.symbol, extraRow(inst, market, groupFor(p, inst.underlying)));
    for (let i = 0; i < positions.length; i++) {
      const x = positions[i];
      const text = exactSizeText(x);
      b.book.addNew(x.id, insts[i], text ?? x.size, text);
      b.decay.addNew(x.id, insts[i], text ?? x.size, text);
    }
    return b;
  } catch {
    return undefined;
  }
}

/** `b` with its units' holdings read from its books (what `fillOkx` derives after entering the positions). */
export function okxWithUnits(b: OkxBook): OkxBook {
  const { book, decay, extra } = b;
  const arrays = book.arrays;
  const n = arrays.nScen;
  const sortedRows: NonNullable<OkxBook['sortedRows']> = (b.sortedRows ??= new Map());
  const units = book.groups().map((g) => {
    // Rows in symbol order: the MR3/MR4/MR5/MR7 sums do not depend on the order of the positions.
    let memo = sortedRows.get(g.key);
    if (memo === undefined || !sameRows(memo.rows, g.rows)) {
      const sorted = [...g.rows].sort((a, b) => { const sa = arrays.bases[a].inst.symbol, sb = arrays.bases[b].inst.symbol; return sa < sb ? -1 : sa > sb ? 1 : 0; });
      const rowOf = new Map<number, number>();
      sorted.forEach((r, i) => rowOf.set(r, i));
      memo = { rows: g.rows.slice(), sorted, rowOf, extras: sorted.map((r) => extra.get(arrays.bases[r].inst.symbol)!) };
      sortedRows.set(g.key, memo);
    }
    const { sorted, extras } = memo;
    const vector = new Float64Array(n + 1);
    vector.set(g.vector);
    vector[n] = decay.getGroup(g.key)!.vector[0];
    const holdings: UnitHoldings = { vector, rows: sorted.map((r, i) => ({ size: book.rowSize(r), extra: extras[i] })) };
    return { underlying: g.underlying.toUpperCase(), holdings, rowOf: memo.rowOf };
  });
  return { ...b, units };
}

function sameRows(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A unit's components rounded to `dp` and composed: the unit's MMR (Dec) and its add-on lines. */
function roundedUnit(u: OkxUnit, dp: number): { mm: Dec; lines: Record<string, Dec>; binding: 'stress' | 'minimum'; stress: 'mr1' | 'mr2' | 'mr6' } {
  const r = (x: number) => roundHalfEven(fromFloat(x), dp);
  const c = { mr1: r(u.mr1), mr2: r(u.mr2), mr3: r(u.mr3), mr4: r(u.mr4), mr5: r(u.mr5), mr6: r(u.mr6), mr7: r(u.mr7) };
  const stress = c.mr1.gte(c.mr2) && c.mr1.gte(c.mr6) ? 'mr1' : c.mr2.gte(c.mr6) ? 'mr2' : 'mr6';
  const sum = c[stress].plus(c.mr3).plus(c.mr4).plus(c.mr5);
  const zero = new Dec(0);
  if (sum.gte(c.mr7)) {
    return { mm: sum, binding: 'stress', stress, lines: { [stress]: c[stress], mr3: c.mr3, mr4: c.mr4, mr5: c.mr5, mr7: zero } };
  }
  return { mm: c.mr7, binding: 'minimum', stress, lines: { mr7: c.mr7 } };
}

/** Add-on names of the OKX components (the explanation's lines). */
const ADD_ON: Record<string, string> = {
  mr1: 'spotVolStress', mr2: 'timeDecay', mr6: 'extremeMove', mr3: 'volTermStructure', mr4: 'basis', mr5: 'interestRate', mr7: 'minimumCharge',
};

export interface OkxResult { built: OkxBook; units: OkxUnit[]; mm: Dec; im: Dec; addOns: Record<string, Dec>; rounded: ReturnType<typeof roundedUnit>[] }

function aggregate(built: OkxBook, p: OkxPmParams): OkxResult {
  const dp = p.usdDecimals;
  const units = built.units.map((u) => unitFigures(u.underlying, groupFor(p, u.underlying), u.holdings, built.layout));
  const addOns: Record<string, Dec> = Object.fromEntries([...Object.values(ADD_ON), 'initialMarginFactor'].map((k) => [k, new Dec(0)]));
  let mm = new Dec(0);
  const rounded = units.map((u) => roundedUnit(u, dp));
  for (const r of rounded) {
    mm = mm.plus(r.mm);
    for (const [k, v] of Object.entries(r.lines)) addOns[ADD_ON[k]] = addOns[ADD_ON[k]].plus(v);
  }
  const im = roundHalfEven(mm.times(fromFloat(p.imFactor)), dp);
  addOns.initialMarginFactor = im.minus(mm);
  return { built, units, mm, im, addOns, rounded };
}

/** The OKX-style requirement of a book (see the file comment). */
export function computeOkx(market: MarketView, p: OkxPmParams, input: MarginInput): OkxResult {
  return aggregate(buildOkx(market, p, input), p);
}

/** IM and MM (USD, float) of a book. */
export function okxTotals(m: MarketView, p: OkxPmParams, input: MarginInput): { im: number; mm: number } {
  const r = computeOkx(m, p, input);
  return { im: r.im.toNumber(), mm: r.mm.toNumber() };
}

function pct(x: number): string { return `${Math.round(x * 1e6) / 1e4}%`; }

/** Run `okx-pm`. */
export function runOkxPm(req: MethodRunInput): MarginResultDto {
  const p = resolveOkxPmParams(req.params);
  const dp = p.usdDecimals;
  // `toDecimalString(roundHalfEven(fromFloat(x), dp))` without decimal.js (half-even-text.ts).
  const text = (x: number) => halfEvenText(x, dp);
  const r = computeOkx(req.market, p, req.input);
  const { built } = r;
  // Figures only (MethodRunInput.summary): no vectors, no per-position figures; the binding entry is made alone.
  const summary = req.summary === true;
  const entryAt = (vector: ArrayLike<number>, u: string, j: number): ScenarioEntryDto => {
    const s = built.scenarios[j];
    const v = text(vector[j]);
    return { index: j, id: s.id, label: s.label, table: s.table, bucket: s.bucket, volState: s.volState, move: (s.shocks[u] ?? s.defaultShock)?.move ?? 0, preAggregated: v, aggregated: v };
  };
  const entries = (vector: ArrayLike<number>, u: string): ScenarioEntryDto[] => built.scenarios.map((_, j) => entryAt(vector, u, j));
  let binding: CurrencyMarginResultDto['bindingScenario'] = null, bindingMm = new Dec(-1), vector: ScenarioEntryDto[] = [];
  const notes = [`OKX-style portfolio margin (margin-methods.md "okx-pm"): per risk unit MMR = max(max(MR1, MR2, MR6) + MR3 + MR4 + MR5, MR7 tiered); MM = Σ units; IM = ${p.imFactor} × MM; USD.`];
  const groups: GroupMarginDto[] = built.units.map((bu, i) => {
    const u = r.units[i], ru = r.rounded[i];
    const vec = summary ? [] : entries(bu.holdings.vector, bu.underlying);
    const key = `USD_${bu.underlying}`;
    const at = ru.binding === 'stress' && ru.stress !== 'mr2' ? (ru.stress === 'mr1' ? u.mr1At : u.mr6At) : ru.binding === 'stress' ? built.layout.mr2 : -1;
    const e = at < 0 ? undefined : summary ? entryAt(bu.holdings.vector, bu.underlying, at) : vec[at];
    const b = e ? { ...e, group: key, side: (e.move > 0 ? 'right' : e.move < 0 ? 'left' : 'center') as 'left' | 'right' | 'center' } : null;
    if (ru.mm.gt(bindingMm)) { binding = b; bindingMm = ru.mm; vector = vec; }
    const g = groupFor(p, bu.underlying);
    notes.push(`${bu.underlying} (${g.name}): MR1 ${text(u.mr1)}, MR2 ${text(u.mr2)}, MR3 ${text(u.mr3)}, MR4 ${text(u.mr4)}, MR5 ${text(u.mr5)}, MR6 ${text(u.mr6)} (±${pct(g.mr6.move)} × ${g.mr6.weight}), MR7 raw ${text(u.mr7Raw)} → tiered ${text(u.mr7)}; MMR ${toDecimalString(ru.mm)} (${ru.binding === 'minimum' ? 'MR7 binds' : `${ru.stress.toUpperCase()} + MR3 + MR4 + MR5 binds`}).`);
    return {
      key, settlementCurrency: 'USD', underlying: bu.underlying, index: req.market.index(bu.underlying),
      worstCase: text(Math.max(u.mr1, u.mr2, u.mr6)), rollShock: text(u.mr4), deltaShock: '0',
      initialMargin: toDecimalString(roundHalfEven(ru.mm.times(fromFloat(p.imFactor)), dp)),
      bindingScenario: b, adjustments: [], vector: vec, rollShockDetail: [], deltaShockDetail: { longOptionDelta: 0, shortDelta: 0, shockDelta: 0, charge: '0' },
    };
  });
  const contributions: PositionContributionDto[] = [];
  const marginal = req.marginal && req.input.positions.length <= MARGINAL_LIMIT;
  if (req.marginal && !marginal) notes.push(`Marginal IM per position not computed (more than ${MARGINAL_LIMIT} positions).`);
  if (req.marginal !== false && !summary) {
    const arrays = built.book.arrays;
    const unitAt = new Map(built.units.map((u, i) => [u.underlying, i]));
    const nScen = arrays.nScen, data = arrays.rawData(), decay = built.decay.arrays;
    // Per instrument object (positions of one symbol share it): its unit, its row and its unit-vector
    // entry at the unit's binding scenario (the main row's, or MR2's from the decay row).
    const perInst = new Map<MarginInstrument, { i: number; r: number; bound: boolean; atValue: number; group: string }>();
    for (const x of req.input.positions) {
      let e = perInst.get(x.inst);
      if (e === undefined) {
        const i = unitAt.get(x.inst.underlying.toUpperCase())!;
        const r = arrays.rowIndex(x.inst.symbol);
        const at = groups[i].bindingScenario?.index ?? -1;
        const atValue = at < 0 ? 0 : at < nScen ? data[r * nScen + at] : decay.row(decay.rowIndex(x.inst.symbol))[0];
        e = { i, r, bound: at >= 0, atValue, group: `USD_${x.inst.underlying}` };
        perInst.set(x.inst, e);
      }
      const { i } = e;
      const size = sizeNumber(x);
      let marginalIm = '0';
      if (marginal) {
        const bu = built.units[i], ru = r.rounded[i];
        const row = fullRow(built, x.inst.symbol);
        // Only this position's unit changes: its vector less the position's row, its net size less the position's size.
        const k = bu.rowOf.get(e.r)!;
        const vec = Float64Array.from(bu.holdings.vector, (v, j) => v - size * row[j]);
        const rows = bu.holdings.rows.map((h, j) => (j === k ? { ...h, size: h.size - size } : h));
        const without = roundedUnit(unitFigures(bu.underlying, groupFor(p, bu.underlying), { vector: vec, rows }, built.layout), dp).mm;
        const imWithout = roundHalfEven(r.mm.minus(ru.mm).plus(without).times(fromFloat(p.imFactor)), dp);
        marginalIm = toDecimalString(r.im.minus(imWithout));
      }
      contributions.push({
        positionId: x.id, instrument: x.inst.symbol, size: sizeDecimalText(x), group: e.group,
        pnlInBinding: text(e.bound ? size * e.atValue : 0), marginalInitialMargin: marginalIm,
      });
    }
  }
  const has = built.units.length > 0;
  const usd: CurrencyMarginResultDto = {
    currency: 'USD', initialMargin: toDecimalString(r.im), maintenanceMargin: toDecimalString(r.mm),
    initialMarginUsd: toDecimalString(roundUsd(r.im, dp)), maintenanceMarginUsd: toDecimalString(roundUsd(r.mm, dp)), usdRate: 1,
    addOns: Object.fromEntries(Object.entries(r.addOns).map(([k, v]) => [k, toDecimalString(v)])),
    bindingScenario: binding, vector, groups, contributions, underlyings: [],
  };
  const result: MarginResultDto = {
    method: OKX_PM_ID, methodVersion: '1', parameterSet: { name: p.name, version: p.version },
    asOf: new Date(req.market.asOfMs).toISOString(), mode: 'cross', byCurrency: has ? { USD: usd } : {},
    totals: { initialMarginUsd: toDecimalString(has ? roundUsd(r.im, dp) : new Dec(0)), maintenanceMarginUsd: toDecimalString(has ? roundUsd(r.mm, dp) : new Dec(0)) }, notes,
  };
  if (summary) return summarizeMarginResult(result);
  if (req.account) result.account = usdAccountView(req.market, req.input, (mk, book) => okxTotals(mk, p, book), { im: r.im.toNumber(), mm: r.mm.toNumber() }, dp);
  return result;
}
