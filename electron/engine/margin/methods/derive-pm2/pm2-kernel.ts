/**
 * The Derive PMRM_2 margin of one underlying's portfolio (shared margin-methods.md §3.4), as
 * `PMRMLib_2.sol` computes it (derivexyz/v2-core commit 7736900d, `src/risk-managers/PMRMLib_2.sol`;
 * line numbers below are of that file). Float64 throughout (the contract's 1e18 fixed point
 * agrees to about 1e-12 relative on the published cases). Pure: no market view, no instruments;
 * `run-derive-pm2.ts` builds a `Pm2Portfolio` from a book.
 *
 * Sign convention as in Derive: P&L and margins are "net" (a requirement is negative);
 * `mmRequirement` / `imRequirement` are the positive amounts pmdesk reports.
 */
import { black76Value } from '../../../pricing/black76-core';
import type { DerivePm2Params, Pm2Scenario, Pm2VolShock } from './derive-pm2-params';

/** Seconds per (365-day) year: lyra-utils `Black76.annualise` (sec / 365 days). */
const SEC_PER_YEAR = 365 * 86_400;
const SEC_PER_DAY = 86_400;

export interface Pm2Option { strike: number; isCall: boolean; vol: number; amount: number; label?: string }

/** One expiry (IPMRM_2.ExpiryHoldings): forward = variable·spotShock + fixed (line 254). */
export interface Pm2Expiry {
  secToExpiry: number;
  forwardVariable: number;
  forwardFixed: number;
  /** Continuously compounded rate, floored at 0 as PMRM_2._initialiseExpiries does. */
  rate: number;
  options: Pm2Option[];
  label?: string;
}

/** One underlying's holdings (IPMRM_2.Portfolio, without collaterals and confidences). */
export interface Pm2Portfolio {
  spot: number;
  /** USDC price in USD (the IM peg-loss add-on, lines 150–154). */
  stablePrice: number;
  cash: number;
  perpPosition: number;
  /**
   * |coins| the perp contingency is charged on (default |perpPosition|): pmdesk folds several
   * delta-one instruments into the one perp leg and charges them gross.
   */
  perpGross?: number;
  perpPrice: number;
  /** Unrealised perp P&L + funding (part of MtM only). */
  perpValue: number;
  expiries: Pm2Expiry[];
}

export type Pm2ScenarioKind = 'regular' | 'tail' | 'skew';

export interface Pm2ScenarioResult {
  index: number;
  kind: Pm2ScenarioKind;
  scenario: Pm2Scenario;
  /** Difference to MtM, discounted and dampened (getScenarioPnL, lines 167–236). */
  pnl: number;
  /** The same per expiry (in the order of `expiries`), and the perp's part. */
  perExpiry: number[];
  perp: number;
}

export interface Pm2ExpiryResult {
  mtm: number;
  volShockUp: number;
  volShockDown: number;
  staticDiscountPos: number;
  staticDiscountNeg: number;
  /** This expiry's forward (basis) contingency, ≤ 0. */
  basisContingency: number;
  nakedShorts: number;
}

export interface Pm2Result {
  scenarios: Pm2ScenarioResult[];
  expiries: Pm2ExpiryResult[];
  optionMtm: number;
  /** Options + perp value + cash. */
  mtm: number;
  /** Σ expiries' basis contingency (≤ 0): the "forward contingency" candidate of the minimum. */
  basisContingency: number;
  /** min(basisContingency, every scenario P&L) (lines 134–146). */
  minSpan: number;
  /** Index of the binding scenario, or -1 when the basis contingency binds. */
  worstIndex: number;
  worst: Record<Pm2ScenarioKind, number | null>;
  mmFactor: number;
  /** IM factor after the USDC peg-loss add-on. */
  imFactor: number;
  contingency: { mmPerp: number; mmOption: number; imPerp: number; imOption: number };
  /** Derive's net margins (negative: a requirement), MtM and cash included (line 163). */
  mm: number;
  im: number;
  /** pmdesk requirements: −factor·minSpan + contingencies (≥ 0). */
  mmRequirement: number;
  imRequirement: number;
}

