/**
 * The analysis channels (issue 13): one grid scenario's P&L per position, the margin heatmap, the
 * payoff curves, and the parameter sweep (issue 10 §3, engine/margin/sweep.ts). Runs in the service worker beside the margin engine; uses only the engine's
 * public entry points (`runMargin`, the risk-array kernel, the scenario templates) and stored
 * inputs (market snapshots, parameter sets). Never changes the book or the store.
 */
import type { AnalysisInvokeContract, MarginHeatmapCellDto, ScenarioPositionPnlDto } from '../../../shared/ipc/analysis-contract';
import type { ServiceStore } from '../ports';
import { NotFoundError } from '../service-errors';
import { toMarketView } from '../../engine/margin/registry';
import { runSweep } from '../../engine/margin/sweep';
import { MarginInputError } from '../../engine/margin/margin-input';
import { floatText } from '../../engine/margin/float-text';
import { isInputError } from '../service-errors';
import { marketMovedTo } from './market-shift';
import { methodGridOf } from './method-grids';
import { payoffCurves } from './payoff';
import { bookOver } from './book-over';
import { cellRunner } from './cell-runner';
import { HeldBooks, type SessionBookOf } from './held-books';
import { assertInstrumentsParse, assertPortfolioDecimals } from '../portfolio-checks';

type Handlers = { [C in keyof AnalysisInvokeContract]: (req: AnalysisInvokeContract[C]['req']) => AnalysisInvokeContract[C]['res'] };

/** The analysis handlers over the store (merged into the app service with one spread). */
export function createAnalysisService(store: Pick<ServiceStore, 'marketSnapshots' | 'parameterSets'>, sessionBook?: SessionBookOf): Handlers {
  const snapshotOf = (marketId: string): unknown => {
    const m = store.marketSnapshots.get(marketId);
    if (!m) throw new NotFoundError(`market snapshot ${marketId}`);
    return m.json;
  };
  const paramsOf = (sets: Record<string, string> | undefined, methodId: string): unknown => {
    const id = sets?.[methodId];
    if (id === undefined) return undefined;
    const doc = store.parameterSets.get(id);
    if (!doc) throw new NotFoundError(`parameter set ${id}`);
    return doc.json;
  };
  // The heatmap's and payoff's books, parsed once and held under a handle (held-books.ts).
  const books = new HeldBooks(isInputError, sessionBook);
  return {
    'analysis:scenario-pnl': ({ portfolio, book: handle, session, marketId, methodId, scenarioId, parameterSets }) => {
      const market = toMarketView(snapshotOf(marketId));
      const held = books.of({ portfolio, book: handle, session });
      if ('error' in held.input) throw held.input.error;
      const input = held.input;
      const grid = methodGridOf(methodId, paramsOf(parameterSets, methodId), [...new Set(input.positions.map((p) => p.inst.underlying))]);
      const scenario = grid.set.scenarios.find((s) => s.id === scenarioId);
      if (!scenario) throw new MarginInputError(`scenario "${scenarioId}" is not in ${methodId}'s grid`);
      const { book, arrays } = bookOver({ ...grid.set, scenarios: [scenario] }, market, input, grid);
      const data = arrays.rawData(), n = arrays.nScen;
      const positions: ScenarioPositionPnlDto[] = [];
      const byGroup = new Map<string, { underlying: string; currency: string; pnl: number }>();
      for (const p of book.allPositions()) {
        const pnl = p.sizeF * data[p.row * n];
        const currency = p.inst.groupCurrency ?? p.inst.settlementCurrency;
        positions.push({ positionId: p.id, instrument: p.inst.symbol, underlying: p.inst.underlying, group: p.groupKey, currency, pnl: floatText(pnl) });
      }
      for (const g of book.groups()) byGroup.set(g.key, { underlying: g.underlying, currency: g.settlementCurrency, pnl: g.vector[0] });
      positions.sort((a, b) => Number(a.pnl) - Number(b.pnl));
      return {
        methodId, scenarioId, label: scenario.label, positions, book: held.handle,
        groups: [...byGroup.entries()].map(([group, g]) => ({ group, underlying: g.underlying, currency: g.currency, pnl: floatText(g.pnl) })),
      };
    },
    'analysis:margin-heatmap': ({ portfolio, book, session, marketId, methods, moves, volShifts, underlying, parameterSets }) => {
      const t0 = performance.now();
      const json = snapshotOf(marketId);
      const params = Object.fromEntries(methods.map((m) => [m, paramsOf(parameterSets, m)]));
      // The renderer asks one vol shift (row) at a time for the same book: the parsed book and each
      // method's runner (its calculator, cell-runner.ts) are kept with the held book.
      const h = books.of({ portfolio, book, session });
      if (!h.checked.has('heatmap')) {
        // A book the engine cannot read is refused up front, naming the item, not answered cell by cell.
        assertPortfolioDecimals('analysis:margin-heatmap', h.portfolio);
        assertInstrumentsParse('analysis:margin-heatmap', h.portfolio);
        h.checked.add('heatmap');
      }
      const runners = methods.map((methodId) => {
        const k = `${methodId}\u0000${JSON.stringify(params[methodId]) ?? ''}`;
        let r = h.runners.get(k);
        if (!r) { r = cellRunner(methodId, h.input, params[methodId]); h.runners.set(k, r); }
        return r;
      });
      const cells: MarginHeatmapCellDto[] = [];
      for (const volShift of volShifts) {
        for (const move of moves) {
          let market: ReturnType<typeof toMarketView> | undefined;
          let marketError: string | undefined;
          try { market = toMarketView(marketMovedTo(json, { move, volShift, underlying })); } catch (e) {
            if (!isInputError(e)) throw e;
            marketError = (e as Error).message;
          }
          cells.push({
            move, volShift,
            methods: methods.map((methodId, k) => {
              if (!market) return { methodId, ok: false as const, error: marketError ?? 'market unusable' };
              try {
                const totals = runners[k](market);
                return { methodId, ok: true as const, initialMarginUsd: totals.initialMarginUsd, maintenanceMarginUsd: totals.maintenanceMarginUsd };
              } catch (e) {
                if (!isInputError(e)) throw e;
                return { methodId, ok: false as const, error: (e as Error).message };
              }
            }),
          });
        }
      }
      return { moves, volShifts, cells, elapsedMs: Math.round(performance.now() - t0), book: h.handle };
    },
    'analysis:payoff': (req) => {
      const t0 = performance.now();
      const market = toMarketView(snapshotOf(req.marketId));
      const h = books.of(req);
      if ('error' in h.input) throw h.input.error;
      const r = payoffCurves(market, h.input, req);
      return { ...r, elapsedMs: Math.round(performance.now() - t0), book: h.handle };
    },
    'analysis:sweep': ({ portfolio, marketId, methods, param, from, to, steps, parameterSets }) => {
      assertPortfolioDecimals('analysis:sweep', portfolio);
      assertInstrumentsParse('analysis:sweep', portfolio);
      const params = Object.fromEntries(methods.map((m) => [m, paramsOf(parameterSets, m)]));
      return runSweep({ methodIds: methods, portfolio, snapshot: snapshotOf(marketId), params, param, from, to, steps });
    },
  };
}
