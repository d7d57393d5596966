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
import { idsUnique, markIdsUnique, sizeNumber, type MarginInput, type MarginPosition } from './margin-input';
import { unitValue } from './valuation';
import { DEFAULT_USD_DECIMALS, roundUsd, USD_LIKE } from './usd';


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
  const size = sizeNumber(p);
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

/** Positions on an underlying from which `perCurrency` narrows its sub-books to one currency. */
const NARROW_FROM = 64;

/** Width of the final bracket of a root search (a ten-thousandth of a percent of spot). */
export const ROOT_TOLERANCE = 1e-6;
/** Smallest step of a refinement probe: just under half the tolerance, so a step past a root closes the bracket. */
const MIN_STEP = 0.49 * ROOT_TOLERANCE;

/** Interpolation steps after which `refineRoot` only bisects (bounds its evaluations). */
const MAX_INTERPOLATED = 30;

/**
 * Refine a bracket of `f`: `a` with f(a) ≥ 0 (or NaN: "not negative", as bisection reads it),
 * `b` with f(b) < 0. Returns a point `x` with f(x) < 0 such that some evaluated point `y`
 * between `a` and `x`, |x − y| ≤ 1e-6, has f(y) not negative: `f` changes sign within 1e-6 of
 * `x`, between `a` and `x` — the guarantee of bisection to 1e-6 (which returned its negative end
 * the same way), in fewer evaluations: typically 3–6 instead of 15–20 on the account view's
 * brackets. The method is Brent's zeroin on the classes "negative" / "not negative" (inverse
 * quadratic or secant steps kept inside the bracket, bisection whenever they do not shrink it
 * fast enough, so kinks, rounding steps and NaN values still converge), with steps of at least
 * `MIN_STEP` so that it ends by stepping just past the root, and bisection only after
 * `MAX_INTERPOLATED` steps (at most ~55 evaluations on a bracket of width 6). `known` are points
 * where `f` is already known (e.g. probes of the other search on the same book): the bracket first
 * shrinks to the first sign change among those inside it, counted from `a`.
 */
export function refineRoot(f: (m: number) => number, a: number, b: number, known: Iterable<number> = []): number {
  let fa = f(a), fb = f(b);
  const inside = [...known].filter((x) => (x - a) * (b - x) > 0).sort((x, y) => Math.abs(x - a) - Math.abs(y - a));
  for (const x of inside) {
    const fx = f(x);
    if (fx < 0) { b = x; fb = fx; break; }
    a = x; fa = fx;
  }
  // Brent's zeroin; b is the latest estimate, c the end of the bracket on the other side of it.
  const neg = (v: number) => v < 0;
  let c = a, fc = fa, d = b - a, e = d;
  for (let k = 0; ; k++) {
    if (neg(fb) === neg(fc)) { c = a; fc = fa; d = b - a; e = d; }
    if (Math.abs(fc) < Math.abs(fb)) { a = b; b = c; c = a; fa = fb; fb = fc; fc = fa; }
    const xm = 0.5 * (c - b);
    if (Math.abs(c - b) <= ROOT_TOLERANCE) break;
    if (k < MAX_INTERPOLATED && Math.abs(e) >= MIN_STEP && Math.abs(fa) > Math.abs(fb)) {
      const s = fb / fa;
      let p: number, q: number;
      if (a === c) { p = 2 * xm * s; q = 1 - s; } else {
        const qa = fa / fc, r = fb / fc;
        p = s * (2 * xm * qa * (qa - r) - (b - a) * (r - 1));
        q = (qa - 1) * (r - 1) * (s - 1);
      }
      if (p > 0) q = -q; else p = -p;
      if (2 * p < Math.min(3 * xm * q - Math.abs(MIN_STEP * q), Math.abs(e * q))) { e = d; d = p / q; } else { d = xm; e = d; }
    } else { d = xm; e = d; }
    a = b; fa = fb;
    b += Math.abs(d) > MIN_STEP ? d : xm > 0 ? MIN_STEP : -MIN_STEP;
    fb = f(b);
  }
  return neg(fb) ? b : c;
}

/**
 * First move along `grid` (away from 0) where `f` turns negative, refined to 1e-6 inside the
 * bracket (previous grid point, that point] by `refineRoot`; `0` when already negative at 0;
 * null when it never does on the grid.
 */
export function firstRoot(f: (m: number) => number, grid: number[], known?: Iterable<number>): number | null {
  let prev = 0;
  if (f(0) < 0) return 0;
  for (const m of grid) {
    if (f(m) < 0) return refineRoot(f, prev, m, known);
    prev = m;
  }
  return null;
}

