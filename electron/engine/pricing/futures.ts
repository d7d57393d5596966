/**
 * Futures and perpetuals valuation (delta-one), inverse and linear.
 *
 * Inverse (coin-settled, USD notional N; Deribit https://www.deribit.com/kb/futures): a long of N USD
 * entered at P0 is worth, in coin, N·(1/P0 − 1/P1) at price P1 (margin-methods.md §2.8 [DERIVED]);
 * its coin delta is ∂/∂P1 = N/P1², i.e. an exposure of N/P1 coin per 1.00 relative move.
 * Linear (quantity Q of coin, settled in the quote currency): Q·(P1 − P0), delta Q.
 */
import { requireFinite, requirePositive } from './pricing-types';

/** Coin P&L of an inverse future/perpetual: N·(1/P0 − 1/P1); N in USD (negative = short). */
export function inverseFuturePnl(notionalUsd: number, entryPrice: number, price: number): number {
  requireFinite('notionalUsd', notionalUsd);
  return notionalUsd * (1 / requirePositive('entryPrice', entryPrice) - 1 / requirePositive('price', price));
}

/** ∂(coin P&L)/∂P of an inverse future: N/P² (coin per USD). */
export function inverseFutureDelta(notionalUsd: number, price: number): number {
  requireFinite('notionalUsd', notionalUsd);
  const p = requirePositive('price', price);
  return notionalUsd / (p * p);
}

/** Coin-equivalent exposure of an inverse future, N/P (= P·∂PnL/∂P): what Deribit reports as its delta in coin. */
export function inverseFutureCoinDelta(notionalUsd: number, price: number): number {
  requireFinite('notionalUsd', notionalUsd);
  return notionalUsd / requirePositive('price', price);
}

/** Quote-currency P&L of a linear future/perpetual: Q·(P1 − P0), Q in coin (negative = short). */
export function linearFuturePnl(quantity: number, entryPrice: number, price: number): number {
  requireFinite('quantity', quantity);
  return quantity * (requirePositive('price', price) - requirePositive('entryPrice', entryPrice));
}
