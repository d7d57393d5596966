/**
 * Runs `derive-pm2` on a pmdesk book: one Derive PMRM_2 portfolio per underlying (Derive runs one
 * risk manager per market), margined in USD by `pm2-kernel.ts`, explained per scenario, with the
 * account view in USD. Mapping (docs/margin-methods.md "derive-pm2"):
 * - options (linear or inverse) → Derive options of that expiry in coin units, valued in USD
 *   (an inverse option's USD value is its Black-76 USD value), vol from the snapshot at the
 *   strike, forward the snapshot's forward of the expiry (all variable: no settlement averaging);
 * - perpetuals and futures → Derive's perp position in coin: a linear one's size, an inverse
 *   one's USD size ÷ its mark (USD P&L S·(g − 1), exact), priced at the index (perpetuals) or
 *   the forward (futures); the perp contingency is on |coins|·spot per instrument;
 * - the rate of every expiry is `pmdesk.rate` (a snapshot carries no rates); USDC at par.
 */
import { fromFloat, roundHalfEven, toDecimalString, Dec } from '../../../money';
import type { CurrencyMarginResultDto, GroupMarginDto, MarginResultDto, PositionContributionDto, ScenarioEntryDto } from '../../../../../shared/domain/dto/margin-result.dto';
import type { MarketView } from '../../../scenarios/market-view';
import { MARGINAL_LIMIT, marginalIm, usdAccountView } from '../../usd-account';
import { MarginInputError, sizeNumber, type MarginInput, type MarginPosition } from '../../margin-input';
import { reusableBuild } from '../../scenario-reuse';
import { halfEvenText, sizeDecimalText } from '../../half-even-text';
import type { MethodRunInput } from '../../method-contract';
import { roundUsd } from '../../usd';
import { resolveDerivePm2Params, type DerivePm2Params } from './derive-pm2-params';
import { DERIVE_PM2_ID } from './id';
import { derivePm2Margin, type Pm2Portfolio, type Pm2Result, type Pm2UnitPrices } from './pm2-kernel';

/** Where each position sits in its underlying's portfolio. */
export type Slot = ({ p: MarginPosition; kind: 'option'; expiry: number; option: number } | { p: MarginPosition; kind: 'perp'; coins: number; price: number }) & {
  /** The position's contribution texts as last made, with the float and decimals they were made from (a session keeps its slots). */
  texts?: { x: number; dp: number; pnl: string; size: string };
  /** `sizeNumber(p)`, once per slot. */
  f?: number;
};

/** One underlying's PMRM_2 portfolio, each position's place in it and, in a session, the kept unit values of its options. */
export interface Built { underlying: string; pf: Pm2Portfolio; slots: Slot[]; units?: Pm2UnitPrices }

/** The `reusableBuild` key of a book's portfolios under `params` (the build reads only the discount rate). */
export function derivePm2BuildKey(params: DerivePm2Params): string {
  return JSON.stringify(['derive-pm2', params.pmdesk.rate]);
}

function ofPosition(p: MarginPosition, m: MarketView, pf: Pm2Portfolio, expiryIndex: Map<number, number>, optionIndex: Map<string, number>, rate: number, slots: Slot[]): void {
  const i = p.inst;
  const size = sizeNumber(p);
  if (i.kind === 'option') {
    if (i.expiryMs === undefined || i.strike === undefined || !i.optionType) throw new Error('option without expiry, strike or type');
    let e = expiryIndex.get(i.expiryMs);
    if (e === undefined) {
      e = pf.expiries.length;
      expiryIndex.set(i.expiryMs, e);
      const fwd = m.forward(i.underlying, i.expiryMs);
      pf.expiries.push({ secToExpiry: Math.max(0, (i.expiryMs - m.asOfMs) / 1000), forwardVariable: fwd, forwardFixed: 0, rate, options: [], label: new Date(i.expiryMs).toISOString().slice(0, 10) });
    }
    const ex = pf.expiries[e];
    // Positions in one instrument are one Derive option of the summed amount (priced once).
    let k = optionIndex.get(i.symbol);
    if (k === undefined) {
      k = ex.options.length;
      optionIndex.set(i.symbol, k);
      ex.options.push({ strike: i.strike, isCall: i.optionType === 'call', vol: m.vol(i.underlying, i.expiryMs, i.strike), amount: size, label: i.symbol });
    } else ex.options[k].amount += size;
    slots.push({ p, kind: 'option', expiry: e, option: k });
    return;
  }
  // Perpetuals at the index, futures at their forward.
  const price = i.kind === 'future' && i.expiryMs !== undefined ? m.forward(i.underlying, i.expiryMs) : m.index(i.underlying);
  const coins = i.settlement === 'inverse' ? size / price : size;
  slots.push({ p, kind: 'perp', coins, price });
}

