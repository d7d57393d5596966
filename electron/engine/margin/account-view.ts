/**
 * Account view (issue 4 §8, product.md row 15): equity at marks per currency, margin ratio
 * MM/equity, available funds (equity − IM), and per underlying the spot moves at which equity
 * falls to MM and IM exceeds equity, found by a root search over full re-evaluations of the book
 * at a shifted market (every instrument repriced; expiring legs settled by the valuation).
 */
import { Dec, fromFloat, roundHalfEven, toDecimalString } from '../money';
import type { AccountCurrencyDto, AccountViewDto, LiquidationDistanceDto } from '../../../shared/domain/dto/margin-result.dto';
import type { MarketView } from '../scenarios/market-view';
import { MS_PER_YEAR } from '../scenarios/market-view';
import { idsUnique, markIdsUnique, type MarginInput, type MarginPosition } from './margin-input';
import { unitValue } from './valuation';
import { USD_LIKE } from './deribit-params';
import { DEFAULT_USD_DECIMALS, roundUsd } from './usd';


/** A market view with one underlying's index and forwards scaled by (1 + move); vols sticky-strike. */
export function shiftedMarket(m: MarketView, underlying: string, move: number): MarketView {
  const g = 1 + move;
  return {
    asOfMs: m.asOfMs,
    index: (u) => (u === underlying ? m.index(u) * g : m.index(u)),
    forward: (u, e) => (u === underlying ? m.forward(u, e) * g : m.forward(u, e)),
    vol: (u, e, k) => m.vol(u, e, k),
  };
}

/** Value at marks of one position in its settlement currency (options: premium; futures: unrealised P&L vs `averagePrice`). */
export function positionEquity(m: MarketView, p: MarginPosition): number {
  const i = p.inst;
  const S = m.index(i.underlying);
  const size = p.size.toNumber();
  if (i.kind === 'option') {
    const expired = i.expiryMs! <= m.asOfMs;
    const F = expired ? S : m.forward(i.underlying, i.expiryMs!);
    const vol = expired ? 0 : m.vol(i.underlying, i.expiryMs!, i.strike!);
    return size * unitValue(i, { index: S, forward: F, vol, years: (i.expiryMs! - m.asOfMs) / MS_PER_YEAR, expired });
  }
  if ((i.kind === 'future' || i.kind === 'perpetual') && p.averagePrice !== undefined) {
    const mark = i.kind === 'future' && i.expiryMs! > m.asOfMs ? m.forward(i.underlying, i.expiryMs!) : S;
    const avg = p.averagePrice.toNumber();
    return i.settlement === 'inverse' ? size * (1 / avg - 1 / mark) : size * (mark - avg);
  }
  return 0;
}

/** Equity per currency at `m`: balances + position values settling in that currency. */
export function equityByCurrency(m: MarketView, input: MarginInput): Map<string, number> {
  const out = new Map<string, number>();
  for (const [c, b] of input.balances) out.set(c, b.toNumber());
  for (const p of input.positions) {
    const c = p.inst.settlementCurrency.toUpperCase();
    out.set(c, (out.get(c) ?? 0) + positionEquity(m, p));
  }
  return out;
}

const DOWN = [-0.01, -0.02, -0.05, -0.1, -0.15, -0.2, -0.3, -0.4, -0.5, -0.6, -0.7, -0.8, -0.9, -0.95];
const UP = [0.01, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 3, 5];

/**
 * First move along `grid` (away from 0) where `f` turns negative, refined by bisection to
 * 1e-6 (a ten-thousandth of a percent); `0` when already negative; null when it never does on the grid.
 */
export function firstRoot(f: (m: number) => number, grid: number[]): number | null {
  let prev = 0;
  if (f(0) < 0) return 0;
  for (const m of grid) {
    if (f(m) < 0) {
      let lo = prev, hi = m;
      for (let k = 0; k < 60 && Math.abs(hi - lo) > 1e-6; k++) {
        const mid = 0.5 * (lo + hi);
        if (f(mid) < 0) hi = mid; else lo = mid;
      }
      return hi;
    }
    prev = m;
  }
  return null;
}

/** Margin per currency of a (sub-)book at a market (float64, settlement currency or USD). */
export type BookMarginAt = (market: MarketView, book: MarginInput) => Map<string, { im: number; mm: number }>;
/** Equity per currency of a (sub-)book at a market. */
export type BookEquityAt = (market: MarketView, book: MarginInput) => Map<string, number>;

