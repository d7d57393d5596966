/**
 * Runs `tims` on a book (shared margin-methods.md §5, OCC CPM disclosure in substance): full
 * revaluation of every position at the valuation points (shared `RiskArrays` / `RiskBook` in USD;
 * one group per underlying = class group, fully netted), then per product group
 *   loss_G[j] = Σ_g min(pnl_g[j], 0) + offset_G · Σ_g max(pnl_g[j], 0),   risk_G = max(0, max_j −loss_G[j])
 * (a class group outside every product group is its own, with no offset), and
 *   requirement = max(Σ_G risk_G, perUnitMinimum · Σ_instruments |net units|)
 * (the $0.375 × multiplier per contract minimum, per unit of underlying). IM = MM = requirement.
 */
import { Dec, fromFloat, roundHalfEven, toDecimalString } from '../../../money';
import type { CurrencyMarginResultDto, GroupMarginDto, MarginResultDto, PositionContributionDto, ScenarioEntryDto } from '../../../../../shared/domain/dto/margin-result.dto';
import type { MarketView } from '../../../scenarios/market-view';
import { exactSizeText, idsUnique, MarginInputError, markIdsUnique, sizeNumber, type MarginInput, type MarginPosition } from '../../margin-input';
import { halfEvenText } from '../../half-even-text';
import type { MarginInstrument } from '../../margin-instrument';
import type { MethodRunInput } from '../../method-contract';
import { RiskBook } from '../../risk-book';
import { reusableBuild, riskArraysFor, scenarioSetKey, seededBuild } from '../../scenario-reuse';
import { summarizeMarginResult } from '../../result-summary';
import { roundUsd } from '../../usd';
import { MARGINAL_LIMIT, usdAccountView, type PreparedUsdMargin } from '../../usd-account';
import { TIMS_ID } from './id';
import { timsScenarioSet } from './scenario-template';
import { resolveTimsParams, type TimsParams } from './tims-params';
import { usdBookBulk } from '../../usd-instruments';

interface ClassGroup { underlying: string; vector: Float64Array }
interface ProductGroupResult { id: string; offset: number; classGroups: string[]; loss: Float64Array; risk: number; binding: number }

export interface TimsResult {
  set: ReturnType<typeof timsScenarioSet>;
  book: RiskBook;
  classGroups: ClassGroup[];
  productGroups: ProductGroupResult[];
  risk: number;
  units: number;
  minimum: number;
  requirement: number;
}

/** Units of underlying of one unit of size: inverse delta-one sizes are USD (÷ price), everything else is in coins. */
function unitsPerSize(inst: MarginInstrument, m: MarketView): number {
  if (inst.kind === 'option' || inst.settlement !== 'inverse') return 1;
  return 1 / (inst.kind === 'future' && inst.expiryMs !== undefined ? m.forward(inst.underlying, inst.expiryMs) : m.index(inst.underlying));
}

/** A book's valuation-point rows and net sizes, before aggregation. */
export interface TimsBook {
  set: ReturnType<typeof timsScenarioSet>;
  book: RiskBook;
  net: Map<string, { inst: MarginInstrument; size: number }>;
  /** An incremental session's per-position record of the last net sizes (`timsSessionNet`). */
  netMemo?: NetMemo;
}

/**
 * `timsNet` of the last input an incremental session saw, by position: the position objects, each
 * one's size float and instrument entry, each entry's positions in order. A size edit re-sums only
 * the entries of changed positions, in the same order (so the same floats as `timsNet`).
 */
interface NetMemo {
  positions: MarginPosition[];
  f: Float64Array;
  entryOf: Int32Array;
  members: number[][];
  entries: { inst: MarginInstrument; size: number }[];
  net: TimsBook['net'];
}

