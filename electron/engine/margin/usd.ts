/**
 * The one named rounding step for USD figures the engine produces (margin totals, what-if
 * before/after/incremental, stress P&L totals): half-even to the parameter set's `usdDecimals`
 * (each method says which: `MarginMethod.usdDecimals`; default 6).
 * A total over currencies is the exact sum of the per-currency rounded figures.
 */
import { roundHalfEven, type Dec } from '../money';

/** Stable-coin and USD settlement currencies: valued at par (1 USD), rounded to `usdDecimals`. */
export const USD_LIKE: ReadonlySet<string> = new Set(['USD', 'USDC', 'USDT']);

/** Default decimal places of USD figures (as Deribit prints USD-like margins). */
export const DEFAULT_USD_DECIMALS = 6;

/** Round a USD amount to `usdDecimals` places, half-even. */
export function roundUsd(x: Dec, usdDecimals: number = DEFAULT_USD_DECIMALS): Dec {
  return roundHalfEven(x, usdDecimals);
}
