/**
 * The account view and marginal IM of a method that margins a whole book in USD (one `USD`
 * currency, as the Derive-style and SPAN-style methods do): equity Σ equity_c · USD rate (coins
 * at the index, USD-like at par), liquidation searches per underlying in USD, and per-position
 * IM with − IM without.
 */
import type { AccountViewDto } from '../../../shared/domain/dto/margin-result.dto';
import type { MarketView } from '../scenarios/market-view';
import { accountView, equityByCurrency } from './account-view';
import type { MarginInput, MarginPosition } from './margin-input';
import { USD_LIKE } from './usd';

/** IM and MM (USD, float) of a book at a market. */
export type UsdTotalsAt = (market: MarketView, book: MarginInput) => { im: number; mm: number };

/** Σ equity_c · USD rate of `book` at `m`. */
export function usdEquity(m: MarketView, book: MarginInput): number {
  let t = 0;
  for (const [c, e] of equityByCurrency(m, book)) t += e * (USD_LIKE.has(c) || c === 'USD' ? 1 : m.index(c));
  return t;
}

/** The account view in USD; `base` is the run's own figures for the whole book at `market` (not recomputed). */
export function usdAccountView(market: MarketView, input: MarginInput, totalsAt: UsdTotalsAt, base: { im: number; mm: number }, usdDecimals: number): AccountViewDto {
  return accountView(market, input, (mk, book) => new Map([['USD', mk === market && book === input ? base : totalsAt(mk, book)]]), {
    cross: true, usdDecimals, equityAt: (mk, book) => new Map([['USD', usdEquity(mk, book)]]),
  });
}

/** Marginal IM per position is computed only up to this many positions (one re-run of its underlying each). */
export const MARGINAL_LIMIT = 500;

/**
 * IM of `p`'s underlying with `p` minus without it (USD, float), re-running `totalsAt` on the
 * underlying's positions; `withIm` is the IM of that underlying with `p`.
 */
export function marginalIm(market: MarketView, input: MarginInput, p: MarginPosition, withIm: number, totalsAt: UsdTotalsAt): number {
  const rest: MarginInput = { positions: input.positions.filter((q) => q.inst.underlying === p.inst.underlying && q !== p), balances: new Map() };
  return withIm - totalsAt(market, rest).im;
}