function netMemo(input: MarginInput): NetMemo {
  const positions = input.positions.slice();
  const n = positions.length;
  const f = new Float64Array(n), entryOf = new Int32Array(n);
  const members: number[][] = [], entries: NetMemo['entries'] = [];
  const at = new Map<string, number>();
  const net: TimsBook['net'] = new Map();
  for (let i = 0; i < n; i++) {
    const x = positions[i];
    f[i] = sizeNumber(x);
    let k = at.get(x.inst.symbol);
    if (k === undefined) {
      k = entries.length;
      at.set(x.inst.symbol, k);
      entries.push({ inst: x.inst, size: f[i] });
      members.push([i]);
      net.set(x.inst.symbol, entries[k]);
    } else {
      entries[k].size += f[i];
      members[k].push(i);
    }
    entryOf[i] = k;
  }
  return { positions, f, entryOf, members, entries, net };
}

/**
 * `timsNet(input)` for an incremental session's kept build (tims-session.ts): while `input` holds
 * as many positions as the last one and every changed position (another object at its index) stays
 * on its instrument, only the entries of the changed positions are re-summed, from their positions'
 * size floats in order — the sums `timsNet` makes; anything else rebuilds the record.
 */
export function timsSessionNet(b: TimsBook, input: MarginInput): TimsBook['net'] {
  const ps = input.positions;
  const m = b.netMemo;
  if (m === undefined || m.positions.length !== ps.length) return (b.netMemo = netMemo(input)).net;
  const dirty: number[] = [];
  for (let i = 0; i < ps.length; i++) {
    const x = ps[i];
    if (x === m.positions[i]) continue;
    const k = m.entryOf[i];
    if (x.inst.symbol !== m.entries[k].inst.symbol) return (b.netMemo = netMemo(input)).net;
    m.positions[i] = x;
    m.f[i] = sizeNumber(x);
    dirty.push(k);
  }
  for (const k of dirty) {
    const idx = m.members[k];
    let size = m.f[idx[0]];
    for (let j = 1; j < idx.length; j++) size += m.f[idx[j]];
    // The first position's instrument, as timsNet keeps it.
    m.entries[k] = { inst: m.positions[idx[0]].inst, size };
    m.net.set(m.entries[k].inst.symbol, m.entries[k]);
  }
  return m.net;
}

function buildTims(market: MarketView, p: TimsParams, input: MarginInput): TimsBook {
  // An incremental session (tims-session.ts) hands in the build of this book under its key (timsBuildKey: same text).
  const kept = seededBuild<TimsBook>(TIMS_KEY_HEAD, market, input);
  if (kept) return kept.value;
  const set = timsScenarioSet(p, timsUnderlyings(input));
  // In a sweep, a parameter set with the same valuation points shares the built book (scenario-reuse.ts).
  return reusableBuild(timsBuildKey(set), market, input, () => fillTims(market, set, input));
}

/** The underlyings of a book, sorted (the valuation points are built for them). */
export function timsUnderlyings(input: MarginInput): string[] {
  const names = new Set<string>();
  for (const x of input.positions) names.add(x.inst.underlying);
  return [...names].sort();
}

/** The `reusableBuild` key of a build over `set` (the incremental session, tims-session.ts, computes it too). */
export function timsBuildKey(set: ReturnType<typeof timsScenarioSet>): string {
  return `${TIMS_KEY_HEAD}${scenarioSetKey(set)}`;
}

/** How every `timsBuildKey` begins (`seededBuild`'s prefix). */
const TIMS_KEY_HEAD = `${TIMS_ID} `;

/** Enter one position into a book as `fillTims` does (USD groups). */
export function timsEnter(book: RiskBook, x: MarginPosition): void {
  book.set(x.id, { ...x.inst, groupCurrency: 'USD' }, x.sizeText ?? x.size, x.sizeText);
}

/** Net size per instrument (float, summed in position order), instruments in first-appearance order. */
export function timsNet(input: MarginInput): TimsBook['net'] {
  const net = new Map<string, { inst: MarginInstrument; size: number }>();
  for (const x of input.positions) {
    const e = net.get(x.inst.symbol);
    if (e) e.size += sizeNumber(x); else net.set(x.inst.symbol, { inst: x.inst, size: sizeNumber(x) });
  }
  return net;
}

