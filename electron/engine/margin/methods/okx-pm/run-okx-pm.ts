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
import { MarginInputError, type MarginInput, type MarginPosition } from '../../margin-input';
import type { MethodRunInput } from '../../method-contract';
import { RiskBook } from '../../risk-book';
import { reusableBuild, riskArraysFor } from '../../scenario-reuse';
import { roundUsd } from '../../usd';
import { MARGINAL_LIMIT, usdAccountView } from '../../usd-account';
import { OKX_PM_ID } from './id';
import { extraRow, unitFigures, type OkxExtraRow, type OkxUnit, type UnitHoldings } from './okx-kernel';
import { groupFor, resolveOkxPmParams, type OkxPmParams } from './okx-pm-params';
import { okxScenarioSet, type OkxLayout } from './scenario-template';

/** A built book: scenario rows (MR1/MR6 book and MR2 book), extra rows by symbol, and each unit's holdings. */
export interface OkxBook {
  /** The scenarios of a unit vector: the main set's, then MR2. */
  scenarios: ReturnType<typeof okxScenarioSet>['set']['scenarios'];
  layout: OkxLayout;
  book: RiskBook;
  decay: RiskBook;
  extra: Map<string, OkxExtraRow>;
  units: { underlying: string; holdings: UnitHoldings; rowOf: Map<number, number> }[];
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
  return JSON.stringify(['okx-pm', sets.set, sets.decaySet, p.groupOf, p.groups]);
}

/** Enter one position into a build's books (and its instrument's extra row) as `fillOkx` does. */
export function okxEnter(b: Pick<OkxBook, 'book' | 'decay' | 'extra'>, market: MarketView, p: OkxPmParams, x: MarginPosition): void {
  const inst = { ...x.inst, groupCurrency: 'USD' };
  // The size text only where it still is the size: a copy of a position with a new size
  // (what-if sensitivity: `{...p, size}`) keeps the old text.
  const text = x.sizeText !== undefined && x.size.eq(x.sizeText) ? x.sizeText : undefined;
  b.book.set(x.id, inst, text ?? x.size, text);
  b.decay.set(x.id, inst, text ?? x.size, text);
  if (!b.extra.has(x.inst.symbol)) b.extra.set(x.inst.symbol, extraRow(x.inst, market, groupFor(p, x.inst.underlying)));
}

