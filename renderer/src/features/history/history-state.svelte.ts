/**
 * Revision history of the open portfolio: list revisions, diff any two (added / removed / changed
 * rows with old and new values), restore an old revision as a new one.
 */
import type { AppApi } from '../../../../shared/ipc/api';
import type { PortfolioDiffDto, PortfolioRevisionInfoDto } from '../../../../shared/domain/dto/storage.dto';
import type { WorkspaceState } from '../workspace/workspace-state.svelte';

export class HistoryState {
  revisions = $state.raw<PortfolioRevisionInfoDto[]>([]);
  from = $state<number | null>(null);
  to = $state<number | null>(null);
  diff = $state.raw<PortfolioDiffDto | null>(null);
  error = $state<string | null>(null);

  #api: AppApi;
  #ws: WorkspaceState;

  constructor(api: AppApi, ws: WorkspaceState) {
    this.#api = api;
    this.#ws = ws;
  }

  /** Reload the list (newest first) and diff the latest two revisions. */
  async refresh(): Promise<void> {
    const p = this.#ws.portfolio;
    if (!p) return;
    await this.#call(async () => {
      this.revisions = await this.#api.storage.portfolioHistory({ id: p.id });
      const [latest, previous] = this.revisions;
      this.to = latest?.revision ?? null;
      this.from = previous?.revision ?? null;
      await this.compare();
    });
  }

  /** Diff `from` → `to`. */
  async compare(): Promise<void> {
    const p = this.#ws.portfolio;
    if (!p || this.from === null || this.to === null) return void (this.diff = null);
    const [from, to] = [this.from, this.to];
    await this.#call(async () => {
      this.diff = await this.#api.storage.portfolioDiff({ id: p.id, from, to });
    });
  }

  /** Restore `revision` as a new revision, reopen the book and re-run margin. */
  async restore(revision: number): Promise<void> {
    const p = this.#ws.portfolio;
    if (!p) return;
    await this.#call(async () => {
      await this.#api.storage.portfolioRestore({ id: p.id, revision, note: `restored revision ${revision}` });
      await this.#ws.selectPortfolio(p.id);
      await this.refresh();
    });
  }

  async #call(fn: () => Promise<void>): Promise<void> {
    this.error = null;
    try {
      await fn();
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
    }
  }
}