/** The PMRM_2 portfolio of each underlying of `input`. Positions with the same perp price net into one perp leg per price. */
export function buildPortfolios(m: MarketView, params: DerivePm2Params, input: MarginInput): Built[] {
  // In a sweep, the portfolios (which read only the discount rate) are shared between points (scenario-reuse.ts).
  return reusableBuild(derivePm2BuildKey(params), m, input, () => collectPortfolios(m, params, input));
}

/** A fresh build of `input`'s portfolios (outside any reuse scope). */
export function collectPortfolios(m: MarketView, params: DerivePm2Params, input: MarginInput): Built[] {
  const by = new Map<string, Built & { expiryIndex: Map<number, number>; optionIndex: Map<string, number> }>();
  for (const p of input.positions) {
    const u = p.inst.underlying;
    let b = by.get(u);
    if (!b) {
      let spot: number;
      try { spot = m.index(u); } catch (e) { throw new MarginInputError(`position ${p.id} (${p.inst.symbol}): ${e instanceof Error ? e.message : String(e)}`); }
      b = { underlying: u, pf: { spot, stablePrice: 1, cash: 0, perpPosition: 0, perpPrice: spot, perpValue: 0, expiries: [] }, slots: [], expiryIndex: new Map(), optionIndex: new Map() };
      by.set(u, b);
    }
    try { ofPosition(p, m, b.pf, b.expiryIndex, b.optionIndex, params.pmdesk.rate, b.slots); } catch (e) {
      throw new MarginInputError(`position ${p.id} (${p.inst.symbol}): ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return [...by.values()].sort((a, b) => (a.underlying < b.underlying ? -1 : 1)).map(({ underlying, pf, slots }) => ({ underlying, pf: withPerps(pf, slots), slots }));
}

/**
 * Delta-one legs as Derive's single perp: P&L Σ coins·price·(g − 1) = position·spot·(g − 1) with
 * position = Σ coins·price / spot; the contingency is on Σ over instruments of |net coins| (one
 * instrument nets, a perpetual against a future does not: Derive has no dated futures to say).
 */
export function withPerps(pf: Pm2Portfolio, slots: Slot[]): Pm2Portfolio {
  let usdDelta = 0, gross = 0;
  const net = new Map<string, number>();
  for (const s of slots) {
    if (s.kind !== 'perp') continue;
    usdDelta += s.coins * s.price;
    net.set(s.p.inst.symbol, (net.get(s.p.inst.symbol) ?? 0) + s.coins);
  }
  for (const c of net.values()) gross += Math.abs(c);
  return { ...pf, perpPosition: usdDelta / pf.spot, perpGross: gross, perpPrice: pf.spot };
}

/** IM and MM (USD, float) of a book: the sum over its underlyings. */
export function derivePm2Totals(m: MarketView, params: DerivePm2Params, input: MarginInput): { im: number; mm: number } {
  let im = 0, mm = 0;
  for (const b of buildPortfolios(m, params, input)) { const r = derivePm2Margin(b.pf, params, b.units); im += r.imRequirement; mm += r.mmRequirement; }
  return { im, mm };
}

const TABLE = { regular: 'standard', tail: 'extended', skew: 'custom' } as const;

function vectorOf(r: Pm2Result, dp: number): ScenarioEntryDto[] {
  return r.scenarios.map((s) => {
    // `toDecimalString(roundHalfEven(fromFloat(pnl), dp))` without decimal.js (half-even-text.ts): every scenario of every portfolio, each run.
    const v = halfEvenText(s.pnl, dp);
    return {
      index: s.index, id: `pm2-${s.index}`, label: `${s.kind} ${fmtMove(s.scenario.SpotShock - 1)} vol ${s.scenario.VolShockDirection}${s.scenario.DampeningFactor !== 1 ? ` ×${s.scenario.DampeningFactor}` : ''}`,
      table: TABLE[s.kind], volState: s.scenario.VolShockDirection, move: s.scenario.SpotShock - 1, preAggregated: v, aggregated: v,
    };
  });
}

function fmtMove(m: number): string {
  const p = Math.round(m * 1e6) / 1e4;
  return `${p > 0 ? '+' : ''}${p}%`;
}

/** A position's undiscounted, dampened P&L in scenario `k` of `b` (its share of the binding entry before static discounting). */
function positionPnl(b: Built, slot: Slot, r: Pm2Result, k: number, params: DerivePm2Params): number {
  if (k < 0) return 0;
  const s = r.scenarios[k].scenario;
  if (slot.kind === 'perp') return slot.coins * slot.price * (s.SpotShock - 1) * s.DampeningFactor;
  const e = b.pf.expiries[slot.expiry];
  // In a session the option's unit values are kept (Pm2UnitPrices): the same figure without pricing.
  const label = e.options[slot.option].label;
  const kept = b.units && label !== undefined ? b.units.onePnl(label, s, (slot.f ??= sizeNumber(slot.p))) : undefined;
  if (kept !== undefined) return kept;
  const one: Pm2Portfolio = { ...b.pf, perpPosition: 0, perpGross: 0, expiries: [{ ...e, options: [{ ...e.options[slot.option], amount: sizeNumber(slot.p) }] }] };
  // Static discounts of 1 leave the plain revaluation difference.
  const plain = { ...params, Margin: { ...params.Margin, BASE_STATIC_DISCOUNT: 1, BASE_STATIC_DISCOUNT_NEG: 1, LONG_RATE_ADDSCALE: 0, SHORT_RATE_ADDSCALE: 0, LONG_RATE_MULTSCALE: 0, SHORT_RATE_MULTSCALE: 0 }, Scenarios: [s] };
  return derivePm2Margin(one, plain).scenarios[0].pnl;
}

/**
 * A position's size text and `toDecimalString(roundHalfEven(fromFloat(x), dp))` of its P&L,
 * kept on its slot with the float and decimals they were made from: a session keeps its slots
 * (a size edit replaces only the edited position's), so an edit makes the decimal texts of the
 * positions whose figure moved, not the book's 20,000.
 */
function textsOf(slot: Slot, x: number, dp: number): { pnl: string; size: string } {
  const t = slot.texts;
  if (t && Object.is(t.x, x) && t.dp === dp) return t;
  const made = { x, dp, pnl: toDecimalString(roundHalfEven(fromFloat(x), dp)), size: t?.size ?? sizeDecimalText(slot.p) };
  slot.texts = made;
  return made;
}

/** Run `derive-pm2`: per underlying, scenarios → min(regular, tail, skew, forward contingency) → IM/MM with contingencies. */
export function runDerivePm2(req: MethodRunInput): MarginResultDto {
  const params = resolveDerivePm2Params(req.params);
  const dp = params.pmdesk.usdDecimals;
  const round = (x: number) => roundHalfEven(fromFloat(x), dp);
  const built = buildPortfolios(req.market, params, req.input);
  let worstLoss = new Dec(0), optionCont = new Dec(0), perpCont = new Dec(0), mmSum = 0;
  const groups: GroupMarginDto[] = [];
  const contributions: PositionContributionDto[] = [];
  let vector: ScenarioEntryDto[] = [];
  let binding: CurrencyMarginResultDto['bindingScenario'] = null, bindingValue = Infinity;
  const notes: string[] = ['Derive PMRM_2 (margin-methods.md "derive-pm2"): per underlying, margin = IM/MM factor × −min(regular, tail, skew, forward contingency) + contingencies, in USD.'];
  const marginal = req.marginal && req.input.positions.length <= MARGINAL_LIMIT;
  if (req.marginal && !marginal) notes.push(`Marginal IM per position not computed (more than ${MARGINAL_LIMIT} positions).`);
  for (const b of built) {
    const r = derivePm2Margin(b.pf, params, b.units);
    const key = `USD_${b.underlying}`;
    const wl = round(-r.minSpan * r.imFactor);
    const oc = round(r.contingency.imOption + r.contingency.mmOption);
    const pc = round(r.contingency.imPerp + r.contingency.mmPerp);
    worstLoss = worstLoss.plus(wl); optionCont = optionCont.plus(oc); perpCont = perpCont.plus(pc);
    mmSum += r.mmRequirement;
    const vec = vectorOf(r, dp);
    const bind = r.worstIndex >= 0 ? { ...vec[r.worstIndex], group: key, side: (vec[r.worstIndex].move > 0 ? 'right' : vec[r.worstIndex].move < 0 ? 'left' : 'center') as 'left' | 'right' | 'center' } : null;
    if (bind && r.minSpan < bindingValue) { binding = bind; bindingValue = r.minSpan; }
    if (r.worstIndex < 0) notes.push(`${b.underlying}: the forward contingency (${toDecimalString(round(r.basisContingency))}) is the minimum.`);
    if (vector.length === 0) vector = vec;
    groups.push({
      key, settlementCurrency: 'USD', underlying: b.underlying, index: b.pf.spot,
      worstCase: toDecimalString(wl), rollShock: '0', deltaShock: '0', initialMargin: toDecimalString(wl.plus(oc).plus(pc)),
      bindingScenario: bind, adjustments: [], vector: vec,
      // Derive's forward contingency per expiry stands in the roll-shock detail (it is the term-structure charge).
      rollShockDetail: b.pf.expiries.map((e, k) => ({ expiry: e.label ?? String(k), netDelta: 0, rate: e.rate, charge: halfEvenText(-r.expiries[k].basisContingency, dp) })),
      deltaShockDetail: { longOptionDelta: 0, shortDelta: 0, shockDelta: 0, charge: '0' },
    });
    if (req.marginal !== false) {
      for (const slot of b.slots) {
        let mIm = '0';
        if (marginal) mIm = toDecimalString(round(marginalIm(req.market, req.input, slot.p, r.imRequirement, (mk, book) => derivePm2Totals(mk, params, book))));
        const t = textsOf(slot, positionPnl(b, slot, r, r.worstIndex, params), dp);
        contributions.push({
          positionId: slot.p.id, instrument: slot.p.inst.symbol, size: t.size, group: key, pnlInBinding: t.pnl, marginalInitialMargin: mIm,
        });
      }
    }
  }
  const im = worstLoss.plus(optionCont).plus(perpCont);
  const mm = round(mmSum);
  const usd: CurrencyMarginResultDto = {
    currency: 'USD', initialMargin: toDecimalString(im), maintenanceMargin: toDecimalString(mm),
    initialMarginUsd: toDecimalString(roundUsd(im, dp)), maintenanceMarginUsd: toDecimalString(roundUsd(mm, dp)), usdRate: 1,
    addOns: { worstLoss: toDecimalString(worstLoss), optionContingency: toDecimalString(optionCont), perpContingency: toDecimalString(perpCont) },
    bindingScenario: binding, vector: built.length === 1 ? vector : [], groups, contributions,
    underlyings: [],
  };
  const result: MarginResultDto = {
    method: DERIVE_PM2_ID, methodVersion: '2.0', parameterSet: { name: params.name, version: params.version },
    asOf: new Date(req.market.asOfMs).toISOString(), mode: 'cross', byCurrency: built.length > 0 ? { USD: usd } : {},
    totals: { initialMarginUsd: toDecimalString(roundUsd(built.length > 0 ? im : new Dec(0), dp)), maintenanceMarginUsd: toDecimalString(roundUsd(built.length > 0 ? mm : new Dec(0), dp)) },
    notes,
  };
  if (req.account) result.account = usdAccountView(req.market, req.input, (mk, book) => derivePm2Totals(mk, params, book), { im: im.toNumber(), mm: mm.toNumber() }, dp);
  return result;
}