/** Margins and equity per currency of a sub-book at one market. */
export interface ProbeValue { margin: Map<string, { im: number; mm: number }>; equity: Map<string, number> }

/**
 * A prepared evaluator of one sub-book (the positions on `underlying`, plus that coin's balance
 * in cross mode): `base` at the unshifted market, `at(move)` at the market with that
 * underlying's index and forwards scaled by (1 + move). Methods supply one to reuse work across
 * the probes of a root search (parse and aggregate the book once, price each instrument once per
 * move); it must return exactly what `marginAt`/`equityAt` return at `shiftedMarket(m, u, move)`.
 */
export type SubBookProbe = (book: MarginInput, underlying: string) => { base: ProbeValue; at(move: number): ProbeValue };

/**
 * `equityByCurrency` prepared for one book and evaluated at many markets: the book is walked
 * once, each option instrument is valued once per market (not once per position), and the sums
 * are taken in the same order with the same operations, so results are identical.
 */
export function equityEvaluator(input: MarginInput): (m: MarketView) => Map<string, number> {
  const ccys: string[] = [];
  const ccyIndex = new Map<string, number>();
  const init: number[] = [];
  const slot = (c: string, v: number) => { let k = ccyIndex.get(c); if (k === undefined) { k = ccys.length; ccyIndex.set(c, k); ccys.push(c); init.push(v); } return k; };
  for (const [c, b] of input.balances) slot(c, b.toNumber());
  const n = input.positions.length;
  const pCcy = new Int32Array(n);
  const pOpt = new Int32Array(n).fill(-1);
  const pSize = new Float64Array(n);
  const options: MarginPosition['inst'][] = [];
  const optIndex = new Map<string, number>();
  input.positions.forEach((p, i) => {
    pCcy[i] = slot(p.inst.settlementCurrency.toUpperCase(), 0);
    if (p.inst.kind !== 'option') return;
    pSize[i] = p.size.toNumber();
    let k = optIndex.get(p.inst.symbol);
    if (k === undefined) { k = options.length; optIndex.set(p.inst.symbol, k); options.push(p.inst); }
    pOpt[i] = k;
  });
  const unit = new Float64Array(options.length);
  return (m) => {
    for (let k = 0; k < options.length; k++) unit[k] = optionUnitEquity(m, options[k]);
    const acc = Float64Array.from(init);
    for (let i = 0; i < n; i++) {
      const k = pOpt[i];
      acc[pCcy[i]] += k >= 0 ? pSize[i] * unit[k] : positionEquity(m, input.positions[i]);
    }
    const out = new Map<string, number>();
    ccys.forEach((c, k) => out.set(c, acc[k]));
    return out;
  };
}

/** A subset of a list with distinct ids has distinct ids. */
function subsetOf(all: readonly MarginPosition[], sub: MarginPosition[]): MarginPosition[] {
  return idsUnique(all) ? markIdsUnique(sub) : sub;
}

/** Unit value at marks of an option (the factor `positionEquity` multiplies by the size). */
function optionUnitEquity(m: MarketView, i: MarginPosition['inst']): number {
  const S = m.index(i.underlying);
  const expired = i.expiryMs! <= m.asOfMs;
  const F = expired ? S : m.forward(i.underlying, i.expiryMs!);
  const vol = expired ? 0 : m.vol(i.underlying, i.expiryMs!, i.strike!);
  return unitValue(i, { index: S, forward: F, vol, years: (i.expiryMs! - m.asOfMs) / MS_PER_YEAR, expired });
}

/**
 * The account view for a method whose margins at a market are given by `marginAt`. Moving one
 * underlying changes only that underlying's groups and positions, so each root search
 * re-evaluates the sub-book on that underlying (and, in cross mode, that coin's balance) and
 * adds the constant rest: value(m) = full(0) − sub(0) + sub(m). Evaluations are memoised per
 * (underlying, move) and shared by every currency's MM and IM roots; `opts.probe` lets a method
 * prepare each sub-book once for all its probes.
 */
