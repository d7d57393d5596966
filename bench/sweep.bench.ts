/**
 * Parameter sweep benchmark (issue 10 §3 performance target: a 16-point sweep of `price_range` on
 * the 20k book under 50 ms). Prints, on the 20,000-position book of margin.bench.ts, beside the
 * baseline of one run of the same method in the same process (figures only, no account view or
 * marginal margin, as the sweep runs it):
 * - deribit-pm, `currency_pair.btc_usd.price_range` 0.10 → 0.25 in 16 steps (moves the scenarios:
 *   the first point builds the book, the other points' BTC grids are priced together, GridUnion);
 * - deribit-pm, `general.mm_factor` 0.5 → 0.9 in 16 steps (aggregation only: priced once);
 * - every method's `usdDecimals` 2 → 6 in 5 steps where it has one (aggregation only), total.
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseMarketSnapshot } from '../electron/engine/market-data';
import { parseMarginInput } from '../electron/engine/margin/margin-input';
import { MARGIN_METHODS } from '../electron/engine/margin/registry';
import { runSweep } from '../electron/engine/margin/sweep';
import { syntheticMarket, syntheticPositions } from '../electron/engine/margin/synthetic-book';
import { DERIBIT_PM_ID } from '../electron/engine/margin/methods/deribit-pm/id';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
function time(n: number, f: () => void): number {
  const out: number[] = [];
  for (let i = 0; i < n; i++) { const t = performance.now(); f(); out.push(performance.now() - t); }
  return median(out);
}
const fmt = (ms: number) => `${ms.toFixed(ms < 10 ? 3 : 1)} ms`;

/** Run and print the sweep benchmarks. */
export async function runSweepBench(): Promise<void> {
  const syn = syntheticMarket(['BTC', 'ETH', 'SOL'], 767);
  const positions = syntheticPositions(syn.options.slice(0, 2000), 20_000);
  const portfolio = { name: 'bench-20k', positions };
  const market = parseMarketSnapshot(syn.market);
  const input = parseMarginInput(portfolio);
  const pm = MARGIN_METHODS[DERIBIT_PM_ID];
  const one = (m = pm) => m.run({ input, market, account: false, marginal: false });
  // The sweep parses the book and the market once per call; the baseline run is from a parsed book.
  const sweep = (methodIds: string[], param: string, from: string, to: string, steps: number) => runSweep({ methodIds, portfolio, snapshot: market, param, from, to, steps });
  for (let i = 0; i < 5; i++) one();
  sweep([DERIBIT_PM_ID], 'currency_pair.btc_usd.price_range', '0.10', '0.25', 4);
  const base = time(11, () => one());
  const parse = time(5, () => parseMarginInput(portfolio));
  // 11 repetitions: medians of 5 moved by ±50 % on a shared machine.
  const priceRange = time(11, () => sweep([DERIBIT_PM_ID], 'currency_pair.btc_usd.price_range', '0.10', '0.25', 16));
  const mmFactor = time(11, () => sweep([DERIBIT_PM_ID], 'general.mm_factor', '0.5', '0.9', 16));
  console.log(`book: ${positions.length} positions, ${new Set(positions.map((p) => p.instrument)).size} instruments, 3 underlyings`);
  console.log(`baseline: one deribit-pm run from a parsed book (figures, no account view / marginal):  median ${fmt(base)}; parsing the book once: ${fmt(parse)}`);
  console.log(`sweep deribit-pm currency_pair.btc_usd.price_range 0.10→0.25, 16 points (grids re-priced): median ${fmt(priceRange)} = ${(priceRange / base).toFixed(1)} × baseline (target < 50 ms)`);
  console.log(`sweep deribit-pm general.mm_factor 0.5→0.9, 16 points (priced once):                 median ${fmt(mmFactor)} = ${(mmFactor / base).toFixed(1)} × baseline`);
  const ids = Object.values(MARGIN_METHODS).filter((m) => m.numericParams.some((p) => p.path === 'usdDecimals')).map((m) => m.id);
  const baseAll = time(3, () => { for (const id of ids) one(MARGIN_METHODS[id]); });
  const allDecimals = time(3, () => sweep(ids, 'usdDecimals', '2', '6', 5));
  console.log(`baseline: one run of each of ${ids.length} methods with usdDecimals:                      median ${fmt(baseAll)}`);
  console.log(`sweep usdDecimals 2→6, 5 points, the same ${ids.length} methods (priced once each):         median ${fmt(allDecimals)} = ${(allDecimals / baseAll).toFixed(1)} × baseline (5 fresh runs each would be 5.0 ×)`);
  console.log(`load average while measuring: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
}
