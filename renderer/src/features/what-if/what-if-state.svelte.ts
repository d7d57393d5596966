/**
 * Trade ticket and hedge search state: the incremental margin of a candidate trade under every
 * method before it is added, and the ranking of a list of candidate hedges. Never changes the book.
 */
import type { AppApi } from '../../../../shared/ipc/api';
import type { HedgeCandidateDto, TradeDto, WhatIfMethodDto } from '../../../../shared/domain/dto/margin-result.dto';
import { parsePastedPositions } from '../portfolio/paste-positions';
import type { WorkspaceState } from '../workspace/workspace-state.svelte';

export class WhatIfState {
  instrument = $state('BTC-PERPETUAL');
  size = $state('');
  candidatesText = $state('');
  result = $state.raw<WhatIfMethodDto[] | null>(null);
  hedges = $state.raw<HedgeCandidateDto[] | null>(null);
  error = $state<string | null>(null);
  busy = $state(false);

  #api: AppApi;
  #ws: WorkspaceState;

  constructor(api: AppApi, ws: WorkspaceState) {
    this.#api = api;
    this.#ws = ws;
  }

  /** The ticket as a trade, or the reason it is not one. */
  #ticket(): TradeDto | string {
    const parsed = parsePastedPositions(`${this.instrument}\t${this.size}`);
    return parsed.ok ? { instrument: parsed.rows[0].instrument, size: parsed.rows[0].size } : parsed.problems[0].replace(/^line 1: /, '');
  }

  /** Incremental IM/MM of the ticket under every method. */
  async check(): Promise<void> {
    const p = this.#ws.portfolio;
    const trade = this.#ticket();
    if (typeof trade === 'string') return void (this.error = trade);
    if (!p) return;
    await this.#call(async () => {
      this.result = await this.#api.margin.whatIf({ portfolio: p, marketId: this.#ws.marketId, methods: this.#ws.methodIds, trades: [trade], parameterSets: this.#ws.parameterSets });
    });
  }

  /** Add the ticket to the book (saved and re-run like any edit). */
  async addToBook(): Promise<void> {
    const trade = this.#ticket();
    if (typeof trade === 'string') return void (this.error = trade);
    await this.#ws.pasteRows(`${trade.instrument}\t${trade.size}`);
    this.result = null;
  }

  /** Rank the candidate list (one `instrument, size` per line) by IM change under the detail method. */
  async searchHedges(): Promise<void> {
    const p = this.#ws.portfolio;
    const parsed = parsePastedPositions(this.candidatesText);
    if (!parsed.ok) return void (this.error = parsed.problems.slice(0, 3).join('; '));
    if (!p) return;
    await this.#call(async () => {
      this.hedges = await this.#api.margin.hedge({
        portfolio: p,
        marketId: this.#ws.marketId,
        method: this.#ws.detailMethod,
        candidates: parsed.rows.map((r) => ({ instrument: r.instrument, size: r.size })),
        parameterSets: this.#ws.parameterSets,
      });
    });
  }

  async #call(fn: () => Promise<void>): Promise<void> {
    this.busy = true;
    this.error = null;
    try {
      await fn();
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
    } finally {
      this.busy = false;
    }
  }
}
