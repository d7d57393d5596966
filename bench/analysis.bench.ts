/**
 * The Risk view's analysis channels at the service (issue 13 "Performance": the margin heatmap
 * 9 × 5 under 1 s, the payoff chart at 4 dates × 400 points under 300 ms), on the 20,000-position
 * bench book (bench/ui-bench-book.ts: 2,000 options on BTC/ETH/SOL, seed 767, same balances),
 * in process through `createAnalysisService`. Figures printed, never asserted; each beside its
 * in-run baseline, the two run alternately so the ratio holds under the machine's load:
 *
 * - margin heatmap, the explained method (deribit-pm, then deribit-pm-cross), 9 moves × 5 vol
 *   shifts requested one vol shift at a time as the renderer does; baseline: the previous
 *   implementation, a fresh `runMargin` per cell on the shifted snapshot;
 * - payoff, BTC, 400 points, today and every expiry (7 dates on this book), today and the next 3
 *   (the payoff view's default, the issue's 4 dates) and today only (the renderer's first
 *   request); baseline: the whole book priced over every (price, date)
 *   (`payoffCurves(…, { split: false })`, the previous implementation).
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { runMargin, toMarketView } from '../electron/engine/margin/registry';
import { parseMarginInput } from '../electron/engine/margin/margin-input';
import { syntheticMarket, syntheticPositions } from '../electron/engine/margin/synthetic-book';
import { createAnalysisService } from '../electron/service/analysis/analysis-service';
import { marketMovedTo } from '../electron/service/analysis/market-shift';
import { payoffCurves } from '../electron/service/analysis/payoff';
import type { PortfolioDto } from '../shared/domain/dto/portfolio.dto';

const MOVES = [-0.2, -0.15, -0.1, -0.05, 0, 0.05, 0.1, 0.15, 0.2];
const VOL_SHIFTS = [0.2, 0.1, 0, -0.1, -0.2];
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)] ?? NaN; };
const time = (f: () => unknown) => { const t0 = performance.now(); f(); return performance.now() - t0; };
const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');

export async function runAnalysisBench(): Promise<void> {
  const syn = syntheticMarket(['BTC', 'ETH', 'SOL'], 767);
  const balances = [{ currency: 'BTC', amount: '250' }, { currency: 'ETH', amount: '3000' }, { currency: 'USDC', amount: '5000000' }];
  const portfolio = { id: 'bench-20k', name: 'bench 20k', balances, positions: syntheticPositions(syn.options.slice(0, 2000), 20_000) } as unknown as PortfolioDto;
  const store = {
    marketSnapshots: { list: () => [], get: (id: string) => ({ id, name: 'bench', revision: 1, json: syn.market as unknown }), save: () => ({ id: 'x', revision: 1 }) },
    parameterSets: { get: () => undefined },
  };
  const s = createAnalysisService(store);
  console.log(`20,000 positions, 2,000 instruments on BTC/ETH/SOL; load average ${load()}`);

  for (const methodId of ['deribit-pm', 'deribit-pm-cross']) {
    const heatmap = () => VOL_SHIFTS.map((volShift) => s['analysis:margin-heatmap']({ portfolio, marketId: 'm', methods: [methodId], moves: MOVES, volShifts: [volShift] }));
    const baseline = () => VOL_SHIFTS.flatMap((volShift) => MOVES.map((move) => runMargin({ methodId, portfolio, snapshot: toMarketView(marketMovedTo(syn.market, { move, volShift })), account: false, marginal: false }).totals));
    // Warm-up, and the two answer the same figures.
    const got = heatmap().flatMap((r) => r.cells.map((c) => c.methods[0]));
    const want = baseline();
    const same = got.every((m, i) => m.ok && m.initialMarginUsd === want[i].initialMarginUsd && m.maintenanceMarginUsd === want[i].maintenanceMarginUsd);
    const fast: number[] = [], old: number[] = [];
    for (let i = 0; i < 3; i++) { old.push(time(baseline)); fast.push(time(heatmap)); }
    const f = median(fast), o = median(old);
    console.log(`margin heatmap 9 × 5, ${methodId.padEnd(16)} previous (runMargin per cell) ${o.toFixed(0)} ms   now ${f.toFixed(0)} ms (${(f / 5).toFixed(0)} ms a row)   ×${(o / f).toFixed(1)}   same figures: ${same}   target < 1000 ms`);
  }

  const market = toMarketView(syn.market);
  const input = parseMarginInput(portfolio);
  const dates = [['today + every expiry', {}], ['today + next 3 expiries, the view\'s default', { nextExpiries: 3 }], ['today only', { expiries: false }]] as const;
  for (const [label, which] of dates) {
    const req = { portfolio, marketId: 'm', underlying: 'BTC', lowerMove: -0.5, upperMove: 0.5, points: 400, ...which };
    const a = payoffCurves(market, input, req), b = payoffCurves(market, input, req, { split: false });
    const same = a.curves.every((c, k) => c.pnlUsd.every((x, i) => Object.is(x, b.curves[k].pnlUsd[i])));
    const fast: number[] = [], old: number[] = [];
    for (let i = 0; i < 5; i++) {
      old.push(time(() => payoffCurves(market, input, req, { split: false })));
      fast.push(time(() => s['analysis:payoff'](req)));
    }
    const f = median(fast), o = median(old);
    console.log(`payoff BTC × 400 points, ${`${label} (${a.curves.length} dates)`.padEnd(52)} previous (whole book per (price, date)) ${o.toFixed(0)} ms   now ${f.toFixed(0)} ms   ×${(o / f).toFixed(1)}   same figures: ${same}   target < 300 ms (4 dates)`);
  }
  console.log(`load average after ${load()}`);
}

if (import.meta.url === `file://${process.argv[1]}`) await runAnalysisBench();