/** Which table a scenario belongs to: skew by its vol state; tail when dampened or beyond the ±18 % regular grid (§3.4.1). */
export function scenarioKind(s: Pm2Scenario): Pm2ScenarioKind {
  if (s.VolShockDirection === 'LINEAR' || s.VolShockDirection === 'ABS') return 'skew';
  return s.DampeningFactor !== 1 || Math.abs(s.SpotShock - 1) > 0.18 + 1e-12 ? 'tail' : 'regular';
}

function price(o: Pm2Option, sec: number, vol: number, forward: number, discount: number): number {
  return black76Value(o.isCall ? 1 : -1, forward, o.strike, sec / SEC_PER_YEAR, vol, discount);
}

/**
 * One contract's Black-76 value at every revaluation the kernel makes (MtM, the basis moves, each
 * scenario's spot × vol state, the two skews), kept per option between kernel calls of one
 * incremental session (derive-pm2-session.ts: one market, one parameter set, so an option's
 * label — its instrument symbol — fixes its strike, type, vol and expiry). A revaluation is then
 * Σ unit·amount over the expiry's options in their order, the very products and sums of the
 * uncached path (`price(…) · amount`), so results are the same bit for bit; a size edit prices
 * nothing and a new instrument prices its own row once. Options without a label are priced as usual.
 */
export class Pm2UnitPrices {
  private readonly slots = new Map<string, number>();
  private readonly rows = new Map<string, Float64Array>();
  private readonly width: number;
  /** `onePnl`'s slots per scenario object. */
  private readonly pnlSlots = new Map<Pm2Scenario, { skew: boolean; ks: number; km: number }>();
  /**
   * Per expiry object: its precomputes and per-scenario figures as last computed, with what they
   * were computed from (`expiryMemo`): a session's size edit changes one expiry's amounts, so the
   * other expiries' figures — the same operations on the same numbers — are taken from here.
   */
  readonly expiryMemos = new WeakMap<Pm2Expiry, ExpiryMemo>();
  constructor(p: DerivePm2Params) {
    const keys = [shockKey(1, 'None'), shockKey(p.BasisContingency.SCENARIO_SPOT_UP, 'None'), shockKey(p.BasisContingency.SCENARIO_SPOT_DOWN, 'None'), skewKey(true), skewKey(false)];
    for (const s of p.Scenarios) keys.push(shockKey(s.SpotShock, s.VolShockDirection));
    for (const k of keys) if (!this.slots.has(k)) this.slots.set(k, this.slots.size);
    this.width = this.slots.size;
  }
  /** The slot of a revaluation (-1: not kept). */
  slot(key: string): number { return this.slots.get(key) ?? -1; }
  /** The unit values of option `label` (NaN: not yet priced). */
  row(label: string): Float64Array {
    let r = this.rows.get(label);
    if (!r) { r = new Float64Array(this.width).fill(NaN); this.rows.set(label, r); }
    return r;
  }
  /** Number of options with a kept row (tests and benchmarks). */
  get size(): number { return this.rows.size; }

