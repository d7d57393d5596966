/**
 * Trade ticket and hedge search state: the incremental margin of a candidate trade under every
 * method before it is added, and the ranking of a list of candidate hedges. Never changes the book.
 */
import type { AppApi } from '../../../../shared/ipc/api';
import type { HedgeCandidateDto, TradeDto, WhatIfMethodDto } from '../../../../shared/domain/dto/margin-result.dto';
import { sumDecimals } from '../../lib/format/decimal-format';
import { parsePastedPositions } from '../portfolio/paste-positions';
import type { WorkspaceState } from '../workspace/workspace-state.svelte';

/** One settlement currency of the account view before and after the ticket (detail method, trade at mark). */
export interface AccountChange {
  currency: string;
  equity: string;
  imBefore: string;
  imAfter: string;
  availableBefore: string;
  availableAfter: string;
}

const negate = (v: string) => (v.startsWith('-') ? v.slice(1) : `-${v}`);

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

  /** Up to 30 snapshot symbols starting with what is typed (case-insensitive), for completion. */
  get completions(): string[] {
    const q = this.instrument.trim().toUpperCase();
    const out: string[] = [];
    for (const s of this.#ws.symbols) {
      if (s.startsWith(q) && s !== q) out.push(s);
      if (out.length >= 30) break;
    }
    return out;
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
    const r = await this.#ws.addTrades([trade]);
    if (r.ok) this.result = null;
    else this.error = r.message;
  }

  /** Add the hedge ranked `rank` (0 = best) to the book with one click. */
  async addHedge(rank: number): Promise<void> {
    const h = this.hedges?.[rank];
    if (!h) return;
    const r = await this.#ws.addTrades([h.trade]);
    if (r.ok) this.hedges = this.hedges!.filter((_, i) => i !== rank);
    else this.error = r.message;
  }

  /**
   * The detail method's account view before and after the ticket, per settlement currency: the
   * trade is taken at its mark, so equity is unchanged and available funds (equity − IM) move by
   * the incremental IM. Exact decimal sums; empty until the account view and a check are there.
   */
  get accountChange(): AccountChange[] {
    const r = this.result?.find((m) => m.methodId === this.#ws.detailMethod);
    const account = this.#ws.detail?.account;
    if (!r || !account) return [];
    return account.currencies.flatMap((a) => {
      const before = r.before.byCurrency[a.currency], after = r.after.byCurrency[a.currency];
      if (!before && !after) return [];
      const imBefore = before?.initialMargin ?? '0', imAfter = after?.initialMargin ?? '0';
      return [{ currency: a.currency, equity: a.equity, imBefore, imAfter, availableBefore: sumDecimals([a.equity, negate(imBefore)]), availableAfter: sumDecimals([a.equity, negate(imAfter)]) }];
    });
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
