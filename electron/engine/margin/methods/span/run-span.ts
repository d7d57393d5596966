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
import { MarginInputError, type MarginInput, type MarginPosition } from '../../margin-input';
import type { MarginInstrument } from '../../margin-instrument';
import type { MethodRunInput } from '../../method-contract';
import { black76Delta } from '../../pricing-adapter';
import { RiskArrays } from '../../risk-arrays';
import { RiskBook } from '../../risk-book';
import { roundUsd } from '../../usd';
import { MARGINAL_LIMIT, marginalIm, usdAccountView } from '../../usd-account';
import { SPAN_ID } from './id';
import { spanScenarioSet } from './scenario-template';
import { spanMargin, type SpanCcInput, type SpanResult } from './span-kernel';
import { ccParams, resolveSpanParams, type SpanParams } from './span-params';

/** One position's P&L row (per unit of size, USD, weight applied) and SPAN facts. */
interface Leg { p: MarginPosition; cc: string; row: ArrayLike<number>; size: number }

interface Built { set: ReturnType<typeof spanScenarioSet>; legs: Leg[]; inputs: SpanCcInput[]; result: SpanResult }

/** Composite delta of one unit in coins of the underlying (options: Black-76 ∂V/∂F of the USD value; inverse delta-one: 1/price per USD). */
function unitSpanDelta(inst: MarginInstrument, base: RiskArrays['bases'][number], asOfMs: number): number {
  if (inst.kind !== 'option') return base.delta;
  const years = Math.max(0, (inst.expiryMs! - asOfMs) / MS_PER_YEAR);
  return black76Delta(inst.optionType === 'call', base.inputs.forward, inst.strike!, base.inputs.vol, years);
}

function tierOf(inst: MarginInstrument): string {
  return inst.expiryMs === undefined ? 'perpetual' : new Date(inst.expiryMs).toISOString().slice(0, 10);
}