  /**
   * `derivePm2Margin` of a portfolio holding only `amount` of option `label` (its expiry as
   * priced here), under a parameter set with static discounts 1 and scenario `s` alone: that
   * scenario's P&L, from the kept unit values — the same operations (`0 + u·amount` for a
   * one-option revaluation, static discount ×1, `(v − mtm)·dampening`, skew `−|·|`, `0 + e`).
   * Undefined when a unit value it needs is not kept (then price as usual).
   */
  onePnl(label: string, s: Pm2Scenario, amount: number): number | undefined {
    let at = this.pnlSlots.get(s);
    if (!at) {
      const sk = s.VolShockDirection === 'LINEAR' || s.VolShockDirection === 'ABS';
      at = { skew: sk, ks: this.slot(sk ? skewKey(s.VolShockDirection === 'LINEAR') : shockKey(s.SpotShock, s.VolShockDirection)), km: this.slot(shockKey(1, 'None')) };
      this.pnlSlots.set(s, at);
    }
    const { skew, ks, km } = at;
    const row = this.rows.get(label);
    if (!row || ks < 0 || km < 0) return undefined;
    const us = row[ks], um = row[km];
    if (us !== us || um !== um) return undefined;
    let v = 0 + us * amount;
    v *= 1;
    const mtm = 0 + um * amount;
    const d = (v - mtm) * s.DampeningFactor;
    const e = skew && d > 0 ? -d : d;
    return 0 + e;
  }
}

const shockKey = (spotShock: number, dir: Pm2VolShock) => `${spotShock}|${dir}`;
const skewKey = (linear: boolean) => (linear ? 'skew|LINEAR' : 'skew|ABS');

/** Per-expiry precomputes (addPrecomputes, lines 349–391). */
interface ExpiryState extends Pm2ExpiryResult {
  e: Pm2Expiry; discount: number; basisUpMtm: number; basisDownMtm: number;
  /** Kept unit values per option (aligned with `e.options`), with their table. */
  units?: Pm2UnitPrices; rows?: (Float64Array | undefined)[];
}

/**
 * An expiry's precomputes and its scenarios' figures (`scenarioPnl`'s per-expiry term, by scenario
 * index; `done` marks those computed) as computed from the expiry's fields and options (the option
 * objects and their amounts, as they were then). Valid while those are unchanged: the same
 * operations on the same numbers give the same bits. The parameter set is the one `units` is
 * kept for (as its unit values are).
 */
interface ExpiryMemo {
  sec: number; fv: number; ff: number; rate: number;
  options: Pm2Option[]; opts: Pm2Option[]; amounts: Float64Array;
  x: ExpiryState; vals: Float64Array; done: Uint8Array;
}

/** `precompute(e, p, units)`, kept on `units` with the expiry's scenario figures while its fields and options are as they were. */
function expiryMemo(e: Pm2Expiry, p: DerivePm2Params, units: Pm2UnitPrices): ExpiryMemo {
  const m = units.expiryMemos.get(e);
  const os = e.options;
  if (m && m.options === os && m.opts.length === os.length && Object.is(m.sec, e.secToExpiry) && Object.is(m.fv, e.forwardVariable) && Object.is(m.ff, e.forwardFixed) && Object.is(m.rate, e.rate)) {
    let same = true;
    for (let i = 0; same && i < os.length; i++) if (os[i] !== m.opts[i] || !Object.is(os[i].amount, m.amounts[i])) same = false;
    if (same) return m;
  }
  const n = p.Scenarios.length;
  const made: ExpiryMemo = {
    sec: e.secToExpiry, fv: e.forwardVariable, ff: e.forwardFixed, rate: e.rate,
    options: os, opts: os.slice(), amounts: Float64Array.from(os, (o) => o.amount),
    x: precompute(e, p, units), vals: new Float64Array(n), done: new Uint8Array(n),
  };
  units.expiryMemos.set(e, made);
  return made;
}

/** `value(o)` · `o.amount` summed over the expiry's options in order, `value(o)` taken from slot `key` of the kept rows when there are some. */
function revalue(x: ExpiryState, key: string, value: (o: Pm2Option) => number): number {
  const os = x.e.options;
  const slot = x.units ? x.units.slot(key) : -1;
  let tot = 0;
  if (slot < 0) {
    for (const o of os) tot += value(o) * o.amount;
    return tot;
  }
  const rows = x.rows!;
  for (let i = 0; i < os.length; i++) {
    const o = os[i], row = rows[i];
    let u: number;
    if (row === undefined) u = value(o);
    else { u = row[slot]; if (u !== u) { u = value(o); row[slot] = u; } }
    tot += u * o.amount;
  }
  return tot;
}

