/**
 * The request side of a view over the open book: which request is in flight (`busy`), the last
 * error, and `run(kind, fn)` that hands `fn` the open book (nothing runs without one). Analysis
 * views (explain, payoff, compare) compose one instead of each repeating the busy/error dance.
 */
import type { AppApi } from '../../../../shared/ipc/api';
import type { PortfolioDto } from '../../../../shared/domain/dto/portfolio.dto';
import type { WorkspaceState } from '../../features/workspace/workspace-state.svelte';

export class BookRequests<K extends string> {
  /** The request in flight, if any. */
  busy = $state<K | null>(null);
  /** The last request's failure, cleared when the next one starts. */
  error = $state<string | null>(null);
  readonly api: AppApi;
  readonly ws: WorkspaceState;

  constructor(api: AppApi, ws: WorkspaceState) {
    this.api = api;
    this.ws = ws;
  }

  /** Run `fn` on the open book, recording `kind` as busy and any failure as `error`. */
  async run(kind: K, fn: (book: PortfolioDto) => Promise<void>): Promise<void> {
    const book = this.ws.portfolio;
    if (!book) return;
    this.busy = kind;
    this.error = null;
    try {
      await fn(book);
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
    } finally {
      if (this.busy === kind) this.busy = null;
    }
  }
}
