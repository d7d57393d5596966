/**
 * The explanation of a `deribit-pm` run as JSON-safe DTOs: every group's full vector (pre- and
 * post-aggregation), its binding scenario with the aggregate-level adjustments as separate lines,
 * roll/delta shock details, each position's P&L in its group's binding scenario and its marginal IM.
 */
import { fromFloat, toDecimalString } from '../../../money';
import { floatText } from '../../float-text';
import { floatColumns, type ContributionColumns } from '../../contribution-columns';
import type {
  AdjustmentLineDto, BindingScenarioDto, CurrencyMarginResultDto, GroupMarginDto, PositionContributionDto, ScenarioEntryDto,
} from '../../../../../shared/domain/dto/margin-result.dto';
import { dampen } from './deribit-group';
import { gridLabel } from './scenario-template';
import type { DeribitPm, PmCurrencyResult, PmGroupResult, PmResult } from './deribit-pm';
import { roundUsd } from '../../usd';


/** Scenario `i` of a group's vector as its DTO entry. */
function entryAt(g: PmGroupResult, i: number): ScenarioEntryDto {
  const s = g.ctx.set.scenarios[i];
  const move = s.shocks[g.ctx.underlying]?.move ?? 0;
  return {
    index: i, id: s.id, label: gridLabel(s.table, move, s.volState), table: s.table, bucket: s.bucket, volState: s.volState, move,
    preAggregated: floatText(g.state.vector[i]), aggregated: floatText(g.outcome.aggregated[i]),
  };
}

function entries(g: PmGroupResult): ScenarioEntryDto[] {
  return g.ctx.set.scenarios.map((_, i) => entryAt(g, i));
}

/** A group's binding scenario; `vector` its entries when built (else the one entry is made). */
function binding(g: PmGroupResult, vector?: ScenarioEntryDto[]): BindingScenarioDto | null {
  const b = g.outcome.binding;
  if (b < 0) return null;
  const e = vector ? vector[b] : entryAt(g, b);
  return {
    group: g.state.key, index: b, id: e.id, label: e.label, table: e.table, bucket: e.bucket, volState: e.volState, move: e.move,
    side: e.move < 0 ? 'left' : e.move > 0 ? 'right' : 'center', preAggregated: e.preAggregated, aggregated: e.aggregated,
  };
}

/** Adjustments between the binding entry's pre-aggregated and aggregated value (§2.4, §2.5). */
function adjustments(g: PmGroupResult): AdjustmentLineDto[] {
  const b = g.outcome.binding;
  if (b < 0) return [];
  const sc = g.ctx.set.scenarios[b];
  const pre = g.state.vector[b];
  const out: AdjustmentLineDto[] = [];
  let v = pre;
  if (sc.table === 'extended') {
    const d = dampen(v, g.ctx.damp[b]);
    if (d !== v) out.push({ kind: 'extended-dampener', amount: floatText(d - v), note: `extended_dampener ${g.ctx.ccy.extended_dampener} USD` });
    v = d;
  }
  const agg = g.outcome.aggregated[b];
  if (agg !== v) out.push({ kind: 'pnl-offset', amount: floatText(agg - v), note: `pnl_offset ${g.ctx.ccy.pnl_offset}, cap max_offsetable_pnl ${g.ctx.ccy.max_offsetable_pnl}` });
  return out;
}

function groupDto(g: PmGroupResult): GroupMarginDto {
  const vector = entries(g);
  return {
    key: g.state.key, settlementCurrency: g.state.settlementCurrency, underlying: g.state.underlying, index: g.ctx.index,
    worstCase: toDecimalString(g.worst), rollShock: toDecimalString(g.roll), deltaShock: toDecimalString(g.delta), initialMargin: toDecimalString(g.im),
    bindingScenario: binding(g, vector), adjustments: adjustments(g), vector,
    rollShockDetail: g.outcome.rollDetail.map((r) => ({
      expiry: r.expiryMs === null ? 'perpetual' : new Date(r.expiryMs).toISOString(), netDelta: r.netDelta, rate: r.rate, charge: floatText(r.charge),
    })),
    deltaShockDetail: { ...g.outcome.deltaDetail, charge: floatText(g.outcome.deltaDetail.charge) },
  };
}

