/**
 * Runs `hvar` on a book (docs/margin-methods.md 5e): every position is fully revalued under
 * every historical scenario (shared `RiskArrays` / `RiskBook` in USD, one group per underlying),
 * the groups are summed into the book's P&L per scenario — the underlyings move jointly, as they
 * did in the history, so the book's diversification is the history's — and
 *   IM = max(0, ES_c) (or max(0, VaR_c) with `measure` `value-at-risk`),  MM = maintenanceToInitial × IM,
 * with VaR and ES as in `tail-measures.ts`. Add-ons: `valueAtRisk` (max(0, VaR)) and, for ES,
 * `tailExcess` (the rest), summing exactly to IM. The explanation names the worst days.
 */
import { Dec, fromFloat, roundHalfEven, toDecimalString } from '../../../money';
import type { CurrencyMarginResultDto, GroupMarginDto, MarginResultDto, PositionContributionDto, ScenarioEntryDto } from '../../../../../shared/domain/dto/margin-result.dto';
import type { MarketView } from '../../../scenarios/market-view';
import { exactSizeText, idsUnique, MarginInputError, sizeNumber, type MarginInput, type MarginPosition } from '../../margin-input';
import { halfEvenText, sizeDecimalText } from '../../half-even-text';
import { vectorTexts } from '../../vector-texts';
import type { MarginInstrument } from '../../margin-instrument';
import type { MethodRunInput } from '../../method-contract';
import { RiskBook } from '../../risk-book';
import { reusableBuild, riskArraysFor, scenarioSetKey, seededBuild } from '../../scenario-reuse';
import { summarizeMarginResult } from '../../result-summary';
import { roundUsd } from '../../usd';
import { MARGINAL_LIMIT, usdAccountView, type PreparedUsdMargin } from '../../usd-account';
import { resolveHvarParams, type HvarParams } from './hvar-params';
import { HVAR_ID } from './id';
import type { PriceHistory } from './price-history-csv';
import { hvarScenarios, type HvarScenarios } from './scenario-template';
import { tailMeasures, type TailMeasures } from './tail-measures';
import { usdInstruments } from '../../usd-instruments';

/** A book's scenario rows and group vectors, before the tail measures. */
export interface HvarBook { scen: HvarScenarios; book: RiskBook }

/** The underlyings of a book, upper-case, sorted. */
export function underlyingsOf(input: MarginInput): string[] {
  // Upper-cased once per distinct name (a 20,000-row book names a few).
  const names = new Set<string>();
  for (const x of input.positions) names.add(x.inst.underlying);
  return [...new Set([...names].map((u) => u.toUpperCase()))].sort();
}

/** Price every position of `input` under the scenarios (built for the book's underlyings unless given). */
export function buildHvar(market: MarketView, p: HvarParams, input: MarginInput, scen: HvarScenarios = sharedHvarScenarios(p, underlyingsOf(input), market.asOfMs)): HvarBook {
  // In a sweep, a parameter set with the same historical scenarios shares the built book (scenario-reuse.ts).
  return reusableBuild(hvarBuildKey(scen), market, input, () => fillHvar(market, input, scen));
}

/** The `reusableBuild` key of a build over `scen` (the incremental session, hvar-session.ts, computes it too). */
export function hvarBuildKey(scen: HvarScenarios): string {
  let key = BUILD_KEYS.get(scen);
  if (key === undefined) { key = `hvar ${scenarioSetKey(scen.set)}`; BUILD_KEYS.set(scen, key); }
  return key;
}

/** `hvarBuildKey` per scenario object (the text of 1,000 scenarios, made once per set: the scenarios are not changed once made). */
const BUILD_KEYS = new WeakMap<HvarScenarios, string>();

/**
 * Scenario sets made by `sharedHvarScenarios`, per parsed history (the bundled history is parsed
 * once and kept, hvar-params.ts; a history given in a parameter set is parsed per run, so its sets
 * go with it), by everything `hvarScenarios` reads besides the history. A few per history.
 */
