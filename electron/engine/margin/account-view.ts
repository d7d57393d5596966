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
import type { MarginInput, MarginPosition } from './margin-input';
import { unitValue } from './valuation';
import { USD_LIKE } from './deribit-params';

/** Margin per currency from one method run at one market (float64, settlement currency). */
export type MarginAt = (market: MarketView) => Map<string, { im: number; mm: number }>;

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
 * 1e-7; `0` when already negative; null when it never does on the grid.
 */
export function firstRoot(f: (m: number) => number, grid: number[]): number | null {
  let prev = 0;
  if (f(0) < 0) return 0;
  for (const m of grid) {
    if (f(m) < 0) {
      let lo = prev, hi = m;
      for (let k = 0; k < 60 && Math.abs(hi - lo) > 1e-7; k++) {
        const mid = 0.5 * (lo + hi);
        if (f(mid) < 0) hi = mid; else lo = mid;
      }
      return hi;
    }
    prev = m;
  }
  return null;
}

/** The account view for a method whose margins at a market are given by `marginAt`. */
export function accountView(
  m: MarketView, input: MarginInput, marginAt: MarginAt,
  opts: { equityAt?: (m: MarketView) => Map<string, number>; cross?: boolean; usdDecimals?: number; coinDecimals?: number } = {},
): AccountViewDto {
  const usdDecimals = opts.usdDecimals ?? 2, coinDecimals = opts.coinDecimals ?? 9;
  const equityAt = opts.equityAt ?? ((mk: MarketView) => equityByCurrency(mk, input));
  const base = marginAt(m);
  const eq = equityAt(m);
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
      equityUsd: Number.isFinite(usd) ? toDecimalString(roundHalfEven(fromFloat(usd), usdDecimals)) : '0',
      initialMargin: r(mg.im, c), maintenanceMargin: r(mg.mm, c),
      marginRatio: e > 0 ? toDecimalString(roundHalfEven(fromFloat(mg.mm / e), 6)) : null,
      availableFunds: r(e - mg.im, c),
    };
  });
  const liquidation: LiquidationDistanceDto[] = [];
  const pairs = new Set(input.positions.map((p) => `${opts.cross ? 'USD' : p.inst.settlementCurrency.toUpperCase()}|${p.inst.underlying}`));
  for (const key of [...pairs].sort()) {
    const [c, u] = key.split('|');
    const S = m.index(u);
    const gap = (which: 'im' | 'mm') => (move: number) => {
      const mk = shiftedMarket(m, u, move);
      return (equityAt(mk).get(c) ?? 0) - (marginAt(mk).get(c)?.[which] ?? 0);
    };
    const at = (mv: number | null) => (mv === null ? null : { move: mv, price: S * (1 + mv) });
    const toMm = gap('mm'), toIm = gap('im');
    const dn = firstRoot(toMm, DOWN), up = firstRoot(toMm, UP);
    const dnI = firstRoot(toIm, DOWN), upI = firstRoot(toIm, UP);
    const nearest = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.abs(a) <= Math.abs(b) ? a : b);
    liquidation.push({
      underlying: u, currency: c, index: S, toMaintenance: at(nearest(dn, up)), toInitial: at(nearest(dnI, upI)),
      searched: { down: DOWN[DOWN.length - 1], up: UP[UP.length - 1] },
    });
  }
  return { currencies, liquidation };
}