/**
 * `nearest(firstRoot(f, down), firstRoot(f, up))` — the root of smaller magnitude, the `down`
 * one on a tie — without the evaluations that cannot change it: both grids are scanned together
 * by increasing magnitude, a side stops once the other side's first negative point is no farther
 * from 0 than its last non-negative point (its own root would be farther), and only brackets
 * that can hold the nearest root are refined.
 */
export function nearestRoot(f: (m: number) => number, down: number[], up: number[], known?: () => Iterable<number>): number | null {
  if (f(0) < 0) return 0;
  let pd = 0, pu = 0, i = 0, j = 0;
  let md: number | undefined, mu: number | undefined;
  for (;;) {
    const openD = md === undefined && i < down.length && !(mu !== undefined && Math.abs(mu) <= Math.abs(pd));
    const openU = mu === undefined && j < up.length && !(md !== undefined && Math.abs(md) <= Math.abs(pu));
    if (!openD && !openU) break;
    if (openD && (!openU || Math.abs(down[i]) <= Math.abs(up[j]))) { const m = down[i++]; if (f(m) < 0) md = m; else pd = m; }
    else { const m = up[j++]; if (f(m) < 0) mu = m; else pu = m; }
  }
  // A root lies in (p, m]: its magnitude is above |p| and at most |m|.
  const refineD = md !== undefined && !(mu !== undefined && Math.abs(mu) <= Math.abs(pd));
  const refineU = mu !== undefined && !(md !== undefined && Math.abs(md) <= Math.abs(pu));
  const rd = refineD ? refineRoot(f, pd, md!, known?.()) : null;
  const ru = refineU ? refineRoot(f, pu, mu!, known?.()) : null;
  return rd === null ? ru : ru === null ? rd : Math.abs(rd) <= Math.abs(ru) ? rd : ru;
}

/** Margin per currency of a (sub-)book at a market (float64, settlement currency or USD). */
export type BookMarginAt = (market: MarketView, book: MarginInput) => Map<string, { im: number; mm: number }>;
/** Equity per currency of a (sub-)book at a market. */
export type BookEquityAt = (market: MarketView, book: MarginInput) => Map<string, number>;

/** Margins and equity per currency of a sub-book at one market. */
export interface ProbeValue { margin: Map<string, { im: number; mm: number }>; equity: Map<string, number> }

/**
 * A prepared evaluator of one sub-book (the positions on `underlying` — with `perCurrency`, on
 * large books, only those settling in one currency — plus that coin's balance in cross mode):
 * `base` at the unshifted market, `at(move)` at the market with that underlying's index and
 * forwards scaled by (1 + move). Methods supply one to reuse work across the probes of a root
 * search (parse and aggregate the book once, price each instrument once per move); it must return
 * exactly what `marginAt`/`equityAt` return at `shiftedMarket(m, u, move)`. `key` names the
 * sub-book (`subBookKey`): the underlying, or currency and underlying when narrowed by
 * `perCurrency`. A cache of probes across runs (a service session) keys on it, not only on the
 * underlying, and drops a key when a position of that sub-book changes.
 */
export type SubBookProbe = (book: MarginInput, underlying: string, key: string) => { base: ProbeValue; at(move: number): ProbeValue };

/**
 * The key `accountView` gives a sub-book: `underlying` for every position on it (and in cross
 * mode its coin's balance), `currency|underlying` for those settling in `currency` (`perCurrency`).
 */
export function subBookKey(underlying: string, currency?: string): string {
  return currency === undefined ? underlying : `${currency}|${underlying}`;
}

/**
 * `equityByCurrency` prepared for one book and evaluated at many markets: the book is walked
 * once, each option instrument is valued once per market (not once per position), and the sums
 * are taken in the same order with the same operations, so results are identical.
 */
export interface EquityEvaluator {
  /**
   * Equity per currency at `m`. `units`, when given, are the option unit values at `m` in the
   * order of `options` (instead of valuing them here); they must be exactly what
   * `positionEquity` multiplies by the size — e.g. the base values of the instruments' rows in
   * settlement-currency risk arrays priced at `m` (same inputs, same `unitValue`).
   */
  (m: MarketView, units?: ArrayLike<number>): Map<string, number>;
  /** The book's option instruments, each once, in first-appearance order. */
  readonly options: readonly MarginPosition['inst'][];
}