const SCENARIOS = new WeakMap<PriceHistory, Map<string, HvarScenarios>>();

/**
 * `hvarScenarios(p, underlyings, asOfMs)`, the same object again for the same history, parameters
 * it reads, underlyings and as-of time (a fresh run on the 20,000-position book otherwise builds
 * 1,000 scenarios and their key text each time). Errors are `hvarScenarios`' (nothing is kept then).
 */
export function sharedHvarScenarios(p: HvarParams, underlyings: readonly string[], asOfMs: number): HvarScenarios {
  const k = JSON.stringify([p.history.name, p.name, p.version, p.windowDays, p.horizonDays, p.sampling, p.volTreatment, p.ewmaLambda, underlyings, asOfMs]);
  let sets = SCENARIOS.get(p.history.history);
  if (sets === undefined) { sets = new Map(); SCENARIOS.set(p.history.history, sets); }
  let scen = sets.get(k);
  if (scen === undefined) {
    scen = hvarScenarios(p, underlyings, asOfMs);
    if (sets.size >= 8) sets.clear();
    sets.set(k, scen);
  }
  return scen;
}

/** The instrument as the book holds it (USD groups) and the size text `fillHvar` enters. */
export function hvarEntry(x: MarginPosition): { inst: MarginInstrument; text: string | undefined } {
  // The size text only where it still is the size: a copy of a position with a new size
  // (what-if sensitivity: `{...p, size}`) keeps the old text.
  return { inst: { ...x.inst, groupCurrency: 'USD' }, text: exactSizeText(x) };
}

export function fillHvar(market: MarketView, input: MarginInput, scen: HvarScenarios): HvarBook {
  const positions = input.positions;
  // The size texts first (decimal.js refusing one throws before anything is priced, as before).
  const texts = positions.map(exactSizeText);
  // `hvarEntry` per position, with one USD copy per instrument object (positions of one symbol share
  // it: instrument-adapter's cache), so the instruments are priced from a list of distinct ones and the
  // rows are allocated for those (1,000 scenarios × 8 bytes a row: 16 MB for 2,000 instruments, not 160 MB for 20,000 positions).
  const { insts, distinct } = usdInstruments(positions);
  const book = new RiskBook(riskArraysFor(scen.set, market, 'usd', Math.max(1, distinct.length)));
  try {
    book.arrays.ensureAll(distinct);
  } catch {
    // Name the position whose instrument cannot be priced (below).
  }
  const unique = idsUnique(positions);
  // Room for every position at once (the columns would otherwise double from 16).
  if (unique) book.reserve(positions.length);
  positions.forEach((x, i) => {
    const text = texts[i];
    try {
      if (unique) book.addNew(x.id, insts[i], text ?? x.size, text);
      else book.set(x.id, insts[i], text ?? x.size, text);
    } catch (e) {
      throw new MarginInputError(`position ${x.id} (${x.inst.symbol}): ${e instanceof Error ? e.message : String(e)}`);
    }
  });
  return { scen, book };
}

/** The book's P&L per scenario: Σ of the group vectors in group-key order (so position order does not matter). */
export function bookPnl(b: HvarBook): Float64Array {
  const out = new Float64Array(b.scen.set.scenarios.length);
  for (const g of b.book.groups()) for (let s = 0; s < out.length; s++) out[s] += g.vector[s];
  return out;
}

/** The requirement (USD, float, before rounding) of a P&L vector under `p`. */
export function requirementOf(pnl: ArrayLike<number>, p: HvarParams): { tm: TailMeasures | undefined; im: number } {
  if (pnl.length === 0) return { tm: undefined, im: 0 };
  const tm = tailMeasures(pnl, p.confidence);
  return { tm, im: Math.max(0, p.measure === 'expected-shortfall' ? tm.expectedShortfall : tm.valueAtRisk) };
}

