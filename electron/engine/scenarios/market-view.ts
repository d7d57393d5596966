/**
 * The market data a scenario needs, stated structurally so the engine's `MarketSnapshot`
 * (electron/engine/market-data) satisfies it without this module importing instruments or pricing.
 */

/** Read-only market view: times in epoch milliseconds, vols as decimals. */
export interface MarketView {
  readonly asOfMs: number;
  index(underlying: string): number;
  forward(underlying: string, expiryMs: number): number;
  vol(underlying: string, expiryMs: number, strike: number): number;
}

/** Milliseconds per day and per (365-day) year: Derive/Deribit time convention (margin-methods.md §6.1). */
export const MS_PER_DAY = 86_400_000;
export const MS_PER_YEAR = 365 * MS_PER_DAY;
