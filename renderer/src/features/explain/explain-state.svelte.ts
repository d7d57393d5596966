/**
 * Explain panel state: the clicked cell of a method's scenario grid (its P&L per position and per
 * group, from `analysis:scenario-pnl`), the margin heatmap (every method re-run with spot and vol
 * shifted, `analysis:margin-heatmap`) and the top contributions of the open book.
 *
 * The contributions read every row's figures, so they are computed only while the panel is
 * mounted (it calls `scheduleContributions` from an effect) and never on the edit path: the first
 * time right away, then once the edits have been quiet for `CONTRIBUTIONS_DEBOUNCE_MS`, by a
 * partial selection of the top N (top-contributions.ts), not a sort of the whole book.
 */
import type { AppApi } from '../../../../shared/ipc/api';
import type { MarginHeatmapDto, ScenarioPnlDto } from '../../../../shared/ipc/analysis-contract';
import { BookRequests } from '../../lib/state/book-requests.svelte';
import { BookHandle } from '../analysis/book-handle';
import type { WorkspaceState } from '../workspace/workspace-state.svelte';
import { topByMagnitude } from './top-contributions';

/** Spot moves (columns) and vol shifts (rows) of the margin heatmap: 9 × 5 re-runs. */
export const HEATMAP_MOVES = [-0.2, -0.15, -0.1, -0.05, 0, 0.05, 0.1, 0.15, 0.2];
export const HEATMAP_VOL_SHIFTS = [0.2, 0.1, 0, -0.1, -0.2];
/** Positions shown in the contribution bars and the clicked scenario's list. */
export const TOP_N = 10;
/** Quiet time after the last edit before the contributions are recomputed (ms). */
export const CONTRIBUTIONS_DEBOUNCE_MS = 150;

/** One position's P&L in its group's binding scenario (settlement currency). */
export interface TopContribution {
  positionId: string;
  instrument: string;
  group: string;
  pnlInBinding: string;
}

export class ExplainState {
  cell = $state.raw<ScenarioPnlDto | null>(null);
  heatmap = $state.raw<MarginHeatmapDto | null>(null);
  /** The TOP_N positions by |P&L in binding| in USD under the detail method, largest first. */
  top = $state.raw<TopContribution[]>([]);
  /** Wall time of the last contributions pass (ms), for the bench. */
  topMs = $state(0);
  readonly req: BookRequests<'cell' | 'heatmap'>;
  #ws: WorkspaceState;
  /** `figuresTick` of the book the clicked cell and the heatmap were priced on. */
  #cellTick = $state(-1);
  #heatTick = $state(-1);
  #computed = false;
  /** The book's handle in the service (shared with the payoff chart): only the first row sends the rows. */
  readonly #books: BookHandle;

  constructor(api: AppApi, ws: WorkspaceState, books = new BookHandle(ws)) {
    this.req = new BookRequests(api, ws);
    this.#ws = ws;
    this.#books = books;
  }

  get busy(): 'cell' | 'heatmap' | null { return this.req.busy; }
  get error(): string | null { return this.req.error; }
  /** The book changed since the clicked cell was priced. */
  get cellStale(): boolean { return this.cell !== null && this.#cellTick !== this.#ws.figuresTick; }
  /** The book changed since the margin heatmap ran. */
  get heatmapStale(): boolean { return this.heatmap !== null && this.#heatTick !== this.#ws.figuresTick; }

  /** Price one scenario of the detail method's grid per position. */
  openCell(scenarioId: string): Promise<void> {
    const ws = this.#ws;
    return this.req.run('cell', async (portfolio) => {
      const tick = ws.figuresTick;
      this.cell = await this.#books.call(portfolio, (ref) => this.req.api.analysis.scenarioPnl({ ...ref, marketId: ws.marketId, methodId: ws.detailMethod, scenarioId, parameterSets: ws.parameterSets }));
      this.#cellTick = tick;
    });
  }

  /** Re-run every listed method at each cell, not only the explained one (6× the work). */
  heatmapAllMethods = $state(false);
  /** Rows of the margin heatmap answered so far (it fills in one vol shift at a time). */
  heatmapRows = $state(0);

  /**
   * The margin heatmap: the explained method (or every method) re-run at each cell, requested
   * one row (vol shift) at a time so the first row is on screen after a ninth of the work.
   */
  runHeatmap(): Promise<void> {
    const ws = this.#ws;
    return this.req.run('heatmap', async (portfolio) => {
      const tick = ws.figuresTick;
      const methods = this.heatmapAllMethods ? ws.methodIds : [ws.detailMethod];
      const base = { marketId: ws.marketId, methods, moves: HEATMAP_MOVES, parameterSets: ws.parameterSets };
      const empty: MarginHeatmapDto = { moves: HEATMAP_MOVES, volShifts: HEATMAP_VOL_SHIFTS, cells: [], elapsedMs: 0, book: '' };
      this.heatmap = empty;
      this.heatmapRows = 0;
      this.#heatTick = tick;
      for (const volShift of HEATMAP_VOL_SHIFTS) {
        const row = await this.#books.call(portfolio, (ref) => this.req.api.analysis.marginHeatmap({ ...ref, ...base, volShifts: [volShift] }));
        const sofar: MarginHeatmapDto = this.heatmap ?? empty;
        this.heatmap = { ...sofar, cells: [...sofar.cells, ...row.cells], elapsedMs: sofar.elapsedMs + row.elapsedMs };
        this.heatmapRows++;
      }
    });
  }

  /**
   * Recompute the contributions soon: at once the first time, else after the edits have been
   * quiet for CONTRIBUTIONS_DEBOUNCE_MS. Returns the cancel (an effect's cleanup, so each new
   * edit restarts the wait and unmounting stops it).
   */
  scheduleContributions(): () => void {
    const t = setTimeout(() => this.computeContributions(), this.#computed ? CONTRIBUTIONS_DEBOUNCE_MS : 0);
    return () => clearTimeout(t);
  }

  /** The top TOP_N rows by |P&L in binding| in USD: one pass over the rows, no sort of the book. */
  computeContributions(): void {
    const t0 = performance.now();
    const figures = this.#ws.figures;
    const rows = this.#ws.portfolio?.positions ?? [];
    // Ranked in USD (each group's settlement currency at its index) so BTC, ETH and USDC rows compare.
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local index, not state
    const usdRate = new Map(Object.values(this.#ws.detail?.byCurrency ?? {}).flatMap((c) => c.groups.map((g) => [g.key, c.usdRate] as const)));
    const top = topByMagnitude(rows, TOP_N, (p) => {
      const f = figures.get(p.id);
      return f?.group !== undefined && f.pnlInBinding !== undefined ? Math.abs(Number(f.pnlInBinding) * (usdRate.get(f.group) ?? NaN)) : NaN;
    });
    this.top = top.map((p) => {
      const f = figures.get(p.id)!;
      return { positionId: p.id, instrument: p.instrument, group: f.group!, pnlInBinding: f.pnlInBinding! };
    });
    this.#computed = true;
    this.topMs = performance.now() - t0;
  }
}
