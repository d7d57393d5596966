/**
 * Time measure of the engine: ACT/365 on epoch milliseconds, T = (t₁ − t₀) / (365·86 400 000).
 * This is what Deribit and Derive use (seconds to expiry / (365·86400); margin-methods.md §6.1
 * "Time"), so venue expiries at 08:00 UTC give the same T as the venue.
 */

/** Milliseconds in one ACT/365 year. */
export const MS_PER_YEAR = 365 * 86_400_000;

/** Year fraction ACT/365 from `fromMs` to `toMs` (negative when `toMs` is earlier). */
export function yearFraction(fromMs: number, toMs: number): number {
  return (toMs - fromMs) / MS_PER_YEAR;
}