export function fillOkx(market: MarketView, p: OkxPmParams, input: MarginInput, { set, decaySet, layout }: ReturnType<typeof okxScenarioSet>): OkxBook {
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

/** `b` with its units' holdings read from its books (what `fillOkx` derives after entering the positions). */
export function okxWithUnits(b: OkxBook): OkxBook {
  const { book, decay, extra } = b;
  const arrays = book.arrays;
  const n = arrays.nScen;
  const units = book.groups().map((g) => {
    const rowOf = new Map<number, number>();
    // Rows in symbol order: the MR3/MR4/MR5/MR7 sums do not depend on the order of the positions.
    const rows = [...g.rows].sort((a, b) => { const sa = arrays.bases[a].inst.symbol, sb = arrays.bases[b].inst.symbol; return sa < sb ? -1 : sa > sb ? 1 : 0; });
    const vector = new Float64Array(n + 1);
    vector.set(g.vector);
    vector[n] = decay.getGroup(g.key)!.vector[0];
    const holdings: UnitHoldings = { vector, rows: rows.map((r, i) => { rowOf.set(r, i); return { size: book.rowSize(r), extra: extra.get(arrays.bases[r].inst.symbol)! }; }) };
    return { underlying: g.underlying.toUpperCase(), holdings, rowOf };
  });
  return { ...b, units };
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
  const round = (x: number) => roundHalfEven(fromFloat(x), dp);
  const r = computeOkx(req.market, p, req.input);
  const { built } = r;
  const entries = (vector: ArrayLike<number>, u: string): ScenarioEntryDto[] => built.scenarios.map((s, j) => {
    const v = toDecimalString(round(vector[j]));
    return { index: j, id: s.id, label: s.label, table: s.table, bucket: s.bucket, volState: s.volState, move: (s.shocks[u] ?? s.defaultShock)?.move ?? 0, preAggregated: v, aggregated: v };
  });
  let binding: CurrencyMarginResultDto['bindingScenario'] = null, bindingMm = new Dec(-1), vector: ScenarioEntryDto[] = [];
  const notes = [`OKX-style portfolio margin (margin-methods.md "okx-pm"): per risk unit MMR = max(max(MR1, MR2, MR6) + MR3 + MR4 + MR5, MR7 tiered); MM = Σ units; IM = ${p.imFactor} × MM; USD.`];
  const groups: GroupMarginDto[] = built.units.map((bu, i) => {
    const u = r.units[i], ru = r.rounded[i];
    const vec = entries(bu.holdings.vector, bu.underlying);
    const key = `USD_${bu.underlying}`;
    const at = ru.binding === 'stress' && ru.stress !== 'mr2' ? (ru.stress === 'mr1' ? u.mr1At : u.mr6At) : ru.binding === 'stress' ? built.layout.mr2 : -1;
    const b = at >= 0 ? { ...vec[at], group: key, side: (vec[at].move > 0 ? 'right' : vec[at].move < 0 ? 'left' : 'center') as 'left' | 'right' | 'center' } : null;
    if (ru.mm.gt(bindingMm)) { binding = b; bindingMm = ru.mm; vector = vec; }
    const g = groupFor(p, bu.underlying);
    notes.push(`${bu.underlying} (${g.name}): MR1 ${toDecimalString(round(u.mr1))}, MR2 ${toDecimalString(round(u.mr2))}, MR3 ${toDecimalString(round(u.mr3))}, MR4 ${toDecimalString(round(u.mr4))}, MR5 ${toDecimalString(round(u.mr5))}, MR6 ${toDecimalString(round(u.mr6))} (±${pct(g.mr6.move)} × ${g.mr6.weight}), MR7 raw ${toDecimalString(round(u.mr7Raw))} → tiered ${toDecimalString(round(u.mr7))}; MMR ${toDecimalString(ru.mm)} (${ru.binding === 'minimum' ? 'MR7 binds' : `${ru.stress.toUpperCase()} + MR3 + MR4 + MR5 binds`}).`);
    return {
      key, settlementCurrency: 'USD', underlying: bu.underlying, index: req.market.index(bu.underlying),
      worstCase: toDecimalString(round(Math.max(u.mr1, u.mr2, u.mr6))), rollShock: toDecimalString(round(u.mr4)), deltaShock: '0',
      initialMargin: toDecimalString(roundHalfEven(ru.mm.times(fromFloat(p.imFactor)), dp)),
      bindingScenario: b, adjustments: [], vector: vec, rollShockDetail: [], deltaShockDetail: { longOptionDelta: 0, shortDelta: 0, shockDelta: 0, charge: '0' },
    };
  });
  const contributions: PositionContributionDto[] = [];
  const marginal = req.marginal && req.input.positions.length <= MARGINAL_LIMIT;
  if (req.marginal && !marginal) notes.push(`Marginal IM per position not computed (more than ${MARGINAL_LIMIT} positions).`);
  if (req.marginal !== false) {
    const arrays = built.book.arrays;
    const unitAt = new Map(built.units.map((u, i) => [u.underlying, i]));
    for (const x of req.input.positions) {
      const i = unitAt.get(x.inst.underlying.toUpperCase())!;
      const bu = built.units[i], ru = r.rounded[i];
      const row = fullRow(built, x.inst.symbol);
      const size = x.size.toNumber();
      const at = groups[i].bindingScenario?.index ?? -1;
      let marginalIm = '0';
      if (marginal) {
        // Only this position's unit changes: its vector less the position's row, its net size less the position's size.
        const k = bu.rowOf.get(arrays.rowIndex(x.inst.symbol))!;
        const vec = Float64Array.from(bu.holdings.vector, (v, j) => v - size * row[j]);
        const rows = bu.holdings.rows.map((h, j) => (j === k ? { ...h, size: h.size - size } : h));
        const without = roundedUnit(unitFigures(bu.underlying, groupFor(p, bu.underlying), { vector: vec, rows }, built.layout), dp).mm;
        const imWithout = roundHalfEven(r.mm.minus(ru.mm).plus(without).times(fromFloat(p.imFactor)), dp);
        marginalIm = toDecimalString(r.im.minus(imWithout));
      }
      contributions.push({
        positionId: x.id, instrument: x.inst.symbol, size: toDecimalString(x.size), group: `USD_${x.inst.underlying}`,
        pnlInBinding: toDecimalString(round(at >= 0 ? size * row[at] : 0)), marginalInitialMargin: marginalIm,
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
  if (req.account) result.account = usdAccountView(req.market, req.input, (mk, book) => okxTotals(mk, p, book), { im: r.im.toNumber(), mm: r.mm.toNumber() }, dp);
  return result;
}