/**
 * `timsNet(input)` read from a book that holds exactly `input`'s positions in its order (a bulk
 * build, or an incremental session's kept book: book-session.ts proves it): the same float sums in
 * the same order — each position's size float (`sizeF`, the correctly rounded value of its decimal,
 * as `size.toNumber()`), per instrument (one row per symbol) in position order, instruments in
 * first-appearance order — from the book's typed columns instead of 20,000 map look-ups. Any other
 * book (a position count that differs), or a position whose text is not its size (the book holds
 * the text, `timsEnter`), is summed from the input.
 */
export function timsNetOf(book: RiskBook, input: MarginInput): TimsBook['net'] {
  const cols = book.positionColumns();
  const n = input.positions.length;
  if (cols.count !== n || !textsAreSizes(input.positions)) return timsNet(input);
  const { rows, sizeF } = cols;
  const byRow: ({ inst: MarginInstrument; size: number } | undefined)[] = [];
  const net = new Map<string, { inst: MarginInstrument; size: number }>();
  for (let i = 0; i < n; i++) {
    const e = byRow[rows[i]];
    if (e !== undefined) { e.size += sizeF[i]; continue; }
    const x = input.positions[i];
    const made = { inst: x.inst, size: sizeF[i] };
    byRow[rows[i]] = made;
    net.set(x.inst.symbol, made);
  }
  return net;
}

/** Whether every position's size text (where it has one) is exactly its size (parsed positions: known without a decimal). */
function textsAreSizes(positions: readonly MarginPosition[]): boolean {
  try {
    for (const x of positions) if (x.sizeText !== undefined && exactSizeText(x) === undefined) return false;
    return true;
  } catch {
    // decimal.js refuses the text (e.g. padded): not a size.
    return false;
  }
}