/**
 * Each position's group, P&L in its group's binding scenario and marginal IM, as columns (in
 * the book's position order, positions without a group left out), with the currency index of
 * each entry and its instrument and size text for the DTO lists.
 */
export function pmContributionColumns(pm: DeribitPm, r: PmResult): { columns: ContributionColumns; ccy: Int32Array; inst: (k: number) => string; size: (k: number) => string } {
  // Marginal figures are aligned with the positions they were computed for.
  const marginal = r.marginalIm;
  const cols = marginal.size > 0 ? marginal.columns : pm.book.positionColumns();
  const mValues = marginal.size > 0 ? marginal.values : null;
  const data = pm.arrays.rawData();
  const n = pm.arrays.nScen;
  // One pass over the positions: each row's group and currency looked up by row number.
  const nRows = pm.arrays.size;
  const rowCcy = new Int32Array(nRows).fill(-1);
  const rowGroup: (PmGroupResult | undefined)[] = new Array(nRows).fill(undefined);
  r.currencies.forEach((c, ci) => { for (const g of c.groups) for (const row of g.state.rows) { rowCcy[row] = ci; rowGroup[row] = g; } });
  const decimals = r.currencies.map((c) => c.decimals);
  const { sizeF, rows } = cols;
  const at = new Int32Array(cols.count), ccy = new Int32Array(cols.count);
  const pnl = new Float64Array(cols.count), mIm = new Float64Array(cols.count);
  const groups: PmGroupResult[] = new Array(cols.count);
  let k = 0;
  for (let i = 0; i < cols.count; i++) {
    const row = rows[i];
    const ci = row < nRows ? rowCcy[row] : -1;
    if (ci < 0) continue;
    const g = rowGroup[row]!;
    const b = g.outcome.binding;
    at[k] = i; ccy[k] = ci; groups[k] = g;
    pnl[k] = b < 0 ? 0 : sizeF[i] * data[row * n + b];
    mIm[k] = mValues === null || Number.isNaN(mValues[i]) ? 0 : mValues[i];
    k++;
  }
  const columns = floatColumns(k, (j) => cols.id(at[j]), (j) => groups[j].state.key, pnl.subarray(0, k), mIm.subarray(0, k), (j) => decimals[ccy[j]]);
  return { columns, ccy: ccy.subarray(0, k), inst: (j) => cols.inst(at[j]).symbol, size: (j) => cols.sizeText(at[j]) };
}

/** The index of the group with the largest worst case (the first of equals; -1: none): the currency's binding scenario and vector are its. */
function dominantGroup(c: PmCurrencyResult): number {
  const dominant = c.groups.reduce<PmGroupResult | null>((best, g) => (best === null || g.outcome.worst > best.outcome.worst ? g : best), null);
  return dominant ? c.groups.indexOf(dominant) : -1;
}

/** A currency's figures: IM/MM in the currency and in USD, the rate, the add-ons. */
function currencyFigures(c: PmCurrencyResult, usdDecimals: number): Pick<CurrencyMarginResultDto, 'currency' | 'initialMargin' | 'maintenanceMargin' | 'initialMarginUsd' | 'maintenanceMarginUsd' | 'usdRate' | 'addOns'> {
  const rate = fromFloat(c.usdRate);
  return {
    currency: c.currency,
    initialMargin: toDecimalString(c.im),
    maintenanceMargin: toDecimalString(c.mm),
    initialMarginUsd: toDecimalString(roundUsd(c.im.times(rate), usdDecimals)),
    maintenanceMarginUsd: toDecimalString(roundUsd(c.mm.times(rate), usdDecimals)),
    usdRate: c.usdRate,
    addOns: { worstCase: toDecimalString(c.worst), rollShock: toDecimalString(c.roll), deltaShock: toDecimalString(c.delta) },
  };
}

/**
 * Every currency of a run as figures only (result-summary.ts: what `summarizeMarginResult` keeps
 * of `explainPm`'s DTOs, the same strings), built without the vectors, groups and per-position
 * lists: O(groups), one scenario entry per currency (its binding one).
 */