/** IM and MM (USD, float) of a book. */
export function hvarTotals(m: MarketView, p: HvarParams, input: MarginInput, scen?: HvarScenarios): { im: number; mm: number } {
  if (input.positions.length === 0) return { im: 0, mm: 0 };
  const { im } = requirementOf(bookPnl(buildHvar(m, p, input, scen)), p);
  return { im, mm: p.maintenanceToInitial * im };
}

/**
 * The account view's evaluator: the underlyings are coupled (one P&L vector for the book), so
 * the margin at a market with underlying `u` moved is the WHOLE book's, with only `u`'s rows
 * re-priced (`shiftedCopy`; the other rows are copied) — not a sub-book's. The account view's
 * `full(0) − sub(0) + sub(m)` is then the book's own requirement at m (its equity part stays
 * the sub-book's, which is additive).
 */
function preparedHvar(b: HvarBook, p: HvarParams): PreparedUsdMargin {
  const at = (book: RiskBook) => { const { im } = requirementOf(bookPnl({ ...b, book }), p); return { im, mm: p.maintenanceToInitial * im }; };
  const base = at(b.book);
  return (_sub, u) => (mk, move) => (move === 0 ? base : at(b.book.sizesOver(b.book.arrays.shiftedCopy(mk, u, 1 + move))));
}

const money = (x: number) => Math.round(x * 100) / 100;
/**
 * `money(x).toLocaleString('en-US', { maximumFractionDigits: 2 })`: that call builds a formatter
 * each time (≈30 µs; a dozen per run, summaries included: 0.4 ms of a size edit's 1.2 ms); the
 * same options' formatter, built once, formats identically (ECMA-402: toLocaleString is
 * `new Intl.NumberFormat(locales, options).format(x)`).
 */
const MONEY_FORMAT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const fmt = (x: number) => MONEY_FORMAT.format(money(x));

