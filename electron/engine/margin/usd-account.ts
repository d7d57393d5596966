/**
 * The account view and marginal IM of a method that margins a whole book in USD (one `USD`
 * currency, as the Derive-style and SPAN-style methods do): equity Σ equity_c · USD rate (coins
 * at the index, USD-like at par), liquidation searches per underlying in USD, and per-position
 * IM with − IM without.
 */
import type { AccountViewDto } from '../../../shared/domain/dto/margin-result.dto';
import type { MarketView } from '../scenarios/market-view';
import { accountView, equityByCurrency, equityEvaluator, shiftedMarket, type SubBookProbe } from './account-view';
import type { MarginInput, MarginPosition } from './margin-input';
import { USD_LIKE } from './usd';

/** IM and MM (USD, float) of a book at a market. */
export type UsdTotalsAt = (market: MarketView, book: MarginInput) => { im: number; mm: number };

/** Σ equity_c · USD rate of `book` at `m`. */
export function usdEquity(m: MarketView, book: MarginInput): number {
  return usdOf(m, equityByCurrency(m, book));
}

/** Σ equity_c · USD rate of a per-currency equity map at `m`. */
function usdOf(m: MarketView, e: Map<string, number>): number {
  let t = 0;
  for (const [c, x] of e) t += x * (USD_LIKE.has(c) || c === 'USD' ? 1 : m.index(c));
  return t;
}

/**
 * A method's margin of one sub-book (the positions on `underlying`) prepared once and evaluated
 * at the market with that underlying moved by `move` (`mk` = `shiftedMarket(market, underlying, move)`);
 * it must equal `totalsAt(mk, book)` (e.g. by re-pricing prepared risk arrays with `shiftedCopy`).
 */
export type PreparedUsdMargin = (book: MarginInput, underlying: string) => (mk: MarketView, move: number) => { im: number; mm: number };

/**
 * The account view in USD; `base` is the run's own figures for the whole book at `market` (not
 * recomputed). With `prepare`, the liquidation searches evaluate each sub-book through it (and
 * its equity with one valuation per option instrument) instead of a fresh `totalsAt` per probe.
 */
export function usdAccountView(market: MarketView, input: MarginInput, totalsAt: UsdTotalsAt, base: { im: number; mm: number }, usdDecimals: number, prepare?: PreparedUsdMargin): AccountViewDto {
  const probe: SubBookProbe | undefined = prepare && ((book, u) => {
    const at = prepare(book, u);
    const equityOf = equityEvaluator(book);
    const value = (mk: MarketView, move: number) => ({ margin: new Map([['USD', at(mk, move)]]), equity: new Map([['USD', usdOf(mk, equityOf(mk))]]) });
    return { base: value(market, 0), at: (move) => value(shiftedMarket(market, u, move), move) };
  });
  return accountView(market, input, (mk, book) => new Map([['USD', mk === market && book === input ? base : totalsAt(mk, book)]]), {
    cross: true, usdDecimals, equityAt: (mk, book) => new Map([['USD', usdEquity(mk, book)]]), ...(probe ? { probe } : {}),
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