export function summaryPm(r: PmResult, usdDecimals: number): Record<string, CurrencyMarginResultDto> {
  const out: Record<string, CurrencyMarginResultDto> = {};
  for (const c of r.currencies) {
    const dIdx = dominantGroup(c);
    out[c.currency] = {
      ...currencyFigures(c, usdDecimals),
      bindingScenario: dIdx >= 0 ? binding(c.groups[dIdx]) : null,
      vector: [], groups: [], contributions: [], underlyings: [],
    };
  }
  return out;
}

/** The per-position texts of an explanation with the floats (and decimals) they print (`explainPm`). */
interface ExplainTexts { pnl: Float64Array; pnlText: string[]; marginal: Float64Array; dp: Int32Array; marginalText: string[] }

/** Per calculator, the texts of its last explanation (a session keeps its calculator across edits). */
const TEXTS = new WeakMap<DeribitPm, ExplainTexts>();

/**
 * Every currency of a run as result DTOs, keyed by settlement currency. With `contributions`
 * false the per-position lists are left empty (the caller reads `pmContributionColumns`).
 */
export function explainPm(pm: DeribitPm, r: PmResult, usdDecimals: number, contributions = true): Record<string, CurrencyMarginResultDto> {
  const out: Record<string, CurrencyMarginResultDto> = {};
  const lists: PositionContributionDto[][] = r.currencies.map(() => []);
  if (contributions) {
    const { columns: c, ccy, inst, size } = pmContributionColumns(pm, r);
    // Each currency's list sized up front (filled by index: no growth of 20,000-entry arrays).
    const counts = new Int32Array(r.currencies.length);
    for (let k = 0; k < c.count; k++) counts[ccy[k]]++;
    r.currencies.forEach((_, ci) => { lists[ci] = new Array<PositionContributionDto>(counts[ci]); });
    const filled = new Int32Array(r.currencies.length);
    // The texts are functions of each float (and the decimals): those of the calculator's last
    // explanation are reused where the float at that place is the same (a session's size edit
    // moves a few groups' figures, not the book's 20,000 — floatText per figure is most of an explanation).
    const last = TEXTS.get(pm);
    const decimals = r.currencies.map((x) => x.decimals);
    const made: ExplainTexts = { pnl: c.pnl.slice(0, c.count), pnlText: new Array<string>(c.count), marginal: c.marginal.slice(0, c.count), dp: new Int32Array(c.count), marginalText: new Array<string>(c.count) };
    for (let k = 0; k < c.count; k++) {
      const dp = decimals[ccy[k]];
      const reuse = last !== undefined && k < last.pnl.length;
      const pnlText = reuse && Object.is(last.pnl[k], made.pnl[k]) ? last.pnlText[k] : c.pnlText(k);
      const marginalText = reuse && last.dp[k] === dp && Object.is(last.marginal[k], made.marginal[k]) ? last.marginalText[k] : c.marginalText(k);
      made.pnlText[k] = pnlText; made.marginalText[k] = marginalText; made.dp[k] = dp;
      lists[ccy[k]][filled[ccy[k]]++] = {
        positionId: c.id(k), instrument: inst(k), size: size(k), group: c.group(k),
        pnlInBinding: pnlText, marginalInitialMargin: marginalText,
      };
    }
    TEXTS.set(pm, made);
  }
  r.currencies.forEach((c, ci) => {
    const groups = c.groups.map(groupDto);
    const dIdx = dominantGroup(c);
    out[c.currency] = {
      ...currencyFigures(c, usdDecimals),
      bindingScenario: dIdx >= 0 ? groups[dIdx].bindingScenario : null,
      vector: dIdx >= 0 ? groups[dIdx].vector : [],
      groups,
      contributions: lists[ci],
      underlyings: c.groups.map((g) => ({
        underlying: g.state.underlying, group: g.state.key, pnlInBinding: floatText(g.outcome.binding < 0 ? 0 : g.state.vector[g.outcome.binding]),
      })),
    };
  });
  return out;
}
