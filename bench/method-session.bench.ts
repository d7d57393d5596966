/**
 * Incremental sessions for every method (issue 10 §1 and Performance): on the 20,000-position
 * synthetic book (bench/margin.bench.ts's: 2,000 option instruments on BTC, ETH, SOL), prints
 * - a fresh run of every registered method (figures: `account: false, marginal: false`, as the
 *   slow lane asks), the in-run baseline, per method and together;
 * - a size edit re-running every method through the service's margin engine (sessions: the
 *   Deribit-style cache, margin-session.ts, and the generic one, method-session.ts; methods
 *   without a session run fresh), per method and together, with which ones were served incrementally;
 * - the same size edits asked as summaries (`summary: true`: the figures the comparison and the
 *   working session's non-detailed methods keep, built without the O(book) explanation where a
 *   session can), per method and together;
 * - the same size edits with per-position figures (`runColumns`, marginal margin on: what the
 *   working session asks of its detail method and the methods shown per row), per method;
 * - the load average while measuring.
 */
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { PortfolioDto } from '../shared/domain/dto/portfolio.dto';
import { MARGIN_METHODS, runMargin } from '../electron/engine/margin/registry';
import { syntheticMarket, syntheticPositions } from '../electron/engine/margin/synthetic-book';
import { createMarginEngine } from '../electron/service/margin-engine';
import { isSessionMethod } from '../electron/service/margin-session';
import { hasMethodSession } from '../electron/service/method-session';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
const fmt = (ms: number) => `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;
const load = () => { try { return execFileSync('uptime', { encoding: 'utf8' }).trim(); } catch { return `load average: ${loadavg().map((x) => x.toFixed(2)).join(', ')}`; } };

/** Run and print the method-session benchmark. */
export async function runMethodSessionBench(): Promise<void> {
  const syn = syntheticMarket(['BTC', 'ETH', 'SOL'], 767);
  let book: PortfolioDto = { id: 'bench-20k', name: 'bench-20k', balances: [], positions: syntheticPositions(syn.options.slice(0, 2000), 20_000).map((p, i) => ({ ...p, id: p.id ?? `p${i + 1}` })) };
  const ids = Object.keys(MARGIN_METHODS);
  const opts = { account: false, marginal: false };
  console.log(`book: ${book.positions.length} positions, methods: ${ids.join(', ')}`);
  console.log(`before: ${load()}`);

  // Baseline: a fresh run of every method (parse + build + aggregation + explanation).
  for (let i = 0; i < 2; i++) for (const id of ids) runMargin({ methodId: id, portfolio: book, snapshot: syn.market, ...opts });
  const freshPer = new Map<string, number[]>(ids.map((id) => [id, []]));
  const freshAll: number[] = [];
  for (let rep = 0; rep < 5; rep++) {
    const t0 = performance.now();
    for (const id of ids) { const t = performance.now(); runMargin({ methodId: id, portfolio: book, snapshot: syn.market, ...opts }); freshPer.get(id)!.push(performance.now() - t); }
    freshAll.push(performance.now() - t0);
  }

  // Size edits through the service's engine (sessions), the first run builds them.
  const engine = createMarginEngine();
  const key = { snapshotKey: 'syn@1', paramsKey: 'default' };
  for (const id of ids) engine.run(id, book, syn.market, { ...opts, ...key });
  const editPer = new Map<string, number[]>(ids.map((id) => [id, []]));
  const editAll: number[] = [];
  for (let rep = 0; rep < 41; rep++) {
    const at = (rep * 487) % book.positions.length;
    book = { ...book, positions: book.positions.map((p, i) => (i === at ? { ...p, size: `${(rep % 7) + 1}.5` } : p)) };
    const t0 = performance.now();
    for (const id of ids) { const t = performance.now(); engine.run(id, book, syn.market, { ...opts, ...key }); editPer.get(id)!.push(performance.now() - t); }
    editAll.push(performance.now() - t0);
  }
  // The same edits asked as summaries (figures only: IM/MM per currency and USD, add-ons, binding
  // scenario — what the comparison, the sweep and the working session's other methods keep),
  // through another engine whose sessions are built first; the in-run baseline is the fresh runs above.
  const summaryEngine = createMarginEngine();
  const sOpts = { ...opts, ...key, summary: true };
  for (const id of ids) summaryEngine.run(id, book, syn.market, sOpts);
  const sumPer = new Map<string, number[]>(ids.map((id) => [id, []]));
  const sumAll: number[] = [];
  for (let rep = 0; rep < 41; rep++) {
    const at = (rep * 487 + 211) % book.positions.length;
    book = { ...book, positions: book.positions.map((p, i) => (i === at ? { ...p, size: `${(rep % 5) + 1}.25` } : p)) };
    const t0 = performance.now();
    for (const id of ids) { const t = performance.now(); summaryEngine.run(id, book, syn.market, sOpts); sumPer.get(id)!.push(performance.now() - t); }
    sumAll.push(performance.now() - t0);
  }
  // The same edits with per-position figures, as the working session asks its detail method and
  // the methods shown per row (`runColumns`, marginal margin on): per method.
  const colEngine = createMarginEngine();
  const cOpts = { account: false, marginal: true, ...key };
  for (const id of ids) colEngine.runColumns(id, book, syn.market, cOpts);
  const colPer = new Map<string, number[]>(ids.map((id) => [id, []]));
  for (let rep = 0; rep < 21; rep++) {
    const at = (rep * 613 + 97) % book.positions.length;
    book = { ...book, positions: book.positions.map((p, i) => (i === at ? { ...p, size: `${(rep % 3) + 1}.75` } : p)) };
    for (const id of ids) { const t = performance.now(); colEngine.runColumns(id, book, syn.market, cOpts); colPer.get(id)!.push(performance.now() - t); }
  }
  const how = (id: string) => (isSessionMethod(id) ? 'deribit session' : hasMethodSession(id) ? 'method session' : 'fresh');
  for (const id of ids) console.log(`  ${id.padEnd(18)} fresh run median ${fmt(median(freshPer.get(id)!)).padStart(10)}   size edit median ${fmt(median(editPer.get(id)!)).padStart(10)}   summary only ${fmt(median(sumPer.get(id)!)).padStart(10)}   per-row ${fmt(median(colPer.get(id)!)).padStart(10)}  (${how(id)})`);
  console.log(`all ${ids.length} methods, fresh run of each (in-run baseline):  median ${fmt(median(freshAll))} (target < 150 ms)`);
  console.log(`size edit re-running all methods (sessions):   median ${fmt(median(editAll))} (target < 5 ms), ${(median(freshAll) / median(editAll)).toFixed(1)}× faster than the fresh baseline`);
  console.log(`size edit, all methods, summary only: ${fmt(median(sumAll))} (target < 5 ms), ${(median(freshAll) / median(sumAll)).toFixed(1)}× faster than the fresh baseline (figures only: no explanation, no per-position figures, no account view)`);
  console.log(`generic sessions: ${JSON.stringify(engine.methodSessions?.stats)}, deribit sessions: ${JSON.stringify(engine.sessions?.stats)}`);
  console.log(`after: ${load()}`);
}
