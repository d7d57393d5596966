/**
 * `hvar` benchmark (issue 10 performance: 1,000 days on the 20,000-position book under 500 ms).
 * Prints, on the margin bench's 20,000-position book (2,000 option instruments on BTC, ETH, SOL):
 * `runMargin` end to end with the default 1,000 daily returns (no account view), the same with
 * 2-day non-overlapping vol-scaled returns (500 scenarios), and as an in-run baseline `tims`
 * (10 valuation points) on the same book, so the figure can be read against this machine's load.
 */
import { performance } from 'node:perf_hooks';
import { runMargin } from '../electron/engine/margin/registry';
import { HVAR_ID } from '../electron/engine/margin/methods/hvar/id';
import { TIMS_ID } from '../electron/engine/margin/methods/tims/id';
import { syntheticMarket, syntheticPositions } from '../electron/engine/margin/synthetic-book';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(n: number, f: () => void): number {
  const out: number[] = [];
  for (let i = 0; i < n; i++) { const t = performance.now(); f(); out.push(performance.now() - t); }
  return median(out);
}

/** Run and print the hvar benchmark. */
export async function runHvarBench(): Promise<void> {
  const syn = syntheticMarket(['BTC', 'ETH', 'SOL'], 767);
  const positions = syntheticPositions(syn.options.slice(0, 2000), 20_000);
  const portfolio = { name: 'bench-20k', positions };
  const go = (methodId: string, params?: unknown) => runMargin({ methodId, portfolio, snapshot: syn.market, params, account: false });
  const scen = go(HVAR_ID).byCurrency.USD.vector.length;
  for (let i = 0; i < 3; i++) go(HVAR_ID);
  const hvar = time(7, () => go(HVAR_ID));
  const scaled = time(5, () => go(HVAR_ID, { horizonDays: 2, sampling: 'non-overlapping', volTreatment: 'scaled' }));
  for (let i = 0; i < 3; i++) go(TIMS_ID);
  const tims = time(7, () => go(TIMS_ID));
  const ms = (x: number) => `${x.toFixed(1)} ms`;
  console.log(`book: ${positions.length} positions, ${new Set(positions.map((p) => p.instrument)).size} instruments, 3 underlyings`);
  console.log(`hvar ${scen} daily returns, runMargin (no account view): ${ms(hvar)} (target < 500 ms)`);
  console.log(`hvar 2-day non-overlapping vol-scaled (500 scenarios): ${ms(scaled)}`);
  console.log(`baseline tims (10 points) on the same book: ${ms(tims)}`);
}

if (import.meta.url === `file://${process.argv[1]}`) await runHvarBench();