/** _getExpiryShockedMTM (lines 239–274): vol × the expiry's up/down multiplier, up floored at MIN_VOL_EVAL_SHOCKED. */
function shockedMtm(x: ExpiryState, p: DerivePm2Params, spotShock: number, dir: Pm2VolShock): number {
  let mult = 1, minVol = 0;
  if (dir === 'Up') { mult = x.volShockUp; minVol = p.VolShock.MIN_VOL_EVAL_SHOCKED; } else if (dir === 'Down') mult = x.volShockDown;
  const f = x.e.forwardVariable * spotShock + x.e.forwardFixed;
  return revalue(x, shockKey(spotShock, dir), (o) => price(o, x.e.secToExpiry, Math.max(minVol, o.vol * mult), f, x.discount));
}

/** _getKStar (lines 278–282) and _getExpirySkewedShockedMTM (lines 285–334): wings raised by a capped multiplier of k = ln(K/F). */
function skewMtm(x: ExpiryState, p: DerivePm2Params, linear: boolean): number {
  const s = p.SkewShock;
  const f = x.e.forwardVariable + x.e.forwardFixed;
  const sqrtTau = Math.sqrt(x.e.secToExpiry / SEC_PER_YEAR);
  const cap = linear ? s.LINEAR_CBASE * sqrtTau + s.LINEAR_SCALE_CAP : s.ABS_CBASE * sqrtTau + s.ABS_SCALE_CAP;
  const kStar = Math.max(s.MIN_K_STAR, sqrtTau * s.MIN_WIDTH_SCALE * (s.VOL_PARAM_STATIC + sqrtTau * s.VOL_PARAM_SCALE));
  return revalue(x, skewKey(linear), (o) => {
    const k0 = Math.log(o.strike / f);
    const k = linear ? k0 : Math.abs(k0);
    const m = 1 + (k >= 0 ? Math.min(cap, (k * cap) / kStar) : Math.max(-cap, (k * cap) / kStar));
    return price(o, x.e.secToExpiry, o.vol * (m < 0 ? 0 : m), f, x.discount);
  });
}

/** _addOptionContingency (lines 451–495): net short contracts per strike (calls and puts of a strike net, pairwise as the contract does). */
function nakedShorts(options: readonly Pm2Option[]): number {
  const seen = new Array<boolean>(options.length).fill(false);
  let naked = 0;
  for (let i = 0; i < options.length; i++) {
    if (seen[i]) continue;
    const a = options[i].amount;
    let found = false;
    for (let j = i + 1; j < options.length; j++) {
      if (options[j].strike !== options[i].strike) continue;
      seen[j] = true;
      const b = options[j].amount;
      if (a * b < 0) naked += a < 0 ? Math.abs(a) - Math.min(-a, b) : Math.abs(b) - Math.min(a, -b);
      else if (a < 0) naked += Math.abs(a) + Math.abs(b);
      found = true;
    }
    if (!found && a < 0) naked += Math.abs(a);
  }
  return naked;
}