/** Run `hvar` (see the file comment). */
export function runHvar(req: MethodRunInput): MarginResultDto {
  const p = resolveHvarParams(req.params);
  const dp = p.usdDecimals;
  const round = (x: number) => roundHalfEven(fromFloat(x), dp);
  // `toDecimalString(round(x))` without decimal.js (half-even-text.ts): 1,000 figures per group vector.
  const text = (x: number) => halfEvenText(x, dp);
  const has = req.input.positions.length > 0;
  // An incremental session (hvar-session.ts) hands in the build of this book, scenarios included.
  const kept = seededBuild<HvarBook>('hvar ', req.market, req.input)?.value;
  const scen = kept?.scen ?? sharedHvarScenarios(p, underlyingsOf(req.input), req.market.asOfMs);
  const b = kept ?? buildHvar(req.market, p, req.input, scen);
  const pnl = bookPnl(b);
  const { tm, im: imF } = requirementOf(pnl, p);
  const n = pnl.length;
  const varPart = round(Math.max(0, tm?.valueAtRisk ?? 0));
  const im = round(imF);
  const mm = round(p.maintenanceToInitial * im.toNumber());
  const addOns: Record<string, string> = { valueAtRisk: toDecimalString(p.measure === 'value-at-risk' ? im : varPart) };
  if (p.measure === 'expected-shortfall') addOns.tailExcess = toDecimalString(im.minus(varPart));
  const groupsState = b.book.groups();
  const scenarios = scen.set.scenarios;
  // Figures only (MethodRunInput.summary): no vectors, no per-group or per-position figures; the binding entry is made alone.
  const summary = req.summary === true;
  const entryAt = (vector: ArrayLike<number>, moveOf: (s: number) => number, j: number, t?: string): ScenarioEntryDto => {
    const s = scenarios[j];
    const v = t ?? text(vector[j]);
    return { index: j, id: s.id, label: s.label, table: s.table, bucket: s.bucket, volState: s.volState, move: moveOf(j), preAggregated: v, aggregated: v };
  };
  // A whole vector's texts kept per owner (vector-texts.ts): a session's edit prints the edited group's and the book's figures, not every group's.
  const entries = (owner: object, slot: string, vector: ArrayLike<number>, moveOf: (s: number) => number): ScenarioEntryDto[] => {
    const ts = vectorTexts(owner, slot, vector, dp);
    return scenarios.map((_, j) => entryAt(vector, moveOf, j, ts[j]));
  };
  const vi = tm?.varIndex ?? -1;
  // The group that loses most on the VaR day carries the binding entry.
  let bindingGroup = groupsState[0]?.key ?? '';
  let worstOnDay = Infinity;
  for (const g of groupsState) if (vi >= 0 && g.vector[vi] < worstOnDay) { worstOnDay = g.vector[vi]; bindingGroup = g.key; }
  let binding: CurrencyMarginResultDto['bindingScenario'] = null;
  let bookVector: ScenarioEntryDto[] = [];
  const groups: GroupMarginDto[] = [];
  if (summary) {
    const g = vi >= 0 ? groupsState.find((x) => x.key === bindingGroup) : undefined;
    if (g) {
      const mv = scen.moves.get(g.underlying.toUpperCase())!;
      const e = entryAt(g.vector, (j) => mv[j], vi);
      const gb = { ...e, group: g.key, side: (e.move > 0 ? 'right' : e.move < 0 ? 'left' : 'center') as 'left' | 'right' | 'center' };
      binding = { ...gb, preAggregated: text(pnl[vi]), aggregated: text(pnl[vi]) };
    }
  } else groups.push(...groupsState.map((g) => {
    const u = g.underlying.toUpperCase();
    const mv = scen.moves.get(u)!;
    const vec = entries(g, 'vector', g.vector, (j) => mv[j]);
    const own = requirementOf(g.vector, p);
    let worst = 0;
    for (const v of g.vector) worst = Math.max(worst, -v);
    const gb = vi >= 0 ? { ...vec[vi], group: g.key, side: (vec[vi].move > 0 ? 'right' : vec[vi].move < 0 ? 'left' : 'center') as 'left' | 'right' | 'center' } : null;
    if (g.key === bindingGroup && gb) {
      binding = { ...gb, preAggregated: text(pnl[vi]), aggregated: text(pnl[vi]) };
      bookVector = entries(b, 'book', pnl, (j) => mv[j]);
    }
    return {
      key: g.key, settlementCurrency: 'USD', underlying: u, index: req.market.index(g.underlying), worstCase: text(worst),
      rollShock: '0', deltaShock: '0', initialMargin: text(own.im),
      bindingScenario: gb, adjustments: [], vector: vec, rollShockDetail: [], deltaShockDetail: { longOptionDelta: 0, shortDelta: 0, shockDelta: 0, charge: '0' },
    } satisfies GroupMarginDto;
  }));
  const notes = explainNotes(p, scen, pnl, tm);
  const contributions: PositionContributionDto[] = [];
  const marginal = req.marginal && req.input.positions.length <= MARGINAL_LIMIT;
  if (req.marginal && !marginal) notes.push(`Marginal IM per position not computed (more than ${MARGINAL_LIMIT} positions).`);
  if (req.marginal !== false && has && !summary) {
    const arrays = b.book.arrays;
    const data = arrays.rawData();
    const without = new Float64Array(n);
    // Per instrument object (positions of one symbol share it): its row and group key.
    const perInst = new Map<MarginInstrument, { r: number; group: string }>();
    for (const x of req.input.positions) {
      let e = perInst.get(x.inst);
      if (e === undefined) { e = { r: arrays.rowIndex(x.inst.symbol), group: `USD_${x.inst.underlying}` }; perInst.set(x.inst, e); }
      const off = e.r * n;
      const size = sizeNumber(x);
      let imWithout = 0;
      if (marginal) {
        // The book's vector less this position's P&L (the underlyings are coupled: one vector for the book).
        for (let s = 0; s < n; s++) without[s] = pnl[s] - size * data[off + s];
        imWithout = requirementOf(without, p).im;
      }
      contributions.push({
        positionId: x.id, instrument: x.inst.symbol, size: sizeDecimalText(x), group: e.group,
        pnlInBinding: text(vi >= 0 ? size * data[off + vi] : 0),
        marginalInitialMargin: marginal ? text(imF - imWithout) : '0',
      });
    }
  }
  const usd: CurrencyMarginResultDto = {
    currency: 'USD', initialMargin: toDecimalString(im), maintenanceMargin: toDecimalString(mm),
    initialMarginUsd: toDecimalString(roundUsd(im, dp)), maintenanceMarginUsd: toDecimalString(roundUsd(mm, dp)), usdRate: 1,
    addOns, bindingScenario: binding, vector: bookVector, groups, contributions, underlyings: [],
  };
  const result: MarginResultDto = {
    method: HVAR_ID, methodVersion: '1', parameterSet: { name: p.name, version: p.version },
    asOf: new Date(req.market.asOfMs).toISOString(), mode: 'cross', byCurrency: has ? { USD: usd } : {},
    totals: { initialMarginUsd: toDecimalString(has ? roundUsd(im, dp) : new Dec(0)), maintenanceMarginUsd: toDecimalString(has ? roundUsd(mm, dp) : new Dec(0)) },
    notes,
  };
  if (summary) return summarizeMarginResult(result);
  if (req.account) {
    result.account = usdAccountView(req.market, req.input, (mk, book) => hvarTotals(mk, p, book, scen), { im: im.toNumber(), mm: mm.toNumber() }, dp, preparedHvar(b, p));
  }
  return result;
}