export function fillTims(market: MarketView, set: ReturnType<typeof timsScenarioSet>, input: MarginInput): TimsBook {
  const bulk = fillTimsBulk(market, set, input);
  if (bulk) return { set, book: bulk, net: timsNetOf(bulk, input) };
  const book = new RiskBook(riskArraysFor(set, market, 'usd'));
  for (const x of input.positions) {
    try {
      timsEnter(book, x);
    } catch (e) {
      throw new MarginInputError(`position ${x.id} (${x.inst.symbol}): ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return { set, book, net: timsNet(input) };
}

/**
 * `fillTims`' book built in bulk, when the book's ids are known distinct: every instrument priced
 * once up front in first-appearance order (`ensureAll`: the rows successive `set` calls make, calls
 * and puts paired), one USD copy of each instrument object, the positions appended with `addNew`.
 * Undefined when the ids are not known distinct or anything throws: `fillTims` then enters position
 * by position on a new book, so errors name the position exactly as before.
 */
function fillTimsBulk(market: MarketView, set: ReturnType<typeof timsScenarioSet>, input: MarginInput): RiskBook | undefined {
  const positions = input.positions;
  if (!idsUnique(positions)) return undefined;
  return usdBookBulk(set, market, positions);
}

/** Product groups and the minimum over a built book (its rows priced at `market`). */
function aggregateTims(b: TimsBook, market: MarketView, p: TimsParams): TimsResult {
  const { set, book, net } = b;
  const classGroups: ClassGroup[] = book.groups().map((g) => ({ underlying: g.underlying.toUpperCase(), vector: g.vector }));
  const n = set.scenarios.length;
  const inGroup = new Map<string, { id: string; offset: number }>();
  for (const pg of p.productGroups) for (const c of pg.classGroups) inGroup.set(c, pg);
  const pgs = new Map<string, ProductGroupResult>();
  for (const cg of classGroups) {
    const pg = inGroup.get(cg.underlying) ?? { id: cg.underlying, offset: 0 };
    let r = pgs.get(pg.id);
    if (!r) { r = { id: pg.id, offset: pg.offset, classGroups: [], loss: new Float64Array(n), risk: 0, binding: -1 }; pgs.set(pg.id, r); }
    r.classGroups.push(cg.underlying);
    for (let j = 0; j < n; j++) { const v = cg.vector[j]; r.loss[j] += v < 0 ? v : pg.offset * v; }
  }
  let risk = 0;
  for (const r of pgs.values()) {
    for (let j = 0; j < n; j++) if (-r.loss[j] > r.risk) { r.risk = -r.loss[j]; r.binding = j; }
    risk += r.risk;
  }
  let units = 0;
  for (const e of net.values()) units += Math.abs(e.size) * unitsPerSize(e.inst, market);
  const minimum = p.perUnitMinimum * units;
  return { set, book, classGroups, productGroups: [...pgs.values()], risk, units, minimum, requirement: Math.max(risk, minimum) };
}

/** The TIMS requirement of a book (see the file comment). */
export function computeTims(market: MarketView, p: TimsParams, input: MarginInput): TimsResult {
  return aggregateTims(buildTims(market, p, input), market, p);
}

/** A sub-book's requirement at shifted markets: its rows re-priced from the base ones (`shiftedCopy`), sizes kept. */
function preparedTims(market: MarketView, p: TimsParams): PreparedUsdMargin {
  return (book, u) => {
    const b = buildTims(market, p, book);
    return (mk, move) => {
      const at = move === 0 ? b : { ...b, book: b.book.sizesOver(b.book.arrays.shiftedCopy(mk, u, 1 + move)) };
      const r = aggregateTims(at, mk, p).requirement;
      return { im: r, mm: r };
    };
  };
}

/** IM and MM (USD, float) of a book: both the TIMS requirement. */
export function timsTotals(m: MarketView, p: TimsParams, input: MarginInput): { im: number; mm: number } {
  const r = computeTims(m, p, input).requirement;
  return { im: r, mm: r };
}

/** Run `tims`. Add-ons `scenarioLoss` + `perContractMinimum` (its excess) sum to IM exactly. */
export function runTims(req: MethodRunInput): MarginResultDto {
  const p = resolveTimsParams(req.params);
  const dp = p.usdDecimals;
  const round = (x: number) => roundHalfEven(fromFloat(x), dp);
  // `toDecimalString(round(x))` without decimal.js (half-even-text.ts).
  const text = (x: number) => halfEvenText(x, dp);
  const r = computeTims(req.market, p, req.input);
  const scenarioLoss = round(r.risk);
  const minimumExcess = round(r.requirement).minus(scenarioLoss);
  const im = scenarioLoss.plus(minimumExcess);
  // Figures only (MethodRunInput.summary): no vectors, no per-position figures; the binding entry is made alone.
  const summary = req.summary === true;
  const entryAt = (vector: ArrayLike<number>, u: string, j: number): ScenarioEntryDto => {
    const s = r.set.scenarios[j];
    const v = text(vector[j]);
    return { index: j, id: s.id, label: s.label, table: s.table, bucket: s.bucket, volState: s.volState, move: (s.shocks[u] ?? s.defaultShock)?.move ?? 0, preAggregated: v, aggregated: v };
  };
  const entries = (vector: ArrayLike<number>, u: string): ScenarioEntryDto[] => r.set.scenarios.map((_, j) => entryAt(vector, u, j));
  const pgOf = new Map(r.productGroups.flatMap((g) => g.classGroups.map((c) => [c, g] as const)));
  let binding: CurrencyMarginResultDto['bindingScenario'] = null, bindingRisk = -1, vector: ScenarioEntryDto[] = [];
  const groups: GroupMarginDto[] = r.classGroups.map((cg) => {
    const pg = pgOf.get(cg.underlying)!;
    const vec = summary ? [] : entries(cg.vector, cg.underlying);
    const key = `USD_${cg.underlying}`;
    const e = pg.binding < 0 ? undefined : summary ? entryAt(cg.vector, cg.underlying, pg.binding) : vec[pg.binding];
    const b = e ? { ...e, group: key, side: (e.move > 0 ? 'right' : 'left') as 'left' | 'right' } : null;
    if (b && pg.risk > bindingRisk) { binding = b; bindingRisk = pg.risk; vector = vec; }
    let worst = 0;
    for (const v of cg.vector) worst = Math.max(worst, -v);
    return {
      key, settlementCurrency: 'USD', underlying: cg.underlying, index: req.market.index(cg.underlying), worstCase: text(worst),
      rollShock: '0', deltaShock: '0', initialMargin: text(pg.classGroups.length === 1 ? pg.risk : worst),
      bindingScenario: b, adjustments: [], vector: vec, rollShockDetail: [], deltaShockDetail: { longOptionDelta: 0, shortDelta: 0, shockDelta: 0, charge: '0' },
    };
  });
  const notes = ['TIMS-style (margin-methods.md "tims"): class groups netted in full, product groups offset a share of gains, requirement = max(Σ product-group losses, $0.375 per unit of underlying); IM = MM; USD.'];
  for (const g of r.productGroups) if (g.classGroups.length > 1) notes.push(`product group ${g.id} (${g.classGroups.join(', ')}, offset ${g.offset}): loss ${text(g.risk)}.`);
  if (r.minimum > r.risk) notes.push(`The per-contract minimum binds: ${text(r.units)} units × ${p.perUnitMinimum}.`);
  const contributions: PositionContributionDto[] = [];
  const marginal = req.marginal && req.input.positions.length <= MARGINAL_LIMIT;
  if (req.marginal && !marginal) notes.push(`Marginal IM per position not computed (more than ${MARGINAL_LIMIT} positions).`);
  if (req.marginal !== false && !summary) {
    const unique = idsUnique(req.input.positions);
    const uniqueSubset = (ps: MarginPosition[]) => (unique ? markIdsUnique(ps) : ps);
    const arrays = r.book.arrays;
    const nScen = arrays.nScen, data = arrays.rawData();
    // Per instrument object (positions of one symbol share it): its row's value at its product group's binding point, and its group key.
    const perInst = new Map<MarginInstrument, { bound: boolean; atValue: number; group: string }>();
    for (const x of req.input.positions) {
      let e = perInst.get(x.inst);
      if (e === undefined) {
        const pg = pgOf.get(x.inst.underlying.toUpperCase());
        const bound = pg !== undefined && pg.binding >= 0;
        e = { bound, atValue: bound ? data[arrays.rowIndex(x.inst.symbol) * nScen + pg.binding] : 0, group: `USD_${x.inst.underlying}` };
        perInst.set(x.inst, e);
      }
      // Product groups couple underlyings: the marginal IM re-runs the whole book without the position.
      // The book less one position keeps distinct ids (a subset of a list known distinct: built in bulk).
      const without = marginal ? computeTims(req.market, p, { positions: uniqueSubset(req.input.positions.filter((q) => q !== x)), balances: new Map() }).requirement : 0;
      contributions.push({
        positionId: x.id, instrument: x.inst.symbol, size: x.sizeText ?? toDecimalString(x.size), group: e.group,
        pnlInBinding: text(e.bound ? sizeNumber(x) * e.atValue : 0),
        marginalInitialMargin: marginal ? text(r.requirement - without) : '0',
      });
    }
  }
  const has = r.classGroups.length > 0;
  const usd: CurrencyMarginResultDto = {
    currency: 'USD', initialMargin: toDecimalString(im), maintenanceMargin: toDecimalString(im),
    initialMarginUsd: toDecimalString(roundUsd(im, dp)), maintenanceMarginUsd: toDecimalString(roundUsd(im, dp)), usdRate: 1,
    addOns: { scenarioLoss: toDecimalString(scenarioLoss), perContractMinimum: toDecimalString(minimumExcess) },
    bindingScenario: binding, vector, groups, contributions, underlyings: [],
  };
  const total = toDecimalString(has ? roundUsd(im, dp) : new Dec(0));
  const result: MarginResultDto = {
    method: TIMS_ID, methodVersion: '1', parameterSet: { name: p.name, version: p.version },
    asOf: new Date(req.market.asOfMs).toISOString(), mode: 'cross', byCurrency: has ? { USD: usd } : {},
    totals: { initialMarginUsd: total, maintenanceMarginUsd: total }, notes,
  };
  if (summary) return summarizeMarginResult(result);
  if (req.account) result.account = usdAccountView(req.market, req.input, (mk, book) => timsTotals(mk, p, book), { im: im.toNumber(), mm: im.toNumber() }, dp, preparedTims(req.market, p));
  return result;
}