/** Prepare `equityByCurrency` for `input` (see {@link EquityEvaluator}). */
export function equityEvaluator(input: MarginInput): EquityEvaluator {
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
  // Per instrument object (positions on one instrument usually share it): currency slot and option index.
  const byInst = new Map<MarginPosition['inst'], { c: number; k: number }>();
  for (let i = 0; i < n; i++) {
    const p = input.positions[i];
    let e = byInst.get(p.inst);
    if (!e) {
      e = { c: slot(p.inst.settlementCurrency.toUpperCase(), 0), k: -1 };
      if (p.inst.kind === 'option') {
        let k = optIndex.get(p.inst.symbol);
        if (k === undefined) { k = options.length; optIndex.set(p.inst.symbol, k); options.push(p.inst); }
        e.k = k;
      }
      byInst.set(p.inst, e);
    }
    pCcy[i] = e.c;
    if (e.k < 0) continue;
    pSize[i] = sizeNumber(p);
    pOpt[i] = e.k;
  }
  const unit = new Float64Array(options.length);
  const cols: EquityColumns = { n, pCcy, pOpt, pSize, positions: input.positions };
  const evaluate = (m: MarketView, units?: ArrayLike<number>) => {
    const u = units ?? unit;
    if (!units) for (let k = 0; k < options.length; k++) unit[k] = optionUnitEquity(m, options[k]);
    const acc = Float64Array.from(init);
    accumulateEquity(cols, m, u, acc);
    const out = new Map<string, number>();
    for (let k = 0; k < ccys.length; k++) out.set(ccys[k], acc[k]);
    return out;
  };
  return Object.assign(evaluate, { options });
}

/** A book walked once by `equityEvaluator`: per position its currency slot, option index (or −1) and float size. */
interface EquityColumns { n: number; pCcy: Int32Array; pOpt: Int32Array; pSize: Float64Array; positions: readonly MarginPosition[] }

/**
 * `acc[currency slot] += value of each position`, in book order (the sums `equityByCurrency`
 * takes). A function of its own, called once per evaluation: the loop is what gets hot, and an
 * on-stack-replaced copy of a function whose code after the loop had never run (the result map)
 * was thrown away at that code on every probe of a root search (V8 deopt: insufficient feedback).
 */