/** The explanation's notes: the method, the history used, VaR and ES, and the worst days by name. */
function explainNotes(p: HvarParams, scen: HvarScenarios, pnl: Float64Array, tm: TailMeasures | undefined): string[] {
  const n = pnl.length;
  const c = `${Math.round(p.confidence * 1e6) / 1e4} %`;
  const notes = [
    `Historical simulation (margin-methods.md "${HVAR_ID}"): ${n} ${p.sampling} ${p.horizonDays}-day joint returns over the last ${p.windowDays} daily returns to ${scen.lastDate} of "${p.history.name}", returns ${p.volTreatment === 'scaled' ? `scaled to today's EWMA vol (λ ${p.ewmaLambda})` : 'as observed'}; full revaluation, implied vols as in the snapshot; ${p.measure === 'expected-shortfall' ? 'IM = ES' : 'IM = VaR'} at ${c}, MM = ${p.maintenanceToInitial} × IM; USD.`,
  ];
  if (scen.datesSkipped > 0) notes.push(`${scen.datesSkipped} date(s) of the history skipped: a close missing for an underlying of the book (a return spans the gap).`);
  if (scen.ignoredAfterAsOf > 0) notes.push(`${scen.ignoredAfterAsOf} date(s) after the as-of day ignored.`);
  if (!tm) return notes;
  const frac = Math.round((tm.tail - tm.whole) * 1e6) / 1e6;
  const esOf = frac > 0 ? `the ${tm.whole} worst and ${frac} of the next, over ${tm.tail}` : `the ${tm.whole} worst`;
  notes.push(`${c} VaR ${fmt(tm.valueAtRisk)}: the ${ordinal(tm.whole + 1)} largest loss, ${scen.to[tm.varIndex]}; ES ${fmt(tm.expectedShortfall)}: the mean of ${esOf}.`);
  const listed = tm.worst.slice(0, p.worstDaysListed);
  const worst = listed.map((s, i) => `${i + 1}. ${scenLabel(scen, s)}: loss ${fmt(-pnl[s])}`);
  notes.push(`Worst days: ${worst.join('; ')}${tm.worst.length > listed.length ? `; … ${tm.worst.length - listed.length} more in the tail` : ''}.`);
  return notes;
}

function ordinal(k: number): string {
  const t = k % 100, u = k % 10;
  return `${k}${t >= 11 && t <= 13 ? 'th' : u === 1 ? 'st' : u === 2 ? 'nd' : u === 3 ? 'rd' : 'th'}`;
}

function scenLabel(scen: HvarScenarios, s: number): string {
  return scen.set.scenarios[s].label;
}
