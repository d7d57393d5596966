/**
 * The pricing functions the margin engine calls, taken from the engine's pricing module
 * (electron/engine/pricing, one implementation of the Black-76 formulas shared with its kernel).
 * Deribit values options undiscounted (r = 0, margin-methods.md §6.1), so `discount = 1`.
 */
import { black76Value as coreValue, black76ValueDeltaAt } from '../pricing/black76-core';

const outV = new Float64Array(1);
const outD = new Float64Array(1);

/** Undiscounted Black-76 value in USD (quote currency) per unit of underlying. */
export function black76Value(isCall: boolean, forward: number, strike: number, vol: number, years: number): number {
  return coreValue(isCall ? 1 : -1, forward, strike, years, vol, 1);
}

/** Undiscounted Black-76 delta ∂V/∂F of the USD value (`N(d1)` for a call, `N(d1) − 1` for a put). */
export function black76Delta(isCall: boolean, forward: number, strike: number, vol: number, years: number): number {
  black76ValueDeltaAt(isCall ? 1 : -1, forward, strike, years, vol, 1, 0, outV, outD, 0);
  return outD[0];
}
