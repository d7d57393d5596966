/**
 * Every method side by side on the 20,000-position synthetic book (issue 10 Performance: "all
 * seven methods … in under 150 ms together"): `runMargins`, the registry's one call for every
 * method with the book and market parsed once (what `pmdesk margin --method all` and a report of
 * several methods run), against the in-run baseline of one `runMargin` per method (a parse each).
 * Figures as the fresh runs of method-session.bench.ts take them: `account: false, marginal:
 * false`. Main-thread CPU beside wall time (the machine may be shared), and the load average.
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { MARGIN_METHODS, runMargin, runMargins } from '../electron/engine/margin/registry';
import { syntheticMarket, syntheticPositions } from '../electron/engine/margin/synthetic-book';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
const cpuMs = () => { const c = process.threadCpuUsage(); return (c.user + c.system) / 1000; };

/** Run and print the side-by-side benchmark. */
export async function runMethodCompareBench(): Promise<void> {
  const syn = syntheticMarket(['BTC', 'ETH', 'SOL'], 767);
  const book = { id: 'bench-20k', name: 'bench-20k', balances: [], positions: syntheticPositions(syn.options.slice(0, 2000), 20_000) };
  const ids = Object.keys(MARGIN_METHODS);
  const runs = ids.map((methodId) => ({ methodId }));
  const opts = { account: false, marginal: false };
  console.log(`book: ${book.positions.length} positions, ${ids.length} methods (${ids.join(', ')}); load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  const each = () => { for (const methodId of ids) runMargin({ methodId, portfolio: book, snapshot: syn.market, ...opts }); };
  const together = () => { const out = runMargins(runs, book, syn.market, opts); if (!out.every((o) => o.ok)) throw new Error('a method failed'); };
  for (let i = 0; i < 2; i++) { each(); together(); }
  const wall = { each: [] as number[], together: [] as number[] }, cpu = { each: [] as number[], together: [] as number[] };
  for (let rep = 0; rep < 7; rep++) {
    for (const [k, fn] of [['each', each], ['together', together]] as const) {
      const t = performance.now(), c = cpuMs();
      fn();
      wall[k].push(performance.now() - t); cpu[k].push(cpuMs() - c);
    }
  }
  const f = (x: number) => `${x.toFixed(1)} ms`;
  console.log(`one runMargin per method (in-run baseline): median ${f(median(wall.each))} (CPU ${f(median(cpu.each))})`);
  console.log(`runMargins, one parse for all methods:     median ${f(median(wall.together))} (CPU ${f(median(cpu.together))}), ${(median(wall.each) / median(wall.together)).toFixed(2)}× the baseline   target < 150 ms`);
  console.log(`load average after ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
}
