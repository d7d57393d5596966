/**
 * Revision history of the open portfolio: list revisions, diff any two (added / removed / changed
 * rows with old and new values), restore an old revision as a new one, and list the journalled
 * edits that went into a revision (`session:edits`: time, operation, row, field, old → new).
 */
import type { AppApi } from '../../../../shared/ipc/api';
import type { PortfolioDiffDto, PortfolioRevisionInfoDto, SavedRunSummaryDto } from '../../../../shared/domain/dto/storage.dto';
import type { SessionEditDto } from '../../../../shared/domain/dto/session.dto';
import type { WorkspaceState } from '../workspace/workspace-state.svelte';

export class HistoryState {
  revisions = $state.raw<PortfolioRevisionInfoDto[]>([]);
  from = $state<number | null>(null);
  to = $state<number | null>(null);
  diff = $state.raw<PortfolioDiffDto | null>(null);
  error = $state<string | null>(null);
  runs = $state.raw<SavedRunSummaryDto[]>([]);
  /** Outcome of the last re-run per run id: true when it reproduced the saved result exactly. */
  rerun = $state.raw<Record<string, boolean>>({});
  /** Journalled edits per revision shown expanded (loaded when first expanded). */
  edits = $state.raw<Record<number, SessionEditDto[]>>({});
  #editsOf = '';

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
      // Another book: its expanded lists are not this one's. The same book keeps what is expanded (revisions never change).
      if (this.#editsOf !== p.id) { this.edits = {}; this.#editsOf = p.id; }
      this.runs = await this.#api.storage.runList({ portfolioId: p.id });
      const [latest, previous] = this.revisions;
      this.to = latest?.revision ?? null;
      this.from = previous?.revision ?? null;
      await this.compare();
    });
  }

  /** Show or hide the journalled edits that went into `revision`. */
  async toggleEdits(revision: number): Promise<void> {
    const p = this.#ws.portfolio;
    if (!p) return;
    if (this.edits[revision]) {
      const { [revision]: _gone, ...rest } = this.edits;
      this.edits = rest;
      return;
    }
    await this.#call(async () => {
      const list = await this.#api.session.edits({ portfolioId: p.id, revision });
      this.edits = { ...this.edits, [revision]: list };
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
      // Unsaved (journalled) edits become a revision first: a restore never drops them.
      await this.#ws.settled();
      if (this.#ws.dirty && !(await this.#ws.save(`before restoring revision ${revision}`))) return;
      await this.#api.storage.portfolioRestore({ id: p.id, revision, note: `restored revision ${revision}` });
      await this.#ws.selectPortfolio(p.id);
      await this.refresh();
    });
  }

  /** Save the current book's latest revision, the selected snapshot and parameters as a run of the detail method. */
  async saveRun(name: string): Promise<void> {
    const p = this.#ws.portfolio;
    if (!p || !this.#ws.marketId) return;
    const method = this.#ws.detailMethod;
    const paramsId = (this.#ws.parameterSets as Record<string, string> | undefined)?.[method];
    await this.#call(async () => {
      await this.#api.storage.runSave({ name, method, portfolioId: p.id, marketId: this.#ws.marketId, ...(paramsId ? { parameterSetId: paramsId } : {}) });
      this.runs = await this.#api.storage.runList({ portfolioId: p.id });
    });
  }

  /** Re-run a saved run on exactly the revisions it pinned. */
  async rerunRun(id: string): Promise<void> {
    await this.#call(async () => {
      const r = await this.#api.storage.runRerun({ id });
      this.rerun = { ...this.rerun, [id]: r.same };
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
