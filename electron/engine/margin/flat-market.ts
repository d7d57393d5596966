/** A market view with one index per underlying, forwards equal to the index and one vol (examples, tests, what-if sketches). */
import type { MarketView } from '../scenarios/market-view';

export function flatMarket(asOfMs: number, index: Record<string, number>, vol = 0.5): MarketView {
  return { asOfMs, index: (u) => index[u], forward: (u) => index[u], vol: () => vol };
}