function precompute(e: Pm2Expiry, p: DerivePm2Params, units?: Pm2UnitPrices): ExpiryState {
  const sec = Math.max(0, e.secToExpiry);
  const rate = Math.max(0, e.rate);
  const tau = sec / SEC_PER_YEAR;
  // PMRM_2._initialiseExpiries: discount = exp(−r·sec / 365 days).
  const discount = Math.exp(-rate * tau);
  // _addVolShocks (lines 413–422): (30 days / max(sec, dteFloor))^power, short power up to 30 days.
  const dteFloor = p.VolShock.DTE_FLOOR * SEC_PER_DAY;
  const mult = Math.pow((30 * SEC_PER_DAY) / Math.max(sec, dteFloor), sec <= 30 * SEC_PER_DAY ? p.VolShock.SHORTTERMPOWER : p.VolShock.LONGTERMPOWER);
  // _addStaticDiscount (lines 395–411).
  const m = p.Margin;
  const staticDiscountPos = m.BASE_STATIC_DISCOUNT * Math.exp(-tau * (rate * m.LONG_RATE_MULTSCALE + m.LONG_RATE_ADDSCALE));
  const staticDiscountNeg = Math.min(1 / discount, m.BASE_STATIC_DISCOUNT_NEG / Math.exp(-tau * (rate * m.SHORT_RATE_MULTSCALE + m.SHORT_RATE_ADDSCALE)));
  const x: ExpiryState = {
    e: { ...e, secToExpiry: sec, rate }, discount, mtm: 0, basisUpMtm: 0, basisDownMtm: 0,
    volShockUp: 1 + p.VolShock.VOLRANGEUP * mult, volShockDown: Math.max(0, 1 - p.VolShock.VOLRANGEDOWN * mult),
    staticDiscountPos, staticDiscountNeg, basisContingency: 0, nakedShorts: nakedShorts(e.options),
  };
  if (units) { x.units = units; x.rows = e.options.map((o) => (o.label === undefined ? undefined : units.row(o.label))); }
  x.mtm = shockedMtm(x, p, 1, 'None');
  // _addBasisContingency (lines 428–442): min(up − mtm, down − mtm, 0) · (add + mult·τ).
  const b = p.BasisContingency;
  x.basisUpMtm = shockedMtm(x, p, b.SCENARIO_SPOT_UP, 'None');
  x.basisDownMtm = shockedMtm(x, p, b.SCENARIO_SPOT_DOWN, 'None');
  x.basisContingency = Math.min(x.basisUpMtm - x.mtm, x.basisDownMtm - x.mtm, 0) * (b.BASIS_CONT_ADD_FACTOR + b.BASIS_CONT_MULT_FACTOR * tau);
  return x;
}

/** getScenarioPnL (lines 167–236): perp, then each expiry's discounted, dampened difference to MtM (skew: −|·|). `memos`: the expiries' kept figures of scenario `index` (see `ExpiryMemo`). */
function scenarioPnl(pf: Pm2Portfolio, xs: readonly ExpiryState[], p: DerivePm2Params, s: Pm2Scenario, index: number, memos?: readonly ExpiryMemo[]): { pnl: number; perExpiry: number[]; perp: number } {
  // _getShockedPerpPnL (lines 336–342).
  const perp = pf.perpPosition === 0 ? 0 : pf.perpPosition * ((s.SpotShock - 1) * pf.perpPrice) * s.DampeningFactor;
  const skew = s.VolShockDirection === 'LINEAR' || s.VolShockDirection === 'ABS';
  const b = p.BasisContingency;
  let pnl = perp;
  const perExpiry: number[] = [];
  for (let i = 0; i < xs.length; i++) {
    const m = memos?.[i];
    if (m !== undefined && m.done[index] === 1) { const e = m.vals[index]; perExpiry.push(e); pnl += e; continue; }
    const x = xs[i];
    let v: number;
    // The contract's cached values (lines 183–195) are the same computation.
    if (skew) v = skewMtm(x, p, s.VolShockDirection === 'LINEAR');
    else if (s.VolShockDirection === 'None' && s.SpotShock === 1) v = x.mtm;
    else if (s.VolShockDirection === 'None' && s.SpotShock === b.SCENARIO_SPOT_UP) v = x.basisUpMtm;
    else if (s.VolShockDirection === 'None' && s.SpotShock === b.SCENARIO_SPOT_DOWN) v = x.basisDownMtm;
    else v = shockedMtm(x, p, s.SpotShock, s.VolShockDirection);
    v *= v >= 0 ? x.staticDiscountPos : x.staticDiscountNeg;
    const d = (v - x.mtm) * s.DampeningFactor;
    const e = skew && d > 0 ? -d : d;
    if (m !== undefined) { m.vals[index] = e; m.done[index] = 1; }
    perExpiry.push(e);
    pnl += e;
  }
  return { pnl, perExpiry, perp };
}

