/**
 * Margin engine benchmark (issue 4 performance targets). Prints:
 * - 20,000 positions over 2,000 option instruments on 3 underlyings (`deribit-pm`):
 *   end-to-end `runMargin` (parse + price + margins + full explanation, no account view),
 *   engine run from a parsed book, one-size change re-run, add-an-instrument re-run;
 * - the account view (root searches for distance to liquidation / IM line, `account: true`) on the
 *   app's 18-position demo book and on the 20,000-position book, next to the same run without it;
 * - 200,000 positions × ~200 scenarios (20,000 instruments, `buckets_count` 32 → 195 + 8);
 * - peak RSS after each part.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { Dec } from '../electron/engine/money';
import { parseMarketSnapshot } from '../electron/engine/market-data';
import { resolveDeribitPmParams } from '../electron/engine/margin/methods/deribit-pm/deribit-params';
import { explainPm } from '../electron/engine/margin/methods/deribit-pm/deribit-pm-explain';
import { resolveMarginInstrument } from '../electron/engine/margin/instrument-adapter';
import { parseMarginInput } from '../electron/engine/margin/margin-input';
import { runMargin } from '../electron/engine/margin/registry';
import { buildPm } from '../electron/engine/margin/methods/deribit-pm/run-deribit-pm';
import { DeribitPm } from '../electron/engine/margin/methods/deribit-pm/deribit-pm';
import { DERIBIT_PM_CROSS_ID, DERIBIT_PM_ID } from '../electron/engine/margin/methods/deribit-pm/id';
import type { InstrumentBase } from '../electron/engine/margin/risk-arrays';
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

const rssMb = () => (process.resourceUsage().maxRSS / 1024).toFixed(0);
const fmt = (ms: number) => `${ms.toFixed(ms < 10 ? 3 : 1)} ms`;

/** Run and print the margin benchmarks. */
export async function runMarginBench(): Promise<void> {
  // Part 1: 20,000 positions over 2,000 option instruments on BTC, ETH, SOL (the rest of the
  // synthetic chain is kept aside as fresh instruments for the add-instrument figure).
  const syn = syntheticMarket(['BTC', 'ETH', 'SOL'], 767);
  const options = syn.options.slice(0, 2000);
  const positions = syntheticPositions(options, 20_000);
  const portfolio = { name: 'bench-20k', positions };
  const params = resolveDeribitPmParams();
  const market = parseMarketSnapshot(syn.market);
  console.log(`book: ${positions.length} positions, ${new Set(positions.map((p) => p.instrument)).size} unique option instruments, 3 underlyings, 35 scenarios`);

  // Warm: enough runs for the optimising compiler to settle (medians of a cold engine are not the figure).
  for (let i = 0; i < 10; i++) runMargin({ methodId: DERIBIT_PM_ID, portfolio, snapshot: syn.market, account: false });
  const endToEnd = time(21, () => runMargin({ methodId: DERIBIT_PM_ID, portfolio, snapshot: syn.market, account: false }));
  const endToEndNoMarginal = time(11, () => runMargin({ methodId: DERIBIT_PM_ID, portfolio, snapshot: syn.market, account: false, marginal: false }));
  const input = parseMarginInput(portfolio);
  const engineRun = time(11, () => { const pm = buildPm(market, params, input, 'segregated'); explainPm(pm, pm.compute({ marginal: true }), 6); });
  const marginsOnly = time(11, () => { buildPm(market, params, input, 'segregated').compute(); });

  const pm = buildPm(market, params, input, 'segregated');
  pm.compute({ marginal: true });
  const ids = input.positions.map((p) => p.id);
  let k = 0;
  const resize = time(201, () => {
    const p = input.positions[k++ % ids.length];
    pm.setPosition(p.id, p.inst, p.size.times(k % 2 === 0 ? '1.5' : '1'));
    pm.compute();
  });
  const resizeExplained = time(21, () => {
    const p = input.positions[k++ % ids.length];
    pm.setPosition(p.id, p.inst, p.size.times(k % 2 === 0 ? '1.5' : '1'));
    explainPm(pm, pm.compute({ marginal: true }), 6);
  });
  const fresh = syn.options.slice(2000);
  let j = 0;
  const addInstrument = time(Math.min(101, fresh.length), () => {
    const sym = fresh[j % fresh.length];
    pm.setPosition(`new${j++}`, resolveMarginInstrument(sym), new Dec('-1.5'));
    pm.compute();
  });
  console.log(`deribit-pm full explained run, end to end (parse + price + margins + marginal + explanation of every position): median ${fmt(endToEnd)} (target < 50 ms)`);
  console.log(`deribit-pm full run, end to end, explanation without marginal margin:                         median ${fmt(endToEndNoMarginal)}`);
  console.log(`deribit-pm full run from a parsed book (price + margins + marginal + explanation):           median ${fmt(engineRun)}`);
  console.log(`deribit-pm full run from a parsed book, margins only (price + vectors + IM/MM):               median ${fmt(marginsOnly)}`);
  console.log(`change one position's size and re-run (IM/MM, vectors, binding):                             median ${fmt(resize)}`);
  console.log(`change one position's size and re-run with marginal margin + full explanation:               median ${fmt(resizeExplained)}`);
  console.log(`add a new option instrument and re-run (prices only that instrument):                       median ${fmt(addInstrument)}`);
  console.log(`peak RSS after the 20,000-position benchmark: ${rssMb()} MB`);

  // Account view (the default `account: true`): per underlying, root searches over full
  // re-evaluations at shifted markets. The demo book is the app's (electron/service/demo).
  const demoDir = new URL('../electron/service/demo/', import.meta.url);
  const demoJson = JSON.parse(readFileSync(new URL('demo-portfolio.json', demoDir), 'utf8')) as { name: string; balances: { currency: string; amount: string }[]; positions: { instrument: string; size: string }[] };
  const demoMarket = JSON.parse(readFileSync(new URL('demo-market.json', demoDir), 'utf8')) as unknown;
  const demo = { id: 'demo-book', name: demoJson.name, balances: demoJson.balances, positions: demoJson.positions.map((q, i) => ({ id: `p${i + 1}`, ...q })) };
  for (let i = 0; i < 5; i++) runMargin({ methodId: DERIBIT_PM_ID, portfolio: demo, snapshot: demoMarket, account: true });
  const demoAccount = time(31, () => runMargin({ methodId: DERIBIT_PM_ID, portfolio: demo, snapshot: demoMarket, account: true }));
  const demoCross = time(31, () => runMargin({ methodId: DERIBIT_PM_CROSS_ID, portfolio: demo, snapshot: demoMarket, account: true }));
  const demoPlain = time(31, () => runMargin({ methodId: DERIBIT_PM_ID, portfolio: demo, snapshot: demoMarket, account: false }));
  for (let i = 0; i < 3; i++) runMargin({ methodId: DERIBIT_PM_ID, portfolio, snapshot: syn.market, account: true });
  const bigAccount = time(11, () => runMargin({ methodId: DERIBIT_PM_ID, portfolio, snapshot: syn.market, account: true }));
  const bigCross = time(5, () => runMargin({ methodId: DERIBIT_PM_CROSS_ID, portfolio, snapshot: syn.market, account: true }));
  const bigCrossPlain = time(5, () => runMargin({ methodId: DERIBIT_PM_CROSS_ID, portfolio, snapshot: syn.market, account: false }));
  console.log(`account view, demo book (${demo.positions.length} positions), deribit-pm run with account view: median ${fmt(demoAccount)} (target < 20 ms; without it ${fmt(demoPlain)})`);
  console.log(`account view, demo book, deribit-pm-cross run with account view:                median ${fmt(demoCross)}`);
  console.log(`account view, 20,000-position book, deribit-pm run with account view:           median ${fmt(bigAccount)} (target < 150 ms; without it ${fmt(endToEnd)})`);
  console.log(`account view, 20,000-position book, deribit-pm-cross run with account view:     median ${fmt(bigCross)} (without it ${fmt(bigCrossPlain)})`);

  // Part 2: 200,000 positions × ~200 scenarios over 20,000 instruments, single thread.
  const big = syntheticMarket(['BTC', 'ETH', 'SOL'], 6_667);
  const bigInput = parseMarginInput({ name: 'bench-200k', positions: syntheticPositions(big.options, 200_000, 11) });
  const bigParams = resolveDeribitPmParams({ general: { buckets_count: 32 } });
  const bigMarket = parseMarketSnapshot(big.market);
  let nScen = 0;
  const bigRun = time(3, () => {
    const p = buildPm(bigMarket, bigParams, bigInput, 'segregated');
    p.book.flush();
    nScen = p.arrays.nScen;
    p.compute({ marginal: true });
  });
  console.log(`200,000 positions × ${nScen} scenarios (${big.options.length} instruments), price + margins + marginal, single thread: median ${fmt(bigRun)}`);

  // The same with the pricing split over a warm pool of worker threads (one per core).
  const nWorkers = Math.max(2, availableParallelism());
  const pool = Array.from({ length: nWorkers }, () => new Worker(new URL('./margin-worker.ts', import.meta.url), { workerData: { market: big.market, params: { general: { buckets_count: 32 } } } }));
  const symbols = [...new Set(bigInput.positions.map((p) => p.inst.symbol))];
  const priceOnPool = async (syms: string[]) => {
    const chunk = Math.ceil(syms.length / nWorkers);
    return Promise.all(pool.map((w, i) => new Promise<{ syms: string[]; rows: Float64Array; bases: { inputs: InstrumentBase['inputs']; value: number; delta: number }[] }>((resolve, reject) => {
      const mine = syms.slice(i * chunk, (i + 1) * chunk);
      w.once('message', (m) => resolve({ syms: mine, ...m }));
      w.once('error', reject);
      w.postMessage({ symbols: mine });
    })));
  };
  await priceOnPool(symbols.slice(0, 50));
  const par: number[] = [];
  for (let rep = 0; rep < 3; rep++) {
    const t = performance.now();
    const parts = await priceOnPool(symbols);
    const p = new DeribitPm(bigMarket, bigParams);
    for (const part of parts) {
      part.syms.forEach((s, i) => p.adoptPriced({ inst: resolveMarginInstrument(s), ...part.bases[i] }, part.rows.subarray(i * nScen, (i + 1) * nScen)));
    }
    for (const x of bigInput.positions) p.setPosition(x.id, x.inst, x.sizeText ?? x.size, x.sizeText);
    p.compute({ marginal: true });
    par.push(performance.now() - t);
  }
  await Promise.all(pool.map((w) => w.terminate()));
  console.log(`200,000 positions × ${nScen} scenarios, pricing on ${nWorkers} worker threads (warm pool) + margins + marginal: median ${fmt(median(par))}`);
  console.log(`peak RSS after the 200,000 × ${nScen} benchmark: ${rssMb()} MB`);
  console.log(`machine: ${availableParallelism()} cores, load average while measuring: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
}