export function accountView(
  m: MarketView, input: MarginInput, marginAt: BookMarginAt,
  opts: { equityAt?: BookEquityAt; cross?: boolean; usdDecimals?: number; coinDecimals?: number; probe?: SubBookProbe } = {},
): AccountViewDto {
  const usdDecimals = opts.usdDecimals ?? DEFAULT_USD_DECIMALS, coinDecimals = opts.coinDecimals ?? 9;
  const equityAt = opts.equityAt ?? ((mk: MarketView, b: MarginInput) => equityByCurrency(mk, b));
  const probe: SubBookProbe = opts.probe ?? ((book, u) => ({
    base: { margin: marginAt(m, book), equity: equityAt(m, book) },
    at: (move) => { const mk = shiftedMarket(m, u, move); return { margin: marginAt(mk, book), equity: equityAt(mk, book) }; },
  }));
  const base = marginAt(m, input);
  const eq = equityAt(m, input);
  const ccys = [...new Set([...eq.keys(), ...base.keys()])].sort();
  const dp = (c: string) => (USD_LIKE.has(c) ? usdDecimals : coinDecimals);
  const rate = (c: string) => { if (USD_LIKE.has(c) || c === 'USD') return 1; try { return m.index(c); } catch { return NaN; } };
  const r = (x: number, c: string) => toDecimalString(roundHalfEven(fromFloat(x), dp(c)));
  const currencies: AccountCurrencyDto[] = ccys.map((c) => {
    const e = eq.get(c) ?? 0;
    const mg = base.get(c) ?? { im: 0, mm: 0 };
    const usd = e * rate(c);
    return {
      currency: c, balance: toDecimalString(input.balances.get(c) ?? new Dec(0)), equity: r(e, c),
      equityUsd: Number.isFinite(usd) ? toDecimalString(roundUsd(fromFloat(usd), usdDecimals)) : '0',
      initialMargin: r(mg.im, c), maintenanceMargin: r(mg.mm, c),
      marginRatio: e > 0 ? toDecimalString(roundHalfEven(fromFloat(mg.mm / e), 6)) : null,
      availableFunds: r(e - mg.im, c),
    };
  });
  const liquidation: LiquidationDistanceDto[] = [];
  const pairs = new Set(input.positions.map((p) => `${opts.cross ? 'USD' : p.inst.settlementCurrency.toUpperCase()}|${p.inst.underlying}`));
  const subs = new Map<string, { base: ProbeValue; at(move: number): ProbeValue; memo: Map<number, ProbeValue> }>();
  for (const key of [...pairs].sort()) {
    const [c, u] = key.split('|');
    let sub = subs.get(u);
    if (!sub) {
      const book: MarginInput = {
        positions: subsetOf(input.positions, input.positions.filter((p) => p.inst.underlying === u)),
        balances: opts.cross ? new Map([...input.balances].filter(([ccy]) => ccy === u)) : new Map(),
      };
      sub = { ...probe(book, u), memo: new Map() };
      subs.set(u, sub);
    }
    const { base: { margin: margin0, equity: equity0 }, memo } = sub;
    const evalAt = sub.at;
    const S = m.index(u);
    const rest = { eq: (eq.get(c) ?? 0) - (equity0.get(c) ?? 0), im: (base.get(c)?.im ?? 0) - (margin0.get(c)?.im ?? 0), mm: (base.get(c)?.mm ?? 0) - (margin0.get(c)?.mm ?? 0) };
    const at = (move: number) => {
      let pv = memo.get(move);
      if (!pv) { pv = evalAt(move); memo.set(move, pv); }
      const mg = pv.margin.get(c);
      return { eq: rest.eq + (pv.equity.get(c) ?? 0), im: rest.im + (mg?.im ?? 0), mm: rest.mm + (mg?.mm ?? 0) };
    };
    const toMm = (mv: number) => { const v = at(mv); return v.eq - v.mm; };
    const toIm = (mv: number) => { const v = at(mv); return v.eq - v.im; };
    const point = (mv: number | null) => (mv === null ? null : { move: mv, price: S * (1 + mv) });
    const nearest = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.abs(a) <= Math.abs(b) ? a : b);
    liquidation.push({
      underlying: u, currency: c, index: S,
      toMaintenance: point(nearest(firstRoot(toMm, DOWN), firstRoot(toMm, UP))),
      toInitial: point(nearest(firstRoot(toIm, DOWN), firstRoot(toIm, UP))),
      searched: { down: DOWN[DOWN.length - 1], up: UP[UP.length - 1] },
    });
  }
  return { currencies, liquidation };
}