/**
 * The PMRM_2 margin of one portfolio under parameter set `p` (getMarginAndMarkToMarket, lines
 * 127–164). `units`: unit values kept for `p` and the market the portfolio was built at (see
 * `Pm2UnitPrices`); the result is the same with or without.
 */
export function derivePm2Margin(pf: Pm2Portfolio, p: DerivePm2Params, units?: Pm2UnitPrices): Pm2Result {
  const o = p.OtherContingency;
  // In a session (`units`), each expiry's precomputes and scenario figures are kept while its options are unchanged.
  const memos = units ? pf.expiries.map((e) => expiryMemo(e, p, units)) : undefined;
  const xs = memos ? memos.map((m) => m.x) : pf.expiries.map((e) => precompute(e, p, units));
  const optionMtm = xs.reduce((a, x) => a + x.mtm, 0);
  const mtm = pf.perpValue + optionMtm + pf.cash;
  const basisContingency = xs.reduce((a, x) => a + x.basisContingency, 0);
  // addPrecomputes (lines 352–355, 371): contingencies on |perp|·spot and naked shorts·spot.
  const perpNotional = Math.abs(pf.perpGross ?? pf.perpPosition) * pf.spot;
  const shortNotional = xs.reduce((a, x) => a + x.nakedShorts, 0) * pf.spot;
  const contingency = {
    mmPerp: perpNotional * o.MM_PERP_PERCENT, imPerp: perpNotional * o.IM_PERP_PERCENT,
    mmOption: shortNotional * o.MM_OPTION_PERCENT, imOption: shortNotional * o.IM_OPTION_PERCENT,
  };
  const scenarios: Pm2ScenarioResult[] = p.Scenarios.map((s, index) => ({ index, kind: scenarioKind(s), scenario: s, ...scenarioPnl(pf, xs, p, s, index, memos) }));
  let minSpan = basisContingency, worstIndex = -1;
  for (const s of scenarios) if (s.pnl < minSpan) { minSpan = s.pnl; worstIndex = s.index; }
  const worst: Record<Pm2ScenarioKind, number | null> = { regular: null, tail: null, skew: null };
  for (const s of scenarios) { const w = worst[s.kind]; if (w === null || s.pnl < w) worst[s.kind] = s.pnl; }
  const mmFactor = p.Margin.MM_LOSS_FACTOR;
  let imFactor = p.Margin.IM_LOSS_FACTOR;
  if (pf.stablePrice < o.PEG_LOSS_THRESHOLD) imFactor += (o.PEG_LOSS_THRESHOLD - pf.stablePrice) * o.PEG_LOSS_FACTOR;
  const mmCont = contingency.mmPerp + contingency.mmOption;
  const imCont = contingency.imPerp + contingency.imOption;
  // IM subtracts the IM contingencies on top of the MM ones (lines 158–161).
  const mmRequirement = -minSpan * mmFactor + mmCont;
  const imRequirement = -minSpan * imFactor + imCont + mmCont;
  return {
    scenarios, optionMtm, mtm, basisContingency, minSpan, worstIndex, worst, mmFactor, imFactor, contingency,
    expiries: xs.map(({ mtm: m, volShockUp, volShockDown, staticDiscountPos, staticDiscountNeg, basisContingency: bc, nakedShorts: ns }) => ({
      mtm: m, volShockUp, volShockDown, staticDiscountPos, staticDiscountNeg, basisContingency: bc, nakedShorts: ns,
    })),
    mm: mtm - mmRequirement, im: mtm - imRequirement, mmRequirement, imRequirement,
  };
}