/** Build the book's combined commodities and run the charges. */
export function buildSpan(market: MarketView, params: SpanParams, input: MarginInput): Built {
  const fileCc = (p: MarginPosition) => params.riskArrays[p.inst.symbol]?.cc ?? p.inst.underlying.toUpperCase();
  const underlyings = [...new Set(input.positions.map((p) => p.inst.underlying))].sort();
  const set = spanScenarioSet(params, underlyings);
  const arrays = new RiskArrays(set, market, 'usd');
  const book = new RiskBook(arrays);
  const legs: Leg[] = [];
  const by = new Map<string, SpanCcInput>();
  const ccOf = (cc: string, index: () => number): SpanCcInput => {
    let c = by.get(cc);
    if (!c) {
      const r = ccParams(params, cc);
      c = { cc, index: index(), vector: new Float64Array(set.scenarios.length), tierDeltas: new Map(), shortCallCoins: 0, shortPutCoins: 0, optionValue: 0, intraSpreadRate: r.intraSpreadRate, shortOptionMinimum: r.shortOptionMinimum };
      by.set(cc, c);
    }
    return c;
  };
  // Net size per option instrument: the short option minimum counts net short contracts.
  const optionNet = new Map<string, { c: SpanCcInput; call: boolean; size: number }>();
  for (const p of input.positions) {
    const size = p.size.toNumber();
    try {
      const file = params.riskArrays[p.inst.symbol];
      const c = ccOf(fileCc(p), () => market.index(p.inst.underlying));
      const tier = tierOf(p.inst);
      if (file) {
        // A file's array is SPAN-signed (loss positive): the P&L row is its negation.
        const row = file.ra.map((x) => -x);
        const v = c.vector as Float64Array;
        for (let s = 0; s < row.length; s++) v[s] += size * row[s];
        c.tierDeltas.set(tier, (c.tierDeltas.get(tier) ?? 0) + size * file.delta);
        legs.push({ p, cc: c.cc, row, size });
        continue;
      }
      const inst: MarginInstrument = { ...p.inst, groupCurrency: 'USD' };
      book.set(p.id, inst, p.sizeText ?? p.size, p.sizeText);
      const r = arrays.rowIndex(inst.symbol);
      const base = arrays.bases[r];
      c.tierDeltas.set(tier, (c.tierDeltas.get(tier) ?? 0) + size * unitSpanDelta(p.inst, base, market.asOfMs));
      if (p.inst.kind === 'option') {
        c.optionValue += size * base.value;
        const o = optionNet.get(p.inst.symbol);
        if (o) o.size += size; else optionNet.set(p.inst.symbol, { c, call: p.inst.optionType === 'call', size });
      }
      legs.push({ p, cc: c.cc, row: arrays.row(r), size });
    } catch (e) {
      throw new MarginInputError(`position ${p.id} (${p.inst.symbol}): ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  for (const o of optionNet.values()) if (o.size < 0) { if (o.call) o.c.shortCallCoins -= o.size; else o.c.shortPutCoins -= o.size; }
  // Revalued instruments: the book's group vector (Σ exact size × row) per underlying.
  for (const g of book.groups()) {
    const c = by.get(g.underlying.toUpperCase())!;
    const v = c.vector as Float64Array;
    for (let s = 0; s < v.length; s++) v[s] += g.vector[s];
  }
  const inputs = [...by.values()].sort((a, b) => (a.cc < b.cc ? -1 : 1));
  return { set, legs, inputs, result: spanMargin(inputs, params.interSpreads, params) };
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
  const b = buildSpan(req.market, params, req.input);
  const k = params.initialToMaintenance;
  const add = { scanRisk: new Dec(0), intraSpread: new Dec(0), interSpreadCredit: new Dec(0), shortOptionMinimum: new Dec(0), netOptionValue: new Dec(0), initialMultiplier: new Dec(0) };
  const groups: GroupMarginDto[] = [];
  let binding: CurrencyMarginResultDto['bindingScenario'] = null, bindingRisk = -1, vector: ScenarioEntryDto[] = [];
  const notes = ['SPAN-style (margin-methods.md "span"): per combined commodity max(scan + intra − inter, SOM) − NOV, floored at 0; MM = Σ, IM = MM × initialToMaintenance; USD.'];
  for (const [i, c] of b.result.ccs.entries()) {
    const input = b.inputs[i];
    const base = c.scanRisk + c.intraSpread - c.interCredit;
    add.scanRisk = add.scanRisk.plus(round(c.scanRisk));
    add.intraSpread = add.intraSpread.plus(round(c.intraSpread));
    add.interSpreadCredit = add.interSpreadCredit.minus(round(c.interCredit));
    add.shortOptionMinimum = add.shortOptionMinimum.plus(round(c.risk - base));
    add.netOptionValue = add.netOptionValue.plus(round(c.requirement - c.risk));
    add.initialMultiplier = add.initialMultiplier.plus(round((k - 1) * c.requirement));
    const vec: ScenarioEntryDto[] = b.set.scenarios.map((s, j) => {
      const v = toDecimalString(round(input.vector[j]));
      return { index: j, id: s.id, label: s.label, table: s.table, bucket: s.bucket, volState: s.volState, move: (s.shocks[c.cc] ?? s.defaultShock)?.move ?? 0, preAggregated: v, aggregated: v };
    });
    const key = `USD_${c.cc}`;
    const bind = c.binding >= 0 ? { ...vec[c.binding], group: key, side: (vec[c.binding].move > 0 ? 'right' : vec[c.binding].move < 0 ? 'left' : 'center') as 'left' | 'right' | 'center' } : null;
    if (bind && c.scanRisk > bindingRisk) { binding = bind; bindingRisk = c.scanRisk; vector = vec; }
    groups.push({
      key, settlementCurrency: 'USD', underlying: c.cc, index: input.index, worstCase: toDecimalString(round(c.scanRisk)),
      // The intra-commodity (calendar) charge stands where Deribit-style groups show the roll shock.
      rollShock: toDecimalString(round(c.intraSpread)), deltaShock: '0', initialMargin: toDecimalString(round(c.requirement * k)),
      bindingScenario: bind, adjustments: [], vector: vec,
      rollShockDetail: [...input.tierDeltas].map(([tier, d]) => ({ expiry: tier, netDelta: d, rate: input.intraSpreadRate, charge: '0' })),
      deltaShockDetail: { longOptionDelta: 0, shortDelta: 0, shockDelta: c.netDelta, charge: '0' },
    });
    if (c.som > base) notes.push(`${c.cc}: the short option minimum (${toDecimalString(round(c.som))}) exceeds the scan-based risk.`);
  }
  for (const s of b.result.spreads) if (s.spreads > 0) notes.push(`inter-commodity spread ${s.id}: ${s.spreads} spreads, credit ${toDecimalString(round(s.credit))}.`);
  // MM is the exact sum of the rounded maintenance add-ons, IM adds the IM/MM multiplier's: IM ≥ MM to the digit.
  const mm = add.scanRisk.plus(add.intraSpread).plus(add.interSpreadCredit).plus(add.shortOptionMinimum).plus(add.netOptionValue);
  const im = mm.plus(add.initialMultiplier);
  const contributions: PositionContributionDto[] = [];
  const marginal = req.marginal && req.input.positions.length <= MARGINAL_LIMIT;
  if (req.marginal && !marginal) notes.push(`Marginal IM per position not computed (more than ${MARGINAL_LIMIT} positions).`);
  if (req.marginal !== false) {
    const ccIm = new Map(b.result.ccs.map((c) => [c.cc, c.requirement * k]));
    const bindOf = new Map(b.result.ccs.map((c) => [c.cc, c.binding]));
    for (const l of b.legs) {
      const s = bindOf.get(l.cc)!;
      contributions.push({
        positionId: l.p.id, instrument: l.p.inst.symbol, size: l.p.sizeText ?? toDecimalString(l.p.size), group: `USD_${l.cc}`,
        pnlInBinding: toDecimalString(round(s >= 0 ? l.size * l.row[s] : 0)),
        marginalInitialMargin: marginal ? toDecimalString(round(marginalIm(req.market, req.input, l.p, ccIm.get(l.cc)!, (mk, book) => spanTotals(mk, params, book)))) : '0',
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
  if (req.account) result.account = usdAccountView(req.market, req.input, (mk, book) => spanTotals(mk, params, book), { im: im.toNumber(), mm: mm.toNumber() }, dp);
  return result;
}