function accumulateEquity(c: EquityColumns, m: MarketView, u: ArrayLike<number>, acc: Float64Array): void {
  const { n, pCcy, pOpt, pSize, positions } = c;
  for (let i = 0; i < n; i++) {
    const k = pOpt[i];
    acc[pCcy[i]] += k >= 0 ? pSize[i] * u[k] : positionEquity(m, positions[i]);
  }
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
 * adds the constant rest: value(m) = full(0) − sub(0) + sub(m); at m = 0 the value is the
 * account's own figures, full(0) (so "already below" agrees with the figures shown), and a
 * sub-book is prepared only when a search needs a move other than 0. With `opts.perCurrency`
 * (segregated methods, where a currency's margins and equity depend only on the positions
 * settling in it) an underlying with at least `NARROW_FROM` positions gets one sub-book per
 * settlement currency, so a probe re-prices only that currency's instruments. Evaluations are
 * memoised per sub-book and move and shared by the MM and IM searches (and by every currency's
 * when not narrowed); `opts.probe` lets a method prepare each sub-book once for all its probes.
 *
 * Each root is `nearestRoot(value, DOWN, UP)`: the grid point nearest to 0 where the value is
 * negative (0 when it already is at 0; null when nowhere on the grid), refined by `refineRoot`
 * inside (previous grid point, that point] to a move where the value is negative and a probed
 * point at most 1e-6 nearer to 0 where it is not — a sign change lies within 1e-6 of the move
 * reported, in the first grid interval where the value turns negative (when the value crosses
 * once in that interval, as it does on smooth books, that crossing). A pair's searches see only
 * its own values and probes, so the roots do not depend on `perCurrency` or on the order of pairs.
 * The grid scan never stops early: a pair that does not reach the line must be probed at every
 * grid point, because no bound of a sub-book's equity minus margin over the grid is both safe
 * (the float evaluation is not guaranteed monotone in spot) and tight enough to replace a probe
 * (Σ|size| × forward exceeds the cushion on the bench book; figures in docs/cli.md).
 */
export function accountView(
  m: MarketView, input: MarginInput, marginAt: BookMarginAt,
  opts: { equityAt?: BookEquityAt; cross?: boolean; usdDecimals?: number; coinDecimals?: number; probe?: SubBookProbe; perCurrency?: boolean } = {},
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
  // (currency, underlying) pairs searched, and the positions per underlying and per (settlement
  // currency, underlying), in book order. Both lists of a position are found by one lookup per
  // instrument object (positions on one instrument usually share it), not per position.
  const pairs = new Set<string>();
  const onUnderlying = new Map<string, MarginPosition[]>();
  const onSettlement = new Map<string, MarginPosition[]>();
  const listsOf = new Map<MarginPosition['inst'], { u: MarginPosition[]; cu: MarginPosition[] }>();
  let lastInst: MarginPosition['inst'] | undefined, last: { u: MarginPosition[]; cu: MarginPosition[] } | undefined;
  for (const p of input.positions) {
    if (p.inst !== lastInst) {
      lastInst = p.inst;
      last = listsOf.get(p.inst);
      if (!last) {
        const u = p.inst.underlying, ccy = p.inst.settlementCurrency.toUpperCase(), cu = subBookKey(u, ccy);
        pairs.add(`${opts.cross ? 'USD' : ccy}|${u}`);
        let lu = onUnderlying.get(u), lcu = onSettlement.get(cu);
        if (!lu) onUnderlying.set(u, (lu = []));
        if (!lcu) onSettlement.set(cu, (lcu = []));
        last = { u: lu, cu: lcu };
        listsOf.set(p.inst, last);
      }
    }
    last!.u.push(p);
    last!.cu.push(p);
  }
  // Narrowing to one currency prices fewer rows per probe, but probes are no longer shared
  // between currencies: worth it once rows, not the fixed cost of a probe, dominate. The roots
  // are the same either way (a pair's values and searches do not depend on it).
  const narrow = (u: string) => !!opts.perCurrency && !opts.cross && onUnderlying.get(u)!.length >= NARROW_FROM;
  const subs = new Map<string, { base: ProbeValue; at(move: number): ProbeValue; memo: Map<number, ProbeValue> }>();
  for (const key of [...pairs].sort()) {
    const [c, u] = key.split('|');
    const subKey = narrow(u) ? subBookKey(u, c) : subBookKey(u);
    const prepare = () => {
      let sub = subs.get(subKey);
      if (!sub) {
        const all = onUnderlying.get(u)!;
        const book: MarginInput = {
          positions: subsetOf(input.positions, narrow(u) ? onSettlement.get(subBookKey(u, c))! : all),
          balances: opts.cross ? new Map([...input.balances].filter(([ccy]) => ccy === u)) : new Map(),
        };
        sub = { ...probe(book, u, subKey), memo: new Map() };
        subs.set(subKey, sub);
      }
      return sub;
    };
    const S = m.index(u);
    const full = { eq: eq.get(c) ?? 0, im: base.get(c)?.im ?? 0, mm: base.get(c)?.mm ?? 0 };
    let rest: { eq: number; im: number; mm: number } | undefined;
    // Moves this pair's searches have evaluated (the memo may hold other currencies' too): the
    // searches depend only on this pair's values, with or without `perCurrency`.
    const seen = new Set<number>();
    const at = (move: number) => {
      if (move === 0) return full;
      const sub = prepare();
      if (!rest) {
        const { margin: margin0, equity: equity0 } = sub.base;
        rest = { eq: full.eq - (equity0.get(c) ?? 0), im: full.im - (margin0.get(c)?.im ?? 0), mm: full.mm - (margin0.get(c)?.mm ?? 0) };
      }
      let pv = sub.memo.get(move);
      if (!pv) { pv = sub.at(move); sub.memo.set(move, pv); }
      seen.add(move);
      const mg = pv.margin.get(c);
      return { eq: rest.eq + (pv.equity.get(c) ?? 0), im: rest.im + (mg?.im ?? 0), mm: rest.mm + (mg?.mm ?? 0) };
    };
    const toMm = (mv: number) => { const v = at(mv); return v.eq - v.mm; };
    const toIm = (mv: number) => { const v = at(mv); return v.eq - v.im; };
    const known = () => seen;
    const point = (mv: number | null) => (mv === null ? null : { move: mv, price: S * (1 + mv) });
    // IM first: its root is usually the nearer one, and its probes narrow the MM bracket.
    const toInitial = point(nearestRoot(toIm, DOWN, UP, known));
    const toMaintenance = point(nearestRoot(toMm, DOWN, UP, known));
    liquidation.push({ underlying: u, currency: c, index: S, toMaintenance, toInitial, searched: { down: DOWN[DOWN.length - 1], up: UP[UP.length - 1] } });
  }
  return { currencies, liquidation };
}
